import { describe, expect, it } from 'vitest';
import { BOOKING_STATUSES } from '../../worker/src/domain/vocabulary';
import { budgetState, isExtraText, overNumberCaps, textsAbout } from '../../worker/src/outbox/policy';

const caps = { perNumberDaily: 3, perNumberDailyTotal: 8 };
const m = (id: string, recipient = '+39347', extra = true) => ({ id, recipient, extra });

describe('textsAbout', () => {
  it('texts about an unconfirmed request only when the desk turned request SMS on', () => {
    expect(textsAbout('requested', false)).toBe(false);
    expect(textsAbout('requested', true)).toBe(true);
    for (const s of BOOKING_STATUSES.filter((x) => x !== 'requested')) expect(textsAbout(s, false)).toBe(true);
  });
});

describe('isExtraText', () => {
  it('confirmation, reminders and changes of a confirmed booking are not extra; the rest is', () => {
    for (const confirmed of [true, false]) {
      expect(isExtraText('confirmation', confirmed)).toBe(false);
      expect(isExtraText('reminder', confirmed)).toBe(false);
      expect(isExtraText('reschedule', confirmed)).toBe(false);
      expect(isExtraText('rejection', confirmed)).toBe(true);
      expect(isExtraText('expiry', confirmed)).toBe(true);
    }
    expect(isExtraText('cancellation', true)).toBe(false);
    expect(isExtraText('cancellation', false)).toBe(true);
  });
});

describe('overNumberCaps', () => {
  it('lets through 3 extra texts a day to one number, in claim order, and drops the rest', () => {
    const over = overNumberCaps([m('a'), m('b'), m('c'), m('d'), m('e')], new Map(), caps);
    expect([...over]).toEqual(['d', 'e']);
  });

  it('counts what the number already had, and essential texts only against the total', () => {
    const already = new Map([['+39347', { total: 6, extra: 2 }]]);
    const over = overNumberCaps([m('x'), m('y'), m('z', '+39347', false), m('w', '+39347', false)], already, caps);
    // x takes the last extra place (3), y is over it; z takes the last total place (8), w is over it.
    expect([...over].sort()).toEqual(['w', 'y']);
  });

  it('keeps numbers apart', () => {
    const claimed = ['1', '2', '3', '4'].flatMap((n) => [m(`a${n}`, 'A'), m(`b${n}`, 'B')]);
    expect([...overNumberCaps(claimed, new Map(), caps)].sort()).toEqual(['a4', 'b4']);
  });

  it('a cap of 0 extra texts lets only essential ones through', () => {
    const over = overNumberCaps([m('a'), m('b', '+39347', false)], new Map(), { ...caps, perNumberDaily: 0 });
    expect([...over]).toEqual(['a']);
  });
});

describe('budgetState', () => {
  it('is near from 80 % and exhausted at the budget', () => {
    expect(budgetState(399, 500)).toBe('ok');
    expect(budgetState(400, 500)).toBe('near');
    expect(budgetState(499, 500)).toBe('near');
    expect(budgetState(500, 500)).toBe('exhausted');
    expect(budgetState(0, 0)).toBe('exhausted');
  });
});
