import { Hono, type Context } from 'hono';
import { allow, staffOf, type StaffPrincipal } from '../../auth/guard';
import { limitBody as staffBodyLimit } from '../../http/body';
import type { AppDeps } from '../../deps';
import { dispatchSoon } from '../../jobs/dispatch-sms';
import type { AppEnv } from '../../env';
import { ERROR_STATUS, errorBody, fail, type ErrorCode, type Failure, type FieldErrors } from '../../errors';
import { t, type Lang } from '../../i18n';
import { computeAvailability, findSlot } from '../../domain/availability';
import { canTransition, isActive, isLateCancellation } from '../../domain/lifecycle';
import { addDays, formatIsoWithOffset, offsetMinutesAt, zonedParts } from '../../domain/time';
import type { AvailabilityData, ServiceRule, Slot } from '../../domain/types';
import type { Mode } from '../../domain/vocabulary';
import { loadAvailability, type LoadedAvailability } from '../../db/repo/availability';
import { outboxDesk, smsContext } from '../../db/repo/outbox-enqueue';
import {
  cancelStatements,
  confirmStatements,
  getBookingDetail,
  insertStaffBooking,
  listBookings,
  loadForAction,
  noteStatements,
  outcomeStatements,
  rejectStatements,
  rescheduleStatements,
  runAction,
  type ActionOutcome,
  type BookingDetail,
  type BookingListRow,
  type BookingRow,
  type MessageRow,
  type NewStaffBooking,
  volunteerNames,
} from '../../db/repo/staff-bookings';
import {
  validateAttendanceBody,
  validateBookingListQuery,
  validateConfirmBody,
  validateNoteBody,
  validateReasonBody,
  validateRescheduleBody,
  validateStaffBookingBody,
  type Validated,
} from '../../validation/admin-bookings';
import { validateAvailabilityQuery, DEFAULT_RANGE_DAYS } from '../../validation/public';

const HOUR = 3_600_000;
/** No desk horizon exceeds 366 days: a start further out cannot be a slot and costs no database work. */
const MAX_START_AHEAD_MS = 367 * 24 * HOUR;
/** Used only when the desk row is missing (a half set-up deployment); the schema's defaults. */
const FALLBACK_TIME_ZONE = 'Europe/Rome';
const FALLBACK_CANCELLATION_NOTICE_HOURS = 24;

const ALL_STAFF = ['admin', 'reception', 'volunteer'] as const;
/** Deciding on requests and moving or cancelling appointments is the desk's job (see the README role matrix). */
const DESK = ['admin', 'reception'] as const;
/** Staff actions whose batch may queue an SMS (see staffOutbox). */
const SMS_ACTIONS = new Set(['confirm', 'reject', 'cancel', 'reschedule']);

/**
 * /api/admin/bookings: the inbox, the agenda, a booking's page, booking on behalf and the lifecycle actions.
 * Volunteers see and act only on their own appointments (attendance, note) and book only into their own shifts.
 */
export function bookingRoutes(deps: AppDeps) {
  const { db } = deps;
  const limit = staffBodyLimit();

  // Chained so the router's type carries every route (typed client for the admin portal).
  return new Hono<AppEnv>()
    .get('/', allow(...ALL_STAFF), async (c) => {
      const lang = c.get('lang');
      const staff = staffOf(c);
      const q = validateBookingListQuery(c.req.query(), lang);
      if (!q.ok) return sendError(c, 'invalid_input', q.fields);
      let volunteerId = q.value.volunteer;
      if (staff.role === 'volunteer') {
        // A volunteer's agenda is their own; asking for someone else's is refused rather than silently narrowed.
        if (!staff.volunteerId || (volunteerId !== undefined && volunteerId !== staff.volunteerId))
          return sendError(c, 'forbidden');
        volunteerId = staff.volunteerId;
      }
      const filter = {
        ...(q.value.status ? { statuses: q.value.status } : {}),
        ...(q.value.from ? { from: q.value.from } : {}),
        ...(q.value.to ? { to: q.value.to } : {}),
        ...(volunteerId ? { volunteerId } : {}),
      };
      const { rows, count, timeZone } = await listBookings(db, filter);
      const tz = timeZone ?? FALLBACK_TIME_ZONE;
      c.header('Cache-Control', 'no-store');
      return c.json({ timeZone: tz, bookings: rows.map((r) => listItem(r, tz, lang)), count });
    })
    .get('/slots', allow(...ALL_STAFF), async (c) => {
      // Free times as staff may book them (no minimum notice): for booking on behalf and rescheduling.
      const lang = c.get('lang');
      const staff = staffOf(c);
      const query = c.req.query();
      const q = validateAvailabilityQuery(query, lang);
      if (!q.ok) return sendError(c, 'invalid_input', q.fields);
      const now = deps.clock.now();
      const utcToday = zonedParts(now, 'UTC').date;
      const askedFrom = q.value.from ?? utcToday;
      const askedTo = q.value.to ?? addDays(askedFrom, DEFAULT_RANGE_DAYS - 1);
      const loaded = await loadAvailability(db, q.value.service, {
        from: addDays(askedFrom, -1),
        to: addDays(askedTo, 1),
      });
      const rule = serviceRule(loaded, q.value.mode, lang, true);
      if (!rule.ok) return sendError(c, rule.code, rule.fields);
      const exclude = query.exclude ? await excludedInterval(deps, query.exclude, staff) : undefined;
      const tz = loaded.desk.timeZone;
      const from = q.value.from ?? zonedParts(now, tz).date;
      const to = q.value.to ?? addDays(from, DEFAULT_RANGE_DAYS - 1);
      const onlyFor = staff.role === 'volunteer' ? staff.volunteerId : (query.volunteer ?? null);
      const days = staffAvailability(loaded.data, rule.rule, q.value.mode, from, to, now, exclude);
      c.header('Cache-Control', 'no-store');
      return c.json({
        timeZone: tz,
        days: days
          .map((d) => ({
            date: d.date,
            slots: d.slots
              .map((s) => ({
                ...s,
                volunteerIds: onlyFor ? s.volunteerIds.filter((v) => v === onlyFor) : s.volunteerIds,
              }))
              .filter((s) => s.volunteerIds.length > 0)
              .map((s) => ({
                start: formatIsoWithOffset(s.start, s.offsetMinutes),
                end: iso(s.end, tz),
                volunteerIds: s.volunteerIds,
              })),
          }))
          .filter((d) => d.slots.length > 0),
      });
    })
    .post('/', allow(...ALL_STAFF), limit, async (c) => {
      const lang = c.get('lang');
      const staff = staffOf(c);
      const body = await readJson(c);
      if (!body.ok) return sendError(c, body.code);
      const checked = validateStaffBookingBody(body.value, lang);
      if (!checked.ok) return sendError(c, 'invalid_input', checked.fields);
      const input = checked.value;

      let wanted = input.volunteerId;
      if (staff.role === 'volunteer') {
        // A volunteer books only into their own shifts.
        if (!staff.volunteerId || (wanted !== undefined && wanted !== staff.volunteerId))
          return sendError(c, 'forbidden');
        wanted = staff.volunteerId;
      }
      const now = deps.clock.now();
      if (input.start < now || input.start > now + MAX_START_AHEAD_MS) return sendError(c, 'slot_unavailable');

      const utcDate = zonedParts(input.start, 'UTC').date;
      const loaded = await loadAvailability(db, input.service, { from: addDays(utcDate, -1), to: addDays(utcDate, 1) });
      const rule = serviceRule(loaded, input.mode, lang, false);
      if (!rule.ok) return sendError(c, rule.code, rule.fields);
      if (wanted !== undefined && !loaded.data.volunteers.some((v) => v.id === wanted))
        return sendError(c, 'invalid_input', { volunteerId: t(lang, 'field.volunteer_unknown') });

      const tz = loaded.desk.timeZone;
      const local = zonedParts(input.start, tz);
      const days = staffAvailability(loaded.data, rule.rule, input.mode, local.date, local.date, now);
      const slot = findSlot(days, input.start);
      const candidates = !slot ? [] : wanted ? slot.volunteerIds.filter((v) => v === wanted) : slot.volunteerIds;
      if (!slot || candidates.length === 0) return sendError(c, 'slot_unavailable');

      const base: Omit<NewStaffBooking, 'id' | 'reference' | 'manageCode'> = {
        serviceId: rule.rule.id,
        mode: input.mode,
        startAt: slot.start,
        endAt: slot.end,
        localDate: local.date,
        localTime: slot.localTime,
        channel: staff.role === 'volunteer' ? 'volunteer' : 'reception',
        language: input.language ?? 'it',
        personName: input.name,
        phone: input.phone,
        email: input.email ?? null,
        note: input.note ?? null,
        accessibilityNeeds: input.accessibilityNeeds ?? null,
        actorId: staff.userId,
        now,
        sms: outboxDesk(loaded.desk, deps.config.publicBaseUrl),
      };
      // Random keys may clash (the short reference most likely): one retry with fresh ones.
      for (let attempt = 0; attempt < 2; attempt++) {
        const id = deps.ids.id();
        const inserted = await insertStaffBooking(
          db,
          { ...base, id, reference: deps.ids.reference(), manageCode: deps.ids.token() },
          candidates,
        );
        if (inserted.ok) {
          deps.log.info('staff_booking_created', { requestId: c.get('requestId'), bookingId: id });
          // The confirmation SMS goes out now rather than at the next cron tick.
          deps.defer?.(dispatchSoon(deps));
          const detail = await getBookingDetail(db, id);
          if (!detail) return sendError(c, 'conflict');
          return c.json({ booking: detailJson(detail, staff, lang) }, 201);
        }
        if (inserted.reason === 'slot_taken') return sendError(c, 'slot_unavailable');
      }
      return sendError(c, 'conflict');
    })
    .get('/:id', allow(...ALL_STAFF), async (c) => {
      const lang = c.get('lang');
      const staff = staffOf(c);
      const detail = await getBookingDetail(db, c.req.param('id'));
      if (!detail) return sendError(c, 'not_found');
      if (!mayActOn(staff, detail.booking)) return sendError(c, 'forbidden');
      const json = detailJson(detail, staff, lang);
      c.header('Cache-Control', 'no-store');
      if (detail.booking.status !== 'requested') return c.json({ booking: json });
      return c.json({ booking: { ...json, ...(await volunteerSuggestion(deps, detail.booking)) } });
    })
    .post('/:id/confirm', allow(...DESK), limit, async (c) => {
      const opened = await openAction(c, validateConfirmBody, (v) => v.volunteerId);
      if ('response' in opened) return opened.response;
      const { lang, staff, id, input, booking, desk, volunteerActive } = opened;
      const now = deps.clock.now();
      // A request still unconfirmed at its start is moot (the expiry job closes it).
      if (booking.status !== 'requested' || booking.startAt <= now) return sendError(c, 'invalid_transition');
      if (input.value.volunteerId !== undefined && !volunteerActive)
        return sendError(c, 'invalid_input', { volunteerId: t(lang, 'field.volunteer_unknown') });
      // Shifts are not re-checked for a change of volunteer (the desk may know better; the page suggests
      // free ones), but the overlap trigger refuses anyone already busy then.
      const statements = confirmStatements(db, {
        bookingId: id,
        actorId: staff.userId,
        now,
        volunteerId: input.value.volunteerId ?? booking.volunteerId,
        sms: smsContext(desk, booking, deps.config.publicBaseUrl),
      });
      return finishAction(c, booking, await runAction(db, statements));
    })
    .post('/:id/reject', allow(...DESK), limit, async (c) => {
      const opened = await openAction(c, validateReasonBody);
      if ('response' in opened) return opened.response;
      const { staff, id, input, booking, desk } = opened;
      if (!canTransition(booking.status, 'rejected')) return sendError(c, 'invalid_transition');
      const now = deps.clock.now();
      const statements = rejectStatements(db, {
        bookingId: id,
        actorId: staff.userId,
        now,
        reason: input.value.reason,
        sms: smsContext(desk, booking, deps.config.publicBaseUrl),
      });
      return finishAction(c, booking, await runAction(db, statements));
    })
    .post('/:id/cancel', allow(...DESK), limit, async (c) => {
      const opened = await openAction(c, validateReasonBody);
      if ('response' in opened) return opened.response;
      const { staff, id, input, booking, desk } = opened;
      if (!canTransition(booking.status, 'cancelled')) return sendError(c, 'invalid_transition');
      const now = deps.clock.now();
      const noticeHours = desk?.cancellationNoticeHours ?? FALLBACK_CANCELLATION_NOTICE_HOURS;
      const statements = cancelStatements(db, {
        bookingId: id,
        actorId: staff.userId,
        now,
        reason: input.value.reason,
        fromStatus: booking.status,
        fromStartAt: booking.startAt,
        late: isLateCancellation(booking.startAt, now, noticeHours),
        sms: smsContext(desk, booking, deps.config.publicBaseUrl),
      });
      return finishAction(c, booking, await runAction(db, statements));
    })
    .post('/:id/reschedule', allow(...DESK), limit, async (c) => {
      const opened = await openAction(c, validateRescheduleBody);
      if ('response' in opened) return opened.response;
      const { lang, staff, id, input, booking, desk } = opened;
      if (!isActive(booking.status)) return sendError(c, 'invalid_transition');
      const now = deps.clock.now();
      const { start, volunteerId: wanted } = input.value;
      if (start < now || start > now + MAX_START_AHEAD_MS) return sendError(c, 'slot_unavailable');

      const utcDate = zonedParts(start, 'UTC').date;
      const loaded = await loadAvailability(db, booking.serviceId, {
        from: addDays(utcDate, -1),
        to: addDays(utcDate, 1),
      });
      // The booking keeps its service and mode even if the service was retired since.
      const rule = serviceRule(loaded, booking.mode, lang, true);
      if (!rule.ok) return sendError(c, 'slot_unavailable');
      if (wanted !== undefined && !loaded.data.volunteers.some((v) => v.id === wanted))
        return sendError(c, 'invalid_input', { volunteerId: t(lang, 'field.volunteer_unknown') });
      const tz = loaded.desk.timeZone;
      const local = zonedParts(start, tz);
      // The booking's own time does not count as taken: moving it by half an hour within a shift is fine.
      const days = staffAvailability(loaded.data, rule.rule, booking.mode, local.date, local.date, now, booking);
      const slot = findSlot(days, start);
      const volunteerId = slot ? pickVolunteer(slot, wanted, booking.volunteerId) : undefined;
      if (!slot || !volunteerId) return sendError(c, 'slot_unavailable');

      if (slot.start === booking.startAt && volunteerId === booking.volunteerId) {
        // Nothing moves: no event, no new calendar sequence.
        return respondWithDetail(c, id);
      }
      const statements = rescheduleStatements(db, {
        bookingId: id,
        actorId: staff.userId,
        now,
        fromStatus: booking.status,
        fromStartAt: booking.startAt,
        fromVolunteerId: booking.volunteerId,
        startAt: slot.start,
        endAt: slot.end,
        localDate: local.date,
        localTime: slot.localTime,
        volunteerId,
        sms: smsContext(desk, booking, deps.config.publicBaseUrl),
      });
      return finishAction(c, booking, await runAction(db, statements));
    })
    .post('/:id/attendance', allow(...ALL_STAFF), limit, async (c) => {
      const opened = await openAction(c, validateAttendanceBody);
      if ('response' in opened) return opened.response;
      const { staff, id, input, booking } = opened;
      const now = deps.clock.now();
      const { outcome } = input.value;
      // An outcome is known only once the appointment has started; marking the same outcome twice is harmless.
      if (booking.startAt > now) return sendError(c, 'invalid_transition');
      if (booking.status === outcome) return respondWithDetail(c, id);
      if (!canTransition(booking.status, outcome)) return sendError(c, 'invalid_transition');
      const statements = outcomeStatements(db, {
        bookingId: id,
        actorId: staff.userId,
        now,
        fromStatus: booking.status,
        outcome,
      });
      return finishAction(c, booking, await runAction(db, statements));
    })
    .post('/:id/note', allow(...ALL_STAFF), limit, async (c) => {
      const opened = await openAction(c, validateNoteBody);
      if ('response' in opened) return opened.response;
      const { staff, id, input, booking } = opened;
      const now = deps.clock.now();
      const statements = noteStatements(db, { bookingId: id, actorId: staff.userId, now, note: input.value.note });
      return finishAction(c, booking, await runAction(db, statements));
    });

  /**
   * The common start of every action on one booking: the JSON body validated, the booking and desk read in
   * one round trip, 404 for an unknown id and 403 for a volunteer's hands on someone else's booking.
   */
  async function openAction<T>(
    c: Context<AppEnv>,
    validate: (body: unknown, lang: Lang) => Validated<T>,
    volunteerOf?: (input: T) => string | undefined,
  ) {
    const lang = c.get('lang');
    const staff = staffOf(c);
    const body = await readJson(c);
    if (!body.ok) return { response: sendError(c, body.code) };
    const input = validate(body.value, lang);
    if (!input.ok) return { response: sendError(c, 'invalid_input', input.fields) };
    const id = c.req.param('id') ?? '';
    const loaded = await loadForAction(db, id, volunteerOf?.(input.value));
    const booking = loaded.booking;
    if (!booking) return { response: sendError(c, 'not_found') };
    if (!mayActOn(staff, booking)) return { response: sendError(c, 'forbidden') };
    return { lang, staff, id, input, booking, desk: loaded.desk, volunteerActive: loaded.volunteerActive };
  }

  /** The booking's page after an action, or the error the action's outcome maps to. */
  async function finishAction(c: Context<AppEnv>, before: BookingRow, outcome: ActionOutcome) {
    if (!outcome.ok) {
      if (outcome.reason === 'overlap') return sendError(c, 'slot_unavailable');
      if (outcome.reason === 'transition') return sendError(c, 'invalid_transition');
      if (outcome.reason === 'busy') return sendError(c, 'conflict');
      // Lost a compare-and-swap: someone else changed the booking since it was read.
      const now = await getBookingDetail(db, before.id);
      if (!now) return sendError(c, 'not_found');
      return sendError(c, now.booking.status !== before.status ? 'invalid_transition' : 'conflict');
    }
    deps.log.info('staff_booking_action', {
      requestId: c.get('requestId'),
      bookingId: before.id,
      path: c.req.path.split('/').pop(),
    });
    // Actions that queue an SMS: send it now rather than at the next cron tick.
    if (SMS_ACTIONS.has(c.req.path.split('/').pop() ?? '')) deps.defer?.(dispatchSoon(deps));
    return respondWithDetail(c, before.id);
  }

  async function respondWithDetail(c: Context<AppEnv>, id: string) {
    const detail = await getBookingDetail(db, id);
    if (!detail) return sendError(c, 'not_found');
    return c.json({ booking: detailJson(detail, staffOf(c), c.get('lang')) });
  }
}

// ------------------------------------------------------------------ helpers

/** Volunteers act only on their own appointments; the desk on all. */
function mayActOn(staff: StaffPrincipal, booking: Pick<BookingRow, 'volunteerId'>): boolean {
  return staff.role !== 'volunteer' || (staff.volunteerId !== null && booking.volunteerId === staff.volunteerId);
}

/**
 * Accessibility needs are special-category data: shown to the desk (admin, reception), who arranges the
 * visit, and to the volunteer holding the appointment, who prepares for it; never in lists.
 */
function mayReadAccessibility(staff: StaffPrincipal, booking: Pick<BookingRow, 'volunteerId'>): boolean {
  return staff.role === 'admin' || staff.role === 'reception' || booking.volunteerId === staff.volunteerId;
}

function serviceRule(
  loaded: LoadedAvailability,
  mode: Mode,
  lang: Lang,
  allowInactive: boolean,
): { ok: true; rule: ServiceRule } | Failure {
  const s = loaded.service;
  if (!s || (!s.active && !allowInactive)) return fail('invalid_input', { service: t(lang, 'field.service_unknown') });
  if (mode === 'remote' ? !s.allowsRemote : !s.allowsInPerson)
    return fail('service_unavailable', { mode: t(lang, 'error.service_unavailable') });
  return {
    ok: true,
    rule: {
      id: s.id,
      durationMinutes: s.durationMinutes,
      allowsInPerson: s.allowsInPerson,
      allowsRemote: s.allowsRemote,
    },
  };
}

/**
 * Availability as staff may book it: the desk's rules without the minimum notice (a walk-in may be seen
 * right away), never in the past. `exclude` is a booking being moved, whose own time is not taken.
 */
function staffAvailability(
  data: AvailabilityData,
  service: ServiceRule,
  mode: Mode,
  from: string,
  to: string,
  now: number,
  exclude?: Pick<BookingRow, 'volunteerId' | 'startAt' | 'endAt'>,
) {
  let bookings = data.bookings;
  if (exclude) {
    // No two active bookings of a volunteer overlap, so this interval is the booking itself.
    const i = bookings.findIndex(
      (b) => b.volunteerId === exclude.volunteerId && b.startAt === exclude.startAt && b.endAt === exclude.endAt,
    );
    if (i >= 0) bookings = [...bookings.slice(0, i), ...bookings.slice(i + 1)];
  }
  return computeAvailability(
    { service, mode, from, to, now },
    { ...data, rules: { ...data.rules, minNoticeMinutes: 0 }, bookings },
  );
}

/** The volunteer for a moved booking: the one asked for, else the current one if free, else the least loaded. */
function pickVolunteer(slot: Slot, wanted: string | undefined, current: string): string | undefined {
  if (wanted !== undefined) return slot.volunteerIds.includes(wanted) ? wanted : undefined;
  return slot.volunteerIds.includes(current) ? current : slot.volunteerIds[0];
}

/** The booking whose time /slots?exclude= should treat as free, if the caller may see it and it holds time. */
async function excludedInterval(deps: AppDeps, bookingId: string, staff: StaffPrincipal) {
  const { booking } = await loadForAction(deps.db, bookingId.slice(0, 64));
  if (!booking || !mayActOn(staff, booking) || !isActive(booking.status)) return undefined;
  return booking;
}

/**
 * For a request: the volunteers free at its time (least loaded that day first, its own time not counting
 * as taken) and the one to suggest: the current volunteer when still free, else the least loaded.
 */
async function volunteerSuggestion(deps: AppDeps, booking: BookingRow) {
  const utcDate = zonedParts(booking.startAt, 'UTC').date;
  const loaded = await loadAvailability(deps.db, booking.serviceId, {
    from: addDays(utcDate, -1),
    to: addDays(utcDate, 1),
  });
  const rule = serviceRule(loaded, booking.mode, 'it', true);
  let free: string[] = [];
  if (rule.ok) {
    const date = zonedParts(booking.startAt, loaded.desk.timeZone).date;
    const days = staffAvailability(loaded.data, rule.rule, booking.mode, date, date, deps.clock.now(), booking);
    free = findSlot(days, booking.startAt)?.volunteerIds ?? [];
  }
  const nameOf = await volunteerNames(deps.db, free);
  return {
    suggestedVolunteerId: free.includes(booking.volunteerId) ? booking.volunteerId : (free[0] ?? booking.volunteerId),
    availableVolunteers: free.map((id) => ({ id, name: nameOf.get(id) ?? '' })),
  };
}

function iso(epochMs: number, tz: string): string {
  return formatIsoWithOffset(epochMs, offsetMinutesAt(epochMs, tz));
}

function isoOrNull(epochMs: number | null, tz: string): string | null {
  return epochMs === null ? null : iso(epochMs, tz);
}

/** A booking as lists show it: no notes, no accessibility needs. */
function listItem(r: BookingListRow, tz: string, lang: Lang) {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    start: iso(r.startAt, tz),
    end: iso(r.endAt, tz),
    localDate: r.localDate,
    localTime: r.localTime,
    service: { id: r.serviceId, name: lang === 'en' ? r.serviceNameEn : r.serviceNameIt },
    mode: r.mode,
    volunteer: { id: r.volunteerId, name: r.volunteerName },
    person: { name: r.personName, phone: r.phone, email: r.email },
    channel: r.channel,
    createdAt: iso(r.createdAt, tz),
    holdUntil: isoOrNull(r.holdUntil, tz),
    attendanceConfirmedAt: isoOrNull(r.attendanceConfirmedAt, tz),
    lateCancellation: r.lateCancellation,
  };
}

function parseData(data: string | null): unknown {
  if (data === null) return null;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return null;
  }
}

/** An outbox row as the staff API shows it. */
export function messageJson(m: MessageRow, tz: string) {
  return {
    id: m.id,
    bookingId: m.bookingId,
    kind: m.kind,
    to: m.recipient,
    body: m.body,
    status: m.status,
    attempts: m.attempts,
    providerId: m.providerId,
    error: m.error,
    createdAt: iso(m.createdAt, tz),
    sentAt: isoOrNull(m.sentAt, tz),
  };
}

/** A booking's page: the list fields plus notes, reasons, timestamps, the audit trail and the messages. */
function detailJson(d: BookingDetail, staff: StaffPrincipal, lang: Lang) {
  const b = d.booking;
  const tz = d.timeZone ?? FALLBACK_TIME_ZONE;
  const item = listItem(
    { ...b, serviceNameIt: d.serviceNameIt, serviceNameEn: d.serviceNameEn, volunteerName: d.volunteerName },
    tz,
    lang,
  );
  return {
    ...item,
    language: b.language,
    note: b.note,
    staffNote: b.staffNote,
    ...(mayReadAccessibility(staff, b) ? { accessibilityNeeds: b.accessibilityNeeds } : {}),
    confirmedAt: isoOrNull(b.confirmedAt, tz),
    cancelledAt: isoOrNull(b.cancelledAt, tz),
    cancelledBy: b.cancelledBy,
    cancelReason: b.cancelReason,
    rejectReason: b.rejectReason,
    outcomeAt: isoOrNull(b.outcomeAt, tz),
    icalSequence: b.icalSequence,
    createdBy: b.createdBy,
    updatedAt: iso(b.updatedAt, tz),
    erased: b.erasedAt !== null,
    events: d.events.map((e) => ({
      id: e.id,
      type: e.type,
      at: iso(e.at, tz),
      actor: { type: e.actorType, id: e.actorId, name: e.actorName },
      from: e.fromStatus,
      to: e.toStatus,
      data: parseData(e.data),
    })),
    messages: d.messages.map((m) => messageJson(m, tz)),
  };
}

/** The JSON body, or undefined when there is none (actions whose fields are all optional). */
async function readJson(c: Context<AppEnv>): Promise<{ ok: true; value: unknown } | { ok: false; code: ErrorCode }> {
  const text = await c.req.text();
  if (text.trim() === '') return { ok: true, value: undefined };
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(contentType))
    return { ok: false, code: 'unsupported_media_type' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, code: 'invalid_json' };
  }
}

function sendError(c: Context<AppEnv>, code: ErrorCode, fields?: FieldErrors) {
  return c.json(errorBody(code, c.get('lang'), fields), ERROR_STATUS[code]);
}
