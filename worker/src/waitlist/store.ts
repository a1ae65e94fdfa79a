/**
 * The waitlist's SQL. Every write is guarded in the statement itself (INSERT … SELECT … WHERE, UPDATE …
 * WHERE status = …), so overlapping runs, a take racing a lapse or two people racing for one time can
 * never leave two holds on a time, two open offers for an entry, or an offer taken twice.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Statement } from '../db/batch';
import type { Db } from '../db/client';
import type { Language, Mode } from '../domain/vocabulary';

const ACTIVE = sql.raw(`('requested', 'confirmed')`);

/** A waiting person an offer may go to. */
export interface WaitingEntry {
  id: string;
  fromDate: string;
  toDate: string;
  language: Language;
}

/** Waiting entries of a service and mode whose range meets [from, to], in join order, with a phone. */
export function waitingEntriesQuery(db: Db, q: { serviceId: string; mode: Mode; from: string; to: string }) {
  return db.all<WaitingEntry>(sql`
    SELECT id, from_date AS fromDate, to_date AS toDate, language FROM waitlist_entries e
    WHERE e.status = 'waiting' AND e.service_id = ${q.serviceId} AND e.mode = ${q.mode}
      AND e.from_date <= ${q.to} AND e.to_date >= ${q.from} AND e.phone IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM waitlist_offers o WHERE o.entry_id = e.id AND o.status = 'open')
    ORDER BY e.created_at, e.id
    LIMIT 200`);
}

/** An earlier offer of one of the times looked at: who had it, and whether it is still open. */
export interface EarlierOffer {
  entryId: string;
  volunteerId: string;
  startAt: number;
  open: number;
}

/** The offers ever made of these volunteers' times (to pass a time on, never back to who had it). */
export function earlierOffersQuery(db: Db, times: readonly { volunteerId: string; startAt: number }[]) {
  const list = JSON.stringify(times.map((t) => [t.volunteerId, t.startAt]));
  return db.all<EarlierOffer>(sql`
    SELECT o.entry_id AS entryId, o.volunteer_id AS volunteerId, o.start_at AS startAt,
      (o.status = 'open') AS open
    FROM json_each(${list}) AS j JOIN waitlist_offers o
      ON o.volunteer_id = json_extract(j.value, '$[0]') AND o.start_at = json_extract(j.value, '$[1]')`);
}

/** The services and modes of the bookings whose end freed a time. */
export function sourceBookingsQuery(db: Db, ids: readonly string[]) {
  return db.all<{ id: string; serviceId: string; mode: Mode }>(sql`
    SELECT b.id, b.service_id AS serviceId, b.mode FROM json_each(${JSON.stringify(ids)}) AS j
    JOIN bookings b ON b.id = j.value`);
}

/** A new offer, as the engine decided it. */
export interface NewOffer {
  id: string;
  code: string;
  entryId: string;
  volunteerId: string;
  startAt: number;
  endAt: number;
  localDate: string;
  localTime: string;
  holds: boolean;
  holdUntil: number;
  sourceBookingId: string | null;
  freedAt: number;
  now: number;
}

/**
 * Inserts the offer only while its entry is waiting without an open offer and the time is not booked, nor
 * held for someone else; a clash with another holding offer of the same time (the partial unique index)
 * writes nothing either.
 */
export function insertOfferStatement(db: Db, o: NewOffer): Statement {
  return db.run(sql`
    INSERT INTO waitlist_offers (id, code, entry_id, service_id, mode, volunteer_id, start_at, end_at, local_date,
      local_time, status, holds, hold_until, source_booking_id, freed_at, channel, created_at)
    SELECT ${o.id}, ${o.code}, e.id, e.service_id, e.mode, ${o.volunteerId}, ${o.startAt}, ${o.endAt},
      ${o.localDate}, ${o.localTime}, 'open', ${o.holds ? 1 : 0}, ${o.holdUntil}, ${o.sourceBookingId},
      ${o.freedAt}, 'sms', ${o.now}
    FROM waitlist_entries e
    WHERE e.id = ${o.entryId} AND e.status = 'waiting'
      AND NOT EXISTS (SELECT 1 FROM waitlist_offers x WHERE x.entry_id = e.id AND x.status = 'open')
      AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.volunteer_id = ${o.volunteerId} AND b.status IN ${ACTIVE}
        AND b.start_at < ${o.endAt} AND b.end_at > ${o.startAt})
      AND NOT EXISTS (SELECT 1 FROM waitlist_offers h WHERE h.volunteer_id = ${o.volunteerId} AND h.status = 'open'
        AND h.holds = 1 AND h.start_at < ${o.endAt} AND h.end_at > ${o.startAt})
    ON CONFLICT DO NOTHING`);
}

/**
 * The offer's SMS, written only if the offer was (its row exists and is open), the entry has a phone and
 * the desk sends texts. `messages_offer` keeps it to one text per offer.
 */
export function offerTextStatement(db: Db, offerId: string, body: string, now: number): Statement {
  return db.run(sql`
    INSERT INTO messages (id, offer_id, kind, seq, recipient, language, body, status, attempts, not_before,
      created_at, updated_at)
    SELECT lower(hex(randomblob(12))), o.id, 'waitlist_offer', 0, e.phone, e.language, ${body}, 'pending', 0,
      ${now}, ${now}, ${now}
    FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id
    WHERE o.id = ${offerId} AND o.status = 'open' AND e.phone IS NOT NULL
      AND EXISTS (SELECT 1 FROM desk_settings d WHERE d.id = 1 AND d.sms_enabled = 1)
    ON CONFLICT DO NOTHING`);
}

/** An offer as its page and its take see it, with its entry. */
export interface OfferView {
  id: string;
  code: string;
  entryId: string;
  entryCode: string;
  entryStatus: string;
  serviceId: string;
  mode: Mode;
  volunteerId: string;
  startAt: number;
  endAt: number;
  localDate: string;
  localTime: string;
  status: string;
  holds: number;
  holdUntil: number;
  freedAt: number;
  sourceBookingId: string | null;
  language: Language;
  personName: string | null;
  phone: string | null;
  consentAt: number | null;
  consentVersion: string | null;
  bookingId: string | null;
  /** The manage code of the booking the offer became, once taken. */
  bookingCode: string | null;
  volunteerVideoLink: string | null;
}

const offerColumns = sql`o.id, o.code, o.entry_id AS entryId, e.manage_code AS entryCode, e.status AS entryStatus,
  o.service_id AS serviceId, o.mode, o.volunteer_id AS volunteerId, o.start_at AS startAt, o.end_at AS endAt,
  o.local_date AS localDate, o.local_time AS localTime, o.status, o.holds, o.hold_until AS holdUntil,
  o.freed_at AS freedAt, o.source_booking_id AS sourceBookingId, e.language, e.person_name AS personName,
  e.phone, e.consent_at AS consentAt, e.consent_version AS consentVersion, o.booking_id AS bookingId,
  (SELECT b.manage_code FROM bookings b WHERE b.id = o.booking_id) AS bookingCode,
  (SELECT v.video_link FROM volunteers v WHERE v.id = o.volunteer_id) AS volunteerVideoLink`;

/** The unexecuted read of the offer with this page code (no row: no such offer). */
export function offerByCodeQuery(db: Db, code: string) {
  return db.all<OfferView>(sql`
    SELECT ${offerColumns} FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id
    WHERE o.code = ${code} LIMIT 1`);
}

/** The entry's latest offer (open first), for the entry's page. */
export function latestOfferOfEntryQuery(db: Db, entryId: string) {
  return db.all<OfferView>(sql`
    SELECT ${offerColumns} FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id
    WHERE o.entry_id = ${entryId} ORDER BY (o.status = 'open') DESC, o.created_at DESC LIMIT 1`);
}

/**
 * The take's statements, after the booking's guarded insert (`created` selects the new booking): the
 * offer open → taken (compare-and-swap), the entry booked, the other open offers of the same time withdrawn
 * (the "everyone at once" offers), the audit event. Each writes only if the booking exists.
 */
export function takeStatements(
  db: Db,
  t: { offerId: string; entryId: string; bookingId: string; volunteerId: string; startAt: number; now: number },
): Statement[] {
  const made = sql`EXISTS (SELECT 1 FROM bookings WHERE id = ${t.bookingId})`;
  return [
    db.run(sql`
      UPDATE waitlist_offers SET status = 'taken', booking_id = ${t.bookingId}, answered_at = ${t.now}
      WHERE id = ${t.offerId} AND status = 'open' AND ${made}`),
    db.run(sql`
      UPDATE waitlist_entries SET status = 'booked', booking_id = ${t.bookingId}, ended_at = ${t.now},
        updated_at = ${t.now}
      WHERE id = ${t.entryId} AND status = 'waiting' AND ${made}`),
    db.run(sql`
      UPDATE waitlist_offers SET status = 'withdrawn', answered_at = ${t.now}
      WHERE volunteer_id = ${t.volunteerId} AND start_at = ${t.startAt} AND status = 'open' AND id <> ${t.offerId}
        AND ${made}`),
    db.run(sql`
      INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
      SELECT ${t.bookingId}, ${t.now}, 'person', NULL, 'waitlist_offer_taken', NULL, 'confirmed',
        json_object('offerId', ${t.offerId})
      WHERE ${made}`),
  ];
}

/** Ends an open offer as the person answered it (declined) or as time did (lapsed); true if it was open. */
export function endOfferStatement(
  db: Db,
  offerId: string,
  status: 'declined' | 'withdrawn',
  now: number,
  extra: SQL = sql`1`,
): Statement {
  return db.run(sql`
    UPDATE waitlist_offers SET status = ${status}, answered_at = ${now}
    WHERE id = ${offerId} AND status = 'open' AND ${extra}`);
}

/** What a /w/ page shows: the entry (always), the offer the code names or the entry's latest, desk and service. */
export interface WaitlistPageRow {
  /** 'offer' when the code is an offer's, 'entry' when it is the entry's own. */
  kind: 'offer' | 'entry';
  entryId: string;
  entryCode: string;
  reference: string;
  entryStatus: string;
  mode: Mode;
  fromDate: string;
  toDate: string;
  language: Language;
  serviceNameIt: string;
  serviceNameEn: string;
  serviceTranslations: string | null;
  deskName: string | null;
  deskAddress: string | null;
  deskCity: string | null;
  deskPhone: string | null;
  deskTimeZone: string | null;
  offerCode: string | null;
  offerStatus: string | null;
  offerHolds: number | null;
  offerStartAt: number | null;
  offerHoldUntil: number | null;
}

/** The page of a /w/ code, an offer's or an entry's, in one statement; undefined for an unknown code. */
export async function findWaitlistPage(db: Db, code: string): Promise<WaitlistPageRow | undefined> {
  const rows = await db.all<WaitlistPageRow>(sql`
    WITH hit AS (
      SELECT 'offer' AS kind, o.entry_id AS entry_id, o.id AS offer_id FROM waitlist_offers o WHERE o.code = ${code}
      UNION ALL
      SELECT 'entry', e.id, (SELECT x.id FROM waitlist_offers x WHERE x.entry_id = e.id
        ORDER BY (x.status = 'open') DESC, x.created_at DESC LIMIT 1)
      FROM waitlist_entries e WHERE e.manage_code = ${code})
    SELECT hit.kind, e.id AS entryId, e.manage_code AS entryCode, e.reference, e.status AS entryStatus, e.mode,
      e.from_date AS fromDate, e.to_date AS toDate, e.language, s.name_it AS serviceNameIt,
      s.name_en AS serviceNameEn, s.translations AS serviceTranslations, d.name AS deskName,
      d.address AS deskAddress, d.city AS deskCity, d.phone AS deskPhone, d.time_zone AS deskTimeZone,
      o.code AS offerCode, o.status AS offerStatus, o.holds AS offerHolds, o.start_at AS offerStartAt,
      o.hold_until AS offerHoldUntil
    FROM hit JOIN waitlist_entries e ON e.id = hit.entry_id JOIN services s ON s.id = e.service_id
      LEFT JOIN waitlist_offers o ON o.id = hit.offer_id LEFT JOIN desk_settings d ON d.id = 1
    WHERE e.erased_at IS NULL
    LIMIT 1`);
  return rows[0];
}

/** The person leaves the list: their waiting entry removed and its open offer withdrawn, in one batch. */
export function leaveStatements(db: Db, entryCode: string, now: number): Statement[] {
  const entry = sql`(SELECT id FROM waitlist_entries WHERE manage_code = ${entryCode} AND status = 'waiting')`;
  return [
    db.run(sql`UPDATE waitlist_offers SET status = 'withdrawn', answered_at = ${now}
      WHERE entry_id = ${entry} AND status = 'open'`),
    db.run(sql`UPDATE waitlist_entries SET status = 'removed', ended_at = ${now}, updated_at = ${now}
      WHERE manage_code = ${entryCode} AND status = 'waiting'`),
  ];
}

/**
 * Erases the waitlist entries `which` selects (SQL over waitlist_entries' own columns), as bookings are
 * erased: their open offers withdrawn, their offer texts emptied (a waiting one cancelled), the name,
 * number and client key cleared; the entry stays with its service, days and status for the figures.
 */
export function eraseEntriesStatements(db: Db, which: SQL, now: number): Statement[] {
  const ids = sql`(SELECT id FROM waitlist_entries WHERE erased_at IS NULL AND (${which}))`;
  return [
    db.run(sql`UPDATE waitlist_offers SET status = 'withdrawn', answered_at = ${now}
      WHERE status = 'open' AND entry_id IN ${ids}`),
    db.run(sql`UPDATE messages SET recipient = NULL, body = NULL, updated_at = ${now},
        status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END
      WHERE offer_id IN (SELECT o.id FROM waitlist_offers o WHERE o.entry_id IN ${ids})`),
    db.run(sql`UPDATE waitlist_entries SET person_name = NULL, phone = NULL, client_key = NULL,
        status = CASE WHEN status = 'waiting' THEN 'removed' ELSE status END, ended_at = coalesce(ended_at, ${now}),
        erased_at = ${now}, updated_at = ${now}
      WHERE id IN ${ids}`),
  ];
}

/** The entries of one phone number (a person's erasure request). */
export function entriesOfPhone(phone: string): SQL {
  return sql`phone = ${phone}`;
}

/** Entries that ended (or, still waiting, joined) before `cutoff`: past the personal-data period. */
export function entriesPastRetention(cutoff: number): SQL {
  return sql`coalesce(ended_at, created_at) < ${cutoff} AND (status <> 'waiting' OR to_date < date(${cutoff} / 1000, 'unixepoch'))`;
}
