/**
 * Staff and iCal routes need HASH_SECRET: it keys the feed tokens and the sign-in counters. Without it the
 * Worker used to fall back to a constant anyone can read in this repository, which let feed tokens be
 * computed offline. Now those routes answer 503 `unavailable` and the log says what to set.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { fail } from '../errors';
import { failureResponse } from './failure';

/** Refuses the request with 503 (and one clear log line) while HASH_SECRET is not configured. */
export const requireHashSecret: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { config, log } = c.var.deps;
  if (!config.hashSecret) {
    log.error('hash_secret_missing', {
      requestId: c.get('requestId'),
      problem:
        'HASH_SECRET is not set: staff and iCal routes are refused. Set it with `wrangler secret put HASH_SECRET` (32+ random bytes).',
    });
    return failureResponse(c, fail('unavailable'));
  }
  await next();
};
