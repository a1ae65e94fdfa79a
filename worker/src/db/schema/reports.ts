import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The funders' report's monthly counts, kept by triggers on bookings (drizzle/0017_report_counts.sql): one
 * row per month of the appointment, dimension, key and outcome. No personal data, so erasure leaves it be.
 * The app only reads it; every write comes from the triggers, whatever path changed the booking.
 */
export const reportCounts = sqliteTable(
  'report_counts',
  {
    /** 'YYYY-MM' of the appointment's local date. */
    month: text('month').notNull(),
    /** 'all', 'service', 'mode', 'channel', 'language', 'person' or 'follow_up'. */
    dimension: text('dimension').notNull(),
    /** The value within the dimension ('' for 'all'; a service id; 'new', 'returning', 'unknown'; 'yes', 'no'). */
    key: text('key').notNull(),
    /** The booking's status, with late cancellations apart as 'late_cancelled'. */
    outcome: text('outcome').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.dimension, t.key, t.outcome] })],
);
