import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAvailability, findSlot } from '../../worker/src/domain/availability';
import { isNationalHoliday } from '../../worker/src/domain/holidays';
import { addDays, daysBetween, isoWeekday, localToInstant, zonedParts } from '../../worker/src/domain/time';
import type {
  AvailabilityData,
  AvailabilityDay,
  AvailabilityQuery,
  BookingRules,
  BusyInterval,
  ClosureRule,
  ServiceRule,
  ShiftRule,
} from '../../worker/src/domain/types';
import type { Mode } from '../../worker/src/domain/vocabulary';

const ROME = 'Europe/Rome';
const MINUTE = 60_000;
const at = (date: string, hhmm: string) =>
  localToInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)), ROME);
const min = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function service(overrides: Partial<ServiceRule> = {}): ServiceRule {
  return { id: 'svc', durationMinutes: 60, allowsInPerson: true, allowsRemote: true, ...overrides };
}

function shift(
  volunteerId: string,
  weekday: number,
  from: string,
  to: string,
  overrides: Partial<ShiftRule> = {},
): ShiftRule {
  return {
    volunteerId,
    weekday,
    startMinute: min(from),
    endMinute: to === '24:00' ? 1440 : min(to),
    allowsInPerson: true,
    allowsRemote: true,
    validFrom: null,
    validTo: null,
    ...overrides,
  };
}

function busy(volunteerId: string, date: string, from: string, to: string): BusyInterval {
  return { volunteerId, startAt: at(date, from), endAt: at(date, to) };
}

interface Setup {
  rules?: Partial<BookingRules>;
  volunteers?: Array<string | { id: string; active: boolean; takesVideoCalls?: boolean }>;
  shifts: ShiftRule[];
  closures?: ClosureRule[];
  bookings?: BusyInterval[];
}

function data(s: Setup): AvailabilityData {
  return {
    rules: { timeZone: ROME, minNoticeMinutes: 0, horizonDays: 365, slotGridMinutes: null, ...s.rules },
    volunteers: (s.volunteers ?? ['v1']).map((v) =>
      typeof v === 'string' ? { id: v, active: true, takesVideoCalls: true } : { takesVideoCalls: true, ...v },
    ),
    shifts: s.shifts,
    closures: s.closures ?? [],
    bookings: s.bookings ?? [],
  };
}

function query(from: string, to: string, overrides: Partial<AvailabilityQuery> = {}): AvailabilityQuery {
  // "now" well before the dates asked, unless a test cares.
  return { service: service(), mode: 'in_person', from, to, now: Date.parse('2026-01-01T00:00:00Z'), ...overrides };
}

const times = (days: AvailabilityDay[], date: string) =>
  days.find((d) => d.date === date)?.slots.map((s) => s.localTime) ?? [];
const dates = (days: AvailabilityDay[]) => days.map((d) => d.date);

// Monday 12 October 2026: an ordinary week in summer time (+02:00).
const MON = '2026-10-12';

describe('computeAvailability on ordinary days', () => {
  it('cuts a shift into service-long slots with exact instants, offset and local time', () => {
    const days = computeAvailability(query(MON, MON), data({ shifts: [shift('v1', 1, '09:00', '12:00')] }));
    expect(days).toHaveLength(1);
    expect(days[0]?.date).toBe(MON);
    expect(days[0]?.slots).toEqual([
      {
        start: Date.parse('2026-10-12T07:00:00Z'),
        end: Date.parse('2026-10-12T08:00:00Z'),
        offsetMinutes: 120,
        localTime: '09:00',
        volunteerIds: ['v1'],
      },
      {
        start: Date.parse('2026-10-12T08:00:00Z'),
        end: Date.parse('2026-10-12T09:00:00Z'),
        offsetMinutes: 120,
        localTime: '10:00',
        volunteerIds: ['v1'],
      },
      {
        start: Date.parse('2026-10-12T09:00:00Z'),
        end: Date.parse('2026-10-12T10:00:00Z'),
        offsetMinutes: 120,
        localTime: '11:00',
        volunteerIds: ['v1'],
      },
    ]);
  });

  it('uses the winter offset in winter and keeps afternoon times right', () => {
    const days = computeAvailability(
      query('2026-12-02', '2026-12-02'),
      data({ shifts: [shift('v1', 3, '14:00', '18:00')] }),
    );
    const slots = days[0]?.slots ?? [];
    expect(slots.map((s) => s.localTime)).toEqual(['14:00', '15:00', '16:00', '17:00']);
    expect(slots[0]?.start).toBe(Date.parse('2026-12-02T13:00:00Z'));
    expect(slots[3]?.start).toBe(Date.parse('2026-12-02T16:00:00Z'));
    expect(slots.every((s) => s.offsetMinutes === 60)).toBe(true);
  });

  it('returns only dates with slots, in order, with weekdays matched to shifts', () => {
    const d = data({ shifts: [shift('v1', 1, '09:00', '10:00'), shift('v1', 3, '09:00', '10:00')] });
    expect(dates(computeAvailability(query(MON, addDays(MON, 13)), d))).toEqual([
      '2026-10-12',
      '2026-10-14',
      '2026-10-19',
      '2026-10-21',
    ]);
  });

  it('steps by the service duration when no grid is set, and by the grid when it is', () => {
    const shifts = [shift('v1', 1, '09:00', '12:00')];
    const svc = service({ durationMinutes: 45 });
    expect(times(computeAvailability(query(MON, MON, { service: svc }), data({ shifts })), MON)).toEqual([
      '09:00',
      '09:45',
      '10:30',
      '11:15',
    ]);
    expect(
      times(
        computeAvailability(query(MON, MON, { service: svc }), data({ shifts, rules: { slotGridMinutes: 30 } })),
        MON,
      ),
    ).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00']);
    // A grid anchored at the shift start, not at the hour.
    const odd = [shift('v1', 1, '09:10', '11:00')];
    expect(
      times(computeAvailability(query(MON, MON), data({ shifts: odd, rules: { slotGridMinutes: 30 } })), MON),
    ).toEqual(['09:10', '09:40']);
  });

  it('keeps every slot end exactly start + duration', () => {
    const days = computeAvailability(
      query(MON, addDays(MON, 6), { service: service({ durationMinutes: 45 }) }),
      data({ shifts: [1, 2, 3, 4, 5].map((wd) => shift('v1', wd, '08:30', '19:00')), rules: { slotGridMinutes: 15 } }),
    );
    for (const day of days) for (const s of day.slots) expect(s.end - s.start).toBe(45 * MINUTE);
  });
});

describe('computeAvailability across clock changes in Europe/Rome', () => {
  const allDay = (wd: number) => shift('v1', wd, '00:00', '24:00');

  it('gives 23 hourly slots on Sunday 2026-03-29 and none at a non-existent 02:xx', () => {
    const days = computeAvailability(query('2026-03-29', '2026-03-29'), data({ shifts: [allDay(7)] }));
    const slots = days[0]?.slots ?? [];
    expect(slots).toHaveLength(23);
    expect(slots.map((s) => s.localTime)).toEqual([
      '00:00',
      '01:00',
      '03:00',
      '04:00',
      '05:00',
      '06:00',
      '07:00',
      '08:00',
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
      '17:00',
      '18:00',
      '19:00',
      '20:00',
      '21:00',
      '22:00',
      '23:00',
    ]);
    expect(slots.slice(0, 2).map((s) => s.offsetMinutes)).toEqual([60, 60]);
    expect(slots.slice(2).every((s) => s.offsetMinutes === 120)).toBe(true);
    for (const s of slots) {
      expect(zonedParts(s.start, ROME)).toMatchObject({
        date: '2026-03-29',
        time: s.localTime,
        offsetMinutes: s.offsetMinutes,
      });
    }
  });

  it('gives 25 hourly slots on Sunday 2026-10-25, with 02:00 twice', () => {
    const days = computeAvailability(query('2026-10-25', '2026-10-25'), data({ shifts: [allDay(7)] }));
    const slots = days[0]?.slots ?? [];
    expect(slots).toHaveLength(25);
    const twoAm = slots.filter((s) => s.localTime === '02:00');
    expect(twoAm.map((s) => s.offsetMinutes)).toEqual([120, 60]);
    expect(twoAm.map((s) => s.start)).toEqual([Date.parse('2026-10-25T00:00:00Z'), Date.parse('2026-10-25T01:00:00Z')]);
    for (const s of slots) expect(zonedParts(s.start, ROME)).toMatchObject({ date: '2026-10-25', time: s.localTime });
  });

  it('places afternoon slots right on the days around the March change', () => {
    const d = data({ shifts: [6, 7, 1].map((wd) => shift('v1', wd, '13:00', '16:00')) });
    const days = computeAvailability(query('2026-03-28', '2026-03-30'), d);
    const slot = (date: string, time: string) =>
      days.find((x) => x.date === date)?.slots.find((s) => s.localTime === time);
    expect(slot('2026-03-28', '14:00')).toMatchObject({ start: Date.parse('2026-03-28T13:00:00Z'), offsetMinutes: 60 });
    expect(slot('2026-03-29', '14:00')).toMatchObject({
      start: Date.parse('2026-03-29T12:00:00Z'),
      offsetMinutes: 120,
    });
    expect(slot('2026-03-30', '15:00')).toMatchObject({
      start: Date.parse('2026-03-30T13:00:00Z'),
      offsetMinutes: 120,
    });
    expect(times(days, '2026-03-29')).toEqual(['13:00', '14:00', '15:00']);
  });

  it('places afternoon slots right on the days around the October change', () => {
    const d = data({ shifts: [6, 7, 1].map((wd) => shift('v1', wd, '13:00', '16:00')) });
    const days = computeAvailability(query('2026-10-24', '2026-10-26'), d);
    const slot = (date: string, time: string) =>
      days.find((x) => x.date === date)?.slots.find((s) => s.localTime === time);
    expect(slot('2026-10-24', '14:00')).toMatchObject({
      start: Date.parse('2026-10-24T12:00:00Z'),
      offsetMinutes: 120,
    });
    expect(slot('2026-10-25', '14:00')).toMatchObject({ start: Date.parse('2026-10-25T13:00:00Z'), offsetMinutes: 60 });
    expect(slot('2026-10-26', '15:00')).toMatchObject({ start: Date.parse('2026-10-26T14:00:00Z'), offsetMinutes: 60 });
  });

  it('steps in real minutes through the gap, so a shift across it never offers 02:xx', () => {
    const d = data({ shifts: [shift('v1', 7, '01:00', '04:00')], rules: { slotGridMinutes: 30 } });
    const days = computeAvailability(query('2026-03-29', '2026-03-29'), d);
    // 01:00 CET to 04:00 CEST is two real hours.
    expect(times(days, '2026-03-29')).toEqual(['01:00', '01:30', '03:00']);
    const slots = days[0]?.slots ?? [];
    expect(slots[1]).toMatchObject({
      start: Date.parse('2026-03-29T00:30:00Z'),
      end: Date.parse('2026-03-29T01:30:00Z'),
    });
  });

  it('offers the repeated hour twice through the overlap', () => {
    const d = data({ shifts: [shift('v1', 7, '01:00', '04:00')], rules: { slotGridMinutes: 30 } });
    // 01:00 CEST to 04:00 CET is four real hours.
    expect(times(computeAvailability(query('2026-10-25', '2026-10-25'), d), '2026-10-25')).toEqual([
      '01:00',
      '01:30',
      '02:00',
      '02:30',
      '02:00',
      '02:30',
      '03:00',
    ]);
  });

  it('blocks the right hour when a booking sits in the overlap', () => {
    const d = data({
      shifts: [shift('v1', 7, '01:00', '04:00')],
      // The second 02:00 (winter time).
      bookings: [
        { volunteerId: 'v1', startAt: Date.parse('2026-10-25T01:00:00Z'), endAt: Date.parse('2026-10-25T02:00:00Z') },
      ],
    });
    const slots = computeAvailability(query('2026-10-25', '2026-10-25'), d)[0]?.slots ?? [];
    expect(slots.map((s) => `${s.localTime}${s.offsetMinutes === 60 ? '+1' : '+2'}`)).toEqual([
      '01:00+2',
      '02:00+2',
      '03:00+1',
    ]);
  });
});

describe('computeAvailability closed days', () => {
  const everyDay = [1, 2, 3, 4, 5, 6, 7].map((wd) => shift('v1', wd, '09:00', '10:00'));

  it('skips every Italian national holiday of 2026 and no other day', () => {
    const days = computeAvailability(
      query('2026-01-01', '2026-12-31'),
      data({ shifts: everyDay, rules: { horizonDays: 400 } }),
    );
    const open = new Set(dates(days));
    const closed: string[] = [];
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) if (!open.has(d)) closed.push(d);
    expect(closed).toEqual([
      '2026-01-01',
      '2026-01-06',
      '2026-04-06',
      '2026-04-25',
      '2026-05-01',
      '2026-06-02',
      '2026-08-15',
      '2026-11-01',
      '2026-12-08',
      '2026-12-25',
      '2026-12-26',
    ]);
    // Easter Sunday itself is closed only if the desk has no Sunday shift; here it has one.
    expect(open.has('2026-04-05')).toBe(true);
  });

  it('skips Easter Monday 2027 (29 March)', () => {
    const shifts = [shift('v1', 1, '09:00', '10:00')];
    const days = computeAvailability(
      query('2027-03-22', '2027-04-05', { now: Date.parse('2027-03-01T00:00:00Z') }),
      data({ shifts }),
    );
    expect(dates(days)).toEqual(['2027-03-22', '2027-04-05']);
  });

  it('skips desk-wide closures, inclusive of both ends', () => {
    const d = data({
      shifts: everyDay,
      volunteers: ['v1'],
      closures: [{ volunteerId: null, dateFrom: '2026-10-13', dateTo: '2026-10-15' }],
    });
    expect(dates(computeAvailability(query(MON, addDays(MON, 4)), d))).toEqual(['2026-10-12', '2026-10-16']);
  });

  it('removes only the absent volunteer on the days of their absence', () => {
    const shifts = [shift('v1', 1, '09:00', '10:00'), shift('v2', 1, '09:00', '10:00')];
    const d = data({ shifts, volunteers: ['v1', 'v2'], closures: [{ volunteerId: 'v1', dateFrom: MON, dateTo: MON }] });
    const days = computeAvailability(query(MON, addDays(MON, 7)), d);
    expect(days.map((x) => [x.date, x.slots[0]?.volunteerIds])).toEqual([
      [MON, ['v2']],
      [addDays(MON, 7), ['v1', 'v2']],
    ]);
  });

  it('offers nothing on a day when every volunteer is absent', () => {
    const d = data({
      shifts: [shift('v1', 1, '09:00', '10:00')],
      closures: [{ volunteerId: 'v1', dateFrom: '2026-10-01', dateTo: '2026-10-31' }],
    });
    expect(computeAvailability(query(MON, MON), d)).toEqual([]);
  });
});

describe('computeAvailability notice and horizon', () => {
  const shifts = [1, 2, 3, 4, 5].map((wd) => shift('v1', wd, '09:00', '12:00'));

  it('drops slots that start before now + minimum notice, keeping the grid', () => {
    const now = at(MON, '09:10');
    const d = data({ shifts, rules: { minNoticeMinutes: 60, slotGridMinutes: 30 } });
    expect(times(computeAvailability(query(MON, MON, { now }), d), MON)).toEqual(['10:30', '11:00']);
    // Exactly at the notice limit is allowed.
    expect(times(computeAvailability(query(MON, MON, { now: at(MON, '09:30') }), d), MON)).toEqual(['10:30', '11:00']);
    expect(times(computeAvailability(query(MON, MON, { now: at(MON, '09:29') }), d), MON)).toEqual(['10:30', '11:00']);
    expect(times(computeAvailability(query(MON, MON, { now: at(MON, '08:59') }), d), MON)).toEqual([
      '10:00',
      '10:30',
      '11:00',
    ]);
  });

  it('applies a notice that reaches into the next days', () => {
    const d = data({ shifts, rules: { minNoticeMinutes: 48 * 60 } });
    const days = computeAvailability(query(MON, addDays(MON, 4), { now: at(MON, '10:00') }), d);
    expect(days.map((x) => [x.date, x.slots.map((s) => s.localTime)])).toEqual([
      ['2026-10-14', ['10:00', '11:00']],
      ['2026-10-15', ['09:00', '10:00', '11:00']],
      ['2026-10-16', ['09:00', '10:00', '11:00']],
    ]);
  });

  it('never offers a past date and stops at today + horizon days', () => {
    const d = data({ shifts, rules: { horizonDays: 3 } });
    const days = computeAvailability(query('2026-10-01', '2026-10-30', { now: at('2026-10-13', '18:00') }), d);
    // Today (Tuesday 13) is over; Wednesday 14 to Friday 16 are within three days.
    expect(dates(days)).toEqual(['2026-10-14', '2026-10-15', '2026-10-16']);
    const none = computeAvailability(query('2026-10-17', '2026-10-30', { now: at('2026-10-13', '18:00') }), d);
    expect(none).toEqual([]);
  });

  it('takes "today" in the desk zone, not in UTC', () => {
    const d = data({ shifts: [shift('v1', 2, '09:00', '10:00')], rules: { horizonDays: 0 } });
    // 22:30 UTC on Monday is already Tuesday in Rome.
    const days = computeAvailability(query(MON, addDays(MON, 1), { now: Date.parse('2026-10-12T22:30:00Z') }), d);
    expect(dates(days)).toEqual(['2026-10-13']);
  });
});

describe('computeAvailability with bookings', () => {
  const shifts = [shift('v1', 1, '09:00', '12:00'), shift('v2', 1, '09:00', '12:00')];

  it("blocks only the booked volunteer's overlapping slots", () => {
    const d = data({ shifts, volunteers: ['v1', 'v2'], bookings: [busy('v1', MON, '10:00', '11:00')] });
    const slots = computeAvailability(query(MON, MON), d)[0]?.slots ?? [];
    expect(slots.map((s) => [s.localTime, s.volunteerIds])).toEqual([
      // v2 has no bookings, so comes first; v1 has one that day.
      ['09:00', ['v2', 'v1']],
      ['10:00', ['v2']],
      ['11:00', ['v2', 'v1']],
    ]);
  });

  it('does not block a slot that only touches a booking', () => {
    const d = data({
      shifts: [shift('v1', 1, '09:00', '12:00')],
      bookings: [busy('v1', MON, '08:00', '09:00'), busy('v1', MON, '12:00', '13:00')],
    });
    expect(times(computeAvailability(query(MON, MON), d), MON)).toEqual(['09:00', '10:00', '11:00']);
  });

  it('blocks every slot a booking partly overlaps', () => {
    const d = data({
      shifts: [shift('v1', 1, '09:00', '12:00')],
      rules: { slotGridMinutes: 30 },
      bookings: [busy('v1', MON, '10:15', '10:45')],
    });
    // 09:30–10:30, 10:00–11:00 and 10:30–11:30 all overlap 10:15–10:45.
    expect(times(computeAvailability(query(MON, MON), d), MON)).toEqual(['09:00', '11:00']);
  });

  it('finds a long booking that started before shorter later ones', () => {
    const d = data({
      shifts: [shift('v1', 1, '09:00', '13:00')],
      bookings: [
        busy('v1', MON, '08:00', '12:00'),
        busy('v1', MON, '08:30', '09:00'),
        busy('v1', MON, '09:00', '09:30'),
      ],
    });
    expect(times(computeAvailability(query(MON, MON), d), MON)).toEqual(['12:00']);
  });

  it('removes a day whose slots are all taken', () => {
    const d = data({ shifts: [shift('v1', 1, '09:00', '11:00')], bookings: [busy('v1', MON, '09:00', '11:00')] });
    expect(computeAvailability(query(MON, addDays(MON, 7)), d).map((x) => x.date)).toEqual([addDays(MON, 7)]);
  });

  it('ignores bookings of other volunteers and of inactive ones', () => {
    const d = data({
      shifts: [...shifts, shift('v3', 1, '09:00', '12:00')],
      volunteers: ['v1', 'v2', { id: 'v3', active: false }],
      bookings: [busy('v9', MON, '09:00', '12:00')],
    });
    const slots = computeAvailability(query(MON, MON), d)[0]?.slots ?? [];
    expect(slots.map((s) => s.volunteerIds)).toEqual([
      ['v1', 'v2'],
      ['v1', 'v2'],
      ['v1', 'v2'],
    ]);
  });
});

describe('computeAvailability with several volunteers', () => {
  it('merges slots by start and lists the least loaded volunteer first, ties by id', () => {
    const d = data({
      volunteers: ['c', 'a', 'b'],
      shifts: [shift('a', 1, '09:00', '12:00'), shift('b', 1, '10:00', '13:00'), shift('c', 1, '09:00', '11:00')],
      bookings: [
        // a: two bookings that day (both in the afternoon, outside the shifts asked about).
        busy('a', MON, '15:00', '16:00'),
        busy('a', MON, '16:00', '17:00'),
        // b: one booking that day; c: one booking on another day, which does not count.
        busy('b', MON, '17:00', '18:00'),
        busy('c', addDays(MON, 1), '09:00', '10:00'),
      ],
    });
    const slots = computeAvailability(query(MON, MON), d)[0]?.slots ?? [];
    expect(slots.map((s) => [s.localTime, s.volunteerIds])).toEqual([
      ['09:00', ['c', 'a']],
      ['10:00', ['c', 'b', 'a']],
      ['11:00', ['b', 'a']],
      ['12:00', ['b']],
    ]);
  });

  it('merges slots on different grids into one ordered list', () => {
    const d = data({
      volunteers: ['a', 'b'],
      shifts: [shift('a', 1, '09:00', '11:00'), shift('b', 1, '09:30', '11:30')],
    });
    const slots = computeAvailability(query(MON, MON), d)[0]?.slots ?? [];
    expect(slots.map((s) => [s.localTime, s.volunteerIds])).toEqual([
      ['09:00', ['a']],
      ['09:30', ['b']],
      ['10:00', ['a']],
      ['10:30', ['b']],
    ]);
  });

  it('lists a volunteer once when two of their shifts overlap', () => {
    const d = data({ shifts: [shift('v1', 1, '09:00', '11:00'), shift('v1', 1, '10:00', '12:00')] });
    const slots = computeAvailability(query(MON, MON), d)[0]?.slots ?? [];
    expect(slots.map((s) => [s.localTime, s.volunteerIds])).toEqual([
      ['09:00', ['v1']],
      ['10:00', ['v1']],
      ['11:00', ['v1']],
    ]);
  });
});

describe('computeAvailability shift rules', () => {
  it('uses a shift only between its valid-from and valid-to dates, inclusive', () => {
    const d = data({ shifts: [shift('v1', 3, '09:00', '10:00', { validFrom: '2026-10-14', validTo: '2026-10-21' })] });
    expect(dates(computeAvailability(query('2026-10-01', '2026-10-31'), d))).toEqual(['2026-10-14', '2026-10-21']);
  });

  it('offers a remote-only shift to remote requests only', () => {
    const d = data({
      volunteers: ['v1', 'v2'],
      shifts: [
        shift('v1', 1, '09:00', '10:00', { allowsInPerson: false }),
        shift('v2', 1, '10:00', '11:00', { allowsRemote: false }),
      ],
    });
    expect(times(computeAvailability(query(MON, MON, { mode: 'remote' }), d), MON)).toEqual(['09:00']);
    expect(times(computeAvailability(query(MON, MON, { mode: 'in_person' }), d), MON)).toEqual(['10:00']);
  });

  it('offers remote slots only with volunteers whose appointment would have a video link', () => {
    const d = data({
      volunteers: ['v1', { id: 'v2', active: true, takesVideoCalls: false }],
      shifts: [shift('v1', 1, '09:00', '10:00'), shift('v2', 1, '10:00', '11:00')],
    });
    expect(times(computeAvailability(query(MON, MON, { mode: 'remote' }), d), MON)).toEqual(['09:00']);
    // In person they are offered as before.
    expect(times(computeAvailability(query(MON, MON, { mode: 'in_person' }), d), MON)).toEqual(['09:00', '10:00']);
  });

  it('offers nothing in a mode the service does not allow', () => {
    const d = data({ shifts: [shift('v1', 1, '09:00', '12:00')] });
    expect(
      computeAvailability(query(MON, MON, { mode: 'remote', service: service({ allowsRemote: false }) }), d),
    ).toEqual([]);
    expect(
      computeAvailability(query(MON, MON, { mode: 'in_person', service: service({ allowsInPerson: false }) }), d),
    ).toEqual([]);
  });

  it('offers nothing for a shift shorter than the service', () => {
    const d = data({ shifts: [shift('v1', 1, '09:00', '09:45')] });
    expect(computeAvailability(query(MON, MON), d)).toEqual([]);
  });

  it('returns nothing, without throwing, for a backwards or invalid range', () => {
    const d = data({ shifts: [shift('v1', 1, '09:00', '12:00')] });
    expect(computeAvailability(query(addDays(MON, 1), MON), d)).toEqual([]);
    expect(computeAvailability(query('2026-02-30', '2026-03-05'), d)).toEqual([]);
    expect(computeAvailability(query(MON, MON, { service: service({ durationMinutes: 0 }) }), d)).toEqual([]);
  });

  it('does not change its inputs', () => {
    const d = data({
      volunteers: ['v2', 'v1'],
      shifts: [shift('v2', 1, '09:00', '12:00'), shift('v1', 1, '09:00', '12:00')],
      bookings: [busy('v1', MON, '11:00', '12:00'), busy('v1', MON, '09:00', '10:00')],
      closures: [{ volunteerId: null, dateFrom: '2026-10-13', dateTo: '2026-10-13' }],
    });
    const q = query(MON, addDays(MON, 7));
    const before = JSON.stringify([q, d]);
    computeAvailability(q, d);
    expect(JSON.stringify([q, d])).toBe(before);
  });
});

describe('findSlot', () => {
  it('finds a slot by its start instant, or nothing', () => {
    const days = computeAvailability(query(MON, addDays(MON, 7)), data({ shifts: [shift('v1', 1, '09:00', '12:00')] }));
    expect(findSlot(days, at(addDays(MON, 7), '10:00'))).toMatchObject({ localTime: '10:00', volunteerIds: ['v1'] });
    expect(findSlot(days, at(MON, '10:30'))).toBeUndefined();
    expect(findSlot(days, at(MON, '12:00'))).toBeUndefined();
    expect(findSlot([], at(MON, '10:00'))).toBeUndefined();
  });
});

describe('computeAvailability properties', () => {
  const VOLS = ['a', 'b', 'c'];
  // Dates around both 2026 clock changes and Easter Monday.
  const BASES = ['2026-03-23', '2026-03-30', '2026-10-19', '2026-04-01', '2026-07-06'];

  const shiftArb = fc
    .record({
      volunteerId: fc.constantFrom(...VOLS),
      weekday: fc.integer({ min: 1, max: 7 }),
      start: fc.integer({ min: 0, max: 95 }),
      len: fc.integer({ min: 1, max: 40 }),
      allowsInPerson: fc.boolean(),
      allowsRemote: fc.boolean(),
      validFrom: fc.option(fc.integer({ min: 0, max: 20 })),
      validTo: fc.option(fc.integer({ min: 0, max: 20 })),
    })
    .map((r) => ({ ...r, startMinute: r.start * 15, endMinute: Math.min(1440, (r.start + r.len) * 15) }));

  const scenario = fc.record({
    base: fc.constantFrom(...BASES),
    shifts: fc.array(shiftArb, { minLength: 1, maxLength: 8 }),
    inactive: fc.subarray(VOLS),
    bookings: fc.array(
      fc.record({
        volunteerId: fc.constantFrom(...VOLS),
        day: fc.integer({ min: -2, max: 16 }),
        start: fc.integer({ min: 0, max: 95 }),
        len: fc.integer({ min: 1, max: 12 }),
      }),
      { maxLength: 25 },
    ),
    closures: fc.array(
      fc.record({
        volunteerId: fc.option(fc.constantFrom(...VOLS)),
        from: fc.integer({ min: 0, max: 16 }),
        len: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: 3 },
    ),
    duration: fc.constantFrom(15, 30, 45, 60, 90),
    grid: fc.option(fc.constantFrom(10, 15, 20, 30, 60)),
    notice: fc.integer({ min: 0, max: 3 * 1440 }),
    horizon: fc.integer({ min: 0, max: 20 }),
    nowOffsetMinutes: fc.integer({ min: -3 * 1440, max: 5 * 1440 }),
    mode: fc.constantFrom<Mode>('in_person', 'remote'),
    span: fc.tuple(fc.integer({ min: -2, max: 14 }), fc.integer({ min: 0, max: 14 })),
  });

  it('offers only slots inside a shift of each listed volunteer, free of their bookings, within notice and horizon, and all such slots', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const day = (n: number) => addDays(sc.base, n);
        const shifts: ShiftRule[] = sc.shifts.map((s) => ({
          volunteerId: s.volunteerId,
          weekday: s.weekday,
          startMinute: s.startMinute,
          endMinute: s.endMinute,
          allowsInPerson: s.allowsInPerson,
          allowsRemote: s.allowsRemote,
          validFrom: s.validFrom === null ? null : day(s.validFrom),
          validTo: s.validTo === null ? null : day(s.validTo),
        }));
        const bookings: BusyInterval[] = sc.bookings.map((b) => {
          const startAt = localToInstant(day(b.day), b.start * 15, ROME);
          return { volunteerId: b.volunteerId, startAt, endAt: startAt + b.len * 15 * MINUTE };
        });
        const closures: ClosureRule[] = sc.closures.map((c) => ({
          volunteerId: c.volunteerId,
          dateFrom: day(c.from),
          dateTo: day(c.from + c.len),
        }));
        const d: AvailabilityData = {
          rules: { timeZone: ROME, minNoticeMinutes: sc.notice, horizonDays: sc.horizon, slotGridMinutes: sc.grid },
          volunteers: VOLS.map((id) => ({ id, active: !sc.inactive.includes(id), takesVideoCalls: true })),
          shifts,
          closures,
          bookings,
        };
        const now = localToInstant(sc.base, 0, ROME) + sc.nowOffsetMinutes * MINUTE;
        const from = day(sc.span[0]);
        const to = addDays(from, sc.span[1]);
        const q: AvailabilityQuery = {
          service: service({ durationMinutes: sc.duration }),
          mode: sc.mode,
          from,
          to,
          now,
        };
        const days = computeAvailability(q, d);

        const today = zonedParts(now, ROME).date;
        const durationMs = sc.duration * MINUTE;
        const step = (sc.grid ?? sc.duration) * MINUTE;
        const modeOk = (s: ShiftRule) => (sc.mode === 'remote' ? s.allowsRemote : s.allowsInPerson);
        const closedFor = (vol: string | null, date: string) =>
          closures.some(
            (c) => (c.volunteerId === null || c.volunteerId === vol) && c.dateFrom <= date && date <= c.dateTo,
          );
        const shiftsOn = (vol: string, date: string) =>
          shifts.filter(
            (s) =>
              s.volunteerId === vol &&
              s.weekday === isoWeekday(date) &&
              modeOk(s) &&
              (s.validFrom === null || s.validFrom <= date) &&
              (s.validTo === null || date <= s.validTo),
          );
        const isFree = (vol: string, start: number) =>
          !bookings.some((b) => b.volunteerId === vol && b.startAt < start + durationMs && b.endAt > start);

        // Soundness: every slot and every listed volunteer obeys the rules.
        let previousDate = '';
        for (const dayOut of days) {
          expect(dayOut.date > previousDate).toBe(true);
          previousDate = dayOut.date;
          expect(dayOut.date >= from && dayOut.date <= to).toBe(true);
          expect(daysBetween(today, dayOut.date)).toBeGreaterThanOrEqual(0);
          expect(daysBetween(today, dayOut.date)).toBeLessThanOrEqual(sc.horizon);
          expect(isNationalHoliday(dayOut.date)).toBe(false);
          expect(dayOut.slots.length).toBeGreaterThan(0);
          let previousStart = -Infinity;
          for (const slot of dayOut.slots) {
            expect(slot.start).toBeGreaterThan(previousStart);
            previousStart = slot.start;
            expect(slot.end - slot.start).toBe(durationMs);
            expect(slot.start).toBeGreaterThanOrEqual(now + sc.notice * MINUTE);
            expect(zonedParts(slot.start, ROME)).toMatchObject({
              date: dayOut.date,
              time: slot.localTime,
              offsetMinutes: slot.offsetMinutes,
            });
            expect(slot.volunteerIds.length).toBeGreaterThan(0);
            expect(new Set(slot.volunteerIds).size).toBe(slot.volunteerIds.length);
            for (const vol of slot.volunteerIds) {
              expect(sc.inactive).not.toContain(vol);
              expect(closedFor(vol, dayOut.date)).toBe(false);
              expect(isFree(vol, slot.start)).toBe(true);
              const inside = shiftsOn(vol, dayOut.date).some((s) => {
                const a = localToInstant(dayOut.date, s.startMinute, ROME);
                const b = localToInstant(dayOut.date, s.endMinute, ROME);
                return a <= slot.start && slot.end <= b && (slot.start - a) % step === 0;
              });
              expect(inside).toBe(true);
            }
            // Least loaded first, ties by id.
            const load = (vol: string) =>
              bookings.filter((b) => b.volunteerId === vol && zonedParts(b.startAt, ROME).date === dayOut.date).length;
            const sorted = [...slot.volunteerIds].sort((x, y) => load(x) - load(y) || x.localeCompare(y));
            expect(slot.volunteerIds).toEqual(sorted);
          }
        }

        // Completeness: a slot that a naive walk over the rules finds is offered to that volunteer.
        const lastDay = addDays(today, sc.horizon);
        for (let date = from < today ? today : from; date <= to && date <= lastDay; date = addDays(date, 1)) {
          if (isNationalHoliday(date) || closedFor(null, date)) continue;
          for (const vol of VOLS) {
            if (sc.inactive.includes(vol) || closedFor(vol, date)) continue;
            for (const s of shiftsOn(vol, date)) {
              const a = localToInstant(date, s.startMinute, ROME);
              const b = localToInstant(date, s.endMinute, ROME);
              for (let t = a; t + durationMs <= b; t += step) {
                if (t < now + sc.notice * MINUTE || !isFree(vol, t)) continue;
                const found = days.find((x) => x.date === date)?.slots.find((x) => x.start === t);
                expect(found?.volunteerIds ?? []).toContain(vol);
              }
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
