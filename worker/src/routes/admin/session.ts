import { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';

/** /api/admin/session (being built). */
export function sessionRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
