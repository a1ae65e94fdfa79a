/**
 * Issue 11, finding 1: account-level SMS errors (sender refused, country not enabled, credentials) stop
 * the run and keep messages waiting, one alert tells the admin why, and the first tick after the fix
 * sends them. Against the fake Twilio, which refuses senders and countries the way Twilio does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { MAX_ATTEMPTS } from '../../worker/src/outbox/policy';
import { deferringDeps } from '../fixtures/deps';
import { twilioProviderFor } from '../fixtures/fake-twilio';
import { staffCall as call, staffHeaders } from '../fixtures/staff';
import { MIN, NOW, PUBLIC_BASE_URL, smsWorld, timesSent, type SmsWorld } from '../fixtures/sms-dispatch-world';

let w: SmsWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const TICK = 10 * MIN;

/** The world's deps with the Twilio provider reconfigured (the admin fixed a variable and redeployed). */
function reconfigured(world: SmsWorld, env: Record<string, string>) {
  return { ...world.deps, sms: twilioProviderFor(world.fake, { publicBaseUrl: PUBLIC_BASE_URL, env }) };
}

async function alertOf(world: SmsWorld) {
  const admin = await staffHeaders(world.app, world.db, 'admin');
  const res = await call(world, 'GET', '/api/admin/sms-alert', admin);
  expect(res.status).toBe(200);
  return res.json.alert as Record<string, unknown> | null;
}

describe('a sender Twilio refuses', () => {
  it.each([21606, 21212] as const)(
    'error %i stops the run, fails nothing, uses up no attempt and stores one alert',
    async (code) => {
      w = await smsWorld();
      w.fake.refuseSender('Sportello', code);
      const ids = await w.confirmations(6);

      const run = await w.run(NOW, { concurrency: 1, batchSize: 3 });

      expect(run.skipped).toBe(`halted: ${code}`);
      expect(w.fake.requests).toHaveLength(1);
      for (const id of ids) expect(await w.msg(id)).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await alertOf(w)).toEqual({
        provider: 'twilio',
        reason: 'sender',
        code: String(code),
        message: 'the sender (TWILIO_FROM) is refused by Twilio',
        country: null,
        since: new Date(NOW).toISOString(),
        waiting: 6,
        checkedAt: new Date(NOW).toISOString(),
      });
    },
  );

  it('while halted each tick tries one message, and none is ever given up', async () => {
    w = await smsWorld();
    w.fake.refuseSender('Sportello');
    const ids = await w.confirmations(4);
    let at = NOW;
    // The first run finds out with one request (one at a time here); each later tick probes with one.
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++, at += TICK) await w.run(at, { concurrency: 1 });
    expect(w.fake.requests).toHaveLength(MAX_ATTEMPTS + 2);
    for (const id of ids) expect(await w.msg(id)).toMatchObject({ status: 'pending', attempts: 0 });
    const alert = await alertOf(w);
    // Still stopped since the first refusal; checked on the last tick.
    expect(alert).toMatchObject({ since: new Date(NOW).toISOString(), waiting: 4 });
    expect(alert?.checkedAt).toBe(new Date(at - TICK).toISOString());
  });

  it('right after a booking change a halted provider is left alone; the tick still probes it', async () => {
    w = await smsWorld();
    w.fake.refuseSender('Sportello');
    await w.confirmations(1);
    await w.run();
    expect(w.fake.requests).toHaveLength(1);

    const deferred: Promise<unknown>[] = [];
    const app = createApp(deferringDeps(w.deps, (p) => void deferred.push(p)));
    const reception = await staffHeaders(app, w.db, 'reception');
    const b = await w.booking();
    for (let i = 0; i < 3; i++) {
      await w.message(b.id, 'reschedule', { seq: i + 10 });
      const res = await app.request(`/api/admin/bookings/${b.id}/cancel`, {
        method: 'POST',
        headers: { ...reception.headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: 'prova' }),
      });
      expect(res.status).toBeLessThan(500);
    }
    expect(deferred.length).toBeGreaterThan(0);
    await Promise.all(deferred);
    expect(w.fake.requests).toHaveLength(1);

    await w.run(NOW + TICK);
    expect(w.fake.requests).toHaveLength(2);
  });

  it('the first tick after the sender is fixed sends every waiting message once and clears the alert', async () => {
    w = await smsWorld();
    w.fake.refuseSender('Sportello');
    const ids = await w.confirmations(6);
    await w.run();
    await w.run(NOW + TICK);
    expect(await alertOf(w)).not.toBeNull();

    const fixed = reconfigured(w, { TWILIO_FROM: 'SportelloLv' });
    const run = await w.run(NOW + 2 * TICK, {}, fixed);

    expect(run.counts).toMatchObject({ sent: 6, failed: 0 });
    expect(run.skipped).toBeUndefined();
    expect(ids.map((id) => timesSent(w!.fake, id))).toEqual(new Array(6).fill(1));
    expect(w.fake.messages.every((m) => m.from === 'SportelloLv')).toBe(true);
    for (const id of ids) expect(await w.msg(id)).toMatchObject({ status: 'sent', attempts: 1, errorCode: null });
    expect(await alertOf(w)).toBeNull();
  });

  it('a sender over 11 characters never reaches Twilio: SMS count as not configured and the alert says why', async () => {
    w = await smsWorld({ env: { TWILIO_FROM: 'SportelloLav' } });
    const [id] = await w.confirmations(1);
    const run = await w.run();
    expect(run.skipped).toBe('halted: sender_invalid');
    expect(w.fake.requests).toHaveLength(0);
    expect(await w.msg(id!)).toMatchObject({ status: 'pending', attempts: 0, errorCode: 'sender_invalid' });
    const alert = await alertOf(w);
    expect(alert).toMatchObject({ reason: 'sender', code: 'sender_invalid', waiting: 1 });
    expect(alert?.message).toMatch(/^TWILIO_FROM is 12 characters long/);
    expect(alert?.message).not.toContain('SportelloLav');
  });
});

describe('a country not enabled on the account (21408)', () => {
  const SWISS = '+41791234567';

  it('halts with the country named; removing it from the desk list fails those messages and sends the rest', async () => {
    w = await smsWorld({ desk: { smsCountries: 'IT,CH' } });
    w.fake.disableCountry('+41');
    const swiss = await w.message((await w.booking({ phone: SWISS })).id, 'confirmation');
    const italian = await w.confirmations(3);

    // One at a time, so the Swiss message (the oldest) is the one that finds out.
    const run = await w.run(NOW, { concurrency: 1 });
    expect(run.skipped).toBe('halted: 21408');
    expect(await w.msg(swiss.id)).toMatchObject({ status: 'pending', attempts: 0, errorCode: '21408' });
    expect(await alertOf(w)).toMatchObject({ reason: 'country', code: '21408', country: 'CH', waiting: 4 });
    // Oldest first: the Swiss message is tried again and blocks the queue while CH stays in the list.
    await w.run(NOW + TICK);
    expect(w.fake.messages).toHaveLength(0);

    const admin = await staffHeaders(w.app, w.db, 'admin');
    const saved = await call(w, 'PATCH', '/api/admin/settings', admin, { smsCountries: ['IT'] });
    expect(saved.status).toBe(200);

    const after = await w.run(NOW + 2 * TICK);
    expect(after.counts).toMatchObject({ sent: 3, failed: 1 });
    expect(await w.msg(swiss.id)).toMatchObject({
      status: 'failed',
      attempts: 0,
      errorCode: 'country_not_allowed',
      error: 'the desk does not send SMS to this country (desk settings)',
    });
    expect(timesSent(w.fake, swiss.id)).toBe(0);
    expect(italian.map((id) => timesSent(w!.fake, id))).toEqual([1, 1, 1]);
    expect(await alertOf(w)).toBeNull();
    expect((await w.events((await w.msg(swiss.id)).bookingId!)).map((e) => e.type)).toEqual(['message_failed']);
  });

  it('enabling the country at Twilio is the other way out: the next tick sends it', async () => {
    w = await smsWorld({ desk: { smsCountries: 'IT,CH' } });
    w.fake.disableCountry('+41');
    const swiss = await w.message((await w.booking({ phone: SWISS })).id, 'confirmation');
    await w.run();
    w.fake.disableCountry('+41', false);
    await w.run(NOW + TICK);
    expect(timesSent(w.fake, swiss.id)).toBe(1);
    expect(await alertOf(w)).toBeNull();
  });
});

describe('credentials and per-message errors', () => {
  it('refused credentials (20003) halt with an alert; fixing the token resumes', async () => {
    w = await smsWorld({ env: { TWILIO_AUTH_TOKEN: 'wrong-token' } });
    const ids = await w.confirmations(2);
    expect((await w.run()).skipped).toBe('halted: 20003');
    expect(await alertOf(w)).toMatchObject({ reason: 'credentials', code: '20003', waiting: 2 });
    await w.run(NOW + TICK, {}, reconfigured(w, { TWILIO_AUTH_TOKEN: w.fake.authToken }));
    expect(ids.map((id) => timesSent(w!.fake, id))).toEqual([1, 1]);
    expect(await alertOf(w)).toBeNull();
  });

  it('a number Twilio refuses fails that message only: no alert, the others go', async () => {
    w = await smsWorld();
    w.fake.rejectNumber('+393470000001', 21211);
    const bad = await w.message((await w.booking({ phone: '+393470000001' })).id, 'confirmation');
    const good = await w.confirmations(2);
    const run = await w.run();
    expect(run.skipped).toBeUndefined();
    expect(await w.msg(bad.id)).toMatchObject({ status: 'failed', errorCode: '21211' });
    expect(good.map((id) => timesSent(w!.fake, id))).toEqual([1, 1]);
    expect(await alertOf(w)).toBeNull();
  });

  it('reception sees the alert too; switching SMS off drops it with the waiting messages', async () => {
    w = await smsWorld();
    w.fake.refuseSender('Sportello');
    await w.confirmations(1);
    await w.run();
    const reception = await staffHeaders(w.app, w.db, 'reception');
    expect((await call(w, 'GET', '/api/admin/sms-alert', reception)).json.alert).toMatchObject({ reason: 'sender' });
    const admin = await staffHeaders(w.app, w.db, 'admin');
    expect((await call(w, 'PATCH', '/api/admin/settings', admin, { smsEnabled: false })).status).toBe(200);
    await w.run(NOW + TICK);
    expect(await alertOf(w)).toBeNull();
  });
});
