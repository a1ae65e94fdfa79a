import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { smsProviderFromEnv } from '../../worker/src/sms/select';
import { staffHeaders } from '../fixtures/staff';
import { MIN, NOW, PUBLIC_BASE_URL, smsWorld, type SmsWorld } from '../fixtures/sms-dispatch-world';

const fetchFn = globalThis.fetch.bind(globalThis);
const opts = { fetch: fetchFn, publicBaseUrl: PUBLIC_BASE_URL, print: () => {} };

describe('choosing the provider with SMS_PROVIDER', () => {
  it('defaults to console, which stores and reports without sending', async () => {
    const { provider, warnings } = smsProviderFromEnv({}, opts);
    expect(provider.name).toBe('console');
    expect(warnings).toEqual([]);
    expect(await provider.send({ to: '+393471234567', body: 'x', messageId: 'm1' })).toMatchObject({ ok: true });
  });

  it('names the missing variables of a half-configured provider, never the values of the others', async () => {
    const secret = 'tok-3f9a1c';
    const { provider, warnings } = smsProviderFromEnv({ SMS_PROVIDER: 'twilio', TWILIO_AUTH_TOKEN: secret }, opts);
    expect(warnings.join(' ')).toContain('TWILIO_ACCOUNT_SID');
    expect(warnings.join(' ')).toContain('TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID');
    expect(warnings.join(' ')).not.toContain(secret);
    // Not silently the console provider: messages must wait, not be marked sent.
    expect(await provider.send({ to: '+393471234567', body: 'x', messageId: 'm1' })).toMatchObject({
      ok: false,
      permanent: false,
      code: 'provider_not_configured',
    });
  });

  it.each([
    [{ TWILIO_FROM: 'SportelloLav' }, 'TWILIO_FROM is 12 characters long'],
    [{ TWILIO_FROM: 'Sportello!' }, 'TWILIO_FROM holds characters'],
    [{ TWILIO_MESSAGING_SERVICE_SID: 'MG-oops' }, 'TWILIO_MESSAGING_SERVICE_SID is not'],
  ])('refuses a sender Twilio would refuse (%j): an error naming the variable, and messages wait', async (env, why) => {
    const { provider, errors, warnings } = smsProviderFromEnv(
      { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 'tok-3f9a1c', ...env },
      opts,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(why);
    expect(warnings.join(' ')).toContain(why);
    expect([...errors, ...warnings].join(' ')).not.toMatch(/tok-3f9a1c|SportelloLav|Sportello!|MG-oops/);
    expect(await provider.send({ to: '+393471234567', body: 'x', messageId: 'm1' })).toMatchObject({
      ok: false,
      permanent: false,
      haltRun: true,
      account: 'sender',
      code: 'sender_invalid',
    });
  });

  it('accepts E.164 numbers and Messaging Service SIDs, and SMSHosting checks its Alias alike', () => {
    const twilio = (env: Record<string, string>) =>
      smsProviderFromEnv({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't', ...env }, opts);
    expect(twilio({ TWILIO_FROM: '+393471234567' }).errors).toEqual([]);
    expect(twilio({ TWILIO_MESSAGING_SERVICE_SID: 'MG0123456789abcdef0123456789abcdef' }).errors).toEqual([]);
    const hosting = (from: string) =>
      smsProviderFromEnv(
        { SMS_PROVIDER: 'smshosting', SMSHOSTING_AUTH_KEY: 'k', SMSHOSTING_AUTH_SECRET: 's', SMSHOSTING_FROM: from },
        opts,
      );
    expect(hosting('SportelloLv').errors).toEqual([]);
    expect(hosting('SportelloLavoro').errors[0]).toContain('SMSHOSTING_FROM is 15 characters long');
  });

  it('refuses an unknown provider name the same way', async () => {
    const { provider, warnings } = smsProviderFromEnv({ SMS_PROVIDER: 'twillio' }, opts);
    expect(warnings[0]).toContain('twillio');
    expect((await provider.send({ to: '+39', body: 'x', messageId: 'm' })).ok).toBe(false);
  });

  it('warns when SMSHosting has no callback token (no delivery reports)', () => {
    const { provider, warnings } = smsProviderFromEnv(
      { SMS_PROVIDER: 'smshosting', SMSHOSTING_AUTH_KEY: 'k', SMSHOSTING_AUTH_SECRET: 's' },
      opts,
    );
    expect(provider.name).toBe('smshosting');
    expect(warnings.join(' ')).toContain('SMSHOSTING_CALLBACK_TOKEN');
  });
});

interface HostingRequest {
  path: string;
  authorization: string | undefined;
  form: URLSearchParams;
}

/** A fake SMSHosting REST API on loopback: POST /rest/api/sms/send, Basic auth, form in, JSON out. */
async function fakeSmsHosting(answer: (form: URLSearchParams) => { status: number; body: unknown }) {
  const requests: HostingRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      requests.push({ path: req.url ?? '', authorization: req.headers.authorization, form });
      const expected = `Basic ${Buffer.from('KEY1:SECRET1').toString('base64')}`;
      const a =
        req.headers.authorization !== expected
          ? { status: 401, body: { errorCode: 401, errorMsg: 'Unauthorized' } }
          : answer(form);
      res.writeHead(a.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/rest/api`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const inserted = (form: URLSearchParams, id = 4815162342) => ({
  status: 200,
  body: {
    from: form.get('from'),
    text: form.get('text'),
    transactionId: form.get('transactionId'),
    smsInserted: 1,
    smsNotInserted: 0,
    sms: [{ id, to: form.get('to'), status: 'INSERTED' }],
  },
});
const notInserted = (form: URLSearchParams, detail: string) => ({
  status: 200,
  body: {
    smsInserted: 0,
    smsNotInserted: 1,
    sms: [{ id: null, to: form.get('to'), status: 'NOT_INSERTED', statusDetail: detail }],
  },
});

describe('SMSHosting', () => {
  let w: SmsWorld | undefined;
  let fake: Awaited<ReturnType<typeof fakeSmsHosting>> | undefined;
  afterEach(async () => {
    await w?.close();
    await fake?.close();
    w = undefined;
    fake = undefined;
  });

  async function world(answer: Parameters<typeof fakeSmsHosting>[0], env: Record<string, string> = {}) {
    fake = await fakeSmsHosting(answer);
    w = await smsWorld({
      env: {
        SMS_PROVIDER: 'smshosting',
        SMSHOSTING_AUTH_KEY: 'KEY1',
        SMSHOSTING_AUTH_SECRET: 'SECRET1',
        SMSHOSTING_FROM: 'Sportello',
        SMSHOSTING_API_BASE: fake.base,
        SMSHOSTING_CALLBACK_TOKEN: 'cb-token-0123456789abcdef',
        ...env,
      },
    });
    return { w, fake };
  }

  it('sends form-encoded with Basic auth, the number without "+", the alias and a tokenised callback', async () => {
    const { w, fake } = await world((f) => inserted(f));
    const b = await w.booking({ phone: '+393471234567' });
    const m = await w.message(b.id, 'confirmation', { body: 'Confermato: mer 14/10 ore 10:00.' });
    const run = await w.run();
    expect(run.counts.sent).toBe(1);
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.path).toBe('/rest/api/sms/send');
    expect(req.form.get('to')).toBe('393471234567');
    expect(req.form.get('text')).toBe('Confermato: mer 14/10 ore 10:00.');
    expect(req.form.get('from')).toBe('Sportello');
    expect(req.form.get('transactionId')).toBe(m.id);
    const cb = new URL(req.form.get('statusCallback')!);
    // The token is a path segment: query strings are kept by more logs than paths are.
    expect(`${cb.origin}${cb.pathname}`).toBe(`${PUBLIC_BASE_URL}/api/sms/smshosting/status/cb-token-0123456789abcdef`);
    expect(cb.search).not.toContain('cb-token');
    expect(cb.searchParams.get('m')).toBe(m.id);
    expect(await w.msg(m.id)).toMatchObject({ status: 'sent', provider: 'smshosting', providerId: '4815162342' });
  });

  it('a bad number is failed at once; a blacklisted recipient too; an outage is retried', async () => {
    const { w, fake } = await world((f) =>
      f.get('to') === '393470000001'
        ? notInserted(f, 'BADNUMBERFORMAT')
        : f.get('to') === '393470000002'
          ? notInserted(f, 'BLACKLIST')
          : { status: 503, body: { errorCode: 503, errorMsg: 'Service Unavailable' } },
    );
    const bad = await w.message((await w.booking({ phone: '+393470000001' })).id, 'confirmation');
    const blocked = await w.message((await w.booking({ phone: '+393470000002' })).id, 'confirmation');
    const later = await w.message((await w.booking({ phone: '+393470000003' })).id, 'confirmation');
    await w.run();
    expect(await w.msg(bad.id)).toMatchObject({ status: 'failed', errorCode: 'BADNUMBERFORMAT' });
    expect(await w.msg(blocked.id)).toMatchObject({ status: 'failed', errorCode: 'BLACKLIST' });
    expect(await w.msg(later.id)).toMatchObject({ status: 'pending', attempts: 1, notBefore: NOW + MIN });
    await w.run(NOW + 3 * 3_600_000);
    expect(fake.requests.filter((r) => r.form.get('to') === '393470000001')).toHaveLength(1);
  });

  it('counts a message SMSHosting already holds (DUPLICATESMS) as sent, not as a failure', async () => {
    const { w } = await world((f) => notInserted(f, 'DUPLICATESMS'));
    const m = await w.message((await w.booking()).id, 'confirmation');
    await w.run();
    expect((await w.msg(m.id)).status).toBe('sent');
  });

  it('stops the run when the keys are refused', async () => {
    const { w, fake } = await world((f) => inserted(f), { SMSHOSTING_AUTH_SECRET: 'WRONG' });
    for (let i = 0; i < 3; i++) await w.message((await w.booking()).id, 'confirmation');
    const run = await w.run(NOW, { concurrency: 1 });
    expect(run.skipped).toBe('halted: 401');
    expect(fake.requests).toHaveLength(1);
    expect((await w.all()).every((m) => m.status === 'pending')).toBe(true);
  });

  it.each([
    [{ errorCode: 400, errorMsg: 'BAD_FROM' }, 'sender'],
    [{ errorCode: 400, errorMsg: 'NO_CREDIT' }, 'credit'],
  ])('an account refusal (%j) halts, keeps messages waiting and stores the alert', async (body, reason) => {
    const { w, fake } = await world(() => ({ status: 400, body }));
    for (let i = 0; i < 3; i++) await w.message((await w.booking()).id, 'confirmation');
    const run = await w.run(NOW, { concurrency: 1 });
    expect(run.skipped).toBe('halted: 400');
    expect(fake.requests).toHaveLength(1);
    expect((await w.all()).every((m) => m.status === 'pending' && m.attempts === 0)).toBe(true);
    const admin = await staffHeaders(w.app, w.db, 'admin');
    const alert = await w.app.request('/api/admin/sms-alert', { headers: admin.headers });
    expect(await alert.json()).toMatchObject({ alert: { provider: 'smshosting', reason, code: '400', waiting: 3 } });
  });

  it('accepts a delivery report carrying the right token, form or JSON, and refuses a wrong one', async () => {
    const { w } = await world((f) => inserted(f, 77));
    const m1 = await w.message((await w.booking()).id, 'confirmation');
    const m2 = await w.message((await w.booking()).id, 'confirmation');
    await w.run();
    const report = (m: string, token: string, body: string, type = 'application/x-www-form-urlencoded') =>
      w.app.request(`/api/sms/smshosting/status/${token}?m=${m}`, {
        method: 'POST',
        headers: { 'Content-Type': type },
        body,
      });
    const forged = await report(m1.id, 'guess', 'id=77&status=DELIVERED');
    expect(forged.status).toBe(403);
    expect((await w.msg(m1.id)).status).toBe('sent');
    // The right token in the query (where older versions put it) counts for nothing.
    const inQuery = await w.app.request(`/api/sms/smshosting/status?token=cb-token-0123456789abcdef&m=${m1.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'id=77&status=DELIVERED',
    });
    expect(inQuery.status).toBe(403);
    expect((await w.msg(m1.id)).status).toBe('sent');

    const form = await report(m1.id, 'cb-token-0123456789abcdef', 'id=77&status=DELIVERED');
    expect(form.status).toBe(204);
    expect((await w.msg(m1.id)).status).toBe('delivered');

    const json = await report(
      m2.id,
      'cb-token-0123456789abcdef',
      JSON.stringify({ id: 77, transactionId: m2.id, status: 'NOT_DELIVERED' }),
      'application/json',
    );
    expect(json.status).toBe(204);
    expect(await w.msg(m2.id)).toMatchObject({ status: 'failed', errorCode: 'NOT_DELIVERED' });
  });
});
