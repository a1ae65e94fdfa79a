import { createClient } from '@libsql/client/web';
import { createApp } from './app';
import { createDb } from './db/client';
import { configFromEnv, systemClock, type AppDeps, type Clock } from './deps';
import { errorBody } from './errors';
import { pickLang } from './i18n';
import { runScheduled } from './jobs/scheduled';
import { withOutbox } from './outbox/dispatch';
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

/**
 * Dependencies for one request or cron event. The libSQL client is created each time: Workers must not
 * reuse I/O objects across requests, and over HTTP a client is only a URL and a token.
 */
function buildDeps(env: Env, clock: Clock, ctx?: ExecutionContext): AppDeps {
  if (!env.TURSO_DATABASE_URL) throw new Error('TURSO_DATABASE_URL is not set');
  const vars = stringVars(env);
  const config = configFromEnv(vars, 'worker');
  const log = consoleLogger();
  const fetchFn = globalThis.fetch.bind(globalThis);
  const { provider, warnings } = smsProviderFromEnv(vars, { fetch: fetchFn, publicBaseUrl: config.publicBaseUrl });
  // Variable names only, never their values.
  for (const w of warnings) log.warn('sms_provider_config', { problem: w });
  // Every database round trip and outbound call of this invocation counts against the plan's limit.
  const io = meterInvocation(
    {
      client: createClient({ url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN }),
      fetch: fetchFn,
      sms: provider,
    },
    config.subrequestBudget,
  );
  return withOutbox({
    db: createDb(io.client),
    clock,
    ids: cryptoIds(),
    sms: io.sms,
    config,
    fetch: io.fetch,
    log,
    subrequests: io.subrequests,
    // Work after the response (SMS right after the write that queued them) lives as long as the invocation allows.
    ...(ctx ? { defer: (work: Promise<unknown>) => ctx.waitUntil(work) } : {}),
  });
}

export default {
  async fetch(request, env, ctx) {
    let deps: AppDeps;
    try {
      deps = buildDeps(env, systemClock, ctx);
    } catch (err) {
      // A deployment without its database configured: say so in the log, answer with the error body.
      consoleLogger().error('worker_misconfigured', { error: err instanceof Error ? err.message : 'unknown' });
      const lang = pickLang(new URL(request.url).searchParams.get('lang'), request.headers.get('accept-language'));
      return Response.json(errorBody('internal_error', lang), { status: 500 });
    }
    return createApp(deps).fetch(request, env, ctx);
  },

  async scheduled(controller, env) {
    const scheduledTime = controller.scheduledTime;
    // "Now" for every job is the planned fire time, not when this invocation happened to start.
    const deps = buildDeps(env, { now: () => scheduledTime });
    // Awaited rather than handed to waitUntil: the invocation lasts as long as the jobs, and a failed job shows in Cron Events.
    const report = await runScheduled(deps, { cron: controller.cron, scheduledTime });
    if (!report.ok) throw new Error('scheduled run had failing jobs');
  },
} satisfies ExportedHandler<Env>;
