import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../worker/src/i18n/message-format';

const APPOINTMENTS = '{n, plural, =0 {nessun appuntamento} one {# appuntamento} other {# appuntamenti}}';

describe('formatMessage', () => {
  it('chooses the Italian plural by count, exact values first', () => {
    expect(formatMessage('it', APPOINTMENTS, { n: 0 })).toBe('nessun appuntamento');
    expect(formatMessage('it', APPOINTMENTS, { n: 1 })).toBe('1 appuntamento');
    expect(formatMessage('it', APPOINTMENTS, { n: 2 })).toBe('2 appuntamenti');
    expect(formatMessage('it', APPOINTMENTS, { n: 1000 })).toBe('1000 appuntamenti');
  });

  it("follows each language's categories (Arabic six, Ukrainian four)", () => {
    const ar = '{n, plural, zero {z} one {o} two {t} few {f} many {m} other {x}}';
    expect([0, 1, 2, 3, 11, 100].map((n) => formatMessage('ar', ar, { n }))).toEqual(['z', 'o', 't', 'f', 'm', 'x']);
    const uk = '{n, plural, one {o} few {f} many {m} other {x}}';
    expect([1, 2, 5, 21, 1.5].map((n) => formatMessage('uk', uk, { n }))).toEqual(['o', 'f', 'm', 'o', 'x']);
  });

  it('fills placeholders outside and inside the chosen branch', () => {
    const text = 'Ciao {name}: {n, plural, one {# richiesta per {day}} other {# richieste per {day}}}.';
    expect(formatMessage('it', text, { name: 'Anna', n: 3, day: 'lunedì' })).toBe('Ciao Anna: 3 richieste per lunedì.');
  });

  it('leaves a missing value visible instead of dropping it', () => {
    expect(formatMessage('it', 'Ciao {name}', {})).toBe('Ciao {name}');
    expect(formatMessage('it', APPOINTMENTS, {})).toBe(APPOINTMENTS);
  });

  it('falls back to other when a category has no branch', () => {
    expect(formatMessage('ar', '{n, plural, one {uno} other {# molti}}', { n: 2 })).toBe('2 molti');
  });

  it('never throws and keeps the text around a choice', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 10_000 }), (before, after, n) => {
        const clean = (s: string) => s.replace(/[{}]/g, '');
        const out = formatMessage('it', `${clean(before)}${APPOINTMENTS}${clean(after)}`, { n });
        expect(out.startsWith(clean(before))).toBe(true);
        expect(out.endsWith(clean(after))).toBe(true);
      }),
    );
  });
});
