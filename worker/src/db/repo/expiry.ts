/**
 * The SQL of request expiry: which requests have lapsed, and turning them `expired` with their audit rows
 * (and texts) in one atomic batch. Every write repeats the condition (still `requested`, hold lapsed), so a
 * request confirmed by staff between the read and the batch is left alone, and a second run, or one
 * overlapping with this one, changes nothing twice.
 */
import { and, asc, eq, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import { batchByName, rowsOf, type Statement } from '../batch';
import type { Db } from '../client';
import { bookingEvents, bookings } from '../schema';
import { deskQuery, type DeskRow } from './desk';
import type { Language, Mode } from '../../domain/vocabulary';

/** A request whose hold has lapsed at `now` (over the `bookings` row). */
function lapsedRequest(now: number): SQL {
  return and(eq(bookings.status, 'requested'), isNotNull(bookings.holdUntil), lte(bookings.holdUntil, now))!;
}

/** A lapsed request, with what its expiry text needs. */
export interface LapsedRequest {
  id: string;
  manageCode: string;
  language: Language;
  mode: Mode;
  startAt: number;
}

/** The desk row and up to `limit` lapsed requests, oldest hold first, in one round trip. */
export async function loadLapsedRequests(
  db: Db,
  now: number,
  limit: number,
): Promise<{ desk: DeskRow | undefined; due: LapsedRequest[] }> {
  const res = await batchByName(db, {
    desk: deskQuery(db),
    due: db
      .select({
        id: bookings.id,
        manageCode: bookings.manageCode,
        language: bookings.language,
        mode: bookings.mode,
        startAt: bookings.startAt,
      })
      .from(bookings)
      .where(lapsedRequest(now))
      .orderBy(asc(bookings.holdUntil), asc(bookings.id))
      .limit(limit),
  });
  return { desk: rowsOf<DeskRow>(res.desk)[0], due: rowsOf<LapsedRequest>(res.due) };
}

/**
 * Expires the given requests if they are still lapsed, in ONE batch: the audit rows, then `texts` (outbox
 * statements guarded by `lapsedRequest(now)`, so they must run before the UPDATE), then the status change.
 * Returns how many expired.
 */
export async function expireRequestsById(
  db: Db,
  ids: readonly string[],
  now: number,
  texts: (stillLapsed: SQL) => Statement[],
): Promise<number> {
  const target = and(inArray(bookings.id, [...ids]), lapsedRequest(now));
  const res = await batchByName(db, {
    events: db.insert(bookingEvents).select(
      db
        .select({
          // NULL into the INTEGER PRIMARY KEY lets SQLite assign the next id.
          id: sql<number>`null`.as('id'),
          bookingId: bookings.id,
          at: sql<number>`${now}`.as('at'),
          actorType: sql<'system'>`'system'`.as('actor_type'),
          actorId: sql<null>`null`.as('actor_id'),
          type: sql<string>`'expired'`.as('type'),
          fromStatus: sql<string>`'requested'`.as('from_status'),
          toStatus: sql<string>`'expired'`.as('to_status'),
          data: sql<null>`null`.as('data'),
        })
        .from(bookings)
        .where(target),
    ),
    // Before the UPDATE, so the guard still sees the rows as `requested`.
    texts: texts(lapsedRequest(now)),
    expired: db
      .update(bookings)
      .set({ status: 'expired', updatedAt: now })
      .where(target)
      .returning({ id: bookings.id }),
  });
  return rowsOf<{ id: string }>(res.expired).length;
}
