/**
 * Browser-test harness: the real app on one loopback port, an association's page on another (another
 * origin), Debian's Chromium through playwright-core, axe-core, and a look into the database.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import AxeBuilder from '@axe-core/playwright';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Db } from '../../worker/src/db/client';
import { bookings } from '../../worker/src/db/schema';
import type { AppConfig, AppDeps } from '../../worker/src/deps';
import { LANGUAGES, textDirection, type Language } from '../../worker/src/domain/vocabulary';
import { createLocalApp } from '../../worker/src/node/local-app';
import { givenDesk, givenService, givenShift, givenVolunteer } from '../fixtures/builders';
import { createTestDb, type TestDb } from '../fixtures/db';
import { fixedClock, testConfig, testDeps } from '../fixtures/deps';
import { PUBLIC_DIR } from './build-widget';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The services the e2e desk offers; names as the person sees them, in each of the seven languages. */
export const SERVICES = {
  /** 60 minutes, in person or remote: the one the flows book. */
  guidance: {
    id: 'svc-e2e-guidance',
    it: 'Primo colloquio di orientamento',
    en: 'First guidance talk',
    ar: 'أول لقاء للتوجيه',
    es: 'Primera charla de orientación',
    fr: 'Premier entretien d’orientation',
    uk: 'Перша консультація',
    ro: 'Prima discuție de orientare',
  },
  /** 30 minutes, in person only. */
  cv: {
    id: 'svc-e2e-cv',
    it: 'Revisione del curriculum',
    en: 'Curriculum review',
    ar: 'مراجعة السيرة الذاتية',
    es: 'Revisión del currículum',
    fr: 'Relecture du CV',
    uk: 'Перевірка резюме',
    ro: 'Verificarea CV-ului',
  },
  /** Five hours, longer than any shift (four): never has a slot, so the widget's "no slots" state is reachable. */
  workshop: {
    id: 'svc-e2e-workshop',
    it: 'Laboratorio di una giornata',
    en: 'Full-day workshop',
    ar: 'ورشة ليوم كامل',
    es: 'Taller de un día',
    fr: 'Atelier d’une journée',
    uk: 'Майстерня на цілий день',
    ro: 'Atelier de o zi',
  },
} as const;

export const DESK_PHONE = '+39 06 9876 5432';

/**
 * The browser tests' "now": Monday 12 October 2026, 10:00 in Rome (the API tests' instant too), a working
 * day and no holiday (worker/src/domain/holidays.ts), with no holiday before 1 November.
 */
export const E2E_NOW = Date.parse('2026-10-12T08:00:00Z');
/** E2E_NOW's date in Rome. */
export const E2E_TODAY = '2026-10-12';

/** A clock that stays where the test puts it (to reach an appointment's start without waiting). */
export type MovableClock = ReturnType<typeof fixedClock>;

/**
 * The one clock of a test file (vitest gives every file its own module instance): the server under test
 * reads it, and newPage() fixes each new page's `Date` to it, so the widget's and the portal's "today" is
 * the server's, whatever day the suite runs.
 */
export const e2eClock: MovableClock = fixedClock(E2E_NOW);

export interface WidgetServer extends TestDb {
  /** e.g. http://127.0.0.1:41234 — serves /widget.js and /api/*. */
  apiOrigin: string;
  /** Another port, hence another origin: the association's website. */
  hostOrigin: string;
  volunteerIds: string[];
  /** URL of a host page embedding the widget. */
  hostPage(opts?: HostPageOptions): string;
  close(): Promise<void>;
}

export interface HostPageOptions {
  /** <html lang> (and `dir`) of the association's page, one of the seven languages; default 'it'. */
  htmlLang?: string;
  /** Attributes of <sportello-booking> (lang, service, mode, api, phone). */
  attrs?: Record<string, string>;
  /** HTML the page puts inside the element: its fallback content. */
  fallback?: string;
  /** More CSS for the page's own style sheet (a hostile page). */
  css?: string;
  /** The README's preconnect and modulepreload lines in the page's <head>. */
  preload?: boolean;
}

/** Variations on the default server; without them it is the plain desk every flow books against. */
export interface WidgetServerOptions {
  /** Config over the defaults; given the API origin, so it can point at files served by `scripts`. */
  config?: (apiOrigin: string) => Partial<AppConfig>;
  /** The app's outbound HTTP (default: none), e.g. a fake Turnstile verifier. */
  fetch?: typeof fetch;
  /** Extra scripts the API origin serves: path (e.g. '/fake-turnstile.js') → JavaScript source. */
  scripts?: Record<string, string>;
  /** ALLOWED_ORIGINS (default `*`); fixed when the app is built. */
  allowedOrigins?: string[];
  /** A fresh deployment: migrated, but the desk never set up (no desk, services or volunteers). */
  unconfigured?: boolean;
}

/**
 * Starts the API (the same local outer app `npm start` uses, so /widget.js comes from public/) on a free
 * loopback port with a fresh migrated database, and a second server for the host page. The clock is the
 * file's e2eClock, set to E2E_NOW.
 */
export async function startWidgetServer(opts: WidgetServerOptions = {}): Promise<WidgetServer> {
  const t = await createTestDb();
  const volunteerIds = opts.unconfigured ? [] : await seedE2eDesk(t.db);
  e2eClock.set(E2E_NOW);

  let apiOrigin = '';
  const deps: AppDeps = testDeps(t.db, {
    clock: e2eClock,
    // Every browser request comes from loopback: one client, like the desk's requestsPerIpPerHour below.
    config: testConfig({ allowedOrigins: opts.allowedOrigins ?? ['*'], maxOpenRequestsPerAddress: 10_000 }),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const api = createLocalApp(deps, {
    crons: [],
    publicDir: PUBLIC_DIR,
    runScheduled: () => Promise.reject(new Error('no scheduled runs in the browser tests')),
  });
  const scripts = opts.scripts ?? {};
  const apiServer = await listen((req) => {
    const js = scripts[new URL(req.url).pathname];
    return js === undefined ? api.fetch(req) : new Response(js, { headers: { 'content-type': 'text/javascript' } });
  });
  apiOrigin = `http://127.0.0.1:${(apiServer.address() as AddressInfo).port}`;
  // The app reads its config per request, so settings that name the origin can arrive once it is known.
  if (opts.config) Object.assign(deps.config, opts.config(apiOrigin));

  const host = new Hono();
  host.get('/', (c) => c.html(hostHtml(apiOrigin, c.req.query())));
  host.get('/favicon.ico', (c) => c.body(null, 204));
  const hostServer = await listen(host.fetch);
  const hostOrigin = `http://127.0.0.1:${(hostServer.address() as AddressInfo).port}`;

  return {
    ...t,
    apiOrigin,
    hostOrigin,
    volunteerIds,
    hostPage: (opts = {}) => hostPageUrl(hostOrigin, opts),
    async close() {
      await Promise.all([stop(apiServer), stop(hostServer)]);
      t.client.close();
    },
  };
}

/** The URL of a host page (served at `hostOrigin` by startWidgetServer) embedding the widget. */
export function hostPageUrl(hostOrigin: string, opts: HostPageOptions = {}): string {
  const q = new URLSearchParams({ htmlLang: opts.htmlLang ?? 'it' });
  for (const [k, v] of Object.entries(opts.attrs ?? {})) q.set(`a.${k}`, v);
  if (opts.fallback) q.set('fallback', opts.fallback);
  if (opts.css) q.set('css', opts.css);
  if (opts.preload) q.set('preload', '1');
  return `${hostOrigin}/?${q}`;
}

/** What a widget test file shares: one server and one browser. */
export interface WidgetWorld {
  server: WidgetServer;
  browser: Browser;
}

/**
 * A widget test file's set-up: before its tests, starts a widget server (with `opts`) and Chromium and
 * hands them to `use`; after them, closes both.
 */
export function useWidgetWorld(use: (world: WidgetWorld) => void, opts: WidgetServerOptions = {}): void {
  let world: WidgetWorld | undefined;
  beforeAll(async () => {
    const [server, browser] = await Promise.all([startWidgetServer(opts), launchBrowser()]);
    world = { server, browser };
    use(world);
  });
  afterAll(async () => {
    await world?.browser.close();
    await world?.server.close();
  });
}

/**
 * The browser tests' desk rules: a short notice (a slot never starts while a test is still filling the
 * form) and limits no test reaches (every request of the browser comes from the same loopback address and
 * the same few phones).
 */
export const E2E_DESK_RULES = {
  // 30 minutes rather than 0: with 0, a slot starting a few seconds after it is shown would be refused.
  minNoticeMinutes: 30,
  horizonDays: 60,
  requestsPerIpPerHour: 10_000,
  maxOpenRequestsPerPhone: 100,
} as const;

/** A service named as in `names` (one of SERVICES or ADMIN_SERVICES), in the other languages too when given. */
export async function givenNamedService(
  db: Db,
  names: { id: string; it: string; en: string } & Partial<Record<Language, string>>,
  opts: { durationMinutes: number; allowsRemote?: boolean },
): Promise<void> {
  const translations = Object.fromEntries(
    LANGUAGES.filter((l) => l !== 'it' && l !== 'en' && names[l]).map((l) => [l, { name: names[l] }]),
  );
  await givenService(db, {
    id: names.id,
    nameIt: names.it,
    nameEn: names.en,
    translations: JSON.stringify(translations),
    ...opts,
  });
}

/** Volunteers on shifts 09–13 and 14–18 on every day of the week, weekends included; returns their ids. */
export async function givenVolunteersEveryDay(db: Db, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const v = await givenVolunteer(db, { displayName: name });
    ids.push(v.id);
    for (let wd = 1; wd <= 7; wd++) {
      await givenShift(db, v.id, wd, '09:00', '13:00');
      await givenShift(db, v.id, wd, '14:00', '18:00');
    }
  }
  return ids;
}

/** The widget's desk: three services and two volunteers on every day. */
async function seedE2eDesk(db: Db): Promise<string[]> {
  await givenDesk(db, {
    name: 'Sportello Lavoro Prova',
    address: 'Via dei Test 12',
    city: 'Roma',
    phone: DESK_PHONE,
    privacyUrl: 'https://example.org/privacy',
    // Giulia and Ahmed have no video link of their own: their video calls get rooms on the desk's server.
    videoRoomBase: 'https://video.example.org',
    // The widget's language switch offers these.
    languages: LANGUAGES.join(','),
    ...E2E_DESK_RULES,
  });
  await givenNamedService(db, SERVICES.guidance, { durationMinutes: 60 });
  await givenNamedService(db, SERVICES.cv, { durationMinutes: 30, allowsRemote: false });
  await givenNamedService(db, SERVICES.workshop, { durationMinutes: 300, allowsRemote: false });
  return givenVolunteersEveryDay(db, ['Giulia', 'Ahmed']);
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );
}

/**
 * A plain page standing for the association's website; the widget arrives with one tag from the API origin.
 * `fallback` is the test's own HTML, put inside the element as written.
 */
function hostHtml(apiOrigin: string, query: Record<string, string>): string {
  const htmlLang = LANGUAGES.find((l) => l === query.htmlLang) ?? 'it';
  const attrs = Object.entries(query)
    .filter(([k]) => k.startsWith('a.'))
    .map(([k, v]) => ` ${k.slice(2).replace(/[^a-z-]/g, '')}="${escapeHtml(v)}"`)
    .join('');
  const title =
    htmlLang === 'en' ? 'Job help desk – book an appointment' : 'Sportello lavoro – prenota un appuntamento';
  return `<!doctype html>
<html lang="${htmlLang}" dir="${textDirection(htmlLang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${query.preload ? `<link rel="preconnect" href="${apiOrigin}" crossorigin>\n<link rel="modulepreload" href="${apiOrigin}/widget.js">\n` : ''}<style>body { font-family: Georgia, serif; margin: 0; padding: 1rem; } main { max-width: 40rem; margin: 0 auto; }${(query.css ?? '').replace(/</g, '')}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<sportello-booking${attrs}>${query.fallback ?? ''}</sportello-booking>
</main>
<script type="module" src="${apiOrigin}/widget.js"></script>
</body>
</html>`;
}

/** An HTTP server for `fetch` on a free loopback port. */
export async function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<Server> {
  const server = createAdaptorServer({ fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return server;
}

/** Closes a server started by listen(), open connections included. */
export function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Debian's Chromium, headless. playwright-core's launch() gives every browser a fresh temporary profile
 * (user-data dir) and removes it on close.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/**
 * A page in its own context (axe-core needs a context made by newContext, not browser.newPage()), its
 * `Date` fixed at the file's e2eClock before anything loads; timers keep running.
 */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'it-IT', ...options });
  const page = await context.newPage();
  await page.clock.setFixedTime(e2eClock.now());
  page.setDefaultTimeout(15_000);
  // Surface the widget's own errors in the test output; a silent exception would only show up as a timeout.
  const errors: string[] = [];
  ERRORS.set(page, errors);
  page.on('pageerror', (err) => {
    errors.push(err.message);
    console.error(`[page error] ${err.message}`);
  });
  return page;
}

const ERRORS = new WeakMap<Page, string[]>();

/** Uncaught exceptions thrown in the page so far. */
export function pageErrors(page: Page): string[] {
  return ERRORS.get(page) ?? [];
}

/** axe-core with the WCAG 2.1 A/AA rules; returns readable lines, one per failing node (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const lines: string[] = [];
  for (const v of results.violations) {
    for (const node of v.nodes) {
      lines.push(
        `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n    at ${JSON.stringify(node.target)}\n    ${node.html.slice(0, 200)}\n    ${node.failureSummary?.replace(/\n/g, '\n    ') ?? ''}`,
      );
    }
  }
  return lines;
}

/** Fails the test with axe's findings on the page as it is now, naming where (`where`) in the message. */
export async function expectNoViolations(page: Page, where: string): Promise<void> {
  const lines = await axeViolations(page);
  expect(lines.join('\n\n'), `axe violations at "${where}"`).toBe('');
}

/** The stored booking with this reference, or undefined. */
export async function bookingByReference(db: Db, reference: string) {
  const [row] = await db.select().from(bookings).where(eq(bookings.reference, reference));
  return row;
}

/** All stored bookings (few in these tests). */
export function allBookings(db: Db) {
  return db.select().from(bookings);
}
