/**
 * Closing the desk on some days and, in the same step, cancelling the appointments of those days with a
 * text to each person. One batch writes the closure, every cancellation with its audit event and every
 * text; repeating the request (a retry after a lost answer) reuses the closure and finds nothing left to
 * cancel.
 */
import type { StaffPrincipal } from '../auth/guard';
import type { Statement } from '../db/batch';
import { insertDeskClosureOnce, loadForClosing, type ClosureRow } from '../db/repo/management';
import type { AppDeps } from '../deps';
import { staffCancellation } from './staff-actions';

export interface CloseDaysCommand {
  actor: StaffPrincipal;
  closure: { dateFrom: string; dateTo: string; reason: string };
  /** Kept on each cancelled booking for the desk (the closure's reason, or a default in the staff's words). */
  cancelReason: string;
}

export interface ClosedDays {
  closure: ClosureRow;
  /** False when a closure of exactly those days existed already (the request was repeated). */
  created: boolean;
  /** Bookings this request cancelled. */
  cancelled: number;
  /** Active bookings of those days still there (changed by someone else meanwhile). */
  remaining: number;
}

/** Closes the desk on the days and cancels their active bookings, telling the people. */
export async function closeDaysAndCancel(deps: AppDeps, cmd: CloseDaysCommand): Promise<ClosedDays> {
  const now = deps.clock.now();
  const { dateFrom, dateTo } = cmd.closure;
  const { active, desk, existing } = await loadForClosing(deps.db, { from: dateFrom, to: dateTo });
  const closure: ClosureRow = existing ?? { id: deps.ids.id(), volunteerId: null, ...cmd.closure, createdAt: now };

  const statements: Statement[] = [];
  const updates: number[] = [];
  for (const booking of active) {
    // The desk closed, the person did nothing late: never flagged as a late cancellation.
    const { plan, texts } = staffCancellation(deps, desk, booking, {
      actorId: cmd.actor.userId,
      now,
      reason: cmd.cancelReason,
      late: false,
    });
    statements.push(plan.event, ...texts, plan.update);
    updates.push(statements.length - 1);
  }
  const results = await deps.db.batch([insertDeskClosureOnce(deps.db, closure), ...statements]);
  // A booking changed between the read and the batch is left as it is now (its guard no longer matched).
  const cancelled = updates.filter((i) => rowsAffected(results[i + 1]) === 1).length;
  if (cancelled > 0) deps.outbox.sendSoon();
  return {
    closure,
    created: !existing && rowsAffected(results[0]) === 1,
    cancelled,
    remaining: active.length - cancelled,
  };
}

function rowsAffected(result: unknown): number {
  return Number((result as { rowsAffected?: unknown } | undefined)?.rowsAffected ?? 0);
}
