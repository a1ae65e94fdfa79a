import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zonedParts } from '../../worker/src/domain/time';
import {
  isQuietMinute,
  localMonthStart,
  MAX_ATTEMPTS,
  nextAllowedInstant,
  reminderMoment,
  reminderRun,
  retryDelayMs,
  wantsReminder,
  warrants,
  type WarrantBooking,
} from '../../worker/src/outbox/policy';

const ROME = 'Europe/Rome';
const iso = (ms: number) => new Date(ms).toISOString();
const QUIET = [21 * 60, 8 * 60] as const;

describe('reminderMoment', () => {
  it('is the reminder hour, local time, on the calendar day before, across both DST changes', () => {
    // Appointment date → 18:00 Rome the day before, in UTC.
    const cases: [string, string][] = [
      ['2026-10-14', '2026-10-13T16:00:00.000Z'],
      ['2026-03-28', '2026-03-27T17:00:00.000Z'],
      ['2026-03-29', '2026-03-28T17:00:00.000Z'], // the eve is still winter time
      ['2026-03-30', '2026-03-29T16:00:00.000Z'], // the eve is the 23-hour day, already summer time
      ['2026-10-24', '2026-10-23T16:00:00.000Z'],
      ['2026-10-25', '2026-10-24T16:00:00.000Z'], // the eve is still summer time
      ['2026-10-26', '2026-10-25T17:00:00.000Z'], // the eve is the 25-hour day, already winter time
    ];
    for (const [date, expected] of cases) expect(iso(reminderMoment(date, 18, ROME)), date).toBe(expected);
  });

  it('follows the desk reminder hour and time zone', () => {
    expect(iso(reminderMoment('2026-10-14', 9, ROME))).toBe('2026-10-13T07:00:00.000Z');
    expect(iso(reminderMoment('2026-10-14', 18, 'America/New_York'))).toBe('2026-10-13T22:00:00.000Z');
  });
});

describe('reminderRun', () => {
  it('fires from the local reminder hour to midnight, for the local date of tomorrow', () => {
    // 16:00 and 17:00 UTC are the two cron hours; only the one that is 18:00 in Rome is due.
    expect(reminderRun(Date.parse('2026-10-13T16:00:00Z'), 18, ROME)).toEqual({
      due: true,
      date: '2026-10-14',
      moment: Date.parse('2026-10-13T16:00:00Z'),
    });
    expect(reminderRun(Date.parse('2026-10-13T15:50:00Z'), 18, ROME)).toEqual({ due: false });
    // Winter: 16:00 UTC is 17:00 in Rome, too early; 17:00 UTC is 18:00.
    expect(reminderRun(Date.parse('2026-10-25T16:00:00Z'), 18, ROME)).toEqual({ due: false });
    expect(reminderRun(Date.parse('2026-10-25T17:00:00Z'), 18, ROME)).toMatchObject({ due: true, date: '2026-10-26' });
    // The eve of the spring change is still winter; the day of the change is summer.
    expect(reminderRun(Date.parse('2026-03-28T16:00:00Z'), 18, ROME)).toEqual({ due: false });
    expect(reminderRun(Date.parse('2026-03-28T17:00:00Z'), 18, ROME)).toMatchObject({ due: true, date: '2026-03-29' });
    expect(reminderRun(Date.parse('2026-03-29T16:00:00Z'), 18, ROME)).toMatchObject({ due: true, date: '2026-03-30' });
    // A later tick the same evening catches up; after local midnight "tomorrow" is the next date, not yet due.
    expect(reminderRun(Date.parse('2026-10-13T21:50:00Z'), 18, ROME)).toMatchObject({ due: true, date: '2026-10-14' });
    expect(reminderRun(Date.parse('2026-10-13T22:10:00Z'), 18, ROME)).toEqual({ due: false });
  });
});

describe('wantsReminder', () => {
  it('is true only for a booking confirmed before the reminder moment', () => {
    const moment = Date.parse('2026-10-13T16:00:00Z');
    expect(wantsReminder(moment - 1, '2026-10-14', 18, ROME)).toBe(true);
    expect(wantsReminder(moment, '2026-10-14', 18, ROME)).toBe(false);
    expect(wantsReminder(moment + 30 * 60_000, '2026-10-14', 18, ROME)).toBe(false);
  });
});

describe('nextAllowedInstant', () => {
  it('is now outside quiet hours and the local end of quiet hours inside them', () => {
    const noon = Date.parse('2026-10-13T10:00:00Z');
    expect(nextAllowedInstant(noon, ...QUIET, ROME)).toBe(noon);
    // 22:00 Rome → 08:00 Rome the next morning; 07:00 Rome → 08:00 the same morning.
    expect(iso(nextAllowedInstant(Date.parse('2026-10-13T20:00:00Z'), ...QUIET, ROME))).toBe(
      '2026-10-14T06:00:00.000Z',
    );
    expect(iso(nextAllowedInstant(Date.parse('2026-10-14T05:00:00Z'), ...QUIET, ROME))).toBe(
      '2026-10-14T06:00:00.000Z',
    );
    // The window is [start, end): 21:00 is quiet, 08:00 is not.
    expect(iso(nextAllowedInstant(Date.parse('2026-10-13T19:00:00Z'), ...QUIET, ROME))).toBe(
      '2026-10-14T06:00:00.000Z',
    );
    const eight = Date.parse('2026-10-14T06:00:00Z');
    expect(nextAllowedInstant(eight, ...QUIET, ROME)).toBe(eight);
  });

  it('ends at 08:00 local on the nights the clocks change', () => {
    expect(iso(nextAllowedInstant(Date.parse('2026-03-28T21:00:00Z'), ...QUIET, ROME))).toBe(
      '2026-03-29T06:00:00.000Z',
    );
    expect(iso(nextAllowedInstant(Date.parse('2026-10-24T20:00:00Z'), ...QUIET, ROME))).toBe(
      '2026-10-25T07:00:00.000Z',
    );
  });

  it('handles a window within one day, and no window at all', () => {
    const lunch = Date.parse('2026-10-13T11:30:00Z'); // 13:30 Rome
    expect(iso(nextAllowedInstant(lunch, 13 * 60, 14 * 60, ROME))).toBe('2026-10-13T12:00:00.000Z');
    expect(nextAllowedInstant(lunch, 14 * 60, 15 * 60, ROME)).toBe(lunch);
    expect(nextAllowedInstant(lunch, 600, 600, ROME)).toBe(lunch);
  });
});

describe('nextAllowedInstant as the dispatcher reads it', () => {
  it('is later than now exactly when the local minute is quiet, in any zone and across DST nights', () => {
    const zones = ['Europe/Rome', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.constantFrom(...zones),
        (now, start, end, zone) => {
          const p = zonedParts(now, zone);
          const quiet = isQuietMinute(p.hour * 60 + p.minute, start, end);
          const next = nextAllowedInstant(now, start, end, zone);
          expect(next > now).toBe(quiet);
          if (!quiet) expect(next).toBe(now);
          else {
            // The end of the window is outside it.
            const q = zonedParts(next, zone);
            expect(isQuietMinute(q.hour * 60 + q.minute, start, end)).toBe(false);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('holds back the repeated hour of the autumn night until the second 02:30', () => {
    // 25 October 2026: 02:00–03:00 happens twice in Rome; the second 02:15 is 01:15 UTC.
    const second = Date.parse('2026-10-25T01:15:00Z');
    expect(iso(nextAllowedInstant(second, 60, 150, ROME))).toBe('2026-10-25T01:30:00.000Z');
  });
});

describe('retryDelayMs', () => {
  it('waits 1 min, 5 min, 30 min, then 2 h for every later attempt', () => {
    const min = 60_000;
    expect([1, 2, 3, 4, 5, MAX_ATTEMPTS].map(retryDelayMs)).toEqual([
      min,
      5 * min,
      30 * min,
      120 * min,
      120 * min,
      120 * min,
    ]);
    expect(retryDelayMs(0)).toBe(min);
  });
});

describe('localMonthStart', () => {
  it('is local midnight of the 1st, in the desk zone', () => {
    expect(iso(localMonthStart(Date.parse('2026-10-12T08:00:00Z'), ROME))).toBe('2026-09-30T22:00:00.000Z');
    // 23:30 UTC on 31 October is already November in Rome (winter time, +01:00).
    expect(iso(localMonthStart(Date.parse('2026-10-31T23:30:00Z'), ROME))).toBe('2026-10-31T23:00:00.000Z');
    expect(iso(localMonthStart(Date.parse('2026-03-15T12:00:00Z'), ROME))).toBe('2026-02-28T23:00:00.000Z');
  });
});

describe('warrants', () => {
  const NOW = Date.parse('2026-10-12T08:00:00Z');
  const booking = (over: Partial<WarrantBooking> = {}): WarrantBooking => ({
    status: 'confirmed',
    startAt: NOW + 3_600_000,
    endAt: NOW + 5_400_000,
    icalSequence: 0,
    erased: false,
    ...over,
  });
  const msg = (kind: Parameters<typeof warrants>[0]['kind'], seq = 0) => ({ kind, seq, complete: true });

  it('sends good news only before the start, for the current time and state', () => {
    expect(warrants(msg('confirmation'), booking(), NOW)).toBe(true);
    expect(warrants(msg('confirmation'), booking({ startAt: NOW }), NOW)).toBe(false);
    expect(warrants(msg('reminder'), booking({ icalSequence: 1 }), NOW)).toBe(false);
    expect(warrants(msg('reschedule', 1), booking({ status: 'requested', icalSequence: 1 }), NOW)).toBe(true);
    expect(warrants(msg('reminder'), booking({ status: 'cancelled' }), NOW)).toBe(false);
  });

  it('sends bad news until the end, never after erasure or without a body', () => {
    const over = booking({ status: 'cancelled', startAt: NOW - 60_000, endAt: NOW + 60_000 });
    expect(warrants(msg('cancellation'), over, NOW)).toBe(true);
    expect(warrants(msg('cancellation'), { ...over, endAt: NOW }, NOW)).toBe(false);
    expect(warrants(msg('expiry'), booking({ status: 'expired' }), NOW)).toBe(true);
    expect(warrants(msg('rejection'), booking({ status: 'rejected', erased: true }), NOW)).toBe(false);
    expect(warrants({ ...msg('confirmation'), complete: false }, booking(), NOW)).toBe(false);
  });
});
