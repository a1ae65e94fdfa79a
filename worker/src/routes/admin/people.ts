import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { allow, staffOf } from '../../auth/guard';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { t, type Lang } from '../../i18n';
import { normalizeMobile } from '../../domain/phone';
import { formatIsoWithOffset, offsetMinutesAt, zonedParts } from '../../domain/time';
import { erasePerson, exportPersonalData, findBookingsByPhone, type PersonalData } from '../../db/repo/people';
import { readJsonObject } from '../../validation/admin-management';

/** An erase request is a phone number and a flag. */
const MAX_ERASE_BODY_BYTES = 4 * 1024;
/** The desk's zone when the desk row is missing (the schema's default). */
const FALLBACK_ZONE = 'Europe/Rome';

const limit = bodyLimit({
  maxSize: MAX_ERASE_BODY_BYTES,
  onError: () => {
    throw new AppError('payload_too_large');
  },
});

/** The E.164 form of a phone given by staff, or 422 with the reason on `phone`. */
function phoneOrThrow(raw: unknown, lang: Lang): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new AppError('invalid_input', { phone: t(lang, 'field.required') });
  }
  const checked = normalizeMobile(raw);
  if (!checked.ok) throw new AppError('invalid_input', { phone: t(lang, `field.${checked.reason}`) });
  return checked.e164;
}

const eraseSchema = v.object({
  phone: v.unknown(),
  cancelActive: v.optional(v.boolean()),
});

/** ISO 8601 with the desk's offset at that instant; null stays null. */
function isoIn(timeZone: string) {
  return (ms: number | null): string | null =>
    ms === null ? null : formatIsoWithOffset(ms, offsetMinutesAt(ms, timeZone));
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
 * /api/admin/people: a person's data found by mobile number: search, export (access request) and
 * erasure. Admin and reception only: it reaches every booking of a person, accessibility needs included.
 */
export function peopleRoutes(deps: AppDeps) {
  const { db } = deps;
  return (
    new Hono<AppEnv>()
      // The number travels in a POST body, never in the URL: request logs (ours and Cloudflare's) keep URLs.
      .post('/search', allow('admin', 'reception'), limit, async (c) => {
        const lang = c.get('lang');
        const phone = phoneOrThrow((await readJsonObject(c.req))?.phone, lang);
        const { rows, timeZone } = await findBookingsByPhone(db, phone);
        const iso = isoIn(timeZone ?? FALLBACK_ZONE);
        c.header('Cache-Control', 'no-store');
        return c.json({
          phone,
          bookings: rows.map((r) => ({
            id: r.id,
            reference: r.reference,
            status: r.status,
            start: iso(r.startAt),
            end: iso(r.endAt),
            service: { id: r.serviceId, name: lang === 'en' ? r.serviceNameEn : r.serviceNameIt },
            volunteer: { id: r.volunteerId, name: r.volunteerName },
            name: r.personName,
            erasedAt: iso(r.erasedAt),
          })),
        });
      })
      .post('/export', allow('admin', 'reception'), limit, async (c) => {
        const phone = phoneOrThrow((await readJsonObject(c.req))?.phone, c.get('lang'));
        const staff = staffOf(c);
        const now = deps.clock.now();
        const data = await exportPersonalData(db, phone, staff.userId, now);
        deps.log.info('personal_data_exported', { requestId: c.get('requestId'), bookings: data.bookings.length });
        const date = zonedParts(now, data.desk.timeZone).date;
        const filename = `sportello-${phone.replace(/\D/g, '')}-${date}.json`;
        c.header('Content-Disposition', `attachment; filename="${filename}"`);
        c.header('Cache-Control', 'no-store');
        return c.json(exportDocument(data, phone, now));
      })
      .post('/erase', allow('admin', 'reception'), limit, async (c) => {
        const lang = c.get('lang');
        const parsed = v.safeParse(eraseSchema, await readJsonObject(c.req));
        if (!parsed.success) throw new AppError('invalid_input', { cancelActive: t(lang, 'field.boolean') });
        const phone = phoneOrThrow(parsed.output.phone, lang);
        const staff = staffOf(c);
        const outcome = await erasePerson(db, phone, {
          actorId: staff.userId,
          now: deps.clock.now(),
          cancelActive: parsed.output.cancelActive ?? false,
        });
        if (!outcome.ok) {
          throw new AppError('conflict', {
            cancelActive: t(lang, 'field.erase_active_bookings', { count: outcome.active }),
          });
        }
        deps.log.info('personal_data_erased', {
          requestId: c.get('requestId'),
          bookings: outcome.bookings,
          cancelled: outcome.cancelled,
        });
        return c.json({ bookings: outcome.bookings, messages: outcome.messages, cancelled: outcome.cancelled });
      })
  );
}
