import { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';

/** /api/admin/people (being built). */
export function peopleRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
