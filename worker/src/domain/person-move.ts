/**
 * The person's own move from the manage link (issue 14): when they may move, and whether the new time goes
 * back to reception as a request. Pure rules; the move's compare-and-swap restates the limits in SQL
 * (db/repo/manage.ts, personMovePlan), which stays the final word.
 */
import { isActive } from './lifecycle';
import type { BookingStatus, MoveConfirmationPolicy } from './vocabulary';

const HOUR_MS = 3_600_000;

/** A person moves one appointment at most this many times; after that, the desk's phone. */
export const MAX_PERSON_MOVES = 2;

/** Why a move is not offered: the booking is closed or started, inside the notice, or moved enough. */
export type MoveRefusal = 'closed' | 'too_late' | 'limit';

export interface MovableBooking {
  status: BookingStatus;
  startAt: number;
  /** Moves the person already made (bookings.person_moves). */
  personMoves: number;
}

/** Whether the person may move now: an active appointment, outside the cancellation notice, under the limit. */
export function moveRefusal(b: MovableBooking, now: number, noticeHours: number): MoveRefusal | null {
  if (!isActive(b.status) || b.startAt <= now) return 'closed';
  if (b.startAt - now < Math.max(0, noticeHours) * HOUR_MS) return 'too_late';
  if (b.personMoves >= MAX_PERSON_MOVES) return 'limit';
  return null;
}

/**
 * The status after the move: a confirmed booking goes back to `requested` when the desk's policy asks it
 * (`always`, or `other_day` and the local date changes); a request stays a request.
 */
export function statusAfterMove(
  status: BookingStatus,
  policy: MoveConfirmationPolicy,
  fromDate: string,
  toDate: string,
): BookingStatus {
  if (status !== 'confirmed') return status;
  const again = policy === 'always' || (policy === 'other_day' && fromDate !== toDate);
  return again ? 'requested' : 'confirmed';
}
