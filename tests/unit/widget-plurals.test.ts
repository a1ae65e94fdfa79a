import { describe, expect, it } from 'vitest';
import { en } from '../../widget/src/i18n/en';
import { t } from '../../widget/src/i18n';
import { it as itCatalog } from '../../widget/src/i18n/it';

/** Placeholders that carry a count: a plain `{minutes}` would say "1 minuti". `{n}`/`{total}` are step numbers. */
const COUNT_NAMES = /\{(minutes|count|days|slots|hours|weeks)\}/;

describe("the widget's catalogs", () => {
  it('write every count as a plural choice, in both languages', () => {
    for (const catalog of [itCatalog, en]) {
      for (const [key, text] of Object.entries(catalog)) expect(text, key).not.toMatch(COUNT_NAMES);
    }
  });

  it('say "1 minuto" and "45 minuti", "1 minute" and "45 minutes"', () => {
    expect(t('it', 'service.duration', { minutes: 1 })).toBe('Durata: 1 minuto');
    expect(t('it', 'service.duration', { minutes: 45 })).toBe('Durata: 45 minuti');
    expect(t('en', 'service.duration', { minutes: 1 })).toBe('Length: 1 minute');
    expect(t('en', 'service.duration', { minutes: 45 })).toBe('Length: 45 minutes');
  });
});
