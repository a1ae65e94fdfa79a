/*
 * Sign-in throttling that an attacker cannot turn against the owner of an account.
 *
 * A failed sign-in counts on three fixed-window counters:
 *  - the (account, address) pair: 5 failures in 15 minutes lock that pair, and only that pair. A stranger
 *    hammering an account from their addresses locks themselves out, never the owner at their own desk.
 *  - the address: 20 failures in an hour across all accounts lock the address (an office shares one, so
 *    the cap is wide); this stops one address from spraying guesses over many accounts.
 *  - the account, from every address: once it passes 20 failures in an hour the account is "under attack"
 *    and each pair may fail only twice. A guesser with many addresses then gets two tries per address per
 *    window, while the owner, who has not failed from their address, still signs in.
 * Addresses are counted by rateLimitKey (an IPv6 /64 as one), so a single home cannot pose as millions.
 * A successful sign-in clears its pair counter only: the account and address counters keep the pressure on.
 */
import type { CounterRef } from '../db/repo/staff';
import { sha256Hex } from '../lib/ids';

const MINUTE = 60_000;

/** Failed sign-ins allowed per (account, address) pair in one window. */
export const PAIR_FAILURE_LIMIT = 5;
export const PAIR_WINDOW_MS = 15 * MINUTE;
/** Failed sign-ins allowed per address in one window, across accounts (wider: an office shares one address). */
export const ADDRESS_FAILURE_LIMIT = 20;
export const ADDRESS_WINDOW_MS = 60 * MINUTE;
/** Failures on one account, from any address, after which the account counts as under attack. */
export const ACCOUNT_ATTACK_THRESHOLD = 20;
export const ACCOUNT_WINDOW_MS = 60 * MINUTE;
/** Failed sign-ins allowed per pair while the account is under attack (the owner may still mistype once). */
export const PAIR_FAILURE_LIMIT_UNDER_ATTACK = 2;

/** A fixed window of `size` ms containing `now`, and the whole seconds until it ends (for Retry-After). */
export function fixedWindow(now: number, size: number): { windowStart: number; retryAfterSeconds: number } {
  const windowStart = Math.floor(now / size) * size;
  return { windowStart, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + size - now) / 1000)) };
}

/** A counter and the seconds until its window ends. */
export interface LoginCounter extends CounterRef {
  retryAfterSeconds: number;
}

export interface LoginCounters {
  pair: LoginCounter;
  address: LoginCounter;
  account: LoginCounter;
}

/** The failure counts read for one attempt, in the order of LoginCounters. */
export interface LoginFailures {
  pair: number;
  address: number;
  account: number;
}

/**
 * The failure counters a sign-in attempt is checked against. `address` is the caller's rateLimitKey. Keys
 * are hashed with the deployment secret so the table reveals neither e-mail addresses nor IPs.
 */
export async function loginCounters(
  secret: string,
  email: string,
  address: string,
  now: number,
): Promise<LoginCounters> {
  const counter = async (prefix: string, material: string, size: number): Promise<LoginCounter> => {
    const { windowStart, retryAfterSeconds } = fixedWindow(now, size);
    return { key: `${prefix}:${await sha256Hex(`${secret}\u0000${material}`)}`, windowStart, retryAfterSeconds };
  };
  const [pair, byAddress, account] = await Promise.all([
    counter('login:pair', `${email}\u0000${address}`, PAIR_WINDOW_MS),
    counter('login:ip', address, ADDRESS_WINDOW_MS),
    counter('login:acct', email, ACCOUNT_WINDOW_MS),
  ]);
  return { pair, address: byAddress, account };
}

/** Seconds to wait when this attempt is throttled, else undefined. */
export function throttledFor(c: LoginCounters, failures: LoginFailures): number | undefined {
  const underAttack = failures.account >= ACCOUNT_ATTACK_THRESHOLD;
  const pairLimit = underAttack ? PAIR_FAILURE_LIMIT_UNDER_ATTACK : PAIR_FAILURE_LIMIT;
  const waits: number[] = [];
  if (failures.pair >= pairLimit) waits.push(c.pair.retryAfterSeconds);
  if (failures.address >= ADDRESS_FAILURE_LIMIT) waits.push(c.address.retryAfterSeconds);
  return waits.length ? Math.max(...waits) : undefined;
}
