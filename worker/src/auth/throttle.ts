import type { CounterRef } from '../db/repo/staff';
import { sha256Hex } from '../lib/ids';

const MINUTE = 60_000;

/** Failed logins allowed per account in one window before further attempts are refused. */
export const ACCOUNT_FAILURE_LIMIT = 5;
export const ACCOUNT_WINDOW_MS = 15 * MINUTE;
/** Failed logins allowed per client IP in one window (wider: an office shares one address). */
export const IP_FAILURE_LIMIT = 20;
export const IP_WINDOW_MS = 60 * MINUTE;

/** A fixed window of `size` ms containing `now`, and the whole seconds until it ends (for Retry-After). */
export function fixedWindow(now: number, size: number): { windowStart: number; retryAfterSeconds: number } {
  const windowStart = Math.floor(now / size) * size;
  return { windowStart, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + size - now) / 1000)) };
}

export interface LoginCounters {
  account: CounterRef;
  ip: CounterRef;
  accountRetryAfter: number;
  ipRetryAfter: number;
}

/**
 * The failure counters a login attempt is checked against. Keys are hashed with the deployment secret so
 * the table reveals neither e-mail addresses nor IPs.
 */
export async function loginCounters(secret: string, email: string, ip: string, now: number): Promise<LoginCounters> {
  const acct = fixedWindow(now, ACCOUNT_WINDOW_MS);
  const byIp = fixedWindow(now, IP_WINDOW_MS);
  const [acctHash, ipHash] = await Promise.all([
    sha256Hex(`${secret}\u0000${email}`),
    sha256Hex(`${secret}\u0000${ip}`),
  ]);
  return {
    account: { key: `login:acct:${acctHash}`, windowStart: acct.windowStart },
    ip: { key: `login:ip:${ipHash}`, windowStart: byIp.windowStart },
    accountRetryAfter: acct.retryAfterSeconds,
    ipRetryAfter: byIp.retryAfterSeconds,
  };
}

/** Seconds to wait when either counter is at its limit, else undefined. */
export function throttledFor(c: LoginCounters, accountFailures: number, ipFailures: number): number | undefined {
  const waits: number[] = [];
  if (accountFailures >= ACCOUNT_FAILURE_LIMIT) waits.push(c.accountRetryAfter);
  if (ipFailures >= IP_FAILURE_LIMIT) waits.push(c.ipRetryAfter);
  return waits.length ? Math.max(...waits) : undefined;
}

/**
 * The caller's IP for throttling. On Workers cf-connecting-ip is set by Cloudflare and cannot be forged;
 * x-forwarded-for only matters behind a local proxy. Capped so a silly header cannot inflate the hashing.
 */
export function clientIp(header: (name: string) => string | undefined): string {
  const cf = header('cf-connecting-ip')?.trim();
  const forwarded = header('x-forwarded-for')?.split(',')[0]?.trim();
  return (cf || forwarded || 'unknown').slice(0, 64);
}
