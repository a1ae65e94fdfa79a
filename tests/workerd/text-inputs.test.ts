import { createClient } from '@libsql/client/web';
import { SELF } from 'cloudflare:test';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { localToday, plusDays } from './local-date';
import { SEED } from './seed-ids';

// Node's libSQL stored a lone surrogate as U+FFFD and sqld refused the JSON carrying it (a 500): the rule that
// text is well-formed is checked before either sees it, so both runtimes answer the same 422 and store nothing.
const UNSAFE = 'Contains characters that are not allowed. Please type it again rather than pasting it.';
const db = createClient({ url: inject('sqldUrl') });
afterAll(() => db.close());

/** Bookings of the person, however their name was stored. */
async function annas(): Promise<number> {
  const r = await db.execute("select count(*) as n from bookings where person_name like 'Anna%Rossi'");
  return Number(r.rows[0]?.n);
}

/** A JSON body written by hand, so the lone surrogate travels as the escape `\ud800`, as a client would send it. */
function bodyWithName(fields: Record<string, unknown>): string {
  return JSON.stringify(fields).replace(/}$/, ',"name":"Anna \\ud800 Rossi"}');
}

async function signIn(): Promise<string> {
  const res = await SELF.fetch('http://x/api/admin/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: 'http://x' },
    body: JSON.stringify({ email: SEED.staffEmail, password: SEED.staffPassword }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return /sportello_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}

describe('text that is not well-formed, through the Worker against sqld', () => {
  const start = `${plusDays(localToday(Date.now(), 'Europe/Rome'), 3)}T11:00:00+01:00`;

  it('POST /api/public/requests with "Anna \\ud800 Rossi": 422 on the name, nothing stored', async () => {
    const res = await SELF.fetch('http://x/api/public/requests', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': 'en', 'cf-connecting-ip': '192.0.2.60' },
      body: bodyWithName({
        service: SEED.serviceId,
        mode: 'in_person',
        start,
        phone: '+39 347 765 4321',
        consent: true,
      }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_input', message: expect.any(String), fields: { name: UNSAFE } },
    });
    expect(await annas()).toBe(0);
  });

  it('the same name as bytes that are not UTF-8: 422, nothing stored', async () => {
    const json = JSON.stringify({
      service: SEED.serviceId,
      mode: 'in_person',
      start,
      phone: '+39 347 765 4322',
      consent: true,
      name: 'Anna @ Rossi',
    });
    const [before, after] = json.split('@') as [string, string];
    const enc = new TextEncoder();
    const res = await SELF.fetch('http://x/api/public/requests', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': 'en', 'cf-connecting-ip': '192.0.2.61' },
      body: new Uint8Array([...enc.encode(before), 0xed, 0xa0, 0x80, ...enc.encode(after)]),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { fields: unknown } }).error.fields).toEqual({ name: UNSAFE });
    expect(await annas()).toBe(0);
  });

  it('a query string with a surrogate encoded as bytes or a bidi control: the same 422 on any route', async () => {
    for (const [path, field] of [
      [`/api/public/availability?service=${SEED.serviceId}&mode=in_person&from=%ED%A0%80&to=2099-01-01`, 'from'],
      ['/api/public/desk?x=%E2%80%AEevil', 'x'],
    ] as const) {
      const res = await SELF.fetch(`http://x${path}`, { headers: { 'Accept-Language': 'en' } });
      expect(res.status, path).toBe(422);
      expect(((await res.json()) as { error: { fields: unknown } }).error.fields).toEqual({ [field]: UNSAFE });
    }
  });

  it('a staff booking (POST /api/admin/bookings) with "Anna \\ud800 Rossi": 422 on the name, nothing stored', async () => {
    const cookie = await signIn();
    const res = await SELF.fetch('http://x/api/admin/bookings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': 'en', Origin: 'http://x', Cookie: cookie },
      body: bodyWithName({ service: SEED.serviceId, mode: 'in_person', start, phone: '+39 347 765 4323' }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_input', message: expect.any(String), fields: { name: UNSAFE } },
    });
    expect(await annas()).toBe(0);
  });
});
