import { and, asc, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import { accessibilityCutoff, personalDataCutoff } from '../domain/retention';
import { deskQuery } from '../db/repo/desk';
import { erasePersonalDataStatements } from '../db/repo/people';
import { bookings } from '../db/schema';
import type { JobContext, JobRun } from './scheduled';

/** Bookings erased per run at most; a backlog (first run on old data) drains over the next ticks. */
export const RETENTION_BATCH_LIMIT = 500;

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
  const desk = (await deskQuery(db))[0];
  if (!desk) return { counts: { erased: 0, accessibilityErased: 0 }, skipped: 'desk_not_configured' };
  const tz = desk.timeZone;
  // Never later than now, whatever the settings say: an appointment still to come keeps its data.
  const needsCutoff = Math.min(now, accessibilityCutoff(now, desk.accessibilityRetentionDays, tz));
  const dataCutoff = Math.min(now, personalDataCutoff(now, desk.retentionMonths, tz));

  // start_at first: it is indexed, and an appointment never ends before it starts.
  const needsDue = and(
    lt(bookings.startAt, needsCutoff),
    lt(bookings.endAt, needsCutoff),
    isNotNull(bookings.accessibilityNeeds),
  );
  const [, needs, due] = await db.batch([
    // Before the UPDATE, so it sees which rows still hold needs.
    db.run(sql`
      INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
      SELECT ${bookings.id}, ${now}, 'system', NULL, 'accessibility_erased', NULL, NULL, NULL
      FROM ${bookings} WHERE ${needsDue}`),
    db.update(bookings).set({ accessibilityNeeds: null, accessibilityConsentAt: null, updatedAt: now }).where(needsDue),
    db
      .select({ id: bookings.id })
      .from(bookings)
      .where(and(lt(bookings.startAt, dataCutoff), lt(bookings.endAt, dataCutoff), isNull(bookings.erasedAt)))
      .orderBy(asc(bookings.startAt), asc(bookings.id))
      .limit(RETENTION_BATCH_LIMIT),
  ]);
  const accessibilityErased = needs.rowsAffected;
  const [first, ...rest] = erasePersonalDataStatements(
    db,
    due.map((d) => d.id),
    now,
    { type: 'system', id: null },
  );
  if (!first) return { counts: { erased: 0, accessibilityErased } };
  await db.batch([first, ...rest]);
  // The ids were read as not erased a moment ago; an overlapping run may have erased some first (harmless).
  const erased = due.length;
  return { counts: { erased, accessibilityErased } };
}
