/** Date and time wording for the widget: always in the desk's zone, never the browser's. */
import type { Lang } from './i18n';
import { LANGUAGE_LOCALES as LOCALES } from '../../worker/src/domain/vocabulary';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(LOCALES[lang], { timeZone, ...options })));
  return f;
}

const DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' };

/** A local date ('2026-11-25') in words: "mercoledì 25 novembre". The date is already the desk's, so UTC noon. */
export function dayName(date: string, lang: Lang): string {
  return formatter(lang, 'UTC', DAY).format(new Date(`${date}T12:00:00Z`));
}

/** The desk-local clock time of an ISO instant: "10:30". */
export function clockTime(iso: string, timeZone: string, lang: Lang): string {
  return formatter(lang, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

/** The desk-local day of an ISO instant in words. */
export function dayOf(iso: string, timeZone: string, lang: Lang): string {
  return formatter(lang, timeZone, DAY).format(new Date(iso));
}

/** The zone's name in words ("Ora dell’Europa centrale"), or the IANA id where Intl has none. */
export function zoneName(timeZone: string, lang: Lang, at: Date): string {
  const parts = formatter(lang, timeZone, { timeZoneName: 'longGeneric' }).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** Calendar arithmetic on 'YYYY-MM-DD' strings (no clock, no zone involved). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
