/** Closures (desk-wide and absences), services and desk settings, for the staff management API. */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { bookings, closures, deskSettings, services } from '../schema';
import { ACTIVE_STATUSES, LANGUAGES } from '../../domain/vocabulary';
import type { DeskRow, ServiceRow } from './desk';

export type ClosureRow = typeof closures.$inferSelect;

// ---------------------------------------------------------------- closures

/** A volunteer's absences (volunteerId) or the desk-wide closures (null) overlapping [from, to], by date. */
export async function listClosures(
  db: Db,
  volunteerId: string | null,
  range?: { from: string; to: string },
): Promise<ClosureRow[]> {
  return db
    .select()
    .from(closures)
    .where(
      and(
        volunteerId === null ? isNull(closures.volunteerId) : eq(closures.volunteerId, volunteerId),
        range ? sql`${closures.dateFrom} <= ${range.to} and ${closures.dateTo} >= ${range.from}` : undefined,
      ),
    )
    .orderBy(asc(closures.dateFrom), asc(closures.id));
}

/**
 * Inserts a closure and counts, in the same batch, the active bookings it falls on (of that volunteer,
 * or of anyone for a desk closure): they are not touched, reception moves them.
 */
export async function insertClosure(db: Db, row: ClosureRow): Promise<{ affectedBookings: number }> {
  const [, counted] = await db.batch([
    db.insert(closures).values(row),
    db
      .select({ n: sql<number>`count(*)` })
      .from(bookings)
      .where(
        and(
          row.volunteerId === null ? undefined : eq(bookings.volunteerId, row.volunteerId),
          inArray(bookings.status, [...ACTIVE_STATUSES]),
          sql`${bookings.localDate} between ${row.dateFrom} and ${row.dateTo}`,
        ),
      ),
  ]);
  return { affectedBookings: Number(counted[0]?.n ?? 0) };
}

/**
 * What closing the desk on [from, to] with its bookings cancelled needs, in one round trip: the active
 * bookings of those days, the desk, and a desk-wide closure of exactly those days if one exists already
 * (repeating the request reuses it).
 */
export async function loadForClosing(db: Db, range: { from: string; to: string }) {
  const [active, desk, same] = await db.batch([
    db
      .select()
      .from(bookings)
      .where(
        and(
          inArray(bookings.status, [...ACTIVE_STATUSES]),
          sql`${bookings.localDate} between ${range.from} and ${range.to}`,
        ),
      )
      .orderBy(asc(bookings.startAt), asc(bookings.id)),
    db.select().from(deskSettings).where(eq(deskSettings.id, 1)).limit(1),
    db
      .select()
      .from(closures)
      .where(and(isNull(closures.volunteerId), eq(closures.dateFrom, range.from), eq(closures.dateTo, range.to)))
      .limit(1),
  ]);
  return { active, desk: desk[0], existing: same[0] };
}

/** Inserts a desk-wide closure unless one of exactly those days exists (two requests racing write one). */
export function insertDeskClosureOnce(db: Db, row: ClosureRow) {
  return db.run(sql`
    INSERT INTO ${closures} (id, volunteer_id, date_from, date_to, reason, created_at)
    SELECT ${row.id}, NULL, ${row.dateFrom}, ${row.dateTo}, ${row.reason}, ${row.createdAt}
    WHERE NOT EXISTS (SELECT 1 FROM ${closures} WHERE volunteer_id IS NULL
      AND date_from = ${row.dateFrom} AND date_to = ${row.dateTo})`);
}

/** Deletes a closure of that volunteer (or a desk-wide one for null); false when there is none such. */
export async function deleteClosure(db: Db, volunteerId: string | null, id: string): Promise<boolean> {
  const rows = await db
    .delete(closures)
    .where(
      and(
        eq(closures.id, id),
        volunteerId === null ? isNull(closures.volunteerId) : eq(closures.volunteerId, volunteerId),
      ),
    )
    .returning({ id: closures.id });
  return rows.length > 0;
}

// ---------------------------------------------------------------- services

/** Every service, active or not, in display order. */
export async function listAllServices(db: Db): Promise<ServiceRow[]> {
  return db.select().from(services).orderBy(asc(services.sortOrder), asc(services.id));
}

export async function getService(db: Db, id: string): Promise<ServiceRow | undefined> {
  const [row] = await db.select().from(services).where(eq(services.id, id)).limit(1);
  return row;
}

export async function insertService(db: Db, row: ServiceRow): Promise<void> {
  await db.insert(services).values(row);
}

export type ServiceChanges = Omit<ServiceRow, 'id' | 'createdAt'>;

/** Saves an edit; false when the service is gone. Existing bookings keep their service and duration. */
export async function updateService(db: Db, id: string, changes: ServiceChanges): Promise<boolean> {
  const rows = await db.update(services).set(changes).where(eq(services.id, id)).returning({ id: services.id });
  return rows.length > 0;
}

// ---------------------------------------------------------------- desk settings

export type DeskChanges = Partial<Omit<DeskRow, 'id' | 'icalDeskTokenRotatedAt' | 'icalDeskTokenHash'>>;

/** Saves an edit of the desk settings and returns the new row. */
export async function updateDesk(db: Db, changes: DeskChanges & { updatedAt: number }): Promise<DeskRow | undefined> {
  const [row] = await db.update(deskSettings).set(changes).where(eq(deskSettings.id, 1)).returning();
  return row;
}

/**
 * Creates the desk on a deployment that has none; the columns not given take their defaults, except the
 * languages: a new desk offers every language the widget speaks (the column's default is the first round's).
 */
export async function createDesk(
  db: Db,
  values: DeskChanges & { name: string; address: string; updatedAt: number },
): Promise<DeskRow | undefined> {
  const [row] = await db
    .insert(deskSettings)
    .values({ languages: LANGUAGES.join(','), ...values, id: 1 })
    .onConflictDoNothing()
    .returning();
  return row;
}

/**
 * Stores the desk feed's key and token hash, provided the stored key is still `expected` (null before the
 * first issue): a concurrent rotation wins. Returns whether it was written.
 */
export async function setDeskIcal(
  db: Db,
  expected: number | null,
  next: { key: number; hash: string },
): Promise<boolean> {
  const rows = await db
    .update(deskSettings)
    .set({ icalDeskTokenRotatedAt: next.key, icalDeskTokenHash: next.hash })
    .where(and(eq(deskSettings.id, 1), sql`${deskSettings.icalDeskTokenRotatedAt} is ${expected}`))
    .returning({ id: deskSettings.id });
  return rows.length > 0;
}
