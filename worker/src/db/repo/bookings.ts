import { and, count, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { isBusy, isOverlapViolation, isUniqueViolation } from '../errors';
import { bookings } from '../schema';
import { ACTIVE_STATUSES, type Language, type Mode } from '../../domain/vocabulary';

// ------------------------------------------------------------------ booking creation (public requests)

/** The unexecuted count of a phone's open bookings (requested or confirmed, not yet started), for a db.batch. */
export function openBookingsForPhoneQuery(db: Db, phone: string, now: number) {
  return db
    .select({ n: count() })
    .from(bookings)
    .where(and(eq(bookings.phone, phone), inArray(bookings.status, [...ACTIVE_STATUSES]), gt(bookings.startAt, now)));
}

/** A person's request as it will be stored; the volunteer is chosen by the database among the candidates. */
export interface NewRequest {
  id: string;
  reference: string;
  manageCode: string;
  serviceId: string;
  mode: Mode;
  startAt: number;
  endAt: number;
  localDate: string;
  localTime: string;
  language: Language;
  personName: string;
  /** E.164. */
  phone: string;
  email: string | null;
  note: string | null;
  /** Only with the separate accessibility consent; accessibilityConsentAt is then set too. */
  accessibilityNeeds: string | null;
  accessibilityConsentAt: number | null;
  consentAt: number;
  consentVersion: string;
  holdUntil: number;
  /** The client's idempotency key, if it sent one. */
  requestKey: string | null;
  now: number;
}

export type InsertRequestOutcome =
  | { ok: true; volunteerId: string }
  | { ok: false; reason: 'slot_taken' | 'phone_limit' | 'duplicate_key' | 'duplicate_request' };

/**
 * Inserts a request for the first candidate volunteer (in the given order) who has no overlapping active
 * booking, provided the phone still has fewer than `maxOpenPerPhone` open bookings, and records the
 * 'created' event: one batch, one round trip, atomic.
 *
 * The choice and the insert are one statement (INSERT … SELECT … WHERE NOT EXISTS), which SQLite runs
 * under its single writer lock, so two requests can never both take the same volunteer's time; the overlap
 * trigger of drizzle/0001 would abort anything that slipped past, and a busy database is a lost race.
 * Both come back as 'slot_taken'. A clash on a random key comes back as 'duplicate_key' for one retry.
 */
export async function insertRequest(
  db: Db,
  req: NewRequest,
  candidates: readonly string[],
  maxOpenPerPhone: number,
): Promise<InsertRequestOutcome> {
  if (candidates.length === 0) return { ok: false, reason: 'slot_taken' };
  const active = sql.raw(`('${ACTIVE_STATUSES.join("','")}')`);
  const candidateRows = sql.join(
    candidates.map((id, i) => (i === 0 ? sql`SELECT ${id} AS vid, ${i} AS ord` : sql`SELECT ${id}, ${i}`)),
    sql` UNION ALL `,
  );
  const insertBooking = sql`
    INSERT INTO bookings (
      id, reference, manage_code, service_id, mode, volunteer_id, start_at, end_at, local_date, local_time,
      status, channel, language, person_name, phone, email, note, accessibility_needs, accessibility_consent_at,
      consent_at, consent_version, hold_until, request_key, created_at, updated_at)
    SELECT ${req.id}, ${req.reference}, ${req.manageCode}, ${req.serviceId}, ${req.mode}, c.vid, ${req.startAt}, ${req.endAt},
      ${req.localDate}, ${req.localTime}, 'requested', 'widget', ${req.language}, ${req.personName}, ${req.phone},
      ${req.email}, ${req.note}, ${req.accessibilityNeeds}, ${req.accessibilityConsentAt},
      ${req.consentAt}, ${req.consentVersion}, ${req.holdUntil}, ${req.requestKey}, ${req.now}, ${req.now}
    FROM (${candidateRows}) AS c
    WHERE NOT EXISTS (
        SELECT 1 FROM bookings b
        WHERE b.volunteer_id = c.vid AND b.status IN ${active} AND b.start_at < ${req.endAt} AND b.end_at > ${req.startAt})
      AND (SELECT count(*) FROM bookings p
           WHERE p.phone = ${req.phone} AND p.status IN ${active} AND p.start_at > ${req.now}) < ${maxOpenPerPhone}
    ORDER BY c.ord
    LIMIT 1`;
  // The event only exists if the booking does; its data carries no personal details.
  const insertEvent = sql`
    INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
    SELECT ${req.id}, ${req.now}, 'person', NULL, 'created', NULL, 'requested', ${JSON.stringify({ channel: 'widget' })}
    WHERE EXISTS (SELECT 1 FROM bookings WHERE id = ${req.id})`;

  try {
    const [, , inserted, open] = await db.batch([
      db.run(insertBooking),
      db.run(insertEvent),
      db.select({ volunteerId: bookings.volunteerId }).from(bookings).where(eq(bookings.id, req.id)),
      openBookingsForPhoneQuery(db, req.phone, req.now),
    ]);
    const volunteerId = inserted[0]?.volunteerId;
    if (volunteerId) return { ok: true, volunteerId };
    // Nothing inserted: say why, from the same snapshot.
    return (open[0]?.n ?? 0) >= maxOpenPerPhone
      ? { ok: false, reason: 'phone_limit' }
      : { ok: false, reason: 'slot_taken' };
  } catch (e) {
    if (isOverlapViolation(e) || isBusy(e)) return { ok: false, reason: 'slot_taken' };
    // The same request arrived twice at once (a retry racing its original): the first one stands.
    if (isUniqueViolation(e, 'bookings.request_key')) return { ok: false, reason: 'duplicate_request' };
    if (
      isUniqueViolation(e, 'bookings.reference') ||
      isUniqueViolation(e, 'bookings.manage_code') ||
      isUniqueViolation(e, 'bookings.id')
    ) {
      return { ok: false, reason: 'duplicate_key' };
    }
    throw e;
  }
}

/** The unexecuted lookup of a request already made with this idempotency key, for the first round trip's batch. */
export function requestByKeyQuery(db: Db, requestKey: string) {
  return db
    .select({
      id: bookings.id,
      reference: bookings.reference,
      manageCode: bookings.manageCode,
      status: bookings.status,
      phone: bookings.phone,
      startAt: bookings.startAt,
      endAt: bookings.endAt,
    })
    .from(bookings)
    .where(eq(bookings.requestKey, requestKey))
    .limit(1);
}
