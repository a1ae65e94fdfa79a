/**
 * The outbox's rules as pure functions, and the only copy of them: retry backoff, quiet hours, the budget
 * month, when reminders are due and for whom, and which messages a booking still warrants. No I/O, no
 * clock: callers pass `now`. Where SQL must re-state a rule to stay atomic with a write, the fragment is
 * named after the rule here and a test compares the two on many generated cases.
 *
 * Why the times are DST-proof: the cron fires in UTC (every 10 minutes, plus 16:00 and 17:00 UTC, which
 * are 18:00 in Rome in summer and in winter), and every decision is taken on the desk's local clock:
 * "tomorrow" is the local calendar date plus one (never now + 24 h), and the reminder moment is the local
 * reminder hour on the day before the appointment, resolved through the zone's rules for that very date.
 */
import { addDays, localToInstant, zonedParts } from '../domain/time';
import type { BookingStatus, MessageKind, OfferStatus, ReminderPlan } from '../domain/vocabulary';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_MINUTES = 24 * 60;

// ------------------------------------------------------------------ retry

/** Waits before the 2nd, 3rd, 4th… attempt after a temporary failure; the last one repeats. */
export const RETRY_DELAYS_MS = [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR] as const;
/** After this many temporary failures a message is given up as failed (≈ 10 hours after the first try). */
export const MAX_ATTEMPTS = 8;

/** Delay before the next attempt, given how many attempts were made so far (≥ 1). */
export function retryDelayMs(attemptsMade: number): number {
  const i = Math.min(Math.max(attemptsMade, 1), RETRY_DELAYS_MS.length) - 1;
  return RETRY_DELAYS_MS[i] ?? 2 * HOUR;
}

// ------------------------------------------------------------------ quiet hours

/**
 * True when a local minute of the day falls in quiet hours [start, end). The window may wrap midnight
 * (21:00–08:00); start = end means no quiet hours.
 */
export function isQuietMinute(minuteOfDay: number, startMinute: number, endMinute: number): boolean {
  if (startMinute === endMinute) return false;
  if (startMinute < endMinute) return minuteOfDay >= startMinute && minuteOfDay < endMinute;
  return minuteOfDay >= startMinute || minuteOfDay < endMinute;
}

/**
 * `now` if sending is allowed now, otherwise the instant the desk's quiet hours end (always later than
 * `now`): the dispatcher holds everything back while this is in the future.
 */
export function nextAllowedInstant(
  now: number,
  quietStartMinute: number,
  quietEndMinute: number,
  timeZone: string,
): number {
  const p = zonedParts(now, timeZone);
  const m = p.hour * 60 + p.minute;
  if (!isQuietMinute(m, quietStartMinute, quietEndMinute)) return now;
  // In the evening part of a wrapping window the quiet ends tomorrow morning.
  const endDate = m >= quietStartMinute && quietStartMinute > quietEndMinute ? addDays(p.date, 1) : p.date;
  const end = localToInstant(endDate, quietEndMinute, timeZone);
  if (end > now) return end;
  // The repeated hour of the night clocks go back: the end resolved to its first occurrence, already past,
  // while the wall clock is still before it. Count wall-clock minutes from here instead.
  return now - (now % MINUTE) + ((quietEndMinute - m + DAY_MINUTES) % DAY_MINUTES) * MINUTE;
}

// ------------------------------------------------------------------ budget

/** The instant the desk's current calendar month began (local midnight of the 1st), for the monthly budget. */
export function localMonthStart(now: number, timeZone: string): number {
  const { date } = zonedParts(now, timeZone);
  return localToInstant(`${date.slice(0, 8)}01`, 0, timeZone);
}

// ------------------------------------------------------------------ reminders

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

// ------------------------------------------------------------------ reminder plans

/** The reminders a plan can send. */
export type ReminderKind = Extract<MessageKind, 'reminder' | 'reminder_early' | 'reminder_morning'>;
export const REMINDER_KINDS: readonly ReminderKind[] = ['reminder', 'reminder_early', 'reminder_morning'];

/**
 * The reminders each plan sends besides the confirmation: the day before for all but `call` (reception
 * phones instead), three days before and the morning of the day for the plans that add them.
 */
export const PLAN_REMINDERS: Readonly<Record<ReminderPlan, readonly ReminderKind[]>> = {
  standard: ['reminder'],
  morning: ['reminder', 'reminder_morning'],
  three_days: ['reminder', 'reminder_early'],
  both: ['reminder', 'reminder_early', 'reminder_morning'],
  call: [],
};

/** Whether a booking with `plan` gets the reminder `kind`. */
export function planWants(plan: ReminderPlan, kind: ReminderKind): boolean {
  return PLAN_REMINDERS[plan].includes(kind);
}

/** The desk settings that place the reminders of a day. */
export interface ReminderClock {
  timeZone: string;
  reminderHour: number;
  morningReminderMinute: number;
  quietStartMinute: number;
  quietEndMinute: number;
}

/** One kind of reminder that a tick should write: for the bookings of local `date` confirmed before `moment`. */
export interface PlannedReminderRun {
  kind: ReminderKind;
  date: string;
  moment: number;
}

/**
 * The reminder runs due at `now`, each from its moment until local midnight (every tick retries, the
 * outbox's unique key keeps one per booking, kind and sequence):
 * - the day before: from the reminder hour, for tomorrow;
 * - three days before: from the same hour, for the date three days on;
 * - the morning: from the morning minute, pushed past quiet hours, for today's appointments that start
 *   after it (`moment` bounds the start too: see `reminderCandidates`).
 * Dates are local calendar dates and moments are resolved through the zone's rules of that date, so DST
 * days neither skip nor double a run. The dates differ, so a booking falls in one run at most.
 */
export function reminderRuns(now: number, c: ReminderClock): PlannedReminderRun[] {
  const runs: PlannedReminderRun[] = [];
  const day = reminderRun(now, c.reminderHour, c.timeZone);
  if (day.due) {
    runs.push({ kind: 'reminder', date: day.date, moment: day.moment });
    runs.push({ kind: 'reminder_early', date: addDays(day.date, 2), moment: day.moment });
  }
  const morning = morningMoment(zonedParts(now, c.timeZone).date, c);
  if (now >= morning) runs.push({ kind: 'reminder_morning', date: zonedParts(now, c.timeZone).date, moment: morning });
  return runs;
}

/** When the morning reminder of local `date` is written: the desk's morning minute, or the end of quiet hours if later. */
export function morningMoment(date: string, c: ReminderClock): number {
  const at = localToInstant(date, c.morningReminderMinute, c.timeZone);
  return nextAllowedInstant(at, c.quietStartMinute, c.quietEndMinute, c.timeZone);
}

// ------------------------------------------------------------------ what a booking still warrants

/** The booking as a waiting message sees it when it is about to be sent. */
export interface WarrantBooking {
  status: BookingStatus;
  startAt: number;
  endAt: number;
  icalSequence: number;
  erased: boolean;
}

/** The message about to be sent. */
export interface WarrantMessage {
  kind: MessageKind;
  seq: number;
  /** False once erasure (or a missing phone) cleared the recipient or the body. */
  complete: boolean;
}

/**
 * Whether the booking still warrants the message at `now`. Good news (confirmation, reminder,
 * reschedule) only before the appointment starts and while the booking is in the state the text
 * announces; a reminder or reschedule only for the booking's current time (its seq is the booking's
 * ical_sequence when it was written, bumped by every move). Bad news (cancellation, rejection, expiry)
 * until the appointment's end, so the person does not come for nothing. Never after erasure.
 * The dispatcher's claim re-states this in SQL (outbox/store.ts, `WARRANTED_SQL`) to stay atomic.
 */
export function warrants(m: WarrantMessage, b: WarrantBooking, now: number): boolean {
  if (!m.complete || b.erased) return false;
  const upcoming = b.startAt > now;
  const notOver = b.endAt > now;
  const current = b.icalSequence === m.seq;
  switch (m.kind) {
    case 'confirmation':
      return b.status === 'confirmed' && upcoming;
    // Every reminder of a plan (the day before, the morning, three days before) alike.
    case 'reminder':
    case 'reminder_morning':
    case 'reminder_early':
      return b.status === 'confirmed' && upcoming && current;
    case 'reschedule':
      return (b.status === 'requested' || b.status === 'confirmed') && upcoming && current;
    case 'cancellation':
      return b.status === 'cancelled' && notOver;
    case 'rejection':
      return b.status === 'rejected' && notOver;
    case 'expiry':
      return b.status === 'expired' && notOver;
    case 'waitlist_offer':
      // An offer's text is about an offer, not a booking: the dispatcher checks the offer (issue 14, waitlist).
      return false;
  }
}

/** A waitlist offer as its waiting text sees it when it is about to be sent. */
export interface WarrantOffer {
  status: OfferStatus;
  holdUntil: number;
  startAt: number;
}

/**
 * Whether an offer still warrants its text at `now`: only while it is open, its hold not past and its time
 * ahead, so nobody is told of a time already taken or gone. The dispatcher's claim re-states this in SQL
 * (outbox/store.ts, `OFFER_WARRANTED_SQL`).
 */
export function offerWarrants(m: Pick<WarrantMessage, 'complete'>, o: WarrantOffer, now: number): boolean {
  return m.complete && o.status === 'open' && o.holdUntil > now && o.startAt > now;
}

// ------------------------------------------------------------------ who is texted, and how often

/**
 * Whether the person is texted about a change that leaves `status` behind (their own cancellation, an
 * expiry). A request no staff member has confirmed is still anonymous: anyone can make one with any
 * number, so texting about it would let a stranger send SMS in the desk's name. Only a desk that turns
 * request SMS on texts it (and then within the caps).
 */
export function textsAbout(status: BookingStatus, requestSms: boolean): boolean {
  return status !== 'requested' || requestSms;
}

/** The texts a confirmed booking always warrants: its confirmation, every reminder of its plan, a move. */
export const NOT_EXTRA_KINDS: readonly MessageKind[] = ['confirmation', ...REMINDER_KINDS, 'reschedule'];

/**
 * Whether a text counts against the tight per-number cap: everything but the confirmation, the reminders
 * and the changes of a confirmed booking (a move, or a cancellation of a booking that was confirmed).
 * The dispatcher's count re-states this in SQL (outbox/store.ts, `EXTRA_SQL`).
 */
export function isExtraText(kind: MessageKind, wasConfirmed: boolean): boolean {
  if (NOT_EXTRA_KINDS.includes(kind)) return false;
  return !(kind === 'cancellation' && wasConfirmed);
}

/** The desk's SMS caps (desk settings). */
export interface SmsCaps {
  /** Extra texts (isExtraText) to one number in a rolling day. */
  perNumberDaily: number;
  /** All texts to one number in a rolling day. */
  perNumberDailyTotal: number;
  /** All texts of the desk in a rolling hour. */
  perDeskHourly: number;
}

/** The window of the per-number caps. */
export const NUMBER_CAP_WINDOW_MS = 24 * HOUR;
/** The window of the per-desk cap. */
export const DESK_CAP_WINDOW_MS = HOUR;

/** What one number already has in the window: sent, or being sent by another run. */
export interface RecipientTally {
  total: number;
  extra: number;
}

/** A claimed message as the caps see it. */
export interface CapCandidate {
  id: string;
  recipient: string;
  extra: boolean;
}

/**
 * The claimed messages that would take their number over a per-number cap, in claim order (the oldest
 * due goes first). These are dropped, not held: a held backlog would go out later in a burst, and a text
 * a day late is no use to anyone; reception sees them as cancelled with `recipient_cap`.
 */
export function overNumberCaps(
  claimed: readonly CapCandidate[],
  already: ReadonlyMap<string, RecipientTally>,
  caps: Pick<SmsCaps, 'perNumberDaily' | 'perNumberDailyTotal'>,
): Set<string> {
  const tally = new Map<string, RecipientTally>();
  const over = new Set<string>();
  for (const m of claimed) {
    const t = tally.get(m.recipient) ?? { ...(already.get(m.recipient) ?? { total: 0, extra: 0 }) };
    tally.set(m.recipient, t);
    if (t.total + 1 > caps.perNumberDailyTotal || (m.extra && t.extra + 1 > caps.perNumberDaily)) {
      over.add(m.id);
      continue;
    }
    t.total += 1;
    if (m.extra) t.extra += 1;
  }
  return over;
}

/** The share of the monthly budget at which reception is warned. */
export const BUDGET_NOTICE_SHARE = 0.8;

/** Where the month stands against the budget: fine, near (≥ 80 %: reception is warned) or used up. */
export function budgetState(sentThisMonth: number, budget: number): 'ok' | 'near' | 'exhausted' {
  if (sentThisMonth >= budget) return 'exhausted';
  return sentThisMonth >= budget * BUDGET_NOTICE_SHARE ? 'near' : 'ok';
}
