import { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';

/** /api/admin/users (being built). */
export function userRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
