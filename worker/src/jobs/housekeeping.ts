import type { AppDeps } from '../deps';
import { deleteExpiredAndListPendingNames, writeNameKeys } from '../db/repo/housekeeping';
import type { JobContext, JobRun } from './scheduled';

/** Rate-limit windows are one hour; older counters can no longer refuse anything. */
const RATE_LIMIT_KEEP_MS = 2 * 3_600_000;

/**
 * Names folded per run at most, for bookings written before their search key existed (migration 0009):
 * a backlog drains over the ticks (1,200 an hour at one tick every ten minutes), and one run's folding
 * stays below a millisecond of CPU (about 4 µs a name measured on Node; the free plan allows 10 ms a tick).
 */
export const NAME_KEY_BACKFILL_LIMIT = 200;

/** Subrequests of one run at most: the batch that deletes and lists, and the one that writes name keys. */
export const HOUSEKEEPING_SUBREQUESTS = 2;

/**
 * Deletes what can no longer be used, so keeping it would only keep data: expired login sessions and
 * past rate-limit counters. And writes the search key of names written before it existed, so reception
 * finds them by name (the insert paths write it for every new booking). One round trip, two while there
 * are names to fold.
 */
export async function housekeeping(deps: AppDeps, ctx: JobContext): Promise<JobRun> {
  const { pending, ...deleted } = await deleteExpiredAndListPendingNames(
    deps.db,
    ctx.now,
    ctx.now - RATE_LIMIT_KEEP_MS,
    NAME_KEY_BACKFILL_LIMIT,
  );
  const nameKeysWritten = await writeNameKeys(deps.db, pending);
  return { counts: { ...deleted, nameKeysWritten } };
}
