/**
 * The widget's figures for npm run bench, measured in Debian's headless Chromium against a local server:
 * what JavaScript it costs to load and how long until the first slot can be pressed.
 */
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { LANGUAGES } from '../../worker/src/domain/vocabulary';
import { buildWidget } from '../e2e/build-widget';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { hostPageUrl, launchBrowser, newPage, SERVICES, type HostPageOptions } from '../e2e/harness';
import { WidgetUi } from '../e2e/widget-ui';

const RUNS = 5;
const STEP_TIMEOUT_MS = 20_000;

export interface WidgetFigures {
  /** gzip -9 of every script the page loaded from the widget's origin before any interaction. */
  widget_js_gzip_bytes: number;
  widget_js_raw_bytes: number;
  widget_js_files: number;
  /** The largest gzip -9 of what the widget fetches when a language beyond Italian and English is picked. */
  widget_catalog_max_gzip_bytes: number;
  /** The same, per language. */
  widget_catalog_gzip_bytes: Record<string, number>;
  /**
   * Median, navigation start to the first slot button visible (service and mode preselected by attributes; the
   * first free day's times show with the days, so no click).
   */
  widget_first_slots_ms: number;
  widget_first_slots_runs_ms: number[];
  /** Median, navigation start to the day buttons visible (the same moment, now that they share a view). */
  widget_first_days_ms: number;
  /**
   * The same as widget_first_slots_ms on a slow mobile network (CDP throttling: 400 kbps each way, 400 ms
   * round trip), the page carrying the README's preconnect and modulepreload lines.
   */
  widget_first_slots_slow_ms: number;
  widget_first_slots_slow_runs_ms: number[];
  /** The same, a page with the script tag alone (no preconnect, no modulepreload). */
  widget_first_slots_slow_plain_ms: number;
}

/** The slow network of issue 16: a cheap phone on a poor mobile connection. */
const SLOW_NETWORK = {
  offline: false,
  latency: 400,
  downloadThroughput: (400 * 1000) / 8,
  uploadThroughput: (400 * 1000) / 8,
};

interface FirstSlots {
  median: number;
  runs: number[];
  daysMedian: number;
  /** The last run's requests, from the page's own clock. */
  waterfall: string[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Records each request of a page load as Chromium saw it: `<path> <start>→<end>` in ms from the start of the
 * navigation (Playwright's request timing; the page's own Performance entries are frozen by the test clock).
 */
function recordWaterfall(page: Page): () => string[] {
  const done: { start: number; end: number; name: string }[] = [];
  page.on('requestfinished', (req) => {
    const t = req.timing();
    const u = new URL(req.url());
    const name = u.pathname === '/' ? 'host page' : `${u.pathname.replace(/^\/api\/public\//, '')}${u.search}`;
    done.push({ start: t.startTime, end: t.startTime + t.responseEnd, name });
  });
  return () => {
    const t0 = Math.min(...done.map((d) => d.start));
    return done
      .sort((a, b) => a.start - b.start)
      .map((d) => `${d.name} ${Math.round(d.start - t0)}→${Math.round(d.end - t0)}`);
  };
}

/** The widget's API and host page from a process of their own (widget-server.ts). */
async function widgetServerProcess() {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./widget-server.ts', import.meta.url))],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the widget server did not start within 60 s')), 60_000);
      createInterface({ input: child.stdout }).once('line', (l) => {
        clearTimeout(timer);
        resolve(l);
      });
      child.once('exit', (code) => reject(new Error(`the widget server exited (${code}) before it started`)));
    });
    const { apiOrigin, hostOrigin } = JSON.parse(line) as { apiOrigin: string; hostOrigin: string };
    return {
      apiOrigin,
      hostPage: (opts?: HostPageOptions) => hostPageUrl(hostOrigin, opts),
      async close() {
        child.stdin.end();
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        child.kill();
      },
    };
  } catch (err) {
    child.kill();
    throw err;
  }
}

/** Measures the widget, built first from the sources as they are. */
export async function widgetFigures(log: (s: string) => void): Promise<WidgetFigures> {
  // Always from the sources as they are: a build left from an earlier checkout would be measured instead.
  log('widget: building public/widget.js and its chunks');
  await buildWidget();
  const server = await widgetServerProcess();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();

    // Size: a plain embed (no attributes), every script from the API origin until the network is quiet.
    const page = await newPage(browser);
    const scripts = new Map<string, Promise<Buffer>>();
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script' && new URL(res.url()).origin === server.apiOrigin)
        scripts.set(res.url(), res.body());
    });
    const ui = new WidgetUi(page, 'it');
    await page.goto(server.hostPage(), { waitUntil: 'networkidle', timeout: STEP_TIMEOUT_MS });
    await ui.heading('service').waitFor({ timeout: STEP_TIMEOUT_MS });
    let gz = 0;
    let raw = 0;
    for (const [url, body] of scripts) {
      const b = await body;
      const z = gzipSync(b, { level: 9 }).length;
      raw += b.length;
      gz += z;
      log(`widget: script ${new URL(url).pathname}: ${b.length} bytes, ${z} gzip -9`);
    }
    const firstFiles = scripts.size;
    if (firstFiles === 0) throw new Error('the page loaded no script from the API origin');
    log(
      `widget: JavaScript before the first interaction: ${scripts.size} file(s), ${raw} bytes, ${gz} bytes gzip -9 (target ≤ 20000)`,
    );

    // Each other language, picked on the switch: what it fetches (its catalog, its own chunk).
    const catalogs: Record<string, number> = {};
    for (const lang of LANGUAGES.filter((l) => l !== 'it' && l !== 'en')) {
      const before = new Set(scripts.keys());
      await ui.host.locator(`button[lang="${lang}"]`).click();
      await page.waitForFunction(
        (l) => document.querySelector('sportello-booking')?.shadowRoot?.querySelector(`.wrap[lang="${l}"]`),
        lang,
        { timeout: STEP_TIMEOUT_MS },
      );
      let bytes = 0;
      for (const [url, body] of scripts) if (!before.has(url)) bytes += gzipSync(await body, { level: 9 }).length;
      catalogs[lang] = bytes;
    }
    await page.context().close();
    const catalogMax = Math.max(...Object.values(catalogs));
    log(
      `widget: each other language's catalog, gzip -9 (target ≤ 2500): ${Object.entries(catalogs)
        .map(([l, b]) => `${l} ${b}`)
        .join(', ')}`,
    );

    // Time to the first slot, service and mode preselected with attributes: unthrottled, then on the slow
    // network with and without the README's preload lines.
    const attrs = { service: SERVICES.guidance.id, mode: 'in_person' };
    const fast = await firstSlots(browser, server.hostPage({ attrs }), false);
    log(
      `widget: navigation to the first slot button visible (headless Chromium, local server, cold cache, attributes service="${SERVICES.guidance.id}" mode="in_person"; the first day's times show with the days, no click): median ${fast.median} ms of ${RUNS} [${fast.runs.join(', ')}] (target ≤ 400); to the days (no click): median ${fast.daysMedian} ms`,
    );
    log(`widget: last run's requests (ms from navigation start, start→end): ${fast.waterfall.join(', ')}`);
    const slow = await firstSlots(browser, server.hostPage({ attrs, preload: true }), true);
    const plain = await firstSlots(browser, server.hostPage({ attrs }), true);
    log(
      `widget: the same on a slow network (400 kbps, 400 ms round trip), page with preconnect + modulepreload: median ${slow.median} ms of ${RUNS} [${slow.runs.join(', ')}] (target ≤ 2500); to the days: ${slow.daysMedian} ms; script tag alone: median ${plain.median} ms [${plain.runs.join(', ')}]`,
    );
    log(`widget: slow run's waterfall (ms from navigation start, request start→end):`);
    for (const line of slow.waterfall) log(`  ${line}`);
    log(`widget: slow run, script tag alone:`);
    for (const line of plain.waterfall) log(`  ${line}`);
    return {
      widget_js_gzip_bytes: gz,
      widget_js_raw_bytes: raw,
      widget_js_files: firstFiles,
      widget_catalog_max_gzip_bytes: catalogMax,
      widget_catalog_gzip_bytes: catalogs,
      widget_first_slots_ms: fast.median,
      widget_first_slots_runs_ms: fast.runs,
      widget_first_days_ms: fast.daysMedian,
      widget_first_slots_slow_ms: slow.median,
      widget_first_slots_slow_runs_ms: slow.runs,
      widget_first_slots_slow_plain_ms: plain.median,
    };
  } finally {
    await browser?.close();
    await server.close();
  }
}

/**
 * Navigation to the first slot button visible, RUNS times (and to the pressed day button: the days). The
 * widget shows the first free day's times with the days, so no click is in it. A fresh context per run (cold
 * cache); one warm-up run for the browser itself. `slow` throttles the page's network through the DevTools
 * protocol (SLOW_NETWORK).
 */
async function firstSlots(browser: Browser, url: string, slow: boolean): Promise<FirstSlots> {
  const runs: number[] = [];
  const dayRuns: number[] = [];
  let waterfall: string[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const p = await newPage(browser);
    if (slow) {
      const cdp = await p.context().newCDPSession(p);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', SLOW_NETWORK);
    }
    const requests = recordWaterfall(p);
    const t0 = performance.now();
    await p.goto(url, { waitUntil: 'commit', timeout: STEP_TIMEOUT_MS });
    // Checked in the page on every animation frame: the driver's own retries back off to half a second
    // while they wait, which would put their schedule in the figure.
    const shown = (selector: string) =>
      p
        .waitForFunction(
          (sel) => {
            const found = document.querySelector('sportello-booking')?.shadowRoot?.querySelector(sel);
            return !!found && found.getClientRects().length > 0;
          },
          selector,
          { polling: 'raf', timeout: STEP_TIMEOUT_MS },
        )
        .then(() => performance.now() - t0);
    const [tDays, ms] = await Promise.all([shown('button[aria-pressed="true"]'), shown('button[part~="slot"]')]);
    if (i === RUNS) waterfall = [...requests(), `slot visible ${Math.round(ms)} (bench clock)`];
    if (i > 0) {
      runs.push(Math.round(ms * 10) / 10);
      dayRuns.push(Math.round(tDays * 10) / 10);
    }
    await p.context().close();
  }
  return { median: median(runs), runs, daysMedian: median(dayRuns), waterfall };
}
