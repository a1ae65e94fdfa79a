import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeText, unsafeTextFields } from '../../worker/src/validation/text';

const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
const LONE = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];

describe('isSafeText', () => {
  it('accepts ordinary text in any script, emoji included', () => {
    for (const s of ['Maria Rossi', 'Ñúñez', 'محمد علي', 'Олена', '李雷', 'Ana 👩🏽‍💼', 'a\tb\nc', '']) {
      expect(isSafeText(s)).toBe(true);
    }
  });

  it('refuses any bidi control or lone surrogate, wherever it stands', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(...BIDI, ...LONE), fc.string(), (before, bad, after) => {
        // A high half right before a low one would pair up: keep the neighbours out of the surrogate range.
        const clean = (s: string) => s.replace(/[\uD800-\uDFFF]/g, 'x');
        expect(isSafeText(clean(before) + bad + clean(after))).toBe(false);
      }),
    );
  });

  it('accepts every well-formed string without bidi controls', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        fc.pre(!/[\u202A-\u202E\u2066-\u2069]/.test(s));
        expect(isSafeText(s)).toBe(true);
      }),
    );
  });
});

describe('unsafeTextFields', () => {
  it('names the top-level field that holds unsafe text at any depth, in the caller’s language', () => {
    expect(unsafeTextFields({ name: 'Maria', note: 'ok' }, 'it')).toBeUndefined();
    expect(unsafeTextFields({ name: 'Ma\u202Eria', tags: [{ x: '\uD800' }], n: 3 }, 'en')).toEqual({
      name: 'Contains characters that are not allowed. Please type it again rather than pasting it.',
      tags: 'Contains characters that are not allowed. Please type it again rather than pasting it.',
    });
    expect(unsafeTextFields('\u202E', 'it')).toBeUndefined();
  });
});
