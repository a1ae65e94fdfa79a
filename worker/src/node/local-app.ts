import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createApp } from '../app';
import type { AppDeps } from '../deps';
import { errorBody } from '../errors';
import { pickLang, t } from '../i18n';
import type { ScheduledEvent, ScheduledReport } from '../jobs/scheduled';
import { renderDemoPage } from './demo-page';
import { headersFor, readHeadersFile } from './static-headers';

export interface LocalAppOptions {
  /** Cron expressions from wrangler.toml; the first is the default of /__scheduled. */
  crons: string[];
  /** The static assets folder (the Worker's [assets] directory). */
  publicDir: string;
  /** Runs the scheduled handler once (serialised with the local cron timers by the caller). */
  runScheduled(event: ScheduledEvent): Promise<ScheduledReport>;
}

/** Paths the Worker answers before looking at assets (wrangler.toml run_worker_first): same order locally. */
const WORKER_FIRST = /^\/(api|m|ical|prenota)(\/|$)/;

/**
 * The local runtime around the real app: the demo page at `/`, `/__scheduled` (as `wrangler dev
 * --test-scheduled` offers), the static assets, and everything else handed to the same createApp the Worker uses.
 */
export function createLocalApp(deps: AppDeps, options: LocalAppOptions) {
  const app = createApp(deps);
  const outer = new Hono();

  // The static files' headers come from public/_headers, as on Cloudflare (the portal's CSP among them).
  const staticHeaders = readHeadersFile(join(options.publicDir, '_headers'));
  outer.use('*', async (c, next) => {
    await next();
    if (WORKER_FIRST.test(c.req.path)) return;
    for (const [name, value] of headersFor(staticHeaders, c.req.path)) c.res.headers.set(name, value);
  });

  outer.get('/', async (c) => {
    const lang = pickLang(c.req.query('lang'), null);
    const page = await renderDemoPage(app, deps.db, deps.clock.now(), lang);
    return c.html(page, 200, { 'Cache-Control': 'no-store' });
  });

  outer.on(['GET', 'POST'], '/__scheduled', async (c) => {
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
    // A page elsewhere must not run the jobs (a far-future run erases personal data). It cannot send the
    // custom header without a CORS preflight, which nothing here answers; a browser also says where it came from.
    if (isCrossSite(c.req.raw) || c.req.header(SCHEDULED_HEADER) !== '1') {
      return c.json(errorBody('forbidden', lang), 403);
    }
    const cron = c.req.query('cron') || options.crons[0] || '*/10 * * * *';
    const timeParam = c.req.query('time');
    let scheduledTime = deps.clock.now();
    if (timeParam !== undefined) {
      if (!/^\d{1,15}$/.test(timeParam)) {
        return c.json(errorBody('invalid_input', lang, { time: t(lang, 'field.invalid') }), 422);
      }
      if (Math.abs(Number(timeParam) - scheduledTime) > SCHEDULED_MAX_SKEW_MS) {
        return c.json(errorBody('invalid_input', lang, { time: t(lang, 'field.scheduled_time_far') }), 422);
      }
      scheduledTime = Number(timeParam);
    }
    if (cron.length > 100) return c.json(errorBody('invalid_input', lang, { cron: t(lang, 'field.invalid') }), 422);
    return c.json(await options.runScheduled({ cron, scheduledTime }));
  });

  // The booking widget: as Cloudflare's assets serve it (public/_headers): an ETag, a short max-age so a new
  // build reaches embedding sites within minutes, and CORS because a module script from another origin needs it.
  outer.get('/widget.js', async (c, next) => {
    const widget = await readWidget(join(options.publicDir, 'widget.js'));
    if (!widget) return next();
    const headers = {
      ETag: widget.etag,
      'Cache-Control': WIDGET_CACHE_CONTROL,
      'Access-Control-Allow-Origin': '*',
      'Content-Type': 'text/javascript; charset=utf-8',
    };
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === widget.etag)) {
      return c.body(null, 304, headers);
    }
    return c.body(widget.body, 200, headers);
  });
  // Cloudflare reads public/_headers as configuration and never serves it; neither do we.
  outer.all('/_headers', (c) => app.fetch(c.req.raw, c.env));

  // Cloudflare serves /admin/ for /admin (auto-trailing-slash); do the same so relative URLs in the portal resolve.
  outer.get('/admin', (c, next) => (isDir(join(options.publicDir, 'admin')) ? c.redirect('/admin/', 308) : next()));

  const assets = serveStatic({ root: options.publicDir });
  outer.use('*', (c, next) =>
    WORKER_FIRST.test(c.req.path) || !existsSync(options.publicDir) ? next() : assets(c, next),
  );

  outer.all('*', (c) => app.fetch(c.req.raw, c.env));
  return outer;
}

/** The request header /__scheduled requires (PRODUCT.md, "Running it locally"). */
export const SCHEDULED_HEADER = 'X-Sportello-Scheduled';

/** /__scheduled runs the jobs at most this far from the wall clock, either way. */
const SCHEDULED_MAX_SKEW_MS = 60 * 86_400_000;

/** True when a browser says the request comes from another site (Sec-Fetch-Site, or an Origin not our own). */
function isCrossSite(req: Request): boolean {
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.get('origin');
  return origin !== null && origin !== new URL(req.url).origin;
}

/** Same header as public/_headers gives widget.js on Cloudflare. */
export const WIDGET_CACHE_CONTROL = 'public, max-age=300, must-revalidate';

let widgetCache: { key: string; body: Uint8Array<ArrayBuffer>; etag: string } | undefined;

/** widget.js with a content-hash ETag; re-read only when the file changes (a rebuild while running). */
async function readWidget(path: string): Promise<{ body: Uint8Array<ArrayBuffer>; etag: string } | undefined> {
  let key: string;
  try {
    const st = statSync(path);
    key = `${path}:${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
  if (widgetCache?.key !== key) {
    const body = new Uint8Array(await readFile(path));
    widgetCache = { key, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  }
  return widgetCache;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
