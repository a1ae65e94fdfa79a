import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/**
 * One row: a counter that every write changing what availability could answer raises (bookings, shifts,
 * closures, volunteers, services, desk settings). Triggers raise it (drizzle/0013_availability_version.sql),
 * so no code path can forget to; the public availability's ETag and cache key carry it.
 */
export const availabilityVersion = sqliteTable(
  'availability_version',
  {
    id: integer('id').primaryKey(),
    version: integer('version').notNull().default(0),
  },
  (t) => [check('availability_version_single_row', sql`${t.id} = 1`)],
);
