/**
 * Issue 10, finding 1: the desk's SMS limits as the API shows them (settings, the dashboard's budget
 * figure), the destination allow-list on public requests, and the counting queries' plans.
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { staffCall as call, staffHeaders } from '../fixtures/staff';
import { postRequest, publicWorld, requestBody, type PublicWorld } from '../fixtures/public-helpers';
import { NOW, smsWorld, type SmsWorld } from '../fixtures/sms-dispatch-world';

let s: SmsWorld | undefined;
let p: PublicWorld | undefined;
afterEach(async () => {
  await s?.close();
  p?.client.close();
  s = undefined;
  p = undefined;
});

describe('desk settings for SMS', () => {
  it('default to request SMS off, finite budget 500, caps 3/8/60 and the European allow-list; admin edits them', async () => {
    s = await smsWorld();
    const admin = await staffHeaders(s.app, s.db, 'admin');
    const before = await call(s, 'GET', '/api/admin/settings', admin);
    expect(before.json.settings).toMatchObject({
      smsMonthlyBudget: 500,
      requestSms: false,
      smsPerNumberDaily: 3,
      smsPerNumberDailyTotal: 8,
      smsPerDeskHourly: 60,
    });
    const countries = before.json.settings.smsCountries as string[];
    for (const c of ['IT', 'FR', 'DE', 'NO', 'CH', 'GB', 'UA', 'AL', 'MD']) expect(countries).toContain(c);
    for (const c of ['US', 'SO', 'CU', 'NG']) expect(countries).not.toContain(c);
    expect(before.json.settings).not.toHaveProperty('smsOnExpiry');

    const res = await call(s, 'PATCH', '/api/admin/settings', admin, {
      smsMonthlyBudget: 2000,
      requestSms: true,
      smsPerDeskHourly: 30,
      smsCountries: ['it', 'FR', 'IT'],
    });
    expect(res.status).toBe(200);
    expect(res.json.settings).toMatchObject({
      smsMonthlyBudget: 2000,
      requestSms: true,
      smsPerDeskHourly: 30,
      smsCountries: ['IT', 'FR'],
    });
  });

  it('refuses an unlimited budget, an empty or unknown country list', async () => {
    s = await smsWorld();
    const admin = await staffHeaders(s.app, s.db, 'admin');
    const res = await call(s, 'PATCH', '/api/admin/settings', admin, {
      smsMonthlyBudget: null,
      smsCountries: ['XX'],
      smsPerNumberDailyTotal: 0,
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.json.error.fields).sort()).toEqual([
      'smsCountries',
      'smsMonthlyBudget',
      'smsPerNumberDailyTotal',
    ]);
    expect((await call(s, 'PATCH', '/api/admin/settings', admin, { smsCountries: [] })).status).toBe(422);
  });
});

describe('the budget notice', () => {
  async function sent(n: number) {
    for (let i = 0; i < n; i++) {
      await s!.message((await s!.booking()).id, 'confirmation', { status: 'sent', sentAt: NOW - 1000 });
    }
  }

  it('the dashboard reports the month against the budget: ok below 80 %, near from 80 %, exhausted at 100 %', async () => {
    s = await smsWorld({ desk: { smsMonthlyBudget: 10 } });
    const reception = await staffHeaders(s.app, s.db, 'reception');
    const sms = async () => (await call(s!, 'GET', '/api/admin/dashboard', reception)).json.sms;
    await sent(7);
    expect(await sms()).toEqual({ sentThisMonth: 7, budget: 10, state: 'ok' });
    await sent(1);
    expect(await sms()).toEqual({ sentThisMonth: 8, budget: 10, state: 'near' });
    await sent(2);
    expect(await sms()).toEqual({ sentThisMonth: 10, budget: 10, state: 'exhausted' });
  });

  it('a desk created without a budget gets 500', async () => {
    s = await smsWorld();
    const reception = await staffHeaders(s.app, s.db, 'reception');
    expect((await call(s, 'GET', '/api/admin/dashboard', reception)).json.sms).toEqual({
      sentThisMonth: 0,
      budget: 500,
      state: 'ok',
    });
  });
});

describe('allowed destination countries', () => {
  it('refuses a number from a country not on the list with 422 and fields.phone naming the desk phone', async () => {
    p = await publicWorld();
    for (const phone of ['+881 6 3212 3456', '+252 61 234 5678', '+53 5 123 4567', '+1 201 555 0123']) {
      const res = await postRequest(p.app, requestBody(p.serviceId, { phone }));
      expect(res.status, phone).toBe(422);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.fields.phone).toBe(
        'Non possiamo inviare SMS ai numeri di questo paese. Chiama lo sportello: +39 06 1234 5678.',
      );
    }
    // Countries on the default list pass: Italy, France, the UK, Ukraine.
    const starts = ['2026-10-14T09:00:00+02:00', '2026-10-14T10:00:00+02:00', '2026-10-14T11:00:00+02:00'];
    const ok = ['+39 347 123 4567', '+33 6 12 34 56 78', '+380 50 123 4567'];
    for (let i = 0; i < ok.length; i++) {
      const res = await postRequest(p.app, requestBody(p.serviceId, { phone: ok[i], start: starts[i] }));
      expect(res.status, ok[i]).toBe(201);
    }
  });

  it('follows the desk list, in the request language, and keeps request creation to two round trips', async () => {
    p = await publicWorld({ desk: { smsCountries: 'FR' } });
    p.resetRoundTrips();
    const res = await postRequest(p.app, requestBody(p.serviceId, { phone: '+39 347 123 4567' }), {
      'Accept-Language': 'en',
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(body.error.fields.phone).toBe(
      'We cannot send SMS to numbers of this country. Call the desk: +39 06 1234 5678.',
    );
    expect(p.roundTrips()).toBeLessThanOrEqual(2);
    const fr = await postRequest(p.app, requestBody(p.serviceId, { phone: '+33 6 12 34 56 78' }));
    expect(fr.status).toBe(201);
  });
});

describe('counting for the caps', () => {
  it('uses the indexes: no scan of the messages table', async () => {
    s = await smsWorld();
    const since = NOW - 86_400_000;
    const plans = [
      sql`SELECT count(*) FROM messages s WHERE s.recipient = '+393471234567'
        AND (s.sent_at >= ${since} OR (s.status = 'sending' AND s.sent_at IS NULL AND s.claimed_until >= ${NOW}))`,
      sql`SELECT count(*) FROM messages WHERE sent_at >= ${since}`,
      sql`SELECT count(*) FROM messages WHERE status = 'sending' AND claimed_until >= ${NOW} AND sent_at IS NULL`,
      sql`SELECT DISTINCT recipient FROM messages WHERE status = 'sending' AND claimed_until = ${NOW} AND updated_at = ${NOW}`,
    ];
    for (const q of plans) {
      const rows = await s.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${q}`);
      const details = rows.map((r) => r.detail).join(' | ');
      expect(details, details).not.toMatch(/SCAN (messages|s)\b(?! USING)/);
      expect(details).toMatch(/USING (COVERING )?INDEX/);
    }
  });
});
