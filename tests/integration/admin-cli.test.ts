import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { findStaffUser } from '../../worker/src/db/repo/staff';
import { verifyPassword } from '../../worker/src/lib/password';
import { openDatabase } from '../../worker/src/node/database';
import { applyMigrations } from '../../worker/src/node/migrate';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runAdminCli } from '../../worker/src/node/admin-cli';
import { givenVolunteer } from '../fixtures/builders';

const run = promisify(execFile);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A migrated database file in a fresh temporary folder. */
async function migratedFile(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-cli-'));
  dirs.push(dir);
  const url = `file:${join(dir, 'sportello.db')}`;
  const { client, db } = openDatabase(url);
  await applyMigrations(db);
  client.close();
  return url;
}

async function cli(url: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdminCli(argv, { DATABASE_URL: url }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function stored(url: string, email: string) {
  const { client, db } = openDatabase(url);
  try {
    return await findStaffUser(db, { email });
  } finally {
    client.close();
  }
}

describe('npm run admin', () => {
  it('create-user makes an account with a password printed once that verifies', async () => {
    const url = await migratedFile();
    const r = await cli(url, 'create-user', '--email', 'Rita@Desk.test', '--name', 'Rita Rossi', '--role', 'reception');
    expect(r.code).toBe(EXIT_OK);
    const password = /Password \(shown only now\): (\S+)/.exec(r.out)?.[1];
    expect(password).toBeDefined();
    const user = await stored(url, 'rita@desk.test');
    expect(user).toMatchObject({ name: 'Rita Rossi', role: 'reception', active: true });
    expect(await verifyPassword(password!, user!.passwordHash)).toBe(true);

    const again = await cli(url, 'create-user', '--email', 'rita@desk.test', '--name', 'Rita Due', '--role', 'admin');
    expect(again.code).toBe(EXIT_FAILED);
    expect(again.err).toMatch(/--email: A user with this e-mail address already exists/);
  });

  it('links a volunteer, refuses a volunteer role without one, and takes a chosen password', async () => {
    const url = await migratedFile();
    const { client, db } = openDatabase(url);
    const vol = await givenVolunteer(db);
    client.close();

    const missing = await cli(url, 'create-user', '--email', 'v@desk.test', '--name', 'Vera', '--role', 'volunteer');
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.err).toMatch(/--volunteer:/);

    const ok = await cli(
      url,
      'create-user',
      '--email',
      'v@desk.test',
      '--name',
      'Vera',
      '--role',
      'volunteer',
      '--volunteer',
      vol.id,
      '--password',
      'a chosen secret',
    );
    expect(ok.code).toBe(EXIT_OK);
    expect(ok.out).not.toMatch(/Password/);
    const user = await stored(url, 'v@desk.test');
    expect(user?.volunteerId).toBe(vol.id);
    expect(await verifyPassword('a chosen secret', user!.passwordHash)).toBe(true);
  });

  it('reset-password replaces the password', async () => {
    const url = await migratedFile();
    await cli(
      url,
      'create-user',
      '--email',
      'a@desk.test',
      '--name',
      'Anna',
      '--role',
      'admin',
      '--password',
      'first password',
    );
    const r = await cli(url, 'reset-password', '--email', 'A@desk.test');
    expect(r.code).toBe(EXIT_OK);
    const password = /shown only now\): (\S+)/.exec(r.out)?.[1];
    const user = await stored(url, 'a@desk.test');
    expect(await verifyPassword(password!, user!.passwordHash)).toBe(true);
    expect(await verifyPassword('first password', user!.passwordHash)).toBe(false);
    expect((await cli(url, 'reset-password', '--email', 'nobody@desk.test')).code).toBe(EXIT_FAILED);
  });

  it('refuses a name or e-mail with a lone surrogate or a bidi override, as the API does', async () => {
    const url = await migratedFile();
    for (const [flag, name, email] of [
      ['--name', 'Anna \ud800 Rossi', 'anna@desk.test'],
      ['--name', 'Anna \u202eissoR', 'anna@desk.test'],
      ['--email', 'Anna Rossi', 'anna\udc00@desk.test'],
    ] as const) {
      const r = await cli(url, 'create-user', '--email', email, '--name', name, '--role', 'admin');
      expect(r.code).toBe(EXIT_USAGE);
      expect(r.err).toBe(
        `${flag}: Contains characters that are not allowed. Please type it again rather than pasting it.`,
      );
    }
    expect(await stored(url, 'anna@desk.test')).toBeUndefined();
  });

  it('explains wrong usage and an unmigrated database', async () => {
    const url = await migratedFile();
    expect((await cli(url)).code).toBe(EXIT_USAGE);
    expect((await cli(url, 'drop-everything')).err).toMatch(/Unknown command/);
    expect((await cli(url, 'create-user', '--name', 'X')).code).toBe(EXIT_USAGE);
    expect((await cli(url, 'create-user', '--email', 'x@y.z', '--bogus', '1')).code).toBe(EXIT_USAGE);
    const bad = await cli(url, 'create-user', '--email', 'x@y.z', '--name', 'Xena', '--role', 'boss');
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.err).toMatch(/--role:/);
    // The portal's password rule: long, not blank, not common, not the e-mail.
    const create = (password: string) =>
      cli(url, 'create-user', '--email', 'xena@desk.test', '--name', 'Xena', '--role', 'admin', '--password', password);
    for (const [password, message] of [
      ['password1234', /--password: This password is one of the most common/],
      ['qwertyuiop12', /--password: This password is one of the most common/],
      [' '.repeat(12), /--password: The password cannot be only spaces/],
      ['a', /--password: The password must be at least 12 characters long/],
      ['XENA@desk.test', /--password: The password cannot be the same as the e-mail address/],
    ] as const) {
      const weak = await create(password);
      expect(weak.code, password).toBe(EXIT_USAGE);
      expect(weak.err, password).toMatch(message);
    }
    expect(await stored(url, 'xena@desk.test')).toBeUndefined();

    const dir = mkdtempSync(join(tmpdir(), 'sportello-cli-'));
    dirs.push(dir);
    const empty = await cli(
      `file:${join(dir, 'empty.db')}`,
      'create-user',
      '--email',
      'x@y.z',
      '--name',
      'Xena',
      '--role',
      'admin',
    );
    expect(empty.code).toBe(EXIT_FAILED);
    expect(empty.err).toMatch(/npm run db:migrate/);
  });

  it('runs as a script with DATABASE_URL and sets the process exit code', async () => {
    const url = await migratedFile();
    const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
    const script = join(process.cwd(), 'worker/src/node/admin-cli.ts');
    const failed = await run(tsx, [script, 'reset-password', '--email', 'nobody@desk.test'], {
      env: { ...process.env, DATABASE_URL: url },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed.code).toBe(EXIT_FAILED);
    expect(failed.stderr).toMatch(/No staff user with e-mail nobody@desk\.test/);
  }, 30_000);
});
