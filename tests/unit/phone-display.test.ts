import { describe, expect, it } from 'vitest';
import { formatPhone } from '../../admin/src/format';
import { formatPhoneDisplay, normalizeStaffPhone } from '../../worker/src/domain/phone';

describe('formatPhoneDisplay (the server, for person.phoneDisplay)', () => {
  it.each([
    ['+40721234567', '+40 721 234 567'],
    ['+380501234567', '+380 50 123 4567'],
    ['+447911123456', '+44 7911 123456'],
    ['+393471234567', '+39 347 123 4567'],
    ['+390612345678', '+39 06 1234 5678'],
    ['+12025550143', '+1 202 555 0143'],
  ])('spaces %s by its own country: %s', (e164, shown) => {
    expect(formatPhoneDisplay(e164)).toBe(shown);
  });

  it('leaves what it cannot read as it is', () => {
    expect(formatPhoneDisplay('not a number')).toBe('not a number');
  });
});

describe('formatPhone (the portal, when the server sent no display)', () => {
  it.each([
    ['+393471234567', '+39 347 123 4567'],
    ['+40721234567', '+40 721234567'],
    ['+380501234567', '+380 501234567'],
    ['+447911123456', '+44 7911123456'],
    ['+12025550143', '+1 2025550143'],
    ['+390612345678', '+39 0612345678'],
  ])('splits %s after its country code only: %s', (e164, shown) => {
    expect(formatPhone(e164)).toBe(shown);
  });

  it('leaves other shapes alone', () => {
    expect(formatPhone('0612345678')).toBe('0612345678');
  });
});

describe('normalizeStaffPhone', () => {
  it.each([
    ['347 123 4567', '+393471234567', 'mobile'],
    ['06 1234 5678', '+390612345678', 'landline'],
    ['+44 20 7946 0958', '+442079460958', 'landline'],
    ['+40 721 234 567', '+40721234567', 'mobile'],
  ] as const)('reads %s as %s (%s)', (input, e164, kind) => {
    expect(normalizeStaffPhone(input)).toEqual({ ok: true, e164, kind });
  });

  it.each(['12', '800 123456', '899 123456', 'chiamare la figlia', '+39 06'])('refuses %s', (input) => {
    expect(normalizeStaffPhone(input)).toEqual({ ok: false });
  });
});
