import { and, asc, eq, gt, isNotNull, lt, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { reminderRun } from '../domain/reminder-schedule';
import { deskQuery } from '../db/repo/desk';
import { enqueueMany, outboxDesk, renderFor, type QueuedMessage } from '../db/repo/outbox-enqueue';
import { bookings, volunteers } from '../db/schema';
import type { JobContext, JobRun } from './scheduled';

/** Bounds one run's work; a desk with more bookings for one day gets the rest on the next tick. */
export const REMINDER_RUN_LIMIT = 2000;

/**
 * Queues tomorrow's reminders. Runs on every cron tick but acts only from the desk's reminder hour (local
 * time, from the tick's scheduled time) to local midnight, so it is right across DST changes and a failed
 * tick is made up by the next one. A booking gets a reminder when it is confirmed and was confirmed before
 * the reminder moment (otherwise the confirmation, less than a day ahead, already said it all), and was
 * not moved after that moment (the reschedule text did the same).
 *
 * Round trips: the desk row, then one SELECT of the eligible bookings (index bookings_local_date_status,
 * the outbox's unique index for "not reminded yet"), then one batch of chunked INSERT … SELECT that
 * re-checks each booking (still confirmed, same ical_sequence, phone still there). Three in all, however
 * many reminders. Dispatch re-checks again before sending.
 */
export async function reminders(deps: AppDeps, ctx: JobContext): Promise<JobRun> {
  const { db } = deps;
  const now = ctx.now;
  const desk = (await deskQuery(db))[0];
  if (!desk) return { counts: { queued: 0 }, skipped: 'desk_not_configured' };
  if (!desk.smsEnabled) return { counts: { queued: 0 }, skipped: 'sms_disabled' };
  const place = outboxDesk(desk, deps.config.publicBaseUrl);
  if (!place) return { counts: { queued: 0 }, skipped: 'desk_not_configured' };
  const run = reminderRun(now, desk.reminderHour, desk.timeZone);
  if (!run.due) return { counts: { queued: 0 }, skipped: 'before_reminder_hour' };

  const candidates = await db
    .select({
      id: bookings.id,
      seq: bookings.icalSequence,
      manageCode: bookings.manageCode,
      language: bookings.language,
      mode: bookings.mode,
      startAt: bookings.startAt,
      videoLink: volunteers.videoLink,
    })
    .from(bookings)
    .innerJoin(volunteers, eq(volunteers.id, bookings.volunteerId))
    .where(
      and(
        eq(bookings.localDate, run.date),
        eq(bookings.status, 'confirmed'),
        isNotNull(bookings.phone),
        gt(bookings.startAt, now),
        // A confirmed row without confirmed_at (older data, seeds) counts as confirmed when it was created.
        lt(sql`coalesce(${bookings.confirmedAt}, ${bookings.createdAt})`, run.moment),
        sql`NOT EXISTS (SELECT 1 FROM messages m WHERE m.booking_id = ${bookings.id}
          AND m.kind = 'reminder' AND m.seq = ${bookings.icalSequence})`,
        sql`NOT EXISTS (SELECT 1 FROM messages m WHERE m.booking_id = ${bookings.id}
          AND m.kind = 'reschedule' AND m.seq = ${bookings.icalSequence} AND m.created_at >= ${run.moment})`,
      ),
    )
    .orderBy(asc(bookings.startAt), asc(bookings.id))
    .limit(REMINDER_RUN_LIMIT);
  if (candidates.length === 0) return { counts: { queued: 0 } };

  const rows: QueuedMessage[] = candidates.map((b) => ({
    bookingId: b.id,
    kind: 'reminder',
    seq: b.seq,
    language: b.language,
    body: renderFor(
      'reminder',
      { desk: place, booking: { manageCode: b.manageCode, language: b.language, mode: b.mode, startAt: b.startAt } },
      { videoLink: b.videoLink },
    ),
  }));
  // The booking may have changed since the SELECT: write only for one still confirmed at the same sequence.
  const guard = sql`${bookings.status} = 'confirmed' AND ${bookings.icalSequence} = v.seq AND ${bookings.startAt} > ${now}`;
  const [first, ...rest] = enqueueMany(db, rows, now, guard);
  if (!first) return { counts: { queued: 0 } };
  const results = await db.batch([first, ...rest]);
  const queued = results.reduce((n, r) => n + ((r as { rowsAffected?: number }).rowsAffected ?? 0), 0);
  return { counts: { queued } };
}
