import type { Db } from './db/client';
import type { AnswerCache } from './http/availability-answers';
import { parseTrustProxy, type IpNetwork } from './http/client-address';
import { parseAllowedOrigins, type InvalidOrigin } from './http/origins';
import type { Ids } from './lib/ids';
import type { Logger } from './lib/log';
import type { Subrequests } from './lib/subrequests';
import type { SmsProvider } from './sms/provider';

/** The clock, injected so tests and cron runs decide what "now" is. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Deployment configuration that does not live in the database (env vars and secrets). */
export interface AppConfig {
  /** Where the deployment is reached from outside, for links in SMS and provider callbacks. No trailing slash. */
  publicBaseUrl: string;
  /** Origins allowed to call the public API from a browser, normalised (http/origins.ts); '*' allows any. */
  allowedOrigins: string[];
  /**
   * ALLOWED_ORIGINS entries that are not origins, left out of `allowedOrigins`: `npm start` refuses to start
   * with them, the Worker logs them (allowed_origins_invalid) and carries on without them.
   */
  invalidAllowedOrigins?: InvalidOrigin[];
  /**
   * The database URL (without its query string) and the variable that sets it, so a log line can name the
   * host and the variable to check (describeDatabaseError). Never the token.
   */
  database?: { url: string; urlVariable: string };
  /** When set, POST /api/public/requests requires a valid Turnstile token. */
  turnstileSecret?: string;
  turnstileVerifyUrl: string;
  /** Turnstile's public site key: when set, the widget renders the challenge and sends its token. */
  turnstileSiteKey?: string;
  /** Where the widget loads Turnstile's script from (explicit rendering, so it renders inside the shadow root). */
  turnstileScriptUrl: string;
  /**
   * HASH_SECRET: keys the iCal feed tokens and the hashed rate-limit and sign-in counters (stored keys
   * reveal no e-mail or IP address). Undefined when not configured: the Worker then refuses staff and iCal
   * routes (requireHashSecretMiddleware); `npm start` fills it from a secret generated in the data folder.
   */
  hashSecret?: string;
  /**
   * Proxies whose X-Forwarded-For the Node runtime believes (TRUST_PROXY: addresses or CIDRs, `loopback`).
   * Empty or absent: the socket's address is the client's. Ignored on Workers (CF-Connecting-IP).
   */
  trustProxy?: IpNetwork[];
  /**
   * At most this many open (unconfirmed) requests made from one client address at once, IPv6 by its /64
   * (MAX_OPEN_REQUESTS_PER_ADDRESS; default 3), so one client cannot hold every free slot.
   */
  maxOpenRequestsPerAddress?: number;
  /** 'local' enables /__scheduled and the demo page. */
  runtime: 'worker' | 'local' | 'test';
  /**
   * At most this many SMS sends per dispatcher run (SMS_MAX_PER_RUN; default 40), on top of the subrequest
   * budget: it bounds how long a run holds its claims and how much CPU it spends.
   */
  smsMaxPerRun?: number;
  /**
   * Subrequests one Worker invocation may make (SUBREQUEST_BUDGET; default 50, the free plan's limit; the
   * Paid plan allows 10,000). Database round trips, SMS sends and Turnstile checks all count.
   */
  subrequestBudget?: number;
}

/** The outbox as use cases see it. */
export interface Outbox {
  /**
   * Sends what the change just queued without waiting for the next cron tick. Returns at once; the
   * sending runs after the response (through `defer`), and not at all where there is no `defer` (tests).
   */
  sendSoon(): void;
}

export interface AppDeps {
  db: Db;
  clock: Clock;
  ids: Ids;
  sms: SmsProvider;
  config: AppConfig;
  /** Outbound HTTP (Turnstile, SMS providers); injected so tests point it at fakes on loopback. */
  fetch: typeof fetch;
  log: Logger;
  /**
   * Runs work after the response is sent (ctx.waitUntil in the Worker; fire-and-forget with error logging
   * on Node). Absent in tests, which dispatch explicitly. Used to send SMS right after the write that
   * queued them, instead of waiting for the next cron tick.
   */
  defer?: (work: Promise<unknown>) => void;
  /**
   * This invocation's subrequest meter (lib/subrequests.ts), fed by the wrappers around `db`'s client,
   * `fetch` and `sms`. The Worker always has one, and so has a tick of `npm start`; without one nothing is
   * limited but SMS_MAX_PER_RUN (Node requests, most tests).
   */
  subrequests?: Subrequests;
  /** Built by `withOutbox` (outbox/dispatch.ts) from the other deps. */
  outbox: Outbox;
  /**
   * Computed public availability answers kept between requests (http/availability-answers.ts): the Cache
   * API on Workers, a small map on Node. Absent: every answer is computed (the ETag still spares the body).
   */
  answers?: AnswerCache;
}

/**
 * The parts of AppDeps that one request or cron invocation owns: the database client (a Worker must not
 * share I/O objects between requests), `defer` (that request's waitUntil), the outbox that binds them, and
 * the subrequest meter (each invocation has its own budget; it wraps the isolate's fetch and SMS provider).
 */
export type RequestScoped = 'db' | 'defer' | 'outbox' | 'subrequests';

/**
 * What lives as long as the isolate (or the Node process): config, log, ids, clock, SMS provider, fetch
 * (an invocation counts its calls through them with lib/subrequests.ts `meterInvocation`).
 */
export type IsolateDeps = Omit<AppDeps, RequestScoped>;

export const DEFAULT_TURNSTILE_VERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';
export const DEFAULT_TURNSTILE_SCRIPT_URL = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';

/** Builds the config from string env vars (Worker bindings or process.env). */
export function configFromEnv(env: Record<string, string | undefined>, runtime: AppConfig['runtime']): AppConfig {
  const port = env.PORT ?? '8787';
  const origins = parseAllowedOrigins(env.ALLOWED_ORIGINS);
  return {
    publicBaseUrl: (env.PUBLIC_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    allowedOrigins: origins.any ? ['*'] : origins.origins,
    invalidAllowedOrigins: origins.invalid,
    ...databaseForLogs(env, runtime),
    turnstileSecret: env.TURNSTILE_SECRET || undefined,
    turnstileVerifyUrl: env.TURNSTILE_VERIFY_URL || DEFAULT_TURNSTILE_VERIFY_URL,
    turnstileSiteKey: env.TURNSTILE_SITE_KEY || undefined,
    turnstileScriptUrl: env.TURNSTILE_SCRIPT_URL || DEFAULT_TURNSTILE_SCRIPT_URL,
    hashSecret: env.HASH_SECRET?.trim() || undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    runtime,
    smsMaxPerRun: positiveInt(env.SMS_MAX_PER_RUN),
    subrequestBudget: positiveInt(env.SUBREQUEST_BUDGET),
    maxOpenRequestsPerAddress: positiveInt(env.MAX_OPEN_REQUESTS_PER_ADDRESS),
  };
}

/** Thrown when code that needs HASH_SECRET runs without it; the routes that need it refuse earlier (503). */
export class MissingHashSecretError extends Error {
  constructor() {
    super('HASH_SECRET is not configured');
    this.name = 'MissingHashSecretError';
  }
}

/** The configured HASH_SECRET; throws when there is none (never a public fallback constant). */
export function requireHashSecret(config: Pick<AppConfig, 'hashSecret'>): string {
  if (!config.hashSecret) throw new MissingHashSecretError();
  return config.hashSecret;
}

/** Where the runtime's database is configured: TURSO_DATABASE_URL on Workers, DATABASE_URL on Node. */
function databaseForLogs(
  env: Record<string, string | undefined>,
  runtime: AppConfig['runtime'],
): Pick<AppConfig, 'database'> {
  const urlVariable = runtime === 'worker' ? 'TURSO_DATABASE_URL' : 'DATABASE_URL';
  const url = env[urlVariable]?.trim();
  return url ? { database: { url: url.split('?')[0]!, urlVariable } } : {};
}

/** A positive integer setting, or undefined (the default applies) when unset or malformed. */
function positiveInt(v: string | undefined): number | undefined {
  if (v === undefined || !/^\s*\d+\s*$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
