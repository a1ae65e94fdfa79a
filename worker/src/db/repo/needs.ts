/** The statements of a change to a booking's needs (accessibility needs, a longer appointment, an interpreter). */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { bookings } from '../schema';
import { staffEvent, type ActionBase, type ActionPlan } from './booking-actions';

/** The needs as they will be; `endAt` moves with a longer (or no longer long) appointment. */
export interface NeedsAction extends ActionBase {
  /** The row as it was read (compare-and-swap): any change since, by anyone, makes this one stale. */
  fromUpdatedAt: number;
  accessibilityNeeds: string | null;
  longAppointment: boolean;
  interpreterLanguage: string | null;
  /** When the person consented to their needs being kept; null once none is kept. */
  accessibilityConsentAt: number | null;
  endAt: number;
  /** The names of the fields that change, for the audit (never their values: they are special-category data). */
  changed: string[];
}

/**
 * Sets the booking's needs. A changed end meets the triggers on end_at: the overlap check of drizzle/0001
 * refuses a longer appointment that runs into the next one, drizzle/0005 raises the calendar sequence and
 * drizzle/0013 the availability version.
 * An erased booking keeps nothing to change.
 */
export function needsPlan(db: Db, a: NeedsAction): ActionPlan {
  const guard = sql`${bookings.id} = ${a.bookingId} AND ${bookings.updatedAt} = ${a.fromUpdatedAt}
    AND ${bookings.erasedAt} IS NULL`;
  // Which fields changed, never what they hold (the needs are special-category data).
  const data = sql`${JSON.stringify({ changed: a.changed })}`;
  return {
    guard,
    event: staffEvent(db, a, guard, 'needs_changed', null, data),
    update: db
      .update(bookings)
      .set({
        accessibilityNeeds: a.accessibilityNeeds,
        longAppointment: a.longAppointment,
        interpreterLanguage: a.interpreterLanguage,
        accessibilityConsentAt: a.accessibilityConsentAt,
        endAt: a.endAt,
        updatedAt: a.now,
      })
      .where(guard),
  };
}
