/** Italian national holidays (feste nazionali), computed per year; no I/O. */
import { addDays } from './time';

const FIXED: ReadonlyArray<readonly [string, string]> = [
  ['01-01', 'holiday.new_year'],
  ['01-06', 'holiday.epiphany'],
  ['04-25', 'holiday.liberation_day'],
  ['05-01', 'holiday.labour_day'],
  ['06-02', 'holiday.republic_day'],
  ['08-15', 'holiday.assumption'],
  ['11-01', 'holiday.all_saints'],
  ['12-08', 'holiday.immaculate_conception'],
  ['12-25', 'holiday.christmas'],
  ['12-26', 'holiday.st_stephen'],
];

/** Western (Gregorian) Easter Sunday of a year, YYYY-MM-DD, by the anonymous Gregorian algorithm. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const cache = new Map<number, ReadonlyMap<string, string>>();

function holidaysOf(year: number): ReadonlyMap<string, string> {
  let map = cache.get(year);
  if (!map) {
    const y = String(year).padStart(4, '0');
    const m = new Map<string, string>();
    for (const [md, key] of FIXED) m.set(`${y}-${md}`, key);
    // Easter Sunday is always a Sunday, so only Pasquetta (the Monday after) closes an open weekday.
    m.set(addDays(easterSunday(year), 1), 'holiday.easter_monday');
    map = new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    cache.set(year, map);
  }
  return map;
}

/** The national holidays of a year: date (YYYY-MM-DD) → name key (e.g. 'holiday.easter_monday'), in date order. */
export function italianHolidays(year: number): Map<string, string> {
  return new Map(holidaysOf(year));
}

/** True when a local date (YYYY-MM-DD) is an Italian national holiday. */
export function isNationalHoliday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  if (!Number.isInteger(year)) return false;
  return holidaysOf(year).has(date);
}
