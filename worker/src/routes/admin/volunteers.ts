import { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';

/** /api/admin/volunteers (being built). */
export function volunteerRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
