/**
 * The lifecycle actions staff take on a booking (confirm, reject, cancel, reschedule, attendance outcome,
 * internal note), as statements.
 *
 * Every action is ONE db.batch: the audit event, whatever must commit with it (the use case's texts) and a
 * compare-and-swap UPDATE that only matches the row in the state the action was decided on. The event and
 * the texts are INSERT … SELECT … WHERE <the same guard>, placed before the UPDATE, so they see the row as
 * it was and all of them write or none does. The triggers of drizzle/0001 stay the final arbiter of
 * overlaps and status transitions.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client';
import { isOverlapViolation, isTransitionViolation } from '../errors';
import { bookings } from '../schema';
import type { BookingEventType, BookingStatus, Language } from '../../domain/vocabulary';
import { AFTER_MOVE_SEQUENCE } from '../../outbox/store';

type Statement = BatchItem<'sqlite'>;

/** Who acts on which booking, and when. */
export interface ActionBase {
  bookingId: string;
  /** staff_users.id */
  actorId: string;
  now: number;
}

export interface ConfirmAction extends ActionBase {
  /** The volunteer who will hold the appointment (the current one, or a change). */
  volunteerId: string;
  /** A room name for a remote booking written before rooms existed (domain/video.ts); kept when one is set. */
  videoRoom?: string | null;
}
export interface RejectAction extends ActionBase {
  reason: string;
}
export interface CancelAction extends ActionBase {
  reason: string;
  /** The status and start the late flag was computed from (compare-and-swap). */
  fromStatus: BookingStatus;
  fromStartAt: number;
  late: boolean;
}
export interface RescheduleAction extends ActionBase {
  fromStatus: BookingStatus;
  fromStartAt: number;
  fromVolunteerId: string;
  startAt: number;
  endAt: number;
  localDate: string;
  localTime: string;
  volunteerId: string;
  /** As in ConfirmAction. */
  videoRoom?: string | null;
}
export interface OutcomeAction extends ActionBase {
  fromStatus: BookingStatus;
  /** The mark being corrected was made at this instant (compare-and-swap); null for a first mark. */
  fromOutcomeAt: number | null;
  outcome: 'attended' | 'no_show';
  /** A wrong mark changed (audited as `outcome_corrected`), not a first one. */
  correction: boolean;
}
export interface NoteAction extends ActionBase {
  note: string | null;
}
export interface LanguageAction extends ActionBase {
  /** The language the change was decided on (compare-and-swap). */
  fromLanguage: Language;
  language: Language;
}

/**
 * One action on one booking: its compare-and-swap guard (over the row as it was read), the audit event and
 * the UPDATE. runAction writes them in one batch, event first, UPDATE last, with the use case's texts between.
 */
export interface ActionPlan {
  guard: SQL;
  event: Statement;
  update: Statement;
}

/** An audit row written only when `guard` matches the booking (evaluated before the batch's UPDATE). */
export function staffEvent(
  db: Db,
  a: ActionBase,
  guard: SQL,
  type: BookingEventType,
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
 * the overlap trigger refuses a volunteer who is busy then.
 */
export function confirmPlan(db: Db, a: ConfirmAction): ActionPlan {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.status} = 'requested'`;
  const data = sql`json_object('volunteerId', ${a.volunteerId}, 'previousVolunteerId', ${bookings.volunteerId})`;
  return {
    guard,
    event: staffEvent(db, a, guard, 'confirmed', 'confirmed', data),
    update: db
      .update(bookings)
      .set({
        status: 'confirmed',
        volunteerId: a.volunteerId,
        confirmedAt: a.now,
        holdUntil: null,
        updatedAt: a.now,
        ...roomIfMissing(a.videoRoom),
      })
      .where(guard),
  };
}

/** Reject a request (requested → rejected) with a reason kept for the desk. */
export function rejectPlan(db: Db, a: RejectAction): ActionPlan {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.status} = 'requested'`;
  return {
    guard,
    event: staffEvent(db, a, guard, 'rejected', 'rejected'),
    update: db
      .update(bookings)
      .set({ status: 'rejected', rejectReason: a.reason, holdUntil: null, updatedAt: a.now })
      .where(guard),
  };
}

/** Cancel on the desk's side (requested|confirmed → cancelled), flagged late inside the notice. */
export function cancelPlan(db: Db, a: CancelAction): ActionPlan {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.status} = ${a.fromStatus}
    AND ${bookings.startAt} = ${a.fromStartAt}`;
  return {
    guard,
    event: staffEvent(db, a, guard, 'cancelled', 'cancelled', sql`${JSON.stringify({ late: a.late })}`),
    update: db
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
  };
}

/**
 * Move a booking to another time (and maybe volunteer). Calendars learn of the change through the bumped
 * ical_sequence; the person's "I will come" was for the old time, so it is cleared; a request's hold
 * never outlives its new start. The overlap trigger refuses a taken time.
 */
export function reschedulePlan(db: Db, a: RescheduleAction): ActionPlan {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.status} = ${a.fromStatus}
    AND ${bookings.startAt} = ${a.fromStartAt} AND ${bookings.volunteerId} = ${a.fromVolunteerId}`;
  const data = sql`json_object('fromStart', ${bookings.startAt}, 'toStart', ${a.startAt},
    'fromVolunteerId', ${bookings.volunteerId}, 'toVolunteerId', ${a.volunteerId})`;
  return {
    guard,
    event: staffEvent(db, a, guard, 'rescheduled', null, data),
    update: db
      .update(bookings)
      .set({
        startAt: a.startAt,
        endAt: a.endAt,
        localDate: a.localDate,
        localTime: a.localTime,
        volunteerId: a.volunteerId,
        icalSequence: AFTER_MOVE_SEQUENCE,
        attendanceConfirmedAt: null,
        holdUntil: sql`CASE WHEN ${bookings.holdUntil} IS NULL THEN NULL ELSE min(${bookings.holdUntil}, ${a.startAt}) END`,
        updatedAt: a.now,
        ...roomIfMissing(a.videoRoom),
      })
      .where(guard),
  };
}

/** Record (or correct) the outcome once the appointment has started. */
export function outcomePlan(db: Db, a: OutcomeAction): ActionPlan {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.status} = ${a.fromStatus}
    AND ${bookings.startAt} <= ${a.now} AND ${bookings.outcomeAt} IS ${a.fromOutcomeAt}`;
  return {
    guard,
    event: staffEvent(db, a, guard, a.correction ? 'outcome_corrected' : 'outcome', a.outcome),
    update: db.update(bookings).set({ status: a.outcome, outcomeAt: a.now, updatedAt: a.now }).where(guard),
  };
}

/** Set or clear the internal note; the event records who and when, not the text. */
export function notePlan(db: Db, a: NoteAction): ActionPlan {
  const guard = sql`${bookings.id} = ${a.bookingId}`;
  return {
    guard,
    event: staffEvent(db, a, guard, 'note', null),
    update: db.update(bookings).set({ staffNote: a.note, updatedAt: a.now }).where(guard),
  };
}

/**
 * Change the language the booking's texts and pages speak (reception heard the person speaks another);
 * the event records both languages.
 */
export function languagePlan(db: Db, a: LanguageAction): ActionPlan {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.language} = ${a.fromLanguage}`;
  const data = sql`json_object('fromLanguage', ${bookings.language}, 'toLanguage', ${a.language})`;
  return {
    guard,
    event: staffEvent(db, a, guard, 'language_changed', null, data),
    update: db.update(bookings).set({ language: a.language, updatedAt: a.now }).where(guard),
  };
}

export type ActionOutcome = { ok: true } | { ok: false; reason: 'stale' | 'overlap' | 'transition' };

/**
 * Runs one action as one atomic batch: its event, then `alongside` (guarded by the plan's guard), then its
 * UPDATE. 'stale' means the compare-and-swap found the row changed since it was read (nothing was
 * written); 'overlap' and 'transition' are the triggers' refusals. A busy database is thrown, like any
 * database trouble, and answered 503 unavailable by the app's error handler: it says nothing about the booking.
 */
export async function runAction(db: Db, plan: ActionPlan, alongside: Statement[] = []): Promise<ActionOutcome> {
  try {
    return (await applyPlan(db, plan, alongside)) ? { ok: true } : { ok: false, reason: 'stale' };
  } catch (e) {
    if (isOverlapViolation(e)) return { ok: false, reason: 'overlap' };
    if (isTransitionViolation(e)) return { ok: false, reason: 'transition' };
    throw e;
  }
}

/**
 * Writes a plan as one atomic batch (event, `alongside`, UPDATE); true when the UPDATE matched, false when
 * the compare-and-swap no longer held and nothing was written. Database errors are thrown.
 */
export async function applyPlan(db: Db, plan: ActionPlan, alongside: Statement[] = []): Promise<boolean> {
  const results = await db.batch([plan.event, ...alongside, plan.update]);
  const n = (results[results.length - 1] as { rowsAffected?: unknown } | undefined)?.rowsAffected;
  return n === 1;
}

/** Sets the booking's video room only where it has none (a room, once texted, never changes). */
function roomIfMissing(room: string | null | undefined) {
  return room ? { videoRoom: sql`coalesce(${bookings.videoRoom}, ${room})` } : {};
}
