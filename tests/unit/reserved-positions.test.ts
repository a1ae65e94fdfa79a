import { describe, expect, it } from 'vitest';
import { isReservedPosition } from '../../worker/src/domain/availability';

const reserved = (positions: number, share: number) =>
  Array.from({ length: positions }, (_, k) => k).filter((k) => isReservedPosition(k, share));

describe('reserved positions', () => {
  it('spreads the share evenly along a shift, rounding to the nearest whole slot', () => {
    expect(reserved(10, 30)).toEqual([1, 4, 8]);
    expect(reserved(3, 30)).toEqual([1]);
    expect(reserved(6, 50)).toEqual([0, 2, 4]);
    expect(reserved(8, 90)).toHaveLength(7);
    expect(reserved(12, 0)).toEqual([]);
  });

  it('keeps each share close to its percentage on long shifts', () => {
    for (const share of [5, 10, 25, 33, 40, 75, 90]) {
      expect(Math.abs(reserved(100, share).length - share)).toBeLessThanOrEqual(1);
    }
  });
});
