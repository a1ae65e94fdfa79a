/**
 * Staff work on bookings: the agenda and inbox reads, booking on behalf of a caller, and the lifecycle
 * actions (confirm, reject, cancel, reschedule, attendance outcome, internal note).
 *
 * Every action is ONE db.batch: the audit event, the outbox rows (SMS issue, see `staffOutbox`) and a
 * compare-and-swap UPDATE that only matches the row in the state the action was decided on. The event
 * and outbox statements are INSERT … SELECT … WHERE <the same guard>, placed before the UPDATE, so they
 * see the row as it was and all of them write or none does. The triggers of drizzle/0001 stay the final
 * arbiter of overlaps and status transitions.
 */
import { and, asc, count, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client';
import { isBusy, isOverlapViolation, isTransitionViolation, isUniqueViolation } from '../errors';
import { bookingEvents, bookings, deskSettings, messages, services, staffUsers, volunteers } from '../schema';
import {
  ACTIVE_STATUSES,
  type BookingStatus,
  type Channel,
  type Language,
  type MessageKind,
  type MessageStatus,
  type Mode,
} from '../../domain/vocabulary';

import {
  ANNOUNCING_KINDS,
  enqueueOne,
  renderFor,
  supersedePending,
  type OutboxDesk,
  type SmsContext,
} from '../../outbox/enqueue';

type Statement = BatchItem<'sqlite'>;

/** Rows a list may return at most; `count` still tells the full number. */
export const BOOKING_LIST_LIMIT = 500;
export const MESSAGE_LIST_LIMIT = 500;

// ------------------------------------------------------------------ reads

const listColumns = {
  id: bookings.id,
  reference: bookings.reference,
  status: bookings.status,
  startAt: bookings.startAt,
  endAt: bookings.endAt,
  localDate: bookings.localDate,
  localTime: bookings.localTime,
  serviceId: bookings.serviceId,
  serviceNameIt: services.nameIt,
  serviceNameEn: services.nameEn,
  mode: bookings.mode,
  volunteerId: bookings.volunteerId,
  volunteerName: volunteers.displayName,
  personName: bookings.personName,
  phone: bookings.phone,
  email: bookings.email,
  channel: bookings.channel,
  createdAt: bookings.createdAt,
  holdUntil: bookings.holdUntil,
  attendanceConfirmedAt: bookings.attendanceConfirmedAt,
  lateCancellation: bookings.lateCancellation,
};

/** A booking as the agenda and the inbox show it (no notes, no accessibility needs). */
export interface BookingListRow {
  id: string;
  reference: string;
  status: BookingStatus;
  startAt: number;
  endAt: number;
  localDate: string;
  localTime: string;
  serviceId: string;
  serviceNameIt: string;
  serviceNameEn: string;
  mode: Mode;
  volunteerId: string;
  volunteerName: string;
  personName: string | null;
  phone: string | null;
  email: string | null;
  channel: Channel;
  createdAt: number;
  holdUntil: number | null;
  attendanceConfirmedAt: number | null;
  lateCancellation: boolean;
}

export interface BookingListFilter {
  statuses?: readonly BookingStatus[];
  /** Inclusive local dates (the desk's). */
  from?: string;
  to?: string;
  volunteerId?: string;
}

/**
 * Bookings matching `filter` with the desk's time zone and the full count, in one round trip. Pending
 * requests alone (the inbox) come oldest request first; anything else in agenda order (by start).
 */
export async function listBookings(
  db: Db,
  filter: BookingListFilter,
): Promise<{ rows: BookingListRow[]; count: number; timeZone: string | null }> {
  const conds: SQL[] = [];
  if (filter.statuses?.length) conds.push(inArray(bookings.status, [...filter.statuses]));
  if (filter.from) conds.push(gte(bookings.localDate, filter.from));
  if (filter.to) conds.push(lte(bookings.localDate, filter.to));
  if (filter.volunteerId) conds.push(eq(bookings.volunteerId, filter.volunteerId));
  const where = conds.length ? and(...conds) : undefined;
  const inbox = filter.statuses?.length === 1 && filter.statuses[0] === 'requested';
  const order = inbox ? [asc(bookings.createdAt), asc(bookings.id)] : [asc(bookings.startAt), asc(bookings.id)];

  const [rows, total, desk] = await db.batch([
    db
      .select(listColumns)
      .from(bookings)
      .innerJoin(services, eq(services.id, bookings.serviceId))
      .innerJoin(volunteers, eq(volunteers.id, bookings.volunteerId))
      .where(where)
      .orderBy(...order)
      .limit(BOOKING_LIST_LIMIT),
    db.select({ n: count() }).from(bookings).where(where),
    db.select({ timeZone: deskSettings.timeZone }).from(deskSettings).where(eq(deskSettings.id, 1)),
  ]);
  return { rows, count: total[0]?.n ?? 0, timeZone: desk[0]?.timeZone ?? null };
}

export type BookingRow = typeof bookings.$inferSelect;
export type DeskRow = typeof deskSettings.$inferSelect;

/** The booking an action is about, the desk and (when asked) a volunteer, in one round trip. */
export async function loadForAction(
  db: Db,
  bookingId: string,
  volunteerId?: string,
): Promise<{ booking: BookingRow | undefined; desk: DeskRow | undefined; volunteerActive: boolean }> {
  const [b, d, v] = await db.batch([
    db.select().from(bookings).where(eq(bookings.id, bookingId)).limit(1),
    db.select().from(deskSettings).where(eq(deskSettings.id, 1)).limit(1),
    db
      .select({ id: volunteers.id })
      .from(volunteers)
      .where(and(eq(volunteers.id, volunteerId ?? ''), eq(volunteers.active, true)))
      .limit(1),
  ]);
  return { booking: b[0], desk: d[0], volunteerActive: v.length === 1 };
}

/** Display names of the given volunteers. */
export async function volunteerNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: volunteers.id, name: volunteers.displayName })
    .from(volunteers)
    .where(inArray(volunteers.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface BookingEventRow {
  id: number;
  at: number;
  type: string;
  actorType: 'person' | 'staff' | 'system';
  actorId: string | null;
  actorName: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  data: string | null;
}

export type MessageRow = typeof messages.$inferSelect;

export interface BookingDetail {
  booking: BookingRow;
  serviceNameIt: string;
  serviceNameEn: string;
  volunteerName: string;
  timeZone: string | null;
  events: BookingEventRow[];
  messages: MessageRow[];
}

/** A booking's page: the row, its service and volunteer names, its audit trail and its messages; one round trip. */
export async function getBookingDetail(db: Db, bookingId: string): Promise<BookingDetail | null> {
  const [rows, events, outbox, desk] = await db.batch([
    db
      .select({
        booking: bookings,
        serviceNameIt: services.nameIt,
        serviceNameEn: services.nameEn,
        volunteerName: volunteers.displayName,
      })
      .from(bookings)
      .innerJoin(services, eq(services.id, bookings.serviceId))
      .innerJoin(volunteers, eq(volunteers.id, bookings.volunteerId))
      .where(eq(bookings.id, bookingId))
      .limit(1),
    db
      .select({
        id: bookingEvents.id,
        at: bookingEvents.at,
        type: bookingEvents.type,
        actorType: bookingEvents.actorType,
        actorId: bookingEvents.actorId,
        actorName: staffUsers.name,
        fromStatus: bookingEvents.fromStatus,
        toStatus: bookingEvents.toStatus,
        data: bookingEvents.data,
      })
      .from(bookingEvents)
      .leftJoin(staffUsers, and(eq(bookingEvents.actorType, 'staff'), eq(staffUsers.id, sql`${bookingEvents.actorId}`)))
      .where(eq(bookingEvents.bookingId, bookingId))
      .orderBy(asc(bookingEvents.at), asc(bookingEvents.id)),
    db
      .select()
      .from(messages)
      .where(eq(messages.bookingId, bookingId))
      .orderBy(asc(messages.createdAt), asc(messages.id)),
    db.select({ timeZone: deskSettings.timeZone }).from(deskSettings).where(eq(deskSettings.id, 1)),
  ]);
  const row = rows[0];
  if (!row) return null;
  return { ...row, timeZone: desk[0]?.timeZone ?? null, events, messages: outbox };
}

/** Outbox rows, newest first, optionally for one booking and/or in one status. */
export async function listMessages(
  db: Db,
  filter: { bookingId?: string; status?: MessageStatus },
): Promise<{ rows: MessageRow[]; timeZone: string | null }> {
  const conds: SQL[] = [];
  if (filter.bookingId) conds.push(eq(messages.bookingId, filter.bookingId));
  if (filter.status) conds.push(eq(messages.status, filter.status));
  const [rows, desk] = await db.batch([
    db
      .select()
      .from(messages)
      .where(conds.length ? and(...conds) : undefined)
      .orderBy(sql`${messages.createdAt} desc`, sql`${messages.id} desc`)
      .limit(MESSAGE_LIST_LIMIT),
    db.select({ timeZone: deskSettings.timeZone }).from(deskSettings).where(eq(deskSettings.id, 1)),
  ]);
  return { rows, timeZone: desk[0]?.timeZone ?? null };
}

// ------------------------------------------------------------------ SMS extension point

/** What an action is, as the outbox needs to know it. */
export type StaffOutboxEvent =
  | { kind: Extract<MessageKind, 'confirmation'>; action: ConfirmAction | NewStaffBooking }
  | { kind: Extract<MessageKind, 'rejection'>; action: RejectAction }
  | { kind: Extract<MessageKind, 'cancellation'>; action: CancelAction }
  | { kind: Extract<MessageKind, 'reschedule'>; action: RescheduleAction };

/**
 * EXTENSION POINT for the SMS issue: the outbox rows that must commit together with a staff action.
 * Each statement must be an INSERT … SELECT … FROM bookings WHERE `guard`, so it writes exactly when the
 * action does. For the lifecycle actions they run BEFORE the UPDATE, so `guard` sees the row as it was
 * (use the action's fields for the new values: new start, new volunteer); for a booking made on behalf
 * they run after the INSERT and `guard` is just `id = <new id>`.
 */
export function staffOutbox(db: Db, event: StaffOutboxEvent, guard: SQL): Statement[] {
  const a = event.action;
  if (!('bookingId' in a)) {
    // Booked on behalf: created confirmed, so the person gets the confirmation.
    if (!a.sms) return [];
    const ctx: SmsContext = {
      desk: a.sms,
      booking: { manageCode: a.manageCode, language: a.language, mode: a.mode, startAt: a.startAt },
    };
    const body = renderFor('confirmation', ctx);
    return [enqueueOne(db, { kind: 'confirmation', seq: 0, language: a.language, body }, a.now, guard)];
  }
  const ctx = a.sms;
  // No context: the desk is not set up (or a caller that sends nothing); the action itself still happens.
  if (!ctx) return [];
  const language = ctx.booking.language;
  switch (event.kind) {
    case 'confirmation':
    case 'rejection': {
      const body = renderFor(event.kind, ctx);
      return [enqueueOne(db, { kind: event.kind, seq: 0, language, body }, a.now, guard)];
    }
    case 'cancellation': {
      const body = renderFor('cancellation', ctx);
      return [
        supersedePending(db, a.bookingId, ANNOUNCING_KINDS, a.now, guard),
        enqueueOne(db, { kind: 'cancellation', seq: 0, language, body }, a.now, guard),
      ];
    }
    case 'reschedule': {
      // Texts of the old time still waiting would contradict this one.
      const stale = supersedePending(db, a.bookingId, ['confirmation', 'reminder', 'reschedule'], a.now, guard);
      // A request that moves is told once it is confirmed (the confirmation carries the new time).
      if (event.action.fromStatus !== 'confirmed') return [stale];
      const body = renderFor('reschedule', ctx, { startAt: event.action.startAt });
      // seq = the booking's ical_sequence after the move (the UPDATE raises it by one), so each move has its text.
      const seq = sql`${bookings.icalSequence} + 1`;
      return [stale, enqueueOne(db, { kind: 'reschedule', seq, language, body }, a.now, guard)];
    }
  }
}

// ------------------------------------------------------------------ booking on behalf

/** A booking made by staff for a caller or walk-in; created confirmed. */
export interface NewStaffBooking {
  id: string;
  reference: string;
  manageCode: string;
  serviceId: string;
  mode: Mode;
  startAt: number;
  endAt: number;
  localDate: string;
  localTime: string;
  channel: Extract<Channel, 'reception' | 'volunteer'>;
  language: Language;
  personName: string;
  /** E.164. */
  phone: string;
  email: string | null;
  note: string | null;
  accessibilityNeeds: string | null;
  /** The staff user making the booking. */
  actorId: string;
  now: number;
  /** The desk's part of the confirmation SMS; without it no SMS is queued. */
  sms?: OutboxDesk;
}

/** Consent to the processing is given to the staff member, not through the widget's notice. */
export const STAFF_CONSENT_VERSION = 'staff';

export type InsertStaffBookingOutcome =
  { ok: true; volunteerId: string } | { ok: false; reason: 'slot_taken' | 'duplicate_key' };

/**
 * Inserts a confirmed booking for the first candidate volunteer (in the given order) with no overlapping
 * active booking, with its 'created' event and outbox rows: one batch, atomic. Like the public request,
 * choosing and inserting is one INSERT … SELECT … WHERE NOT EXISTS, and the overlap trigger backs it up.
 * The per-phone limit of the widget does not apply: staff are talking to the person.
 */
export async function insertStaffBooking(
  db: Db,
  b: NewStaffBooking,
  candidates: readonly string[],
): Promise<InsertStaffBookingOutcome> {
  if (candidates.length === 0) return { ok: false, reason: 'slot_taken' };
  const active = sql.raw(`('${ACTIVE_STATUSES.join("','")}')`);
  const candidateRows = sql.join(
    candidates.map((id, i) => (i === 0 ? sql`SELECT ${id} AS vid, ${i} AS ord` : sql`SELECT ${id}, ${i}`)),
    sql` UNION ALL `,
  );
  const consentAt = b.accessibilityNeeds !== null ? b.now : null;
  const insertBooking = sql`
    INSERT INTO bookings (
      id, reference, manage_code, service_id, mode, volunteer_id, start_at, end_at, local_date, local_time,
      status, channel, language, person_name, phone, email, note, accessibility_needs, accessibility_consent_at,
      consent_at, consent_version, hold_until, confirmed_at, created_by, created_at, updated_at)
    SELECT ${b.id}, ${b.reference}, ${b.manageCode}, ${b.serviceId}, ${b.mode}, c.vid, ${b.startAt}, ${b.endAt},
      ${b.localDate}, ${b.localTime}, 'confirmed', ${b.channel}, ${b.language}, ${b.personName}, ${b.phone},
      ${b.email}, ${b.note}, ${b.accessibilityNeeds}, ${consentAt},
      ${b.now}, ${STAFF_CONSENT_VERSION}, NULL, ${b.now}, ${b.actorId}, ${b.now}, ${b.now}
    FROM (${candidateRows}) AS c
    WHERE NOT EXISTS (
      SELECT 1 FROM bookings x
      WHERE x.volunteer_id = c.vid AND x.status IN ${active} AND x.start_at < ${b.endAt} AND x.end_at > ${b.startAt})
    ORDER BY c.ord
    LIMIT 1`;
  const created = sql`${bookings.id} = ${b.id}`;
  const insertEvent = sql`
    INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
    SELECT ${b.id}, ${b.now}, 'staff', ${b.actorId}, 'created', NULL, 'confirmed', ${JSON.stringify({ channel: b.channel })}
    WHERE EXISTS (SELECT 1 FROM bookings WHERE ${created})`;

  try {
    const results = await db.batch([
      db.run(insertBooking),
      db.run(insertEvent),
      ...staffOutbox(db, { kind: 'confirmation', action: b }, created),
      db.select({ volunteerId: bookings.volunteerId }).from(bookings).where(eq(bookings.id, b.id)),
    ]);
    const inserted = results[results.length - 1] as { volunteerId: string }[];
    const volunteerId = inserted[0]?.volunteerId;
    return volunteerId ? { ok: true, volunteerId } : { ok: false, reason: 'slot_taken' };
  } catch (e) {
    if (isOverlapViolation(e) || isBusy(e)) return { ok: false, reason: 'slot_taken' };
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

// ------------------------------------------------------------------ lifecycle actions

/** Who acts on which booking, and when. */
export interface ActionBase {
  bookingId: string;
  /** staff_users.id */
  actorId: string;
  now: number;
}

/** What the SMS of an action needs; without it the action queues no SMS (the desk is not set up). */
interface WithSms {
  sms?: SmsContext;
}

export interface ConfirmAction extends ActionBase, WithSms {
  /** The volunteer who will hold the appointment (the current one, or a change). */
  volunteerId: string;
}
export interface RejectAction extends ActionBase, WithSms {
  reason: string;
}
export interface CancelAction extends ActionBase, WithSms {
  reason: string;
  /** The status and start the late flag was computed from (compare-and-swap). */
  fromStatus: BookingStatus;
  fromStartAt: number;
  late: boolean;
}
export interface RescheduleAction extends ActionBase, WithSms {
  fromStatus: BookingStatus;
  fromStartAt: number;
  fromVolunteerId: string;
  startAt: number;
  endAt: number;
  localDate: string;
  localTime: string;
  volunteerId: string;
}
export interface OutcomeAction extends ActionBase {
  fromStatus: BookingStatus;
  outcome: 'attended' | 'no_show';
}
export interface NoteAction extends ActionBase {
  note: string | null;
}

/** An audit row written only when `guard` matches the booking (evaluated before the batch's UPDATE). */
function staffEvent(
  db: Db,
  a: ActionBase,
  guard: SQL,
  type: string,
  toStatus: BookingStatus | null,
  data: SQL | null = null,
): Statement {
  const from = toStatus === null ? sql`NULL` : sql`${bookings.status}`;
  return db.run(sql`
    INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
    SELECT ${bookings.id}, ${a.now}, 'staff', ${a.actorId}, ${type}, ${from}, ${toStatus}, ${data ?? sql`NULL`}
    FROM ${bookings} WHERE ${guard}`);
}

/**
 * Confirm a request (requested → confirmed), possibly giving it to another volunteer in the same UPDATE;
 * the overlap trigger refuses a volunteer who is busy then. The statements of one batch, UPDATE last.
 */
export function confirmStatements(db: Db, a: ConfirmAction): Statement[] {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.status} = 'requested'`;
  const data = sql`json_object('volunteerId', ${a.volunteerId}, 'previousVolunteerId', ${bookings.volunteerId})`;
  return [
    staffEvent(db, a, guard, 'confirmed', 'confirmed', data),
    ...staffOutbox(db, { kind: 'confirmation', action: a }, guard),
    db
      .update(bookings)
      .set({ status: 'confirmed', volunteerId: a.volunteerId, confirmedAt: a.now, holdUntil: null, updatedAt: a.now })
      .where(guard),
  ];
}

/** Reject a request (requested → rejected) with a reason kept for the desk. UPDATE last. */
export function rejectStatements(db: Db, a: RejectAction): Statement[] {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.status} = 'requested'`;
  return [
    staffEvent(db, a, guard, 'rejected', 'rejected'),
    ...staffOutbox(db, { kind: 'rejection', action: a }, guard),
    db
      .update(bookings)
      .set({ status: 'rejected', rejectReason: a.reason, holdUntil: null, updatedAt: a.now })
      .where(guard),
  ];
}

/** Cancel on the desk's side (requested|confirmed → cancelled), flagged late inside the notice. UPDATE last. */
export function cancelStatements(db: Db, a: CancelAction): Statement[] {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.status} = ${a.fromStatus}
    AND ${bookings.startAt} = ${a.fromStartAt}`;
  return [
    staffEvent(db, a, guard, 'cancelled', 'cancelled', sql`${JSON.stringify({ late: a.late })}`),
    ...staffOutbox(db, { kind: 'cancellation', action: a }, guard),
    db
      .update(bookings)
      .set({
        status: 'cancelled',
        cancelledAt: a.now,
        cancelledBy: 'staff',
        cancelReason: a.reason,
        lateCancellation: a.late,
        holdUntil: null,
        updatedAt: a.now,
      })
      .where(guard),
  ];
}

/**
 * Move a booking to another time (and maybe volunteer). Calendars learn of the change through the bumped
 * ical_sequence; the person's "I will come" was for the old time, so it is cleared; a request's hold
 * never outlives its new start. The overlap trigger refuses a taken time. UPDATE last.
 */
export function rescheduleStatements(db: Db, a: RescheduleAction): Statement[] {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.status} = ${a.fromStatus}
    AND ${bookings.startAt} = ${a.fromStartAt} AND ${bookings.volunteerId} = ${a.fromVolunteerId}`;
  const data = sql`json_object('fromStart', ${bookings.startAt}, 'toStart', ${a.startAt},
    'fromVolunteerId', ${bookings.volunteerId}, 'toVolunteerId', ${a.volunteerId})`;
  return [
    staffEvent(db, a, guard, 'rescheduled', null, data),
    ...staffOutbox(db, { kind: 'reschedule', action: a }, guard),
    db
      .update(bookings)
      .set({
        startAt: a.startAt,
        endAt: a.endAt,
        localDate: a.localDate,
        localTime: a.localTime,
        volunteerId: a.volunteerId,
        icalSequence: sql`${bookings.icalSequence} + 1`,
        attendanceConfirmedAt: null,
        holdUntil: sql`CASE WHEN ${bookings.holdUntil} IS NULL THEN NULL ELSE min(${bookings.holdUntil}, ${a.startAt}) END`,
        updatedAt: a.now,
      })
      .where(guard),
  ];
}

/** Record (or correct) the outcome once the appointment has started. UPDATE last. */
export function outcomeStatements(db: Db, a: OutcomeAction): Statement[] {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.status} = ${a.fromStatus}
    AND ${bookings.startAt} <= ${a.now}`;
  return [
    staffEvent(db, a, guard, 'outcome', a.outcome),
    db.update(bookings).set({ status: a.outcome, outcomeAt: a.now, updatedAt: a.now }).where(guard),
  ];
}

/** Set or clear the internal note; the event records who and when, not the text. UPDATE last. */
export function noteStatements(db: Db, a: NoteAction): Statement[] {
  const guard = sql`${bookings.id} = ${a.bookingId}`;
  return [
    staffEvent(db, a, guard, 'note', null),
    db.update(bookings).set({ staffNote: a.note, updatedAt: a.now }).where(guard),
  ];
}

export type ActionOutcome = { ok: true } | { ok: false; reason: 'stale' | 'overlap' | 'transition' | 'busy' };

/**
 * Runs one action's statements (from the *Statements functions, UPDATE last) as one atomic batch.
 * 'stale' means the compare-and-swap found the row changed since it was read (nothing was written);
 * 'overlap' and 'transition' are the triggers' refusals; 'busy' a concurrent writer.
 */
export async function runAction(db: Db, statements: Statement[]): Promise<ActionOutcome> {
  const [first, ...rest] = statements;
  if (!first) throw new Error('runAction needs at least the UPDATE');
  try {
    const results = await db.batch([first, ...rest]);
    return rowsAffected(results[results.length - 1]) === 1 ? { ok: true } : { ok: false, reason: 'stale' };
  } catch (e) {
    if (isOverlapViolation(e)) return { ok: false, reason: 'overlap' };
    if (isTransitionViolation(e)) return { ok: false, reason: 'transition' };
    if (isBusy(e)) return { ok: false, reason: 'busy' };
    throw e;
  }
}

function rowsAffected(result: unknown): number {
  const n = (result as { rowsAffected?: unknown } | undefined)?.rowsAffected;
  return typeof n === 'number' ? n : 0;
}
