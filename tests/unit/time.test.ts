import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatIsoWithOffset,
  isoWeekday,
  isValidDate,
  localToInstant,
  offsetMinutesAt,
  parseIsoInstant,
  resolveLocal,
  zonedParts,
} from '../../worker/src/domain/time';

const ROME = 'Europe/Rome';
const HOUR = 3_600_000;
const utc = (iso: string) => Date.parse(iso);

describe('zonedParts and offsetMinutesAt in Europe/Rome', () => {
  it('switches from +01:00 to +02:00 at 01:00 UTC on 2026-03-29', () => {
    expect(offsetMinutesAt(utc('2026-03-29T00:59:59Z'), ROME)).toBe(60);
    expect(offsetMinutesAt(utc('2026-03-29T01:00:00Z'), ROME)).toBe(120);
    expect(zonedParts(utc('2026-03-29T00:59:00Z'), ROME)).toMatchObject({ date: '2026-03-29', time: '01:59' });
    expect(zonedParts(utc('2026-03-29T01:00:00Z'), ROME)).toMatchObject({ date: '2026-03-29', time: '03:00' });
  });

  it('switches from +02:00 back to +01:00 at 01:00 UTC on 2026-10-25', () => {
    expect(offsetMinutesAt(utc('2026-10-25T00:59:59Z'), ROME)).toBe(120);
    expect(offsetMinutesAt(utc('2026-10-25T01:00:00Z'), ROME)).toBe(60);
    // 02:30 happens twice: once in summer time, once an hour later in winter time.
    expect(zonedParts(utc('2026-10-25T00:30:00Z'), ROME)).toMatchObject({ time: '02:30', offsetMinutes: 120 });
    expect(zonedParts(utc('2026-10-25T01:30:00Z'), ROME)).toMatchObject({ time: '02:30', offsetMinutes: 60 });
  });

  it('gives the local date, 24-hour time and ISO weekday, not the UTC ones', () => {
    // 23:30 UTC on Saturday is already Sunday 00:30 in Rome (winter).
    expect(zonedParts(utc('2026-01-10T23:30:00Z'), ROME)).toEqual({
      date: '2026-01-11',
      time: '00:30',
      hour: 0,
      minute: 30,
      weekday: 7,
      offsetMinutes: 60,
    });
    expect(zonedParts(utc('2026-07-15T13:45:00Z'), ROME)).toEqual({
      date: '2026-07-15',
      time: '15:45',
      hour: 15,
      minute: 45,
      weekday: 3,
      offsetMinutes: 120,
    });
  });

  it('works for other zones, including negative and half-hour offsets', () => {
    expect(offsetMinutesAt(utc('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(offsetMinutesAt(utc('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(offsetMinutesAt(utc('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(zonedParts(utc('2026-01-15T03:00:00Z'), 'America/New_York')).toMatchObject({
      date: '2026-01-14',
      time: '22:00',
    });
    expect(offsetMinutesAt(utc('2026-07-15T12:00:00Z'), 'UTC')).toBe(0);
  });
});

describe('localToInstant', () => {
  it('maps ordinary wall-clock times with the offset in force', () => {
    expect(localToInstant('2026-01-15', 10 * 60 + 30, ROME)).toBe(utc('2026-01-15T09:30:00Z'));
    expect(localToInstant('2026-07-15', 10 * 60 + 30, ROME)).toBe(utc('2026-07-15T08:30:00Z'));
    expect(localToInstant('2026-07-15', 0, 'America/New_York')).toBe(utc('2026-07-15T04:00:00Z'));
  });

  it('moves a time in the spring gap forward by the gap (02:30 → 03:30 on 2026-03-29)', () => {
    expect(localToInstant('2026-03-29', 2 * 60, ROME)).toBe(utc('2026-03-29T01:00:00Z'));
    expect(localToInstant('2026-03-29', 2 * 60 + 30, ROME)).toBe(utc('2026-03-29T01:30:00Z'));
    expect(zonedParts(localToInstant('2026-03-29', 2 * 60 + 30, ROME), ROME).time).toBe('03:30');
    expect(localToInstant('2026-03-29', 3 * 60, ROME)).toBe(utc('2026-03-29T01:00:00Z'));
    expect(localToInstant('2026-03-29', 60 + 59, ROME)).toBe(utc('2026-03-29T00:59:00Z'));
  });

  it('takes the earlier instant for a time repeated in the autumn overlap', () => {
    expect(localToInstant('2026-10-25', 2 * 60, ROME)).toBe(utc('2026-10-25T00:00:00Z'));
    expect(localToInstant('2026-10-25', 2 * 60 + 30, ROME)).toBe(utc('2026-10-25T00:30:00Z'));
    expect(localToInstant('2026-10-25', 3 * 60, ROME)).toBe(utc('2026-10-25T02:00:00Z'));
    expect(resolveLocal('2026-10-25', 2 * 60 + 30, ROME)).toEqual({
      epochMs: utc('2026-10-25T00:30:00Z'),
      offsetMinutes: 120,
    });
  });

  it('makes the clock-change Sundays 23 and 25 hours long and other days 24', () => {
    const length = (date: string) => localToInstant(date, 1440, ROME) - localToInstant(date, 0, ROME);
    expect(length('2026-03-28')).toBe(24 * HOUR);
    expect(length('2026-03-29')).toBe(23 * HOUR);
    expect(length('2026-03-30')).toBe(24 * HOUR);
    expect(length('2026-10-24')).toBe(24 * HOUR);
    expect(length('2026-10-25')).toBe(25 * HOUR);
    expect(length('2026-10-26')).toBe(24 * HOUR);
    expect(length('2027-03-28')).toBe(23 * HOUR);
    expect(length('2027-10-31')).toBe(25 * HOUR);
  });

  it('never lands on a non-existent 02:xx on 2026-03-29', () => {
    for (let m = 0; m < 1440; m++) {
      const p = zonedParts(localToInstant('2026-03-29', m, ROME), ROME);
      expect(p.date).toBe('2026-03-29');
      expect(p.hour).not.toBe(2);
    }
  });

  it('round-trips with zonedParts for any instant from 2020 to 2035 (property)', () => {
    const minute = 60_000;
    fc.assert(
      fc.property(
        fc.integer({ min: utc('2020-01-01T00:00:00Z') / minute, max: utc('2035-12-31T00:00:00Z') / minute }),
        fc.constantFrom(ROME, 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'UTC'),
        (minutes, tz) => {
          const t = minutes * minute;
          const p = zonedParts(t, tz);
          const back = localToInstant(p.date, p.hour * 60 + p.minute, tz);
          if (back !== t) {
            // Only the second pass through a repeated hour maps back to its earlier twin.
            expect(back).toBeLessThan(t);
            expect(zonedParts(back, tz)).toMatchObject({ date: p.date, time: p.time });
            expect(offsetMinutesAt(back, tz)).toBeGreaterThan(p.offsetMinutes);
          }
          expect(p.offsetMinutes).toBe(offsetMinutesAt(t, tz));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('lands on the asked wall-clock time, or later by the gap, for any date and minute (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 12 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.constantFrom(ROME, 'America/New_York', 'Australia/Sydney'),
        (dayIndex, m, tz) => {
          const date = addDays('2024-01-01', dayIndex);
          const p = zonedParts(localToInstant(date, m, tz), tz);
          const got = daysBetween(date, p.date) * 1440 + p.hour * 60 + p.minute;
          expect(got === m || got === m + 60).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('calendar helpers', () => {
  it('adds days across months, leap years and years', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    // Across a clock change "tomorrow" is still the next calendar date.
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
  });

  it('gives ISO weekdays and day differences', () => {
    expect(isoWeekday('2026-10-12')).toBe(1);
    expect(isoWeekday('2026-10-18')).toBe(7);
    expect(isoWeekday('2026-03-29')).toBe(7);
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2026-03-30', '2026-03-28')).toBe(-2);
  });

  it('accepts only real calendar dates written YYYY-MM-DD', () => {
    expect(isValidDate('2026-10-14')).toBe(true);
    expect(isValidDate('2028-02-29')).toBe(true);
    for (const bad of [
      '2026-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-1-5',
      '26-10-14',
      '2026-10-14T00:00',
      '',
      'oggi',
    ]) {
      expect(isValidDate(bad), bad).toBe(false);
    }
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('ISO 8601 with offsets', () => {
  it('formats an instant with the given offset', () => {
    expect(formatIsoWithOffset(utc('2026-10-14T08:30:00Z'), 120)).toBe('2026-10-14T10:30:00+02:00');
    expect(formatIsoWithOffset(utc('2026-12-31T23:30:00Z'), 60)).toBe('2027-01-01T00:30:00+01:00');
    expect(formatIsoWithOffset(utc('2026-01-15T03:00:00Z'), -300)).toBe('2026-01-14T22:00:00-05:00');
    expect(formatIsoWithOffset(utc('2026-07-15T12:00:00Z'), 330)).toBe('2026-07-15T17:30:00+05:30');
    expect(formatIsoWithOffset(utc('2026-07-15T12:00:00Z'), 0)).toBe('2026-07-15T12:00:00+00:00');
  });

  it('parses instants with Z or an explicit offset', () => {
    expect(parseIsoInstant('2026-10-14T10:30:00+02:00')).toBe(utc('2026-10-14T08:30:00Z'));
    expect(parseIsoInstant('2026-10-14T10:30+02:00')).toBe(utc('2026-10-14T08:30:00Z'));
    expect(parseIsoInstant('2026-10-14T08:30:00Z')).toBe(utc('2026-10-14T08:30:00Z'));
    expect(parseIsoInstant('2026-10-14T08:30:00.250Z')).toBe(utc('2026-10-14T08:30:00.250Z'));
    expect(parseIsoInstant('2026-01-14T22:00:00-05:00')).toBe(utc('2026-01-15T03:00:00Z'));
  });

  it('rejects anything without an offset, malformed or out of range', () => {
    for (const bad of [
      '2026-10-14T10:30:00',
      '2026-10-14',
      '2026-10-14 10:30:00Z',
      '2026-10-14T10:30:00z',
      '2026-10-14T24:00:00Z',
      '2026-10-14T10:60:00Z',
      '2026-10-14T10:30:60Z',
      '2026-02-30T10:00:00Z',
      '2026-13-01T10:00:00Z',
      '2026-10-14T10:30:00+0200',
      '2026-10-14T10:30:00+24:00',
      '2026-10-14T10:30:00.5Z',
      ' 2026-10-14T10:30:00Z',
      '1760430600000',
      '',
    ]) {
      expect(parseIsoInstant(bad), bad).toBeNull();
    }
  });

  it('round-trips a formatted instant (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: utc('2000-01-01T00:00:00Z'), max: utc('2099-12-31T00:00:00Z') }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (t, offset) => {
          expect(parseIsoInstant(formatIsoWithOffset(t, offset))).toBe(t);
        },
      ),
    );
  });
});

describe('zonedParts against Intl', () => {
  // zonedParts reads a memo of whole-hour offsets (time.ts): it must agree with Intl itself, read here by
  // part types, at every second, in zones whose clocks change by half an hour, at odd minutes or twice a
  // year, across the clock changes and in the years of local mean time (offsets with seconds).
  const ZONES = [
    ROME,
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'America/St_Johns',
    'Africa/Casablanca',
  ];
  const formats = new Map<string, Intl.DateTimeFormat>();
  const intlParts = (t: number, tz: string) => {
    const format =
      formats.get(tz) ??
      new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      });
    formats.set(tz, format);
    const parts = format.formatToParts(t);
    const part = (type: string) => parts.find((x) => x.type === type)!.value;
    return {
      date: `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`,
      time: `${String(Number(part('hour')) % 24).padStart(2, '0')}:${part('minute')}`,
    };
  };

  it('agrees with Intl at any instant, 1850 to 2100, in zones with odd offsets (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: utc('1850-01-01T00:00:00Z'), max: utc('2100-01-01T00:00:00Z') }),
        fc.constantFrom(...ZONES),
        (t, tz) => {
          const p = zonedParts(t, tz);
          expect({ date: p.date, time: p.time }).toEqual(intlParts(t, tz));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with Intl minute by minute through the clock changes of 2026', () => {
    let changes = 0;
    for (const tz of ZONES) {
      for (let hour = utc('2026-01-01T00:00:00Z') / HOUR; hour < utc('2027-01-01T00:00:00Z') / HOUR; hour++) {
        const start = hour * HOUR;
        // Found by Intl alone: the wall clock moves other than an hour in this one (its end included).
        const wall = (t: number) => Date.parse(`${intlParts(t, tz).date}T${intlParts(t, tz).time}:00Z`);
        if (wall(start + HOUR) - wall(start) === HOUR) continue;
        changes++;
        // An hour with a change in it: every minute, and the seconds either side of the change.
        for (let t = start - HOUR; t < start + 2 * HOUR; t += 60_000) {
          expect(zonedParts(t, tz), `${tz} ${new Date(t).toISOString()}`).toMatchObject(intlParts(t, tz));
          expect(zonedParts(t + 59_999, tz)).toMatchObject(intlParts(t + 59_999, tz));
        }
      }
    }
    // Rome, Lord Howe (by half an hour, in mid-hour), Chatham and St John's change twice in 2026;
    // Casablanca around Ramadan; Kathmandu never.
    expect(changes).toBeGreaterThanOrEqual(8);
  });
});
