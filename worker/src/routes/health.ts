import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { describeDatabaseError } from '../db/errors';
import type { AppEnv } from '../env';

/**
 * GET /api/health → `200 { ok: true }` only when the database answers a query, else `503 { ok: false }`:
 * a monitor (or the person embedding the widget) learns that the service cannot book, not just that the
 * Worker is up. One round trip; nothing is read.
 */
export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { deps } = c.var;
  c.header('Cache-Control', 'no-store');
  try {
    await deps.db.run(sql`select 1`);
    return c.json({ ok: true as const }, 200);
  } catch (err) {
    deps.log.warn('health_database_unreachable', {
      requestId: c.get('requestId'),
      name: err instanceof Error ? err.name : typeof err,
      // "authentication failed (HTTP 401): check TURSO_AUTH_TOKEN", "cannot reach the database at …"
      cause: describeDatabaseError(err, deps.config.database).message,
    });
    return c.json({ ok: false as const }, 503);
  }
});
