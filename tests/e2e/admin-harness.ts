/**
 * Browser-test harness of the admin portal: the local outer app (`npm start`'s, so /admin/ comes from
 * public/admin) on a loopback port over a fresh database with a desk, two volunteers on every day, an
 * admin, a reception user and a volunteer user; the file's e2eClock (fixed, movable by the test) for the
 * server and the browser; the portal built on demand.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createLocalApp } from '../../worker/src/node/local-app';
import { it } from '../../admin/src/i18n/it';
import { formatMessage } from '../../worker/src/i18n/message-format';
import { givenDesk } from '../fixtures/builders';
import { createTestDb, type TestDb } from '../fixtures/db';
import { testConfig, testDeps } from '../fixtures/deps';
import { givenStaff, type GivenStaff } from '../fixtures/staff';
import {
  E2E_DESK_RULES,
  E2E_NOW,
  e2eClock,
  givenNamedService,
  givenVolunteersEveryDay,
  launchBrowser,
  listen,
  stop,
  type MovableClock,
} from './harness';

export type { MovableClock };

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PUBLIC_DIR = join(ROOT, 'public');
const ADMIN_INDEX = join(PUBLIC_DIR, 'admin', 'index.html');
const ADMIN_SRC = join(ROOT, 'admin');

export const ADMIN_SERVICES = {
  guidance: { id: 'svc-adm-guidance', it: 'Primo colloquio di orientamento', en: 'First guidance talk' },
  cv: { id: 'svc-adm-cv', it: 'Revisione del curriculum', en: 'Curriculum review' },
} as const;

export interface AdminServer extends TestDb {
  origin: string;
  clock: MovableClock;
  volunteers: { giulia: string; ahmed: string };
  admin: GivenStaff;
  reception: GivenStaff;
  /** Linked to the volunteer Ahmed. */
  volunteer: GivenStaff;
  close(): Promise<void>;
}

/** Newest modification time of the files under `dir` (ms). */
function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

/**
 * Builds the portal (as `npm run build:admin` does) unless public/admin is newer than its sources, so a
 * fresh clone and an edited portal are both tested as they would be deployed.
 */
export async function ensureAdminBuilt(): Promise<void> {
  if (existsSync(ADMIN_INDEX) && statSync(ADMIN_INDEX).mtimeMs >= newest(ADMIN_SRC)) return;
  const { build } = await import('vite');
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    await build({ configFile: join(ADMIN_SRC, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    process.chdir(cwd);
  }
  if (!existsSync(ADMIN_INDEX)) throw new Error(`the admin build did not write ${ADMIN_INDEX}`);
}

/**
 * Starts the local app on a free loopback port; its public URL is its own origin (http: plain cookies).
 * `host` names the loopback in that URL: WebAuthn refuses IP addresses as relying party, so the passkey
 * test uses `localhost`. `unconfigured`: the desk row is never written (a fresh deployment's first day).
 */
export async function startAdminServer(
  host: 'localhost' | '127.0.0.1' = '127.0.0.1',
  opts: { unconfigured?: boolean } = {},
): Promise<AdminServer> {
  const t = await createTestDb();
  const clock = e2eClock;
  clock.set(E2E_NOW);
  if (!opts.unconfigured) await givenDesk(t.db, { name: 'Sportello Lavoro Prova', ...E2E_DESK_RULES });
  await givenNamedService(t.db, ADMIN_SERVICES.guidance, { durationMinutes: 60 });
  await givenNamedService(t.db, ADMIN_SERVICES.cv, { durationMinutes: 30, allowsRemote: false });
  const ids = await givenVolunteersEveryDay(t.db, ['Giulia Bianchi', 'Ahmed Karim']);
  const [giulia, ahmed] = ids as [string, string];
  const admin = await givenStaff(t.db, { role: 'admin', name: 'Anna Admin' });
  const reception = await givenStaff(t.db, { role: 'reception', name: 'Rita Reception' });
  const volunteer = await givenStaff(t.db, { role: 'volunteer', name: 'Ahmed Karim', volunteerId: ahmed });

  let handler: (req: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const server: Server = await listen((req) => handler(req));
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  const deps = testDeps(t.db, { clock, config: testConfig({ publicBaseUrl: origin, allowedOrigins: ['*'] }) });
  const app = createLocalApp(deps, {
    crons: [],
    publicDir: PUBLIC_DIR,
    runScheduled: () => Promise.reject(new Error('no scheduled runs in the browser tests')),
  });
  handler = (req) => app.fetch(req);

  return {
    ...t,
    origin,
    clock,
    volunteers: { giulia, ahmed },
    admin,
    reception,
    volunteer,
    async close() {
      await stop(server);
      t.client.close();
    },
  };
}

/**
 * A portal test file's set-up: before its tests, builds the portal if needed, starts an admin server (with
 * `opts`) and Chromium and hands them to `use`; after them, closes both.
 */
export function useAdminWorld(
  use: (world: { server: AdminServer; browser: Browser }) => void,
  opts: { unconfigured?: boolean } = {},
): void {
  let world: { server: AdminServer; browser: Browser } | undefined;
  beforeAll(async () => {
    await ensureAdminBuilt();
    const [server, browser] = await Promise.all([startAdminServer('127.0.0.1', opts), launchBrowser()]);
    world = { server, browser };
    use(world);
  });
  afterAll(async () => {
    await world?.browser.close();
    await world?.server.close();
  });
}

export type AdminKey = keyof typeof it;

/** The Italian catalog text of `key` (the portal's first language). */
export function text(key: AdminKey, params: Record<string, string | number> = {}): string {
  return formatMessage('it', it[key], params);
}

/** A catalog text as a pattern; {placeholders} match anything. */
export function pattern(key: AdminKey): RegExp {
  // Innermost braces first, so a plural choice with placeholders inside becomes one gap.
  let gaps: string = it[key];
  while (/\{[^{}]*\}/.test(gaps)) gaps = gaps.replace(/\{[^{}]*\}/g, '\u2063');
  const parts = gaps.split(/\u2063+/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('.*?'));
}

/** Signs in through the login page and waits for the app shell. */
export async function signInUi(page: Page, origin: string, who: GivenStaff, hash = ''): Promise<void> {
  await page.goto(`${origin}/admin/${hash}`);
  await page.getByRole('heading', { level: 1, name: text('login.title') }).waitFor();
  await page.getByLabel(text('login.email')).fill(who.email);
  await page.getByLabel(text('login.password'), { exact: true }).fill(who.password);
  await page.getByRole('button', { name: text('login.submit'), exact: true }).click();
  await page.getByRole('button', { name: text('login.sign_out') }).waitFor();
}

/** The main navigation's link to a page. */
export function navLink(page: Page, key: AdminKey): Locator {
  return page
    .getByRole('navigation', { name: text('app.nav') })
    .getByRole('link', { name: new RegExp(`^${text(key)}`) });
}
