/**
 * The desk's arrival steps as compare-and-swap plans (see booking-actions.ts): the person arrived
 * (check-in) and the meeting began (start). Both hold only on the booking's own day in the desk's calendar.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { bookings } from '../schema';
import { staffEvent, type ActionBase, type ActionPlan } from './booking-actions';

export interface ArrivalAction extends ActionBase {
  /** Today in the desk's calendar: the only day a booking can be checked in or started. */
  today: string;
}

/** Check-in: only a confirmed booking of today that has not arrived yet. */
export function checkInPlan(db: Db, a: ArrivalAction): ActionPlan {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.status} = 'confirmed'
    AND ${bookings.localDate} = ${a.today} AND ${bookings.checkedInAt} IS NULL`;
  return {
    guard,
    event: staffEvent(db, a, guard, 'checked_in', null),
    update: db.update(bookings).set({ checkedInAt: a.now, updatedAt: a.now }).where(guard),
  };
}

/**
 * The meeting began: the person is there, so the booking is attended (a mark already made stays). Only a
 * booking of today not started yet; the event records the status change.
 */
export function startPlan(db: Db, a: ArrivalAction): ActionPlan {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.status} IN ('confirmed', 'attended')
    AND ${bookings.localDate} = ${a.today} AND ${bookings.startedAt} IS NULL`;
  return {
    guard,
    event: staffEvent(db, a, guard, 'started', 'attended'),
    update: db
      .update(bookings)
      .set({
        status: 'attended',
        startedAt: a.now,
        outcomeAt: sql`coalesce(${bookings.outcomeAt}, ${a.now})`,
        updatedAt: a.now,
      })
      .where(guard),
  };
}
