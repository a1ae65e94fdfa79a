import { t, type Lang } from '../i18n';
import { LANGUAGE_LOCALES as LOCALES } from './vocabulary';

/**
 * Dates and times as people read them, always in an explicit time zone: the Worker runs in UTC, so a
 * formatter without `timeZone` would print the wrong hour (and near midnight the wrong day).
 */

// Building an Intl.DateTimeFormat is costly (locale data lookup); a desk uses one zone and a few languages.
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'date' | 'time', timeZone: string, lang: Lang): Intl.DateTimeFormat {
  const key = `${kind}|${lang}|${timeZone}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      LOCALES[lang],
      kind === 'date'
        ? { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
        : // h23, not hour12:false: some engines print midnight as "24:00" with the latter.
          { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    );
    cache.set(key, f);
  }
  return f;
}

function parts(f: Intl.DateTimeFormat, epochMs: number): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  const out: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of f.formatToParts(epochMs)) out[p.type] = p.value;
  return out;
}

/**
 * The local date in words, as the language writes it: "mercoledì 14 ottobre 2026", "miércoles, 14 de
 * octubre de 2026", "الأربعاء، 14 أكتوبر 2026". English is assembled from parts to drop the comma en-GB
 * puts after the weekday ("Wednesday 14 October 2026").
 */
export function formatDate(epochMs: number, timeZone: string, lang: Lang): string {
  const f = formatter('date', timeZone, lang);
  if (lang !== 'en') return f.format(epochMs);
  const p = parts(f, epochMs);
  return `${p.weekday ?? ''} ${p.day ?? ''} ${p.month ?? ''} ${p.year ?? ''}`.trim();
}

/** The local wall-clock time, 24-hour: "10:30". */
export function formatTime(epochMs: number, timeZone: string, lang: Lang): string {
  const p = parts(formatter('time', timeZone, lang), epochMs);
  return `${p.hour ?? ''}:${p.minute ?? ''}`;
}

/** Date and time together: "mercoledì 14 ottobre 2026, ore 10:30" / "Wednesday 14 October 2026, 10:30". */
export function formatDateTime(epochMs: number, timeZone: string, lang: Lang): string {
  return t(lang, 'format.date_time', {
    date: formatDate(epochMs, timeZone, lang),
    time: formatTime(epochMs, timeZone, lang),
  });
}

/** True when Intl knows the IANA zone name (a bad desk setting must not turn a page into a 500). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
