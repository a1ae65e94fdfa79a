import type { Client } from '@libsql/client';
import { createApp } from './app';
import { createDb } from './db/client';
import { createHranaClient, hranaEndpoint } from './db/hrana-http';
import { configFromEnv, systemClock, type AppDeps, type Clock, type IsolateDeps } from './deps';
import { errorBody } from './errors';
import { EXAMPLE_ALLOWED_ORIGIN } from './http/origins';
import { pickLang } from './i18n';
import { runScheduled } from './jobs/scheduled';
import { answerThenSend, withOutbox } from './outbox/dispatch';
import { cryptoIds } from './lib/ids';
import { consoleLogger } from './lib/log';
import { meterInvocation } from './lib/subrequests';
import { smsProviderFromEnv } from './sms/select';

/** Worker bindings: [vars] from wrangler.toml, secrets from `wrangler secret put`, the static assets. */
export interface Env {
  TURSO_DATABASE_URL?: string;
  TURSO_AUTH_TOKEN?: string;
  PUBLIC_BASE_URL?: string;
  ALLOWED_ORIGINS?: string;
  TURNSTILE_SECRET?: string;
  TURNSTILE_SITE_KEY?: string;
  TURNSTILE_SCRIPT_URL?: string;
  TURNSTILE_VERIFY_URL?: string;
  HASH_SECRET?: string;
  SMS_PROVIDER?: string;
  SMS_MAX_PER_RUN?: string;
  SUBREQUEST_BUDGET?: string;
  TWILIO_ACCOUNT_SID?: string;
  TWILIO_AUTH_TOKEN?: string;
  TWILIO_FROM?: string;
  TWILIO_MESSAGING_SERVICE_SID?: string;
  TWILIO_API_BASE?: string;
  SMSHOSTING_AUTH_KEY?: string;
  SMSHOSTING_AUTH_SECRET?: string;
  SMSHOSTING_FROM?: string;
  SMSHOSTING_API_BASE?: string;
  SMSHOSTING_CALLBACK_TOKEN?: string;
  ASSETS: Fetcher;
}

/** The string-valued bindings, as configFromEnv reads them. */
function stringVars(env: Env): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** What an isolate builds once: its bindings are fixed for its whole life. */
interface Isolate {
  env: Env;
  /** The database client: it holds only the URL and the token (each call is its own fetch), so one serves every request. */
  database: Client;
  deps: IsolateDeps;
}

let isolate: Isolate | undefined;

/**
 * The isolate's dependencies (config, SMS provider and its warnings, log, ids), built from `env` on first use.
 * Keyed by the env object, so a different one (tests start several Workers in one process) gets its own.
 */
function isolateFor(env: Env): Isolate {
  if (isolate?.env === env) return isolate;
  if (!env.TURSO_DATABASE_URL) throw new Error('TURSO_DATABASE_URL is not set');
  const database = createHranaClient(hranaEndpoint(env.TURSO_DATABASE_URL, env.TURSO_AUTH_TOKEN));
  const vars = stringVars(env);
  const config = configFromEnv(vars, 'worker');
  const fetchFn = globalThis.fetch.bind(globalThis);
  const log = consoleLogger();
  const { provider, warnings } = smsProviderFromEnv(vars, { fetch: fetchFn, publicBaseUrl: config.publicBaseUrl });
  // Variable names only, never their values.
  for (const w of warnings) log.warn('sms_provider_config', { problem: w });
  // Once per isolate: an entry that is not an origin is left out (npm start refuses it instead).
  for (const bad of config.invalidAllowedOrigins ?? []) {
    log.warn('allowed_origins_invalid', { entry: bad.entry.slice(0, 200), problem: bad.reason });
  }
  if (config.allowedOrigins.includes(EXAMPLE_ALLOWED_ORIGIN)) {
    log.warn('allowed_origins_example', { problem: `ALLOWED_ORIGINS still lists ${EXAMPLE_ALLOWED_ORIGIN}` });
  }
  const deps: IsolateDeps = { clock: systemClock, ids: cryptoIds(), sms: provider, config, fetch: fetchFn, log };
  isolate = { env, database, deps };
  return isolate;
}

/**
 * What one request or cron event owns, but its outbox (bound by the caller): the drizzle handle over the
 * isolate's database client, counted. Every database round trip, SMS and Turnstile check of the invocation
 * counts against its subrequest budget (lib/subrequests.ts).
 */
function invocationDeps(env: Env, clock?: Clock, ctx?: ExecutionContext): Omit<AppDeps, 'outbox'> {
  const { database, deps } = isolateFor(env);
  const io = meterInvocation({ client: database, fetch: deps.fetch, sms: deps.sms }, deps.config.subrequestBudget);
  return {
    ...deps,
    ...(clock ? { clock } : {}),
    db: createDb(io.client),
    fetch: io.fetch,
    sms: io.sms,
    subrequests: io.subrequests,
    // Work after the response (SMS right after the write that queued them) lives as long as the invocation allows.
    ...(ctx ? { defer: (work: Promise<unknown>) => ctx.waitUntil(work) } : {}),
  };
}

/** Each request's deps, from fetch() below to the app, which is built once and finds them by the request. */
const depsByRequest = new WeakMap<Request, AppDeps>();

const app = createApp((c) => {
  const deps = depsByRequest.get(c.req.raw);
  if (!deps) throw new Error('no deps for this request');
  return deps;
});

export default {
  async fetch(request, env, ctx) {
    let base: Omit<AppDeps, 'outbox'>;
    try {
      base = invocationDeps(env, undefined, ctx);
    } catch (err) {
      // A deployment without its database configured: say so in the log, answer with the error body.
      consoleLogger().error('worker_misconfigured', { error: err instanceof Error ? err.message : 'unknown' });
      const lang = pickLang(new URL(request.url).searchParams.get('lang'), request.headers.get('accept-language'));
      return Response.json(errorBody('internal_error', lang), { status: 500 });
    }
    // The sending the request defers starts once it has answered: both share the invocation's budget.
    return answerThenSend(base, async (deps) => {
      depsByRequest.set(request, deps);
      return app.fetch(request, env, ctx);
    });
  },

  async scheduled(controller, env) {
    const scheduledTime = controller.scheduledTime;
    // "Now" for every job is the planned fire time, not when this invocation happened to start.
    const deps = withOutbox(invocationDeps(env, { now: () => scheduledTime }));
    // Awaited rather than handed to waitUntil: the invocation lasts as long as the jobs, and a failed job shows in Cron Events.
    const report = await runScheduled(deps, { cron: controller.cron, scheduledTime });
    if (!report.ok) throw new Error('scheduled run had failing jobs');
  },
} satisfies ExportedHandler<Env>;
