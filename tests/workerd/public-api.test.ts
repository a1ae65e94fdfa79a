import { SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localToday, plusDays } from './local-date';
import { SEED } from './seed-ids';

// Through the real Worker entry: bindings → deps → createApp → drizzle → @libsql/client/web → sqld over HTTP.

interface AvailabilityBody {
  timeZone: string;
  days: { date: string; slots: { start: string; end: string }[] }[];
}

/** A public booking request for `start` from a person at client address `ip`. */
function postRequest(start: string, ip: string, person: { name: string; phone: string }) {
  return SELF.fetch('http://x/api/public/requests', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'cf-connecting-ip': ip },
    body: JSON.stringify({ service: SEED.serviceId, mode: 'in_person', start, ...person, consent: true }),
  });
}

describe('public API through the Worker against sqld', () => {
  it('serves the desk with its services', async () => {
    const res = await SELF.fetch('http://x/api/public/desk');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { name: string; timeZone: string; services: { id: string }[] };
    expect(body.name).toBe('Sportello Lavoro');
    expect(body.timeZone).toBe('Europe/Rome');
    expect(body.services.map((s) => s.id)).toContain(SEED.serviceId);
  });

  it('lists free slots for the coming week and books one of them', async () => {
    const today = localToday(Date.now(), 'Europe/Rome');
    const from = plusDays(today, 1);
    const to = plusDays(today, 7);
    const res = await SELF.fetch(
      `http://x/api/public/availability?service=${SEED.serviceId}&mode=in_person&from=${from}&to=${to}`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as AvailabilityBody;
    expect(body.timeZone).toBe('Europe/Rome');
    // The volunteer works 08:00–20:00 every day; holidays can close a day or two of the seven, never all of them.
    expect(body.days.length).toBeGreaterThanOrEqual(4);
    const first = body.days[0]!;
    expect(first.date >= from && first.date <= to).toBe(true);
    expect(first.slots.length).toBeGreaterThan(0);
    const slot = first.slots[0]!;
    expect(slot.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);

    const post = await postRequest(slot.start, '192.0.2.10', { name: 'Maria Rossi', phone: '+39 347 123 4567' });
    const postText = await post.text();
    expect(post.status, postText).toBe(201);
    const created = JSON.parse(postText) as { reference: string; status: string; start: string; manageUrl: string };
    expect(created.status).toBe('requested');
    expect(Date.parse(created.start)).toBe(Date.parse(slot.start));

    // The booked hour is gone for the only volunteer.
    const again = await SELF.fetch(
      `http://x/api/public/availability?service=${SEED.serviceId}&mode=in_person&from=${first.date}&to=${first.date}`,
    );
    const after = (await again.json()) as AvailabilityBody;
    const starts = (after.days[0]?.slots ?? []).map((s) => Date.parse(s.start));
    expect(starts).not.toContain(Date.parse(slot.start));

    // And the same slot a second time is a 409, not a double booking.
    const dup = await postRequest(slot.start, '192.0.2.11', { name: 'Luca Bianchi', phone: '+39 347 765 4321' });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ error: { code: 'slot_unavailable' } });
  });

  it('checks a phone as the widget types it: mobile, landline, country; never a 5xx (fuzzed)', async () => {
    const check = (body: unknown) =>
      SELF.fetch('http://x/api/public/phone-check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(await (await check({ phone: '347 123 4567' })).json()).toEqual({ ok: true, e164: '+393471234567' });
    expect(await (await check({ phone: '06 1234 5678' })).json()).toEqual({ ok: false, reason: 'phone_landline' });
    expect(await (await check({ phone: '+1 415 555 2671' })).json()).toEqual({ ok: false, reason: 'phone_country' });
    expect((await check({ phone: 42 })).status).toBe(422);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.record({ phone: fc.string({ maxLength: 45 }) }), fc.jsonValue({ maxDepth: 2 })),
        async (b) => {
          const res = await check(b);
          expect(res.status, JSON.stringify(b)).toBeLessThan(500);
          await res.body?.cancel();
        },
      ),
      { numRuns: 60, seed: 20261130 },
    );
  });
});
