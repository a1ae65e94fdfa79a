import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';

/** Reads the session cookie and sets c.var.staff when it names a live session (being built). */
export function sessionMiddleware(_deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (_c, next) => {
    await next();
  };
}
