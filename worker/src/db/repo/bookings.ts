import { and, count, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client';
import { isBusy, isOverlapViolation, isUniqueViolation } from '../errors';
import { bookings } from '../schema';
import { ACTIVE_STATUSES, type BookingStatus, type Channel, type Language, type Mode } from '../../domain/vocabulary';

type Statement = BatchItem<'sqlite'>;

// ------------------------------------------------------------------ booking creation (requests and staff bookings)

/** The unexecuted count of a phone's open bookings (requested or confirmed, not yet started), for a db.batch. */
export function openBookingsForPhoneQuery(db: Db, phone: string, now: number) {
  return db
    .select({ n: count() })
    .from(bookings)
    .where(and(eq(bookings.phone, phone), inArray(bookings.status, [...ACTIVE_STATUSES]), gt(bookings.startAt, now)));
}

/** A booking as it will be stored; the volunteer is chosen by the database among the candidates. */
export interface NewBooking {
  id: string;
  reference: string;
  manageCode: string;
  serviceId: string;
  mode: Mode;
  startAt: number;
  endAt: number;
  localDate: string;
  localTime: string;
  /** A person's request waits for the desk; a booking made by staff is confirmed at once. */
  status: Extract<BookingStatus, 'requested' | 'confirmed'>;
  channel: Channel;
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
  /** For a request: when it lapses unconfirmed. */
  holdUntil: number | null;
  confirmedAt: number | null;
  /** The client's idempotency key, if it sent one. */
  requestKey: string | null;
  /** The staff user who made the booking; null when the person asked through the widget. */
  createdBy: string | null;
  now: number;
}

/** What else must commit with the insert. */
export interface InsertOptions {
  /** Refuse (phone_limit) when the phone already has this many open bookings; absent: no limit (staff). */
  maxOpenPerPhone?: number;
  /** Statements that write with the booking (its SMS), given the guard that selects the new row. */
  alongside?: (guard: SQL, booking: NewBooking) => Statement[];
}

export type InsertBookingOutcome =
  | { ok: true; volunteerId: string }
  | { ok: false; reason: 'slot_taken' | 'phone_limit' | 'duplicate_key' | 'duplicate_request' };

/**
 * Inserts a booking for the first candidate volunteer (in the given order) who has no overlapping active
 * booking, within the phone's limit of open bookings when there is one, with its 'created' event and
 * whatever must go with it: one batch, one round trip, atomic.
 *
 * The choice and the insert are one statement (INSERT … SELECT … WHERE NOT EXISTS), which SQLite runs
 * under its single writer lock, so two bookings can never both take the same volunteer's time; the overlap
 * trigger of drizzle/0001 would abort anything that slipped past, and a busy database is a lost race.
 * Both come back as 'slot_taken'. A clash on a random key comes back as 'duplicate_key' for one retry.
 */
export async function insertBooking(
  db: Db,
  b: NewBooking,
  candidates: readonly string[],
  options: InsertOptions = {},
): Promise<InsertBookingOutcome> {
  if (candidates.length === 0) return { ok: false, reason: 'slot_taken' };
  const { maxOpenPerPhone } = options;
  const active = sql.raw(`('${ACTIVE_STATUSES.join("','")}')`);
  const candidateRows = sql.join(
    candidates.map((id, i) => (i === 0 ? sql`SELECT ${id} AS vid, ${i} AS ord` : sql`SELECT ${id}, ${i}`)),
    sql` UNION ALL `,
  );
  const withinPhoneLimit =
    maxOpenPerPhone === undefined
      ? sql``
      : sql`AND (SELECT count(*) FROM bookings p
           WHERE p.phone = ${b.phone} AND p.status IN ${active} AND p.start_at > ${b.now}) < ${maxOpenPerPhone}`;
  const insert = sql`
    INSERT INTO bookings (
      id, reference, manage_code, service_id, mode, volunteer_id, start_at, end_at, local_date, local_time,
      status, channel, language, person_name, phone, email, note, accessibility_needs, accessibility_consent_at,
      consent_at, consent_version, hold_until, confirmed_at, request_key, created_by, created_at, updated_at)
    SELECT ${b.id}, ${b.reference}, ${b.manageCode}, ${b.serviceId}, ${b.mode}, c.vid, ${b.startAt}, ${b.endAt},
      ${b.localDate}, ${b.localTime}, ${b.status}, ${b.channel}, ${b.language}, ${b.personName}, ${b.phone},
      ${b.email}, ${b.note}, ${b.accessibilityNeeds}, ${b.accessibilityConsentAt},
      ${b.consentAt}, ${b.consentVersion}, ${b.holdUntil}, ${b.confirmedAt}, ${b.requestKey}, ${b.createdBy},
      ${b.now}, ${b.now}
    FROM (${candidateRows}) AS c
    WHERE NOT EXISTS (
        SELECT 1 FROM bookings x
        WHERE x.volunteer_id = c.vid AND x.status IN ${active} AND x.start_at < ${b.endAt} AND x.end_at > ${b.startAt})
      ${withinPhoneLimit}
    ORDER BY c.ord
    LIMIT 1`;
  const created = sql`${bookings.id} = ${b.id}`;
  // The event only exists if the booking does; its data carries no personal details.
  const event = sql`
    INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
    SELECT ${b.id}, ${b.now}, ${b.createdBy === null ? 'person' : 'staff'}, ${b.createdBy}, 'created', NULL,
      ${b.status}, ${JSON.stringify({ channel: b.channel })}
    WHERE EXISTS (SELECT 1 FROM bookings WHERE ${created})`;

  try {
    const [, , inserted, open] = await db.batch([
      db.run(insert),
      db.run(event),
      db.select({ volunteerId: bookings.volunteerId }).from(bookings).where(created),
      openBookingsForPhoneQuery(db, b.phone, b.now),
      ...(options.alongside?.(created, b) ?? []),
    ]);
    const volunteerId = inserted[0]?.volunteerId;
    if (volunteerId) return { ok: true, volunteerId };
    // Nothing inserted: say why, from the same snapshot.
    return maxOpenPerPhone !== undefined && (open[0]?.n ?? 0) >= maxOpenPerPhone
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
