import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { renderedOnce } from '../prepared';
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
  return db.all<{ count: number }>(bump({ key, windowStart }));
}

/** Rendered once (db/prepared.ts): every public request bumps a counter. */
const bump = renderedOnce<{ key: string; windowStart: number }>('rate limit', () => {
  const [key, windowStart, count] = [rateLimits.key, rateLimits.windowStart, rateLimits.count].map((c) =>
    sql.identifier(c.name),
  );
  return sql`insert into ${rateLimits} (${key}, ${windowStart}, ${count})
    values (${sql.placeholder('key')}, ${sql.placeholder('windowStart')}, 1)
    on conflict (${key}, ${windowStart}) do update set ${count} = ${rateLimits.count} + 1
    returning ${count}`;
});
