/** Bookings and messages as the staff API shows them. */
import type { StaffPrincipal } from '../../auth/guard';
import { mayReadAccessibility, mayReadMessageBodies } from '../../bookings/access';
import { DEFAULT_DESK_TIME_ZONE } from '../../db/repo/desk';
import { formatPhoneDisplay } from '../../domain/phone';
import { isoAt } from '../../domain/time';
import type { Lang } from '../../i18n';
import type { Context } from 'hono';
import { staffOf } from '../../auth/guard';
import type { AppEnv } from '../../env';
import { fail, type ErrorCode } from '../../errors';
import { failureResponse } from '../../http/failure';
import {
  getBookingDetail,
  type BookingDetail,
  type BookingListRow,
  type MessageRow,
} from '../../db/repo/staff-bookings';
import type { Occurrence, followUpPrefill } from '../../bookings/follow-up';

function isoOrNull(epochMs: number | null, tz: string): string | null {
  return epochMs === null ? null : isoAt(epochMs, tz);
}

/** A booking as lists show it: no notes, no accessibility needs. */
export function listItem(r: BookingListRow, tz: string, lang: Lang) {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    start: isoAt(r.startAt, tz),
    end: isoAt(r.endAt, tz),
    localDate: r.localDate,
    localTime: r.localTime,
    service: { id: r.serviceId, name: lang === 'en' ? r.serviceNameEn : r.serviceNameIt },
    mode: r.mode,
    volunteer: { id: r.volunteerId, name: r.volunteerName },
    person: {
      name: r.personName,
      phone: r.phone,
      phoneDisplay: r.phone && formatPhoneDisplay(r.phone),
      email: r.email,
    },
    phoneKind: r.phoneKind,
    channel: r.channel,
    language: r.language,
    createdAt: isoAt(r.createdAt, tz),
    holdUntil: isoOrNull(r.holdUntil, tz),
    attendanceConfirmedAt: isoOrNull(r.attendanceConfirmedAt, tz),
    lateCancellation: r.lateCancellation,
    videoLink: r.videoLink ?? null,
    reminderPlan: r.reminderPlan,
    callOutcome: callOutcomeJson(r, tz),
    checkedInAt: isoOrNull(r.checkedInAt, tz),
    startedAt: isoOrNull(r.startedAt, tz),
  };
}

/** The last call from the call list, or null: what the person said, when, and the staff user's id. */
function callOutcomeJson(r: BookingListRow, tz: string) {
  return r.callOutcome === null || r.callOutcomeAt === null
    ? null
    : { outcome: r.callOutcome, at: isoAt(r.callOutcomeAt, tz), by: r.callOutcomeBy };
}

/** An outbox row as the staff API shows it; without its text (null) for those who may not read it. */
export function messageJson(m: MessageRow, tz: string, withBody = true) {
  return {
    id: m.id,
    bookingId: m.bookingId,
    kind: m.kind,
    to: m.recipient,
    body: withBody ? m.body : null,
    status: m.status,
    attempts: m.attempts,
    providerId: m.providerId,
    error: m.error,
    errorCode: m.errorCode,
    createdAt: isoAt(m.createdAt, tz),
    sentAt: isoOrNull(m.sentAt, tz),
  };
}

/** A booking's page: the list fields plus notes, reasons, timestamps, the audit trail and the messages. */
export function detailJson(d: BookingDetail, staff: StaffPrincipal, lang: Lang) {
  const b = d.booking;
  const tz = d.timeZone ?? DEFAULT_DESK_TIME_ZONE;
  const item = listItem(
    {
      ...b,
      serviceNameIt: d.serviceNameIt,
      serviceNameEn: d.serviceNameEn,
      volunteerName: d.volunteerName,
      videoLink: d.videoLink,
    },
    tz,
    lang,
  );
  return {
    ...item,
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
    updatedAt: isoAt(b.updatedAt, tz),
    erased: b.erasedAt !== null,
    events: d.events.map((e) => ({
      id: e.id,
      type: e.type,
      at: isoAt(e.at, tz),
      actor: { type: e.actorType, id: e.actorId, name: e.actorName },
      from: e.fromStatus,
      to: e.toStatus,
      data: parseData(e.data),
    })),
    messages: d.messages.map((m) => messageJson(m, tz, mayReadMessageBodies(staff))),
    longAppointment: b.longAppointment,
    ...(mayReadAccessibility(staff, b) ? { interpreterLanguage: b.interpreterLanguage } : {}),
    followUpOf: b.followUpOf,
    seriesId: b.seriesId,
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

/** One meeting of a follow-up as checked: local times with their offset, and its problem if it has one. */
export function occurrenceJson(o: Occurrence, tz: string) {
  return {
    start: isoAt(o.start, tz),
    end: isoAt(o.end, tz),
    volunteerId: o.volunteerId,
    ok: o.problem === undefined,
    ...(o.problem ? { problem: o.problem } : {}),
  };
}

type Prefill = Extract<Awaited<ReturnType<typeof followUpPrefill>>, { ok: true }>;

/** What the follow-up form starts from, with the person's phone also as staff read it. */
export function followUpJson(p: Prefill) {
  const { ok: _ok, person, source, timeZone, ...rest } = p;
  return {
    timeZone,
    source: { ...source, start: isoAt(source.start, timeZone) },
    ...rest,
    person: { ...person, phoneDisplay: person.phone && formatPhoneDisplay(person.phone) },
  };
}

/** The booking's page as the staff API answers it (or `missing` when it is gone). */
export async function detailResponse(c: Context<AppEnv>, id: string, status: 200 | 201, missing: ErrorCode) {
  const detail = await getBookingDetail(c.var.deps.db, id);
  if (!detail) return failureResponse(c, fail(missing));
  return c.json({ booking: detailJson(detail, staffOf(c), c.get('lang')) }, status);
}
