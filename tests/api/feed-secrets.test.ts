import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { deskSettings, volunteers } from '../../worker/src/db/schema';
import { configFromEnv } from '../../worker/src/deps';
import { icalTokenDeriver, icalTokenHash, isFeedKey } from '../../worker/src/domain/ical-token';
import { localHashSecret, LOCAL_SECRET_FILE } from '../../worker/src/node/local-secret';
import { givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testConfig, testDeps } from '../fixtures/deps';
import { staffCall as call, staffHeaders } from '../fixtures/staff';

const NOW = '2026-10-12T08:00:00Z';
const pathOf = (url: string) => new URL(url).pathname;
const tokenOf = (icalUrl: string) => /\/ical\/([A-Za-z0-9_-]+)\.ics$/.exec(icalUrl)?.[1] ?? '';

async function world() {
  const t = await createTestDb();
  await givenDesk(t.db, { minNoticeMinutes: 0, horizonDays: 60 });
  await givenService(t.db, { durationMinutes: 60 });
  const clock = fixedClock(NOW);
  const app = createApp(testDeps(t.db, { clock }));
  const admin = await staffHeaders(app, t.db, 'admin');
  return { ...t, app, clock, admin };
}

describe('HASH_SECRET', () => {
  it('is not invented by the Worker: without it, staff and iCal routes answer 503 and the log says why', async () => {
    const { db } = await createTestDb();
    await givenDesk(db);
    const logged: string[] = [];
    const log = { info() {}, warn() {}, error: (event: string) => void logged.push(event) };
    const config = configFromEnv({ PUBLIC_BASE_URL: 'https://desk.example' }, 'worker');
    expect(config.hashSecret).toBeUndefined();
    const app = createApp(testDeps(db, { config, log }));

    const login = await app.request('/api/admin/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'admin@sportello.local', password: 'whatever it is' }),
    });
    expect(login.status).toBe(503);
    expect(((await login.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    expect((await app.request(`/ical/${'A'.repeat(43)}.ics`)).status).toBe(503);
    expect(logged).toContain('hash_secret_missing');
    // The public booking pages are not keyed by it and keep working.
    expect((await app.request('/api/public/desk')).status).toBe(200);

    expect(configFromEnv({ HASH_SECRET: ' s3cret-of-the-desk ' }, 'worker').hashSecret).toBe('s3cret-of-the-desk');
  });

  it('is generated once for npm start and kept in the data folder, readable by its owner only', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sportello-secret-')), 'data');
    const first = localHashSecret(dir);
    expect(first.created).toBe(true);
    expect(first.secret.length).toBeGreaterThanOrEqual(43);
    const file = join(dir, LOCAL_SECRET_FILE);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.secret);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(localHashSecret(dir)).toEqual({ secret: first.secret, created: false });
    const other = localHashSecret(join(dir, 'elsewhere'));
    expect(other.secret).not.toBe(first.secret);
  });
});

describe('feed tokens carry stored random entropy', () => {
  it('cannot be computed from the secret and the creation instant; two rotations in one millisecond differ', async () => {
    const w = await world();
    const created = await call(w, 'POST', '/api/admin/volunteers', w.admin, { name: 'Giulia' });
    expect(created.status).toBe(201);
    const { id, icalUrl } = created.json.volunteer as { id: string; icalUrl: string };
    const [row] = await w.db.select().from(volunteers).where(eq(volunteers.id, id));
    expect(isFeedKey(row!.icalTokenRotatedAt)).toBe(true);
    // What an attacker holding HASH_SECRET could compute: the token of every instant around the creation.
    const deriver = await icalTokenDeriver(testConfig().hashSecret!);
    const now = Date.parse(NOW);
    const guesses = await Promise.all([-1, 0, 1].map((d) => deriver.volunteer(id, now + d)));
    expect(guesses).not.toContain(tokenOf(icalUrl));

    const one = await call(w, 'POST', `/api/admin/volunteers/${id}/ical/rotate`, w.admin);
    const two = await call(w, 'POST', `/api/admin/volunteers/${id}/ical/rotate`, w.admin);
    expect(new Set([icalUrl, one.json.icalUrl, two.json.icalUrl]).size).toBe(3);
    expect((await w.app.request(pathOf(two.json.icalUrl as string))).status).toBe(200);
    expect((await w.app.request(pathOf(one.json.icalUrl as string))).status).toBe(404);
  });

  it('replaces a feed issued by an older version (secret + instant) the first time staff see it', async () => {
    const w = await world();
    const legacy = await givenVolunteer(w.db, { displayName: 'Older' });
    const deriver = await icalTokenDeriver(testConfig().hashSecret!);
    const oldToken = await deriver.volunteer(legacy.id, legacy.createdAt);
    await w.db
      .update(volunteers)
      .set({ icalTokenHash: await icalTokenHash(oldToken), icalTokenRotatedAt: null })
      .where(eq(volunteers.id, legacy.id));
    expect((await w.app.request(`/ical/${oldToken}.ics`)).status).toBe(200);

    const detail = await call(w, 'GET', `/api/admin/volunteers/${legacy.id}`, w.admin);
    expect(tokenOf(detail.json.volunteer.icalUrl as string)).not.toBe(oldToken);
    expect((await w.app.request(`/ical/${oldToken}.ics`)).status).toBe(404);
    expect((await w.app.request(pathOf(detail.json.volunteer.icalUrl as string))).status).toBe(200);

    // The desk feed likewise: an issue instant from an older version is replaced by a random key.
    await w.db.update(deskSettings).set({ icalDeskTokenRotatedAt: Date.parse(NOW) });
    const settings = await call(w, 'GET', '/api/admin/settings', w.admin);
    expect(tokenOf(settings.json.deskIcalUrl as string)).not.toBe(await deriver.desk(Date.parse(NOW)));
    const [desk] = await w.db.select().from(deskSettings);
    expect(isFeedKey(desk!.icalDeskTokenRotatedAt)).toBe(true);
    expect((await w.app.request(pathOf(settings.json.deskIcalUrl as string))).status).toBe(200);
  });
});

describe('deactivating a volunteer', () => {
  it('rotates their feed: the old URL answers 404, and reactivating does not bring it back', async () => {
    const w = await world();
    const created = await call(w, 'POST', '/api/admin/volunteers', w.admin, { name: 'Giulia' });
    const { id, icalUrl } = created.json.volunteer as { id: string; icalUrl: string };
    expect((await w.app.request(pathOf(icalUrl))).status).toBe(200);

    const off = await call(w, 'PATCH', `/api/admin/volunteers/${id}`, w.admin, { active: false });
    expect(off.status).toBe(200);
    expect((await w.app.request(pathOf(icalUrl))).status).toBe(404);

    const on = await call(w, 'PATCH', `/api/admin/volunteers/${id}`, w.admin, { active: true });
    expect(on.status).toBe(200);
    const newUrl = on.json.volunteer.icalUrl as string;
    expect(newUrl).not.toBe(icalUrl);
    expect((await w.app.request(pathOf(icalUrl))).status).toBe(404);
    expect((await w.app.request(pathOf(newUrl))).status).toBe(200);

    // An edit that does not change activation keeps the URL.
    const renamed = await call(w, 'PATCH', `/api/admin/volunteers/${id}`, w.admin, { name: 'Giulia B.' });
    expect(renamed.json.volunteer.icalUrl).toBe(newUrl);
  });
});
