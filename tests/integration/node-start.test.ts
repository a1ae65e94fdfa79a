import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../worker/src/lib/password';
import { SCHEDULED_HEADER } from '../../worker/src/node/local-app';
import { LOCAL_SECRET_FILE } from '../../worker/src/node/local-secret';
import { cleanUpServers, query, start, stop, tempDb } from '../fixtures/node-server';

afterAll(cleanUpServers);

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
      expect(html).toMatch(/<html lang="it" dir="ltr">/);
      expect(html).toContain('Via Bertoni');
      expect(html).toContain('<main');

      // The server runs on the wall clock; /__scheduled takes a time within 60 days of it.
      const time = Date.now() + 59 * 86_400_000;
      expect((await fetch(`${app.base}/__scheduled?time=${time}`)).status).toBe(403); // the header is required
      const scheduled = await fetch(`${app.base}/__scheduled?time=${time}`, {
        headers: { [SCHEDULED_HEADER]: '1' },
      });
      expect(scheduled.status).toBe(200);
      const report = (await scheduled.json()) as {
        cron: string;
        scheduledTime: number;
        ok: boolean;
        jobs: Record<string, { ok: boolean; counts?: Record<string, number> }>;
        subrequests?: { limit: number; used: number };
      };
      expect(report.cron).toBe('*/10 * * * *'); // the first cron of wrangler.toml
      expect(report.scheduledTime).toBe(time);
      expect(report.ok).toBe(true);
      // Weeks later every demo request's hold has lapsed.
      expect(report.jobs.expireRequests?.counts?.expired).toBeGreaterThan(0);
      // Counted as a Worker's tick is, against the free plan's budget.
      expect(report.subrequests?.limit).toBe(50);
      expect(report.subrequests?.used).toBeGreaterThan(0);
      expect(report.subrequests?.used).toBeLessThanOrEqual(50);

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

  it('refuses to start with a weak ADMIN_PASSWORD, saying why, before touching the database', async () => {
    const { url } = tempDb();
    await expect(start({ DATABASE_URL: url, ADMIN_PASSWORD: 'password1234' })).rejects.toThrow(
      /ADMIN_PASSWORD is refused: This password is one of the most common/,
    );
    await expect(start({ DATABASE_URL: url, ADMIN_PASSWORD: 'a' })).rejects.toThrow(/at least 12 characters/);
    expect(existsSync(url.slice('file:'.length))).toBe(false);
  });

  it('refuses to start with an ALLOWED_ORIGINS entry that is not an origin, naming it', async () => {
    const { url } = tempDb();
    await expect(
      start({ DATABASE_URL: url, ALLOWED_ORIGINS: 'https://www.associazione.it/, www.associazione.it' }),
    ).rejects.toThrow(
      /ALLOWED_ORIGINS: "www\.associazione\.it" is not an origin \(no scheme: write https:\/\/www\.associazione\.it\)/,
    );
  });

  it('refuses to start with a sender Twilio would refuse, naming the variable', async () => {
    const { url } = tempDb();
    const twilio = { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC0', TWILIO_AUTH_TOKEN: 'secret-token-1' };
    const refused = start({ DATABASE_URL: url, SEED: 'none', ...twilio, TWILIO_FROM: 'SportelloLav' });
    await expect(refused).rejects.toThrow(/SMS: TWILIO_FROM is 12 characters long: an alphanumeric sender has 1 to 11/);
    await expect(refused).rejects.not.toThrow(/secret-token-1/);
  });

  it('generates HASH_SECRET into the data folder when it is not set, and keeps it across restarts', async () => {
    const { url } = tempDb();
    const secretFile = join(dirname(url.slice('file:'.length)), LOCAL_SECRET_FILE);
    const first = await start({ DATABASE_URL: url, SEED: 'none', HASH_SECRET: '' });
    await stop(first.child);
    const secret = readFileSync(secretFile, 'utf8');
    expect(secret.trim().length).toBeGreaterThanOrEqual(43);
    expect(first.output()).toContain(secretFile);
    const second = await start({ DATABASE_URL: url, SEED: 'none', HASH_SECRET: '' });
    await stop(second.child);
    expect(readFileSync(secretFile, 'utf8')).toBe(secret);
    expect(second.output()).not.toContain('generated one');
  });
});
