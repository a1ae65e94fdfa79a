import type { AppDeps } from '../deps';
import { readDesk } from '../db/repo/desk';
import { bookingVideoLink } from '../domain/video';
import { messagesFor, outboxDesk } from '../outbox/enqueue';
import { REMINDER_KINDS, reminderRuns } from '../outbox/policy';
import { enqueueReminders, reminderCandidates } from '../outbox/store';
import type { JobContext, JobRun } from './scheduled';

/** Bounds one run's work; a desk with more bookings for one day gets the rest on the next tick. */
export const REMINDER_RUN_LIMIT = 2000;

/** Subrequests of one run at most: the desk, the candidates, the batch of reminders. */
export const REMINDER_SUBREQUESTS = 3;

/**
 * Queues the reminders each booking's plan wants (outbox/policy.ts `PLAN_REMINDERS`): the day before and
 * three days before from the desk's reminder hour, the morning of the day from the desk's morning minute
 * (after quiet hours). Runs on every cron tick and acts only inside those windows (local time, from the
 * tick's scheduled time), so it is right across DST changes and a failed tick is made up by the next one.
 * A booking gets a reminder when it is confirmed and was confirmed before the reminder moment (otherwise
 * the confirmation already said it all), and was not moved after that moment (the reschedule text did the
 * same). Plan `call` gets none: reception phones instead.
 *
 * Round trips: the desk row, then one SELECT of the eligible bookings of every due run, then one batch of
 * chunked INSERT … SELECT that re-checks each booking (still confirmed, same ical_sequence, phone still
 * there, plan still wanting it). Three in all, however many reminders. Dispatch re-checks before sending.
 */
export async function reminders(deps: AppDeps, ctx: JobContext): Promise<JobRun> {
  const { db } = deps;
  const now = ctx.now;
  // Decide: which reminders are due at this tick, and for which dates?
  const read = await readDesk(db);
  if (!read.configured) return { counts: { queued: 0 }, skipped: 'desk_not_configured' };
  const { desk } = read;
  if (!desk.smsEnabled) return { counts: { queued: 0 }, skipped: 'sms_disabled' };
  const place = outboxDesk(desk, deps.config.publicBaseUrl);
  if (!place) return { counts: { queued: 0 }, skipped: 'desk_not_configured' };
  const runs = reminderRuns(now, desk);
  if (runs.length === 0) return { counts: { queued: 0 }, skipped: 'before_reminder_hour' };

  // Claim: the bookings of those dates still without the reminder their plan wants.
  const wanted = await reminderCandidates(db, { runs, now, limit: REMINDER_RUN_LIMIT });
  if (wanted.length === 0) return { counts: { queued: 0 } };

  // Write: one text each, re-checked against the booking at write time. A remote one carries its link.
  const texted = wanted.map((b) => ({
    ...b,
    videoLink: bookingVideoLink({
      mode: b.mode,
      volunteerLink: b.volunteerVideoLink,
      room: b.videoRoom,
      roomBase: desk.videoRoomBase,
    }),
  }));
  const rows = REMINDER_KINDS.flatMap((kind) =>
    messagesFor(
      kind,
      place,
      texted.filter((b) => b.kind === kind),
    ),
  );
  const queued = await enqueueReminders(db, rows, now);
  return { counts: { queued } };
}
