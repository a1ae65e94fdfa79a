/**
 * The call list's calendar (issue 14): which days the desk works, the working day before an appointment's
 * day, and the cut-off after which the people who have not confirmed are called. Pure: the caller passes
 * the desk's whole-day closures.
 */
import { isNationalHoliday } from './holidays';
import { addDays, isoWeekday, localToInstant } from './time';

/** A desk-wide closure of whole days (inclusive local dates). */
export interface ClosedRange {
  dateFrom: string;
  dateTo: string;
}

/** Monday to Friday, not a national holiday, not inside a desk-wide closure. */
export function isWorkingDay(date: string, closed: readonly ClosedRange[]): boolean {
  if (isoWeekday(date) > 5 || isNationalHoliday(date)) return false;
  return !closed.some((c) => c.dateFrom <= date && date <= c.dateTo);
}

/** Longest run of days without a working day the search crosses (a long closure); past it, the day itself is used. */
const MAX_SEARCH_DAYS = 60;

/** The last working day strictly before `date`. */
export function workingDayBefore(date: string, closed: readonly ClosedRange[]): string {
  for (let d = addDays(date, -1), i = 0; i < MAX_SEARCH_DAYS; d = addDays(d, -1), i++) {
    if (isWorkingDay(d, closed)) return d;
  }
  return addDays(date, -1);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string, closed: readonly ClosedRange[]): string {
  for (let d = addDays(date, 1), i = 0; i < MAX_SEARCH_DAYS; d = addDays(d, 1), i++) {
    if (isWorkingDay(d, closed)) return d;
  }
  return addDays(date, 1);
}

/** When the bookings of `date` go on the call list: the desk's cut-off minute on the working day before. */
export function callCutoff(
  date: string,
  cutoffMinute: number,
  timeZone: string,
  closed: readonly ClosedRange[],
): number {
  return localToInstant(workingDayBefore(date, closed), cutoffMinute, timeZone);
}

/** Why a booking is on the call list (any that apply). */
export type CallReason = 'not_confirmed' | 'no_mobile' | 'plan_call';

/** The reasons a confirmed booking is on the call list; empty when it is not. */
export function callReasons(b: {
  attendanceConfirmedAt: number | null;
  phone: string | null;
  phoneKind: string;
  reminderPlan: string;
}): CallReason[] {
  const reasons: CallReason[] = [];
  if (b.attendanceConfirmedAt === null) reasons.push('not_confirmed');
  if (b.phone === null || b.phoneKind !== 'mobile') reasons.push('no_mobile');
  if (b.reminderPlan === 'call') reasons.push('plan_call');
  return reasons;
}
