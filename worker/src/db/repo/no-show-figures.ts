/**
 * The dashboard's no-show figures per month (issue 14): what the reminders, the call list and the waitlist
 * do. Aggregate statements only, run in the dashboard's one batch (db/repo/dashboard.ts): no round trip of
 * their own. Months are the desk's local months.
 *
 * - outcomes: appointments dated in the month that ended attended or no_show, counted by reminder plan, by
 *   whether the person confirmed attendance, by channel and by language;
 * - cancellations / lateCancellations: cancelled in the month (late: inside the desk's notice);
 * - freed slots: every appointment cancelled in the month before its start, plus every other freed time the
 *   waitlist was offered (a move, a rejection, an expiry); refilled: those whose offer was taken;
 * - refill minutes: from the moment a slot was freed to the moment its offer was taken;
 * - calls: the call-list outcome recorded in the month, one per booking (the last one).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import type { Period } from '../../domain/stats';
import type { CallOutcome, Channel, Language, ReminderPlan } from '../../domain/vocabulary';

export interface OutcomeRow {
  idx: number;
  plan: ReminderPlan;
  confirmed: number;
  channel: Channel;
  language: Language;
  status: 'attended' | 'no_show';
  n: number;
}

export interface MonthScalars {
  idx: number;
  cancellations: number;
  lateCancellations: number;
  offeredSlots: number;
  unofferedCancellations: number;
  refilled: number;
}

function periodsTable(periods: readonly Period[]) {
  const values = sql.join(
    periods.map((p, i) => sql`(${i}, ${p.from}, ${p.until}, ${p.startAt}, ${p.endAt})`),
    sql`, `,
  );
  return sql`WITH periods(idx, d0, d1, t0, t1) AS (VALUES ${values})`;
}

/** Outcomes of the months' appointments, grouped by everything the breakdowns need. */
export function outcomesQuery(db: Db, months: readonly Period[]) {
  return db.all<OutcomeRow>(sql`${periodsTable(months)}
    SELECT p.idx AS idx, b.reminder_plan AS plan, b.attendance_confirmed_at IS NOT NULL AS confirmed,
      b.channel AS channel, b.language AS language, b.status AS status, count(*) AS n
    FROM periods p JOIN bookings b
      ON b.local_date >= p.d0 AND b.local_date < p.d1 AND b.status IN ('attended', 'no_show')
    GROUP BY 1, 2, 3, 4, 5, 6`);
}

/** Cancellations and the waitlist's freed and refilled slots of each month. */
export function monthScalarsQuery(db: Db, months: readonly Period[]) {
  return db.all<MonthScalars>(sql`${periodsTable(months)}
    SELECT p.idx AS idx,
      (SELECT count(*) FROM bookings b
        WHERE b.status = 'cancelled' AND b.cancelled_at >= p.t0 AND b.cancelled_at < p.t1) AS cancellations,
      (SELECT count(*) FROM bookings b WHERE b.status = 'cancelled' AND b.late_cancellation = 1
        AND b.cancelled_at >= p.t0 AND b.cancelled_at < p.t1) AS lateCancellations,
      (SELECT count(*) FROM (SELECT DISTINCT o.volunteer_id, o.start_at, o.freed_at FROM waitlist_offers o
        WHERE o.freed_at >= p.t0 AND o.freed_at < p.t1)) AS offeredSlots,
      (SELECT count(*) FROM bookings b WHERE b.status = 'cancelled'
        AND b.cancelled_at >= p.t0 AND b.cancelled_at < p.t1 AND b.cancelled_at < b.start_at
        AND NOT EXISTS (SELECT 1 FROM waitlist_offers o WHERE o.source_booking_id = b.id)) AS unofferedCancellations,
      (SELECT count(*) FROM waitlist_offers o
        WHERE o.status = 'taken' AND o.freed_at >= p.t0 AND o.freed_at < p.t1) AS refilled
    FROM periods p
    ORDER BY p.idx`);
}

/** Minutes from freed to taken, one row per refilled slot. */
export function refillMinutesQuery(db: Db, months: readonly Period[]) {
  return db.all<{ idx: number; minutes: number }>(sql`${periodsTable(months)}
    SELECT p.idx AS idx, (o.answered_at - o.freed_at) / 60000.0 AS minutes
    FROM periods p JOIN waitlist_offers o
      ON o.status = 'taken' AND o.answered_at IS NOT NULL AND o.freed_at >= p.t0 AND o.freed_at < p.t1`);
}

/** Call-list outcomes recorded in each month. */
export function callOutcomesQuery(db: Db, months: readonly Period[]) {
  return db.all<{ idx: number; outcome: CallOutcome; n: number }>(sql`${periodsTable(months)}
    SELECT p.idx AS idx, b.call_outcome AS outcome, count(*) AS n
    FROM periods p JOIN bookings b
      ON b.call_outcome IS NOT NULL AND b.call_outcome_at >= p.t0 AND b.call_outcome_at < p.t1
    GROUP BY 1, 2`);
}
