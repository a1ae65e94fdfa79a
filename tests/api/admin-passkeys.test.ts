/**
 * Staff passkeys over HTTP: the full ceremony against a software authenticator (registration, sign-in
 * without a password), single-use and expiring challenges, the origin check, own-only list and delete,
 * and failed passkey sign-ins throttled like passwords. Real browser: tests/e2e/admin-passkeys.test.ts.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { CHALLENGE_TTL_MS, SIGN_IN_OPTIONS_PER_HOUR } from '../../worker/src/auth/passkeys';
import { PAIR_FAILURE_LIMIT } from '../../worker/src/auth/throttle';
import { staffPasskeys, staffUsers, webauthnChallenges } from '../../worker/src/db/schema';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';
import { softAuthenticator } from '../fixtures/passkey-authenticator';
import { staffCall, staffHeaders, TEST_ORIGIN, type SignedIn } from '../fixtures/staff';

// testConfig's PUBLIC_BASE_URL is https://sportello.test: the relying party.
const RP_ID = 'sportello.test';
const ORIGIN = 'https://sportello.test';

async function setup() {
  const { db, roundTrips, resetRoundTrips } = await createTestDb();
  const clock = fixedClock('2026-10-12T08:03:00Z');
  const app = createApp(testDeps(db, { clock }));
  const staff = await staffHeaders(app, db, 'reception');
  const authenticator = await softAuthenticator(RP_ID, ORIGIN);
  return { db, roundTrips, resetRoundTrips, clock, app, staff, authenticator };
}
type World = Awaited<ReturnType<typeof setup>>;

async function register(w: World, who: SignedIn = w.staff, answer = w.authenticator.register.bind(w.authenticator)) {
  const options = await staffCall(w, 'POST', '/api/admin/passkeys/options', who);
  expect(options.status).toBe(200);
  return staffCall(w, 'POST', '/api/admin/passkeys', who, {
    name: 'Telefono',
    response: await answer(options.json.challenge),
  });
}

async function signInOptions(w: World): Promise<string> {
  const res = await staffCall(w, 'POST', '/api/admin/session/passkey/options');
  expect(res.status).toBe(200);
  return res.json.challenge as string;
}

function postSignIn(w: World, response: unknown, address = '203.0.113.7') {
  return w.app.request(
    '/api/admin/session/passkey',
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: TEST_ORIGIN },
      body: JSON.stringify({ response }),
    },
    { incoming: { socket: { remoteAddress: address } } },
  );
}

describe('staff passkeys', () => {
  it('registration options name the relying party and exclude nothing yet; sign-in options list no accounts', async () => {
    const w = await setup();
    const reg = await staffCall(w, 'POST', '/api/admin/passkeys/options', w.staff);
    expect(reg.json.rp).toEqual({ name: 'Sportello', id: RP_ID });
    expect(reg.json.excludeCredentials).toEqual([]);
    expect(reg.json.authenticatorSelection.residentKey).toBe('required');
    const signIn = await staffCall(w, 'POST', '/api/admin/session/passkey/options');
    expect(signIn.json.rpId).toBe(RP_ID);
    expect(signIn.json.allowCredentials ?? []).toEqual([]);
  });

  it('registers a passkey, lists it, and signs in with it without a password', async () => {
    const w = await setup();
    const added = await register(w);
    expect(added.status).toBe(201);
    expect(added.json.passkey).toMatchObject({ id: w.authenticator.credentialId, name: 'Telefono', lastUsedAt: null });
    const list = await staffCall(w, 'GET', '/api/admin/passkeys', w.staff);
    expect(list.json.passkeys.map((p: { id: string }) => p.id)).toEqual([w.authenticator.credentialId]);
    expect(JSON.stringify(list.json)).not.toContain('publicKey');

    const answer = await w.authenticator.signIn(await signInOptions(w));
    w.resetRoundTrips();
    const res = await postSignIn(w, answer);
    expect(res.status).toBe(200);
    // Passkey, challenge and counters in one; the session with the passkey's counter in the other.
    expect(w.roundTrips()).toBe(2);
    expect(((await res.json()) as { user: { id: string } }).user.id).toBe(w.staff.user.id);
    const cookie = /sportello_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const me = await w.app.request('/api/admin/session', { headers: { Cookie: cookie! } });
    expect(me.status).toBe(200);
    const [row] = await w.db.select().from(staffPasskeys);
    expect(row?.lastUsedAt).toBe(w.clock.now());
    expect(row?.signCount).toBe(1);
  });

  it('answers each challenge once: a replayed registration or sign-in is refused', async () => {
    const w = await setup();
    const options = await staffCall(w, 'POST', '/api/admin/passkeys/options', w.staff);
    const answer = await w.authenticator.register(options.json.challenge);
    expect((await staffCall(w, 'POST', '/api/admin/passkeys', w.staff, { name: 'A', response: answer })).status).toBe(
      201,
    );
    const again = await staffCall(w, 'POST', '/api/admin/passkeys', w.staff, { name: 'B', response: answer });
    expect(again.status).toBe(422);
    expect(again.json.error.fields.response).toBeTruthy();

    const signIn = await w.authenticator.signIn(await signInOptions(w));
    expect((await postSignIn(w, signIn)).status).toBe(200);
    const replay = await postSignIn(w, signIn);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('passkey_failed');
  });

  it('refuses an expired challenge, another origin, an unverified user, and a deactivated account', async () => {
    const w = await setup();
    expect((await register(w)).status).toBe(201);

    const late = await signInOptions(w);
    w.clock.advance(CHALLENGE_TTL_MS + 1);
    expect((await postSignIn(w, await w.authenticator.signIn(late))).status).toBe(401);

    const elsewhere = await w.authenticator.signIn(await signInOptions(w), { origin: 'https://evil.test' });
    expect((await postSignIn(w, elsewhere)).status).toBe(401);

    // Holding the device is not enough: it must have checked its user (PIN, fingerprint, face).
    const unverified = await w.authenticator.signIn(await signInOptions(w), { verified: false });
    expect((await postSignIn(w, unverified)).status).toBe(401);

    const stranger = await softAuthenticator(RP_ID, 'https://evil.test');
    expect((await register(w, w.staff, stranger.register.bind(stranger))).status).toBe(422);

    await w.db.update(staffUsers).set({ active: false }).where(eq(staffUsers.id, w.staff.user.id));
    expect((await postSignIn(w, await w.authenticator.signIn(await signInOptions(w)))).status).toBe(401);
  });

  it('lists and deletes only one’s own passkeys', async () => {
    const w = await setup();
    expect((await register(w)).status).toBe(201);
    const other = await staffHeaders(w.app, w.db, 'admin');
    expect((await staffCall(w, 'GET', '/api/admin/passkeys', other)).json.passkeys).toEqual([]);
    const id = encodeURIComponent(w.authenticator.credentialId);
    expect((await staffCall(w, 'DELETE', `/api/admin/passkeys/${id}`, other)).status).toBe(404);
    expect((await staffCall(w, 'DELETE', `/api/admin/passkeys/${id}`, w.staff)).status).toBe(204);
    expect(await w.db.select().from(staffPasskeys)).toEqual([]);
    // A deleted passkey no longer signs in.
    expect((await postSignIn(w, await w.authenticator.signIn(await signInOptions(w)))).status).toBe(401);
  });

  it('throttles failed passkey sign-ins like passwords: the pair locks, the owner elsewhere still gets in', async () => {
    const w = await setup();
    expect((await register(w)).status).toBe(201);
    // A stranger replays garbage signatures for this credential from one address.
    for (let i = 0; i < PAIR_FAILURE_LIMIT; i++) {
      const forged = await w.authenticator.signIn(await signInOptions(w), { origin: 'https://evil.test' });
      expect((await postSignIn(w, forged, '198.51.100.9')).status).toBe(401);
    }
    const locked = await postSignIn(w, await w.authenticator.signIn(await signInOptions(w)), '198.51.100.9');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(0);
    // The owner, from their own address, is not locked out.
    expect((await postSignIn(w, await w.authenticator.signIn(await signInOptions(w)), '203.0.113.7')).status).toBe(200);
  });

  it('counts wrong passwords and forged passkey answers on the same counters of the account', async () => {
    const w = await setup();
    expect((await register(w)).status).toBe(201);
    const wrongPassword = () =>
      w.app.request(
        '/api/admin/session',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: TEST_ORIGIN },
          body: JSON.stringify({ email: w.staff.email, password: 'not the password at all' }),
        },
        { incoming: { socket: { remoteAddress: '198.51.100.20' } } },
      );
    // Failures of both kinds from one address: the pair locks at the limit, whichever way it was reached.
    for (let i = 0; i < PAIR_FAILURE_LIMIT - 1; i++) expect((await wrongPassword()).status).toBe(401);
    const forged = await w.authenticator.signIn(await signInOptions(w), { origin: 'https://evil.test' });
    expect((await postSignIn(w, forged, '198.51.100.20')).status).toBe(401);
    expect((await postSignIn(w, await w.authenticator.signIn(await signInOptions(w)), '198.51.100.20')).status).toBe(
      429,
    );
    expect((await wrongPassword()).status).toBe(429);
    // The owner, from another address, still gets in.
    expect((await postSignIn(w, await w.authenticator.signIn(await signInOptions(w)), '203.0.113.7')).status).toBe(200);
  });

  it('counts anonymous sign-in options per address, so nobody can fill the challenge table', async () => {
    const w = await setup();
    const ask = (ip: string) =>
      w.app.request('/api/admin/session/passkey/options', {
        method: 'POST',
        headers: { Origin: TEST_ORIGIN, 'CF-Connecting-IP': ip },
      });
    for (let i = 0; i < SIGN_IN_OPTIONS_PER_HOUR; i++) expect((await ask('198.51.100.20')).status).toBe(200);
    const over = await ask('198.51.100.20');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(await w.db.select().from(webauthnChallenges)).toHaveLength(SIGN_IN_OPTIONS_PER_HOUR);
    expect((await ask('198.51.100.21')).status).toBe(200);
  });

  it('refuses a malformed answer as invalid input', async () => {
    const w = await setup();
    const res = await postSignIn(w, { id: 'x', type: 'nope' });
    expect(res.status).toBe(422);
  });
});
