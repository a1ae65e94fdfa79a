import { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';

/** /api/admin/bookings (being built). */
export function bookingRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
