import fc from 'fast-check';
import { getCountries, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { normalizeMobile } from '../../worker/src/domain/phone';

describe('normalizeMobile', () => {
  it.each([
    ['347 123 4567', '+393471234567'],
    ['3331234567', '+393331234567'],
    ['+39 333 123 4567', '+393331234567'],
    ['0039 347 123 4567', '+393471234567'],
    ['(+39) 347-123-4567', '+393471234567'],
    ['  320 987 6543  ', '+393209876543'],
    ['+44 7911 123456', '+447911123456'],
    ['+49 1512 3456789', '+4915123456789'],
    ['+33 6 12 34 56 78', '+33612345678'],
  ])('accepts the mobile %s as %s', (input, e164) => {
    expect(normalizeMobile(input)).toEqual({ ok: true, e164 });
  });

  it('accepts numbers whose plan cannot tell mobile from fixed (North America)', () => {
    expect(normalizeMobile('+1 415 555 2671')).toEqual({ ok: true, e164: '+14155552671' });
  });

  it.each(['+39 06 1234 5678', '06 1234 5678', '02 1234 5678', '+39 02 8765 4321', '+44 20 7946 0018'])(
    'refuses the landline %s as a landline',
    (input) => {
      expect(normalizeMobile(input)).toEqual({ ok: false, reason: 'phone_landline' });
    },
  );

  it.each([
    'garbage',
    '',
    '12',
    '347',
    '+39 347 12',
    '800 123456',
    '1-800-FLOWERS',
    '+999 123 456 789',
    '3'.repeat(60),
    '347 123 4567 ext. 2',
  ])('refuses %j as invalid', (input) => {
    expect(normalizeMobile(input)).toEqual({ ok: false, reason: 'phone_invalid' });
  });
});

describe('normalizeMobile against the library read the long way', () => {
  // The reference: valid first, then the type, as the library documents it.
  const reference = (input: string) => {
    const parsed = parsePhoneNumberFromString(input.trim(), 'IT');
    if (!parsed?.isValid()) return 'phone_invalid';
    const type = parsed.getType();
    if (type === 'FIXED_LINE') return 'phone_landline';
    return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' ? parsed.number : 'phone_invalid';
  };
  const verdict = (input: string) => {
    const r = normalizeMobile(input);
    return r.ok ? r.e164 : r.reason;
  };

  // Each country's example mobile with some of its last digits changed: mobiles, landlines, numbers of
  // the wrong length or plan, across the countries that share a calling code.
  const near = fc
    .tuple(fc.constantFrom(...getCountries()), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 8 }), fc.boolean())
    .map(([country, digits, national]) => {
      const example = getExampleNumber(country, examples);
      const base = national ? `0${example?.nationalNumber ?? ''}` : (example?.number ?? '');
      return base.slice(0, Math.max(2, base.length - digits.length)) + digits.join('');
    });

  it("gives the same verdict for numbers near every country's own (property)", () => {
    fc.assert(
      fc.property(near, (input) => {
        expect(verdict(input)).toBe(reference(input));
      }),
      { numRuns: 3000 },
    );
  });

  it('has the three verdicts in its sample', () => {
    const seen = new Set(fc.sample(near, 3000).map((n) => (verdict(n).startsWith('+') ? 'mobile' : verdict(n))));
    expect([...seen].sort()).toEqual(['mobile', 'phone_invalid', 'phone_landline']);
  });
});
