import { Hono } from 'hono';
import * as v from 'valibot';
import { allow, staffOf } from '../../auth/guard';
import type { AppEnv } from '../../env';
import { fail, type FieldErrors } from '../../errors';
import { jsonBody, limitBody, type BodyCheck } from '../../http/body';
import { failureResponse } from '../../http/failure';
import { t, type Lang } from '../../i18n';
import { formatPhoneDisplay, normalizeStaffPhone } from '../../domain/phone';
import { isoAt, zonedParts } from '../../domain/time';
import { MAX_QUERY_LENGTH, MIN_QUERY_LENGTH, readPersonQuery, type PersonQuery } from '../../domain/person-search';
import {
  erasePerson,
  exportPersonalData,
  findBookingsByPhone,
  findBookingsByQuery,
  type PersonalData,
  type PersonBookingRow,
} from '../../db/repo/people';

/** An erase request is a phone number and a flag. */
const MAX_ERASE_BODY_BYTES = 4 * 1024;

type Checked<T> = { ok: true; value: T } | { ok: false; fields: FieldErrors };

/**
 * The E.164 form of a phone given by staff, or the reason on `phone`. A landline is a number like any
 * other here: reception books people with only a landline, and their data must be found, exported and erased.
 */
function mobile(raw: unknown, lang: Lang): Checked<string> {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, fields: { phone: t(lang, 'field.required') } };
  const checked = normalizeStaffPhone(raw);
  return checked.ok
    ? { ok: true, value: checked.e164 }
    : { ok: false, fields: { phone: t(lang, 'field.phone_invalid') } };
}

const isObject = (body: unknown): body is Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body);

/** What a search asks: a mobile number's bookings, or those matching a fragment of a name or number. */
type SearchInput = { phone: string } | { q: string; query: PersonQuery };

/**
 * `{ q }`, a search text (trimmed, MIN_QUERY_LENGTH to MAX_QUERY_LENGTH characters), read as a number or a
 * name; else `{ phone }`, a mobile number, as before `q` existed.
 */
const searchBody: BodyCheck<SearchInput> = (body, lang) => {
  if (!isObject(body)) return { ok: false, fields: {} };
  if (!('q' in body)) return phoneBody(body, lang);
  const q = typeof body.q === 'string' ? body.q.trim() : '';
  if (q.length < MIN_QUERY_LENGTH)
    return { ok: false, fields: { q: t(lang, 'field.query_short', { min: MIN_QUERY_LENGTH }) } };
  if (q.length > MAX_QUERY_LENGTH)
    return { ok: false, fields: { q: t(lang, 'field.too_long', { max: MAX_QUERY_LENGTH }) } };
  const query = readPersonQuery(q);
  return query
    ? { ok: true, value: { q, query } }
    : { ok: false, fields: { q: t(lang, 'field.query_short', { min: MIN_QUERY_LENGTH }) } };
};

/** `{ phone }`: a mobile number. */
const phoneBody: BodyCheck<{ phone: string }> = (body, lang) => {
  if (!isObject(body)) return { ok: false, fields: {} };
  const phone = mobile(body.phone, lang);
  return phone.ok ? { ok: true, value: { phone: phone.value } } : phone;
};

const eraseSchema = v.object({
  phone: v.unknown(),
  cancelActive: v.optional(v.boolean()),
});

/** `{ phone, cancelActive? }`: the flag first, as a wrong flag says more than the number. */
const eraseBody: BodyCheck<{ phone: string; cancelActive: boolean }> = (body, lang) => {
  if (!isObject(body)) return { ok: false, fields: {} };
  const parsed = v.safeParse(eraseSchema, body);
  if (!parsed.success) return { ok: false, fields: { cancelActive: t(lang, 'field.boolean') } };
  const phone = mobile(parsed.output.phone, lang);
  return phone.ok
    ? { ok: true, value: { phone: phone.value, cancelActive: parsed.output.cancelActive ?? false } }
    : phone;
};

/** Bookings a search text answers at most: a page a person can read; a longer list asks for more letters. */
const SEARCH_LIMIT = 50;

/** One booking of a search's answer, the person's name and number with it. */
function personBookingJson(lang: Lang, timeZone: string) {
  const iso = isoIn(timeZone);
  return (r: PersonBookingRow) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    lateCancellation: r.lateCancellation,
    mode: r.mode,
    start: iso(r.startAt),
    end: iso(r.endAt),
    service: { id: r.serviceId, name: lang === 'en' ? r.serviceNameEn : r.serviceNameIt },
    volunteer: { id: r.volunteerId, name: r.volunteerName },
    name: r.personName,
    phone: r.phone,
    // Spaced as the number's own country writes it ("+40 721 234 567").
    phoneDisplay: r.phone === null ? null : formatPhoneDisplay(r.phone),
    erasedAt: iso(r.erasedAt),
  });
}

/** ISO 8601 with the desk's offset at that instant; null stays null. */
function isoIn(timeZone: string) {
  return (ms: number | null): string | null => (ms === null ? null : isoAt(ms, timeZone));
}

function parseEventData(data: string | null): unknown {
  if (data === null) return null;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

/** The export file: every personal field held for the number, each booking with its audit trail and messages. */
function exportDocument(data: PersonalData, phone: string, now: number) {
  const tz = data.desk.timeZone;
  const iso = isoIn(tz);
  return {
    exportedAt: iso(now),
    controller: {
      name: data.desk.name,
      address: data.desk.address,
      city: data.desk.city,
      phone: data.desk.phone,
      email: data.desk.email,
      privacyUrl: data.desk.privacyUrl,
    },
    phone,
    timeZone: tz,
    // The manage code is left out on purpose: it is a credential, and an export file travels.
    bookings: data.bookings.map((b) => ({
      id: b.id,
      reference: b.reference,
      status: b.status,
      service: { id: b.serviceId, name: { it: b.serviceNameIt, en: b.serviceNameEn } },
      mode: b.mode,
      volunteer: { id: b.volunteerId, name: b.volunteerName },
      start: iso(b.startAt),
      end: iso(b.endAt),
      channel: b.channel,
      language: b.language,
      name: b.personName,
      phone: b.phone,
      email: b.email,
      note: b.note,
      accessibilityNeeds: b.accessibilityNeeds,
      accessibilityConsentAt: iso(b.accessibilityConsentAt),
      consentAt: iso(b.consentAt),
      consentVersion: b.consentVersion,
      createdAt: iso(b.createdAt),
      confirmedAt: iso(b.confirmedAt),
      attendanceConfirmedAt: iso(b.attendanceConfirmedAt),
      cancelledAt: iso(b.cancelledAt),
      cancelledBy: b.cancelledBy,
      cancelReason: b.cancelReason,
      lateCancellation: b.lateCancellation,
      rejectReason: b.rejectReason,
      outcomeAt: iso(b.outcomeAt),
      staffNote: b.staffNote,
      updatedAt: iso(b.updatedAt),
      events: data.events
        .filter((e) => e.bookingId === b.id)
        .map((e) => ({
          at: iso(e.at),
          type: e.type,
          actor: e.actorType,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          data: parseEventData(e.data),
        })),
      messages: data.messages
        .filter((m) => m.bookingId === b.id)
        .map((m) => ({
          id: m.id,
          kind: m.kind,
          recipient: m.recipient,
          body: m.body,
          language: m.language,
          status: m.status,
          attempts: m.attempts,
          createdAt: iso(m.createdAt),
          notBefore: iso(m.notBefore),
          sentAt: iso(m.sentAt),
          updatedAt: iso(m.updatedAt),
        })),
    })),
  };
}

/**
 * /api/admin/people: finding a person (by a fragment of their name or number) and their data by mobile
 * number: search, export (access request) and erasure. Admin and reception only: it reaches every booking of a person, accessibility needs included.
 */
export const peopleRoutes = new Hono<AppEnv>()
  // The number or name travels in a POST body, never in the URL: request logs (ours and Cloudflare's) keep URLs.
  .post(
    '/search',
    allow('admin', 'reception'),
    limitBody(MAX_ERASE_BODY_BYTES),
    jsonBody<SearchInput, { phone: string } | { q: string }>(searchBody),
    async (c) => {
      const lang = c.get('lang');
      const input = c.req.valid('json');
      c.header('Cache-Control', 'no-store');
      if ('q' in input) {
        const found = await findBookingsByQuery(c.var.deps.db, input.query, SEARCH_LIMIT);
        return c.json({
          q: input.q,
          bookings: found.rows.map(personBookingJson(lang, found.timeZone)),
          truncated: found.truncated,
        });
      }
      const { rows, timeZone } = await findBookingsByPhone(c.var.deps.db, input.phone);
      return c.json({ phone: input.phone, bookings: rows.map(personBookingJson(lang, timeZone)) });
    },
  )
  .post(
    '/export',
    allow('admin', 'reception'),
    limitBody(MAX_ERASE_BODY_BYTES),
    jsonBody<{ phone: string }, { phone: string }>(phoneBody),
    async (c) => {
      const { deps } = c.var;
      const { phone } = c.req.valid('json');
      const staff = staffOf(c);
      const now = deps.clock.now();
      const exported = await exportPersonalData(deps.db, phone, staff.userId, now);
      if (!exported.configured) return failureResponse(c, fail('desk_not_configured'));
      const { data } = exported;
      deps.log.info('personal_data_exported', {
        requestId: c.get('requestId'),
        bookings: data.bookings.length,
      });
      const date = zonedParts(now, data.desk.timeZone).date;
      const filename = `sportello-${phone.replace(/\D/g, '')}-${date}.json`;
      c.header('Content-Disposition', `attachment; filename="${filename}"`);
      c.header('Cache-Control', 'no-store');
      return c.json(exportDocument(data, phone, now));
    },
  )
  .post(
    '/erase',
    allow('admin', 'reception'),
    limitBody(MAX_ERASE_BODY_BYTES),
    jsonBody<{ phone: string; cancelActive: boolean }, { phone: string; cancelActive?: boolean }>(eraseBody),
    async (c) => {
      const { deps } = c.var;
      const lang = c.get('lang');
      const { phone, cancelActive } = c.req.valid('json');
      const staff = staffOf(c);
      const outcome = await erasePerson(deps.db, phone, {
        actorId: staff.userId,
        now: deps.clock.now(),
        cancelActive,
      });
      if (!outcome.ok) {
        if (outcome.reason === 'desk_not_configured') return failureResponse(c, fail('desk_not_configured'));
        return failureResponse(
          c,
          fail('conflict', { cancelActive: t(lang, 'field.erase_active_bookings', { count: outcome.active }) }),
        );
      }
      deps.log.info('personal_data_erased', {
        requestId: c.get('requestId'),
        bookings: outcome.bookings,
        cancelled: outcome.cancelled,
      });
      return c.json({ bookings: outcome.bookings, messages: outcome.messages, cancelled: outcome.cancelled });
    },
  );
