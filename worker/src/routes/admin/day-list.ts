import { Hono } from 'hono';
import * as v from 'valibot';
import { allow, staffOf } from '../../auth/guard';
import { listScope, mayPrintAccessibility } from '../../bookings/access';
import { DEFAULT_DESK_TIME_ZONE } from '../../db/repo/desk';
import { listDay } from '../../db/repo/staff-bookings';
import { italianHolidays } from '../../domain/holidays';
import type { AppEnv } from '../../env';
import { fail } from '../../errors';
import { failureResponse } from '../../http/failure';
import { t, type MessageKey } from '../../i18n';
import { dayListQuerySchema } from '../../validation/admin-management';
import { issuesToFields } from '../../validation/issues';
import { listItem } from './booking-json';

/**
 * /api/admin/day-list?date=YYYY-MM-DD&volunteer=: one day's appointments as the printed day list shows
 * them (requests, confirmed ones and outcomes, by time), with whether the desk is closed that day. Role
 * rules as the agenda: a volunteer reads only their own day. Unlike the lists, each booking carries its
 * accessibility needs, for the desk only (see mayPrintAccessibility).
 */
export const dayListRoutes = new Hono<AppEnv>().get('/', allow('admin', 'reception', 'volunteer'), async (c) => {
  const lang = c.get('lang');
  const staff = staffOf(c);
  const q = v.safeParse(dayListQuerySchema, {
    date: c.req.query('date'),
    volunteer: c.req.query('volunteer') || undefined,
  });
  if (!q.success) return failureResponse(c, fail('invalid_input', issuesToFields(q.issues, lang)));
  const scope = listScope(staff, q.output.volunteer);
  if (!scope.ok) return failureResponse(c, fail('forbidden'));
  const { volunteerId } = scope;
  const { date } = q.output;
  const day = await listDay(c.var.deps.db, date, volunteerId);
  const tz = day.timeZone ?? DEFAULT_DESK_TIME_ZONE;
  const needs = mayPrintAccessibility(staff);
  const holiday = italianHolidays(Number(date.slice(0, 4))).get(date);
  c.header('Cache-Control', 'no-store');
  return c.json({
    date,
    timeZone: tz,
    /** Why the desk is closed that day (a national holiday's name, or the closure's reason, maybe ''); null when open. */
    closed: holiday ? t(lang, holiday as MessageKey) : (day.closures[0]?.reason ?? null),
    needsShown: needs,
    bookings: day.rows.map((r) => ({
      ...listItem(r, tz, lang),
      ...(needs
        ? {
            accessibilityNeeds: r.accessibilityNeeds,
            longAppointment: r.longAppointment,
            interpreterLanguage: r.interpreterLanguage,
          }
        : {}),
    })),
  });
});
