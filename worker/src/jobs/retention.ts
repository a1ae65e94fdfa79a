import type { AppDeps } from '../deps';
import { accessibilityCutoff, personalDataCutoff } from '../domain/retention';
import { readDesk } from '../db/repo/desk';
import { clearNeedsAndListExpired, eraseBookingsBySystem } from '../db/repo/retention';
import type { JobContext, JobRun } from './scheduled';

/** Bookings erased per run at most; a backlog (first run on old data) drains over the next ticks. */
export const RETENTION_BATCH_LIMIT = 500;

/** Subrequests of one run at most: the desk, the batch that clears and lists, the erasure batch. */
export const RETENTION_SUBREQUESTS = 3;

/**
 * Storage limitation (GDPR art. 5(1)(e)), run on every tick and idempotent:
 * - accessibility needs (special-category data) go `accessibilityRetentionDays` after the appointment,
 *   with their consent time, and an 'accessibility_erased' event;
 * - every personal column of a booking (and its messages' recipient and body) goes `retentionMonths`
 *   after the appointment, through the same statements as a person's erasure request.
 * Bookings themselves stay with status, service, volunteer and times, so the anonymous counts do too.
 * Nothing about an appointment that has not ended yet is touched. Round trips: the desk, one batch that
 * clears the needs and lists the bookings due for erasure, and one erasure batch when there are any.
 */
export async function retention(deps: AppDeps, ctx: JobContext): Promise<JobRun> {
  const { db } = deps;
  const now = ctx.now;
  // Decide: the two cutoffs, in the desk's calendar.
  const read = await readDesk(db);
  if (!read.configured) return { counts: { erased: 0, accessibilityErased: 0 }, skipped: 'desk_not_configured' };
  const { desk } = read;
  const tz = desk.timeZone;
  // Never later than now, whatever the settings say: an appointment still to come keeps its data.
  const needsCutoff = Math.min(now, accessibilityCutoff(now, desk.accessibilityRetentionDays, tz));
  const dataCutoff = Math.min(now, personalDataCutoff(now, desk.retentionMonths, tz));

  // Claim: clear the needs due and list the bookings due for erasure.
  const { accessibilityErased, dueIds } = await clearNeedsAndListExpired(db, {
    now,
    needsCutoff,
    dataCutoff,
    limit: RETENTION_BATCH_LIMIT,
  });
  if (dueIds.length === 0) return { counts: { erased: 0, accessibilityErased } };

  // Write: erase them. The ids were read as not erased a moment ago; an overlapping run may have erased
  // some first (harmless).
  await eraseBookingsBySystem(db, dueIds, now);
  return { counts: { erased: dueIds.length, accessibilityErased } };
}
