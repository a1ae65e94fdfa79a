import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';

/** The widget's contract: desk, availability, requests. (Filled in by the public API work.) */
export function publicRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
