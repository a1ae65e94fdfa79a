/**
 * The SQL of storage limitation (GDPR art. 5(1)(e)): clearing accessibility needs past their period, and
 * listing and erasing bookings past the personal-data period. The cutoffs come from domain/retention.ts.
 */
import { and, asc, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { batchByName, rowsOf, totalRowsAffected } from '../batch';
import type { Db } from '../client';
import { bookings } from '../schema';
import { erasePersonalDataStatements } from './people';
import { eraseEntriesStatements, entriesPastRetention } from '../../waitlist/store';

/**
 * In ONE batch: clears the accessibility needs (the interpreter's language with them, and their consent time) of appointments that ended before
 * `needsCutoff`, each with an 'accessibility_erased' event, and lists up to `limit` bookings that ended
 * before `dataCutoff` and are not erased yet.
 */
export async function clearNeedsAndListExpired(
  db: Db,
  q: { now: number; needsCutoff: number; dataCutoff: number; limit: number },
): Promise<{ accessibilityErased: number; dueIds: string[] }> {
  // start_at first: it is indexed, and an appointment never ends before it starts.
  const needsDue = and(
    lt(bookings.startAt, q.needsCutoff),
    lt(bookings.endAt, q.needsCutoff),
    or(
      isNotNull(bookings.accessibilityNeeds),
      isNotNull(bookings.interpreterLanguage),
      eq(bookings.longAppointment, true),
    ),
  );
  const res = await batchByName(db, {
    // Before the UPDATE, so it sees which rows still hold needs.
    events: db.run(sql`
      INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
      SELECT ${bookings.id}, ${q.now}, 'system', NULL, 'accessibility_erased', NULL, NULL, NULL
      FROM ${bookings} WHERE ${needsDue}`),
    needs: db
      .update(bookings)
      .set({
        accessibilityNeeds: null,
        interpreterLanguage: null,
        longAppointment: false,
        accessibilityConsentAt: null,
        updatedAt: q.now,
      })
      .where(needsDue),
    due: db
      .select({ id: bookings.id })
      .from(bookings)
      .where(and(lt(bookings.startAt, q.dataCutoff), lt(bookings.endAt, q.dataCutoff), isNull(bookings.erasedAt)))
      .orderBy(asc(bookings.startAt), asc(bookings.id))
      .limit(q.limit),
    // Waitlist entries past the same period are erased here and now, as bookings are.
    waitlist: eraseEntriesStatements(db, entriesPastRetention(q.dataCutoff), q.now),
  });
  return {
    accessibilityErased: totalRowsAffected(res.needs),
    dueIds: rowsOf<{ id: string }>(res.due).map((d) => d.id),
  };
}

/** Erases the personal data of the given bookings in one batch, as the system (no round trip for none). */
export async function eraseBookingsBySystem(db: Db, ids: readonly string[], now: number): Promise<void> {
  await batchByName(db, { erase: erasePersonalDataStatements(db, ids, now, { type: 'system', id: null }) });
}
