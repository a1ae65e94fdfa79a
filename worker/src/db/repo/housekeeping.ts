import { lt, lte } from 'drizzle-orm';
import { batchByName, rowsOf, totalRowsAffected } from '../batch';
import type { Db } from '../client';
import { rateLimits, sessions } from '../schema';

/**
 * Deletes login sessions expired at `now` and rate-limit counters whose window started before
 * `countersBefore`, in one round trip. Returns how many of each.
 */
export async function deleteExpiredSessionsAndCounters(
  db: Db,
  now: number,
  countersBefore: number,
): Promise<{ sessionsDeleted: number; rateLimitsDeleted: number }> {
  const res = await batchByName(db, {
    sessions: db.delete(sessions).where(lte(sessions.expiresAt, now)).returning({ id: sessions.id }),
    counters: db.delete(rateLimits).where(lt(rateLimits.windowStart, countersBefore)),
  });
  return { sessionsDeleted: rowsOf(res.sessions).length, rateLimitsDeleted: totalRowsAffected(res.counters) };
}
