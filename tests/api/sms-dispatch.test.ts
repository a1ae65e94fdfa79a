import { afterEach, describe, expect, it } from 'vitest';
import { localToInstant } from '../../worker/src/domain/time';
import { LEASE_MS } from '../../worker/src/outbox/dispatch';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../worker/src/outbox/policy';
import { deferringDeps } from '../fixtures/deps';
import { twilioProviderFor } from '../fixtures/fake-twilio';
import { staffHeaders } from '../fixtures/staff';
import { MIN, NOW, PUBLIC_BASE_URL, smsWorld, timesSent, type SmsWorld } from '../fixtures/sms-dispatch-world';

let w: SmsWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('sending a due message', () => {
  it('posts it to Twilio with the number, the text, the sender, Basic auth and the status callback', async () => {
    w = await smsWorld();
    const b = await w.booking({ phone: '+393471234567' });
    const m = await w.message(b.id, 'confirmation', { body: 'Confermato: mer 14/10 ore 10:00, Via Bertoni 4.' });

    const run = await w.run();

    expect(run.counts).toMatchObject({ claimed: 1, sent: 1, failed: 0, retried: 0 });
    expect(w.fake.requests).toHaveLength(1);
    const req = w.fake.requests[0]!;
    expect(req.path).toBe(`/2010-04-01/Accounts/${w.fake.accountSid}/Messages.json`);
    expect(req.auth).toEqual({ user: w.fake.accountSid, password: w.fake.authToken });
    expect(req.contentType).toMatch(/application\/x-www-form-urlencoded/);
    expect(req.form.get('To')).toBe('+393471234567');
    expect(req.form.get('Body')).toBe('Confermato: mer 14/10 ore 10:00, Via Bertoni 4.');
    expect(req.form.get('From')).toBe('Sportello');
    expect(req.form.get('StatusCallback')).toBe(`${PUBLIC_BASE_URL}/api/sms/twilio/status?m=${m.id}`);

    const row = await w.msg(m.id);
    expect(row).toMatchObject({ status: 'sent', provider: 'twilio', providerId: w.fake.messages[0]!.sid, sentAt: NOW });
    expect(row.attempts).toBe(1);
    expect(row.claimedUntil).toBeNull();
    const events = await w.events(b.id);
    expect(events.map((e) => e.type)).toEqual(['message_sent']);
    expect(JSON.parse(events[0]!.data!)).toMatchObject({ messageId: m.id, kind: 'confirmation' });
  });

  it('uses the Messaging Service instead of From when one is configured', async () => {
    w = await smsWorld({ env: { TWILIO_MESSAGING_SERVICE_SID: 'MG0123456789abcdef0123456789abcdef' } });
    const b = await w.booking();
    await w.message(b.id, 'confirmation');
    await w.run();
    expect(w.fake.requests[0]!.form.get('MessagingServiceSid')).toBe('MG0123456789abcdef0123456789abcdef');
    expect(w.fake.requests[0]!.form.has('From')).toBe(false);
    expect(w.fake.messages).toHaveLength(1);
  });

  it('a second run, or the same run retried, sends nothing again', async () => {
    w = await smsWorld();
    const b = await w.booking();
    await w.message(b.id, 'confirmation');
    await w.message(b.id, 'reminder', { seq: 0 });
    await w.run();
    const again = await w.run();
    const later = await w.run(NOW + 3 * 3_600_000);
    expect(again.counts.claimed).toBe(0);
    expect(later.counts.claimed).toBe(0);
    expect(w.fake.messages).toHaveLength(2);
  });

  it('waits for not_before', async () => {
    w = await smsWorld();
    const b = await w.booking();
    const m = await w.message(b.id, 'reminder', { notBefore: NOW + 30 * MIN });
    await w.run();
    expect(w.fake.messages).toHaveLength(0);
    await w.run(NOW + 30 * MIN);
    expect(timesSent(w.fake, m.id)).toBe(1);
  });

  it('sends the oldest due first and at most SMS_MAX_PER_RUN per run, leaving the rest for the next', async () => {
    w = await smsWorld({ config: { smsMaxPerRun: 5 } });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const b = await w.booking();
      ids.push((await w.message(b.id, 'confirmation', { notBefore: NOW - (12 - i) * MIN })).id);
    }
    const first = await w.run();
    expect(first.counts.sent).toBe(5);
    expect(w.fake.messages).toHaveLength(5);
    expect(ids.slice(0, 5).map((id) => timesSent(w!.fake, id))).toEqual([1, 1, 1, 1, 1]);
    expect((await w.run()).counts.sent).toBe(5);
    expect((await w.run()).counts.sent).toBe(2);
    expect((await w.run()).counts.claimed).toBe(0);
    expect(ids.map((id) => timesSent(w!.fake, id))).toEqual(new Array(12).fill(1));
  });

  it('costs one round trip per batch plus a small constant, not one per message', async () => {
    w = await smsWorld();
    for (let i = 0; i < 45; i++) {
      const b = await w.booking();
      await w.message(b.id, 'confirmation');
    }
    w.resetRoundTrips();
    const run = await w.run(NOW, { maxPerRun: 1000, batchSize: 20 });
    expect(run.counts.sent).toBe(45);
    // desk read + 3 claims (the outcomes of one batch ride with the next claim) + the last outcomes.
    expect(w.roundTrips()).toBe(5);
  });
});

describe('re-checking the booking before sending', () => {
  it('cancels messages the booking no longer warrants instead of sending them', async () => {
    w = await smsWorld();
    const cancelled = await w.booking({ status: 'cancelled' });
    const requested = await w.booking({ status: 'requested' });
    const moved = await w.booking({ icalSequence: 2 });
    const started = await w.booking({ start: NOW - 10 * MIN });
    const fine = await w.booking();
    const stale = [
      await w.message(cancelled.id, 'reminder'),
      await w.message(cancelled.id, 'confirmation'),
      await w.message(requested.id, 'reminder'),
      await w.message(moved.id, 'reminder', { seq: 1 }),
      await w.message(moved.id, 'reschedule', { seq: 1 }),
      await w.message(started.id, 'confirmation'),
      await w.message(fine.id, 'cancellation'),
    ];
    const ok = [
      await w.message(cancelled.id, 'cancellation'),
      await w.message(moved.id, 'reminder', { seq: 2 }),
      await w.message(moved.id, 'reschedule', { seq: 2 }),
      await w.message(fine.id, 'confirmation'),
    ];

    const run = await w.run();

    expect(run.counts).toMatchObject({ cancelled: stale.length, sent: ok.length });
    for (const m of stale) {
      expect(await w.msg(m.id)).toMatchObject({ status: 'cancelled', errorCode: 'no_longer_applicable' });
      expect(timesSent(w.fake, m.id)).toBe(0);
    }
    for (const m of ok) expect(timesSent(w.fake, m.id)).toBe(1);
  });

  it('sends nothing for an erased booking', async () => {
    w = await smsWorld();
    const b = await w.booking({ status: 'cancelled', erasedAt: NOW - MIN });
    const m = await w.message(b.id, 'cancellation');
    await w.run();
    expect((await w.msg(m.id)).status).toBe('cancelled');
    expect(w.fake.requests).toHaveLength(0);
  });
});

describe('overlapping and dying runs', () => {
  it('two overlapping runs send every message exactly once', async () => {
    w = await smsWorld();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const b = await w.booking();
      ids.push((await w.message(b.id, i % 2 ? 'reminder' : 'confirmation')).id);
    }
    w.fake.setDelay(15);
    const [a, b] = await Promise.all([
      w.run(NOW, { maxPerRun: 100, batchSize: 4 }),
      w.run(NOW + 1000, { maxPerRun: 100, batchSize: 4 }),
    ]);
    expect((a.counts.sent ?? 0) + (b.counts.sent ?? 0)).toBe(30);
    // Both runs really worked at the same time.
    expect(a.counts.sent).toBeGreaterThan(0);
    expect(b.counts.sent).toBeGreaterThan(0);
    expect(ids.map((id) => timesSent(w!.fake, id))).toEqual(new Array(30).fill(1));
    expect((await w.all()).every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);
  });

  it('a run that dies midway loses nothing and doubles nothing: its claimed rows come back after the lease', async () => {
    w = await smsWorld();
    const ids = await w.confirmations(10);
    // The dying run's network: the first batch goes through, then every request hangs until we let it fail.
    let calls = 0;
    const hung: (() => void)[] = [];
    const dyingFetch: typeof fetch = (input, init) => {
      calls += 1;
      if (calls <= 4) return globalThis.fetch(input, init);
      return new Promise<Response>((_, reject) => hung.push(() => reject(new TypeError('fetch failed'))));
    };
    const dyingDeps = {
      ...w.deps,
      sms: twilioProviderFor(w.fake, { publicBaseUrl: PUBLIC_BASE_URL, fetch: dyingFetch }),
    };
    const dying = w.run(NOW, { batchSize: 4, concurrency: 4 }, dyingDeps);
    // Wait until it has recorded the first batch and claimed the second, then consider it dead.
    for (let i = 0; i < 200 && hung.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
    expect(hung).toHaveLength(4);
    const rows = await w.all();
    expect(rows.filter((m) => m.status === 'sent')).toHaveLength(4);
    expect(rows.filter((m) => m.status === 'sending')).toHaveLength(4);

    // Another run while the lease holds leaves the dead run's rows alone and takes the free ones.
    const during = await w.run(NOW + 10 * MIN);
    expect(during.counts.claimed).toBe(2);
    // After the lease the rows come back and go out once.
    const after = await w.run(NOW + LEASE_MS + 10 * MIN);
    expect(after.counts.sent).toBe(4);
    expect(ids.map((id) => timesSent(w!.fake, id))).toEqual(new Array(10).fill(1));

    // The "dead" run wakes up and reports failures for rows another run has since sent: fenced off.
    for (const fail of hung) fail();
    await dying;
    const final = await w.all();
    expect(final.every((m) => m.status === 'sent')).toBe(true);
    expect(final.filter((m) => m.attempts === 2)).toHaveLength(4);
  });
});

describe('failures', () => {
  it('retries after Twilio answered 5xx for a while, with backoff, and sends every message once it recovers', async () => {
    w = await smsWorld();
    const ids = await w.confirmations(3);
    w.fake.failNext(4, 503);
    const first = await w.run();
    expect(first.counts).toMatchObject({ claimed: 3, sent: 0, retried: 3 });
    for (const id of ids) {
      expect(await w.msg(id)).toMatchObject({
        status: 'pending',
        attempts: 1,
        notBefore: NOW + RETRY_DELAYS_MS[0],
        errorCode: '20500',
      });
    }
    // Not before the backoff.
    expect((await w.run(NOW + RETRY_DELAYS_MS[0] - 1)).counts.claimed).toBe(0);
    const second = await w.run(NOW + RETRY_DELAYS_MS[0]);
    expect(second.counts).toMatchObject({ sent: 2, retried: 1 });
    const third = await w.run(NOW + RETRY_DELAYS_MS[0] + RETRY_DELAYS_MS[1]);
    expect(third.counts.sent).toBe(1);
    expect(ids.map((id) => timesSent(w!.fake, id))).toEqual([1, 1, 1]);
    for (const id of ids) expect(await w.msg(id)).toMatchObject({ status: 'sent', errorCode: null, error: null });
  });

  it('gives a message up as failed after the last attempt', async () => {
    w = await smsWorld();
    const b = await w.booking({ start: NOW + 30 * 24 * 3_600_000 });
    const m = await w.message(b.id, 'confirmation');
    w.fake.failNext(1000, 500);
    let at = NOW;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await w.run(at);
      const row = await w.msg(m.id);
      expect(row.attempts).toBe(i + 1);
      at = row.notBefore;
    }
    expect(await w.msg(m.id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect((await w.run(at + 24 * 3_600_000)).counts.claimed).toBe(0);
    expect(w.fake.requests).toHaveLength(MAX_ATTEMPTS);
    expect((await w.events(b.id)).map((e) => e.type)).toEqual(['message_failed']);
  });

  it.each([
    [21211, 'invalid phone number'],
    [21610, 'recipient opted out (STOP)'],
    [21614, 'number cannot receive SMS (landline)'],
  ])('does not retry Twilio error %i and shows the message as failed to reception', async (code, text) => {
    w = await smsWorld();
    const b = await w.booking({ phone: '+393470000001' });
    const other = await w.booking();
    const m = await w.message(b.id, 'confirmation');
    const fine = await w.message(other.id, 'confirmation');
    w.fake.rejectNumber('+393470000001', code);

    const run = await w.run();
    expect(run.counts).toMatchObject({ sent: 1, failed: 1, retried: 0 });
    expect(await w.msg(m.id)).toMatchObject({ status: 'failed', errorCode: String(code), error: text });
    expect(timesSent(w.fake, fine.id)).toBe(1);
    await w.run(NOW + 3 * 3_600_000);
    expect(w.fake.requests).toHaveLength(2);
    expect((await w.events(b.id)).map((e) => e.type)).toEqual(['message_failed']);

    const reception = await staffHeaders(w.app, w.db, 'reception');
    const res = await w.app.request('/api/admin/messages?status=failed', { headers: reception.headers });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages: { id: string; status: string; error: string }[] };
    expect(body.messages).toEqual([expect.objectContaining({ id: m.id, status: 'failed', error: text })]);
  });

  it('with the provider not configured, nothing is sent, nothing is used up, and messages wait', async () => {
    w = await smsWorld({ env: { TWILIO_AUTH_TOKEN: '' } });
    const b = await w.booking();
    const m = await w.message(b.id, 'confirmation');
    const run = await w.run();
    expect(run.skipped).toBe('halted: provider_not_configured');
    expect(await w.msg(m.id)).toMatchObject({ status: 'pending', attempts: 0, errorCode: 'provider_not_configured' });
    expect(w.fake.requests).toHaveLength(0);
  });

  it('stops the run on refused credentials and keeps the rest waiting', async () => {
    w = await smsWorld({ env: { TWILIO_AUTH_TOKEN: 'wrong-token' } });
    await w.confirmations(6);
    const run = await w.run(NOW, { concurrency: 1, batchSize: 3 });
    expect(run.skipped).toBe('halted: 20003');
    // One request found out; the rest of its batch went back untouched and no further batch was claimed.
    expect(w.fake.requests).toHaveLength(1);
    const rows = await w.all();
    expect(rows.every((r) => r.status === 'pending')).toBe(true);
    // The account's fault, not the messages': no attempt is used up.
    expect(rows.every((r) => r.attempts === 0)).toBe(true);
  });
});

describe('desk rules', () => {
  it('holds messages during quiet hours and sends them when they end', async () => {
    w = await smsWorld();
    const b = await w.booking();
    const m = await w.message(b.id, 'confirmation', { notBefore: NOW });
    const night = localToInstant('2026-10-12', 22 * 60, 'Europe/Rome');
    const early = localToInstant('2026-10-13', 7 * 60 + 59, 'Europe/Rome');
    const morning = localToInstant('2026-10-13', 8 * 60, 'Europe/Rome');
    expect((await w.run(night)).skipped).toBe('quiet_hours');
    expect((await w.run(early)).skipped).toBe('quiet_hours');
    expect(w.fake.requests).toHaveLength(0);
    await w.run(morning);
    expect(timesSent(w.fake, m.id)).toBe(1);
  });

  it('stops at the monthly budget, marks what waits, and sends it next month', async () => {
    w = await smsWorld({ desk: { smsMonthlyBudget: 3 } });
    const old = await w.booking({ status: 'cancelled' });
    // Sent last month: does not count. Sent this month: counts.
    await w.message(old.id, 'confirmation', { status: 'sent', sentAt: Date.parse('2026-09-30T21:00:00Z') });
    await w.message(old.id, 'rejection', { status: 'sent', sentAt: Date.parse('2026-10-01T08:00:00Z') });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const b = await w.booking({ start: Date.parse('2026-11-04T10:00:00+01:00') + i * 3_600_000 });
      ids.push((await w.message(b.id, 'confirmation')).id);
    }
    const run = await w.run();
    expect(run.counts).toMatchObject({ sent: 2, budgetExhausted: 1 });
    expect(w.fake.messages).toHaveLength(2);
    const waiting = (await w.all()).filter((m) => m.status === 'pending');
    expect(waiting).toHaveLength(2);
    expect(waiting.every((m) => m.errorCode === 'budget_exhausted')).toBe(true);
    expect((await w.run(NOW + 60 * MIN)).counts.claimed).toBe(0);

    // 1 November 00:00 in Rome (+01:00 by then): a new month.
    const november = Date.parse('2026-10-31T23:00:00Z');
    await w.run(november + 8 * 60 * MIN);
    expect(ids.map((id) => timesSent(w!.fake, id))).toEqual([1, 1, 1, 1]);
    expect((await w.all()).filter((m) => m.errorCode === 'budget_exhausted')).toHaveLength(0);
  });

  it('with SMS switched off, cancels waiting messages instead of sending them', async () => {
    w = await smsWorld({ desk: { smsEnabled: false } });
    const b = await w.booking();
    const m = await w.message(b.id, 'confirmation');
    const run = await w.run();
    expect(run.skipped).toBe('sms_disabled');
    expect(await w.msg(m.id)).toMatchObject({ status: 'cancelled', errorCode: 'sms_disabled' });
    expect(w.fake.requests).toHaveLength(0);
  });
});

describe('the cron and the write path', () => {
  it('runs as a scheduled job', async () => {
    w = await smsWorld();
    const b = await w.booking();
    const m = await w.message(b.id, 'confirmation');
    const { runScheduled } = await import('../../worker/src/jobs/scheduled');
    const report = await runScheduled(w.deps, { cron: '*/10 * * * *', scheduledTime: NOW });
    expect(report.jobs.dispatchSms).toMatchObject({ ok: true, counts: { sent: 1 } });
    expect(timesSent(w.fake, m.id)).toBe(1);
  });

  it('a staff action that may queue an SMS hands a dispatch to deps.defer; one that cannot does not', async () => {
    w = await smsWorld();
    const deferred: Promise<unknown>[] = [];
    const { createApp } = await import('../../worker/src/app');
    const app = createApp(deferringDeps(w.deps, (p) => void deferred.push(p)));
    const reception = await staffHeaders(app, w.db, 'reception');
    const waiting = await w.booking({ status: 'cancelled' });
    const queued = await w.message(waiting.id, 'cancellation');
    const b = await w.booking();
    const post = (path: string, body: unknown) =>
      app.request(`/api/admin/bookings/${b.id}/${path}`, {
        method: 'POST',
        headers: { ...reception.headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });

    expect((await post('note', { note: 'porta il CV' })).status).toBe(200);
    expect(deferred).toHaveLength(0);

    expect((await post('cancel', { reason: 'volontario malato' })).status).toBe(200);
    // The dispatch, and the freed time's offer to the waitlist.
    expect(deferred).toHaveLength(2);
    // The answer did not wait for the SMS; the deferred run sends what is due.
    await Promise.all(deferred);
    expect(timesSent(w.fake, queued.id)).toBe(1);
  });
});

describe('logs', () => {
  it('never carry numbers, texts or credentials', async () => {
    const lines: string[] = [];
    const log = {
      info: (e: string, d?: Record<string, unknown>) => void lines.push(JSON.stringify({ e, ...d })),
      warn: (e: string, d?: Record<string, unknown>) => void lines.push(JSON.stringify({ e, ...d })),
      error: (e: string, d?: Record<string, unknown>) => void lines.push(JSON.stringify({ e, ...d })),
    };
    w = await smsWorld();
    const deps = { ...w.deps, log };
    const b1 = await w.booking({ phone: '+393470000001' });
    const b2 = await w.booking({ phone: '+393470000002' });
    await w.message(b1.id, 'confirmation', { body: 'Testo segreto uno' });
    await w.message(b2.id, 'confirmation', { body: 'Testo segreto due' });
    w.fake.rejectNumber('+393470000001', 21211);
    w.fake.failNext(1, 503);
    await w.run(NOW, { concurrency: 1 }, deps);
    await w.run(NOW + 5 * MIN, {}, deps);
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('\n');
    for (const secret of ['+39347000000', '3470000001', 'Testo segreto', w.fake.authToken, 'Maria Rossi']) {
      expect(all).not.toContain(secret);
    }
  });
});
