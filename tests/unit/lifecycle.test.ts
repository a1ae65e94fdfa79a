import { describe, expect, it } from 'vitest';
import { BOOKING_STATUSES, type BookingStatus } from '../../worker/src/domain/vocabulary';
import {
  canTransition,
  cancelByPerson,
  confirmAttendance,
  isActive,
  isLateCancellation,
  personActions,
} from '../../worker/src/domain/lifecycle';

const H = 3_600_000;
const NOW = Date.parse('2026-10-12T08:00:00Z');

// The lifecycle of PRODUCT.md, written out pair by pair (the same set the DB trigger allows).
const ALLOWED = new Set([
  'requested>confirmed',
  'requested>rejected',
  'requested>expired',
  'requested>cancelled',
  'confirmed>cancelled',
  'confirmed>attended',
  'confirmed>no_show',
  'attended>no_show',
  'no_show>attended',
]);

describe('canTransition', () => {
  for (const from of BOOKING_STATUSES) {
    for (const to of BOOKING_STATUSES) {
      const expected = ALLOWED.has(`${from}>${to}`);
      it(`${from} → ${to} is ${expected ? 'allowed' : 'refused'}`, () => {
        expect(canTransition(from, to)).toBe(expected);
      });
    }
  }

  it('never reopens a closed booking', () => {
    for (const closed of ['rejected', 'expired', 'cancelled'] as BookingStatus[]) {
      for (const to of BOOKING_STATUSES) expect(canTransition(closed, to)).toBe(false);
    }
  });

  it('counts only requested and confirmed as active', () => {
    expect(BOOKING_STATUSES.filter(isActive)).toEqual(['requested', 'confirmed']);
  });
});

describe('isLateCancellation', () => {
  const start = NOW + 24 * H;
  it('is late inside the notice and on time at or beyond it', () => {
    expect(isLateCancellation(start, NOW, 24)).toBe(false);
    expect(isLateCancellation(start, NOW + 1, 24)).toBe(true);
    expect(isLateCancellation(start, NOW - 1, 24)).toBe(false);
    expect(isLateCancellation(start, NOW + 23 * H, 24)).toBe(true);
  });
  it('is never late with no notice required', () => {
    expect(isLateCancellation(start, start - 1, 0)).toBe(false);
  });
});

describe('cancelByPerson', () => {
  it('cancels a confirmed booking well ahead, not late', () => {
    expect(cancelByPerson({ status: 'confirmed', startAt: NOW + 48 * H }, NOW, 24)).toEqual({
      ok: true,
      status: 'cancelled',
      late: false,
    });
  });
  it('cancels a request a few hours ahead, late', () => {
    expect(cancelByPerson({ status: 'requested', startAt: NOW + 2 * H }, NOW, 24)).toEqual({
      ok: true,
      status: 'cancelled',
      late: true,
    });
  });
  it('refuses once the appointment has started', () => {
    expect(cancelByPerson({ status: 'confirmed', startAt: NOW }, NOW, 24)).toEqual({
      ok: false,
      code: 'invalid_transition',
    });
    expect(cancelByPerson({ status: 'confirmed', startAt: NOW - H }, NOW, 24)).toEqual({
      ok: false,
      code: 'invalid_transition',
    });
  });
  it('refuses every status that cannot become cancelled', () => {
    for (const status of ['attended', 'no_show', 'rejected', 'expired', 'cancelled'] as BookingStatus[]) {
      expect(cancelByPerson({ status, startAt: NOW + 48 * H }, NOW, 24)).toEqual({
        ok: false,
        code: 'invalid_transition',
      });
    }
  });
});

describe('confirmAttendance', () => {
  const future = NOW + 48 * H;
  it('confirms a confirmed future booking', () => {
    expect(confirmAttendance({ status: 'confirmed', startAt: future, attendanceConfirmedAt: null }, NOW)).toEqual({
      ok: true,
      already: false,
    });
  });
  it('is idempotent when already confirmed', () => {
    expect(confirmAttendance({ status: 'confirmed', startAt: future, attendanceConfirmedAt: NOW - H }, NOW)).toEqual({
      ok: true,
      already: true,
    });
  });
  it('refuses a request, a closed booking and a past one', () => {
    for (const status of BOOKING_STATUSES.filter((s) => s !== 'confirmed')) {
      expect(confirmAttendance({ status, startAt: future, attendanceConfirmedAt: null }, NOW)).toEqual({
        ok: false,
        code: 'invalid_transition',
      });
    }
    expect(confirmAttendance({ status: 'confirmed', startAt: NOW - 1, attendanceConfirmedAt: null }, NOW)).toEqual({
      ok: false,
      code: 'invalid_transition',
    });
  });
});

describe('personActions', () => {
  const future = NOW + 48 * H;
  it('offers both buttons for a confirmed future booking not yet confirmed by the person', () => {
    expect(personActions({ status: 'confirmed', startAt: future, attendanceConfirmedAt: null }, NOW)).toEqual({
      canCancel: true,
      canConfirm: true,
    });
  });
  it('offers only cancel once attendance is confirmed, and for a request', () => {
    expect(personActions({ status: 'confirmed', startAt: future, attendanceConfirmedAt: NOW }, NOW)).toEqual({
      canCancel: true,
      canConfirm: false,
    });
    expect(personActions({ status: 'requested', startAt: future, attendanceConfirmedAt: null }, NOW)).toEqual({
      canCancel: true,
      canConfirm: false,
    });
  });
  it('offers nothing for past or closed bookings', () => {
    expect(personActions({ status: 'confirmed', startAt: NOW - H, attendanceConfirmedAt: null }, NOW)).toEqual({
      canCancel: false,
      canConfirm: false,
    });
    expect(personActions({ status: 'cancelled', startAt: future, attendanceConfirmedAt: null }, NOW)).toEqual({
      canCancel: false,
      canConfirm: false,
    });
  });
});
