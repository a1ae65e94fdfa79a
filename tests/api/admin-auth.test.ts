import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import {
  ACCOUNT_ATTACK_THRESHOLD,
  ADDRESS_FAILURE_LIMIT,
  PAIR_FAILURE_LIMIT,
  PAIR_FAILURE_LIMIT_UNDER_ATTACK,
} from '../../worker/src/auth/throttle';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '../../worker/src/auth/session';
import { verifyPassword } from '../../worker/src/lib/password';
import { findStaffUser } from '../../worker/src/db/repo/staff';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testConfig, testDeps } from '../fixtures/deps';
import { errorOf, givenStaff, signIn, TEST_ORIGIN } from '../fixtures/staff';

const HOUR = 3_600_000;

async function setup(config = testConfig()) {
  const { db } = await createTestDb();
  const clock = fixedClock('2026-10-12T08:03:00Z');
  const app = createApp(testDeps(db, { clock, config }));
  return { db, clock, app };
}

type App = Awaited<ReturnType<typeof setup>>['app'];

function postLogin(app: App, body: unknown, headers: Record<string, string> = {}, env?: unknown) {
  return app.request(
    '/api/admin/session',
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: TEST_ORIGIN, ...headers },
      body: JSON.stringify(body),
    },
    env,
  );
}

/** What @hono/node-server passes as the env of a request from `address` (the socket's peer). */
function fromSocket(address: string) {
  return { incoming: { socket: { remoteAddress: address } } };
}

function whoAmI(app: App, cookie?: string) {
  return app.request('/api/admin/session', { headers: cookie ? { Cookie: cookie } : {} });
}

function changePassword(app: App, headers: Record<string, string>, body: unknown) {
  return app.request('/api/admin/session/password', {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('POST /api/admin/session (login)', () => {
  it('signs in with the right password and sets a hardened session cookie', async () => {
    const { db, app } = await setup();
    const { user, email, password } = await givenStaff(db, { role: 'reception', name: 'Rita Rossi' });
    const res = await postLogin(app, { email: `  ${email.toUpperCase()} `, password });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user: { id: user.id, name: 'Rita Rossi', role: 'reception', email, volunteerId: null, language: 'it' },
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sportello_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    // testConfig's public base URL is https.
    expect(cookie).toMatch(/; Secure/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('leaves Secure off when neither the request nor the public URL is https (local http)', async () => {
    const { db, app } = await setup(testConfig({ publicBaseUrl: 'http://localhost:8787' }));
    const { email, password } = await givenStaff(db, { role: 'admin' });
    const res = await postLogin(app, { email, password });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).not.toMatch(/Secure/);

    const https = await app.request('https://desk.example/api/admin/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://desk.example' },
      body: JSON.stringify({ email, password }),
    });
    expect(https.status).toBe(200);
    expect(https.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('answers a wrong password, an unknown e-mail and a deactivated user with the same 401', async () => {
    const { db, app } = await setup();
    const { email, password } = await givenStaff(db, { role: 'admin' });
    const off = await givenStaff(db, { role: 'reception', active: false });

    const wrong = await postLogin(app, { email, password: 'not the password' });
    const unknown = await postLogin(app, { email: 'nobody@staff.test', password });
    const inactive = await postLogin(app, { email: off.email, password: off.password });
    const bodies = [];
    for (const res of [wrong, unknown, inactive]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
      bodies.push(await res.json());
    }
    expect(bodies[0]).toEqual({ error: { code: 'invalid_credentials', message: 'E-mail o password non corretti.' } });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('refuses a malformed body without a 5xx', async () => {
    const { app } = await setup();
    expect((await postLogin(app, { email: 5 })).status).toBe(422);
    expect((await postLogin(app, [])).status).toBe(422);
    const notJson = await app.request('/api/admin/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: TEST_ORIGIN },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    const form = await app.request('/api/admin/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: TEST_ORIGIN },
      body: 'email=a&password=b',
    });
    expect(form.status).toBe(415);
  });
});

describe('GET and DELETE /api/admin/session', () => {
  it('tells who is signed in, and 401 without a cookie or with a made-up one', async () => {
    const { db, app } = await setup();
    const { user, email, password } = await givenStaff(db, { role: 'volunteer', language: 'en' });
    const { cookie } = await signIn(app, email, password);

    const me = await whoAmI(app, cookie);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      user: { id: user.id, name: user.name, role: 'volunteer', email, volunteerId: user.volunteerId, language: 'en' },
    });
    expect((await whoAmI(app)).status).toBe(401);
    expect((await whoAmI(app, `sportello_session=${'A'.repeat(43)}`)).status).toBe(401);
    expect((await whoAmI(app, 'sportello_session=../../etc')).status).toBe(401);
  });

  it('logs out: the session row is gone and the cookie is cleared', async () => {
    const { db, app } = await setup();
    const { email, password } = await givenStaff(db, { role: 'reception' });
    const { cookie, headers } = await signIn(app, email, password);

    const out = await app.request('/api/admin/session', { method: 'DELETE', headers });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^sportello_session=;.*Max-Age=0/);
    expect((await whoAmI(app, cookie)).status).toBe(401);
    // Logging out twice is harmless.
    expect((await app.request('/api/admin/session', { method: 'DELETE', headers })).status).toBe(204);
  });

  it('expires after 12 idle hours, slides while used, and ends 7 days after login whatever happens', async () => {
    const { db, clock, app } = await setup();
    const { email, password } = await givenStaff(db, { role: 'admin' });

    const idle = await signIn(app, email, password);
    clock.advance(SESSION_IDLE_MS + 1000);
    expect((await whoAmI(app, idle.cookie)).status).toBe(401);

    const busy = await signIn(app, email, password);
    // A request every 11 hours keeps the session alive for the whole week...
    for (let elapsed = 0; elapsed + 11 * HOUR < SESSION_MAX_MS; elapsed += 11 * HOUR) {
      clock.advance(11 * HOUR);
      expect((await whoAmI(app, busy.cookie)).status).toBe(200);
    }
    // ...but not past it.
    clock.advance(11 * HOUR);
    expect((await whoAmI(app, busy.cookie)).status).toBe(401);
  });

  it('drops the session of a user deactivated meanwhile', async () => {
    const { db, app } = await setup();
    const admin = await givenStaff(db, { role: 'admin' });
    const rita = await givenStaff(db, { role: 'reception' });
    const adminSession = await signIn(app, admin.email, admin.password);
    const ritaSession = await signIn(app, rita.email, rita.password);

    const res = await app.request(`/api/admin/users/${rita.user.id}`, {
      method: 'PATCH',
      headers: { ...adminSession.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ active: false }),
    });
    expect(res.status).toBe(200);
    expect((await whoAmI(app, ritaSession.cookie)).status).toBe(401);
  });
});

describe('database round trips', () => {
  it('a login costs two round trips, a signed-in request one (the expiry is slid at most every 5 minutes)', async () => {
    const t = await createTestDb();
    const clock = fixedClock('2026-10-12T08:03:00Z');
    const app = createApp(testDeps(t.db, { clock }));
    const { email, password } = await givenStaff(t.db, { role: 'admin' });

    t.resetRoundTrips();
    const { cookie } = await signIn(app, email, password);
    expect(t.roundTrips()).toBe(2);

    t.resetRoundTrips();
    clock.advance(4 * 60_000);
    expect((await whoAmI(app, cookie)).status).toBe(200);
    expect(t.roundTrips()).toBe(1);

    t.resetRoundTrips();
    clock.advance(2 * 60_000);
    expect((await whoAmI(app, cookie)).status).toBe(200);
    expect(t.roundTrips()).toBe(2);
  });
});

describe('login throttling', () => {
  it(`locks an account from an address after ${PAIR_FAILURE_LIMIT} failures there, even for the right password, until the window ends`, async () => {
    const { db, clock, app } = await setup();
    const { email, password } = await givenStaff(db, { role: 'admin' });
    const other = await givenStaff(db, { role: 'reception' });
    const here = { 'CF-Connecting-IP': '198.51.100.20' };

    for (let i = 0; i < PAIR_FAILURE_LIMIT; i++) {
      expect((await postLogin(app, { email, password: `guess-${i}` }, here)).status).toBe(401);
    }
    const locked = await postLogin(app, { email, password }, here);
    expect(locked.status).toBe(429);
    expect((await errorOf(locked)).code).toBe('rate_limited');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Other accounts from the same address are not locked by it, nor is this account from elsewhere.
    expect((await postLogin(app, { email: other.email, password: other.password }, here)).status).toBe(200);
    expect((await postLogin(app, { email, password }, { 'CF-Connecting-IP': '198.51.100.21' })).status).toBe(200);

    clock.advance(retryAfter * 1000);
    expect((await postLogin(app, { email, password }, here)).status).toBe(200);
  });

  it('lets the owner sign in from their own address while strangers hammer the account; the strangers stay throttled', async () => {
    const { db, app } = await setup();
    const { email, password } = await givenStaff(db, { role: 'admin' });
    const owner = { 'CF-Connecting-IP': '192.0.2.10' };
    const attacker = { 'CF-Connecting-IP': '203.0.113.7' };

    // One address guesses until it is locked...
    for (let i = 0; i < PAIR_FAILURE_LIMIT; i++) {
      expect((await postLogin(app, { email, password: `guess-${i}` }, attacker)).status).toBe(401);
    }
    // ...then many more join, until the account counts as under attack.
    let failures = PAIR_FAILURE_LIMIT;
    for (let n = 1; failures < ACCOUNT_ATTACK_THRESHOLD; n++) {
      for (let i = 0; i < PAIR_FAILURE_LIMIT_UNDER_ATTACK; i++, failures++) {
        const res = await postLogin(
          app,
          { email, password: `guess-${n}-${i}` },
          { 'CF-Connecting-IP': `203.0.113.${100 + n}` },
        );
        expect(res.status).toBe(401);
      }
    }
    // The owner has not failed from their address: they get in, and again after a typo.
    expect((await postLogin(app, { email, password }, owner)).status).toBe(200);
    expect((await postLogin(app, { email, password: 'typo' }, owner)).status).toBe(401);
    expect((await postLogin(app, { email, password }, owner)).status).toBe(200);
    // The first attacker is still refused, the right password included: the lock teaches nothing.
    expect((await postLogin(app, { email, password }, attacker)).status).toBe(429);
    // Under attack, a fresh address gets two tries, not five.
    const fresh = { 'CF-Connecting-IP': '203.0.113.250' };
    for (let i = 0; i < PAIR_FAILURE_LIMIT_UNDER_ATTACK; i++) {
      expect((await postLogin(app, { email, password: `late-${i}` }, fresh)).status).toBe(401);
    }
    expect((await postLogin(app, { email, password: 'late-x' }, fresh)).status).toBe(429);
  });

  it('counts an IPv6 /64 as one address: rotating addresses inside it does not reset the lock', async () => {
    const { db, app } = await setup();
    const { email, password } = await givenStaff(db, { role: 'admin' });
    for (let i = 0; i < PAIR_FAILURE_LIMIT; i++) {
      const res = await postLogin(app, { email, password: 'x' }, { 'CF-Connecting-IP': `2001:db8:1:2::${i + 1}` });
      expect(res.status).toBe(401);
    }
    expect((await postLogin(app, { email, password }, { 'CF-Connecting-IP': '2001:db8:1:2:ffff::9' })).status).toBe(
      429,
    );
    expect((await postLogin(app, { email, password }, { 'CF-Connecting-IP': '2001:db8:1:3::1' })).status).toBe(200);
  });

  it('on Node, keys by the socket address: headerless clients do not share a key, and a forged header escapes nothing', async () => {
    const { db, app } = await setup(testConfig({ runtime: 'local' }));
    const { email, password } = await givenStaff(db, { role: 'admin' });
    const stranger = fromSocket('203.0.113.9');
    for (let i = 0; i < PAIR_FAILURE_LIMIT; i++) {
      expect((await postLogin(app, { email, password: 'x' }, {}, stranger)).status).toBe(401);
    }
    expect((await postLogin(app, { email, password }, {}, stranger)).status).toBe(429);
    // X-Forwarded-For from a socket that is not a trusted proxy is ignored.
    expect((await postLogin(app, { email, password }, { 'X-Forwarded-For': '192.0.2.77' }, stranger)).status).toBe(429);
    // Another client, sending no forwarding headers either, is not caught by the stranger's lock.
    expect((await postLogin(app, { email, password }, {}, fromSocket('::ffff:192.0.2.44'))).status).toBe(200);
  });

  it('counts failures on unknown e-mail addresses too', async () => {
    const { app } = await setup();
    for (let i = 0; i < PAIR_FAILURE_LIMIT; i++) {
      expect((await postLogin(app, { email: 'ghost@staff.test', password: 'x' })).status).toBe(401);
    }
    expect((await postLogin(app, { email: 'ghost@staff.test', password: 'x' })).status).toBe(429);
  });

  it(`refuses an IP after ${ADDRESS_FAILURE_LIMIT} failures across accounts; other IPs still get in`, async () => {
    const { db, clock, app } = await setup();
    const { email, password } = await givenStaff(db, { role: 'admin' });
    const attacker = { 'CF-Connecting-IP': '203.0.113.7' };
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++) {
      const res = await postLogin(app, { email: `user${i}@staff.test`, password: 'x' }, attacker);
      expect(res.status).toBe(401);
    }
    const blocked = await postLogin(app, { email, password }, attacker);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(15 * 60);
    expect(retryAfter).toBeLessThanOrEqual(60 * 60);

    expect((await postLogin(app, { email, password }, { 'CF-Connecting-IP': '198.51.100.1' })).status).toBe(200);
    clock.advance(retryAfter * 1000);
    expect((await postLogin(app, { email, password }, attacker)).status).toBe(200);
  });

  it('a successful login clears the counter of its account and address, so the owner is not locked by old typos', async () => {
    const { db, app } = await setup();
    const { email, password } = await givenStaff(db, { role: 'admin' });
    for (let i = 0; i < PAIR_FAILURE_LIMIT - 1; i++) await postLogin(app, { email, password: 'typo' });
    expect((await postLogin(app, { email, password })).status).toBe(200);
    for (let i = 0; i < PAIR_FAILURE_LIMIT - 1; i++) await postLogin(app, { email, password: 'typo' });
    expect((await postLogin(app, { email, password })).status).toBe(200);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request from a foreign Origin, with a valid session', async () => {
    const { db, app } = await setup();
    const { email, password } = await givenStaff(db, { role: 'admin' });
    const { cookie } = await signIn(app, email, password);

    const evil = await app.request('/api/admin/session', {
      method: 'DELETE',
      headers: { Cookie: cookie, Origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
    expect((await errorOf(evil)).code).toBe('forbidden');
    const evilChange = await changePassword(
      app,
      { Cookie: cookie, Origin: 'http://localhost.evil.example' },
      { currentPassword: password, newPassword: 'a brand new secret' },
    );
    expect(evilChange.status).toBe(403);
    // The session survived both.
    expect((await whoAmI(app, cookie)).status).toBe(200);
    // A login posted from another site is refused too (login CSRF).
    expect((await postLogin(app, { email, password }, { Origin: 'https://evil.example' })).status).toBe(403);
  });

  it('refuses a cross-site request that sends no Origin but says so in Sec-Fetch-Site', async () => {
    const { db, app } = await setup();
    const { email, password } = await givenStaff(db, { role: 'admin' });
    const { cookie } = await signIn(app, email, password);
    const res = await app.request('/api/admin/session', {
      method: 'DELETE',
      headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(res.status).toBe(403);
    expect((await whoAmI(app, cookie)).status).toBe(200);
  });

  it('accepts the request origin, the public base URL, and clients that are not browsers', async () => {
    const { db, app } = await setup();
    const { email, password } = await givenStaff(db, { role: 'admin' });
    const publicOrigin = await postLogin(app, { email, password }, { Origin: 'https://sportello.test' });
    expect(publicOrigin.status).toBe(200);
    const sameOrigin = await signIn(app, email, password);
    const fetchMeta = await app.request('/api/admin/session', {
      method: 'DELETE',
      headers: { Cookie: sameOrigin.cookie, 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(fetchMeta.status).toBe(204);
    const noHeaders = await app.request('/api/admin/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(noHeaders.status).toBe(200);
    // Reads are never blocked: a GET changes nothing.
    expect((await app.request('/api/admin/session', { headers: { Origin: 'https://evil.example' } })).status).toBe(401);
  });
});

describe('POST /api/admin/session/password', () => {
  it('changes the password and ends every other session of the user, keeping this one', async () => {
    const { db, app } = await setup();
    const { user, email, password } = await givenStaff(db, { role: 'reception' });
    const phone = await signIn(app, email, password);
    const desk = await signIn(app, email, password);

    const res = await changePassword(app, desk.headers, {
      currentPassword: password,
      newPassword: 'una password nuova',
    });
    expect(res.status).toBe(204);
    expect((await whoAmI(app, desk.cookie)).status).toBe(200);
    expect((await whoAmI(app, phone.cookie)).status).toBe(401);

    const stored = await findStaffUser(db, { id: user.id });
    expect(await verifyPassword('una password nuova', stored!.passwordHash)).toBe(true);
    expect(stored!.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect((await postLogin(app, { email, password })).status).toBe(401);
    expect((await postLogin(app, { email, password: 'una password nuova' })).status).toBe(200);
  });

  it('requires the current password, and a new one that is long, not blank, not common, not the e-mail', async () => {
    const { db, app } = await setup();
    const { email, password } = await givenStaff(db, { role: 'admin' });
    const { headers } = await signIn(app, email, password);

    const wrong = await changePassword(app, headers, { currentPassword: 'nope', newPassword: 'long enough pw' });
    expect(wrong.status).toBe(422);
    expect(Object.keys((await errorOf(wrong)).fields ?? {})).toEqual(['currentPassword']);
    const short = await changePassword(app, headers, { currentPassword: password, newPassword: 'short' });
    expect(short.status).toBe(422);
    expect((await errorOf(short)).fields?.newPassword).toBe('La password deve avere almeno 12 caratteri.');
    for (const [newPassword, message] of [
      [' '.repeat(10), /solo di spazi/],
      [' '.repeat(12), /solo di spazi/],
      ['password12', /almeno 12/],
      ['password1234', /tra le più usate/],
      ['qwertyuiop12', /tra le più usate/],
      ['123456789012', /tra le più usate/],
    ] as const) {
      const weak = await changePassword(app, headers, { currentPassword: password, newPassword });
      expect(weak.status, newPassword).toBe(422);
      expect((await errorOf(weak)).fields?.newPassword, newPassword).toMatch(message);
    }
    const same = await changePassword(app, headers, { currentPassword: password, newPassword: email.toUpperCase() });
    expect(same.status).toBe(422);
    expect((await errorOf(same)).fields?.newPassword).toMatch(/e-mail/);
    // The old password still works: nothing was changed.
    expect((await postLogin(app, { email, password })).status).toBe(200);
  });

  it('needs a session', async () => {
    const { app } = await setup();
    const res = await changePassword(
      app,
      { Origin: TEST_ORIGIN },
      { currentPassword: 'x', newPassword: 'yyyyyyyyyyyy' },
    );
    expect(res.status).toBe(401);
  });
});
