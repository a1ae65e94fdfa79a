import type { AppDeps } from '../deps';
import { readDesk } from '../db/repo/desk';
import { bookingVideoLink } from '../domain/video';
import { messagesFor, outboxDesk } from '../outbox/enqueue';
import { reminderRun, wantsReminder } from '../outbox/policy';
import { enqueueReminders, reminderCandidates } from '../outbox/store';
import type { JobContext, JobRun } from './scheduled';

/** Bounds one run's work; a desk with more bookings for one day gets the rest on the next tick. */
export const REMINDER_RUN_LIMIT = 2000;

/** Subrequests of one run at most: the desk, the candidates, the batch of reminders. */
export const REMINDER_SUBREQUESTS = 3;

/**
 * Queues tomorrow's reminders. Runs on every cron tick but acts only from the desk's reminder hour (local
 * time, from the tick's scheduled time) to local midnight, so it is right across DST changes and a failed
 * tick is made up by the next one. A booking gets a reminder when it is confirmed and was confirmed before
 * the reminder moment (otherwise the confirmation, less than a day ahead, already said it all), and was
 * not moved after that moment (the reschedule text did the same).
 *
 * Round trips: the desk row, then one SELECT of the eligible bookings, then one batch of chunked
 * INSERT … SELECT that re-checks each booking (still confirmed, same ical_sequence, phone still there).
 * Three in all, however many reminders. Dispatch re-checks again before sending.
 */
export async function reminders(deps: AppDeps, ctx: JobContext): Promise<JobRun> {
  const { db } = deps;
  const now = ctx.now;
  // Decide: is this tick in the desk's reminder window, and for which date?
  const read = await readDesk(db);
  if (!read.configured) return { counts: { queued: 0 }, skipped: 'desk_not_configured' };
  const { desk } = read;
  if (!desk.smsEnabled) return { counts: { queued: 0 }, skipped: 'sms_disabled' };
  const place = outboxDesk(desk, deps.config.publicBaseUrl);
  if (!place) return { counts: { queued: 0 }, skipped: 'desk_not_configured' };
  const run = reminderRun(now, desk.reminderHour, desk.timeZone);
  if (!run.due) return { counts: { queued: 0 }, skipped: 'before_reminder_hour' };

  // Claim: the bookings of that date still without their reminder.
  const candidates = await reminderCandidates(db, {
    date: run.date,
    moment: run.moment,
    now,
    limit: REMINDER_RUN_LIMIT,
  });
  const wanted = candidates.filter((b) => wantsReminder(b.confirmedAt, run.date, desk.reminderHour, desk.timeZone));
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
  const queued = await enqueueReminders(db, messagesFor('reminder', place, texted), now);
  return { counts: { queued } };
}
