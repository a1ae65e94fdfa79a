import { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';

/** /api/admin/dashboard (being built). */
export function dashboardRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
