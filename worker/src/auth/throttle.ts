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
 * The counters of an attempt are read in the same round trip as the account it names (accountOfUser).
 */
import type { LoginFailureCounts, LoginFailuresRead } from '../db/repo/rate-limit';
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

/** The failure counts read for one attempt. */
export type LoginFailures = LoginFailureCounts;

/** Key prefixes of the three counters in rate_limits. */
export const LOGIN_KEY_PREFIX = { pair: 'login:pair:', address: 'login:ip:', account: 'login:acct:' } as const;

/**
 * The account part of the counters' keys: `u:<user id>` for an existing account (random ids, no personal
 * data), so the database can find the keys in the same round trip that finds the account (by e-mail or by
 * passkey); for a name matching no account, `h:` and a keyed hash of what was given (the e-mail, or the
 * unknown credential), so unknown names are throttled exactly like known ones and nothing tells them apart.
 */
export const accountOfUser = (userId: string) => USER_ACCOUNT_PREFIX + userId;
const USER_ACCOUNT_PREFIX = 'u:';

/**
 * One attempt's throttle before the account is known: the windows, the address key and the account part
 * to use when no account matches. `address` is the caller's rateLimitKey. The address and unknown names
 * are hashed with the deployment secret so the table reveals neither e-mail addresses nor IPs.
 */
export interface LoginAttempt {
  pairWindow: CounterWindow;
  accountWindow: CounterWindow;
  address: LoginCounter;
  /** The hashed address, the last part of the pair key. */
  addressHash: string;
  /** The account part when no account matches. */
  unknownAccount: string;
}

interface CounterWindow {
  windowStart: number;
  retryAfterSeconds: number;
}

/** The throttle of one attempt naming `name` (an e-mail, or `passkey:<credential id>`) from `address`. */
export async function loginAttempt(secret: string, name: string, address: string, now: number): Promise<LoginAttempt> {
  const [addressHash, nameHash] = await Promise.all([
    sha256Hex(`${secret}\u0000${address}`),
    sha256Hex(`${secret}\u0000${name}`),
  ]);
  return {
    pairWindow: fixedWindow(now, PAIR_WINDOW_MS),
    accountWindow: fixedWindow(now, ACCOUNT_WINDOW_MS),
    address: { key: LOGIN_KEY_PREFIX.address + addressHash, ...fixedWindow(now, ADDRESS_WINDOW_MS) },
    addressHash,
    unknownAccount: `h:${nameHash}`,
  };
}

/** The attempt's three counters once the account part is known (accountOfUser, or the attempt's unknownAccount). */
export function loginCounters(attempt: LoginAttempt, account: string): LoginCounters {
  return {
    pair: { key: `${LOGIN_KEY_PREFIX.pair}${account}:${attempt.addressHash}`, ...attempt.pairWindow },
    address: attempt.address,
    account: { key: LOGIN_KEY_PREFIX.account + account, ...attempt.accountWindow },
  };
}

/** How the database reads the attempt's counters with the account it names (db/repo/rate-limit.ts). */
export function failuresRead(attempt: LoginAttempt): LoginFailuresRead {
  return {
    prefixes: { pair: LOGIN_KEY_PREFIX.pair, account: LOGIN_KEY_PREFIX.account, user: USER_ACCOUNT_PREFIX },
    addressHash: attempt.addressHash,
    unknownAccount: attempt.unknownAccount,
    pairWindowStart: attempt.pairWindow.windowStart,
    accountWindowStart: attempt.accountWindow.windowStart,
    address: attempt.address,
  };
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
