import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { createDb } from '../../worker/src/db/client';
import { applyMigrations } from '../../worker/src/node/migrate';
import { givenDesk, givenService, givenShift, givenVolunteer } from '../fixtures/builders';
import { fixedClock, testDeps } from '../fixtures/deps';
import { startSqld, type Sqld } from '../fixtures/sqld';

// A real libSQL server over HTTP, like Turso in production: 100 clients, 100 app instances, one database.
// The only thing that may keep two people out of the same volunteer's hour is the database itself.

const NOW = '2026-10-12T08:00:00Z'; // Monday
const WEDNESDAY = 3; // 2026-10-14
const CONCURRENT = 100;
const VOLUNTEERS = 3;

interface Setup {
  sqld: Sqld;
  admin: Client;
  serviceId: string;
}

/** A fresh sqld with the real migrations, one 60-minute service and K volunteers sharing one Wednesday shift. */
async function setup(shiftFrom: string, shiftTo: string): Promise<Setup> {
  const sqld = await startSqld();
  const admin = createClient({ url: sqld.url });
  const db = createDb(admin);
  await applyMigrations(db);
  // A high per-IP limit as well as distinct IPs: this test is about the slot, not the rate limiter.
  await givenDesk(db, {
    minNoticeMinutes: 0,
    horizonDays: 60,
    requestsPerIpPerHour: 100_000,
    maxOpenRequestsPerPhone: 5,
  });
  const service = await givenService(db, { durationMinutes: 60, allowsInPerson: true, allowsRemote: true });
  for (let v = 0; v < VOLUNTEERS; v++) {
    const vol = await givenVolunteer(db, { displayName: `Volontario ${v + 1}` });
    await givenShift(db, vol.id, WEDNESDAY, shiftFrom, shiftTo);
  }
  return { sqld, admin, serviceId: service.id };
}

/** Fires all requests at once, each through its own client and its own app, as separate Worker isolates would. */
async function fireAll(url: string, bodies: object[]): Promise<{ status: number; body: unknown }[]> {
  const clients = bodies.map(() => createClient({ url }));
  try {
    const apps = clients.map((client) => createApp(testDeps(createDb(client), { clock: fixedClock(NOW) })));
    return await Promise.all(
      apps.map(async (app, i) => {
        const res = await app.request('/api/public/requests', {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'cf-connecting-ip': `10.0.${i >> 8}.${i & 255}`,
          },
          body: JSON.stringify(bodies[i]),
        });
        const text = await res.text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // keep the raw text: a non-JSON answer is itself a failure the assertions will show
        }
        return { status: res.status, body };
      }),
    );
  } finally {
    for (const c of clients) c.close();
  }
}

function requestBody(serviceId: string, start: string, i: number) {
  return {
    service: serviceId,
    mode: 'in_person',
    start,
    name: `Persona ${i}`,
    // +39 347 000 0000 … 0099: valid Italian mobile numbers, one per person.
    phone: `+39347${String(i).padStart(7, '0')}`,
    consent: true,
    language: 'it',
  };
}

async function activeBookings(admin: Client) {
  const rs = await admin.execute(
    "select volunteer_id, start_at, end_at from bookings where status in ('requested','confirmed') order by start_at, volunteer_id",
  );
  return rs.rows.map((r) => ({
    volunteerId: String(r.volunteer_id),
    startAt: Number(r.start_at),
    endAt: Number(r.end_at),
  }));
}

async function overlappingPairs(admin: Client): Promise<number> {
  const rs = await admin.execute(`
    select count(*) as n from bookings a
    join bookings b on a.volunteer_id = b.volunteer_id and a.id < b.id
    where a.status in ('requested','confirmed') and b.status in ('requested','confirmed')
      and a.start_at < b.end_at and b.start_at < a.end_at`);
  return Number(rs.rows[0]?.n);
}

function summarise(results: { status: number; body: unknown }[]) {
  const byStatus = new Map<number, number>();
  for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  return Object.fromEntries(byStatus);
}

function errorCode(body: unknown): unknown {
  return (body as { error?: { code?: unknown } } | null)?.error?.code;
}

describe('100 simultaneous requests for the same slot (sqld over HTTP, one client per request)', () => {
  let s: Setup;
  const start = '2026-10-14T10:00:00+02:00';

  beforeAll(async () => {
    s = await setup('10:00', '11:00');
  });
  afterAll(async () => {
    s?.admin.close();
    await s?.sqld.stop();
  });

  it('books exactly one request per volunteer and turns every other one away with 409 slot_unavailable', async () => {
    const results = await fireAll(
      s.sqld.url,
      Array.from({ length: CONCURRENT }, (_, i) => requestBody(s.serviceId, start, i)),
    );

    const summary = summarise(results);
    expect(
      results.filter((r) => r.status >= 500),
      JSON.stringify(summary),
    ).toEqual([]);
    const created = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(created.length, JSON.stringify(summary)).toBe(VOLUNTEERS);
    for (const r of created) expect(r.body).toMatchObject({ status: 'requested', reference: expect.any(String) });
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(errorCode(r.body)).toBe('slot_unavailable');
    }
    // Every reference shown to a person is distinct.
    expect(new Set(created.map((r) => (r.body as { reference: string }).reference)).size).toBe(VOLUNTEERS);

    const active = await activeBookings(s.admin);
    expect(active).toHaveLength(VOLUNTEERS);
    expect(new Set(active.map((b) => b.volunteerId)).size).toBe(VOLUNTEERS);
    expect(active.every((b) => b.startAt === Date.parse(start))).toBe(true);
    expect(await overlappingPairs(s.admin)).toBe(0);
    const all = await s.admin.execute('select count(*) as n from bookings');
    expect(Number(all.rows[0]?.n)).toBe(VOLUNTEERS);
  });
});

describe('100 simultaneous requests spread over 3 slots', () => {
  let s: Setup;
  const starts = ['2026-10-14T10:00:00+02:00', '2026-10-14T11:00:00+02:00', '2026-10-14T12:00:00+02:00'];

  beforeAll(async () => {
    s = await setup('10:00', '13:00');
  });
  afterAll(async () => {
    s?.admin.close();
    await s?.sqld.stop();
  });

  it('fills each slot with exactly one booking per volunteer and never double-books anyone', async () => {
    const bodies = Array.from({ length: CONCURRENT }, (_, i) =>
      requestBody(s.serviceId, starts[i % starts.length]!, i),
    );
    const results = await fireAll(s.sqld.url, bodies);

    const summary = summarise(results);
    expect(
      results.filter((r) => r.status >= 500),
      JSON.stringify(summary),
    ).toEqual([]);
    expect(results.filter((r) => r.status === 201).length, JSON.stringify(summary)).toBe(VOLUNTEERS * starts.length);
    for (const r of results.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409);
      expect(errorCode(r.body)).toBe('slot_unavailable');
    }
    // Which requests won, per slot: K each.
    for (const start of starts) {
      const won = results.filter((r, i) => r.status === 201 && bodies[i]!.start === start);
      expect(won.length, start).toBe(VOLUNTEERS);
    }

    const active = await activeBookings(s.admin);
    expect(active).toHaveLength(VOLUNTEERS * starts.length);
    for (const start of starts) {
      const inSlot = active.filter((b) => b.startAt === Date.parse(start));
      expect(new Set(inSlot.map((b) => b.volunteerId)).size, start).toBe(VOLUNTEERS);
    }
    expect(await overlappingPairs(s.admin)).toBe(0);
  });
});
