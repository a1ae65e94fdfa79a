/**
 * The one door through which every change that frees a slot tells the waitlist (issue 14): a cancellation
 * (by the person, by staff, from the call list), a rejection, an expiry, a move (the old time). The caller
 * calls it after its write committed, with the slots its write freed; it never throws and never delays the
 * caller's answer (the work runs through `deps.defer` where there is one, and the cron catches up on any
 * freed slot not yet offered).
 */
import type { AppDeps } from '../deps';
import { offerTimes } from './offers';

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
 * Hands the freed slots to the offer engine after the response (deps.defer). Without `defer` (tests that
 * drive the engine themselves) nothing runs here, nor in an invocation with a subrequest budget (the
 * Worker): its deferred SMS dispatch takes what the request leaves of the budget, and the engine's round
 * trips running beside it could pass the limit. In both cases the cron's catch-up (waitlist/cron.ts) offers
 * the time at its next tick, within its own share of the budget.
 */
export function notifySlotsFreed(deps: AppDeps, freed: readonly FreedSlot[]): void {
  if (freed.length === 0 || !deps.defer || deps.subrequests) return;
  deps.defer(offerFreedSlots(deps, freed));
}

/** Offers the freed slots now; logs and swallows any failure (the cron catches up). */
export async function offerFreedSlots(deps: AppDeps, freed: readonly FreedSlot[]): Promise<void> {
  try {
    await offerTimes(
      deps,
      freed.map((f) => ({
        volunteerId: f.volunteerId,
        startAt: f.startAt,
        endAt: f.endAt,
        freedAt: f.freedAt,
        sourceBookingId: f.bookingId,
      })),
    );
  } catch (err) {
    deps.log.error('waitlist_offer_failed', { error: err instanceof Error ? err.name : typeof err });
  }
}
