/**
 * `npm start`: the whole system on Node with an embedded libSQL file, demo data and the console SMS
 * provider. Same Hono app and same scheduled jobs as the Worker; only this wiring differs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Cron } from 'croner';
import { configFromEnv, systemClock, type AppDeps } from '../deps';
import { passwordProblem, PASSWORD_MIN } from '../auth/password-policy';
import { describeInvalidOrigin } from '../http/origins';
import { DEFAULT_ADMIN_EMAIL, ensureFirstAdmin } from '../db/repo/staff';
import { t } from '../i18n';
import { seedDemoData } from '../db/seed';
import { runScheduled, type ScheduledEvent, type ScheduledReport } from '../jobs/scheduled';
import { withOutbox } from '../outbox/dispatch';
import { memoryAnswers } from '../http/availability-answers';
import { cryptoIds } from '../lib/ids';
import { consoleLogger } from '../lib/log';
import { meterInvocation } from '../lib/subrequests';
import { createDb } from '../db/client';
import { smsProviderFromEnv } from '../sms/select';
import { DEFAULT_DATABASE_URL, openDatabase } from './database';
import { createLocalApp, SCHEDULED_HEADER } from './local-app';
import { localDataDir, localHashSecret, LOCAL_SECRET_FILE } from './local-secret';
import { applyMigrations } from './migrate';
import { readWranglerCrons } from './wrangler-config';

export const PUBLIC_DIR = fileURLToPath(new URL('../../../public', import.meta.url));

const env = process.env;
const port = Number(env.PORT || 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${JSON.stringify(env.PORT)}`);
  process.exit(1);
}
const host = env.HOST || '127.0.0.1';
const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;

if (env.ADMIN_PASSWORD) {
  // The same rule as the portal and the CLI: a weak first-admin password is refused before anything starts.
  const problem = passwordProblem(env.ADMIN_PASSWORD, env.ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL);
  if (problem) {
    console.error(`ADMIN_PASSWORD is refused: ${t('en', problem, { max: PASSWORD_MIN })}`);
    console.error('Set a stronger one, or leave ADMIN_PASSWORD unset to have a password generated and shown once.');
    process.exit(1);
  }
}

const { client, db } = openDatabase(databaseUrl, env.TURSO_AUTH_TOKEN || undefined);
const ids = cryptoIds();
const log = consoleLogger();
const config = configFromEnv({ ...env, PORT: String(port) }, 'local');
if (config.invalidAllowedOrigins?.length) {
  // Locally a bad entry stops the start, naming it; the Worker logs it and carries on without it.
  for (const bad of config.invalidAllowedOrigins) console.error(describeInvalidOrigin(bad));
  process.exit(1);
}
if (!config.hashSecret) {
  // No HASH_SECRET: one generated on first start and kept in the data folder (never a public constant).
  const dataDir = localDataDir(databaseUrl);
  const local = localHashSecret(dataDir);
  config.hashSecret = local.secret;
  if (local.created) console.log(`HASH_SECRET not set: generated one in ${join(dataDir, LOCAL_SECRET_FILE)}`);
}
const fetchFn = globalThis.fetch.bind(globalThis);
const sms = smsProviderFromEnv(env, { fetch: fetchFn, publicBaseUrl: config.publicBaseUrl });
if (sms.errors.length > 0) {
  // A sender the provider would refuse: say which variable and stop, before any message is queued.
  for (const e of sms.errors) console.error(`SMS: ${e}`);
  process.exit(1);
}
// Names of missing variables only, never their values.
for (const w of sms.warnings) console.warn(`SMS: ${w}`);

const deps: AppDeps = withOutbox({
  db,
  clock: systemClock,
  ids,
  sms: sms.provider,
  config,
  fetch: fetchFn,
  log,
  // One process serves every request: a small map is its Cache API (http/availability-answers.ts).
  answers: memoryAnswers(),
  // Like waitUntil in the Worker: the response does not wait; a failure is logged, never thrown.
  defer: (work) =>
    void work.catch((err: unknown) =>
      log.error('deferred_work_failed', { error: err instanceof Error ? err.name : typeof err }),
    ),
});

await applyMigrations(db);

if ((env.SEED ?? '').toLowerCase() !== 'none') {
  const { seeded } = await seedDemoData(db, systemClock.now(), ids);
  if (seeded)
    console.log(
      'Demo data created: desk "Sportello Lavoro", 4 services, 3 volunteers, a few bookings ahead and 12 weeks of past appointments.',
    );
}

const admin = await ensureFirstAdmin(
  db,
  env.ADMIN_EMAIL || env.ADMIN_PASSWORD
    ? { email: env.ADMIN_EMAIL ?? '', password: env.ADMIN_PASSWORD || undefined }
    : undefined,
  ids,
  systemClock.now(),
);
if (admin.created && admin.generatedPassword) {
  console.log(`First admin created: ${admin.email}`);
  console.log(`  password (shown only now; change it after signing in): ${admin.generatedPassword}`);
} else if (admin.created) {
  console.log(`First admin created: ${admin.email} (password from ADMIN_PASSWORD)`);
}

/** A scheduled run's deps: counted against SUBREQUEST_BUDGET as a Worker's cron event is, so ticks match. */
function tickDeps(event: ScheduledEvent): AppDeps {
  const io = meterInvocation({ client, fetch: fetchFn, sms: sms.provider }, config.subrequestBudget);
  return withOutbox({
    ...deps,
    db: createDb(io.client),
    fetch: io.fetch,
    sms: io.sms,
    subrequests: io.subrequests,
    clock: { now: () => event.scheduledTime },
  });
}

// One scheduled run at a time locally, whether fired by a timer or by /__scheduled: simple and deterministic.
let queue: Promise<unknown> = Promise.resolve();
function runSerialised(event: ScheduledEvent): Promise<ScheduledReport> {
  const run = queue.then(() => runScheduled(tickDeps(event), event));
  queue = run.catch(() => undefined);
  return run;
}

const crons = readWranglerCrons();
const app = createLocalApp(deps, { crons, publicDir: PUBLIC_DIR, runScheduled: runSerialised });

const jobs = crons.map(
  (expr) =>
    // UTC, as Cloudflare runs Cron Triggers; protect: a slow run is never overlapped by the next tick.
    new Cron(expr, { timezone: 'UTC', protect: true }, async (job: Cron) => {
      const actual = job.currentRun() ?? new Date();
      // The planned fire time (timers fire a little late), as controller.scheduledTime would be.
      const planned = job.previousRuns(1, new Date(actual.getTime() + 1))[0] ?? actual;
      try {
        await runSerialised({ cron: expr, scheduledTime: planned.getTime() });
      } catch (err) {
        log.error('local_cron_failed', { cron: expr, error: err instanceof Error ? err.name : typeof err });
      }
    }),
);

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const base = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${info.port}`;
  console.log('');
  console.log(`Sportello is running (database ${databaseUrl.split('?')[0]}, SMS provider ${sms.provider.name})`);
  console.log(`  Demo page (the association's site): ${base}/`);
  // The admin portal is built into public/admin; until it exists there is nothing to point at.
  if (existsSync(join(PUBLIC_DIR, 'admin'))) console.log(`  Admin portal:                       ${base}/admin`);
  console.log(`  API:                                ${base}/api/health`);
  console.log(
    `  Run the cron jobs now:              curl -H '${SCHEDULED_HEADER}: 1' '${base}/__scheduled?cron=${encodeURIComponent(crons[0] ?? '*/10 * * * *')}'`,
  );
  for (const [i, job] of jobs.entries()) {
    console.log(`  Cron "${crons[i]}" (UTC), next run ${job.nextRun()?.toISOString() ?? 'never'}`);
  }
  console.log('Press Ctrl+C to stop.');
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal} received, stopping…`);
  for (const job of jobs) job.stop();
  // Force the exit if an open connection keeps the server from closing.
  const force = setTimeout(() => process.exit(0), 5_000);
  force.unref();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await queue;
  client.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
