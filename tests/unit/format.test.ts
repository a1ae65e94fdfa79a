import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime, isValidTimeZone } from '../../worker/src/domain/format';

const ROME = 'Europe/Rome';

describe('formatDateTime', () => {
  it('writes a summer appointment in Rome time (UTC+2), Italian and English', () => {
    const at = Date.parse('2026-10-13T08:30:00Z');
    expect(formatDateTime(at, ROME, 'it')).toBe('martedì 13 ottobre 2026, ore 10:30');
    expect(formatDateTime(at, ROME, 'en')).toBe('Tuesday 13 October 2026, 10:30');
  });

  it('writes a winter appointment in Rome time (UTC+1)', () => {
    const at = Date.parse('2026-01-20T08:30:00Z');
    expect(formatDateTime(at, ROME, 'it')).toBe('martedì 20 gennaio 2026, ore 09:30');
    expect(formatDateTime(at, ROME, 'en')).toBe('Tuesday 20 January 2026, 09:30');
  });

  it('uses the Rome date when it differs from the UTC date', () => {
    const at = Date.parse('2026-12-31T23:30:00Z');
    expect(formatDate(at, ROME, 'it')).toBe('venerdì 1 gennaio 2027');
    expect(formatTime(at, ROME, 'it')).toBe('00:30');
    expect(formatDateTime(at, ROME, 'en')).toBe('Friday 1 January 2027, 00:30');
  });

  it('follows the clock change on the DST days', () => {
    // 29 March 2026: 01:00Z is 03:00 CEST (02:00–02:59 does not exist); 00:30Z is still 01:30 CET.
    expect(formatTime(Date.parse('2026-03-29T00:30:00Z'), ROME, 'it')).toBe('01:30');
    expect(formatTime(Date.parse('2026-03-29T01:00:00Z'), ROME, 'it')).toBe('03:00');
    // 25 October 2026: 02:30 happens twice, first at 00:30Z (CEST) then at 01:30Z (CET).
    expect(formatTime(Date.parse('2026-10-25T00:30:00Z'), ROME, 'it')).toBe('02:30');
    expect(formatTime(Date.parse('2026-10-25T01:30:00Z'), ROME, 'it')).toBe('02:30');
    expect(formatDateTime(Date.parse('2026-10-25T09:00:00Z'), ROME, 'it')).toBe('domenica 25 ottobre 2026, ore 10:00');
  });

  it('honours another time zone', () => {
    const at = Date.parse('2026-07-01T12:00:00Z');
    expect(formatDateTime(at, 'America/New_York', 'en')).toBe('Wednesday 1 July 2026, 08:00');
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA names and refuses garbage', () => {
    expect(isValidTimeZone(ROME)).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
