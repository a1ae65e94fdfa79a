/**
 * `npm run doctor`: checks a deployment's configuration end to end, from the machine you deploy from,
 * reading what the Worker reads: `[vars]` in wrangler.toml, with environment variables on top (the secrets,
 * which live only in Cloudflare, are passed the same way: `TURSO_AUTH_TOKEN=… HASH_SECRET=… npm run doctor`).
 * One line per check, `ok` or `PROBLEM` with what to do; exit code 1 when anything is wrong. No secret is
 * ever printed: the database shows by its host, the SMS provider by its account status.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client';
import { count, eq, sql } from 'drizzle-orm';
import { createDb, type Db } from '../db/client';
import { describeDatabaseError } from '../db/errors';
import { deskSettings, staffUsers } from '../db/schema';
import { describeInvalidOrigin, EXAMPLE_ALLOWED_ORIGIN, parseAllowedOrigins } from '../http/origins';
import { SMS_PROVIDERS, smsProviderFromEnv } from '../sms/select';
import { DEFAULT_TWILIO_API_BASE } from '../sms/twilio';
import type { CliIo } from './admin-cli';
import { MIGRATIONS_FOLDER } from './migrate';
import { parseWranglerVars, WRANGLER_TOML } from './wrangler-config';

/** Values wrangler.toml ships with: a deployment still carrying one is not configured yet. */
const EXAMPLE_DATABASE_URL = 'libsql://sportello-example.turso.io';
const EXAMPLE_PUBLIC_BASE_URL = 'https://sportello.example.workers.dev';
/** A secret shorter than this is guessable; `openssl rand -base64 32` gives 44 characters. */
const MIN_HASH_SECRET_LENGTH = 16;

type Env = Record<string, string | undefined>;

/** One check's outcome: `problem` says what is wrong and what to do; `skipped` when an earlier check failed. */
interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const ok = (name: string, detail: string): Check => ({ name, ok: true, detail });
const problem = (name: string, detail: string): Check => ({ name, ok: false, detail });

function value(env: Env, key: string): string | undefined {
  return env[key]?.trim() || undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url.split('?')[0]!;
  } catch {
    return '(not a URL)';
  }
}

/** The database: reachable with the token, migrated as far as drizzle/, the desk saved once, an admin to sign in. */
async function databaseChecks(env: Env): Promise<Check[]> {
  const url = value(env, 'TURSO_DATABASE_URL');
  if (!url) return [problem('database', 'TURSO_DATABASE_URL is not set: put the Turso URL in wrangler.toml [vars]')];
  if (url === EXAMPLE_DATABASE_URL) {
    return [problem('database', `TURSO_DATABASE_URL is still the example ${url}: put your database's URL`)];
  }
  let client;
  try {
    client = createClient({ url, authToken: value(env, 'TURSO_AUTH_TOKEN') });
  } catch (e) {
    return [problem('database', describeDatabaseError(e, { url }).message)];
  }
  const db = createDb(client);
  try {
    await db.run(sql`select 1`);
  } catch (e) {
    client.close();
    return [problem('database', describeDatabaseError(e, { url }).message)];
  }
  const checks = [ok('database', `reachable at ${hostOf(url)}`)];
  try {
    const migrations = await migrationCheck(db);
    checks.push(migrations);
    if (migrations.ok) checks.push(...(await contentChecks(db, env)));
  } catch (e) {
    checks.push(problem('migrations', describeDatabaseError(e, { url }).message));
  } finally {
    client.close();
  }
  return checks;
}

/** Compares the migrations the database has applied with the committed ones, as drizzle's migrator does. */
async function migrationCheck(db: Db): Promise<Check> {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  let last = -Infinity;
  try {
    const rows = await db.all<{ at: number | null }>(sql`select max(created_at) as at from __drizzle_migrations`);
    last = Number(rows[0]?.at ?? -Infinity);
  } catch (e) {
    if (describeDatabaseError(e).problem !== 'not_migrated') throw e;
  }
  // The migrator applies every committed migration newer than the last one applied.
  const pending = journal.entries.filter((m) => m.when > last);
  if (pending.length === journal.entries.length) {
    return problem('migrations', 'the database is not migrated: run npm run db:migrate (same URL and token)');
  }
  if (pending.length) {
    const names = pending.map((m) => m.tag).join(', ');
    return problem('migrations', `${pending.length} not applied (${names}): run npm run db:migrate`);
  }
  return ok('migrations', `all ${journal.entries.length} applied`);
}

/** The desk and the first admin: what a new deployment needs before the widget or the portal works. */
async function contentChecks(db: Db, env: Env): Promise<Check[]> {
  const [desk] = await db.select({ id: deskSettings.id }).from(deskSettings).limit(1);
  const [admins] = await db.select({ n: count() }).from(staffUsers).where(eq(staffUsers.role, 'admin'));
  const portal = `${(value(env, 'PUBLIC_BASE_URL') ?? 'https://<your worker>').replace(/\/+$/, '')}/admin`;
  return [
    (admins?.n ?? 0) > 0
      ? ok('admin', `${admins!.n} admin account${admins!.n === 1 ? '' : 's'}`)
      : problem('admin', 'no admin account: npm run admin -- create-user --role admin … (README, deploy step 3)'),
    desk
      ? ok('desk', 'configured')
      : problem(
          'desk',
          `not configured: sign in at ${portal} and save Impostazioni (the widget answers 503 until then)`,
        ),
  ];
}

/** The SMS provider's settings; Twilio's credentials are tried by fetching the account, which sends nothing. */
async function smsCheck(env: Env, fetchFn: typeof fetch): Promise<Check> {
  const name = (value(env, 'SMS_PROVIDER') ?? 'console').toLowerCase();
  if (name === 'console') return ok('sms', 'console: messages are stored and shown in the portal, not sent');
  if (!(SMS_PROVIDERS as readonly string[]).includes(name)) {
    return problem('sms', `SMS_PROVIDER=${name.slice(0, 40)} is not one of ${SMS_PROVIDERS.join(', ')}`);
  }
  // The same sender rules the Worker and `npm start` apply (an Alias over 11 characters, say).
  const { errors } = smsProviderFromEnv(env, { fetch: fetchFn, publicBaseUrl: value(env, 'PUBLIC_BASE_URL') ?? '' });
  if (errors.length) return problem('sms', `${name}: ${errors.join('; ')}`);
  if (name === 'smshosting') {
    const missing = ['SMSHOSTING_AUTH_KEY', 'SMSHOSTING_AUTH_SECRET'].filter((k) => !value(env, k));
    if (missing.length) return problem('sms', `smshosting: set ${missing.join(' and ')} (wrangler secret put)`);
    return ok('sms', 'smshosting: credentials set (not tried: SMSHosting has no call that sends nothing)');
  }
  const sid = value(env, 'TWILIO_ACCOUNT_SID');
  const token = value(env, 'TWILIO_AUTH_TOKEN');
  const missing = [!sid && 'TWILIO_ACCOUNT_SID', !token && 'TWILIO_AUTH_TOKEN'].filter(Boolean);
  if (!value(env, 'TWILIO_FROM') && !value(env, 'TWILIO_MESSAGING_SERVICE_SID')) {
    missing.push('TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID');
  }
  if (missing.length) return problem('sms', `twilio: set ${missing.join(', ')}`);
  const base = (value(env, 'TWILIO_API_BASE') ?? DEFAULT_TWILIO_API_BASE).replace(/\/+$/, '');
  let res: Response;
  try {
    res = await fetchFn(`${base}/2010-04-01/Accounts/${encodeURIComponent(sid!)}.json`, {
      headers: { Authorization: `Basic ${btoa(`${sid}:${token}`)}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return problem('sms', `twilio: cannot reach ${hostOf(base)}: check the network (or TWILIO_API_BASE)`);
  }
  if (res.status === 401 || res.status === 403 || res.status === 404) {
    return problem(
      'sms',
      `twilio: credentials refused (HTTP ${res.status}): check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN`,
    );
  }
  if (!res.ok) return problem('sms', `twilio: the account check answered HTTP ${res.status}: try again later`);
  // The body also holds the account's own auth token: only its status is read.
  const status = ((await res.json().catch(() => ({}))) as { status?: unknown }).status;
  if (status !== 'active') {
    return problem('sms', `twilio: the account is ${String(status).slice(0, 20)}, not active: see Twilio's console`);
  }
  return ok('sms', 'twilio: credentials accepted, account active');
}

function hashSecretCheck(env: Env): Check {
  const secret = value(env, 'HASH_SECRET');
  const how = 'npx wrangler secret put HASH_SECRET with the output of openssl rand -base64 32';
  if (!secret) return problem('HASH_SECRET', `not set (staff API and feeds answer 503): ${how}`);
  if (secret.length < MIN_HASH_SECRET_LENGTH) {
    return problem('HASH_SECRET', `shorter than ${MIN_HASH_SECRET_LENGTH} characters: ${how}`);
  }
  return ok('HASH_SECRET', 'set');
}

function originsCheck(env: Env): Check {
  const raw = env.ALLOWED_ORIGINS;
  if (raw === undefined)
    return problem('ALLOWED_ORIGINS', "not set (any website may call the API): put the association's website");
  const parsed = parseAllowedOrigins(raw);
  if (parsed.invalid.length) return problem('ALLOWED_ORIGINS', parsed.invalid.map(describeInvalidOrigin).join('; '));
  if (parsed.origins.includes(EXAMPLE_ALLOWED_ORIGIN)) {
    return problem('ALLOWED_ORIGINS', `still the example ${EXAMPLE_ALLOWED_ORIGIN}: put the association's website`);
  }
  if (parsed.any) return ok('ALLOWED_ORIGINS', '* (any website may embed the widget)');
  if (!parsed.origins.length) return problem('ALLOWED_ORIGINS', 'empty: no website can embed the widget');
  return ok('ALLOWED_ORIGINS', parsed.origins.join(', '));
}

function publicBaseUrlCheck(env: Env): Check {
  const url = value(env, 'PUBLIC_BASE_URL');
  if (!url)
    return problem('PUBLIC_BASE_URL', "not set: the Worker's address, e.g. https://sportello.<subdomain>.workers.dev");
  if (url === EXAMPLE_PUBLIC_BASE_URL)
    return problem('PUBLIC_BASE_URL', `still the example ${url}: put the Worker's address`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return problem('PUBLIC_BASE_URL', `${JSON.stringify(url)} is not an address`);
  }
  if (parsed.protocol !== 'https:')
    return problem('PUBLIC_BASE_URL', 'must start with https:// (links in SMS, Twilio callbacks)');
  if (url.endsWith('/')) return problem('PUBLIC_BASE_URL', `remove the trailing slash: ${url.replace(/\/+$/, '')}`);
  if (parsed.search || parsed.hash) return problem('PUBLIC_BASE_URL', 'must have no ?query or #fragment');
  return ok('PUBLIC_BASE_URL', url);
}

function turnstileCheck(env: Env): Check {
  const site = value(env, 'TURNSTILE_SITE_KEY');
  const secret = value(env, 'TURNSTILE_SECRET');
  if (site && !secret) return problem('Turnstile', 'TURNSTILE_SITE_KEY without TURNSTILE_SECRET: set both or neither');
  if (secret && !site) return problem('Turnstile', 'TURNSTILE_SECRET without TURNSTILE_SITE_KEY: set both or neither');
  return ok('Turnstile', site ? 'on' : 'off (optional)');
}

export const DOCTOR_USAGE = `Usage: npm run doctor [-- --config <wrangler.toml>]

Checks the deployment configured in wrangler.toml [vars], with environment variables on top. Pass the
secrets the Worker has as environment variables, e.g.
  TURSO_AUTH_TOKEN=… HASH_SECRET=… TWILIO_AUTH_TOKEN=… npm run doctor
Exit codes: 0 all good, 1 a problem (see its line), 2 wrong usage.`;

/** Runs every check and prints one line each; returns the exit code. Separate from the process so tests can call it. */
export async function runDoctor(
  argv: string[],
  processEnv: Env,
  io: CliIo,
  fetchFn: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<number> {
  let configPath = WRANGLER_TOML;
  try {
    const { values } = parseArgs({ args: argv, strict: true, options: { config: { type: 'string' } } });
    configPath = values.config ?? configPath;
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n\n${DOCTOR_USAGE}`);
    return 2;
  }
  let vars: Record<string, string>;
  try {
    vars = parseWranglerVars(readFileSync(configPath, 'utf8'));
  } catch {
    io.err(`Cannot read ${configPath}.\n\n${DOCTOR_USAGE}`);
    return 2;
  }
  const env: Env = { ...vars };
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env[k] = v;

  const checks = [
    ...(await databaseChecks(env)),
    await smsCheck(env, fetchFn),
    hashSecretCheck(env),
    originsCheck(env),
    publicBaseUrlCheck(env),
    turnstileCheck(env),
  ];
  const width = Math.max(...checks.map((c) => c.name.length));
  // Every line on stdout, in order; only the verdict on a problem goes to stderr.
  for (const c of checks) io.out(`${c.ok ? 'ok     ' : 'PROBLEM'} ${c.name.padEnd(width)}  ${c.detail}`);
  const problems = checks.filter((c) => !c.ok).length;
  if (problems)
    io.err(
      `${problems} problem${problems === 1 ? '' : 's'}: fix ${problems === 1 ? 'it' : 'them'} and run npm run doctor again.`,
    );
  else io.out('Everything checked is in order.');
  return problems ? 1 : 0;
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  process.exitCode = await runDoctor(process.argv.slice(2), process.env, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
}
