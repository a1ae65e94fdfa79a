/**
 * How long personal data stays, as calendar arithmetic in the desk's time zone. Pure: callers pass `now`.
 */
import { addDays, localToInstant, zonedParts } from './time';

/** The date `months` calendar months before `date`, the day clamped to that month (03-31 minus 1 → 02-28). */
export function subtractMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // Date.UTC maps years 0–99 to 1900–1999; pad by hand instead.
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Appointments that ended before this instant are past the retention period of `months`: local midnight
 * of today's date `months` months ago. Whole local days, so one run a day or many give the same answer.
 */
export function personalDataCutoff(now: number, months: number, timeZone: string): number {
  return localToInstant(subtractMonths(zonedParts(now, timeZone).date, months), 0, timeZone);
}

/** Accessibility needs of appointments that ended before this instant go: local midnight `days` days ago. */
export function accessibilityCutoff(now: number, days: number, timeZone: string): number {
  return localToInstant(addDays(zonedParts(now, timeZone).date, -days), 0, timeZone);
}
