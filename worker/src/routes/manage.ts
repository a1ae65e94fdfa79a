import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';

/** The manage page /m/<code>. (Filled in by the manage-page work.) */
export function manageRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
