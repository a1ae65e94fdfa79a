import { and, asc, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import { batchByName, rowsOf, totalRowsAffected } from '../batch';
import type { Db } from '../client';
import { nameKey } from '../../domain/person-search';
import { bookings, rateLimits, sessions } from '../schema';

/**
 * Deletes login sessions expired at `now` and rate-limit counters whose window started before
 * `countersBefore`, and lists up to `pendingNames` bookings whose name has no search key yet (written
 * before migration 0009), in one round trip. The list reads the partial index bookings_name_key_pending:
 * once the backlog is gone it reads nothing.
 */
export async function deleteExpiredAndListPendingNames(
  db: Db,
  now: number,
  countersBefore: number,
  pendingNames: number,
): Promise<{ sessionsDeleted: number; rateLimitsDeleted: number; pending: PendingName[] }> {
  const res = await batchByName(db, {
    sessions: db.delete(sessions).where(lte(sessions.expiresAt, now)).returning({ id: sessions.id }),
    counters: db.delete(rateLimits).where(lt(rateLimits.windowStart, countersBefore)),
    pending: db
      .select({ id: bookings.id, personName: bookings.personName })
      .from(bookings)
      .where(and(isNull(bookings.nameKey), isNotNull(bookings.personName)))
      .orderBy(asc(bookings.id))
      .limit(pendingNames),
  });
  return {
    sessionsDeleted: rowsOf(res.sessions).length,
    rateLimitsDeleted: totalRowsAffected(res.counters),
    pending: rowsOf<PendingName>(res.pending),
  };
}

/** A booking whose name waits for its search key. */
export interface PendingName {
  id: string;
  personName: string;
}

/**
 * Writes the search key of each listed booking, in one statement (one round trip; none for an empty
 * list). The booking's updated_at stays: nothing about the appointment changed. Only where the key is still missing and the name is still the one that was folded: a booking
 * erased (or renamed) since it was listed keeps what it has now. Returns how many keys were written.
 */
export async function writeNameKeys(db: Db, pending: readonly PendingName[]): Promise<number> {
  const rows = pending.map((p) => [p.id, p.personName, nameKey(p.personName)]);
  if (rows.length === 0) return 0;
  const res = await db.run(sql`
    UPDATE ${bookings} SET name_key = json_extract(j.value, '$[2]')
    FROM json_each(${JSON.stringify(rows)}) AS j
    WHERE ${bookings.id} = json_extract(j.value, '$[0]') AND ${bookings.nameKey} IS NULL
      AND ${bookings.personName} = json_extract(j.value, '$[1]')`);
  return res.rowsAffected;
}
