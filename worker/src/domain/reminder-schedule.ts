/**
 * When reminders go out, and when quiet hours hold messages back, in the desk's wall-clock time.
 *
 * Why it is DST-proof: the cron fires in UTC (every 10 minutes, plus 16:00 and 17:00 UTC, which are
 * 18:00 in Rome in summer and in winter), and the decision is taken here on the desk's local clock:
 * "tomorrow" is the local calendar date plus one (never now + 24 h), and the moment is the local reminder
 * hour on the day before the appointment, resolved through the zone's rules for that very date.
 *
 * Pure: the caller passes `now` (the cron's scheduled time) and the desk's settings.
 */
import { addDays, localToInstant, zonedParts } from './time';

/** The instant a booking's reminder is due: the reminder hour, local time, on the day before its local date. */
export function reminderMoment(localDate: string, reminderHour: number, timeZone: string): number {
  return localToInstant(addDays(localDate, -1), reminderHour * 60, timeZone);
}

/** What a cron tick at `now` should do about reminders. */
export type ReminderRun =
  | { due: false }
  /** Create reminders for the bookings of local date `date` (tomorrow) confirmed before `moment`. */
  | { due: true; date: string; moment: number };

/**
 * Reminders are due from the reminder hour until local midnight: every tick of that window tries again
 * (a missed or failed run catches up; the outbox's unique key keeps it to one reminder per booking).
 */
export function reminderRun(now: number, reminderHour: number, timeZone: string): ReminderRun {
  const today = zonedParts(now, timeZone).date;
  const moment = localToInstant(today, reminderHour * 60, timeZone);
  return now >= moment ? { due: true, date: addDays(today, 1), moment } : { due: false };
}

/**
 * A booking gets a reminder only if it was confirmed before the reminder moment: confirmed later, the
 * confirmation itself already stated the time (and came less than a day ahead).
 */
export function wantsReminder(confirmedAt: number, localDate: string, reminderHour: number, timeZone: string): boolean {
  return confirmedAt < reminderMoment(localDate, reminderHour, timeZone);
}

/**
 * `now` if sending is allowed now, otherwise the instant the desk's quiet hours end. The window is
 * [start, end) in minutes after local midnight and may wrap midnight (21:00–08:00); start = end means no
 * quiet hours.
 */
export function nextAllowedInstant(
  now: number,
  quietStartMinute: number,
  quietEndMinute: number,
  timeZone: string,
): number {
  if (quietStartMinute === quietEndMinute) return now;
  const p = zonedParts(now, timeZone);
  const m = p.hour * 60 + p.minute;
  const wraps = quietStartMinute > quietEndMinute;
  const quiet = wraps ? m >= quietStartMinute || m < quietEndMinute : m >= quietStartMinute && m < quietEndMinute;
  if (!quiet) return now;
  // In the evening part of a wrapping window the quiet ends tomorrow morning.
  const endDate = wraps && m >= quietStartMinute ? addDays(p.date, 1) : p.date;
  // A repeated hour on the night clocks go back can resolve to an instant already past: never before now.
  return Math.max(now, localToInstant(endDate, quietEndMinute, timeZone));
}
