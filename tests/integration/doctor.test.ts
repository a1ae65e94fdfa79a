import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/src/db/client';
import { applyMigrations } from '../../worker/src/node/migrate';
import { givenDesk } from '../fixtures/builders';
import { runScript } from '../fixtures/cli';
import { startFakeTwilio, type FakeTwilio } from '../fixtures/fake-twilio';
import { startSqld, type Sqld } from '../fixtures/sqld';
import { givenStaff } from '../fixtures/staff';

const HASH_SECRET = 'doctor-test-hash-secret-0123456789';

/** A database on its own sqld (with a JWT, as Turso): migrated or not, with an admin and a desk or not. */
async function database(opts: { migrated: boolean; desk: boolean }): Promise<Sqld> {
  const sqld = await startSqld({ auth: true });
  const client = createClient({ url: sqld.url, authToken: sqld.authToken });
  const db = createDb(client);
  if (opts.migrated) {
    await applyMigrations(db);
    await givenStaff(db, { role: 'admin' });
    if (opts.desk) await givenDesk(db);
  }
  client.close();
  return sqld;
}

describe('npm run doctor', () => {
  let dir: string;
  let ready: Sqld;
  let unmigrated: Sqld;
  let noDesk: Sqld;
  let twilio: FakeTwilio;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-doctor-'));
    [ready, unmigrated, noDesk, twilio] = await Promise.all([
      database({ migrated: true, desk: true }),
      database({ migrated: false, desk: false }),
      database({ migrated: true, desk: false }),
      startFakeTwilio(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([ready?.stop(), unmigrated?.stop(), noDesk?.stop(), twilio?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Runs `npm run doctor` as a deployer would: a wrangler.toml with the Worker's [vars] for `sqld`, the
   * secrets in the environment (`overrides` on top; undefined removes one).
   */
  async function doctor(sqld: Sqld, overrides: Record<string, string | undefined> = {}) {
    const config = join(dir, `wrangler-${Math.random().toString(36).slice(2)}.toml`);
    writeFileSync(
      config,
      [
        'name = "sportello"',
        '[vars]',
        'PUBLIC_BASE_URL = "https://sportello.associazione.it"',
        '# copied from the address bar, trailing slash and all',
        'ALLOWED_ORIGINS = "https://www.Associazione.it/"',
        `TURSO_DATABASE_URL = "${sqld.url}"`,
        'SMS_PROVIDER = "twilio"',
        'TWILIO_FROM = "Sportello"',
        `TWILIO_API_BASE = "${twilio.url}"`,
      ].join('\n'),
    );
    const r = await runScript('doctor.ts', ['--config', config], {
      TURSO_AUTH_TOKEN: sqld.authToken,
      HASH_SECRET,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      ...overrides,
    });
    const output = r.stdout + r.stderr;
    // Whatever the verdict, no secret is printed.
    for (const secret of [sqld.authToken!, HASH_SECRET, twilio.authToken]) expect(output).not.toContain(secret);
    const line = (name: string) => r.stdout.split('\n').find((l) => l.split(/\s+/)[1] === name) ?? '';
    return { ...r, line };
  }

  it('all green: every line ok, exit code 0, Twilio asked for the account only', async () => {
    const r = await doctor(ready);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').slice(0, -1)).toEqual([
      expect.stringMatching(/^ok +database +reachable at 127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^ok +migrations +all \d+ applied$/),
      expect.stringMatching(/^ok +admin +1 admin account$/),
      expect.stringMatching(/^ok +desk +configured$/),
      expect.stringMatching(/^ok +sms +twilio: credentials accepted, account active$/),
      expect.stringMatching(/^ok +HASH_SECRET +set$/),
      expect.stringMatching(/^ok +ALLOWED_ORIGINS +https:\/\/www\.associazione\.it$/),
      expect.stringMatching(/^ok +PUBLIC_BASE_URL +https:\/\/sportello\.associazione\.it$/),
      expect.stringMatching(/^ok +Turnstile +off \(optional\)$/),
    ]);
    expect(twilio.messages).toHaveLength(0);
    expect(twilio.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: `/2010-04-01/Accounts/${twilio.accountSid}.json`,
    });
  }, 60_000);

  it('a wrong database token and a wrong Twilio token: both named, exit code 1', async () => {
    const r = await doctor(ready, {
      TURSO_AUTH_TOKEN: ready.signToken!({ a: 'rw', exp: 1 }),
      TWILIO_AUTH_TOKEN: 'nope',
    });
    expect(r.code).toBe(1);
    expect(r.line('database')).toMatch(
      /^PROBLEM +database +authentication failed \(HTTP 401\): check TURSO_AUTH_TOKEN$/,
    );
    expect(r.line('sms')).toMatch(
      /twilio: credentials refused \(HTTP 401\): check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN$/,
    );
    expect(r.stderr).toContain('2 problems');
  }, 60_000);

  it('a database that is not migrated: says to run npm run db:migrate', async () => {
    const r = await doctor(unmigrated);
    expect(r.code).toBe(1);
    expect(r.line('database')).toMatch(/^ok/);
    expect(r.line('migrations')).toMatch(/^PROBLEM +migrations +the database is not migrated: run npm run db:migrate/);
  }, 60_000);

  it('a desk never saved: says where to configure it', async () => {
    const r = await doctor(noDesk);
    expect(r.code).toBe(1);
    expect(r.line('desk')).toMatch(
      /^PROBLEM +desk +not configured: sign in at https:\/\/sportello\.associazione\.it\/admin and save Impostazioni/,
    );
  }, 60_000);

  it('bad origins, the example origin, a missing HASH_SECRET, an http:// base URL and a long sender: each named', async () => {
    const bad = await doctor(ready, {
      ALLOWED_ORIGINS: 'www.associazione.it, https://ok.example',
      HASH_SECRET: undefined,
      PUBLIC_BASE_URL: 'http://sportello.associazione.it/',
      // The README's old example: one character over what the networks carry.
      TWILIO_FROM: 'SportelloLav',
    });
    expect(bad.code).toBe(1);
    expect(bad.line('sms')).toMatch(/^PROBLEM +sms +twilio: TWILIO_FROM is 12 characters long/);
    expect(bad.stdout).not.toContain('SportelloLav');
    expect(bad.line('ALLOWED_ORIGINS')).toContain(
      'ALLOWED_ORIGINS: "www.associazione.it" is not an origin (no scheme: write https://www.associazione.it)',
    );
    expect(bad.line('HASH_SECRET')).toMatch(/^PROBLEM +HASH_SECRET +not set/);
    expect(bad.line('PUBLIC_BASE_URL')).toMatch(/^PROBLEM +PUBLIC_BASE_URL +must start with https:\/\//);
    const example = await doctor(ready, { ALLOWED_ORIGINS: 'https://www.example.org' });
    expect(example.code).toBe(1);
    expect(example.line('ALLOWED_ORIGINS')).toMatch(/still the example https:\/\/www\.example\.org/);
  }, 60_000);
});
