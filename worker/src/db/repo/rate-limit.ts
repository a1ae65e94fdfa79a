import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rateLimits } from '../schema';

const HOUR = 3_600_000;

/** A fixed one-hour window: the start of the window that contains `now`, and seconds until it ends. */
export function hourWindow(now: number): { windowStart: number; retryAfterSeconds: number } {
  const windowStart = Math.floor(now / HOUR) * HOUR;
  return { windowStart, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + HOUR - now) / 1000)) };
}

/**
 * The statement that counts one more hit on `key` in its window and returns the new count.
 * Returned unexecuted so callers put it in the same db.batch as their reads (one round trip).
 * Old windows are deleted by the housekeeping cron job.
 */
export function bumpRateLimit(db: Db, key: string, windowStart: number) {
  return db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ count: rateLimits.count });
}
