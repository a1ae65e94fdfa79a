/*
 * Passkeys (WebAuthn) for staff, through SimpleWebAuthn. A passkey is a second way in next to the password:
 * registering one needs a signed-in session; signing in with one needs nothing but the authenticator, and
 * costs a signature check instead of PBKDF2 (the Workers free plan's CPU budget).
 *
 * Challenges live in webauthn_challenges for CHALLENGE_TTL_MS and are deleted by the first answer that
 * names them, so each is answered at most once. The relying party is the deployment's PUBLIC_BASE_URL: its
 * host name is the RP ID and its origin the only origin accepted.
 * Failed passkey sign-ins count on the same counters as failed passwords (throttle.ts), keyed by the
 * account the credential belongs to, so a stranger cannot use passkeys to get around the password limits.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import {
  findPasskeyAndTakeChallenge,
  insertPasskey,
  listPasskeys,
  markPasskeyUsed,
  saveChallenge,
  saveChallengeWithin,
  takeChallenge,
  type ChallengeRow,
  type PasskeyRow,
} from '../db/repo/passkeys';
import { hourWindow } from '../db/repo/rate-limit';
import { sha256Hex } from '../lib/ids';
import { requireHashSecret, type AppDeps } from '../deps';
import type { StaffPrincipal } from './guard';
import { openSession, recordFailure } from './login';
import type { PasskeyRegistrationInput, PasskeySignInInput } from './schemas';
import { accountOfUser, failuresRead, loginAttempt, loginCounters, throttledFor } from './throttle';

/** How long the browser has to answer a challenge (the user may need to find their phone). */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/** Sign-in options one address may ask for in an hour (an office shares one address; a bot fills nothing). */
export const SIGN_IN_OPTIONS_PER_HOUR = 60;
const RP_NAME = 'Sportello';

/** The relying party: RP ID (host name) and expected origin, from the public URL. */
function relyingParty(deps: AppDeps): { rpID: string; origin: string } {
  const url = new URL(deps.config.publicBaseUrl);
  return { rpID: url.hostname, origin: url.origin };
}

function transportsOf(row: PasskeyRow): AuthenticatorTransport[] {
  try {
    const parsed: unknown = JSON.parse(row.transports);
    return Array.isArray(parsed) ? (parsed.filter((t) => typeof t === 'string') as AuthenticatorTransport[]) : [];
  } catch {
    return [];
  }
}

/** The challenge a browser signed, read from its clientDataJSON; undefined when unreadable. */
function signedChallenge(clientDataJSON: string): string | undefined {
  try {
    const data: unknown = JSON.parse(isoBase64URL.toUTF8String(clientDataJSON));
    const challenge = (data as { challenge?: unknown }).challenge;
    return typeof challenge === 'string' ? challenge : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the named challenge if it is live and was issued for this purpose (and user, for a registration). */
async function takeLiveChallenge(
  deps: AppDeps,
  clientDataJSON: string,
  purpose: ChallengeRow['purpose'],
  userId: string | null,
): Promise<string | undefined> {
  const challenge = signedChallenge(clientDataJSON);
  if (!challenge) return undefined;
  return liveChallenge(deps, await takeChallenge(deps.db, challenge), purpose, userId);
}

/** The taken challenge if it is live and was issued for this purpose (and user). */
function liveChallenge(
  deps: AppDeps,
  row: ChallengeRow | undefined,
  purpose: ChallengeRow['purpose'],
  userId: string | null,
): string | undefined {
  if (!row || row.purpose !== purpose || row.userId !== userId || row.expiresAt <= deps.clock.now()) return undefined;
  return row.challenge;
}

/**
 * What every answer is checked against: the challenge, our origin and RP ID, and user verification (the
 * device's PIN, fingerprint or face): a passkey replaces a password, so holding the device is not enough.
 */
function expectations(deps: AppDeps, challenge: string) {
  const { rpID, origin } = relyingParty(deps);
  return { expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: true };
}

/** The library's answer, or undefined when it throws (a malformed or forged answer is a refusal, not a 500). */
async function unlessThrown<T>(verify: () => Promise<T>): Promise<T | undefined> {
  try {
    return await verify();
  } catch {
    return undefined;
  }
}

/** The list entry of a passkey (no key material). */
export function passkeyBody(row: PasskeyRow) {
  return {
    id: row.id,
    name: row.name,
    createdAt: new Date(row.createdAt).toISOString(),
    lastUsedAt: row.lastUsedAt === null ? null : new Date(row.lastUsedAt).toISOString(),
  };
}

/** Registration options for the signed-in user; their existing passkeys are excluded (no duplicates). */
export async function registrationOptions(deps: AppDeps, staff: StaffPrincipal) {
  const { rpID } = relyingParty(deps);
  const existing = await listPasskeys(deps.db, staff.userId);
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID,
    userName: staff.email,
    userDisplayName: staff.name,
    userID: new TextEncoder().encode(staff.userId),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: transportsOf(p) })),
    // Discoverable, so signing in needs no e-mail first.
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  const now = deps.clock.now();
  await saveChallenge(
    deps.db,
    { challenge: options.challenge, purpose: 'register', userId: staff.userId, expiresAt: now + CHALLENGE_TTL_MS },
    now,
  );
  return options;
}

export type PasskeyRegistrationOutcome = { ok: true; passkey: PasskeyRow } | { ok: false; code: 'passkey_failed' };

/** Checks the browser's registration answer against a live challenge and stores the new passkey. */
export async function registerPasskey(
  deps: AppDeps,
  staff: StaffPrincipal,
  input: PasskeyRegistrationInput,
): Promise<PasskeyRegistrationOutcome> {
  const refused = { ok: false, code: 'passkey_failed' } as const;
  const challenge = await takeLiveChallenge(deps, input.response.response.clientDataJSON, 'register', staff.userId);
  if (!challenge) return refused;
  const verification = await unlessThrown(() =>
    verifyRegistrationResponse({
      response: input.response as unknown as RegistrationResponseJSON,
      ...expectations(deps, challenge),
    }),
  );
  if (!verification?.verified) return refused;
  const { credential } = verification.registrationInfo;
  const passkey: PasskeyRow = {
    id: credential.id,
    userId: staff.userId,
    publicKey: isoBase64URL.fromBuffer(credential.publicKey),
    signCount: credential.counter,
    transports: JSON.stringify(credential.transports ?? []),
    name: input.name,
    createdAt: deps.clock.now(),
    lastUsedAt: null,
  };
  return (await insertPasskey(deps.db, passkey)) ? { ok: true, passkey } : refused;
}

/** Sign-in options: no allow list (the passkeys are discoverable), so nothing tells which accounts exist. */
export async function signInOptions(
  deps: AppDeps,
  address: string,
): Promise<
  | { ok: true; options: PublicKeyCredentialRequestOptionsJSON }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number }
> {
  const { rpID } = relyingParty(deps);
  const options = await generateAuthenticationOptions({ rpID, userVerification: 'required' });
  const now = deps.clock.now();
  // Anyone may ask for options: each stores a challenge, so the calls are counted per address.
  const { windowStart, retryAfterSeconds } = hourWindow(now);
  const key = `passkey_options:${await sha256Hex(`${requireHashSecret(deps.config)}\u0000${address}`)}`;
  const stored = await saveChallengeWithin(
    deps.db,
    { challenge: options.challenge, purpose: 'sign_in', userId: null, expiresAt: now + CHALLENGE_TTL_MS },
    now,
    { key, windowStart, max: SIGN_IN_OPTIONS_PER_HOUR },
  );
  return stored ? { ok: true, options } : { ok: false, code: 'rate_limited', retryAfterSeconds };
}

export type PasskeySignInOutcome =
  | Awaited<ReturnType<typeof openSession>>
  | { ok: false; code: 'passkey_failed' }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

/**
 * Signs in with a passkey: the credential names the account, the throttle is checked as for a password,
 * then the signature against a live sign-in challenge. Every failure looks the same to the caller.
 * Two round trips: the passkey with its owner, the challenge taken (so a challenge is spent by any answer
 * naming it, throttled or not) and the owner's failure counters (keyed by the account, as a password's
 * are: throttle.ts); then the session with the passkey's new counter, or the failure counted.
 */
export async function signInWithPasskey(
  deps: AppDeps,
  input: PasskeySignInInput,
  address: string,
): Promise<PasskeySignInOutcome> {
  const now = deps.clock.now();
  // An unknown credential still counts against the address (the pair and account keys then match no one).
  const attempt = await loginAttempt(requireHashSecret(deps.config), `passkey:${input.response.id}`, address, now);
  // No challenge is '' (they are random base64url), so an unreadable answer takes nothing.
  const taken = await findPasskeyAndTakeChallenge(
    deps.db,
    input.response.id,
    signedChallenge(input.response.response.clientDataJSON) ?? '',
    failuresRead(attempt),
  );
  const { found } = taken;
  const counters = loginCounters(attempt, found ? accountOfUser(found.user.id) : attempt.unknownAccount);
  const wait = throttledFor(counters, taken.failures);
  if (wait !== undefined) return { ok: false, code: 'rate_limited', retryAfterSeconds: wait };

  const refused = async () => {
    await recordFailure(deps, counters);
    return { ok: false, code: 'passkey_failed' } as const;
  };
  const challenge = liveChallenge(deps, taken.challenge, 'sign_in', null);
  if (!found || !found.user.active || !challenge) return refused();
  const verification = await unlessThrown(() =>
    verifyAuthenticationResponse({
      response: input.response as unknown as AuthenticationResponseJSON,
      ...expectations(deps, challenge),
      credential: {
        id: found.passkey.id,
        publicKey: isoBase64URL.toBuffer(found.passkey.publicKey),
        counter: found.passkey.signCount,
        transports: transportsOf(found.passkey),
      },
    }),
  );
  if (!verification?.verified) return refused();
  return openSession(deps, found.user, counters.pair.key, now, [
    markPasskeyUsed(deps.db, found.passkey.id, verification.authenticationInfo.newCounter, now),
  ]);
}
