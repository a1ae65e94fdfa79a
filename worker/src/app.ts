import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AppDeps } from './deps';
import type { AppEnv } from './env';
import { AppError, errorBody } from './errors';
import { pickLang } from './i18n';
import { adminRoutes } from './routes/admin';
import { healthRoutes } from './routes/health';
import { icalRoutes } from './routes/ical';
import { manageRoutes } from './routes/manage';
import { publicRoutes } from './routes/public';
import { smsCallbackRoutes } from './routes/sms-callbacks';

/** Builds the whole HTTP app from injected dependencies. The Worker and the Node entry both call this. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    c.set('requestId', deps.ids.id());
    c.set('lang', pickLang(c.req.query('lang'), c.req.header('accept-language')));
    await next();
  });

  app.use(
    '/api/public/*',
    cors({
      origin: deps.config.allowedOrigins.includes('*') ? '*' : deps.config.allowedOrigins,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Accept-Language'],
      maxAge: 86400,
      credentials: false,
    }),
  );

  app.route('/api/health', healthRoutes());
  app.route('/api/public', publicRoutes(deps));
  app.route('/m', manageRoutes(deps));
  app.route('/api/admin', adminRoutes(deps));
  app.route('/api/sms', smsCallbackRoutes(deps));
  app.route('/ical', icalRoutes(deps));

  app.notFound((c) => c.json(errorBody('not_found', c.get('lang') ?? 'it'), 404));

  app.onError((err, c) => {
    const lang = c.get('lang') ?? 'it';
    if (err instanceof AppError) return c.json(errorBody(err.code, lang, err.fields), err.status);
    // Never leak internals; the request id ties the log line to the report.
    deps.log.error('unhandled_error', {
      requestId: c.get('requestId'),
      path: new URL(c.req.url).pathname.replace(/\/m\/[^/]+/, '/m/:code').replace(/\/ical\/[^/]+/, '/ical/:token'),
      name: err instanceof Error ? err.name : typeof err,
    });
    return c.json(errorBody('internal_error', lang), 500);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
