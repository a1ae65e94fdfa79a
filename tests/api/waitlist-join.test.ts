import { describe, expect, it } from 'vitest';
import { publicWorld, type PublicWorld } from '../fixtures/public-helpers';
import { staffCall, staffHeaders } from '../fixtures/staff';

function postJoin(w: PublicWorld, body: Record<string, unknown>, ip = '203.0.113.7') {
  return w.app.request('/api/public/waitlist', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'cf-connecting-ip': ip },
    body: JSON.stringify(body),
  });
}

function joinBody(w: PublicWorld, overrides: Record<string, unknown> = {}) {
  return {
    service: w.serviceId,
    mode: 'in_person',
    from: '2026-10-13',
    to: '2026-10-20',
    name: 'Maria Rossi',
    phone: '347 123 4567',
    consent: true,
    ...overrides,
  };
}

async function count(w: PublicWorld, table: 'waitlist_entries' | 'messages') {
  const rs = await w.client.execute(`select count(*) as n from ${table}`);
  return Number(rs.rows[0]?.n);
}

describe('POST /api/public/waitlist', () => {
  it('adds the person to the list with a reference and the link of their page, and sends no SMS', async () => {
    const w = await publicWorld();
    const res = await postJoin(w, joinBody(w, { language: 'ar' }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { reference: string; manageUrl: string };
    expect(body.reference).toMatch(/^[A-Z2-9]{6}$/);
    expect(body.manageUrl).toMatch(/^https:\/\/sportello\.test\/w\/[A-Za-z0-9_-]+$/);
    const rs = await w.client.execute(
      'select status, language, phone, from_date, to_date, channel from waitlist_entries',
    );
    expect(rs.rows[0]).toMatchObject({
      status: 'waiting',
      language: 'ar',
      phone: '+393471234567',
      from_date: '2026-10-13',
      to_date: '2026-10-20',
      channel: 'widget',
    });
    expect(await count(w, 'messages')).toBe(0);
  });

  it('refuses a form without consent, with dates the wrong way round, or a range already past, writing nothing', async () => {
    const w = await publicWorld();
    const noConsent = await postJoin(w, joinBody(w, { consent: false }));
    expect(noConsent.status).toBe(422);
    expect(((await noConsent.json()) as { error: { fields: object } }).error.fields).toHaveProperty('consent');
    const backwards = await postJoin(w, joinBody(w, { from: '2026-10-20', to: '2026-10-13' }));
    expect(backwards.status).toBe(422);
    const past = await postJoin(w, joinBody(w, { from: '2026-10-01', to: '2026-10-05' }));
    expect(past.status).toBe(422);
    expect(await count(w, 'waitlist_entries')).toBe(0);
  });

  it('refuses a number of a country the desk does not text', async () => {
    const w = await publicWorld();
    const res = await postJoin(w, joinBody(w, { phone: '+1 202 555 0143' }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { fields: object } }).error.fields).toHaveProperty('phone');
  });

  it('keeps one phone to the desk’s open-request limit and one address to its limit of waiting entries', async () => {
    const w = await publicWorld({ desk: { maxOpenRequestsPerPhone: 2 } });
    expect((await postJoin(w, joinBody(w))).status).toBe(201);
    expect((await postJoin(w, joinBody(w))).status).toBe(201);
    const third = await postJoin(w, joinBody(w));
    expect(third.status).toBe(409);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('too_many_open_requests');
    // Three more numbers from one address: the third address-wide entry is the last one allowed.
    expect((await postJoin(w, joinBody(w, { phone: '347 000 0001' }), '198.51.100.9')).status).toBe(201);
    expect((await postJoin(w, joinBody(w, { phone: '347 000 0002' }), '198.51.100.9')).status).toBe(201);
    expect((await postJoin(w, joinBody(w, { phone: '347 000 0003' }), '198.51.100.9')).status).toBe(201);
    const over = await postJoin(w, joinBody(w, { phone: '347 000 0004' }), '198.51.100.9');
    expect(over.status).toBe(429);
    expect(await count(w, 'waitlist_entries')).toBe(5);
  });

  it('answers a filled honeypot like a success and stores nothing', async () => {
    const w = await publicWorld();
    const res = await postJoin(w, { ...joinBody(w), website: 'https://spam.example' });
    expect(res.status).toBe(201);
    expect(await count(w, 'waitlist_entries')).toBe(0);
  });

  it('limits joins per address per hour', async () => {
    const w = await publicWorld({ desk: { requestsPerIpPerHour: 2, maxOpenRequestsPerPhone: 10 } });
    expect((await postJoin(w, joinBody(w, { phone: '347 000 0001' }))).status).toBe(201);
    expect((await postJoin(w, joinBody(w, { phone: '347 000 0002' }))).status).toBe(201);
    const res = await postJoin(w, joinBody(w, { phone: '347 000 0005' }));
    expect(res.status).toBe(429);
    expect(res.headers.get('Retry-After')).toMatch(/^\d+$/);
  });

  it('follows the desk: turned off in the settings, the widget is told and a join is refused; the hold is the desk’s', async () => {
    const w = await publicWorld();
    const admin = await staffHeaders(w.app, w.db, 'admin');
    const desk = async () => ((await (await w.app.request('/api/public/desk')).json()) as { rules: object }).rules;
    expect(await desk()).toMatchObject({ waitlist: true });

    const off = await staffCall(w, 'PATCH', '/api/admin/settings', admin, { waitlistEnabled: false });
    expect(off.status).toBe(200);
    expect(off.json.settings ?? off.json).toMatchObject({ waitlistEnabled: false, waitlistHoldMinutes: 120 });
    expect(await desk()).toMatchObject({ waitlist: false });
    const refused = await postJoin(w, joinBody(w));
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect(await count(w, 'waitlist_entries')).toBe(0);

    const tooShort = await staffCall(w, 'PATCH', '/api/admin/settings', admin, { waitlistHoldMinutes: 4 });
    expect(tooShort.status).toBe(422);
    expect(tooShort.json.error.fields).toHaveProperty('waitlistHoldMinutes');
    const on = await staffCall(w, 'PATCH', '/api/admin/settings', admin, {
      waitlistEnabled: true,
      waitlistHoldMinutes: 45,
    });
    expect(on.json.settings ?? on.json).toMatchObject({ waitlistEnabled: true, waitlistHoldMinutes: 45 });
    expect((await postJoin(w, joinBody(w))).status).toBe(201);
  });
});
