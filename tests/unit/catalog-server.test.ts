import { describe, expect, it as test } from 'vitest';
import { en } from '../../worker/src/i18n/en';
import { t, type MessageKey } from '../../worker/src/i18n';
import { it } from '../../worker/src/i18n/it';
import { describePlurals } from '../fixtures/plural-check';

// The server's catalogs (error and field messages, the manage and demo pages, iCal): numbers agree with
// their words in Italian and English.

describePlurals('server', { it, en }, (lang, key, params) => t(lang, key as MessageKey, params));

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
});
