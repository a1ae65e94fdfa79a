import { Hono } from 'hono';
import { allow, staffOf } from '../../auth/guard';
import type { AppEnv } from '../../env';
import { fail } from '../../errors';
import { failureResponse } from '../../http/failure';
import { listScope, mayPrintAccessibility } from '../../bookings/access';
import { renderCsv } from '../../domain/csv';
import { renderFeed, type FeedContext } from '../../domain/ical';
import { calendarHeaders, deskPlace } from '../../http/calendar';
import { registerCsv } from '../../domain/register';
import { addDays, localToInstant } from '../../domain/time';
import { deskTimeZoneOf, readDesk } from '../../db/repo/desk';
import { listFeedBookings } from '../../db/repo/ical';
import { listRegister } from '../../db/repo/reports';
import { validateExportQuery } from '../../validation/reports';

/**
 * /api/admin/bookings/export?from=YYYY-MM-DD&to=YYYY-MM-DD&format=csv|ics: the booking register of a date
 * range (at most 366 days) for the desk's own records (README "Register export"). Every booking dated in the
 * range, whatever its status. The agenda's role rules: a volunteer gets their own appointments only (asking
 * for someone else's is refused); accessibility details only for admin and reception, and never in the
 * .ics (as in every calendar file). Mounted before /bookings so "export" is not taken for a booking id.
 */
export const registerExportRoutes = new Hono<AppEnv>().get('/', allow('admin', 'reception', 'volunteer'), async (c) => {
  const { deps } = c.var;
  const lang = c.get('lang');
  const staff = staffOf(c);
  const q = validateExportQuery(c.req.query(), lang);
  if (!q.ok) return failureResponse(c, fail('invalid_input', q.fields));
  const scope = listScope(staff, q.value.volunteer);
  if (!scope.ok) return failureResponse(c, fail('forbidden'));
  const { from, to, format } = q.value;
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  if (format === 'csv') {
    const { desk, rows } = await listRegister(deps.db, { from, to, volunteerId: scope.volunteerId });
    const csv = registerCsv(rows, deskTimeZoneOf(desk), mayPrintAccessibility(staff));
    deps.log.info('register_exported', { requestId: c.get('requestId'), format, rows: rows.length });
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="registro-${from}-${to}.csv"`);
    return c.body(renderCsv(csv.header, csv.rows), 200);
  }
  const read = await readDesk(deps.db);
  if (!read.configured) return failureResponse(c, fail('desk_not_configured'));
  const desk = read.desk;
  const timeZone = deskTimeZoneOf(read);
  const rows = await listFeedBookings(deps.db, {
    volunteerId: scope.volunteerId ?? null,
    from: localToInstant(from, 0, timeZone),
    to: localToInstant(addDays(to, 1), 0, timeZone),
    // The whole register: closed bookings too, however long ago they closed.
    closedSince: 0,
    withPhone: false,
    videoRoomBase: desk.videoRoomBase,
  });
  const ctx: FeedContext = { lang, place: deskPlace(desk), showVolunteer: true, includePhone: false };
  const feed = {
    deskName: desk.name,
    volunteerName: null,
    timeZone,
    deskEmail: desk.email,
    deskUrl: deps.config.publicBaseUrl,
    subscribed: false,
  };
  const ics = renderFeed(feed, rows, ctx, deps.clock.now());
  deps.log.info('register_exported', { requestId: c.get('requestId'), format, rows: rows.length });
  calendarHeaders(c, `attachment; filename="registro-${from}-${to}.ics"`, 'no-store');
  return c.body(ics, 200);
});
