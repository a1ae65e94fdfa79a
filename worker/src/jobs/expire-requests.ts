import { and, asc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { bookingEvents, bookings } from '../db/schema';
import type { JobContext, JobRun } from './scheduled';

/** Bounds one run's work (and the Worker's CPU time); the next tick takes the rest. */
export const EXPIRE_BATCH_LIMIT = 500;

/**
 * Requests whose hold has lapsed become `expired`, which frees their slot. The audit rows and the status
 * change are one atomic batch whose statements select the same rows (same condition, same order, same
 * limit, nothing in between writes to bookings), and the update only touches rows still `requested`:
 * a second run, or one overlapping with a staff confirmation, changes nothing twice.
 */
export async function expireRequests(deps: AppDeps, ctx: JobContext): Promise<JobRun> {
  const { db } = deps;
  const now = ctx.now;
  const due = db
    .select({ id: bookings.id })
    .from(bookings)
    .where(and(eq(bookings.status, 'requested'), isNotNull(bookings.holdUntil), lte(bookings.holdUntil, now)))
    .orderBy(asc(bookings.holdUntil), asc(bookings.id))
    .limit(EXPIRE_BATCH_LIMIT);

  const [, expired] = await db.batch([
    db.insert(bookingEvents).select(
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
        .where(inArray(bookings.id, due)),
    ),
    db
      .update(bookings)
      .set({ status: 'expired', updatedAt: now })
      .where(and(inArray(bookings.id, due), eq(bookings.status, 'requested')))
      .returning({ id: bookings.id }),
  ]);
  return { counts: { expired: expired.length } };
}
