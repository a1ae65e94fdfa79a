/**
 * The waitlist's cron step: unanswered offers lapse when their hold ends and their time passes on to the
 * next person; entries whose days are past expire; freed times the door (freed.ts) did not get to offer
 * (a deferred run that failed, a request that expired in this very tick) are offered now. One batch
 * decides all three, then the offer engine's three round trips: WAITLIST_SUBREQUESTS in all.
 */
import { sql } from 'drizzle-orm';
import { batchByName, rowsOf, totalRowsAffected } from '../db/batch';
import type { AppDeps } from '../deps';
import type { Mode } from '../domain/vocabulary';
import type { JobContext, JobRun } from '../jobs/scheduled';
import { offerTimes, type TimeToOffer } from './offers';

/** The most subrequests one run makes: the deciding batch, then the offer engine's three. */
export const WAITLIST_SUBREQUESTS = 4;
/** Offers lapsed per run at most; the next tick takes the rest. */
export const LAPSE_LIMIT = 50;
/** Freed times caught up per run at most. */
export const CATCH_UP_LIMIT = 10;
/** A freed time is caught up while its booking ended this recently. */
const CATCH_UP_WINDOW_MS = 7 * 24 * 3_600_000;
/**
 * No zone is more than 14 hours ahead of UTC... or behind: an entry whose last day is before the UTC
 * date of (now − 14 h) is past in every zone, so the step needs no desk read to know it.
 */
const MAX_ZONE_OFFSET_MS = 14 * 3_600_000;

interface TimeRow {
  volunteerId: string;
  startAt: number;
  endAt: number;
  freedAt: number;
  sourceBookingId: string | null;
  serviceId: string;
  mode: Mode;
}

/** One run of the waitlist's cron step as of `ctx.now`. */
export async function waitlistTick(deps: AppDeps, ctx: JobContext): Promise<JobRun> {
  const { db } = deps;
  const now = ctx.now;
  const pastDay = new Date(now - MAX_ZONE_OFFSET_MS).toISOString().slice(0, 10);
  const res = await batchByName(db, {
    lapsed: db.all<TimeRow>(sql`
      UPDATE waitlist_offers SET status = 'lapsed', answered_at = ${now}
      WHERE id IN (SELECT id FROM waitlist_offers WHERE status = 'open' AND hold_until <= ${now}
        ORDER BY hold_until LIMIT ${LAPSE_LIMIT})
        AND status = 'open'
      RETURNING volunteer_id AS volunteerId, start_at AS startAt, end_at AS endAt, freed_at AS freedAt,
        source_booking_id AS sourceBookingId, service_id AS serviceId, mode`),
    expired: db.run(sql`
      UPDATE waitlist_entries SET status = 'expired', ended_at = ${now}, updated_at = ${now}
      WHERE status = 'waiting' AND to_date < ${pastDay}`),
    // Freed by a booking's end, still ahead and free, never offered, and someone waits for its service,
    // mode and day.
    freed: db.all<TimeRow>(sql`
      SELECT b.volunteer_id AS volunteerId, b.start_at AS startAt, b.end_at AS endAt, b.updated_at AS freedAt,
        b.id AS sourceBookingId, b.service_id AS serviceId, b.mode
      FROM bookings b
      WHERE b.status IN ('cancelled', 'rejected', 'expired') AND b.updated_at > ${now - CATCH_UP_WINDOW_MS}
        AND b.start_at > ${now}
        AND NOT EXISTS (SELECT 1 FROM waitlist_offers o WHERE o.source_booking_id = b.id)
        AND NOT EXISTS (SELECT 1 FROM waitlist_offers o WHERE o.volunteer_id = b.volunteer_id
          AND o.start_at = b.start_at AND o.status = 'open')
        AND NOT EXISTS (SELECT 1 FROM bookings x WHERE x.volunteer_id = b.volunteer_id
          AND x.status IN ('requested', 'confirmed') AND x.start_at < b.end_at AND x.end_at > b.start_at)
        AND EXISTS (SELECT 1 FROM waitlist_entries e WHERE e.status = 'waiting' AND e.service_id = b.service_id
          AND e.mode = b.mode AND e.from_date <= b.local_date AND e.to_date >= b.local_date)
      ORDER BY b.start_at
      LIMIT ${CATCH_UP_LIMIT}`),
  });
  const lapsed = rowsOf<TimeRow>(res.lapsed);
  const times: TimeToOffer[] = [...lapsed, ...rowsOf<TimeRow>(res.freed)];
  // The dispatch job of this tick sends the offers' texts, within its share of the budget.
  const run = times.length > 0 ? await offerTimes(deps, times, { sendSoon: false }) : { offered: 0, times: 0 };
  return {
    counts: {
      lapsed: lapsed.length,
      expired: totalRowsAffected(res.expired),
      offered: run.offered,
    },
  };
}
