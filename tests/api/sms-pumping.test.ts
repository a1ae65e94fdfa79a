/**
 * Issue 10, finding 1 (SMS pumping): an anonymous request cancelled by "the person", or left to expire,
 * must not text anyone unless the desk turned request SMS on; then the per-number and per-desk caps hold.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { deskSettings, messages } from '../../worker/src/db/schema';
import { dispatchSms } from '../../worker/src/outbox/dispatch';
import { expireRequests } from '../../worker/src/jobs/expire-requests';
import { recordingSms } from '../fixtures/deps';
import { postRequest, publicWorld, requestBody, type PublicWorld } from '../fixtures/public-helpers';
import { NOW as SMS_NOW, smsWorld, type SmsWorld } from '../fixtures/sms-dispatch-world';

const HOUR = 3_600_000;
/** Wednesday 14 and Friday 16 October 2026, Rome: the shifts of publicWorld run 09:00–12:00. */
const SLOTS = [
  '2026-10-14T09:00:00+02:00',
  '2026-10-14T10:00:00+02:00',
  '2026-10-14T11:00:00+02:00',
  '2026-10-16T09:00:00+02:00',
  '2026-10-16T10:00:00+02:00',
  '2026-10-16T11:00:00+02:00',
];

let closeMe: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeMe?.();
  closeMe = undefined;
});

/** A public world whose SMS are recorded; many volunteers so every pump round finds a free slot. */
async function pumpWorld(
  desk: Parameters<typeof publicWorld>[0] extends infer O ? (O extends { desk?: infer D } ? D : never) : never = {},
) {
  const sms = recordingSms();
  const w = await publicWorld({ volunteers: 4, desk: { requestsPerIpPerHour: 10_000, ...desk }, deps: { sms } });
  closeMe = async () => w.client.close();
  return { w, sms };
}

/** Anonymous request with a rotating number and address, then "the person" cancels it from the link. */
async function requestAndCancel(w: PublicWorld, i: number): Promise<void> {
  const phone = `+39 347 ${String(2000000 + i).slice(-7)}`;
  const res = await postRequest(w.app, requestBody(w.serviceId, { phone, start: SLOTS[i % SLOTS.length] }), {
    'cf-connecting-ip': `198.51.100.${i % 250}`,
    'x-forwarded-for': `203.0.113.${i % 250}`,
  });
  expect(res.status).toBe(201);
  const { manageUrl } = (await res.json()) as { manageUrl: string };
  const code = manageUrl.split('/m/')[1]!;
  const cancel = await w.app.request(`/m/${code}/cancel`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'confirm=yes',
  });
  expect(cancel.status).toBeLessThan(400);
}

const dispatch = (w: PublicWorld, now: number) => dispatchSms(w.deps, { cron: '*/10 * * * *', now });

describe('the pump loop', () => {
  it('anonymous requests cancelled by "the person" and requests left to expire send 0 SMS', async () => {
    const { w, sms } = await pumpWorld();
    for (let i = 0; i < 12; i++) await requestAndCancel(w, i);
    // And requests that nobody confirms, left to lapse.
    for (let i = 0; i < 6; i++) {
      const res = await postRequest(
        w.app,
        requestBody(w.serviceId, { phone: `+39 348 ${3000000 + i}`, start: SLOTS[i] }),
        // From several addresses: one address holds at most 3 open requests.
        { 'cf-connecting-ip': `198.51.100.${100 + i}` },
      );
      expect(res.status).toBe(201);
    }
    const later = w.clock.now() + 49 * HOUR;
    expect((await expireRequests(w.deps, { cron: '*/10 * * * *', now: later })).counts.expired).toBe(6);
    await dispatch(w, w.clock.now());
    await dispatch(w, later);

    expect(sms.sent).toHaveLength(0);
    expect(await w.db.select().from(messages)).toEqual([]);
  });

  it('with request SMS on, the same loop texts, and the per-number cap holds for a repeated number', async () => {
    const { w, sms } = await pumpWorld({ requestSms: true });
    // One number over and over: at most 3 texts a day (cancellation of a request is an extra text).
    for (let i = 0; i < 6; i++) {
      const res = await postRequest(w.app, requestBody(w.serviceId, { phone: '+39 347 555 0001', start: SLOTS[i] }));
      expect(res.status).toBe(201);
      const code = ((await res.json()) as { manageUrl: string }).manageUrl.split('/m/')[1]!;
      await w.app.request(`/m/${code}/cancel`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'confirm=yes',
      });
      await dispatch(w, w.clock.now());
    }
    expect(sms.sent).toHaveLength(3);
    const rows = await w.db.select().from(messages);
    expect(rows).toHaveLength(6);
    const capped = rows.filter((r) => r.status === 'cancelled');
    expect(capped).toHaveLength(3);
    expect(capped.every((r) => r.errorCode === 'recipient_cap' && r.attempts === 0)).toBe(true);
    // Dropped, not held: later runs send none of them.
    await dispatch(w, w.clock.now() + 25 * HOUR);
    expect(sms.sent).toHaveLength(3);
  });
});

describe('caps in the dispatcher', () => {
  let s: SmsWorld | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('per number: 8 a day in all, of which at most 3 extra; confirmations and reminders are not extra', async () => {
    s = await smsWorld();
    const phone = '+393470000001';
    const ids: string[] = [];
    // Ten confirmed bookings of one number, each with its confirmation, plus two rejections (extra).
    for (let i = 0; i < 10; i++) ids.push((await s.message((await s.booking({ phone })).id, 'confirmation')).id);
    const run = await s.run();
    expect(run.counts).toMatchObject({ claimed: 10, sent: 8, capped: 2 });
    expect(s.fake.messages).toHaveLength(8);
    const dropped = (await s.all()).filter((m) => m.status === 'cancelled');
    expect(dropped.map((m) => m.id)).toEqual(ids.slice(8).sort());
    expect(dropped.every((m) => m.errorCode === 'recipient_cap')).toBe(true);
    // The audit trail says why.
    const ev = await s.events((await s.msg(ids[9]!)).bookingId!);
    expect(ev.map((e) => e.type)).toEqual(['message_failed']);
    expect(JSON.parse(ev[0]!.data!)).toMatchObject({ errorCode: 'recipient_cap' });
  });

  it('per number: a fourth extra text in a day is dropped, an essential one still goes', async () => {
    s = await smsWorld();
    const phone = '+393470000002';
    for (let i = 0; i < 4; i++) await s.message((await s.booking({ phone, status: 'rejected' })).id, 'rejection');
    const conf = await s.message((await s.booking({ phone })).id, 'confirmation');
    const run = await s.run();
    expect(run.counts).toMatchObject({ sent: 4, capped: 1 });
    expect((await s.msg(conf.id)).status).toBe('sent');
    // A day later the number may be texted again.
    await s.message((await s.booking({ phone, status: 'rejected' })).id, 'rejection', {
      notBefore: SMS_NOW + 25 * HOUR,
    });
    expect((await s.run(SMS_NOW + 25 * HOUR)).counts).toMatchObject({ sent: 1, capped: 0 });
  });

  it('a cancellation of a confirmed booking is a change, not an extra text', async () => {
    s = await smsWorld();
    const phone = '+393470000003';
    for (let i = 0; i < 5; i++) {
      const b = await s.booking({ phone, status: 'cancelled', confirmedAt: SMS_NOW - HOUR });
      await s.message(b.id, 'cancellation');
    }
    expect((await s.run()).counts).toMatchObject({ sent: 5, capped: 0 });
  });

  it('per desk: at most the hourly cap goes out, the rest waits marked desk_hourly_cap and goes later', async () => {
    s = await smsWorld({ desk: { smsPerDeskHourly: 4 } });
    const ids = await s.confirmations(7);
    const run = await s.run();
    expect(run.counts).toMatchObject({ sent: 4, deskHourlyCap: 1 });
    const waiting = (await s.all()).filter((m) => m.status === 'pending');
    expect(waiting).toHaveLength(3);
    expect(waiting.every((m) => m.errorCode === 'desk_hourly_cap')).toBe(true);
    expect((await s.run(SMS_NOW + 30 * 60_000)).counts.sent).toBe(0);
    expect((await s.run(SMS_NOW + HOUR + 60_000)).counts.sent).toBe(3);
    expect(s.fake.messages).toHaveLength(7);
    for (const id of ids) expect((await s.msg(id)).status).toBe('sent');
  });

  it('the monthly budget defaults to 500, a finite number', async () => {
    s = await smsWorld();
    const [desk] = await s.db.select().from(deskSettings).where(eq(deskSettings.id, 1));
    expect(desk!.smsMonthlyBudget).toBe(500);
    expect(desk!.requestSms).toBe(false);
  });
});
