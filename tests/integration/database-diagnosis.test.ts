import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCli } from '../../worker/src/node/admin-cli';
import { runMigrateCli } from '../../worker/src/node/migrate-cli';
import { runScript } from '../fixtures/cli';
import { freePort, startSqld, type Sqld } from '../fixtures/sqld';

type Env = Record<string, string | undefined>;

/** Runs a CLI in-process; returns its exit code and what it printed. */
async function inProcess(cli: (io: { out(l: string): void; err(l: string): void }) => Promise<number>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cli({ out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
const migrate = (env: Env) => inProcess((io) => runMigrateCli(env, io));
const ADMIN_ARGS = ['create-user', '--email', 'anna@desk.test', '--name', 'Anna Rossi', '--role', 'admin'];
const createAdmin = (env: Env) => inProcess((io) => runAdminCli(ADMIN_ARGS, env, io));

// A wrong token or a TLS URL to a plain-HTTP server is what a first deployment gets wrong: the CLIs name the
// cause and the variable to fix, never drizzle's "Failed query: CREATE TABLE …".
describe('the CLIs describe a misconfigured database', () => {
  let sqld: Sqld;
  beforeAll(async () => {
    sqld = await startSqld({ auth: true });
  });
  afterAll(async () => {
    await sqld?.stop();
  });

  it('a missing, malformed or expired token: authentication failed (HTTP 401)', async () => {
    const expired = sqld.signToken!({ a: 'rw', exp: 1 });
    for (const token of [undefined, 'not-a-jwt', expired]) {
      const m = await migrate({ DATABASE_URL: sqld.url, TURSO_AUTH_TOKEN: token });
      expect(m.code).toBe(1);
      expect(m.stderr).toBe('Migration failed: authentication failed (HTTP 401): check TURSO_AUTH_TOKEN');
      const a = await createAdmin({ DATABASE_URL: sqld.url, TURSO_AUTH_TOKEN: token });
      expect(a.code).toBe(1);
      expect(a.stderr).toBe('Failed: authentication failed (HTTP 401): check TURSO_AUTH_TOKEN');
    }
  });

  it('https:// or libsql:// to a server without TLS: TLS failed', async () => {
    for (const scheme of ['https:', 'libsql:']) {
      const env = { DATABASE_URL: sqld.url.replace('http:', scheme), TURSO_AUTH_TOKEN: sqld.authToken };
      expect((await migrate(env)).stderr).toBe('Migration failed: TLS failed: for a local server use http://');
      expect((await createAdmin(env)).stderr).toBe('Failed: TLS failed: for a local server use http://');
    }
  });

  it('nothing listening: cannot reach the database at its host', async () => {
    const port = await freePort();
    const m = await migrate({ DATABASE_URL: `http://127.0.0.1:${port}`, TURSO_AUTH_TOKEN: sqld.authToken });
    expect(m.code).toBe(1);
    expect(m.stderr).toBe(`Migration failed: cannot reach the database at 127.0.0.1:${port}: check DATABASE_URL`);
  });

  it('as scripts: not migrated, then migrated, then the admin is created', async () => {
    const env = { DATABASE_URL: sqld.url, TURSO_AUTH_TOKEN: sqld.authToken };
    const before = await runScript('admin-cli.ts', ADMIN_ARGS, env);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('the database is not migrated: run npm run db:migrate');
    const wrong = await runScript('migrate-cli.ts', [], { ...env, TURSO_AUTH_TOKEN: 'not-a-jwt' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('Migration failed: authentication failed (HTTP 401): check TURSO_AUTH_TOKEN');
    expect(wrong.stderr).not.toMatch(/Failed query|CREATE TABLE/);
    const m = await runScript('migrate-cli.ts', [], env);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toContain(`Migrations applied to ${sqld.url}`);
    const after = await createAdmin(env);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/Created admin anna@desk\.test/);
  }, 60_000);
});
