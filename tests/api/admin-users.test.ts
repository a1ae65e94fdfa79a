import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { findStaffUser } from '../../worker/src/db/repo/staff';
import { givenVolunteer } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';
import { errorOf, givenStaff, jsonHeaders, signIn, staffHeaders, TEST_ORIGIN } from '../fixtures/staff';

async function setup() {
  const { db } = await createTestDb();
  const app = createApp(testDeps(db, { clock: fixedClock('2026-10-12T08:00:00Z') }));
  const admin = await staffHeaders(app, db, 'admin', { email: 'anna@desk.test', name: 'Anna Admin' });
  return { db, app, admin };
}
type World = Awaited<ReturnType<typeof setup>>;
type UserBody = {
  id: string;
  email: string;
  name: string;
  role: string;
  volunteerId: string | null;
  language: string;
  active: boolean;
};

function send(w: World, method: string, path: string, body?: unknown, headers = jsonHeaders(w.admin)) {
  return w.app.request(`/api/admin/users${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function login(w: World, email: string, password: string) {
  return w.app.request('/api/admin/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: TEST_ORIGIN },
    body: JSON.stringify({ email, password }),
  });
}

describe('GET /api/admin/users', () => {
  it('lists the accounts, active first, without password hashes', async () => {
    const w = await setup();
    await givenStaff(w.db, { role: 'reception', name: 'Bruno Banco', active: false });
    const vol = await givenStaff(w.db, { role: 'volunteer', name: 'Carla Volontaria' });
    const res = await send(w, 'GET', '');
    expect(res.status).toBe(200);
    const { users } = (await res.json()) as { users: UserBody[] };
    expect(users.map((u) => [u.name, u.active])).toEqual([
      ['Anna Admin', true],
      ['Carla Volontaria', true],
      ['Bruno Banco', false],
    ]);
    expect(users[1]).toEqual({
      id: vol.user.id,
      email: vol.email,
      name: 'Carla Volontaria',
      role: 'volunteer',
      volunteerId: vol.user.volunteerId,
      language: 'it',
      active: true,
    });
    expect(JSON.stringify(users)).not.toMatch(/pbkdf2|password/i);
  });

  it('is for admins only', async () => {
    const w = await setup();
    for (const role of ['reception', 'volunteer'] as const) {
      const other = await staffHeaders(w.app, w.db, role);
      expect((await send(w, 'GET', '', undefined, jsonHeaders(other))).status).toBe(403);
    }
  });
});

describe('POST /api/admin/users', () => {
  it('creates an account with a generated password shown once, which then logs in', async () => {
    const w = await setup();
    const res = await send(w, 'POST', '', { email: ' Rita@Desk.Test ', name: 'Rita Rossi', role: 'reception' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { user: UserBody; password: string };
    expect(body.user).toMatchObject({
      email: 'rita@desk.test',
      name: 'Rita Rossi',
      role: 'reception',
      active: true,
      language: 'it',
    });
    expect(body.password.length).toBeGreaterThanOrEqual(20);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await login(w, 'rita@desk.test', body.password)).status).toBe(200);
    // The list never shows it again.
    expect(await (await send(w, 'GET', '')).text()).not.toContain(body.password);
  });

  it('takes a chosen password (and then returns none) and a language', async () => {
    const w = await setup();
    const res = await send(w, 'POST', '', {
      email: 'tom@desk.test',
      name: 'Tom Smith',
      role: 'admin',
      password: 'a chosen secret',
      language: 'en',
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { user: UserBody; password?: string };
    expect(body.password).toBeUndefined();
    expect(body.user.language).toBe('en');
    const stored = await findStaffUser(w.db, { email: 'tom@desk.test' });
    expect(stored?.passwordHash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect((await login(w, 'tom@desk.test', 'a chosen secret')).status).toBe(200);
  });

  it('links a volunteer account to its volunteer, and requires that link for the volunteer role', async () => {
    const w = await setup();
    const vol = await givenVolunteer(w.db, { displayName: 'Vera' });
    const missing = await send(w, 'POST', '', { email: 'vera@desk.test', name: 'Vera Verdi', role: 'volunteer' });
    expect(missing.status).toBe(422);
    expect((await errorOf(missing)).fields?.volunteerId).toMatch(/volontario/);

    const unknown = await send(w, 'POST', '', {
      email: 'vera@desk.test',
      name: 'Vera Verdi',
      role: 'volunteer',
      volunteerId: 'no-such',
    });
    expect(unknown.status).toBe(422);
    expect((await errorOf(unknown)).fields?.volunteerId).toMatch(/^Volontario sconosciuto/);

    const ok = await send(w, 'POST', '', {
      email: 'vera@desk.test',
      name: 'Vera Verdi',
      role: 'volunteer',
      volunteerId: vol.id,
    });
    expect(ok.status).toBe(201);
    const { user, password } = (await ok.json()) as { user: UserBody; password: string };
    expect(user.volunteerId).toBe(vol.id);
    const me = await login(w, 'vera@desk.test', password);
    expect(((await me.json()) as { user: UserBody }).user.volunteerId).toBe(vol.id);

    const twice = await send(w, 'POST', '', {
      email: 'other@desk.test',
      name: 'Other',
      role: 'volunteer',
      volunteerId: vol.id,
    });
    expect(twice.status).toBe(409);
    expect(Object.keys((await errorOf(twice)).fields ?? {})).toEqual(['volunteerId']);
  });

  it('refuses a taken e-mail (409) and invalid fields (422), all reported at once', async () => {
    const w = await setup();
    const taken = await send(w, 'POST', '', { email: 'ANNA@desk.test', name: 'Anna Due', role: 'reception' });
    expect(taken.status).toBe(409);
    expect((await errorOf(taken)).fields?.email).toBe('Esiste già un utente con questo indirizzo e-mail.');

    const bad = await send(
      w,
      'POST',
      '',
      { email: 'not an email', name: '', role: 'boss', password: 'short', language: 'fr' },
      { ...jsonHeaders(w.admin), 'Accept-Language': 'en' },
    );
    expect(bad.status).toBe(422);
    expect(Object.keys((await errorOf(bad)).fields ?? {}).sort()).toEqual([
      'email',
      'language',
      'name',
      'password',
      'role',
    ]);

    // The password rule: twelve characters or more (so the e-mail rule is the one that speaks), not common.
    for (const [password, message] of [
      ['Xena.Warrior@desk.test', /e-mail/],
      ['password1234', /tra le più usate/],
    ] as const) {
      const weak = await send(w, 'POST', '', {
        email: 'xena.warrior@desk.test',
        name: 'Xena',
        role: 'admin',
        password,
      });
      expect(weak.status, password).toBe(422);
      expect((await errorOf(weak)).fields?.password, password).toMatch(message);
    }
  });
});

describe('PATCH /api/admin/users/:id', () => {
  it('edits name, role, language and volunteer link', async () => {
    const w = await setup();
    const rita = await givenStaff(w.db, { role: 'reception' });
    const vol = await givenVolunteer(w.db);
    const res = await send(w, 'PATCH', `/${rita.user.id}`, {
      name: 'Rita Bianchi',
      role: 'volunteer',
      volunteerId: vol.id,
      language: 'en',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: UserBody }).user).toMatchObject({
      name: 'Rita Bianchi',
      role: 'volunteer',
      volunteerId: vol.id,
      language: 'en',
    });
    // Role changes apply to the existing session at once: the role is read on every request.
    const session = await signIn(w.app, rita.email, rita.password);
    await send(w, 'PATCH', `/${rita.user.id}`, { role: 'admin' });
    const me = await w.app.request('/api/admin/session', { headers: session.headers });
    expect(((await me.json()) as { user: UserBody }).user.role).toBe('admin');
  });

  it('keeps the volunteer rule: a volunteer cannot be unlinked, a reception user can', async () => {
    const w = await setup();
    const v = await givenStaff(w.db, { role: 'volunteer' });
    const unlink = await send(w, 'PATCH', `/${v.user.id}`, { volunteerId: null });
    expect(unlink.status).toBe(422);
    const toReception = await send(w, 'PATCH', `/${v.user.id}`, { role: 'reception', volunteerId: null });
    expect(toReception.status).toBe(200);
    expect(((await toReception.json()) as { user: UserBody }).user.volunteerId).toBeNull();
    const other = await givenStaff(w.db, { role: 'reception' });
    expect((await send(w, 'PATCH', `/${other.user.id}`, { role: 'volunteer' })).status).toBe(422);
  });

  it('deactivating a user ends their sessions and their logins', async () => {
    const w = await setup();
    const rita = await givenStaff(w.db, { role: 'reception' });
    const session = await signIn(w.app, rita.email, rita.password);
    const res = await send(w, 'PATCH', `/${rita.user.id}`, { active: false });
    expect(res.status).toBe(200);
    expect((await w.app.request('/api/admin/session', { headers: session.headers })).status).toBe(401);
    expect((await login(w, rita.email, rita.password)).status).toBe(401);
    expect((await send(w, 'PATCH', `/${rita.user.id}`, { active: true })).status).toBe(200);
    expect((await login(w, rita.email, rita.password)).status).toBe(200);
  });

  it('never leaves the desk without an active admin', async () => {
    const w = await setup();
    const self = w.admin.user.id;
    const demote = await send(w, 'PATCH', `/${self}`, { role: 'reception' });
    expect(demote.status).toBe(409);
    expect((await errorOf(demote)).fields?.role).toBe('Deve restare almeno un amministratore attivo.');
    const deactivate = await send(w, 'PATCH', `/${self}`, { active: false });
    expect(deactivate.status).toBe(409);
    expect((await errorOf(deactivate)).fields?.active).toBeDefined();

    // With a second active admin the first may step down.
    await givenStaff(w.db, { role: 'admin' });
    expect((await send(w, 'PATCH', `/${self}`, { role: 'reception' })).status).toBe(200);
    expect((await findStaffUser(w.db, { id: self }))?.role).toBe('reception');
    // An inactive admin does not count as the remaining one.
    const w2 = await setup();
    await givenStaff(w2.db, { role: 'admin', active: false });
    expect((await send(w2, 'PATCH', `/${w2.admin.user.id}`, { active: false })).status).toBe(409);
  });

  it('two admins demoting each other at once: one wins, one admin remains', async () => {
    const w = await setup();
    const bea = await staffHeaders(w.app, w.db, 'admin');
    const [a, b] = await Promise.all([
      send(w, 'PATCH', `/${bea.user.id}`, { role: 'reception' }),
      send(w, 'PATCH', `/${w.admin.user.id}`, { role: 'reception' }, jsonHeaders(bea)),
    ]);
    // The loser is refused: by the last-admin rule (409), or already demoted when its request is checked (403).
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const admins = (
      (await (await send(w, 'GET', '', undefined, jsonHeaders(a.status === 200 ? w.admin : bea))).json()) as {
        users: UserBody[];
      }
    ).users.filter((u) => u.role === 'admin' && u.active);
    expect(admins).toHaveLength(1);
  });

  it('answers 404 for an unknown user and 422 for a bad body', async () => {
    const w = await setup();
    expect((await send(w, 'PATCH', '/nobody', { name: 'Someone' })).status).toBe(404);
    expect((await send(w, 'PATCH', `/${w.admin.user.id}`, { active: 'yes' })).status).toBe(422);
    expect((await send(w, 'PATCH', `/${w.admin.user.id}`, ['x'])).status).toBe(422);
  });
});

describe('POST /api/admin/users/:id/password', () => {
  it('sets a generated password, shown once, and ends the user’s sessions', async () => {
    const w = await setup();
    const rita = await givenStaff(w.db, { role: 'reception' });
    const session = await signIn(w.app, rita.email, rita.password);
    const res = await send(w, 'POST', `/${rita.user.id}/password`);
    expect(res.status).toBe(200);
    const { password } = (await res.json()) as { password: string };
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await w.app.request('/api/admin/session', { headers: session.headers })).status).toBe(401);
    expect((await login(w, rita.email, rita.password)).status).toBe(401);
    expect((await login(w, rita.email, password)).status).toBe(200);
    expect((await send(w, 'POST', '/nobody/password')).status).toBe(404);
  });
});
