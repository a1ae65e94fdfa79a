import { describe, expect, it } from 'vitest';
import { accessibilityCutoff, personalDataCutoff, subtractMonths } from '../../worker/src/domain/retention';

const ROME = 'Europe/Rome';

describe('retention cutoffs', () => {
  it('subtracts calendar months, clamping to the end of a shorter month', () => {
    expect(subtractMonths('2026-10-12', 12)).toBe('2025-10-12');
    expect(subtractMonths('2026-01-15', 13)).toBe('2024-12-15');
    expect(subtractMonths('2026-03-31', 1)).toBe('2026-02-28');
    expect(subtractMonths('2024-03-31', 1)).toBe('2024-02-29');
    expect(subtractMonths('2026-05-31', 0)).toBe('2026-05-31');
  });

  it('is local midnight of the date that many months or days ago', () => {
    const now = Date.parse('2026-10-12T08:00:00Z');
    expect(new Date(personalDataCutoff(now, 12, ROME)).toISOString()).toBe('2025-10-11T22:00:00.000Z');
    // 30 days before 12 October is 12 September (summer time in Rome).
    expect(new Date(accessibilityCutoff(now, 30, ROME)).toISOString()).toBe('2026-09-11T22:00:00.000Z');
    // Just after local midnight the local date decides, not the UTC one.
    const justAfterMidnight = Date.parse('2026-01-14T23:30:00Z'); // 15 January 00:30 in Rome
    expect(new Date(accessibilityCutoff(justAfterMidnight, 30, ROME)).toISOString()).toBe('2025-12-15T23:00:00.000Z');
  });
});
