/**
 * From the action to the fake Twilio: the outbox rows written by the actions (and the reminder job) go out
 * through the dispatcher, over HTTP, with the right number, text and credentials.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { bookings } from '../../worker/src/db/schema';
import { runScheduled } from '../../worker/src/jobs/scheduled';
import { localToInstant } from '../../worker/src/domain/time';
import { deferringDeps } from '../fixtures/deps';
import { staffHeaders } from '../fixtures/staff';
import { NOW, PUBLIC_BASE_URL, smsWorld, type SmsWorld } from '../fixtures/sms-dispatch-world';
import { eq } from 'drizzle-orm';

let w: SmsWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** The app with deps.defer collecting the deferred work, as waitUntil would run it. */
function deferringApp(world: SmsWorld) {
  const deferred: Promise<unknown>[] = [];
  const app = createApp(deferringDeps(world.deps, (p) => void deferred.push(p)));
  return { app, settle: () => Promise.all(deferred.splice(0)) };
}

describe('SMS end to end', () => {
  it('confirming a request sends one confirmation to the fake Twilio with the number, the text and the auth', async () => {
    w = await smsWorld();
    const { app, settle } = deferringApp(w);
    const reception = await staffHeaders(app, w.db, 'reception');
    const b = await w.booking({ status: 'requested', phone: '+393331234567', holdUntil: NOW + 3_600_000 });
    const [row] = await w.db.select().from(bookings).where(eq(bookings.id, b.id));

    const res = await app.request(`/api/admin/bookings/${b.id}/confirm`, {
      method: 'POST',
      headers: { ...reception.headers, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    await settle();

    expect(w.fake.messages).toHaveLength(1);
    const sms = w.fake.messages[0]!;
    expect(sms.to).toBe('+393331234567');
    expect(sms.body).toContain(`${PUBLIC_BASE_URL}/m/${row!.manageCode}`);
    const req = w.fake.requests.find((r) => r.status === 201)!;
    expect(req.auth).toEqual({ user: w.fake.accountSid, password: w.fake.authToken });
    const outbox = await w.all();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: 'confirmation', status: 'sent', body: sms.body, providerId: sms.sid });

    // The next cron tick finds nothing left to send.
    await runScheduled(w.deps, { cron: '*/10 * * * *', scheduledTime: NOW + 10 * 60_000 });
    expect(w.fake.messages).toHaveLength(1);
  });

  it('the 18:00 cron of the day before sends one reminder per confirmed booking of tomorrow, and only those', async () => {
    w = await smsWorld();
    const tomorrow10 = localToInstant('2026-10-14', 10 * 60, 'Europe/Rome');
    const created = NOW - 86_400_000;
    const ok1 = await w.booking({
      start: tomorrow10,
      confirmedAt: created,
      createdAt: created,
      localDate: '2026-10-14',
    });
    const ok2 = await w.booking({
      start: tomorrow10 + 7_200_000,
      confirmedAt: created,
      createdAt: created,
      localDate: '2026-10-14',
    });
    await w.booking({
      start: tomorrow10 + 14_400_000,
      status: 'cancelled',
      createdAt: created,
      localDate: '2026-10-14',
    });
    await w.booking({
      start: tomorrow10 + 21_600_000,
      status: 'requested',
      createdAt: created,
      localDate: '2026-10-14',
    });
    const sixPm = localToInstant('2026-10-13', 18 * 60, 'Europe/Rome');

    const report = await runScheduled(w.deps, { cron: '0 16,17 * * *', scheduledTime: sixPm });
    expect(report.ok).toBe(true);
    expect(w.fake.messages.map((m) => m.to).sort()).toEqual([ok1.phone, ok2.phone].sort());
    // The 10-minute tick right after changes nothing.
    await runScheduled(w.deps, { cron: '*/10 * * * *', scheduledTime: sixPm + 10 * 60_000 });
    expect(w.fake.messages).toHaveLength(2);
  });

  it("a person's cancellation from the manage link sends the acknowledgement", async () => {
    w = await smsWorld();
    const { app, settle } = deferringApp(w);
    const b = await w.booking({ phone: '+393339876543' });
    const [row] = await w.db.select().from(bookings).where(eq(bookings.id, b.id));
    const res = await app.request(`/m/${row!.manageCode}/cancel`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'confirm=yes',
    });
    expect(res.status).toBe(303);
    await settle();
    expect(w.fake.messages.map((m) => m.to)).toEqual(['+393339876543']);
    expect((await w.all())[0]).toMatchObject({ kind: 'cancellation', status: 'sent' });
  });
});
