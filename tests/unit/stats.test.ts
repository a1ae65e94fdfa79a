import { describe, expect, it } from 'vitest';
import {
  isoWeekStart,
  isValidMonth,
  lastIsoWeeks,
  median,
  monthOf,
  monthPeriod,
  noShowRate,
} from '../../worker/src/domain/stats';

const ROME = 'Europe/Rome';
const HOUR = 3_600_000;

describe('median', () => {
  it('is null for no values, the middle one for an odd count, the mean of the two middle ones for an even count', () => {
    expect(median([])).toBeNull();
    expect(median([30, 5, 600])).toBe(30);
    expect(median([10, 40, 20, 1000])).toBe(30);
  });
  it('does not reorder its input', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('noShowRate', () => {
  it('is no-shows over appointments with an outcome, null when there is none', () => {
    expect(noShowRate(3, 1)).toBe(0.25);
    expect(noShowRate(0, 0)).toBeNull();
    expect(noShowRate(0, 2)).toBe(1);
  });
});

describe('months', () => {
  it('accepts YYYY-MM with a real month only', () => {
    expect(isValidMonth('2026-10')).toBe(true);
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-10', '2026-10-01', '1999-12', '']) {
      expect(isValidMonth(bad)).toBe(false);
    }
  });
  it('bounds a month by local midnights, across the October DST change and a year end', () => {
    const oct = monthPeriod('2026-10', ROME);
    expect(oct).toMatchObject({ from: '2026-10-01', until: '2026-11-01' });
    expect(oct.startAt).toBe(Date.parse('2026-09-30T22:00:00Z'));
    expect(oct.endAt).toBe(Date.parse('2026-10-31T23:00:00Z'));
    expect(monthPeriod('2026-12', ROME)).toMatchObject({ from: '2026-12-01', until: '2027-01-01' });
  });
  it('reads the month of an instant in the desk zone', () => {
    expect(monthOf(Date.parse('2026-10-31T23:30:00Z'), ROME)).toBe('2026-11');
    expect(monthOf(Date.parse('2026-10-31T22:30:00Z'), ROME)).toBe('2026-10');
  });
});

describe('ISO weeks', () => {
  it('starts a week on Monday', () => {
    expect(isoWeekStart('2026-03-29')).toBe('2026-03-23');
    expect(isoWeekStart('2026-03-23')).toBe('2026-03-23');
    expect(isoWeekStart('2027-01-01')).toBe('2026-12-28');
  });
  it('lists the last weeks oldest first, ending with the current one, with DST weeks 167 and 169 hours long', () => {
    const weeks = lastIsoWeeks('2026-04-01', 12, ROME);
    expect(weeks).toHaveLength(12);
    expect(weeks[11]).toMatchObject({ from: '2026-03-30', until: '2026-04-06' });
    expect(weeks[0]?.from).toBe('2026-01-12');
    const dst = weeks[10];
    expect(dst).toMatchObject({ from: '2026-03-23', until: '2026-03-30' });
    expect(((dst?.endAt ?? 0) - (dst?.startAt ?? 0)) / HOUR).toBe(167);
    const autumn = lastIsoWeeks('2026-10-25', 1, ROME)[0];
    expect(((autumn?.endAt ?? 0) - (autumn?.startAt ?? 0)) / HOUR).toBe(169);
  });
});
