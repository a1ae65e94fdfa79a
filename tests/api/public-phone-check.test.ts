import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { ERROR_CODES } from '../../worker/src/errors';
import { givenDesk } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { testDeps } from '../fixtures/deps';
import { postRequest, publicWorld, requestBody, type PublicWorld } from '../fixtures/public-helpers';

// The widget's check as the number is typed. It must answer exactly as POST /requests would, write nothing
// and never fail with a 5xx whatever arrives.

let w: PublicWorld;
beforeAll(async () => {
  w = await publicWorld({ desk: { requestsPerIpPerHour: 1_000, maxOpenRequestsPerPhone: 1_000 } });
});

function check(app: PublicWorld['app'], body: unknown, headers: Record<string, string> = {}) {
  return Promise.resolve(
    app.request('/api/public/phone-check', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

async function rowsWritten(): Promise<number> {
  const r = await w.client.execute(
    'select (select count(*) from bookings) + (select count(*) from booking_events) + (select count(*) from messages) + (select count(*) from rate_limits) as n',
  );
  return Number(r.rows[0]?.n);
}

describe('POST /api/public/phone-check', () => {
  it('answers a mobile with its E.164 form, in one round trip, uncached', async () => {
    w.resetRoundTrips();
    const res = await check(w.app, { phone: ' 347 123 4567 ' }, { Origin: 'https://example.org' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, e164: '+393471234567' });
    expect(w.roundTrips()).toBe(1);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it.each([
    ['06 1234 5678', 'phone_landline'],
    ['+39 02 1234 5678', 'phone_landline'],
    ['12', 'phone_invalid'],
    ['347 ABC 4567', 'phone_invalid'],
    ['800 123456', 'phone_invalid'],
    ['3'.repeat(300), 'phone_invalid'],
    ['', 'phone_invalid'],
  ])('refuses %j as %s without reading the database', async (phone, reason) => {
    w.resetRoundTrips();
    const res = await check(w.app, { phone });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: false, reason });
    expect(w.roundTrips()).toBe(0);
  });

  it("refuses a mobile of a country the desk does not text (the desk's own list)", async () => {
    const us = await check(w.app, { phone: '+1 415 555 2671' });
    expect(await us.json()).toEqual({ ok: false, reason: 'phone_country' });
    const ro = await check(w.app, { phone: '+40 721 234 567' });
    expect(await ro.json()).toEqual({ ok: true, e164: '+40721234567' });

    const t = await createTestDb();
    await givenDesk(t.db, { smsCountries: 'IT' });
    const onlyItaly = createApp(testDeps(t.db));
    expect(await (await check(onlyItaly, { phone: '+40 721 234 567' })).json()).toEqual({
      ok: false,
      reason: 'phone_country',
    });
  });

  it('agrees with POST /requests on every kind of number', async () => {
    const numbers = ['347 123 4567', '06 1234 5678', '+1 415 555 2671', '+40 721 234 567', '12', '800 123456'];
    for (const [i, phone] of numbers.entries()) {
      const checked = (await (await check(w.app, { phone })).json()) as { ok: boolean; reason?: string };
      const start = `2026-10-${String(14 + 2 * (i % 2)).padStart(2, '0')}T${String(9 + (i % 3)).padStart(2, '0')}:00:00+02:00`;
      const res = await postRequest(w.app, requestBody(w.serviceId, { phone, start, name: `Persona ${i}` }), {
        'cf-connecting-ip': `203.0.113.${i + 1}`,
      });
      const body = (await res.json()) as { error?: { fields?: Record<string, string> } };
      const refusedForPhone = res.status === 422 && body.error?.fields?.phone !== undefined;
      expect(refusedForPhone, `${phone}: ${res.status} ${JSON.stringify(body)}`).toBe(!checked.ok);
    }
  });

  it('answers 503 desk_not_configured for a valid mobile before the desk exists', async () => {
    const t = await createTestDb();
    const res = await check(createApp(testDeps(t.db)), { phone: '347 123 4567' });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('desk_not_configured');
  });

  it.each([
    ['no phone', {}, 422],
    ['a number', { phone: 3471234567 }, 422],
    ['an array', [], 422],
    ['broken JSON', '{"phone":', 400],
  ])('refuses a body with %s (%d)', async (_label, body, status) => {
    const res = await check(w.app, body);
    expect(res.status).toBe(status);
    expect(ERROR_CODES).toContain(((await res.json()) as { error: { code: string } }).error.code);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await w.app.request('/api/public/phone-check', { method: 'POST', body: 'phone=347' });
    expect(res.status).toBe(415);
  });

  it('never answers 5xx and never writes, whatever arrives (fuzzed)', async () => {
    const before = await rowsWritten();
    const phone = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.string({ unit: 'binary', maxLength: 50 }),
      fc.stringMatching(/^\+?[0-9 ()./-]{0,30}$/),
      fc.jsonValue({ maxDepth: 3 }),
    );
    const body = fc.oneof(
      fc.record({ phone }),
      fc.record({ phone, extra: fc.jsonValue({ maxDepth: 2 }) }),
      fc.jsonValue({ maxDepth: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await check(w.app, b);
        expect(res.status, JSON.stringify(b)).toBeLessThan(500);
        const answer = (await res.json()) as { ok?: boolean; reason?: string; error?: { code: string } };
        if (res.status === 200) {
          expect([true, false]).toContain(answer.ok);
          if (!answer.ok) expect(['phone_invalid', 'phone_landline', 'phone_country']).toContain(answer.reason);
        } else {
          expect(ERROR_CODES).toContain(answer.error?.code);
        }
      }),
      { numRuns: 300, seed: 20261130 },
    );
    expect(await rowsWritten()).toBe(before);
  });
});
