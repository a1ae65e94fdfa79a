/**
 * A person's data as the desk holds it: search (by number or name), export and erasure (by mobile number). Bookings are never deleted: erasure nulls the personal columns and keeps status, service,
 * volunteer and times, so anonymous counts (dashboard) stay true.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client';
import { isLateCancellation } from '../../domain/lifecycle';
import { bookingEvents, bookings, messages } from '../schema';
import { bookingNames, listedBooking, withNames } from './booking-joins';
import { ACTIVE_STATUSES, type BookingStatus, type Mode } from '../../domain/vocabulary';
import { escapeLike, MIN_SUFFIX_DIGITS, type PersonQuery } from '../../domain/person-search';
import { deskQuery, deskRead, deskTimeZoneOf, type DeskRow } from './desk';
import { eraseEntriesStatements, entriesOfPhone } from '../../waitlist/store';

type Statement = BatchItem<'sqlite'>;

/** Who erases: staff on a person's request, or the system (the retention job). */
export interface EraseActor {
  type: 'staff' | 'system';
  /** staff_users.id for staff; null for the system. */
  id: string | null;
}

/** Ids per statement: far below SQLite's bound-parameter limit, whatever the retention job hands in. */
const ERASE_CHUNK = 500;

/** Cancel reason recorded when an erasure cancels the person's upcoming appointments. */
export const ERASURE_CANCEL_REASON = 'erasure';

// ------------------------------------------------------------------ search

/** One of a person's bookings as the search lists it. */
export interface PersonBookingRow {
  id: string;
  reference: string;
  status: BookingStatus;
  startAt: number;
  endAt: number;
  serviceId: string;
  serviceNameIt: string;
  serviceNameEn: string;
  volunteerId: string;
  volunteerName: string;
  mode: Mode;
  lateCancellation: boolean;
  personName: string | null;
  phone: string | null;
  erasedAt: number | null;
}

const personBooking = {
  ...listedBooking,
  mode: bookings.mode,
  lateCancellation: bookings.lateCancellation,
  personName: bookings.personName,
  phone: bookings.phone,
  erasedAt: bookings.erasedAt,
};

/** Latest appointment first; the id breaks ties so the order (and the cut of a long list) is stable. */
const latestFirst = [desc(bookings.startAt), asc(bookings.id)] as const;
/**
 * The same order for a lookup through the phone indexes. The unary + keeps SQLite from walking
 * bookings_start to save the sort (it would, with no statistics): that reads the whole table to find a
 * few rows, where the phone index reads only them and sorts a handful.
 */
const latestFirstSorted = [sql`+${bookings.startAt} desc`, asc(bookings.id)] as const;

/**
 * Every booking made with this E.164 number (exact match), latest appointment first, and the zone to show
 * their times in (the desk's, or the default before it exists); one round trip.
 */
export async function findBookingsByPhone(
  db: Db,
  phone: string,
): Promise<{ rows: PersonBookingRow[]; timeZone: string }> {
  const [rows, desk] = await db.batch([
    withNames(db.select(personBooking).from(bookings).$dynamic())
      .where(eq(bookings.phone, phone))
      .orderBy(...latestFirstSorted),
    deskQuery(db),
  ]);
  return { rows, timeZone: deskTimeZoneOf(deskRead(desk[0])) };
}

/**
 * Bookings matching a search text (domain/person-search.ts), latest first, at most `limit`, with
 * `truncated` when there were more; one round trip. A number is matched by its start (the range of the
 * phone index) or, with enough digits, by its end (the bookings_phone_tail index on its last six digits):
 * neither reads the table beyond the matches. A name fragment is matched anywhere in the folded name:
 * that reads every booking's name_key (a scan, see the README). Erased bookings have neither and are
 * never found.
 */
export async function findBookingsByQuery(
  db: Db,
  query: PersonQuery,
  limit: number,
): Promise<{ rows: PersonBookingRow[]; truncated: boolean; timeZone: string }> {
  const [rows, desk] = await db.batch([bookingsByQuery(db, query, limit + 1), deskQuery(db)]);
  return {
    rows: rows.slice(0, limit),
    truncated: rows.length > limit,
    timeZone: deskTimeZoneOf(deskRead(desk[0])),
  };
}

/** The unexecuted select of findBookingsByQuery (exported for its query plan's test). */
export function bookingsByQuery(db: Db, query: PersonQuery, limit: number) {
  return withNames(db.select(personBooking).from(bookings).$dynamic())
    .where(queryCondition(query))
    .orderBy(...(query.kind === 'phone' ? latestFirstSorted : latestFirst))
    .limit(limit);
}

function queryCondition(query: PersonQuery): SQL {
  if (query.kind === 'name') {
    return sql`${bookings.nameKey} LIKE ${`%${escapeLike(query.key)}%`} ESCAPE '\\'`;
  }
  // Phone numbers are '+' and digits, and ':' follows '9': the range holds every number with this start.
  const byStart = and(gte(bookings.phone, query.prefix), lt(bookings.phone, `${query.prefix}:`))!;
  if (query.suffix === null) return byStart;
  // The very expression of the index (a literal -6, not a parameter), so SQLite uses it; the LIKE then
  // checks the digits before those six.
  const byEnd = sql`(substr(${bookings.phone}, ${sql.raw(String(-MIN_SUFFIX_DIGITS))}) = ${query.suffix.slice(-MIN_SUFFIX_DIGITS)}
    AND ${bookings.phone} LIKE ${`%${query.suffix}`})`;
  return or(byStart, byEnd)!;
}

// ------------------------------------------------------------------ export

export type BookingRow = typeof bookings.$inferSelect;
export type BookingEventRow = typeof bookingEvents.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

/** Everything held about one phone number, read in one round trip. */
export interface PersonalData {
  desk: DeskRow;
  bookings: (BookingRow & { serviceNameIt: string; serviceNameEn: string; volunteerName: string })[];
  events: BookingEventRow[];
  messages: MessageRow[];
}

/**
 * Reads every booking, audit event and message of a phone number and, in the same batch (after the
 * reads, so the export does not list itself), records a 'personal_data_exported' event on each booking.
 * Without a desk there is no controller to name: nothing is exported, and nothing recorded.
 */
export async function exportPersonalData(
  db: Db,
  phone: string,
  actorId: string,
  now: number,
): Promise<{ configured: true; data: PersonalData } | { configured: false }> {
  const ofPhone = db.select({ id: bookings.id }).from(bookings).where(eq(bookings.phone, phone));
  const [desk, rows, events, outbox] = await db.batch([
    deskQuery(db),
    withNames(
      db
        .select({ booking: bookings, ...bookingNames })
        .from(bookings)
        .$dynamic(),
    )
      .where(eq(bookings.phone, phone))
      .orderBy(asc(bookings.startAt), asc(bookings.id)),
    db
      .select()
      .from(bookingEvents)
      .where(inArray(bookingEvents.bookingId, ofPhone))
      .orderBy(asc(bookingEvents.at), asc(bookingEvents.id)),
    db
      .select()
      .from(messages)
      .where(inArray(messages.bookingId, ofPhone))
      .orderBy(asc(messages.createdAt), asc(messages.id)),
    db.run(sql`
      INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
      SELECT ${bookings.id}, ${now}, 'staff', ${actorId}, 'personal_data_exported', NULL, NULL, NULL
      FROM ${bookings} WHERE ${bookings.phone} = ${phone}
        AND EXISTS (SELECT 1 FROM desk_settings WHERE id = 1)`),
  ]);
  const read = deskRead(desk[0]);
  if (!read.configured) return read;
  const data: PersonalData = {
    desk: read.desk,
    bookings: rows.map((r) => ({
      ...r.booking,
      serviceNameIt: r.serviceNameIt,
      serviceNameEn: r.serviceNameEn,
      volunteerName: r.volunteerName,
    })),
    events,
    messages: outbox,
  };
  return { configured: true, data };
}

// ------------------------------------------------------------------ erasure

/**
 * The statements that erase the personal data of some bookings; reusable by the retention job.
 * Nulls the person's name (and its search key), phone, e-mail, note, accessibility needs (the interpreter's
 * language with them) and their consent time, and the internal staff note (free text about the person); nulls the recipient, body and provider error text
 * (providers echo the number) of their messages and cancels those still waiting to be sent; records an
 * 'erased' event per booking. Status, service, volunteer, times, channel and consent version stay, so
 * anonymous counts keep. Already erased bookings are left alone, so running it twice changes nothing.
 * Put the statements in one db.batch (with the change that motivates them, if any).
 */
export function erasePersonalDataStatements(
  db: Db,
  bookingIds: readonly string[],
  now: number,
  actor: EraseActor,
): Statement[] {
  const statements: Statement[] = [];
  for (let i = 0; i < bookingIds.length; i += ERASE_CHUNK) {
    const ids = [...new Set(bookingIds.slice(i, i + ERASE_CHUNK))];
    const target = and(inArray(bookings.id, ids), isNull(bookings.erasedAt));
    statements.push(
      // Before the UPDATE, so it sees which rows are still to erase.
      db.run(sql`
        INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
        SELECT ${bookings.id}, ${now}, ${actor.type}, ${actor.id}, 'erased', NULL, NULL, NULL
        FROM ${bookings} WHERE ${target}`),
      db
        .update(messages)
        .set({
          recipient: null,
          body: null,
          error: null,
          // Nothing can be sent without a recipient: a waiting message would only fail later.
          status: sql`CASE WHEN ${messages.status} = 'pending' THEN 'cancelled' ELSE ${messages.status} END`,
          updatedAt: now,
        })
        .where(
          and(
            inArray(messages.bookingId, ids),
            sql`(${messages.recipient} IS NOT NULL OR ${messages.body} IS NOT NULL OR ${messages.error} IS NOT NULL
              OR ${messages.status} = 'pending')`,
          ),
        ),
      db
        .update(bookings)
        .set({
          personName: null,
          nameKey: null,
          phone: null,
          email: null,
          note: null,
          accessibilityNeeds: null,
          interpreterLanguage: null,
          // The flag is a need; the end the desk gave stays, so the time keeps its length.
          longAppointment: false,
          accessibilityConsentAt: null,
          staffNote: null,
          erasedAt: now,
          updatedAt: now,
        })
        .where(target),
    );
  }
  return statements;
}

export type ErasePersonOutcome =
  | { ok: true; bookings: number; messages: number; cancelled: number }
  /** The person still has upcoming active appointments and the caller did not ask to cancel them. */
  | { ok: false; reason: 'active_bookings'; active: number }
  /** Cancelling them needs the desk's cancellation notice, and there is no desk yet. */
  | { ok: false; reason: 'desk_not_configured' };

/**
 * Erases everything held about a phone number (on the person's request). Upcoming active appointments
 * (requested or confirmed, not started yet) block the erasure unless `cancelActive`, in which case they
 * are cancelled by staff with reason 'erasure' in the same batch, before their data goes. Two round
 * trips: the read that decides, then one atomic batch.
 */
export async function erasePerson(
  db: Db,
  phone: string,
  opts: { actorId: string; now: number; cancelActive: boolean },
): Promise<ErasePersonOutcome> {
  const { now, actorId } = opts;
  const [rows, desk, outbox] = await db.batch([
    db
      .select({ id: bookings.id, status: bookings.status, startAt: bookings.startAt })
      .from(bookings)
      .where(eq(bookings.phone, phone)),
    deskQuery(db),
    db
      .select({ n: sql<number>`count(*)` })
      .from(messages)
      .where(
        inArray(messages.bookingId, db.select({ id: bookings.id }).from(bookings).where(eq(bookings.phone, phone))),
      ),
  ]);
  const active = rows.filter((r) => (ACTIVE_STATUSES as readonly string[]).includes(r.status) && r.startAt > now);
  if (active.length > 0 && !opts.cancelActive) return { ok: false, reason: 'active_bookings', active: active.length };
  // The person's waitlist entries go too, in the same batch (they may be on the list without a booking).
  const waitlist = eraseEntriesStatements(db, entriesOfPhone(phone), now);
  if (rows.length === 0) {
    await db.batch(waitlist as [Statement, ...Statement[]]);
    return { ok: true, bookings: 0, messages: 0, cancelled: 0 };
  }

  const read = deskRead(desk[0]);
  if (active.length > 0 && !read.configured) return { ok: false, reason: 'desk_not_configured' };
  const noticeHours = read.configured ? read.desk.cancellationNoticeHours : 0;
  const cancels = active.flatMap((b) => cancelForErasure(db, b.id, b.startAt, actorId, now, noticeHours));
  const erase = erasePersonalDataStatements(
    db,
    rows.map((r) => r.id),
    now,
    { type: 'staff', id: actorId },
  );
  const [first, ...rest] = [...cancels, ...erase, ...waitlist];
  if (first) await db.batch([first, ...rest]);
  return { ok: true, bookings: rows.length, messages: outbox[0]?.n ?? 0, cancelled: active.length };
}

/** Cancel an upcoming appointment because its person asked to be erased. No SMS: the number goes in the same batch. */
function cancelForErasure(
  db: Db,
  bookingId: string,
  startAt: number,
  actorId: string,
  now: number,
  noticeHours: number,
): Statement[] {
  // Still active when the batch runs: a booking that changed meanwhile keeps its new status.
  const guard = sql`${bookings.id} = ${bookingId} AND ${bookings.status} IN ('requested', 'confirmed')`;
  // The late flag follows the rule of every other cancellation, so the late-cancellation count stays honest.
  const late = isLateCancellation(startAt, now, noticeHours);
  return [
    db.run(sql`
      INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
      SELECT ${bookings.id}, ${now}, 'staff', ${actorId}, 'cancelled', ${bookings.status}, 'cancelled',
        ${JSON.stringify({ late, reason: ERASURE_CANCEL_REASON })}
      FROM ${bookings} WHERE ${guard}`),
    db
      .update(bookings)
      .set({
        status: 'cancelled',
        cancelledAt: now,
        cancelledBy: 'staff',
        cancelReason: ERASURE_CANCEL_REASON,
        lateCancellation: late,
        holdUntil: null,
        updatedAt: now,
      })
      .where(guard),
  ];
}
