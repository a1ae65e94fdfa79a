import { Hono } from 'hono';
import { allow } from '../../auth/guard';
import type { AppEnv } from '../../env';
import { fail } from '../../errors';
import { failureResponse } from '../../http/failure';
import { t } from '../../i18n';
import { isValidMonth, median, noShowRate, waitingByChannel } from '../../domain/stats';
import { addDays, isoAt } from '../../domain/time';
import { loadDashboard } from '../../db/repo/dashboard';
import { budgetState } from '../../outbox/policy';

/**
 * /api/admin/dashboard: today's appointments, the inbox count, a month's figures and a 12-week chart.
 * Admin and reception (the desk's view of its work); volunteers have their own agenda instead.
 *
 * Figures (the desk's time zone decides every day boundary):
 * - month.requests: bookings created in the month, any channel (widget requests and staff bookings);
 * - month.confirmations: bookings confirmed in the month (staff bookings count when made, born confirmed);
 * - month.cancellations: bookings cancelled in the month, late ones included; month.lateCancellations:
 *   those inside the cancellation notice;
 * - month.attended / month.noShows: appointments dated in the month with that outcome;
 * - month.noShowRate: noShows / (attended + noShows), null when both are 0;
 * - month.medianTimeToConfirmMinutes: median minutes from request to confirmation of the widget requests
 *   created in the month and confirmed so far (whole minutes; null when none);
 * - sms: the SMS sent in the current calendar month, the monthly budget, and `state` ('ok', 'near' from
 *   80 % of the budget: the portal shows a notice, 'exhausted': messages wait);
 * - weekly: the last 12 ISO weeks up to the current one, oldest first, with the same definitions per week;
 * - noShows: the last 6 months ending with the month reported on, oldest first (domain/no-show-figures.ts,
 *   db/repo/no-show-figures.ts): outcomes overall and by reminder plan, attendance confirmed, channel and
 *   language; cancellations and late ones; freed slots refilled from the waitlist and the median minutes
 *   to refill; call-list outcomes;
 * - waiting: for the appointments dated in the month reported on with an arrival and a start recorded,
 *   by channel (only channels with any): how many, and the median minutes from arrival to start.
 * Before the desk exists there is no zone to count days in: 503 desk_not_configured.
 */
export const dashboardRoutes = new Hono<AppEnv>().get('/', allow('admin', 'reception'), async (c) => {
  const { deps } = c.var;
  const lang = c.get('lang');
  const month = c.req.query('month');
  if (month !== undefined && !isValidMonth(month)) {
    return failureResponse(c, fail('invalid_input', { month: t(lang, 'field.month') }));
  }
  const loaded = await loadDashboard(deps.db, deps.clock.now(), month);
  if (!loaded.configured) return failureResponse(c, fail('desk_not_configured'));
  const d = loaded.data;
  const iso = (ms: number) => isoAt(ms, d.timeZone);
  const confirmMedian = median(d.confirmMinutes);
  const m = d.monthCounts;
  // Figures move with every booking: never serve a stale copy.
  c.header('Cache-Control', 'no-store');
  return c.json({
    timeZone: d.timeZone,
    date: d.today,
    today: d.todayRows.map((r) => ({
      id: r.id,
      reference: r.reference,
      time: r.localTime,
      start: iso(r.startAt),
      end: iso(r.endAt),
      status: r.status,
      mode: r.mode,
      service: { id: r.serviceId, name: lang === 'en' ? r.serviceNameEn : r.serviceNameIt },
      volunteer: { id: r.volunteerId, name: r.volunteerName },
    })),
    pendingRequests: d.pendingRequests,
    month: {
      month: d.month,
      requests: m.requests,
      confirmations: m.confirmations,
      cancellations: m.cancellations,
      lateCancellations: m.lateCancellations,
      noShows: m.noShows,
      attended: m.attended,
      noShowRate: noShowRate(m.attended, m.noShows),
      medianTimeToConfirmMinutes: confirmMedian === null ? null : Math.round(confirmMedian),
    },
    sms: { ...d.sms, state: budgetState(d.sms.sentThisMonth, d.sms.budget) },
    weekly: d.weeks.map((w) => ({
      weekStart: w.period.from,
      weekEnd: addDays(w.period.until, -1),
      requests: w.counts.requests,
      attended: w.counts.attended,
      noShows: w.counts.noShows,
      cancellations: w.counts.cancellations,
    })),
    noShows: d.noShows,
    waiting: waitingByChannel(d.waits),
  });
});
