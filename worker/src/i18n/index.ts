import { formatMessage } from './message-format';
import { ar } from './ar';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { it, type MessageKey } from './it';
import { ro } from './ro';
import { uk } from './uk';

export type { MessageKey };
import { LANGUAGES, type Language } from '../domain/vocabulary';

/** The languages the server speaks: the booking languages. */
export type Lang = Language;
export const LANGS: readonly Lang[] = LANGUAGES;

/** Every catalog has every key (a missing one is a type error), so there is no fallback language. */
export const CATALOGS: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { it, en, ar, es, fr, uk, ro };

/** A message from the catalog, placeholders filled and plural choices made. */
export function t(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  return formatMessage(lang, CATALOGS[lang][key], params);
}

/** A language the person chose explicitly (?lang= or a form field), if it is one we speak. */
export function explicitLang(value: unknown): Lang | undefined {
  if (typeof value !== 'string') return undefined;
  const base = value.trim().toLowerCase().slice(0, 2);
  return isLang(base) ? base : undefined;
}

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

/** The request's language: an explicit choice wins, then Accept-Language, then Italian. */
export function pickLang(explicit: unknown, acceptLanguage: string | null | undefined): Lang {
  if (typeof explicit === 'string') {
    const base = explicit.trim().toLowerCase().slice(0, 2);
    if (isLang(base)) return base;
  }
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part, i) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        const weight = q ? Number(q.slice(2)) : 1;
        return { base: tag.trim().toLowerCase().slice(0, 2), weight: Number.isFinite(weight) ? weight : 0, i };
      })
      .filter((x) => x.weight > 0)
      .sort((a, b) => b.weight - a.weight || a.i - b.i);
    for (const r of ranked) if (isLang(r.base)) return r.base;
  }
  return 'it';
}
