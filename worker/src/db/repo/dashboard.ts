/**
 * The staff dashboard's figures: aggregate queries only, so the cost does not grow with what is shown.
 * Two round trips: the desk (its zone decides every boundary), then one batch with everything else.
 */
import { and, asc, eq, gte, isNotNull, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { lastIsoWeeks, monthOf, monthPeriod, monthsEndingWith, type Period } from '../../domain/stats';
import { noShowMonths, type NoShowMonth } from '../../domain/no-show-figures';
import { callOutcomesQuery, monthScalarsQuery, outcomesQuery, refillMinutesQuery } from './no-show-figures';
import { zonedParts } from '../../domain/time';
import { bookings, messages } from '../schema';
import { DEFAULT_SMS_MONTHLY_BUDGET } from '../schema/desk';
import { localMonthStart } from '../../outbox/policy';
import { listedBooking, withNames } from './booking-joins';
import { type BookingStatus, type Channel, type Mode } from '../../domain/vocabulary';
import { readDesk } from './desk';

/** Weeks in the dashboard's chart. */
export const DASHBOARD_WEEKS = 12;
/** Months of no-show figures, ending with the month reported on. */
export const NO_SHOW_MONTHS = 6;

/**
 * What happened in a period (local days of the desk, bounded by local midnights):
 * - requests: bookings created in the period, any channel (widget requests and bookings made by staff);
 * - confirmations: bookings whose confirmation falls in the period (staff bookings are confirmed when made);
 * - cancellations: bookings cancelled in the period (by the person or by staff), late ones included;
 * - lateCancellations: those of them made inside the desk's cancellation notice;
 * - attended / noShows: appointments on a day of the period whose outcome is attended / no_show.
 */
export interface PeriodCounts {
  requests: number;
  confirmations: number;
  cancellations: number;
  lateCancellations: number;
  attended: number;
  noShows: number;
}

/** An appointment on the dashboard's "today" list (no personal data: the list is for planning). */
export interface TodayRow {
  id: string;
  reference: string;
  status: BookingStatus;
  startAt: number;
  endAt: number;
  localTime: string;
  mode: Mode;
  serviceId: string;
  serviceNameIt: string;
  serviceNameEn: string;
  volunteerId: string;
  volunteerName: string;
}

export interface DashboardData {
  timeZone: string;
  /** Today's local date at the desk. */
  today: string;
  /** The month reported on, 'YYYY-MM'. */
  month: string;
  todayRows: TodayRow[];
  /** Requests waiting for a decision (status requested), whatever their date. */
  pendingRequests: number;
  monthCounts: PeriodCounts;
  /** Minutes from request to confirmation of the widget requests created in the month and confirmed. */
  confirmMinutes: number[];
  /** SMS sent in the current calendar month (whatever `month` is reported on) and the desk's budget. */
  sms: { sentThisMonth: number; budget: number };
  /** Oldest first, ending with the current week. */
  weeks: { period: Period; counts: PeriodCounts }[];
  /** The no-show figures of the last NO_SHOW_MONTHS months, oldest first, ending with `month`. */
  noShows: NoShowMonth[];
  /** Minutes from arrival to start of the appointments dated in the month, with their channel (issue 15). */
  waits: { channel: Channel; minutes: number }[];
}

/** Statuses that never were appointments: left out of today's list. */
const NOT_APPOINTMENTS: BookingStatus[] = ['rejected', 'expired'];

/** Counts for each period in one statement: a VALUES table of the periods with one sub-count per figure. */
function periodCountsQuery(db: Db, periods: readonly Period[]) {
  const values = sql.join(
    periods.map((p, i) => sql`(${i}, ${p.from}, ${p.until}, ${p.startAt}, ${p.endAt})`),
    sql`, `,
  );
  // Appointment outcomes are grouped by the stored local date (indexed with the status); the other
  // figures are moments, compared with the instants of the local midnights.
  return db.all<{ idx: number } & PeriodCounts>(sql`
    WITH periods(idx, d0, d1, t0, t1) AS (VALUES ${values})
    SELECT p.idx AS idx,
      (SELECT count(*) FROM bookings b WHERE b.created_at >= p.t0 AND b.created_at < p.t1) AS requests,
      (SELECT count(*) FROM bookings b WHERE b.confirmed_at >= p.t0 AND b.confirmed_at < p.t1) AS confirmations,
      (SELECT count(*) FROM bookings b
        WHERE b.status = 'cancelled' AND b.cancelled_at >= p.t0 AND b.cancelled_at < p.t1) AS cancellations,
      (SELECT count(*) FROM bookings b
        WHERE b.status = 'cancelled' AND b.late_cancellation = 1
          AND b.cancelled_at >= p.t0 AND b.cancelled_at < p.t1) AS lateCancellations,
      (SELECT count(*) FROM bookings b
        WHERE b.local_date >= p.d0 AND b.local_date < p.d1 AND b.status = 'attended') AS attended,
      (SELECT count(*) FROM bookings b
        WHERE b.local_date >= p.d0 AND b.local_date < p.d1 AND b.status = 'no_show') AS noShows
    FROM periods p
    ORDER BY p.idx`);
}

const ZERO: PeriodCounts = {
  requests: 0,
  confirmations: 0,
  cancellations: 0,
  lateCancellations: 0,
  attended: 0,
  noShows: 0,
};

function toCounts(row: Partial<PeriodCounts> | undefined): PeriodCounts {
  if (!row) return { ...ZERO };
  // Drivers may hand counts back as bigint or string; the dashboard wants plain numbers.
  const n = (x: unknown) => Number(x ?? 0);
  return {
    requests: n(row.requests),
    confirmations: n(row.confirmations),
    cancellations: n(row.cancellations),
    lateCancellations: n(row.lateCancellations),
    attended: n(row.attended),
    noShows: n(row.noShows),
  };
}

/**
 * Reads the dashboard for `month` ('YYYY-MM', assumed valid; default: the desk's current month) and the
 * last DASHBOARD_WEEKS ISO weeks up to today's, at instant `now`. Without a desk there are no days to
 * count in: the outcome says so.
 */
export async function loadDashboard(
  db: Db,
  now: number,
  month?: string,
): Promise<{ configured: true; data: DashboardData } | { configured: false }> {
  const read = await readDesk(db);
  if (!read.configured) return read;
  const timeZone = read.desk.timeZone;
  const today = zonedParts(now, timeZone).date;
  const reportMonth = month ?? monthOf(now, timeZone);
  const monthRange = monthPeriod(reportMonth, timeZone);
  const weeks = lastIsoWeeks(today, DASHBOARD_WEEKS, timeZone);
  const months = monthsEndingWith(reportMonth, NO_SHOW_MONTHS);
  const monthPeriods = months.map((m) => monthPeriod(m, timeZone));

  const [todayRows, pending, counts, confirmMinutes, sentThisMonth, outcomes, scalars, refills, calls, waits] =
    await db.batch([
      withNames(
        db
          .select({ ...listedBooking, localTime: bookings.localTime, mode: bookings.mode })
          .from(bookings)
          .$dynamic(),
      )
        .where(and(eq(bookings.localDate, today), notInArray(bookings.status, NOT_APPOINTMENTS)))
        .orderBy(asc(bookings.startAt), asc(bookings.id)),
      db
        .select({ n: sql<number>`count(*)` })
        .from(bookings)
        .where(eq(bookings.status, 'requested')),
      periodCountsQuery(db, [monthRange, ...weeks]),
      // Staff bookings are born confirmed: they would pull the median to zero and say nothing about the inbox.
      db
        .select({ minutes: sql<number>`(${bookings.confirmedAt} - ${bookings.createdAt}) / 60000.0` })
        .from(bookings)
        .where(
          and(
            eq(bookings.channel, 'widget'),
            gte(bookings.createdAt, monthRange.startAt),
            lt(bookings.createdAt, monthRange.endAt),
            isNotNull(bookings.confirmedAt),
          ),
        ),
      // What the monthly budget counts (outbox/dispatch.ts), over the index messages_sent_at.
      db
        .select({ n: sql<number>`count(*)` })
        .from(messages)
        .where(gte(messages.sentAt, localMonthStart(now, timeZone))),
      outcomesQuery(db, monthPeriods),
      monthScalarsQuery(db, monthPeriods),
      refillMinutesQuery(db, monthPeriods),
      callOutcomesQuery(db, monthPeriods),
      // Waiting at the desk: both moments recorded, by the appointment's local date.
      db
        .select({
          channel: bookings.channel,
          minutes: sql<number>`(${bookings.startedAt} - ${bookings.checkedInAt}) / 60000.0`,
        })
        .from(bookings)
        .where(
          and(
            gte(bookings.localDate, monthRange.from),
            lt(bookings.localDate, monthRange.until),
            isNotNull(bookings.checkedInAt),
            isNotNull(bookings.startedAt),
          ),
        ),
    ]);

  const byIdx = new Map(counts.map((r) => [Number(r.idx), r]));
  const data: DashboardData = {
    timeZone,
    today,
    month: reportMonth,
    todayRows,
    pendingRequests: Number(pending[0]?.n ?? 0),
    monthCounts: toCounts(byIdx.get(0)),
    confirmMinutes: confirmMinutes.map((r) => Number(r.minutes)),
    sms: {
      sentThisMonth: Number(sentThisMonth[0]?.n ?? 0),
      budget: read.desk.smsMonthlyBudget ?? DEFAULT_SMS_MONTHLY_BUDGET,
    },
    weeks: weeks.map((period, i) => ({ period, counts: toCounts(byIdx.get(i + 1)) })),
    // Drivers may hand numbers back as bigint or string.
    noShows: noShowMonths(months, {
      outcomes: outcomes.map((r) => ({
        ...r,
        idx: Number(r.idx),
        confirmed: Number(r.confirmed) === 1,
        n: Number(r.n),
      })),
      scalars: new Map(
        scalars.map((r) => [
          Number(r.idx),
          {
            cancellations: Number(r.cancellations),
            lateCancellations: Number(r.lateCancellations),
            offeredSlots: Number(r.offeredSlots),
            unofferedCancellations: Number(r.unofferedCancellations),
            refilled: Number(r.refilled),
          },
        ]),
      ),
      refillMinutes: refills.map((r) => ({ idx: Number(r.idx), minutes: Number(r.minutes) })),
      calls: calls.map((r) => ({ ...r, idx: Number(r.idx), n: Number(r.n) })),
    }),
    waits: waits.map((r) => ({ channel: r.channel, minutes: Number(r.minutes) })),
  };
  return { configured: true, data };
}
