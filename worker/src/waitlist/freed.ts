/**
 * The one door through which every change that frees a slot tells the waitlist (issue 14): a cancellation
 * (by the person, by staff, from the call list), a rejection, an expiry, a move (the old time). The caller
 * calls it after its write committed, with the slots its write freed; it never throws and never delays the
 * caller's answer (the work runs through `deps.defer` where there is one, and the cron catches up on any
 * freed slot not yet offered).
 */
import type { AppDeps } from '../deps';

/** A volunteer's time that stopped being taken, and by which booking. */
export interface FreedSlot {
  /** The booking that held it (for a move: the moved booking, with its old times). */
  bookingId: string;
  volunteerId: string;
  startAt: number;
  endAt: number;
  /** When it was freed: the start of the time to refill. */
  freedAt: number;
}

/**
 * TEMP(issue 14, waitlist): a stand-in that offers nothing; the waitlist's offer engine replaces its body.
 * Callers already call it wherever a slot frees.
 */
export function notifySlotsFreed(_deps: AppDeps, _freed: readonly FreedSlot[]): void {}
