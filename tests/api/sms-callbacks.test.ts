import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { twilioSignature } from '../../worker/src/sms/twilio-signature';
import { MIN, NOW, PUBLIC_BASE_URL, smsWorld, timesSent, type SmsWorld } from '../fixtures/sms-dispatch-world';

let w: SmsWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** Posts a status callback as Twilio does: form-encoded, signed over the public URL and the parameters. */
async function twilioCallback(
  world: SmsWorld,
  messageId: string,
  params: Record<string, string>,
  opts: { signWith?: string; signedUrl?: string; tamper?: Record<string, string>; noSignature?: boolean } = {},
) {
  const path = `/api/sms/twilio/status?m=${encodeURIComponent(messageId)}`;
  const signature = await twilioSignature(
    opts.signWith ?? world.fake.authToken,
    opts.signedUrl ?? `${PUBLIC_BASE_URL}${path}`,
    params,
  );
  const sent = new URLSearchParams({ ...params, ...opts.tamper });
  return world.app.request(`http://internal.worker${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(opts.noSignature ? {} : { 'X-Twilio-Signature': signature }),
    },
    body: sent.toString(),
  });
}

function statusParams(world: SmsWorld, sid: string, status: string, extra: Record<string, string> = {}) {
  return {
    AccountSid: world.fake.accountSid,
    ApiVersion: '2010-04-01',
    From: 'Sportello',
    MessageSid: sid,
    MessageStatus: status,
    SmsSid: sid,
    SmsStatus: status,
    To: '+393471234567',
    ...extra,
  };
}

async function sentMessage(world: SmsWorld) {
  const b = await world.booking({ phone: '+393471234567' });
  const m = await world.message(b.id, 'confirmation');
  await world.run();
  const sid = world.fake.messages[0]!.sid;
  return { bookingId: b.id, id: m.id, sid };
}

describe('Twilio status callbacks', () => {
  it('a signed "delivered" report is accepted and marks the message delivered', async () => {
    w = await smsWorld();
    const m = await sentMessage(w);
    const res = await twilioCallback(w, m.id, statusParams(w, m.sid, 'delivered'));
    expect(res.status).toBe(204);
    expect(await w.msg(m.id)).toMatchObject({ status: 'delivered', providerId: m.sid });
  });

  it('a forged report is refused and changes nothing', async () => {
    w = await smsWorld();
    const m = await sentMessage(w);
    const wrongKey = await twilioCallback(w, m.id, statusParams(w, m.sid, 'delivered'), { signWith: 'not-the-token' });
    const tampered = await twilioCallback(w, m.id, statusParams(w, m.sid, 'delivered'), {
      tamper: { MessageStatus: 'failed', ErrorCode: '30003' },
    });
    const otherUrl = await twilioCallback(w, m.id, statusParams(w, m.sid, 'delivered'), {
      signedUrl: `${PUBLIC_BASE_URL}/api/sms/twilio/status?m=another-message`,
    });
    const unsigned = await twilioCallback(w, m.id, statusParams(w, m.sid, 'delivered'), { noSignature: true });
    for (const res of [wrongKey, tampered, otherUrl, unsigned]) {
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    expect((await w.msg(m.id)).status).toBe('sent');
  });

  it('accepts a signature made over the URL with the default port, as Twilio sometimes does', async () => {
    w = await smsWorld();
    const m = await sentMessage(w);
    const res = await twilioCallback(w, m.id, statusParams(w, m.sid, 'delivered'), {
      signedUrl: `https://sportello.test:443/api/sms/twilio/status?m=${m.id}`,
    });
    expect(res.status).toBe(204);
    expect((await w.msg(m.id)).status).toBe('delivered');
  });

  it('never moves a message backwards: a late "sent" does not overwrite "delivered"', async () => {
    w = await smsWorld();
    const m = await sentMessage(w);
    await twilioCallback(w, m.id, statusParams(w, m.sid, 'delivered'));
    const late = await twilioCallback(w, m.id, statusParams(w, m.sid, 'sent'));
    expect(late.status).toBe(204);
    const undelivered = await twilioCallback(w, m.id, statusParams(w, m.sid, 'undelivered', { ErrorCode: '30003' }));
    expect(undelivered.status).toBe(204);
    expect(await w.msg(m.id)).toMatchObject({ status: 'delivered', errorCode: null });
  });

  it('an "undelivered" report marks the message failed with the carrier code, for reception to see', async () => {
    w = await smsWorld();
    const m = await sentMessage(w);
    await twilioCallback(w, m.id, statusParams(w, m.sid, 'undelivered', { ErrorCode: '30003' }));
    expect(await w.msg(m.id)).toMatchObject({ status: 'failed', errorCode: '30003' });
    expect((await w.events(m.bookingId)).map((e) => e.type)).toEqual(['message_sent', 'message_failed']);
  });

  it('a report arriving before the run recorded the send keeps its status, and the run still fills in the rest', async () => {
    w = await smsWorld();
    const b = await w.booking();
    const m = await w.message(b.id, 'confirmation');
    const world = w;
    // Twilio can call back before our batch of outcomes is written: simulate it inside the send.
    const inner = w.deps.sms;
    const racing = {
      name: inner.name,
      readStatusCallback: inner.readStatusCallback?.bind(inner),
      async send(sms: Parameters<typeof inner.send>[0]) {
        const result = await inner.send(sms);
        if (result.ok) await twilioCallback(world, sms.messageId, statusParams(world, result.providerId, 'delivered'));
        return result;
      },
    };
    await w.run(NOW, {}, { ...w.deps, sms: racing });
    const row = await w.msg(m.id);
    expect(row).toMatchObject({ status: 'delivered', providerId: w.fake.messages[0]!.sid, sentAt: NOW });
    expect(row.claimedUntil).toBeNull();
    expect((await w.run(NOW + LEASE_AND_MORE)).counts.claimed).toBe(0);
    expect(timesSent(w.fake, m.id)).toBe(1);
  });

  it('a report for a message whose send timed out proves Twilio has it: it is not sent again', async () => {
    w = await smsWorld();
    const b = await w.booking();
    const m = await w.message(b.id, 'confirmation');
    const inner = w.deps.sms;
    let sid = '';
    const timingOut = {
      name: inner.name,
      async send(sms: Parameters<typeof inner.send>[0]) {
        const r = await inner.send(sms);
        if (r.ok) sid = r.providerId;
        return { ok: false as const, permanent: false, code: 'timeout', message: 'provider did not answer in time' };
      },
    };
    await w.run(NOW, {}, { ...w.deps, sms: timingOut });
    expect((await w.msg(m.id)).status).toBe('pending');
    const res = await twilioCallback(w, m.id, statusParams(w, sid, 'sent'));
    expect(res.status).toBe(204);
    expect(await w.msg(m.id)).toMatchObject({ status: 'sent', providerId: sid });
    await w.run(NOW + 10 * MIN);
    expect(timesSent(w.fake, m.id)).toBe(1);
  });

  it('a genuine report about an unknown message or status is acknowledged and ignored', async () => {
    w = await smsWorld();
    const m = await sentMessage(w);
    const unknown = await twilioCallback(w, 'no-such-message', statusParams(w, 'SMdeadbeef', 'delivered'));
    expect(unknown.status).toBe(204);
    const odd = await twilioCallback(w, m.id, statusParams(w, m.sid, 'receiving'));
    expect(odd.status).toBe(204);
    expect((await w.msg(m.id)).status).toBe('sent');
  });

  it('only the configured provider has a callback endpoint', async () => {
    w = await smsWorld();
    const other = await w.app.request('/api/sms/smshosting/status?token=x', {
      method: 'POST',
      body: 'status=DELIVERED',
    });
    expect(other.status).toBe(404);
    const consoleApp = createApp({ ...w.deps, sms: { name: 'console', send: w.deps.sms.send } });
    const none = await consoleApp.request('/api/sms/console/status', { method: 'POST', body: '' });
    expect(none.status).toBe(404);
  });

  it('refuses an oversized body without reading it into the database', async () => {
    w = await smsWorld();
    const res = await w.app.request('/api/sms/twilio/status?m=x', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': 'x' },
      body: `Body=${'a'.repeat(40_000)}`,
    });
    expect(res.status).toBe(413);
  });
});

const LEASE_AND_MORE = 60 * MIN;
