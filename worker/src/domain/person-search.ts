/**
 * How reception finds a person: names are compared folded (no accents, no case, one space between words),
 * phone numbers by their digits. Pure: the repository stores `nameKey(name)` next to each booking's name
 * and matches the folded fragment against it.
 */

/**
 * Letters that Unicode does not decompose into a base letter and a mark (NFKD leaves them whole), spelled
 * the way a desk would type them on an Italian keyboard.
 */
const UNDECOMPOSED: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ħ: 'h',
  ı: 'i',
  ŀ: 'l',
  ŧ: 't',
};
const UNDECOMPOSED_RE = new RegExp(`[${Object.keys(UNDECOMPOSED).join('')}]`, 'g');
/**
 * Combining marks left by NFKD. Plain ranges rather than \p{M}: the housekeeping job folds hundreds of
 * names per run, and Unicode property classes cost several times more CPU on V8.
 */
// eslint-disable-next-line no-misleading-character-class -- ranges of marks alone, on purpose
const MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
/** What separates words: ASCII punctuation and spaces, Latin-1 signs, typographic quotes, dashes, spaces. */
// eslint-disable-next-line no-control-regex -- control characters separate words like any other
const SEPARATORS = /[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\xbf\xd7\xf7\u2000-\u206f\u3000]+/g;

/**
 * A name folded for search: compatibility-decomposed, marks removed, lower case, the letters above spelled
 * out, separators (spaces, hyphens, apostrophes, dots) one space, trimmed.
 * `'  Ñúñez-Đorđević '` → `'nunez dordevic'`. A name of punctuation only folds to '' (it matches nothing,
 * but it is written: null means "not folded yet" to the backfill). Null for a missing name.
 */
export function nameKey<N extends string | null>(name: N): N extends string ? string : null;
export function nameKey(name: string | null): string | null {
  if (name === null) return null;
  return name
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(UNDECOMPOSED_RE, (c) => UNDECOMPOSED[c] ?? c)
    .replace(SEPARATORS, ' ')
    .trim();
}

/** The shortest search text, once trimmed: one letter would list half the register. */
export const MIN_QUERY_LENGTH = 2;
/** The longest: more than any name or number anyone types at a desk. */
export const MAX_QUERY_LENGTH = 100;
/** The fewest digits that match the end of a number (a number read out backwards from a note, or foreign). */
export const MIN_SUFFIX_DIGITS = 6;

/** What a search text asks for. */
export type PersonQuery =
  | {
      kind: 'phone';
      /**
       * The start of an E.164 number: the text as typed with the desk's country code in front of a national
       * number ('347 12' → '+3934712'), '00' read as '+'.
       */
      prefix: string;
      /** The digits as typed, to match the end of any number, when there are MIN_SUFFIX_DIGITS or more. */
      suffix: string | null;
    }
  | { kind: 'name'; key: string };

/** Digits with the separators people type between them; a leading '+' or '00' for an international number. */
const PHONE_LIKE = /^\+?[\d\s.\-/()]+$/;

/**
 * Reads a search text (already trimmed, at least MIN_QUERY_LENGTH long): a phone number if it is only
 * digits, '+', spaces and the usual separators, else a fragment of a name. Null when a name fragment folds
 * to nothing (only punctuation).
 */
export function readPersonQuery(q: string, countryCallingCode = '39'): PersonQuery | null {
  if (PHONE_LIKE.test(q) && /\d/.test(q)) {
    const digits = q.replace(/\D/g, '');
    const international = q.startsWith('+') || digits.startsWith('00');
    const prefix = international ? `+${digits.replace(/^00/, '')}` : `+${countryCallingCode}${digits}`;
    return { kind: 'phone', prefix, suffix: digits.length >= MIN_SUFFIX_DIGITS ? digits : null };
  }
  const key = nameKey(q);
  return key === '' ? null : { kind: 'name', key };
}

/** `text` for a LIKE … ESCAPE '\' pattern: its own %, _ and \ match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
