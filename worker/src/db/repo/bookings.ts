import { and, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client';
import { aliasedColumns, renderedOnce } from '../prepared';
import { isOverlapViolation, isUniqueViolation } from '../errors';
import { bookings } from '../schema';
import { nameKey } from '../../domain/person-search';
import {
  ACTIVE_STATUSES,
  type BookingStatus,
  type Channel,
  type Language,
  type Mode,
  type PhoneKind,
  type ReminderPlan,
} from '../../domain/vocabulary';

type Statement = BatchItem<'sqlite'>;

// ------------------------------------------------------------------ booking creation (requests and staff bookings)

/** The unexecuted count of a phone's open bookings (requested or confirmed, not yet started), for a db.batch. */
export function openBookingsForPhoneQuery(db: Db, phone: string, now: number) {
  return db.all<{ n: number }>(openForPhone({ phone, now }));
}

/** Rendered once (db/prepared.ts), as the request's other reads: they run on every person's request. */
const openForPhone = renderedOnce<{ phone: string; now: number }>(
  'open bookings for phone',
  () => sql`select count(*) as n from ${bookings}
    where ${and(
      eq(bookings.phone, sql.placeholder('phone')),
      inArray(bookings.status, [...ACTIVE_STATUSES]),
      gt(bookings.startAt, sql.placeholder('now')),
    )}`,
);

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
  /** E.164; null for a staff booking of someone without a phone. */
  phone: string | null;
  /** Absent: a mobile. Only a mobile is ever texted (the outbox's SQL checks it). */
  phoneKind?: PhoneKind;
  email: string | null;
  note: string | null;
  /** Only with the separate accessibility consent; accessibilityConsentAt is then set too. */
  accessibilityNeeds: string | null;
  accessibilityConsentAt: number | null;
  /** The service's duration doubled (endAt is already the longer end); absent: false. */
  longAppointment?: boolean;
  /** The language an interpreter should speak; only with the accessibility consent. */
  interpreterLanguage?: string | null;
  consentAt: number;
  consentVersion: string;
  /** For a request: when it lapses unconfirmed. */
  holdUntil: number | null;
  confirmedAt: number | null;
  /** The client's idempotency key, if it sent one. */
  requestKey: string | null;
  /** The staff user who made the booking; null when the person asked through the widget. */
  createdBy: string | null;
  /** The room name of a remote booking (domain/video.ts); null for in person. */
  videoRoom?: string | null;
  /** Which reminders the booking gets (outbox/policy.ts PLAN_REMINDERS); absent: 'standard'. */
  reminderPlan?: ReminderPlan;
  now: number;
}

/** Where a client's holds are remembered: one rate_limits row per request, keyed by client and booking. */
function holdPrefix(clientKey: string): string {
  return `hold:${clientKey}:`;
}

/**
 * How many open requests (unconfirmed, hold not lapsed, not yet started) a client made, by its hashed
 * rate-limit key. Bookings have no column for their maker's address (and need none): each request made
 * through the widget leaves a row `hold:<client key>:<booking id>` in rate_limits, whose window_start is
 * the end of the hold, so housekeeping deletes it once it can no longer count. Joining to the booking
 * makes the count follow every change of status (confirmed, rejected, cancelled, expired) with no
 * bookkeeping elsewhere. The key range uses the primary key's index (';' follows ':').
 */
export function openHoldsOfClientQuery(db: Db, clientKey: string, now: number) {
  const prefix = holdPrefix(clientKey);
  const holdTo = `${prefix.slice(0, -1)};`;
  return db.all<{ n: number }>(openHolds({ holdIdAt: prefix.length + 1, holdFrom: prefix, holdTo, now }));
}

/** Rendered once (db/prepared.ts), as the request's other reads: the insert's own count, alone. */
const openHolds = renderedOnce<{ holdIdAt: number; holdFrom: string; holdTo: string; now: number }>(
  'open holds of client',
  () => sql`SELECT ${openHoldsCount()} AS n`,
);

/** What else must commit with the insert. */
export interface InsertOptions {
  /** Refuse (phone_limit) when the phone already has this many open bookings; absent: no limit (staff). */
  maxOpenPerPhone?: number;
  /**
   * Refuse (client_limit) when the client (its hashed rate-limit key) already holds this many open
   * requests, and remember the new one against it; absent: no limit (staff).
   */
  perClient?: { key: string; maxOpen: number };
  /** Statements that write with the booking (its SMS), given the guard that selects the new row. */
  alongside?: (guard: SQL, booking: NewBooking) => Statement[];
  /**
   * The waitlist offer this insert takes: the insert happens only while the offer is open, its hold not
   * past and its time to come, and the offer's own hold does not keep its person out. The caller's
   * `alongside` statements mark it taken (compare-and-swap) in the same batch.
   */
  takesOffer?: string;
}

export type InsertBookingOutcome =
  | { ok: true; volunteerId: string }
  | { ok: false; reason: 'slot_taken' | 'client_limit' | 'phone_limit' | 'duplicate_key' | 'duplicate_request' };

/** What the insert's statements bind; a limit that does not apply is null. */
type InsertValues = {
  [
    K in keyof Omit<NewBooking, 'phoneKind' | 'videoRoom' | 'reminderPlan' | 'longAppointment' | 'interpreterLanguage'>
  ]: NewBooking[K];
} & {
  phoneKind: PhoneKind;
  /** 0 or 1, as stored. */
  longAppointment: number;
  interpreterLanguage: string | null;
  videoRoom: string | null;
  reminderPlan: ReminderPlan;
  nameKey: string;
  /** The candidates in order, as a JSON array of ids (one parameter whatever their number). */
  candidates: string;
  maxOpenPerPhone: number | null;
  /** The client's hold key prefix `hold:<key>:` and the bound just past it; null without a client limit. */
  holdFrom: string | null;
  holdTo: string | null;
  holdIdAt: number;
  maxOpenPerClient: number | null;
  holdKey: string | null;
  holdWindowEnd: number;
  /** The waitlist offer the insert takes, or null. */
  offerId: string | null;
  actorType: 'person' | 'staff';
  eventData: string;
};

const ACTIVE_IN = sql.raw(`('${ACTIVE_STATUSES.join("','")}')`);
const p = <K extends keyof InsertValues>(name: K) => sql.placeholder(name);

/**
 * The candidates still free at the booking's time, in their order: no overlapping active booking (the
 * overlap check of drizzle/0001) and no waitlist offer holding the time for someone else (an open offer
 * that holds, its hold not past), except the offer this very insert takes.
 */
const freeCandidates = () => sql`FROM (SELECT j.value AS vid, j.key AS ord FROM json_each(${p('candidates')}) AS j) AS c
    WHERE NOT EXISTS (
      SELECT 1 FROM bookings x
      WHERE x.volunteer_id = c.vid AND x.status IN ${ACTIVE_IN} AND x.start_at < ${p('endAt')}
        AND x.end_at > ${p('startAt')})
    AND NOT EXISTS (
      SELECT 1 FROM waitlist_offers o
      WHERE o.volunteer_id = c.vid AND o.status = 'open' AND o.holds = 1 AND o.hold_until > ${p('now')}
        AND o.start_at < ${p('endAt')} AND o.end_at > ${p('startAt')} AND o.id IS NOT ${p('offerId')})`;
/** The offer this insert takes is still open and answerable (null: the insert takes no offer). */
const offerStillOpen = () => sql`(${p('offerId')} IS NULL OR EXISTS (
      SELECT 1 FROM waitlist_offers t
      WHERE t.id = ${p('offerId')} AND t.status = 'open' AND t.hold_until > ${p('now')} AND t.start_at > ${p('now')}))`;
const openForPhoneCount = () => sql`(SELECT count(*) FROM bookings p
    WHERE p.phone = ${p('phone')} AND p.status IN ${ACTIVE_IN} AND p.start_at > ${p('now')})`;
/** A client's open holds (above), its key range as parameters (holdFrom null: no rows, the range being empty). */
const openHoldsCount =
  () => sql`(SELECT count(*) FROM rate_limits r JOIN bookings h ON h.id = substr(r.key, ${p('holdIdAt')})
    WHERE r.key > ${p('holdFrom')} AND r.key < ${p('holdTo')}
      AND h.status = 'requested' AND h.hold_until > ${p('now')} AND h.start_at > ${p('now')})`;

/**
 * The insert's four statements, rendered once per isolate (db/prepared.ts): a person's request runs them on
 * every call. The candidate list is one JSON parameter and an absent limit a null one, so one text serves
 * every call.
 */
const insertStatement = renderedOnce<InsertValues>(
  'insert booking',
  () => sql`
    INSERT INTO bookings (
      id, reference, manage_code, service_id, mode, volunteer_id, start_at, end_at, local_date, local_time,
      status, channel, language, person_name, name_key, phone, phone_kind, email, note, accessibility_needs,
      accessibility_consent_at, consent_at, consent_version, hold_until, confirmed_at, request_key, created_by,
      video_room, reminder_plan, long_appointment, interpreter_language, created_at, updated_at)
    SELECT ${p('id')}, ${p('reference')}, ${p('manageCode')}, ${p('serviceId')}, ${p('mode')}, c.vid, ${p('startAt')},
      ${p('endAt')}, ${p('localDate')}, ${p('localTime')}, ${p('status')}, ${p('channel')}, ${p('language')},
      ${p('personName')}, ${p('nameKey')}, ${p('phone')}, ${p('phoneKind')}, ${p('email')}, ${p('note')},
      ${p('accessibilityNeeds')}, ${p('accessibilityConsentAt')}, ${p('consentAt')}, ${p('consentVersion')},
      ${p('holdUntil')}, ${p('confirmedAt')}, ${p('requestKey')}, ${p('createdBy')}, ${p('videoRoom')},
      ${p('reminderPlan')}, ${p('longAppointment')}, ${p('interpreterLanguage')}, ${p('now')}, ${p('now')}
    ${freeCandidates()}
      AND (${p('maxOpenPerPhone')} IS NULL OR ${openForPhoneCount()} < ${p('maxOpenPerPhone')})
      AND (${p('maxOpenPerClient')} IS NULL OR ${openHoldsCount()} < ${p('maxOpenPerClient')})
      AND ${offerStillOpen()}
    ORDER BY c.ord
    LIMIT 1
    RETURNING volunteer_id AS "volunteerId"`,
);

// The event only exists if the booking does; its data carries no personal details.
const eventStatement = renderedOnce<InsertValues>(
  'booking created event',
  () => sql`
    INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
    SELECT ${p('id')}, ${p('now')}, ${p('actorType')}, ${p('createdBy')}, 'created', NULL, ${p('status')},
      ${p('eventData')}
    WHERE EXISTS (SELECT 1 FROM bookings WHERE id = ${p('id')})`,
);

// The client's hold, kept until the hold lapses (or the appointment starts, if it has no hold).
const holdStatement = renderedOnce<InsertValues>(
  'client hold',
  () => sql`
    INSERT INTO rate_limits (key, window_start, count)
    SELECT ${p('holdKey')}, ${p('holdWindowEnd')}, 1
    WHERE EXISTS (SELECT 1 FROM bookings WHERE id = ${p('id')})`,
);

// Why nothing was inserted, from the same snapshot: a taken slot first, so the answer to a request
// depends on the phone's other bookings only when the request would otherwise succeed (no oracle).
const whyStatement = renderedOnce<InsertValues>(
  'why no insert',
  () => sql`
    SELECT (SELECT count(*) ${freeCandidates()}) AS free, ${openHoldsCount()} AS client, ${openForPhoneCount()} AS phone`,
);

/**
 * Inserts a booking for the first candidate volunteer (in the given order) who has no overlapping active
 * booking nor a waitlist offer holding the time for someone else, within the client's and the phone's limits of open bookings when there are some, with its
 * 'created' event and whatever must go with it: one batch, one round trip, atomic.
 *
 * The choice and the insert are one statement (INSERT … SELECT … WHERE NOT EXISTS), which SQLite runs
 * under its single writer lock, so two bookings can never both take the same volunteer's time, nor one
 * client or phone pass its limit; the overlap trigger of drizzle/0001 would abort anything that slipped
 * past (reported as 'slot_taken'). A clash on a random key comes back as 'duplicate_key' for one retry.
 * A busy database is thrown: it is not a lost race, and the app answers it 503 unavailable.
 */
export async function insertBooking(
  db: Db,
  b: NewBooking,
  candidates: readonly string[],
  options: InsertOptions = {},
): Promise<InsertBookingOutcome> {
  if (candidates.length === 0) return { ok: false, reason: 'slot_taken' };
  const { maxOpenPerPhone, perClient } = options;
  const prefix = perClient && holdPrefix(perClient.key);
  const values: InsertValues = {
    ...b,
    phoneKind: b.phoneKind ?? 'mobile',
    videoRoom: b.videoRoom ?? null,
    reminderPlan: b.reminderPlan ?? 'standard',
    longAppointment: b.longAppointment ? 1 : 0,
    interpreterLanguage: b.interpreterLanguage ?? null,
    nameKey: nameKey(b.personName),
    candidates: JSON.stringify(candidates),
    maxOpenPerPhone: maxOpenPerPhone ?? null,
    holdFrom: prefix ?? null,
    holdTo: prefix ? `${prefix.slice(0, -1)};` : null,
    holdIdAt: (prefix?.length ?? 0) + 1,
    maxOpenPerClient: perClient?.maxOpen ?? null,
    holdKey: prefix ? prefix + b.id : null,
    holdWindowEnd: b.holdUntil ?? b.startAt,
    offerId: options.takesOffer ?? null,
    actorType: b.createdBy === null ? 'person' : 'staff',
    eventData: JSON.stringify(
      b.phoneKind && b.phoneKind !== 'mobile' ? { channel: b.channel, noSms: b.phoneKind } : { channel: b.channel },
    ),
  };
  const created = sql`${bookings.id} = ${b.id}`;
  try {
    // The insert answers with the volunteer it chose (RETURNING): no read after it.
    const [inserted, , reasons] = await db.batch([
      db.all<{ volunteerId: string }>(insertStatement(values)),
      db.run(eventStatement(values)),
      db.all<{ free: number; client: number; phone: number }>(whyStatement(values)),
      ...(perClient ? [db.run(holdStatement(values))] : []),
      ...(options.alongside?.(created, b) ?? []),
    ]);
    const volunteerId = inserted[0]?.volunteerId;
    if (volunteerId) return { ok: true, volunteerId };
    const found = reasons[0];
    if (!found || found.free === 0) return { ok: false, reason: 'slot_taken' };
    if (perClient && found.client >= perClient.maxOpen) return { ok: false, reason: 'client_limit' };
    if (maxOpenPerPhone !== undefined && found.phone >= maxOpenPerPhone) return { ok: false, reason: 'phone_limit' };
    return { ok: false, reason: 'slot_taken' };
  } catch (e) {
    if (isOverlapViolation(e)) return { ok: false, reason: 'slot_taken' };
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

const requestColumns = aliasedColumns<RequestByKey>({
  id: bookings.id,
  reference: bookings.reference,
  manageCode: bookings.manageCode,
  status: bookings.status,
  phone: bookings.phone,
  startAt: bookings.startAt,
  endAt: bookings.endAt,
});

/** A request found by its idempotency key: what its maker is told again. */
export interface RequestByKey {
  id: string;
  reference: string;
  manageCode: string;
  status: BookingStatus;
  phone: string;
  startAt: number;
  endAt: number;
}

const requestByKey = renderedOnce<{ requestKey: string }>(
  'request by key',
  () => sql`select ${requestColumns.select} from ${bookings}
    where ${eq(bookings.requestKey, sql.placeholder('requestKey'))} limit 1`,
);

/**
 * The unexecuted lookup of a request already made with this idempotency key, for the first round trip's
 * batch; its rows are read with requestByKeyRow.
 */
export function requestByKeyQuery(db: Db, requestKey: string) {
  return db.all<Record<string, unknown>>(requestByKey({ requestKey }));
}

/** The request requestByKeyQuery found, as drizzle would have mapped it; undefined when none. */
export function requestByKeyRow(rows: readonly Record<string, unknown>[]): RequestByKey | undefined {
  const row = rows[0];
  return row && requestColumns.read(row);
}
