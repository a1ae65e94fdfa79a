import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { originOf } from '../http/origins';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing staff requests that a browser sent from another site (403 forbidden). The
 * session cookie is SameSite=Strict already; this is the second lock, and the one that holds for
 * same-site but cross-origin pages. A request with an Origin must come from the API's own origin or the
 * configured public one; without Origin, Sec-Fetch-Site must not say cross-site. Clients that send
 * neither header are not browsers, and CSRF needs a browser.
 *
 * Why not `hono/csrf`: the installed build checks only bodies a plain HTML form can send (urlencoded,
 * multipart, text/plain), so a cross-site JSON login would pass, and it refuses a request that carries
 * neither Origin nor Sec-Fetch-Site (a script or the CLI, which we accept); it also lets a trusted
 * Sec-Fetch-Site outvote a foreign Origin, and answers with a plain-text 403 rather than our error body.
 */
export const csrfMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      const allowed = origin === originOf(c.req.url) || origin === originOf(c.var.deps.config.publicBaseUrl);
      if (!allowed) throw new AppError('forbidden');
    } else {
      const site = c.req.header('sec-fetch-site');
      if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new AppError('forbidden');
    }
  }
  await next();
};
