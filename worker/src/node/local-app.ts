import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createApp } from '../app';
import type { AppDeps } from '../deps';
import { errorBody } from '../errors';
import { pickLang, t } from '../i18n';
import type { ScheduledEvent, ScheduledReport } from '../jobs/scheduled';
import { renderDemoPage } from './demo-page';

export interface LocalAppOptions {
  /** Cron expressions from wrangler.toml; the first is the default of /__scheduled. */
  crons: string[];
  /** The static assets folder (the Worker's [assets] directory). */
  publicDir: string;
  /** Runs the scheduled handler once (serialised with the local cron timers by the caller). */
  runScheduled(event: ScheduledEvent): Promise<ScheduledReport>;
}

/** Paths the Worker answers before looking at assets (wrangler.toml run_worker_first): same order locally. */
const WORKER_FIRST = /^\/(api|m|ical)(\/|$)/;

/**
 * The local runtime around the real app: the demo page at `/`, `/__scheduled` (as `wrangler dev
 * --test-scheduled` offers), the static assets, and everything else handed to the same createApp the Worker uses.
 */
export function createLocalApp(deps: AppDeps, options: LocalAppOptions) {
  const app = createApp(deps);
  const outer = new Hono();

  outer.get('/', async (c) => {
    const lang = pickLang(c.req.query('lang'), null);
    const page = await renderDemoPage(app, deps.db, deps.clock.now(), lang);
    return c.html(page, 200, { 'Cache-Control': 'no-store' });
  });

  outer.get('/__scheduled', async (c) => {
    const lang = pickLang(c.req.query('lang'), c.req.header('accept-language'));
    const cron = c.req.query('cron') || options.crons[0] || '*/10 * * * *';
    const timeParam = c.req.query('time');
    let scheduledTime = deps.clock.now();
    if (timeParam !== undefined) {
      if (!/^\d{1,15}$/.test(timeParam)) {
        return c.json(errorBody('invalid_input', lang, { time: t(lang, 'field.invalid') }), 422);
      }
      scheduledTime = Number(timeParam);
    }
    if (cron.length > 100) return c.json(errorBody('invalid_input', lang, { cron: t(lang, 'field.invalid') }), 422);
    return c.json(await options.runScheduled({ cron, scheduledTime }));
  });

  // Cloudflare serves /admin/ for /admin (auto-trailing-slash); do the same so relative URLs in the portal resolve.
  outer.get('/admin', (c, next) => (isDir(join(options.publicDir, 'admin')) ? c.redirect('/admin/', 308) : next()));

  const assets = serveStatic({ root: options.publicDir });
  outer.use('*', (c, next) =>
    WORKER_FIRST.test(c.req.path) || !existsSync(options.publicDir) ? next() : assets(c, next),
  );

  outer.all('*', (c) => app.fetch(c.req.raw, c.env));
  return outer;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
