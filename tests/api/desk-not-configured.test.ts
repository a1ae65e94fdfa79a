import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { readDesk, readDeskWithServices } from '../../worker/src/db/repo/desk';
import { createTestDb } from '../fixtures/db';
import { testDeps } from '../fixtures/deps';
import { errorOf, jsonHeaders, staffHeaders } from '../fixtures/staff';

/** A deployment whose database is migrated but whose desk was never created (README: set up step 3). */
async function freshDeployment() {
  const { db } = await createTestDb();
  const app = createApp(testDeps(db));
  const admin = await staffHeaders(app, db, 'admin');
  return { db, app, admin };
}

describe('a deployment whose desk is not set up yet', () => {
  it('reads the desk as "not configured", not as an error', async () => {
    const { db } = await createTestDb();
    expect(await readDesk(db)).toEqual({ configured: false });
    expect(await readDeskWithServices(db)).toEqual({ configured: false });
  });

  it('answers the public desk and availability with 503 desk_not_configured, in the asked language', async () => {
    const { app } = await freshDeployment();
    const desk = await app.request('/api/public/desk', { headers: { 'Accept-Language': 'en' } });
    expect(desk.status).toBe(503);
    expect(await desk.json()).toEqual({
      error: { code: 'desk_not_configured', message: 'The desk is not set up yet. Please try again later.' },
    });
    const slots = await app.request('/api/public/availability?service=x&mode=in_person');
    expect(slots.status).toBe(503);
    expect((await errorOf(slots)).code).toBe('desk_not_configured');
  });

  it('lets staff open the settings (empty) and create the desk with the first save', async () => {
    const { app, admin } = await freshDeployment();
    const empty = await app.request('/api/admin/settings', { headers: admin.headers });
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ settings: null, deskIcalUrl: null, deskWebcalUrl: null });
    const saved = await app.request('/api/admin/settings', {
      method: 'PATCH',
      headers: jsonHeaders(admin),
      body: JSON.stringify({ name: 'Sportello Lavoro', address: 'Via Roma 1' }),
    });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { settings: { timeZone: string } }).settings.timeZone).toBe('Europe/Rome');
    expect((await app.request('/api/public/desk')).status).toBe(200);
  });

  it('keeps the staff lists working and says plainly what needs the desk', async () => {
    const { app, admin } = await freshDeployment();
    const get = (path: string) => app.request(path, { headers: admin.headers });
    const post = (path: string, body: unknown) =>
      app.request(path, { method: 'POST', headers: jsonHeaders(admin), body: JSON.stringify(body) });

    const closures = await get('/api/admin/closures');
    expect(closures.status).toBe(200);
    // 2026-10-12 at the desk's default zone.
    expect(((await closures.json()) as { year: number }).year).toBe(2026);
    expect((await get('/api/admin/messages')).status).toBe(200);
    expect((await get('/api/admin/volunteers')).status).toBe(200);
    expect((await get('/api/admin/services')).status).toBe(200);
    const search = await post('/api/admin/people/search', { phone: '347 123 4567' });
    expect(search.status).toBe(200);
    expect(((await search.json()) as { bookings: unknown[] }).bookings).toEqual([]);
    // Nothing to cancel, so nothing needs the desk's notice.
    expect((await post('/api/admin/people/erase', { phone: '347 123 4567' })).status).toBe(200);

    const dashboard = await get('/api/admin/dashboard');
    expect(dashboard.status).toBe(503);
    expect((await errorOf(dashboard)).code).toBe('desk_not_configured');
    const exported = await post('/api/admin/people/export', { phone: '347 123 4567' });
    expect(exported.status).toBe(503);
    expect((await errorOf(exported)).code).toBe('desk_not_configured');
    // No desk feed to rotate yet.
    expect((await post('/api/admin/settings/ical/rotate', {})).status).toBe(404);
  });
});
