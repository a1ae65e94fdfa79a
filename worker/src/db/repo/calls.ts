/**
 * Reminder plans and the call list as statements and reads: the plan change and the recorded call are
 * compare-and-swap plans like the other staff actions (db/repo/booking-actions.ts), one batch each with
 * their audit event; the call list is one batch of reads.
 */
import { and, asc, eq, gte, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { bookings, closures, deskSettings, services, staffUsers, volunteers } from '../schema';
import type { CallOutcome, ReminderPlan } from '../../domain/vocabulary';
import { staffEvent, type ActionBase, type ActionPlan } from './booking-actions';
import { listColumns, type BookingListRow } from './staff-bookings';

export interface ReminderPlanAction extends ActionBase {
  /** The plan the change was decided on (compare-and-swap). */
  fromPlan: ReminderPlan;
  plan: ReminderPlan;
}

/** Change the booking's reminder plan; the event records both plans. */
export function reminderPlanPlan(db: Db, a: ReminderPlanAction): ActionPlan {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.reminderPlan} = ${a.fromPlan}`;
  const data = sql`json_object('fromPlan', ${bookings.reminderPlan}, 'toPlan', ${a.plan})`;
  return {
    guard,
    event: staffEvent(db, a, guard, 'reminder_plan_changed', null, data),
    update: db.update(bookings).set({ reminderPlan: a.plan, updatedAt: a.now }).where(guard),
  };
}

export interface CallAction extends ActionBase {
  /** The booking as the call was decided on (compare-and-swap): confirmed, at this start, last call at. */
  fromStartAt: number;
  fromCallAt: number | null;
  outcome: CallOutcome;
  /** For `cancelled`: inside the desk's cancellation notice. */
  late: boolean;
}

/**
 * Record a call's outcome. `confirmed` also confirms attendance (kept if the person already had); `cancelled`
 * also cancels the booking (confirmed → cancelled, by the person, on the phone) with its own `cancelled`
 * event, so the audit reads as for any cancellation. A second call's outcome replaces the first.
 */
export function callPlan(db: Db, a: CallAction): ActionPlan & { cancelEvent: ActionPlan['event'] | null } {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.status} = 'confirmed'
    AND ${bookings.startAt} = ${a.fromStartAt} AND ${bookings.callOutcomeAt} IS ${a.fromCallAt}`;
  const data = sql`json_object('outcome', ${a.outcome}, 'previous', ${bookings.callOutcome})`;
  const cancelled = a.outcome === 'cancelled';
  return {
    guard,
    event: staffEvent(db, a, guard, 'call_recorded', null, data),
    cancelEvent: cancelled
      ? staffEvent(db, a, guard, 'cancelled', 'cancelled', sql`${JSON.stringify({ late: a.late, call: true })}`)
      : null,
    update: db
      .update(bookings)
      .set({
        callOutcome: a.outcome,
        callOutcomeAt: a.now,
        callOutcomeBy: a.actorId,
        updatedAt: a.now,
        ...(a.outcome === 'confirmed'
          ? { attendanceConfirmedAt: sql`coalesce(${bookings.attendanceConfirmedAt}, ${a.now})` }
          : {}),
        ...(cancelled
          ? {
              status: 'cancelled' as const,
              cancelledAt: a.now,
              cancelledBy: 'person' as const,
              lateCancellation: a.late,
              holdUntil: null,
            }
          : {}),
      })
      .where(guard),
  };
}

/** A booking on the call list: the list fields, its plan and its last call. */
export type CallListRow = BookingListRow & { callOutcomeByName: string | null };

/** The desk's settings the call list needs, and its whole-day closures around the dates asked about. */
export async function callListCalendar(db: Db, around: { from: string; to: string }) {
  const [desk, closed] = await db.batch([
    db
      .select({ timeZone: deskSettings.timeZone, callCutoffMinute: deskSettings.callCutoffMinute })
      .from(deskSettings)
      .where(eq(deskSettings.id, 1)),
    db
      .select({ dateFrom: closures.dateFrom, dateTo: closures.dateTo })
      .from(closures)
      .where(and(isNull(closures.volunteerId), gte(closures.dateTo, around.from), lte(closures.dateFrom, around.to))),
  ]);
  return { desk: desk[0] ?? null, closed };
}

/**
 * The confirmed bookings of `date` reception should call: attendance not confirmed, or no mobile, or plan
 * `call`; in time order. Bookings already called stay on it, with the outcome.
 */
export async function callListBookings(db: Db, date: string): Promise<CallListRow[]> {
  return db
    .select({ ...listColumns, callOutcomeByName: staffUsers.name })
    .from(bookings)
    .innerJoin(services, eq(services.id, bookings.serviceId))
    .innerJoin(volunteers, eq(volunteers.id, bookings.volunteerId))
    .leftJoin(staffUsers, eq(staffUsers.id, bookings.callOutcomeBy))
    .where(
      and(
        eq(bookings.localDate, date),
        // Cancelled from the list, it stays on it (with its outcome) so the desk sees the call was made.
        or(
          eq(bookings.status, 'confirmed'),
          and(
            eq(bookings.status, 'cancelled'),
            isNotNull(bookings.callOutcomeAt),
            eq(bookings.callOutcome, 'cancelled'),
          ),
        ),
        or(
          isNull(bookings.attendanceConfirmedAt),
          isNull(bookings.phone),
          ne(bookings.phoneKind, 'mobile'),
          eq(bookings.reminderPlan, 'call'),
          isNotNull(bookings.callOutcome),
        ),
      ),
    )
    .orderBy(asc(bookings.startAt), asc(volunteers.displayName), asc(bookings.id))
    .limit(500);
}
