import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../worker/src/domain/vocabulary';
import { ar } from '../../widget/src/i18n/ar';
import { en } from '../../widget/src/i18n/en';
import { es } from '../../widget/src/i18n/es';
import { fr } from '../../widget/src/i18n/fr';
import { hasCatalog, loadCatalog, registerLater, t, toLang, type MessageKey } from '../../widget/src/i18n';
import { it as itFirst } from '../../widget/src/i18n/it';
import { LATER_CATALOGS } from '../../widget/src/i18n/later';
import { ro } from '../../widget/src/i18n/ro';
import { uk } from '../../widget/src/i18n/uk';
import { describePlurals } from '../fixtures/plural-check';

// What the widget does when a person picks the language, and when the later steps' chunk arrives, here in Node.
await Promise.all(LANGUAGES.map(loadCatalog));
registerLater(LATER_CATALOGS);

/** A language's whole catalog: the first steps' texts and the later steps'. */
const whole = (first: object, lang: keyof typeof LATER_CATALOGS) =>
  ({ ...first, ...LATER_CATALOGS[lang] }) as Record<MessageKey, string>;
const itCatalog = whole(itFirst, 'it');
const [enW, arW, esW, frW, ukW, roW] = (['en', 'ar', 'es', 'fr', 'uk', 'ro'] as const).map((l) =>
  whole({ en, ar, es, fr, uk, ro }[l], l),
);

// The same rules as the server's and the portal's catalogs (tests/fixtures/plural-check.ts).
describePlurals(
  'widget',
  { it: itCatalog, en: enW!, ar: arW!, es: esW!, fr: frW!, uk: ukW!, ro: roW! },
  (lang, key, params) => t(lang, key as MessageKey, params),
);

describe("the widget's catalogs", () => {
  it('say "1 minuto" and "45 minuti", "1 minute" and "45 minutes"', () => {
    expect(t('it', 'service.duration', { minutes: 1 })).toBe('Dura 1 minuto');
    expect(t('it', 'service.duration', { minutes: 45 })).toBe('Dura 45 minuti');
    expect(t('en', 'service.duration', { minutes: 1 })).toBe('Takes 1 minute');
    expect(t('en', 'service.duration', { minutes: 45 })).toBe('Takes 45 minutes');
  });

  it('count the chosen day’s free times, the day isolated in the sentence', () => {
    const day = (text: string) => `\u2068${text}\u2069`;
    expect(t('it', 'day.slots', { count: 1, day: 'lunedì 12 ottobre' })).toBe(
      `1 orario libero per ${day('lunedì 12 ottobre')}`,
    );
    expect(t('en', 'day.slots', { count: 8, day: 'Monday 12 October' })).toBe(
      `8 free times on ${day('Monday 12 October')}`,
    );
    expect(t('ar', 'day.slots', { count: 2, day: 'الاثنين' })).toBe(`وقتان متاحان يوم ${day('الاثنين')}`);
    expect(t('uk', 'day.slots', { count: 5, day: 'понеділок' })).toBe(`${day('понеділок')}. Вільний час: 5 варіантів`);
    expect(t('ro', 'day.slots', { count: 20, day: 'luni' })).toBe(`20 de ore libere în ziua de ${day('luni')}`);
  });

  it('count in each language’s own forms and digits', () => {
    expect(t('ar', 'service.duration', { minutes: 2 })).toBe('المدة: دقيقتان');
    // The digits Intl gives Arabic (Latin ones in current CLDR for plain `ar`).
    expect(t('ar', 'service.duration', { minutes: 45 })).toBe(`المدة: ${new Intl.NumberFormat('ar').format(45)} دقيقة`);
    expect(t('uk', 'service.duration', { minutes: 3 })).toBe('Триває 3 хвилини');
    expect(t('uk', 'service.duration', { minutes: 45 })).toBe('Триває 45 хвилин');
    expect(t('ro', 'service.duration', { minutes: 20 })).toBe('Durează 20 de minute');
  });

  it('have every key of the Italian one, and nothing empty', () => {
    for (const [lang, catalog] of Object.entries({ en: enW!, ar: arW!, es: esW!, fr: frW!, uk: ukW!, ro: roW! })) {
      expect(Object.keys(catalog).sort(), lang).toEqual(Object.keys(itCatalog).sort());
      for (const [key, text] of Object.entries(catalog)) expect(text.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('keep the placeholders of the Italian text', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [lang, catalog] of Object.entries({ en: enW!, ar: arW!, es: esW!, fr: frW!, uk: ukW!, ro: roW! })) {
      for (const key of Object.keys(itCatalog) as MessageKey[]) {
        expect(names(catalog[key]), `${lang} ${key}`).toEqual(names(itCatalog[key]));
      }
    }
  });

  it('ship the later steps’ texts apart from the first steps’, in every language (no key in both)', () => {
    for (const lang of LANGUAGES) {
      const first = Object.keys({ it: itFirst, en, ar, es, fr, uk, ro }[lang]);
      expect(
        first.filter((k) => k in LATER_CATALOGS[lang]),
        lang,
      ).toEqual([]);
    }
    expect(t('ar', 'action.join')).toBe(LATER_CATALOGS.ar['action.join']);
  });

  it('isolate every text put into a sentence, so an address keeps its order inside Arabic', () => {
    expect(t('ar', 'mode.in_person_hint', { address: 'Via Roma 1', city: 'Milano' })).toBe(
      'تعال إلى المكتب: \u2068Via Roma 1\u2069، \u2068Milano\u2069.',
    );
  });

  it('pick the language from a page tag, Italian for any other', () => {
    expect(['ar-EG', 'uk_UA', 'RO', 'fr-CA', 'es-419', 'en', 'de', '', null].map(toLang)).toEqual([
      'ar',
      'uk',
      'ro',
      'fr',
      'es',
      'en',
      'it',
      'it',
      'it',
    ]);
    expect(LANGUAGES.every(hasCatalog)).toBe(true);
  });
});
