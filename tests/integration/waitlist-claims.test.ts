import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../worker/src/db/client';
import { applyMigrations } from '../../worker/src/node/migrate';
import { offerTimes } from '../../worker/src/waitlist/offers';
import { takeOffer, type TakeOutcome } from '../../worker/src/waitlist/take';
import { givenBooking, givenDesk, givenService, givenShift, givenVolunteer } from '../fixtures/builders';
import { fixedClock, testDeps } from '../fixtures/deps';
import { startSqld, type Sqld } from '../fixtures/sqld';
import { allOffers, givenWaitlistEntry } from '../fixtures/waitlist';

// A real libSQL server over HTTP, as Turso in production: twenty people tap "take" on the same freed time
// at once, each through its own client, as separate Worker isolates would. Only the database decides.

const CLAIMS = 20;
const WEDNESDAY = 3; // 2026-10-14

interface World {
  sqld: Sqld;
  admin: Client;
  db: Db;
  serviceId: string;
  volunteerId: string;
}

async function world(): Promise<World> {
  const sqld = await startSqld();
  const admin = createClient({ url: sqld.url });
  const db = createDb(admin);
  await applyMigrations(db);
  await givenDesk(db, { minNoticeMinutes: 0, horizonDays: 60 });
  const service = await givenService(db, { durationMinutes: 60 });
  const volunteer = await givenVolunteer(db);
  await givenShift(db, volunteer.id, WEDNESDAY, '10:00', '11:00');
  return { sqld, admin, db, serviceId: service.id, volunteerId: volunteer.id };
}

/** The freed 10:00 of Wednesday: a booking cancelled, its time handed to the engine. */
async function freeWednesday(w: World, now: string) {
  const start = Date.parse('2026-10-14T10:00:00+02:00');
  const b = await givenBooking(w.db, {
    serviceId: w.serviceId,
    volunteerId: w.volunteerId,
    start,
    status: 'cancelled',
  });
  return offerTimes(testDeps(w.db, { clock: fixedClock(now) }), [
    {
      volunteerId: w.volunteerId,
      startAt: start,
      endAt: start + 3_600_000,
      freedAt: Date.parse(now),
      sourceBookingId: b.id,
    },
  ]);
}

/** Every code taken at once, each through its own client and deps. */
async function takeAll(url: string, codes: readonly string[], now: string): Promise<TakeOutcome[]> {
  const clients = codes.map(() => createClient({ url }));
  try {
    return await Promise.all(
      codes.map((code, i) => takeOffer(testDeps(createDb(clients[i]!), { clock: fixedClock(now) }), code)),
    );
  } finally {
    for (const c of clients) c.close();
  }
}

async function bookingsOfTheTime(admin: Client) {
  const rs = await admin.execute(
    "select id, channel, status from bookings where status in ('requested','confirmed') and start_at = ?",
    [Date.parse('2026-10-14T10:00:00+02:00')],
  );
  return rs.rows.map((r) => ({ id: String(r.id), channel: String(r.channel), status: String(r.status) }));
}

describe('twenty simultaneous takes of one held offer (sqld over HTTP)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => {
    w?.admin.close();
    await w?.sqld.stop();
  });

  it('makes exactly one booking; every other tap is told the time went', async () => {
    await givenWaitlistEntry(w.db, { serviceId: w.serviceId, from: '2026-10-13', to: '2026-10-16' });
    await givenWaitlistEntry(w.db, { serviceId: w.serviceId, from: '2026-10-13', to: '2026-10-16' });
    // Monday morning: two days ahead, so the first person gets it with a hold.
    const run = await freeWednesday(w, '2026-10-12T08:00:00Z');
    expect(run.offered).toBe(1);
    const [offer] = await allOffers(w.db);
    expect(offer).toMatchObject({ status: 'open', holds: true });

    const results = await takeAll(w.sqld.url, Array(CLAIMS).fill(offer!.code), '2026-10-12T09:00:00Z');
    // The same person tapping twenty times gets the one booking each time; nobody gets a second one.
    const made = new Set(results.flatMap((r) => (r.ok ? [r.manageCode] : [])));
    expect(made.size).toBe(1);
    const booked = await bookingsOfTheTime(w.admin);
    expect(booked).toEqual([{ id: expect.any(String), channel: 'waitlist', status: 'confirmed' }]);
    const [after] = await allOffers(w.db);
    expect(after).toMatchObject({ status: 'taken', bookingId: booked[0]!.id });
  });
});

describe('twenty people taking an everyone-at-once offer together (sqld over HTTP)', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => {
    w?.admin.close();
    await w?.sqld.stop();
  });

  it('books one of them, tells the other nineteen it went, withdraws their offers, leaves no overlap', async () => {
    for (let i = 0; i < CLAIMS; i++) {
      await givenWaitlistEntry(w.db, { serviceId: w.serviceId, from: '2026-10-14', to: '2026-10-14' });
    }
    // Tuesday 18:00 in Rome: the Wednesday 10:00 starts within a day, so all twenty get it without a hold.
    const run = await freeWednesday(w, '2026-10-13T16:00:00Z');
    expect(run.offered).toBe(CLAIMS);
    const offers = await allOffers(w.db);
    expect(offers.every((o) => o.status === 'open' && !o.holds)).toBe(true);

    const results = await takeAll(
      w.sqld.url,
      offers.map((o) => o.code),
      '2026-10-13T16:05:00Z',
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.code === 'gone')).toHaveLength(CLAIMS - 1);
    expect(await bookingsOfTheTime(w.admin)).toHaveLength(1);
    const after = await allOffers(w.db);
    expect(after.filter((o) => o.status === 'taken')).toHaveLength(1);
    expect(after.filter((o) => o.status === 'withdrawn')).toHaveLength(CLAIMS - 1);
    const entries = await w.admin.execute('select status, count(*) as n from waitlist_entries group by status');
    expect(Object.fromEntries(entries.rows.map((r) => [String(r.status), Number(r.n)]))).toEqual({
      booked: 1,
      waiting: CLAIMS - 1,
    });
  });
});
