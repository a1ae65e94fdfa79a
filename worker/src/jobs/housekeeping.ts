import type { AppDeps } from '../deps';
import { deleteExpiredSessionsAndCounters } from '../db/repo/housekeeping';
import type { JobContext, JobRun } from './scheduled';

/** Rate-limit windows are one hour; older counters can no longer refuse anything. */
const RATE_LIMIT_KEEP_MS = 2 * 3_600_000;

/** Subrequests of one run at most: its one batch. */
export const HOUSEKEEPING_SUBREQUESTS = 1;

/**
 * Deletes what can no longer be used, so keeping it would only keep data: expired login sessions and
 * past rate-limit counters. One round trip.
 */
export async function housekeeping(deps: AppDeps, ctx: JobContext): Promise<JobRun> {
  const counts = await deleteExpiredSessionsAndCounters(deps.db, ctx.now, ctx.now - RATE_LIMIT_KEEP_MS);
  return { counts };
}
