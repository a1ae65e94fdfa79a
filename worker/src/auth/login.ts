import type { Statement } from '../db/batch';
import { readLogin, recordFailures, setPasswordHash, startSession, type StaffUserRow } from '../db/repo/staff';
import { requireHashSecret, type AppDeps } from '../deps';
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from '../lib/password';
import { sha256Hex } from '../lib/ids';
import type { StaffPrincipal } from './guard';
import { principalOf, SESSION_IDLE_MS } from './session';
import { accountOfUser, failuresRead, loginAttempt, loginCounters, throttledFor, type LoginCounters } from './throttle';

/**
 * Verified when the e-mail matches no account, so an unknown address costs the same PBKDF2 work as a
 * known one and the response time does not tell which accounts exist. Matches no password in practice.
 */
const DUMMY_HASH = `pbkdf2-sha256$${PBKDF2_ITERATIONS}$c3BvcnRlbGxvLWR1bW15LQ$ZHVtbXktaGFzaC1mb3ItdW5rbm93bi1hY2NvdW50cy0tLQ`;

/** 256-bit session tokens; only their SHA-256 is stored. */
const SESSION_TOKEN_BYTES = 32;

export type LoginOutcome =
  | { ok: true; token: string; principal: StaffPrincipal }
  | { ok: false; code: 'invalid_credentials' }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

/** The account an e-mail names, its failure counters and their counts for one attempt, in one round trip. */
async function readAttempt(deps: AppDeps, email: string, address: string, now: number) {
  const attempt = await loginAttempt(requireHashSecret(deps.config), email, address, now);
  const { user, failures } = await readLogin(deps.db, email, failuresRead(attempt));
  const counters = loginCounters(attempt, user ? accountOfUser(user.id) : attempt.unknownAccount);
  return { user, counters, failures };
}

/** Counts one failure on every counter of the attempt. */
export function recordFailure(deps: AppDeps, counters: LoginCounters): Promise<void> {
  return recordFailures(deps.db, [counters.pair, counters.address, counters.account]);
}

/**
 * Checks credentials and starts a session, in two round trips: one batch reads the account and the
 * failure counters, the other writes the session (or counts the failure). Every failure looks the same
 * to the caller (unknown e-mail, wrong password, deactivated user); a throttled attempt is refused before
 * the password is even checked, so a correct guess during lock-out teaches nothing. `address` is the
 * caller's rateLimitKey; how the counters combine is explained in throttle.ts.
 */
export async function login(deps: AppDeps, email: string, password: string, address: string): Promise<LoginOutcome> {
  const now = deps.clock.now();
  const { user, counters, failures } = await readAttempt(deps, email, address, now);
  const wait = throttledFor(counters, failures);
  if (wait !== undefined) return { ok: false, code: 'rate_limited', retryAfterSeconds: wait };

  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches || !user.active) {
    await recordFailure(deps, counters);
    return { ok: false, code: 'invalid_credentials' };
  }

  return openSession(deps, user, counters.pair.key, now);
}

/**
 * Starts a session for a user who has just proved who they are (password or passkey) and clears the
 * failure counter of their (account, address) pair, with `alongside` in the same round trip. The token goes
 * to the cookie; only its hash is stored.
 */
export async function openSession(
  deps: AppDeps,
  user: StaffUserRow,
  clearCounterKey: string,
  now: number,
  alongside: readonly Statement[] = [],
): Promise<{ ok: true; token: string; principal: StaffPrincipal }> {
  const token = deps.ids.token(SESSION_TOKEN_BYTES);
  const id = await sha256Hex(token);
  await startSession(
    deps.db,
    { id, userId: user.id, createdAt: now, lastSeenAt: now, expiresAt: now + SESSION_IDLE_MS },
    clearCounterKey,
    alongside,
  );
  return { ok: true, token, principal: principalOf(user, id) };
}

export type PasswordChangeOutcome =
  { ok: true } | { ok: false; code: 'password_wrong' } | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

/**
 * Changes a signed-in user's own password after checking the current one, and ends their other sessions.
 * Wrong current passwords count like failed sign-ins: a stolen session must not become a way to guess the
 * password.
 */
export async function changeOwnPassword(
  deps: AppDeps,
  staff: StaffPrincipal,
  address: string,
  currentPassword: string,
  newPassword: string,
): Promise<PasswordChangeOutcome> {
  const now = deps.clock.now();
  const { user, counters, failures } = await readAttempt(deps, staff.email, address, now);
  const wait = throttledFor(counters, failures);
  if (wait !== undefined) return { ok: false, code: 'rate_limited', retryAfterSeconds: wait };
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
    await recordFailure(deps, counters);
    return { ok: false, code: 'password_wrong' };
  }
  await setPasswordHash(deps.db, user.id, await hashPassword(newPassword), now, staff.sessionId);
  return { ok: true };
}
