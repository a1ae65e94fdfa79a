import { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';

/** /api/admin/settings (being built). */
export function settingsRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
