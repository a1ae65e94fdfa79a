/**
 * Dates and times for the portal, always in the desk's time zone through Intl (never the browser's zone,
 * never offset arithmetic by hand). Calendar dates are 'YYYY-MM-DD' strings.
 */
import type { Lang } from './i18n';

const LOCALE: Record<Lang, string> = { it: 'it-IT', en: 'en-GB' };
const cache = new Map<string, Intl.DateTimeFormat>();

function dtf(lang: Lang, timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE[lang], { timeZone, ...opts });
    cache.set(key, f);
  }
  return f;
}

const toMs = (at: string | number): number => (typeof at === 'number' ? at : Date.parse(at));

/** "martedì 14 ottobre 2026, 10:30" in the desk's zone. */
export function formatDateTime(at: string | number, timeZone: string, lang: Lang): string {
  const ms = toMs(at);
  if (!Number.isFinite(ms)) return '';
  return `${formatDateOfInstant(ms, timeZone, lang)}, ${formatTime(ms, timeZone, lang)}`;
}

/** "martedì 14 ottobre 2026" for the local date of an instant. */
export function formatDateOfInstant(at: string | number, timeZone: string, lang: Lang): string {
  return dtf(lang, timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(toMs(at));
}

/** "10:30" in the desk's zone. */
export function formatTime(at: string | number, timeZone: string, lang: Lang): string {
  return dtf(lang, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toMs(at));
}

/** "14/10/2026, 10:30": compact, for history lines. */
export function formatShortDateTime(at: string | number, timeZone: string, lang: Lang): string {
  return dtf(lang, timeZone, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(toMs(at));
}

/** "martedì 14 ottobre 2026" for a calendar date (no zone involved). */
export function formatDay(date: string, lang: Lang, withYear = true): string {
  const opts: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' };
  if (withYear) opts.year = 'numeric';
  return dtf(lang, 'UTC', opts).format(dateToUtc(date));
}

/** "ottobre 2026". */
export function formatMonth(date: string, lang: Lang): string {
  return dtf(lang, 'UTC', { month: 'long', year: 'numeric' }).format(dateToUtc(date));
}

/** "14 ott" for chart axes. */
export function formatShortDay(date: string, lang: Lang): string {
  return dtf(lang, 'UTC', { day: 'numeric', month: 'short' }).format(dateToUtc(date));
}

/** The local calendar date of an instant in `timeZone`. */
export function localDate(at: string | number, timeZone: string): string {
  const parts = dtf('en', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(toMs(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function dateToUtc(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12);
}

/** `date` plus `n` calendar days. */
export function addDays(date: string, n: number): string {
  return new Date(dateToUtc(date) + n * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(dateToUtc(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** True for a real 'YYYY-MM-DD' date. */
export function isDate(s: string | null | undefined): s is string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  return new Date(dateToUtc(s)).toISOString().slice(0, 10) === s;
}

/** Minutes after midnight → "HH:MM". */
export function minutesToTime(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

/** "HH:MM" → minutes after midnight, or null. */
export function timeToMinutes(s: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

/** A localised weekday name for ISO weekday 1..7. */
export function weekdayName(weekday: number, lang: Lang): string {
  // 2024-01-01 was a Monday.
  return dtf(lang, 'UTC', { weekday: 'long' }).format(dateToUtc(addDays('2024-01-01', weekday - 1)));
}

/** A number in the UI language ("1.234", "12,5 %"). */
export function formatNumber(n: number, lang: Lang, opts?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(LOCALE[lang], opts).format(n);
}

/** Country calling codes of two digits; apart from +1 and +7, every other code has three (codes are prefix-free). */
const TWO_DIGIT_CODES = new Set([
  20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62,
  63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
]);

/**
 * An E.164 number spaced for reading when the server sent no display of it (`person.phoneDisplay`, spaced
 * by the number's own country): Italian mobiles as "+39 347 123 4567", any other number split after its
 * country code only ("+40 721234567"), never grouped as if it were Italian. Other shapes are left as they are.
 * The phone library's metadata would add about 29 KB gzip to the portal, so the server does the rest.
 */
export function formatPhone(e164: string): string {
  const it = /^\+39(3\d{2})(\d{3})(\d{3,4})$/.exec(e164);
  if (it) return `+39 ${it[1]} ${it[2]} ${it[3]}`;
  if (!/^\+[1-9]\d{6,14}$/.test(e164)) return e164;
  const digits = e164.slice(1);
  const length = /^[17]/.test(digits) ? 1 : TWO_DIGIT_CODES.has(Number(digits.slice(0, 2))) ? 2 : 3;
  return `+${digits.slice(0, length)} ${digits.slice(length)}`;
}
