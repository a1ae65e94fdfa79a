/**
 * The desk read model. A deployment may run before its desk exists (README: it is created the first time
 * someone saves the settings), so every read says so explicitly: `{ configured: false }` is an outcome,
 * not an exception. Public routes answer it with 503 desk_not_configured.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { DEFAULT_DESK_TIME_ZONE, deskSettings, services } from '../schema';

export type DeskRow = typeof deskSettings.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;

/** The desk, or the news that it was never set up. */
export type DeskRead = { configured: true; desk: DeskRow } | { configured: false };

/** The zone a desk is created with: what staff lists use to show times before the desk exists. */
export { DEFAULT_DESK_TIME_ZONE };

/** Reads the desk (one query). */
export async function readDesk(db: Db): Promise<DeskRead> {
  return deskRead((await deskQuery(db))[0]);
}

/** Desk and active services in one round trip (the widget's first call). */
export async function readDeskWithServices(
  db: Db,
): Promise<{ configured: true; desk: DeskRow; services: ServiceRow[] } | { configured: false }> {
  const [deskRows, serviceRows] = await db.batch([deskQuery(db), activeServicesQuery(db)]);
  const read = deskRead(deskRows[0]);
  return read.configured ? { ...read, services: serviceRows } : read;
}

/** The countries whose numbers the desk texts, as stored (comma-separated); undefined before the desk exists. */
export async function readSmsCountries(db: Db): Promise<string | undefined> {
  const rows = await db
    .select({ smsCountries: deskSettings.smsCountries })
    .from(deskSettings)
    .where(eq(deskSettings.id, 1))
    .limit(1);
  return rows[0]?.smsCountries;
}

/** The unexecuted desk read, for callers that batch it with other statements (then use deskRead). */
export function deskQuery(db: Db) {
  return db.select().from(deskSettings).where(eq(deskSettings.id, 1)).limit(1);
}

/** The outcome of a batched desk read. */
export function deskRead(row: DeskRow | undefined): DeskRead {
  return row ? { configured: true, desk: row } : { configured: false };
}

/** The desk's zone, or the zone it will be created with. */
export function deskTimeZoneOf(read: DeskRead): string {
  return read.configured ? read.desk.timeZone : DEFAULT_DESK_TIME_ZONE;
}

function activeServicesQuery(db: Db) {
  return db.select().from(services).where(eq(services.active, true)).orderBy(asc(services.sortOrder), asc(services.id));
}

// ---------------------------------------------------------------- until the public routes read the outcome
