import { formatMessage } from '../../../worker/src/i18n/message-format';
import { LANGUAGES, type Language } from '../../../worker/src/domain/vocabulary';
import { en } from './en';
import { it, type MessageKey as FirstKey } from './it';
import type { LaterKey } from './later';

/** A message of the widget: one that ships with the first steps, or one of the later steps' (later.ts). */
export type MessageKey = FirstKey | LaterKey;
/** The languages the widget speaks: the server's own list. */
export type Lang = Language;
/** One language's messages for the first steps. */
export type Catalog = Record<FirstKey, string>;

/** The later steps' messages in every language, once their chunk has arrived (registerLater). */
let later: Partial<Record<Lang, Record<LaterKey, string>>> = {};

/** Called by the later steps' chunk as it loads: from then on t() knows their texts. */
export function registerLater(catalogs: Record<Lang, Record<LaterKey, string>>): void {
  later = catalogs;
}

/** Italian and English come with widget.js; every other language is a chunk of its own, fetched when wanted. */
const loaded: Partial<Record<Lang, Catalog>> = { it, en };
const loading: Partial<Record<Lang, Promise<Catalog>>> = {};

const KEYS = Object.keys(it) as FirstKey[];

/**
 * A fetched catalog: the build ships its texts as a list in the order of the Italian keys (widget/vite.config.ts,
 * `catalogsAsLists`), so the keys go back on here; run from source (the tests), it is the keyed object itself.
 */
function unpack(catalog: Catalog | readonly string[]): Catalog {
  if (!Array.isArray(catalog)) return catalog as Catalog;
  return Object.fromEntries(KEYS.map((key, i) => [key, (catalog as readonly string[])[i]])) as Catalog;
}

// One literal import() per language, so the build makes each catalog its own small file.
const chunks: Record<Exclude<Lang, 'it' | 'en'>, () => Promise<Catalog>> = {
  ar: () => import('./ar').then((m) => unpack(m.ar)),
  es: () => import('./es').then((m) => unpack(m.es)),
  fr: () => import('./fr').then((m) => unpack(m.fr)),
  uk: () => import('./uk').then((m) => unpack(m.uk)),
  ro: () => import('./ro').then((m) => unpack(m.ro)),
};

/** Whether `lang`'s messages are here (t() can use them). */
export const hasCatalog = (lang: Lang): boolean => !!loaded[lang];

/** Fetches `lang`'s messages once; a failed fetch is forgotten, so asking again tries again. */
export function loadCatalog(lang: Lang): Promise<Catalog> {
  const have = loaded[lang];
  if (have) return Promise.resolve(have);
  return (loading[lang] ??= chunks[lang as keyof typeof chunks]().then(
    (catalog) => (loaded[lang] = catalog),
    (e: unknown) => {
      delete loading[lang];
      throw e;
    },
  ));
}

/**
 * The message `key` in `lang`, placeholders filled and plural choices made (message-format.ts). Every text
 * placed into a sentence is isolated (U+2068 … U+2069, what `<bdi>` does in markup), so an address, a date or
 * a code keeps its own direction inside Arabic and its order inside Italian. Until `lang` is loaded, the key.
 */
export function t(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = loaded[lang]?.[key as FirstKey] ?? later[lang]?.[key as LaterKey];
  if (text === undefined) return key;
  const isolated: Record<string, string | number> = {};
  for (const name in params) {
    const value = params[name]!;
    isolated[name] = typeof value === 'string' ? `\u2068${value}\u2069` : value;
  }
  return formatMessage(lang, text, params && isolated);
}

/** The widget's language for a BCP 47 tag (ar-EG → ar, uk-UA → uk…); Italian, the desk's own, for any other. */
export function toLang(tag: string | null | undefined): Lang {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((l) => l === base) ?? 'it';
}
