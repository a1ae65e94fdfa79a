import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { AppDeps } from './deps';
import type { AppEnv } from './env';
import { isUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from './db/errors';
import { AppError, errorBody, fail } from './errors';
import { failureResponse } from './http/failure';
import { requireHashSecret } from './http/require-secret';
import { pickLang } from './i18n';
import { adminRoutes } from './routes/admin';
import { healthRoutes } from './routes/health';
import { icalRoutes } from './routes/ical';
import { manageRoutes } from './routes/manage';
import { publicRoutes } from './routes/public';
import { smsCallbackRoutes } from './routes/sms-callbacks';

/**
 * Builds the whole HTTP app from injected dependencies. The Worker and the Node entry both call this.
 * Staff and feed routes are keyed by HASH_SECRET: without it they refuse (503) rather than use a known constant.
 */
export function createApp(deps: AppDeps) {
  // One chain, so the exported App type carries every route and the portal's client is derived from it.
  // requestId sets c.var.requestId and answers it in X-Request-Id, so a person reporting a problem can quote it.
  return new Hono<AppEnv>()
    .use(requestId({ generator: () => deps.ids.id() }))
    .use(async (c, next) => {
      c.set('lang', pickLang(c.req.query('lang'), c.req.header('accept-language')));
      await next();
    })
    .use(
      '/api/public/*',
      cors({
        origin: deps.config.allowedOrigins.includes('*') ? '*' : deps.config.allowedOrigins,
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Accept-Language'],
        maxAge: 86400,
        credentials: false,
      }),
    )
    .use('/api/admin/*', requireHashSecret(deps))
    .use('/ical/*', requireHashSecret(deps))
    .route('/api/health', healthRoutes(deps))
    .route('/api/public', publicRoutes(deps))
    .route('/m', manageRoutes(deps))
    .route('/api/admin', adminRoutes(deps))
    .route('/api/sms', smsCallbackRoutes(deps))
    .route('/ical', icalRoutes(deps))
    .notFound((c) => c.json(errorBody('not_found', c.get('lang') ?? 'it'), 404))
    .onError((err, c) => {
      const lang = c.get('lang') ?? 'it';
      if (err instanceof AppError) return c.json(errorBody(err.code, lang, err.fields), err.status);
      // Hono's JSON validator throws a 400 for a body that does not parse.
      if (err instanceof HTTPException && err.status === 400) return c.json(errorBody('invalid_json', lang), 400);
      // A busy or unreachable database is temporary: say so and when to retry, rather than fail.
      if (isUnavailable(err)) {
        deps.log.warn('database_unavailable', { requestId: c.get('requestId') });
        return failureResponse(c, { ...fail('unavailable'), retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS }, lang);
      }
      // Never leak internals; the request id ties the log line to the report.
      deps.log.error('unhandled_error', {
        requestId: c.get('requestId'),
        path: new URL(c.req.url).pathname
          .replace(/\/m\/[^/]+/, '/m/:code')
          .replace(/\/ical\/[^/]+/, '/ical/:token')
          .replace(/(\/api\/sms\/[^/]+\/status)\/[^/]+/, '$1/:token'),
        name: err instanceof Error ? err.name : typeof err,
      });
      return c.json(errorBody('internal_error', lang), 500);
    });
}

export type App = ReturnType<typeof createApp>;
