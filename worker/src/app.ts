import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { AppConfig, AppDeps } from './deps';
import type { AppEnv } from './env';
import { isUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from './db/errors';
import { AppError, errorBody, fail } from './errors';
import { failureResponse } from './http/failure';
import { requireHashSecret } from './http/require-secret';
import { consoleLogger } from './lib/log';
import { pickLang } from './i18n';
import { adminRoutes } from './routes/admin';
import { healthRoutes } from './routes/health';
import { icalRoutes } from './routes/ical';
import { manageRoutes } from './routes/manage';
import { publicRoutes } from './routes/public';
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
        c.set('lang', pickLang(c.req.query('lang'), c.req.header('accept-language')));
        c.set('deps', depsOf(c));
        await next();
      })
      // requestId sets c.var.requestId and answers it in X-Request-Id, so a person reporting a problem can quote it.
      .use(requestId({ generator: (c: Context<AppEnv>) => c.var.deps.ids.id() }))
      .use('/api/public/*', (c, next) => publicCors(c.var.deps.config)(c, next))
      .use('/api/admin/*', requireHashSecret)
      .use('/ical/*', requireHashSecret)
      .route('/api/health', healthRoutes)
      .route('/api/public', publicRoutes)
      .route('/m', manageRoutes)
      .route('/api/admin', adminRoutes)
      .route('/api/sms', smsCallbackRoutes)
      .route('/ical', icalRoutes)
      .notFound((c) => c.json(errorBody('not_found', c.get('lang') ?? 'it'), 404))
      .onError((err, c) => {
        const lang = c.get('lang') ?? 'it';
        if (err instanceof AppError) return c.json(errorBody(err.code, lang, err.fields), err.status);
        // Hono's JSON validator throws a 400 for a body that does not parse.
        if (err instanceof HTTPException && err.status === 400) return c.json(errorBody('invalid_json', lang), 400);
        // The deps are missing only when finding them is what failed; the line is logged all the same.
        const log = (c.get('deps') as AppDeps | undefined)?.log ?? consoleLogger();
        // A busy or unreachable database is temporary: say so and when to retry, rather than fail.
        if (isUnavailable(err)) {
          log.warn('database_unavailable', { requestId: c.get('requestId') });
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
            .replace(/\/ical\/[^/]+/, '/ical/:token')
            .replace(/(\/api\/sms\/[^/]+\/status)\/[^/]+/, '$1/:token'),
          name: err instanceof Error ? err.name : typeof err,
        });
        return c.json(errorBody('internal_error', lang), 500);
      })
  );
}

export type App = ReturnType<typeof createApp>;

const corsByConfig = new WeakMap<AppConfig, MiddlewareHandler>();

/** The public API's CORS middleware for a configuration, made once per configuration (one per isolate). */
function publicCors(config: AppConfig): MiddlewareHandler {
  let middleware = corsByConfig.get(config);
  if (!middleware) {
    middleware = cors({
      origin: config.allowedOrigins.includes('*') ? '*' : config.allowedOrigins,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Accept-Language'],
      maxAge: 86400,
      credentials: false,
    });
    corsByConfig.set(config, middleware);
  }
  return middleware;
}
