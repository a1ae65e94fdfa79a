import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../worker/src/lib/password';

const ROOT = new URL('../..', import.meta.url).pathname;
const dirs: string[] = [];
const running = new Set<ChildProcess>();

afterAll(async () => {
  // Never leave a server behind, even when a test failed half-way.
  for (const child of running) await stop(child);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  base: string;
  output: () => string;
}

/** `npm start`'s command with its own port and database; resolves once /api/health answers. */
async function start(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child = spawn('npx', ['tsx', 'worker/src/node/main.ts'], {
    cwd: ROOT,
    // Its own process group, so stopping it reaches npx, tsx and the node process alike.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_EMAIL: '',
      ADMIN_PASSWORD: '',
      SEED: '',
      ...env,
    },
  });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${out}`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return { child, base, output: () => out };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`npm start did not answer /api/health within 60 s:\n${out}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return;
  }
  // 'close' waits until every process holding the output pipes (npx, tsx, node) has gone, not just npx.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
  running.delete(child);
}

function tempDb(): { url: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-start-'));
  dirs.push(dir);
  return { url: `file:${join(dir, 'nested', 'sportello.db')}` };
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = createClient({ url });
  try {
    return (await client.execute(sql)).rows as unknown as T[];
  } finally {
    client.close();
  }
}

describe('npm start', () => {
  it('migrates, seeds, creates the admin from ADMIN_EMAIL/ADMIN_PASSWORD and serves the demo page, API and /__scheduled', async () => {
    const { url } = tempDb();
    const app = await start({
      DATABASE_URL: url,
      ADMIN_EMAIL: 'Reception.Lead@Example.org',
      ADMIN_PASSWORD: 'correct horse battery',
    });
    try {
      const page = await fetch(`${app.base}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toMatch(/<html lang="it">/);
      expect(html).toContain('Via Bertoni');
      expect(html).toContain('<main');

      const time = Date.parse('2031-01-15T10:00:00Z');
      const scheduled = await fetch(`${app.base}/__scheduled?time=${time}`);
      expect(scheduled.status).toBe(200);
      const report = (await scheduled.json()) as {
        cron: string;
        scheduledTime: number;
        ok: boolean;
        jobs: Record<string, { ok: boolean; counts?: Record<string, number> }>;
      };
      expect(report.cron).toBe('*/10 * * * *'); // the first cron of wrangler.toml
      expect(report.scheduledTime).toBe(time);
      expect(report.ok).toBe(true);
      // Years later every demo request's hold has lapsed.
      expect(report.jobs.expireRequests?.counts?.expired).toBeGreaterThan(0);

      const out = app.output();
      expect(out).toContain(`${app.base}/`);
      expect(out).toContain(`${app.base}/api/health`);
      expect(out).toContain('*/10 * * * *');
      expect(out).toContain('0 16,17 * * *');
      expect(out).not.toContain('correct horse battery');

      const admins = await query<{ email: string; role: string; password_hash: string }>(
        url,
        'select email, role, password_hash from staff_users',
      );
      expect(admins).toHaveLength(1);
      expect(admins[0]).toMatchObject({ email: 'reception.lead@example.org', role: 'admin' });
      expect(await verifyPassword('correct horse battery', admins[0]!.password_hash)).toBe(true);
      const services = await query<{ n: number }>(url, 'select count(*) as n from services');
      expect(Number(services[0]?.n)).toBe(4);
    } finally {
      await stop(app.child);
    }
    expect(app.output()).toContain('stopping');
  }, 120_000);

  it('prints a generated admin password once, and honours SEED=none', async () => {
    const { url } = tempDb();
    const first = await start({ DATABASE_URL: url, SEED: 'none' });
    await stop(first.child);
    const printed = /password[^\n]*: (\S+)/.exec(first.output())?.[1];
    expect(printed).toBeDefined();
    const [admin] = await query<{ password_hash: string }>(url, 'select password_hash from staff_users');
    expect(await verifyPassword(printed!, admin!.password_hash)).toBe(true);
    const services = await query<{ n: number }>(url, 'select count(*) as n from services');
    expect(Number(services[0]?.n)).toBe(0);

    const second = await start({ DATABASE_URL: url, SEED: 'none' });
    try {
      // Without a desk the demo page still answers, saying the desk is not set up.
      const page = await fetch(`${second.base}/`);
      expect(page.status).toBe(200);
    } finally {
      await stop(second.child);
    }
    expect(second.output()).not.toContain(printed!);
    expect(second.output()).not.toMatch(/First admin created/);
    expect(await query(url, 'select id from staff_users')).toHaveLength(1);
  }, 180_000);
});
