import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A person who holds appointments. May also be a staff user (staff_users.volunteer_id). */
export const volunteers = sqliteTable('volunteers', {
  id: text('id').primaryKey(),
  displayName: text('display_name').notNull(),
  phone: text('phone'),
  email: text('email'),
  videoLink: text('video_link'),
  /** SHA-256 (hex) of the iCal feed token; the token itself is never stored. */
  icalTokenHash: text('ical_token_hash').unique(),
  /**
   * The feed key: a random negative number the token is derived from (domain/ical-token.ts). Null or a
   * positive issue instant (written by older versions) is replaced when the volunteer is next listed.
   */
  icalTokenRotatedAt: integer('ical_token_rotated_at'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
});

/** Weekly recurring availability of a volunteer, in the desk's wall-clock time. */
export const shifts = sqliteTable(
  'shifts',
  {
    id: text('id').primaryKey(),
    volunteerId: text('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    /** ISO weekday: 1 = Monday … 7 = Sunday. */
    weekday: integer('weekday').notNull(),
    /** Minutes after local midnight. */
    startMinute: integer('start_minute').notNull(),
    endMinute: integer('end_minute').notNull(),
    allowsInPerson: integer('allows_in_person', { mode: 'boolean' }).notNull().default(true),
    allowsRemote: integer('allows_remote', { mode: 'boolean' }).notNull().default(true),
    /** Inclusive local dates (YYYY-MM-DD); null means open-ended. */
    validFrom: text('valid_from'),
    validTo: text('valid_to'),
  },
  (t) => [
    index('shifts_volunteer').on(t.volunteerId),
    check('shifts_weekday', sql`${t.weekday} between 1 and 7`),
    check('shifts_range', sql`${t.startMinute} >= 0 and ${t.endMinute} <= 1440 and ${t.startMinute} < ${t.endMinute}`),
    check('shifts_some_mode', sql`${t.allowsInPerson} = 1 or ${t.allowsRemote} = 1`),
  ],
);

/**
 * Closed days. volunteer_id null: the whole desk is closed (on top of the built-in national holidays);
 * otherwise that volunteer is absent.
 */
export const closures = sqliteTable(
  'closures',
  {
    id: text('id').primaryKey(),
    volunteerId: text('volunteer_id').references(() => volunteers.id),
    /** Inclusive local dates (YYYY-MM-DD). */
    dateFrom: text('date_from').notNull(),
    dateTo: text('date_to').notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('closures_range').on(t.dateTo, t.dateFrom),
    check('closures_range_order', sql`${t.dateFrom} <= ${t.dateTo}`),
  ],
);
