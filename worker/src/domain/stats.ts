/**
 * Pure helpers for the staff dashboard: the calendar periods it reports on (a month, the last ISO weeks,
 * both as local dates and as the instants that bound them in the desk's zone) and small statistics.
 */
import { addDays, isoWeekday, localToInstant, zonedParts } from './time';
import { CHANNELS, type Channel } from './vocabulary';

/** The median of a list of numbers (mean of the two middle values for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/** no_show / (attended + no_show): the share of appointments with an outcome that nobody came to; null when there is none. */
export function noShowRate(attended: number, noShows: number): number | null {
  const total = attended + noShows;
  return total === 0 ? null : noShows / total;
}

/** A span of local calendar days and the instants that bound it in the desk's zone. */
export interface Period {
  /** First local date (inclusive), YYYY-MM-DD. */
  from: string;
  /** Local date after the last one (exclusive). */
  until: string;
  /** Local midnight starting `from`, epoch ms (inclusive). */
  startAt: number;
  /** Local midnight starting `until`, epoch ms (exclusive). */
  endAt: number;
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for 'YYYY-MM' with a real month (years 2000–2999, the range the rest of the API accepts). */
export function isValidMonth(s: string): boolean {
  const m = MONTH_RE.exec(s);
  return !!m && Number(m[1]) >= 2000 && Number(m[1]) <= 2999;
}

/** The month ('YYYY-MM') an instant falls in, in the desk's zone. */
export function monthOf(epochMs: number, timeZone: string): string {
  return zonedParts(epochMs, timeZone).date.slice(0, 7);
}

function period(from: string, until: string, timeZone: string): Period {
  return { from, until, startAt: localToInstant(from, 0, timeZone), endAt: localToInstant(until, 0, timeZone) };
}

/** A month ('YYYY-MM', assumed valid) as a period in the desk's zone. */
export function monthPeriod(month: string, timeZone: string): Period {
  const year = Number(month.slice(0, 4));
  const mo = Number(month.slice(5, 7));
  const next = mo === 12 ? `${year + 1}-01-01` : `${year}-${String(mo + 1).padStart(2, '0')}-01`;
  return period(`${month}-01`, next, timeZone);
}

/** The Monday of the ISO week a local date belongs to. */
export function isoWeekStart(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/**
 * The last `count` ISO weeks (Monday to Sunday, local) up to and including the week of `today`, oldest
 * first. Each week's instants come from the zone, so a DST week lasts 167 or 169 hours.
 */
export function lastIsoWeeks(today: string, count: number, timeZone: string): Period[] {
  const current = isoWeekStart(today);
  const weeks: Period[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const from = addDays(current, -7 * i);
    weeks.push(period(from, addDays(from, 7), timeZone));
  }
  return weeks;
}

/** The `count` months ending with `month` ('YYYY-MM', assumed valid), oldest first. */
export function monthsEndingWith(month: string, count: number): string[] {
  const year = Number(month.slice(0, 4));
  const mo = Number(month.slice(5, 7)) - 1;
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const k = year * 12 + mo - i;
    out.push(`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** One channel's waiting at the desk: how many people waited, and the median minutes (whole; null for none). */
export interface ChannelWaiting {
  channel: Channel;
  count: number;
  medianMinutes: number | null;
}

/**
 * Waiting time from arrival (check-in) to the start of the meeting, by channel, in the vocabulary's order;
 * only channels with at least one wait. A negative wait (started before the recorded arrival) is left out.
 */
export function waitingByChannel(waits: readonly { channel: Channel; minutes: number }[]): ChannelWaiting[] {
  const out: ChannelWaiting[] = [];
  for (const channel of CHANNELS) {
    const minutes = waits.filter((w) => w.channel === channel && w.minutes >= 0).map((w) => w.minutes);
    if (minutes.length === 0) continue;
    const m = median(minutes);
    out.push({ channel, count: minutes.length, medianMinutes: m === null ? null : Math.round(m) });
  }
  return out;
}
