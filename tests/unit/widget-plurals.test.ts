import { describe, expect, it } from 'vitest';
import { en } from '../../widget/src/i18n/en';
import { t, type MessageKey } from '../../widget/src/i18n';
import { it as itCatalog } from '../../widget/src/i18n/it';
import { describePlurals } from '../fixtures/plural-check';

// The same rules as the server's and the portal's catalogs (tests/fixtures/plural-check.ts).
describePlurals('widget', { it: itCatalog, en }, (lang, key, params) => t(lang, key as MessageKey, params));

describe("the widget's catalogs", () => {
  it('say "1 minuto" and "45 minuti", "1 minute" and "45 minutes"', () => {
    expect(t('it', 'service.duration', { minutes: 1 })).toBe('Durata: 1 minuto');
    expect(t('it', 'service.duration', { minutes: 45 })).toBe('Durata: 45 minuti');
    expect(t('en', 'service.duration', { minutes: 1 })).toBe('Length: 1 minute');
    expect(t('en', 'service.duration', { minutes: 45 })).toBe('Length: 45 minutes');
  });
});
