import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings, messages } from '../../worker/src/db/schema';
import { countSegments } from '../../worker/src/outbox/texts';
import { expireRequests } from '../../worker/src/jobs/expire-requests';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { testDeps } from '../fixtures/deps';

const MIN = 60_000;
// Monday 12 October 2026, 10:00 in Rome.
const NOW = Date.parse('2026-10-12T08:00:00Z');
const CRON = '*/10 * * * *';

async function world(desk: Parameters<typeof givenDesk>[1] = {}) {
  const t = await createTestDb();
  await givenDesk(t.db, desk);
  const service = await givenService(t.db);
  const volunteer = await givenVolunteer(t.db);
  const deps = testDeps(t.db);
  const request = (start: string, holdUntil: number, extra: Record<string, unknown> = {}) =>
    givenBooking(t.db, {
      serviceId: service.id,
      volunteerId: volunteer.id,
      start,
      status: 'requested',
      holdUntil,
      ...extra,
    });
  const run = (now = NOW) => expireRequests(deps, { cron: CRON, now });
  const outbox = () => t.db.select().from(messages).orderBy(asc(messages.bookingId));
  const status = async (id: string) =>
    (await t.db.select({ s: bookings.status }).from(bookings).where(eq(bookings.id, id)))[0]?.s;
  return { ...t, service, volunteer, request, run, outbox, status };
}

describe('expiry SMS', () => {
  // Issue 10 turned request SMS off by default: these tests switch it on where they test the text itself.
  it('tells each person whose request expired, once, in their language; nobody else', async () => {
    const w = await world({ requestSms: true });
    const it1 = await w.request('2026-10-14T08:00:00Z', NOW - MIN);
    const en = await w.request('2026-10-14T09:00:00Z', NOW, { language: 'en', mode: 'remote' });
    const held = await w.request('2026-10-14T10:00:00Z', NOW + MIN);
    await givenBooking(w.db, {
      serviceId: w.service.id,
      volunteerId: w.volunteer.id,
      start: '2026-10-14T12:00:00Z',
      status: 'confirmed',
      holdUntil: NOW - MIN,
    });

    expect(await w.run()).toEqual({ counts: { expired: 2 } });
    expect(await w.run()).toEqual({ counts: { expired: 0 } });

    const rows = await w.outbox();
    expect(rows.map((r) => [r.bookingId, r.kind, r.seq, r.status, r.notBefore])).toEqual(
      [
        [it1.id, 'expiry', 0, 'pending', NOW],
        [en.id, 'expiry', 0, 'pending', NOW],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const byId = new Map(rows.map((r) => [r.bookingId, r]));
    expect(byId.get(it1.id)!.body).toBe(
      `Richiesta per mer 14/10 ore 10:00 non confermata in tempo. Prenota di nuovo: https://sportello.test/m/${it1.manageCode}`,
    );
    expect(byId.get(en.id)).toMatchObject({ language: 'en', recipient: '+393471234567' });
    expect(byId.get(en.id)!.body).toMatch(/^Request for Wed 14\/10 at 11:00 expired unconfirmed\./);
    for (const r of rows) expect(countSegments(r.body!).segments).toBe(1);
    expect(await w.status(held.id)).toBe('requested');
  });

  it('sends nothing by default, with request SMS off, or SMS off altogether; the requests still expire', async () => {
    for (const desk of [{}, { requestSms: false }, { requestSms: true, smsEnabled: false }]) {
      const w = await world(desk);
      const r = await w.request('2026-10-14T08:00:00Z', NOW - MIN);
      expect(await w.run()).toEqual({ counts: { expired: 1 } });
      expect(await w.status(r.id)).toBe('expired');
      expect(await w.outbox()).toEqual([]);
    }
  });

  it('writes nothing for a request without a phone (erased)', async () => {
    const w = await world({ requestSms: true });
    const r = await w.request('2026-10-14T08:00:00Z', NOW - MIN, { phone: null, personName: null });
    expect(await w.run()).toEqual({ counts: { expired: 1 } });
    expect(await w.status(r.id)).toBe('expired');
    expect(await w.outbox()).toEqual([]);
  });
});
