import { describe, expect, it } from 'vitest';
import { MAX_SERIES_COUNT, occurrenceProblem, seriesStarts } from '../../worker/src/domain/series';
import { isExtraText, overNumberCaps } from '../../worker/src/outbox/policy';

const ROME = 'Europe/Rome';
const iso = (t: number) => new Date(t).toISOString();

describe('seriesStarts', () => {
  it('keeps the local time when the clocks go forward (29 March 2026) and back (25 October 2026)', () => {
    // Wednesday 18 March 10:30 CET, every 2 weeks: 1 April is CEST.
    expect(seriesStarts(Date.parse('2026-03-18T10:30:00+01:00'), ROME, 3, 2).map(iso)).toEqual([
      '2026-03-18T09:30:00.000Z',
      '2026-04-01T08:30:00.000Z',
      '2026-04-15T08:30:00.000Z',
    ]);
    expect(seriesStarts(Date.parse('2026-10-21T10:30:00+02:00'), ROME, 2, 1).map(iso)).toEqual([
      '2026-10-21T08:30:00.000Z',
      '2026-10-28T09:30:00.000Z',
    ]);
  });

  it('gives one meeting when there is no series', () => {
    const t = Date.parse('2026-10-21T10:30:00+02:00');
    expect(seriesStarts(t, ROME, 1, 3)).toEqual([t]);
  });
});

describe('occurrenceProblem', () => {
  const rules = { now: Date.parse('2026-10-12T08:00:00Z'), timeZone: ROME, horizonDays: 60, closures: [] };
  const facts = (date: string, more: Partial<Parameters<typeof occurrenceProblem>[0]> = {}) => ({
    start: Date.parse(`${date}T10:00:00+01:00`),
    date,
    volunteerId: 'v1',
    free: false,
    freeWithoutBookings: false,
    ...more,
  });

  it('says nothing about a free meeting, and gives the most telling reason first', () => {
    expect(occurrenceProblem(facts('2026-12-08', { free: true }), rules)).toBeUndefined();
    expect(occurrenceProblem(facts('2026-10-01'), rules)).toBe('past');
    // The Immaculate Conception is a holiday even when someone's booking also blocks the time.
    expect(occurrenceProblem(facts('2026-12-08', { freeWithoutBookings: true }), rules)).toBe('holiday');
    const closures = [
      { volunteerId: null, dateFrom: '2026-11-02', dateTo: '2026-11-03' },
      { volunteerId: 'v1', dateFrom: '2026-11-04', dateTo: '2026-11-04' },
    ];
    expect(occurrenceProblem(facts('2026-11-03'), { ...rules, closures })).toBe('closed');
    expect(occurrenceProblem(facts('2026-11-04'), { ...rules, closures })).toBe('absent');
    expect(occurrenceProblem(facts('2026-11-04', { volunteerId: undefined }), { ...rules, closures })).toBe('no_shift');
    expect(occurrenceProblem(facts('2026-12-14'), rules)).toBe('horizon');
    expect(occurrenceProblem(facts('2026-11-05', { freeWithoutBookings: true }), rules)).toBe('taken');
  });
});

describe('a series’ confirmations and the SMS caps', () => {
  it('all go out under the default per-number caps, even after two texts that day', () => {
    const extra = isExtraText('confirmation', true);
    expect(extra).toBe(false);
    const claimed = Array.from({ length: MAX_SERIES_COUNT }, (_, i) => ({ id: `c${i}`, recipient: '+39347', extra }));
    const already = new Map([['+39347', { total: 2, extra: 1 }]]);
    expect(overNumberCaps(claimed, already, { perNumberDaily: 3, perNumberDailyTotal: 8 }).size).toBe(0);
  });
});
