import { and, asc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { deskQuery } from '../db/repo/desk';
import { enqueueMany, outboxDesk, renderFor, type QueuedMessage } from '../db/repo/outbox-enqueue';
import { bookingEvents, bookings } from '../db/schema';
import type { JobContext, JobRun } from './scheduled';

/** Bounds one run's work (and the Worker's CPU time); the next tick takes the rest. */
export const EXPIRE_BATCH_LIMIT = 500;

/**
 * Requests whose hold has lapsed become `expired`, which frees their slot; when the desk has
 * sms_on_expiry on, the person gets an 'expiry' text. Two round trips: one read of the desk and the due
 * requests (their texts are rendered from it), then one atomic batch of the audit rows, the texts and
 * the status change. Every write of the batch repeats the condition (still `requested`, hold lapsed), so
 * a request confirmed by staff between the read and the batch is left alone, and a second run, or one
 * overlapping with this one, changes nothing twice.
 */
export async function expireRequests(deps: AppDeps, ctx: JobContext): Promise<JobRun> {
  const { db } = deps;
  const now = ctx.now;
  const lapsed = and(eq(bookings.status, 'requested'), isNotNull(bookings.holdUntil), lte(bookings.holdUntil, now));
  const [deskRows, due] = await db.batch([
    deskQuery(db),
    db
      .select({
        id: bookings.id,
        manageCode: bookings.manageCode,
        language: bookings.language,
        mode: bookings.mode,
        startAt: bookings.startAt,
      })
      .from(bookings)
      .where(lapsed)
      .orderBy(asc(bookings.holdUntil), asc(bookings.id))
      .limit(EXPIRE_BATCH_LIMIT),
  ]);
  if (due.length === 0) return { counts: { expired: 0 } };
  const target = and(
    inArray(
      bookings.id,
      due.map((d) => d.id),
    ),
    lapsed,
  );

  const desk = deskRows[0];
  const place = desk?.smsOnExpiry ? outboxDesk(desk, deps.config.publicBaseUrl) : undefined;
  const texts: QueuedMessage[] = place
    ? due.map((b) => ({
        bookingId: b.id,
        kind: 'expiry',
        seq: 0,
        language: b.language,
        body: renderFor('expiry', {
          desk: place,
          booking: { manageCode: b.manageCode, language: b.language, mode: b.mode, startAt: b.startAt },
        }),
      }))
    : [];

  const results = await db.batch([
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
        .where(target),
    ),
    // Before the UPDATE, so the guard still sees the rows as `requested`.
    ...enqueueMany(db, texts, now, sql`${lapsed}`),
    db.update(bookings).set({ status: 'expired', updatedAt: now }).where(target).returning({ id: bookings.id }),
  ]);
  const expired = results[results.length - 1] as { id: string }[];
  return { counts: { expired: expired.length } };
}
