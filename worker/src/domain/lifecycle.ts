import type { BookingStatus } from './vocabulary';
import { refuse, type Refusal } from './result';

/**
 * The booking lifecycle of PRODUCT.md as data. It mirrors the `bookings_status_transition` trigger in
 * drizzle/0001_booking_invariants.sql, which stays the final arbiter; this copy lets the app refuse early
 * with a clear message and decide which buttons to show. One change is not listed here: the person's own
 * move may send a confirmed booking back to `requested` together with its new start (domain/person-move.ts;
 * the trigger allows it only with a new start, drizzle/0015).
 */
export const TRANSITIONS: Readonly<Record<BookingStatus, readonly BookingStatus[]>> = {
  requested: ['confirmed', 'rejected', 'expired', 'cancelled'],
  confirmed: ['cancelled', 'attended', 'no_show'],
  // Staff may correct an outcome they marked by mistake.
  attended: ['no_show'],
  no_show: ['attended'],
  rejected: [],
  expired: [],
  cancelled: [],
};

const HOUR_MS = 3_600_000;

/** True when `from` may change into `to`. Staying in the same status is not a transition. */
export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** True for the statuses that hold a volunteer's time (the overlap invariant applies to them). */
export function isActive(status: BookingStatus): boolean {
  return status === 'requested' || status === 'confirmed';
}

/** True when a cancellation at `now` falls inside the desk's cancellation notice before `startAt`. */
export function isLateCancellation(startAt: number, now: number, noticeHours: number): boolean {
  return startAt - now < Math.max(0, noticeHours) * HOUR_MS;
}

/** What recording an attendance outcome does: nothing (already so), a first mark, or a correction. */
export type AttendanceStep = 'none' | 'record' | 'correct';

/**
 * Staff record whether the person came: only from the appointment's start (`not_started` before). A mark
 * can be changed to the other outcome the same local day it was made (`sameDay` compares two instants in
 * the desk's calendar), not later (`attendance_locked`): the figures of past days stay put.
 */
export function attendanceStep(
  booking: { status: BookingStatus; startAt: number; outcomeAt: number | null },
  outcome: 'attended' | 'no_show',
  now: number,
  sameDay: (a: number, b: number) => boolean,
): { ok: true; step: AttendanceStep } | Refusal {
  if (booking.status === outcome) return { ok: true, step: 'none' };
  if (!canTransition(booking.status, outcome)) return refuse('invalid_transition');
  if (booking.startAt > now) return refuse('not_started');
  if (booking.status === 'confirmed') return { ok: true, step: 'record' };
  if (booking.outcomeAt === null || !sameDay(booking.outcomeAt, now)) return refuse('attendance_locked');
  return { ok: true, step: 'correct' };
}

/** The parts of a booking the person's actions depend on. */
export interface PersonActionBooking {
  status: BookingStatus;
  startAt: number;
  attendanceConfirmedAt: number | null;
}

/** The person cancels from the manage link: allowed for active bookings that have not started yet. */
export function cancelByPerson(
  booking: Pick<PersonActionBooking, 'status' | 'startAt'>,
  now: number,
  cancellationNoticeHours: number,
): { ok: true; status: 'cancelled'; late: boolean } | Refusal {
  if (!canTransition(booking.status, 'cancelled') || booking.startAt <= now) return refuse('invalid_transition');
  return { ok: true, status: 'cancelled', late: isLateCancellation(booking.startAt, now, cancellationNoticeHours) };
}

/**
 * The person confirms they will come: only for a confirmed booking still in the future.
 * Confirming twice is not an error (the link may be tapped twice); `already` tells the caller nothing changes.
 */
export function confirmAttendance(booking: PersonActionBooking, now: number): { ok: true; already: boolean } | Refusal {
  if (booking.status !== 'confirmed' || booking.startAt <= now) return refuse('invalid_transition');
  return { ok: true, already: booking.attendanceConfirmedAt !== null };
}

/** Which buttons the manage page offers at `now`. */
export function personActions(booking: PersonActionBooking, now: number): { canCancel: boolean; canConfirm: boolean } {
  const future = booking.startAt > now;
  return {
    canCancel: future && canTransition(booking.status, 'cancelled'),
    canConfirm: future && booking.status === 'confirmed' && booking.attendanceConfirmedAt === null,
  };
}
