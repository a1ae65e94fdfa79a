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

/** True when every string anywhere in `value` is safe text. */
function allSafe(value: unknown): boolean {
  if (typeof value === 'string') return isSafeText(value);
  if (Array.isArray(value)) return value.every(allSafe);
  if (typeof value === 'object' && value !== null) return Object.values(value).every(allSafe);
  return true;
}

/**
 * The top-level fields of a parsed JSON body that hold unsafe text (at any depth), each with its message;
 * undefined when there are none. A body that is not an object is left to the body's own check.
 */
export function unsafeTextFields(body: unknown, lang: Lang): FieldErrors | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields: FieldErrors = {};
  for (const [key, value] of Object.entries(body)) {
    if (!allSafe(value)) fields[key] = t(lang, 'field.unsafe_text');
  }
  return Object.keys(fields).length ? fields : undefined;
}
