import { describe, expect, it } from 'vitest';
import { answerValidUntil } from '../../worker/src/domain/answer-validity';
import type { Slot } from '../../worker/src/domain/types';

const TZ = 'Europe/Rome';
const at = (iso: string) => Date.parse(iso);
// Fall-back day: 08:00 and 09:00 UTC are 09:00 and 10:00 in Rome (winter time, UTC+1).
const slot = (start: string, localTime: string): Slot => ({
  start: at(start),
  end: at(start) + 30 * 60_000,
  offsetMinutes: 60,
  localTime,
  volunteerIds: ['v1'],
});

describe('answerValidUntil on the days the clocks change (Europe/Rome)', () => {
  it('ends an answer at local midnight before the spring change: 23:00 UTC, not 22:00', () => {
    const now = at('2026-03-28T20:00:00Z'); // 21:00 in Rome, winter time
    expect(answerValidUntil([], now, 0, TZ)).toBe(at('2026-03-28T23:00:00Z'));
  });

  it('ends an answer at local midnight on the spring-forward day itself: 22:00 UTC', () => {
    const now = at('2026-03-29T12:00:00Z'); // the day has 23 hours; its midnight is in summer time
    expect(answerValidUntil([], now, 0, TZ)).toBe(at('2026-03-29T22:00:00Z'));
  });

  it('ends an answer at local midnight on the fall-back day: 23:00 UTC, after a 25-hour day', () => {
    const now = at('2026-10-25T12:00:00Z');
    expect(answerValidUntil([], now, 0, TZ)).toBe(at('2026-10-25T23:00:00Z'));
  });

  it('ends earlier when the first slot falls inside the notice first, whatever the clock change', () => {
    const now = at('2026-10-25T06:00:00Z');
    const days = [
      { date: '2026-10-25', slots: [slot('2026-10-25T09:00:00Z', '10:00'), slot('2026-10-25T08:00:00Z', '09:00')] },
    ];
    // 60 minutes' notice: the 08:00 UTC slot stops being offered one millisecond after 07:00 UTC.
    expect(answerValidUntil(days, now, 60, TZ)).toBe(at('2026-10-25T07:00:00Z') + 1);
  });
});
