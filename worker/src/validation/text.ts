/**
 * Characters no text input may carry, whatever the field: one check for every JSON body (the HTTP edge's
 * jsonBody runs it), public and staff alike (PRODUCT.md, "Abuse limits (public)").
 */
import type { FieldErrors } from '../errors';
import { t, type Lang } from '../i18n';

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make a name or note
 * display as something other than what it is ("Maria" showing as a link, a number reversed) in the
 * portal, an SMS or a calendar.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/** A surrogate half without its partner: not text at all, and it breaks what encodes it next (SMS, CSV, iCal). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `s` has neither bidi controls nor lone surrogates. */
export function isSafeText(s: string): boolean {
  return !BIDI_CONTROL.test(s) && !LONE_SURROGATE.test(s);
}

/** True when every string anywhere in `value` passes `ok`. */
function every(value: unknown, ok: (s: string) => boolean): boolean {
  if (typeof value === 'string') return ok(value);
  if (Array.isArray(value)) return value.every((v) => every(v, ok));
  if (typeof value === 'object' && value !== null) return Object.values(value).every((v) => every(v, ok));
  return true;
}

/** The top-level fields of `body` holding a string (at any depth) that fails `ok`, each with the unsafe-text message. */
function fieldsFailing(body: unknown, ok: (s: string) => boolean, lang: Lang): FieldErrors | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields: FieldErrors = {};
  for (const [key, value] of Object.entries(body)) {
    if (!every(value, ok)) fields[key] = t(lang, 'field.unsafe_text');
  }
  return Object.keys(fields).length ? fields : undefined;
}

/**
 * The top-level fields of a parsed JSON body (or of CLI options) that hold unsafe text at any depth, each
 * with its message; undefined when there are none. A body that is not an object is left to its own check.
 */
export function unsafeTextFields(body: unknown, lang: Lang): FieldErrors | undefined {
  return fieldsFailing(body, isSafeText, lang);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * For a JSON body whose bytes are not UTF-8 (a surrogate encoded as bytes, a stray continuation byte): the
 * fields they fall in (and the language to say it in), or no fields when they cannot be placed; undefined for a well-formed body. Both runtimes
 * would otherwise decode such bytes as U+FFFD and store the mangled text without a word, as Node stored a
 * lone surrogate before; refusing them is the same rule as for an escaped lone surrogate.
 */
export function malformedUtf8Fields(
  bytes: ArrayBuffer,
  langOf: (body: unknown) => Lang,
): { fields: FieldErrors; lang: Lang } | undefined {
  try {
    strictUtf8.decode(bytes);
    return undefined;
  } catch {
    let parsed: unknown;
    try {
      parsed = JSON.parse(lenientUtf8.decode(bytes));
    } catch {
      return { fields: {}, lang: langOf(undefined) };
    }
    const lang = langOf(parsed);
    return { fields: fieldsFailing(parsed, (s) => !s.includes('\uFFFD'), lang) ?? {}, lang };
  }
}

/** Decodes one query-string component as browsers encode it (`+` for space); undefined when it is not UTF-8. */
function decodeComponent(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** The query string of a URL, as sent (without '?' or a fragment); '' when there is none. */
export function rawQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return '';
  const hash = url.indexOf('#', q);
  return url.slice(q + 1, hash < 0 ? undefined : hash);
}

/**
 * The query parameters whose name or value is not safe text once decoded (bytes that are not UTF-8, a bidi
 * control), each with its message; undefined when there are none. Hono would hand such a value on still
 * percent-encoded, and a route's own check may or may not refuse it: this one refuses it on every route.
 */
export function unsafeQueryFields(url: string, lang: Lang): FieldErrors | undefined {
  const query = rawQuery(url);
  if (!query) return undefined;
  let fields: FieldErrors | undefined;
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = decodeComponent(rawName);
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    if (name !== undefined && value !== undefined && isSafeText(name) && isSafeText(value)) continue;
    fields ??= {};
    fields[(name !== undefined && isSafeText(name) ? name : rawName).slice(0, 40)] = t(lang, 'field.unsafe_text');
  }
  return fields;
}
