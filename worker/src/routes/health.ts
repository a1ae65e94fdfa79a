import { Hono } from 'hono';
import type { AppEnv } from '../env';

/** GET /api/health → { ok: true }. */
export function healthRoutes() {
  return new Hono<AppEnv>().get('/', (c) => c.json({ ok: true }));
}
