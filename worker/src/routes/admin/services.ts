import { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';

/** /api/admin/services (being built). */
export function serviceRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
