import { Hono } from 'hono';
import * as v from 'valibot';
import { allow } from '../../auth/guard';
import { callListBookings, callListCalendar } from '../../db/repo/calls';
import { DEFAULT_DESK_TIME_ZONE } from '../../db/repo/desk';
import { callCutoff, callReasons, nextWorkingDay } from '../../domain/call-list';
import { addDays, isoAt, zonedParts } from '../../domain/time';
import type { AppEnv } from '../../env';
import { fail } from '../../errors';
import { failureResponse } from '../../http/failure';
import { callListQuerySchema } from '../../validation/admin-management';
import { issuesToFields } from '../../validation/issues';
import { listItem } from './booking-json';

/** The schema's default cut-off (12:00), for a desk not set up yet. */
const DEFAULT_CUTOFF_MINUTE = 720;
/** Days of closures read on each side of the dates involved: enough to step over any holiday bridge. */
const CLOSURE_MARGIN_DAYS = 60;

/**
 * /api/admin/call-list?date=YYYY-MM-DD: the bookings of a day reception should phone (confirmed, and the
 * person has not confirmed attendance, or has no mobile, or asked for calls instead of texts), with the
 * cut-off after which the list is due: the desk's cut-off minute on the working day before (Monday to
 * Friday, not a national holiday, not a desk-wide closure). Without a date: the next working day.
 * Bookings already called stay on the list with the outcome. Desk roles only.
 */
export const callListRoutes = new Hono<AppEnv>().get('/', allow('admin', 'reception'), async (c) => {
  const lang = c.get('lang');
  const q = v.safeParse(callListQuerySchema, { date: c.req.query('date') || undefined });
  if (!q.success) return failureResponse(c, fail('invalid_input', issuesToFields(q.issues, lang)));
  const { db } = c.var.deps;
  const now = c.var.deps.clock.now();
  // The desk's date is within a day of UTC's: the margin covers it.
  const utcToday = new Date(now).toISOString().slice(0, 10);
  const asked = q.output.date;
  const lo = asked && asked < utcToday ? asked : utcToday;
  const hi = asked && asked > utcToday ? asked : utcToday;
  const { desk, closed } = await callListCalendar(db, {
    from: addDays(lo, -CLOSURE_MARGIN_DAYS),
    to: addDays(hi, CLOSURE_MARGIN_DAYS),
  });
  const tz = desk?.timeZone ?? DEFAULT_DESK_TIME_ZONE;
  const date = asked ?? nextWorkingDay(zonedParts(now, tz).date, closed);
  const cutoff = callCutoff(date, desk?.callCutoffMinute ?? DEFAULT_CUTOFF_MINUTE, tz, closed);
  const rows = await callListBookings(db, date);
  c.header('Cache-Control', 'no-store');
  return c.json({
    date,
    timeZone: tz,
    cutoff: isoAt(cutoff, tz),
    due: now >= cutoff,
    bookings: rows.map((r) => {
      const item = listItem(r, tz, lang);
      return {
        ...item,
        reasons: callReasons(r),
        callOutcome: item.callOutcome && { ...item.callOutcome, byName: r.callOutcomeByName },
      };
    }),
  });
});
