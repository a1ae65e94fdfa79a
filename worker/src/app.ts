import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { AppConfig, AppDeps } from './deps';
import type { AppEnv } from './env';
import { describeDatabaseError, isUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from './db/errors';
import { AppError, errorBody, fail } from './errors';
import { failureResponse } from './http/failure';
import { isOriginAllowed, originOf } from './http/origins';
import { unsafeQueryFields } from './validation/text';
import { requireHashSecret } from './http/require-secret';
import { consoleLogger } from './lib/log';
import { pickLang } from './i18n';
import { adminRoutes } from './routes/admin';
import { bookingPageRoutes } from './routes/booking-page';
import { healthRoutes } from './routes/health';
import { icalRoutes } from './routes/ical';
import { manageRoutes } from './routes/manage';
import { keptAvailability, publicRoutes } from './routes/public';
import { publicWaitlistRoutes } from './routes/waitlist';
import { waitlistPageRoutes } from './routes/waitlist-page';
import { smsCallbackRoutes } from './routes/sms-callbacks';

/** How the app finds the dependencies of the request at hand (the Worker: built per request from its bindings). */
export type DepsOf = (c: Context<AppEnv>) => AppDeps;

/**
 * Builds the whole HTTP app, once: the Worker per isolate, Node per process. Each request's dependencies
 * come from `deps` (a function of the request, or one fixed set, as Node and the tests have) and reach
 * handlers as `c.var.deps`.
 * Staff and feed routes are keyed by HASH_SECRET: without it they refuse (503) rather than use a known constant.
 */
export function createApp(deps: AppDeps | DepsOf) {
  const depsOf: DepsOf = typeof deps === 'function' ? deps : () => deps;
  // One chain, so the exported App type carries every route and the portal's client is derived from it.
  return (
    new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set('deps', depsOf(c));
        await next();
      })
      .use('/api/public/*', (c, next) => publicCors(c.var.deps.config)(c, next))
      // A repeat of an availability query answered before: served before the rest (routes/public.ts).
      .use('/api/public/availability', keptAvailability)
      .use(async (c, next) => {
        c.set('lang', pickLang(c.req.query('lang'), c.req.header('accept-language')));
        await next();
      })
      // requestId sets c.var.requestId and answers it in X-Request-Id, so a person reporting a problem can quote it.
      .use(requestId({ generator: (c: Context<AppEnv>) => c.var.deps.ids.id() }))
      // Query strings keep the rule every text input keeps (validation/text.ts), whatever the route reads.
      .use(async (c, next) => {
        const fields = unsafeQueryFields(c.req.url, c.get('lang'));
        if (fields) return failureResponse(c, fail('invalid_input', fields), c.get('lang'));
        await next();
      })
      .use('/api/admin/*', requireHashSecret)
      .use('/ical/*', requireHashSecret)
      .route('/api/health', healthRoutes)
      .route('/api/public', publicRoutes)
      .route('/api/public/waitlist', publicWaitlistRoutes)
      .route('/m', manageRoutes)
      .route('/w', waitlistPageRoutes)
      .route('/prenota', bookingPageRoutes)
      .route('/api/admin', adminRoutes)
      .route('/api/sms', smsCallbackRoutes)
      .route('/ical', icalRoutes)
      .notFound((c) => c.json(errorBody('not_found', c.get('lang') ?? 'it'), 404))
      .onError((err, c) => {
        // A failure before the language was read (keptAvailability runs first) is still answered in the client's.
        const lang = c.get('lang') ?? pickLang(c.req.query('lang'), c.req.header('accept-language'));
        if (err instanceof AppError) return c.json(errorBody(err.code, lang, err.fields), err.status);
        // Hono's JSON validator throws a 400 for a body that does not parse.
        if (err instanceof HTTPException && err.status === 400) return c.json(errorBody('invalid_json', lang), 400);
        // The deps are missing only when finding them is what failed; the line is logged all the same.
        const deps = c.get('deps') as AppDeps | undefined;
        const log = deps?.log ?? consoleLogger();
        // A failure on keptAvailability's short way comes before requestId ran: the id to quote is made here.
        if (c.get('requestId') === undefined && deps) {
          c.set('requestId', deps.ids.id());
          c.header('X-Request-Id', c.get('requestId'));
        }
        // The real cause below drizzle's "Failed query: …" (a refused token, an unreachable host), without SQL or values.
        const cause = describeDatabaseError(err, deps?.config.database).message;
        // A busy or unreachable database is temporary: say so and when to retry, rather than fail.
        if (isUnavailable(err)) {
          log.warn('database_unavailable', { requestId: c.get('requestId'), cause });
          return failureResponse(
            c,
            { ...fail('unavailable'), retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
            lang,
          );
        }
        // Never leak internals; the request id ties the log line to the report.
        log.error('unhandled_error', {
          requestId: c.get('requestId'),
          path: new URL(c.req.url).pathname
            .replace(/\/m\/[^/]+/, '/m/:code')
            .replace(/\/w\/[^/]+/, '/w/:code')
            .replace(/\/ical\/[^/]+/, '/ical/:token')
            .replace(/(\/api\/sms\/[^/]+\/status)\/[^/]+/, '$1/:token'),
          name: err instanceof Error ? err.name : typeof err,
          ...(err instanceof Error && cause !== err.name ? { cause } : {}),
        });
        return c.json(errorBody('internal_error', lang), 500);
      })
  );
}

export type App = ReturnType<typeof createApp>;

const corsByConfig = new WeakMap<AppConfig, MiddlewareHandler>();

/** Refused origins logged per isolate at most: a client inventing origins can fill neither the log nor memory. */
export const MAX_LOGGED_REFUSED_ORIGINS = 100;

/**
 * The public API's CORS middleware for a configuration, made once per configuration (one per isolate).
 * Origins are compared normalised (http/origins.ts). A browser call from an origin that is not allowed is
 * logged once per origin (an origin names a website, not a person): without it a widget embedded on a
 * site missing from ALLOWED_ORIGINS fails in the visitor's browser and nowhere else.
 *
 * Preflights go to Hono's `cors`. Other requests get their two headers on the route's own response, after
 * it is made: Hono's `cors` writes them on a placeholder response first, and the route's response is then
 * copied onto it body stream and all, which costs every public answer a second Response.
 */
function publicCors(config: AppConfig): MiddlewareHandler {
  let middleware = corsByConfig.get(config);
  if (!middleware) {
    const allowed = { any: config.allowedOrigins.includes('*'), origins: config.allowedOrigins };
    // The deployment's own pages (the demo page, the portal) call the API from its own origin: no CORS needed.
    const own = originOf(config.publicBaseUrl);
    const logged = new Set<string>();
    const allowOrigin = (origin: string, c: Context<AppEnv>): string | null => {
      if (!origin) return null;
      if (isOriginAllowed(allowed, origin)) return origin;
      if (origin !== own && origin !== originOf(c.req.url) && !logged.has(origin)) {
        if (logged.size < MAX_LOGGED_REFUSED_ORIGINS) {
          logged.add(origin);
          c.var.deps.log.warn('origin_refused', { origin: origin.slice(0, 200) });
        }
      }
      return null;
    };
    const preflight = cors({
      origin: allowed.any ? '*' : allowOrigin,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Accept-Language'],
      maxAge: 86400,
      credentials: false,
    });
    middleware = async (c, next) => {
      if (c.req.method === 'OPTIONS') return preflight(c, next);
      await next();
      const origin = allowed.any ? '*' : allowOrigin(c.req.header('origin') ?? '', c);
      const headers = { set: origin, vary: !allowed.any };
      try {
        withCorsHeaders(c.res.headers, headers);
      } catch {
        // Headers that cannot change (a response passed through from fetch or a redirect): on a copy.
        c.res = new Response(c.res.body, c.res);
        withCorsHeaders(c.res.headers, headers);
      }
    };
    corsByConfig.set(config, middleware);
  }
  return middleware;
}

function withCorsHeaders(headers: Headers, cors: { set: string | null; vary: boolean }): void {
  if (cors.set) headers.set('Access-Control-Allow-Origin', cors.set);
  if (cors.vary) headers.append('Vary', 'Origin');
}
