import { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';

/** /api/admin/messages (being built). */
export function messageRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
