import { describe, expect, it as test } from 'vitest';
import { ERROR_CODES } from '../../worker/src/errors';
import { ar } from '../../worker/src/i18n/ar';
import { en } from '../../worker/src/i18n/en';
import { es } from '../../worker/src/i18n/es';
import { fr } from '../../worker/src/i18n/fr';
import { CATALOGS, t, type MessageKey } from '../../worker/src/i18n';
import { it } from '../../worker/src/i18n/it';
import { ro } from '../../worker/src/i18n/ro';
import { uk } from '../../worker/src/i18n/uk';
import { LANGUAGES } from '../../worker/src/domain/vocabulary';
import { describePlurals } from '../fixtures/plural-check';

// The server's catalogs (error and field messages, the manage, booking and demo pages, iCal): numbers agree
// with their words in all seven languages.

describePlurals('server', { it, en, ar, es, fr, uk, ro }, (lang, key, params) => t(lang, key as MessageKey, params));

/** The placeholders of a message, sorted: `{phone}`, and the counted names of plural choices. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)(?:\}|,)/g)].map((m) => m[1]!))].sort();
}

/** Keys whose text is the same in every language: only placeholders and punctuation, or a language's own name. */
const SAME_EVERYWHERE = new Set<MessageKey>(['manage.document_title', 'ical.calendar_volunteer']);
/** Words a language shares with English or Italian. */
const SAME_WORD: Partial<Record<string, readonly MessageKey[]>> = { fr: ['manage.service', 'ical.service'] };

describe('server catalogs in seven languages', () => {
  test('have every key of the Italian catalog, with the same placeholders', () => {
    for (const lang of LANGUAGES) {
      const catalog = CATALOGS[lang];
      expect(Object.keys(catalog).sort(), lang).toEqual(Object.keys(it).sort());
      for (const key of Object.keys(it) as MessageKey[]) {
        expect(catalog[key].trim(), `${lang} ${key}`).not.toBe('');
        expect(placeholders(catalog[key]), `${lang} ${key}`).toEqual(placeholders(it[key]));
      }
    }
  });

  test('give every public API error code a message of its own in every language', () => {
    for (const code of ERROR_CODES) {
      const messages = LANGUAGES.map((lang) => t(lang, `error.${code}` as MessageKey));
      for (const [i, message] of messages.entries()) {
        expect(message, `${LANGUAGES[i]} error.${code}`).toMatch(/\p{L}/u);
        expect(message, `${LANGUAGES[i]} error.${code}`).not.toMatch(/[{}]|^error\./);
      }
      // Written in each language, not copied from another: seven different texts.
      expect(new Set(messages).size, `error.${code}`).toBe(LANGUAGES.length);
    }
  });

  test('are translated, not copies of the English or Italian text', () => {
    for (const lang of ['ar', 'es', 'fr', 'uk', 'ro'] as const) {
      const copies = (Object.keys(it) as MessageKey[]).filter(
        (key) =>
          !SAME_EVERYWHERE.has(key) &&
          !SAME_WORD[lang]?.includes(key) &&
          (CATALOGS[lang][key] === en[key] || CATALOGS[lang][key] === it[key]),
      );
      expect(copies, lang).toEqual([]);
    }
  });

  test('write Arabic in Arabic script and Ukrainian in Cyrillic', () => {
    for (const key of Object.keys(it) as MessageKey[]) {
      if (SAME_EVERYWHERE.has(key)) continue;
      expect(ar[key], key).toMatch(/\p{Script=Arabic}/u);
      expect(uk[key], key).toMatch(/\p{Script=Cyrillic}/u);
    }
  });
});

describe('server catalog counts', () => {
  test('says "1 appuntamento" and "2 appuntamenti"', () => {
    const erase = (lang: 'it' | 'en', count: number) => t(lang, 'field.erase_active_bookings', { count });
    expect(erase('it', 1)).toMatch(/^La persona ha 1 appuntamento futuro attivo: annullalo/);
    for (const n of [0, 2, 5])
      expect(erase('it', n)).toMatch(new RegExp(`^La persona ha ${n} appuntamenti futuri attivi`));
    expect(erase('en', 1)).toMatch(/^This person has 1 upcoming active appointment: cancel it/);
    expect(erase('en', 2)).toMatch(/^This person has 2 upcoming active appointments: cancel them/);
    expect([1, 2].map((minutes) => t('it', 'demo.duration', { minutes }))).toEqual(['1 minuto', '2 minuti']);
    expect([1, 45].map((minutes) => t('en', 'demo.duration', { minutes }))).toEqual(['1 minute', '45 minutes']);
    // Validation passes its bounds as text ('field.too_long:1'): still the right form.
    expect(t('it', 'field.too_long', { max: '1' })).toBe('Testo troppo lungo (massimo 1 carattere).');
    expect(t('it', 'field.too_long', { max: '500' })).toBe('Testo troppo lungo (massimo 500 caratteri).');
    expect(t('en', 'field.date_range', { max: '92' })).toBe('Invalid date range (at most 92 days).');
  });

  test('picks the Ukrainian, Romanian and Arabic forms of a count', () => {
    const minutes = (lang: 'uk' | 'ro' | 'ar', n: number) => t(lang, 'demo.duration', { minutes: n });
    expect([1, 2, 5, 21].map((n) => minutes('uk', n))).toEqual(['1 хвилина', '2 хвилини', '5 хвилин', '21 хвилина']);
    expect([1, 2, 20].map((n) => minutes('ro', n))).toEqual(['1 minut', '2 minute', '20 de minute']);
    expect(minutes('ar', 1)).toBe('دقيقة واحدة');
    expect(minutes('ar', 2)).toBe('دقيقتان');
    // The number in the digits Intl gives Arabic.
    const digits = new Intl.NumberFormat('ar', { useGrouping: false });
    expect(minutes('ar', 3)).toBe(`${digits.format(3)} دقائق`);
    expect(minutes('ar', 11)).toBe(`${digits.format(11)} دقيقة`);
  });
});
