/**
 * Mobile-number rules for the people who book: SMS is the whole point, so a landline is refused with
 * its own message (people often give the number they know by heart, which is the home phone).
 *
 * Metadata choice: 'libphonenumber-js/max' is the only bundle that can tell FIXED_LINE from an invalid
 * number ('mobile' metadata simply calls a landline invalid, so we could not say "this is a landline").
 * Measured with esbuild --minify: max 194 KB / 49.5 KB gzip vs mobile 136 KB / 34 KB gzip: about 16 KB
 * gzip more on the Worker, far inside the free plan's limit, and nothing of it reaches the widget.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** The region assumed for numbers written without an international prefix. */
export const DEFAULT_PHONE_REGION: CountryCode = 'IT';

/** More than any real number with spaces and punctuation; longer input is refused before parsing. */
export const MAX_PHONE_INPUT_LENGTH = 40;

export type PhoneCheck = { ok: true; e164: string } | { ok: false; reason: 'phone_invalid' | 'phone_landline' };

/**
 * Normalises a mobile number to E.164 (region IT by default). Landlines are refused as `phone_landline`;
 * anything else that is not a mobile (invalid, toll-free, premium, pager…) as `phone_invalid`.
 */
export function normalizeMobile(input: string, region: CountryCode = DEFAULT_PHONE_REGION): PhoneCheck {
  const raw = input.trim();
  if (raw.length < 3 || raw.length > MAX_PHONE_INPUT_LENGTH) return { ok: false, reason: 'phone_invalid' };
  // Letters are refused outright: the library would read vanity numbers (1-800-FLOWERS) as digits.
  if (/[a-z]/i.test(raw)) return { ok: false, reason: 'phone_invalid' };
  const parsed = parsePhoneNumberFromString(raw, region);
  if (!parsed) return { ok: false, reason: 'phone_invalid' };
  // With the max metadata, isValid() is exactly "getType() is defined": asking for the type alone does the
  // number-plan matching once instead of twice (it is most of a request's validation).
  const type = parsed.getType();
  if (type === 'FIXED_LINE') return { ok: false, reason: 'phone_landline' };
  // Some plans (e.g. North America) cannot tell the two apart from the number: give the person the benefit of the doubt.
  if (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE') {
    lastPlaced = { e164: parsed.number, country: parsed.country };
    return { ok: true, e164: parsed.number };
  }
  return { ok: false, reason: 'phone_invalid' };
}

/**
 * The last mobile number normalizeMobile accepted, with its country. A request checks the number's country
 * right after validating it; parsing it again cost as much as the validation (npm run bench). The country
 * is a pure function of the number, so the memo can only answer what a parse would.
 */
let lastPlaced: { e164: string; country: string | undefined } | undefined;

/** A number staff may store: a mobile (texts go to it) or a landline (reception calls instead). */
export type StaffPhoneCheck = { ok: true; e164: string; kind: 'mobile' | 'landline' } | { ok: false };

/**
 * Normalises a number given to staff (region IT by default): a mobile as normalizeMobile reads it, or a
 * landline. Anything else (invalid, toll-free, premium…) is refused: the desk must be able to call it.
 */
export function normalizeStaffPhone(input: string, region: CountryCode = DEFAULT_PHONE_REGION): StaffPhoneCheck {
  const mobile = normalizeMobile(input, region);
  if (mobile.ok) return { ok: true, e164: mobile.e164, kind: 'mobile' };
  if (mobile.reason !== 'phone_landline') return { ok: false };
  const parsed = parsePhoneNumberFromString(input.trim(), region);
  return parsed ? { ok: true, e164: parsed.number, kind: 'landline' } : { ok: false };
}

/**
 * An E.164 number spaced as its own country writes it internationally ("+40 721 234 567", "+39 06 1234
 * 5678"); a number the library cannot read is returned as it is.
 */
export function formatPhoneDisplay(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/** True for an ISO 3166-1 alpha-2 code (upper case) whose numbers the phone library knows. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}

/** A stored comma-separated list of country codes, as a list (blanks dropped). */
export function parseCountryList(stored: string): string[] {
  return stored
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== '');
}

/**
 * Whether an E.164 number belongs to one of the `allowed` countries. Numbers shared by several countries
 * (+39 Italy and the Vatican, +44 the UK and the Channel Islands) are judged by the country the number
 * plan assigns; a number the library cannot place is refused.
 */
export function isAllowedDestination(e164: string, allowed: readonly string[]): boolean {
  const country = countryOf(e164);
  return country !== undefined && allowed.includes(country);
}

/** The ISO country an E.164 number belongs to by its number plan; undefined when the library cannot place it. */
export function countryOf(e164: string): string | undefined {
  if (lastPlaced?.e164 === e164) return lastPlaced.country;
  return parsePhoneNumberFromString(e164)?.country;
}
