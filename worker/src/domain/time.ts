/**
 * Calendar and time-zone arithmetic. Instants are epoch milliseconds (UTC); local dates are 'YYYY-MM-DD'.
 * Zone offsets always come from Intl with an explicit timeZone (the Workers runtime is UTC, so the
 * process zone means nothing); the only arithmetic here is on plain calendar dates and UTC.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Days in 400 Gregorian years: shifting a year by 400 leaves the calendar unchanged. */
const DAYS_PER_400_YEARS = 146_097;

export interface ZonedParts {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  /** Local wall-clock time, HH:MM (24-hour). */
  time: string;
  hour: number;
  minute: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Offset from UTC at that instant, in minutes (60 for CET, 120 for CEST). */
  offsetMinutes: number;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-US with h23 gives plain ASCII digits and never prints hour "24" at midnight.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

// en-US prints "MM/DD/YYYY, HH:MM:SS"; format() + a regex is about three times cheaper than
// formatToParts, which matters because availability asks for offsets many times per request.
const WALL_RE = /^(\d{2})\/(\d{2})\/(\d+),? (\d{2}):(\d{2}):(\d{2})$/;

/** The wall clock at an instant as Intl prints it (whole seconds). */
function intlWallClock(epochMs: number, timeZone: string): WallClock {
  const f = formatterFor(timeZone);
  const m = WALL_RE.exec(f.format(epochMs));
  if (m) {
    return {
      year: Number(m[3]),
      month: Number(m[1]),
      day: Number(m[2]),
      // Older ICU builds print 24 for midnight even with h23.
      hour: Number(m[4]) % 24,
      minute: Number(m[5]),
      second: Number(m[6]),
    };
  }
  // An ICU that formats differently (other separators, eras): read the parts by type instead.
  const w: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of f.formatToParts(epochMs)) {
    if (p.type === 'year') w.year = Number(p.value);
    else if (p.type === 'month') w.month = Number(p.value);
    else if (p.type === 'day') w.day = Number(p.value);
    else if (p.type === 'hour') w.hour = Number(p.value) % 24;
    else if (p.type === 'minute') w.minute = Number(p.value);
    else if (p.type === 'second') w.second = Number(p.value);
  }
  return w;
}

/** `epochMs` down to its whole second (Intl prints whole seconds). */
const toSecond = (epochMs: number) => epochMs - (((epochMs % 1000) + 1000) % 1000);

/** The zone's offset at an instant in ms (whole seconds), from Intl. */
function intlOffsetMs(epochMs: number, timeZone: string): number {
  const w = intlWallClock(epochMs, timeZone);
  return utcMs(w.year, w.month, w.day, w.hour, w.minute, w.second) - toSecond(epochMs);
}

// A zone's offset changes at whole seconds, and never twice within an hour. So when Intl gives the same
// offset at the first and the last second of a UTC hour, that offset holds for the whole hour, and the wall
// clock of any instant in it is plain UTC arithmetic. Availability asks for the wall clock of every slot
// edge: one memo entry per hour (two Intl calls) replaces an Intl call per instant. Cleared when full.
const HOUR = 3_600_000;
const HOUR_MEMO_LIMIT = 16_384;
/** Per zone, per UTC hour (epoch hours): the offset in ms over that whole hour, or null when it changes in it. */
const hourOffsets = new Map<string, Map<number, number | null>>();

/** The zone's offset at an instant in ms (whole seconds): from the hour's memo, or from Intl in an hour that changes. */
function offsetMsAt(epochMs: number, timeZone: string): number {
  let memo = hourOffsets.get(timeZone);
  if (!memo) {
    memo = new Map();
    hourOffsets.set(timeZone, memo);
  }
  const hour = Math.floor(epochMs / HOUR);
  let offset = memo.get(hour);
  if (offset === undefined) {
    const first = intlOffsetMs(hour * HOUR, timeZone);
    offset = first === intlOffsetMs(hour * HOUR + HOUR - 1000, timeZone) ? first : null;
    if (memo.size >= HOUR_MEMO_LIMIT) memo.clear();
    memo.set(hour, offset);
  }
  return offset ?? intlOffsetMs(epochMs, timeZone);
}

/** Date.UTC that also works for years 0–99 (which Date.UTC would read as 1900–1999). */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return Date.UTC(year + 400, month - 1, day, hour, minute, second, ms) - DAYS_PER_400_YEARS * DAY;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) => String(n).padStart(4, '0');

function dateOfUtcMs(ms: number): string {
  const d = new Date(ms);
  return `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Midnight UTC of a local date string, or NaN when the string is not a real calendar date. */
function dateToUtcMs(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  return utcMs(y, mo, d);
}

function requireDate(date: string): number {
  const ms = dateToUtcMs(date);
  if (Number.isNaN(ms)) throw new RangeError(`invalid date: ${JSON.stringify(date)}`);
  return ms;
}

/** True for a real calendar date written YYYY-MM-DD (year 0001–9999). */
export function isValidDate(s: string): boolean {
  return typeof s === 'string' && !Number.isNaN(dateToUtcMs(s));
}

/** The calendar date n days after (or before, when negative) a date; throws RangeError on an invalid date. */
export function addDays(date: string, n: number): string {
  return dateOfUtcMs(requireDate(date) + n * DAY);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const dow = new Date(requireDate(date)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((requireDate(to) - requireDate(from)) / DAY);
}

/** The zone's UTC offset in minutes at an instant (e.g. 60 in Rome in winter, 120 in summer). */
export function offsetMinutesAt(epochMs: number, timeZone: string): number {
  return Math.round(offsetMsAt(epochMs, timeZone) / MINUTE);
}

/** Local calendar date, wall-clock time, ISO weekday and offset of an instant in a time zone. */
export function zonedParts(epochMs: number, timeZone: string): ZonedParts {
  const offsetMs = offsetMsAt(epochMs, timeZone);
  const local = new Date(toSecond(epochMs) + offsetMs);
  const hour = local.getUTCHours();
  const minute = local.getUTCMinutes();
  const dow = local.getUTCDay();
  return {
    date: `${pad4(local.getUTCFullYear())}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`,
    time: `${pad2(hour)}:${pad2(minute)}`,
    hour,
    minute,
    weekday: dow === 0 ? 7 : dow,
    offsetMinutes: Math.round(offsetMs / MINUTE),
  };
}

/**
 * The instant at which the zone's clocks show `minuteOfDay` on `date` (1440 = the next midnight).
 * A time skipped by a spring-forward gap is moved forward by the gap (02:30 → 03:30 in Rome), and a
 * time repeated by a fall-back overlap takes its earlier occurrence, as Temporal's 'compatible' does.
 */
export function localToInstant(date: string, minuteOfDay: number, timeZone: string): number {
  return resolveLocal(date, minuteOfDay, timeZone).epochMs;
}

/** localToInstant together with the zone's offset at the resulting instant. */
export function resolveLocal(
  date: string,
  minuteOfDay: number,
  timeZone: string,
): { epochMs: number; offsetMinutes: number } {
  const wall = requireDate(date) + minuteOfDay * MINUTE;
  // Offsets a day either side are those in force before and after any transition near this time
  // (real zones never change twice within two days).
  const before = offsetMinutesAt(wall - DAY, timeZone);
  const after = offsetMinutesAt(wall + DAY, timeZone);
  if (before === after) {
    const t = wall - before * MINUTE;
    const actual = offsetMinutesAt(t, timeZone);
    if (actual === before) return { epochMs: t, offsetMinutes: before };
    // Same offset either side yet another one here: a double transition; take what Intl says.
    const t2 = wall - actual * MINUTE;
    return { epochMs: t2, offsetMinutes: offsetMinutesAt(t2, timeZone) };
  }
  const tBefore = wall - before * MINUTE;
  const tAfter = wall - after * MINUTE;
  const beforeValid = offsetMinutesAt(tBefore, timeZone) === before;
  const afterValid = offsetMinutesAt(tAfter, timeZone) === after;
  if (beforeValid && afterValid) {
    return tBefore <= tAfter ? { epochMs: tBefore, offsetMinutes: before } : { epochMs: tAfter, offsetMinutes: after };
  }
  if (beforeValid) return { epochMs: tBefore, offsetMinutes: before };
  if (afterValid) return { epochMs: tAfter, offsetMinutes: after };
  // In the gap: read the wall time with the offset in force before it, which lands after the jump.
  return { epochMs: tBefore, offsetMinutes: offsetMinutesAt(tBefore, timeZone) };
}

/** ISO 8601 with the given offset, e.g. '2026-10-14T10:30:00+02:00' (milliseconds only when not zero). */
export function formatIsoWithOffset(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * MINUTE);
  const ms = local.getUTCMilliseconds();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad4(local.getUTCFullYear())}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}` +
    `T${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:${pad2(local.getUTCSeconds())}` +
    (ms ? `.${String(ms).padStart(3, '0')}` : '') +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  );
}

/** ISO 8601 of an instant with the offset `timeZone` has at that instant ('2026-10-14T10:30:00+02:00'). */
export function isoAt(epochMs: number, timeZone: string): string {
  return formatIsoWithOffset(epochMs, offsetMinutesAt(epochMs, timeZone));
}

const ISO_INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** Epoch ms of an ISO 8601 instant that carries 'Z' or an explicit ±HH:MM offset; null for anything else. */
export function parseIsoInstant(s: string): number | null {
  if (typeof s !== 'string') return null;
  const m = ISO_INSTANT_RE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return utcMs(year, month, day, hour, minute, second, ms) - offset * MINUTE;
}
