import { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';

/** /api/admin/closures (being built). */
export function closureRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
