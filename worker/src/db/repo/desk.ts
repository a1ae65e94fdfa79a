import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { deskSettings, services } from '../schema';

export type DeskRow = typeof deskSettings.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;

/** Thrown when the single desk_settings row is missing: a deployment that was never set up (seed or admin). */
export class DeskNotConfiguredError extends Error {
  constructor() {
    super('desk_settings row 1 is missing: seed the database or create the desk in the admin portal');
    this.name = 'DeskNotConfiguredError';
  }
}

/** The desk's settings row; throws DeskNotConfiguredError when the desk was never set up. */
export async function getDesk(db: Db): Promise<DeskRow> {
  const rows = await deskQuery(db);
  return requireDesk(rows[0]);
}

/** Active services in display order. */
export async function listActiveServices(db: Db): Promise<ServiceRow[]> {
  return activeServicesQuery(db);
}

/** Desk and active services in one round trip (the widget's first call). */
export async function getDeskWithServices(db: Db): Promise<{ desk: DeskRow; services: ServiceRow[] }> {
  const [deskRows, serviceRows] = await db.batch([deskQuery(db), activeServicesQuery(db)]);
  return { desk: requireDesk(deskRows[0]), services: serviceRows };
}

/** The unexecuted desk read, for callers that batch it with other statements. */
export function deskQuery(db: Db) {
  return db.select().from(deskSettings).where(eq(deskSettings.id, 1)).limit(1);
}

function activeServicesQuery(db: Db) {
  return db.select().from(services).where(eq(services.active, true)).orderBy(asc(services.sortOrder), asc(services.id));
}

/** Narrows a batched desk read to the row, or throws DeskNotConfiguredError. */
export function requireDesk(row: DeskRow | undefined): DeskRow {
  if (!row) throw new DeskNotConfiguredError();
  return row;
}
