import { describe, expect, it } from 'vitest';
import { easterSunday, isNationalHoliday, italianHolidays } from '../../worker/src/domain/holidays';
import { isoWeekday } from '../../worker/src/domain/time';

describe('easterSunday', () => {
  it('matches published Easter dates', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2028)).toBe('2028-04-16');
    expect(easterSunday(2038)).toBe('2038-04-25'); // latest possible date
    expect(easterSunday(2285)).toBe('2285-03-22'); // earliest possible date
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    for (let y = 1900; y <= 2200; y++) {
      const d = easterSunday(y);
      expect(isoWeekday(d), d).toBe(7);
      expect(d.slice(5) >= '03-22' && d.slice(5) <= '04-25', d).toBe(true);
    }
  });
});

describe('italianHolidays', () => {
  it('lists the eleven national holidays of 2026 with Easter Monday on 6 April', () => {
    expect([...italianHolidays(2026)]).toEqual([
      ['2026-01-01', 'holiday.new_year'],
      ['2026-01-06', 'holiday.epiphany'],
      ['2026-04-06', 'holiday.easter_monday'],
      ['2026-04-25', 'holiday.liberation_day'],
      ['2026-05-01', 'holiday.labour_day'],
      ['2026-06-02', 'holiday.republic_day'],
      ['2026-08-15', 'holiday.assumption'],
      ['2026-11-01', 'holiday.all_saints'],
      ['2026-12-08', 'holiday.immaculate_conception'],
      ['2026-12-25', 'holiday.christmas'],
      ['2026-12-26', 'holiday.st_stephen'],
    ]);
  });

  it('puts Easter Monday 2027 on 29 March', () => {
    expect(italianHolidays(2027).get('2027-03-29')).toBe('holiday.easter_monday');
  });

  it('returns a copy that callers cannot use to change the calendar', () => {
    const m = italianHolidays(2026);
    m.delete('2026-12-25');
    m.set('2026-12-24', 'holiday.christmas_eve');
    expect(isNationalHoliday('2026-12-25')).toBe(true);
    expect(isNationalHoliday('2026-12-24')).toBe(false);
  });
});

describe('isNationalHoliday', () => {
  it('is true on holidays and false on ordinary days around them', () => {
    for (const d of [
      '2026-01-01',
      '2026-01-06',
      '2026-04-06',
      '2027-03-29',
      '2026-04-25',
      '2026-05-01',
      '2026-06-02',
      '2026-08-15',
      '2026-11-01',
      '2026-12-08',
      '2026-12-25',
      '2026-12-26',
    ]) {
      expect(isNationalHoliday(d), d).toBe(true);
    }
    for (const d of [
      '2026-01-02',
      '2026-04-07',
      '2027-04-05',
      '2026-04-24',
      '2026-06-03',
      '2026-12-24',
      '2026-12-27',
      '2026-10-14',
    ]) {
      expect(isNationalHoliday(d), d).toBe(false);
    }
  });
});
