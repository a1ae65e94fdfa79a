import { Hono, type Context } from 'hono';
import { allow, staffOf } from '../../auth/guard';
import type { AppEnv } from '../../env';
import { fail } from '../../errors';
import { isoAt } from '../../domain/time';
import { listScope, mayActOn } from '../../bookings/access';
import { slotsForStaff, volunteerSuggestion } from '../../bookings/availability';
import { checkIn, startMeeting } from '../../bookings/arrival';
import { changeReminderPlan, recordCall } from '../../bookings/calls';
import { bookOnBehalf } from '../../bookings/create';
import { bookFollowUp, followUpPrefill } from '../../bookings/follow-up';
import { changeNeeds } from '../../bookings/needs';
import {
  cancelByStaff,
  changeLanguage,
  confirmRequest,
  recordAttendance,
  rejectRequest,
  reschedule,
  setStaffNote,
  type Acted,
} from '../../bookings/staff-actions';
import { getBookingDetail, listBookings } from '../../db/repo/staff-bookings';
import { jsonBody, limitBody, type BodyCheck } from '../../http/body';
import { failureResponse } from '../../http/failure';
import {
  validateAttendanceBody,
  validateBookingListQuery,
  validateCallBody,
  validateConfirmBody,
  validateFollowUpBody,
  validateLanguageBody,
  validateNoteBody,
  validateReasonBody,
  validateReminderPlanBody,
  validateRescheduleBody,
  validateStaffBookingBody,
  type FollowUpBody,
  type FollowUpInput,
  type RescheduleBody,
  type RescheduleInput,
  type StaffBookingBody,
  type StaffBookingInput,
} from '../../validation/admin-bookings';
import { validateAvailabilityQuery } from '../../validation/public';
import { validateNeedsBody } from '../../validation/needs';
import { detailJson, detailResponse, followUpJson, listItem, occurrenceJson } from './booking-json';
import { errorBody } from '../../errors';
import { DEFAULT_DESK_TIME_ZONE } from '../../db/repo/desk';

const ALL_STAFF = ['admin', 'reception', 'volunteer'] as const;
/** Deciding on requests and moving or cancelling appointments is the desk's job (see the README role matrix). */
const DESK = ['admin', 'reception'] as const;

/** Action bodies may be omitted where every field is optional: an empty body is checked as `undefined`. */
const body = <T, In = T>(check: BodyCheck<T>) => jsonBody<T, In>(check, { optional: true });

/** An action's command: who acts (the session), on which booking (the path), with what (the checked body). */
function commandOf<T extends object>(c: Context<AppEnv, string, { out: { json: T } }>) {
  return { actor: staffOf(c), bookingId: c.req.param('id') ?? '', ...c.req.valid('json') };
}

const limit = limitBody();

/** The booking's page after an action, or the refusal. */
async function acted(c: Context<AppEnv>, action: string, acting: Promise<Acted>) {
  const outcome = await acting;
  if (!outcome.ok) return failureResponse(c, outcome);
  const bookingId = c.req.param('id') ?? '';
  if (outcome.changed)
    c.var.deps.log.info('staff_booking_action', { requestId: c.get('requestId'), bookingId, action });
  return detailResponse(c, bookingId, 200, 'not_found');
}

// Chained so the router's type carries every route (typed client for the admin portal).
/**
 * /api/admin/bookings: the inbox, the agenda, a booking's page, booking on behalf and the lifecycle actions.
 * Volunteers see and act only on their own appointments (attendance, note) and book only into their own shifts.
 */
export const bookingRoutes = new Hono<AppEnv>()
  .get('/', allow(...ALL_STAFF), async (c) => {
    const lang = c.get('lang');
    const staff = staffOf(c);
    const q = validateBookingListQuery(c.req.query(), lang);
    if (!q.ok) return failureResponse(c, fail('invalid_input', q.fields));
    const scope = listScope(staff, q.value.volunteer);
    if (!scope.ok) return failureResponse(c, fail('forbidden'));
    const { volunteerId } = scope;
    const filter = {
      ...(q.value.status ? { statuses: q.value.status } : {}),
      ...(q.value.from ? { from: q.value.from } : {}),
      ...(q.value.to ? { to: q.value.to } : {}),
      ...(volunteerId ? { volunteerId } : {}),
    };
    const { rows, count, timeZone } = await listBookings(c.var.deps.db, filter);
    const tz = timeZone ?? DEFAULT_DESK_TIME_ZONE;
    c.header('Cache-Control', 'no-store');
    return c.json({ timeZone: tz, bookings: rows.map((r) => listItem(r, tz, lang)), count });
  })
  .get('/slots', allow(...ALL_STAFF), async (c) => {
    // Free times as staff may book them (no minimum notice): for booking on behalf and rescheduling.
    const query = c.req.query();
    const q = validateAvailabilityQuery(query, c.get('lang'));
    if (!q.ok) return failureResponse(c, fail('invalid_input', q.fields));
    const found = await slotsForStaff(c.var.deps, {
      ...q.value,
      actor: staffOf(c),
      ...(query.exclude ? { exclude: query.exclude } : {}),
      ...(query.volunteer ? { volunteer: query.volunteer } : {}),
    });
    if (!found.ok) return failureResponse(c, found);
    const tz = found.timeZone;
    c.header('Cache-Control', 'no-store');
    return c.json({
      timeZone: tz,
      days: found.days.map((d) => ({
        date: d.date,
        slots: d.slots.map((s) => ({
          start: isoAt(s.start, tz),
          end: isoAt(s.end, tz),
          volunteerIds: s.volunteerIds,
          // Kept for phone callers and walk-ins: not in the widget yet (issue 15).
          reserved: s.reserved === true,
        })),
      })),
    });
  })
  .post(
    '/',
    allow(...ALL_STAFF),
    limit,
    body<StaffBookingInput, StaffBookingBody>(validateStaffBookingBody),
    async (c) => {
      const { deps } = c.var;
      const made = await bookOnBehalf(deps, { actor: staffOf(c), booking: c.req.valid('json') });
      if (!made.ok) return failureResponse(c, made);
      deps.log.info('staff_booking_created', { requestId: c.get('requestId'), bookingId: made.bookingId });
      return detailResponse(c, made.bookingId, 201, 'conflict');
    },
  )
  .get('/:id', allow(...ALL_STAFF), async (c) => {
    const { deps } = c.var;
    const staff = staffOf(c);
    const detail = await getBookingDetail(deps.db, c.req.param('id'));
    if (!detail) return failureResponse(c, fail('not_found'));
    if (!mayActOn(staff, detail.booking)) return failureResponse(c, fail('forbidden'));
    const json = detailJson(detail, staff, c.get('lang'));
    c.header('Cache-Control', 'no-store');
    // One shape for every booking (typed clients see the fields); only a request gets a suggestion.
    const suggestion: Partial<Awaited<ReturnType<typeof volunteerSuggestion>>> =
      detail.booking.status === 'requested' ? await volunteerSuggestion(deps, detail.booking) : {};
    return c.json({ booking: { ...json, ...suggestion } });
  })
  .post('/:id/confirm', allow(...DESK), limit, body(validateConfirmBody), (c) =>
    acted(c, 'confirm', confirmRequest(c.var.deps, commandOf(c))),
  )
  .post('/:id/reject', allow(...DESK), limit, body(validateReasonBody), (c) =>
    acted(c, 'reject', rejectRequest(c.var.deps, commandOf(c))),
  )
  .post('/:id/cancel', allow(...DESK), limit, body(validateReasonBody), (c) =>
    acted(c, 'cancel', cancelByStaff(c.var.deps, commandOf(c))),
  )
  .post('/:id/reschedule', allow(...DESK), limit, body<RescheduleInput, RescheduleBody>(validateRescheduleBody), (c) =>
    acted(c, 'reschedule', reschedule(c.var.deps, commandOf(c))),
  )
  .post('/:id/attendance', allow(...ALL_STAFF), limit, body(validateAttendanceBody), (c) =>
    acted(c, 'attendance', recordAttendance(c.var.deps, commandOf(c))),
  )
  .post('/:id/note', allow(...ALL_STAFF), limit, body(validateNoteBody), (c) =>
    acted(c, 'note', setStaffNote(c.var.deps, commandOf(c))),
  )
  .post('/:id/needs', allow(...DESK), limit, jsonBody(validateNeedsBody), (c) =>
    acted(c, 'needs', changeNeeds(c.var.deps, commandOf(c))),
  )
  .post('/:id/language', allow(...DESK), limit, body(validateLanguageBody), (c) =>
    acted(c, 'language', changeLanguage(c.var.deps, commandOf(c))),
  )
  .post('/:id/reminder-plan', allow(...DESK), limit, body(validateReminderPlanBody), (c) =>
    acted(c, 'reminder_plan', changeReminderPlan(c.var.deps, commandOf(c))),
  )
  .post('/:id/call', allow(...DESK), limit, body(validateCallBody), (c) =>
    acted(c, 'call', recordCall(c.var.deps, commandOf(c))),
  )
  // Arrival and start carry no body: who acts on which booking is all they need.
  .post('/:id/check-in', allow(...DESK), limit, (c) =>
    acted(c, 'check_in', checkIn(c.var.deps, { actor: staffOf(c), bookingId: c.req.param('id') })),
  )
  .post('/:id/start', allow(...ALL_STAFF), limit, (c) =>
    acted(c, 'start', startMeeting(c.var.deps, { actor: staffOf(c), bookingId: c.req.param('id') })),
  )
  .get('/:id/follow-up', allow(...ALL_STAFF), async (c) => {
    // What the follow-up form starts from: the path's next service, the same volunteer, the person's details.
    const prefill = await followUpPrefill(c.var.deps, { actor: staffOf(c), bookingId: c.req.param('id') });
    if (!prefill.ok) return failureResponse(c, prefill);
    c.header('Cache-Control', 'no-store');
    return c.json({ followUp: followUpJson(prefill) });
  })
  .post(
    '/:id/follow-up',
    allow(...ALL_STAFF),
    limit,
    body<FollowUpInput, FollowUpBody>(validateFollowUpBody),
    async (c) => {
      const { deps } = c.var;
      const done = await bookFollowUp(deps, commandOf(c));
      if (!done.ok) {
        if (!('occurrences' in done)) return failureResponse(c, done);
        const { error } = errorBody('series_conflict', c.get('lang'));
        const occurrences = done.occurrences.map((o) => occurrenceJson(o, done.timeZone));
        return c.json({ error: { ...error, occurrences } }, 409);
      }
      if (done.preview) return c.json({ occurrences: done.occurrences.map((o) => occurrenceJson(o, done.timeZone)) });
      deps.log.info('follow_up_booked', { requestId: c.get('requestId'), bookingIds: done.bookingIds });
      const { rows } = await listBookings(deps.db, { ids: done.bookingIds });
      const made = rows.map((r) => ({
        ...listItem(r, done.timeZone, c.get('lang')),
        followUpOf: c.req.param('id'),
        seriesId: done.seriesId,
      }));
      return c.json({ timeZone: done.timeZone, seriesId: done.seriesId, bookings: made }, 201);
    },
  );
