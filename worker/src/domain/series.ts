/**
 * A follow-up and its optional short series: the starts of the occurrences (same local time, every few
 * weeks, whatever the clocks do in between) and why an occurrence cannot be booked. Pure: no I/O, no clock.
 */
import { isNationalHoliday } from './holidays';
import { addDays, localToInstant, zonedParts } from './time';
import type { ClosureRule } from './types';

/** At most this many meetings in one series: each gets its confirmation SMS within the per-number daily cap. */
export const MAX_SERIES_COUNT = 6;
/** The longest gap between two meetings of a series, in weeks. */
export const MAX_SERIES_EVERY_WEEKS = 8;

/**
 * The starts of `count` meetings `everyWeeks` apart, each at the first one's local wall-clock time in
 * `timeZone`: 10:30 stays 10:30 across a change of the clocks (the UTC instant moves by the hour instead).
 */
export function seriesStarts(first: number, timeZone: string, count: number, everyWeeks: number): number[] {
  const { date, hour, minute } = zonedParts(first, timeZone);
  return Array.from({ length: count }, (_, i) =>
    i === 0 ? first : localToInstant(addDays(date, i * 7 * everyWeeks), hour * 60 + minute, timeZone),
  );
}

/** Why a meeting cannot be booked, as staff are told before anything is written. */
export const OCCURRENCE_PROBLEMS = ['past', 'holiday', 'closed', 'absent', 'horizon', 'no_shift', 'taken'] as const;
export type OccurrenceProblem = (typeof OCCURRENCE_PROBLEMS)[number];

/** What the problem of one meeting is decided from. */
export interface OccurrenceFacts {
  /** Start instant and its local date in the desk's zone. */
  start: number;
  date: string;
  /** The volunteer asked for, if any. */
  volunteerId: string | undefined;
  /** Whether the slot engine finds it free (with the volunteer, if one is asked for). */
  free: boolean;
  /** Whether it would be free if no booking held anyone's time. */
  freeWithoutBookings: boolean;
}

/** The desk's rules the problem depends on. */
export interface OccurrenceRules {
  now: number;
  timeZone: string;
  horizonDays: number;
  closures: readonly ClosureRule[];
}

/**
 * Why the meeting cannot be booked, the most telling reason first; undefined when it can. A holiday or a
 * closure says more than "no shift", and "taken" is left for a time that only someone's booking blocks.
 */
export function occurrenceProblem(o: OccurrenceFacts, rules: OccurrenceRules): OccurrenceProblem | undefined {
  if (o.free) return undefined;
  if (o.start < rules.now) return 'past';
  if (isNationalHoliday(o.date)) return 'holiday';
  const covers = (c: ClosureRule) => c.dateFrom <= o.date && o.date <= c.dateTo;
  if (rules.closures.some((c) => c.volunteerId === null && covers(c))) return 'closed';
  if (o.volunteerId !== undefined && rules.closures.some((c) => c.volunteerId === o.volunteerId && covers(c)))
    return 'absent';
  if (o.date > addDays(zonedParts(rules.now, rules.timeZone).date, rules.horizonDays)) return 'horizon';
  return o.freeWithoutBookings ? 'taken' : 'no_shift';
}
