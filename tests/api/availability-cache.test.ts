import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { availabilityVersion, bookings, deskSettings, services, shifts, volunteers } from '../../worker/src/db/schema';
import { memoryAnswers } from '../../worker/src/http/availability-answers';
import { givenBooking, givenClosure, givenShift } from '../fixtures/builders';
import { testConfig } from '../fixtures/deps';
import { FRIDAY, postRequest, publicWorld, requestBody, WEDNESDAY, type PublicWorld } from '../fixtures/public-helpers';

const WINDOW = 'from=2026-10-14&to=2026-10-16';
const WED_10 = '2026-10-14T08:00:00Z';
const FRI_09 = '2026-10-16T07:00:00Z';

interface Answer {
  status: number;
  etag: string | null;
  starts: string[];
  roundTrips: number;
}

/** One GET, sending `etag` as If-None-Match when given; the slots' starts (empty for a 304). */
async function ask(w: PublicWorld, etag?: string | null, query = `mode=in_person&${WINDOW}`): Promise<Answer> {
  w.resetRoundTrips();
  const res = await w.app.request(`/api/public/availability?service=${w.serviceId}&${query}`, {
    headers: etag ? { 'If-None-Match': etag } : {},
  });
  const body = res.status === 200 ? ((await res.json()) as { days: { slots: { start: string }[] }[] }) : { days: [] };
  return {
    status: res.status,
    etag: res.headers.get('etag'),
    starts: body.days.flatMap((d) => d.slots.map((s) => s.start)),
    roundTrips: w.roundTrips(),
  };
}

/** A world with a kept copy (the Node runtime's map), so both repeat paths are in play. */
const world = () => publicWorld({ deps: { answers: memoryAnswers() } });

describe('the public availability answers a repeat from its version', () => {
  it('answers a repeat with 304 after one read, and a new client from the kept copy', async () => {
    const w = await world();
    const first = await ask(w);
    expect(first).toMatchObject({ status: 200, roundTrips: 1 });
    expect(first.etag).toMatch(/^"av1\./);
    expect(await ask(w, first.etag)).toMatchObject({ status: 304, etag: first.etag, roundTrips: 1 });
    expect(await ask(w)).toMatchObject({ status: 200, etag: first.etag, starts: first.starts, roundTrips: 1 });
    // Another query is another answer: its tag does not pass for this one.
    const other = await ask(w, first.etag, `mode=in_person&from=2026-10-14&to=2026-10-14`);
    expect(other.status).toBe(200);
    expect(other.etag).not.toBe(first.etag);
  });

  it('carries CORS and Vary on the computed answer, the 304 and the kept copy alike', async () => {
    const w = await publicWorld({
      deps: { answers: memoryAnswers(), config: testConfig({ allowedOrigins: ['https://comune.example.org'] }) },
    });
    const url = `/api/public/availability?service=${w.serviceId}&mode=in_person&${WINDOW}`;
    const origin = { Origin: 'https://comune.example.org' };
    const first = await w.app.request(url, { headers: origin });
    const etag = first.headers.get('etag')!;
    const repeat = await w.app.request(url, { headers: { ...origin, 'If-None-Match': etag } });
    const kept = await w.app.request(url, { headers: origin });
    for (const res of [first, repeat, kept]) {
      expect(res.headers.get('access-control-allow-origin')).toBe('https://comune.example.org');
      expect(res.headers.get('vary')).toMatch(/Origin/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('etag')).toBe(etag);
    }
    expect([first.status, repeat.status, kept.status]).toEqual([200, 304, 200]);
    expect(await kept.text()).toBe(await first.text());
  });

  it('serves the kept copy without computing: only the version decides', async () => {
    const w = await world();
    const first = await ask(w);
    const { version } = (await w.db.select().from(availabilityVersion))[0]!;
    await givenShift(w.db, w.volunteerIds[0]!, WEDNESDAY, '14:00', '15:00');
    // Put the version back by hand: the copy is served, so the new shift is not seen (nothing was computed).
    await w.db.update(availabilityVersion).set({ version });
    expect(await ask(w)).toMatchObject({ status: 200, starts: first.starts, roundTrips: 1 });
  });

  it('computes anew in one round trip with no cache and no tag, and in two when a held tag is stale', async () => {
    const w = await publicWorld();
    const first = await ask(w);
    expect(first.roundTrips).toBe(1);
    expect(await ask(w, first.etag)).toMatchObject({ status: 304, roundTrips: 1 });
    await givenClosure(w.db, '2026-10-16');
    const after = await ask(w, first.etag);
    expect(after).toMatchObject({ status: 200, roundTrips: 2 });
    expect(after.starts.some((s) => s.startsWith('2026-10-16'))).toBe(false);
  });

  it('serves a repeat of the same query string ahead of the other middleware, to the same rules', async () => {
    const w = await publicWorld({
      deps: { answers: memoryAnswers(), config: testConfig({ allowedOrigins: ['https://comune.example.org'] }) },
    });
    const url = `/api/public/availability?service=${w.serviceId}&mode=in_person&${WINDOW}&lang=uk`;
    const first = await w.app.request(url);
    expect(first.status).toBe(200);
    // A site missing from ALLOWED_ORIGINS gets no CORS grant on the kept copy either.
    const refused = await w.app.request(url, { headers: { Origin: 'https://elsewhere.example.net' } });
    expect(refused.status).toBe(200);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('vary')).toMatch(/Origin/);
    expect(await refused.text()).toBe(await first.text());
    // After a change, the repeat computes anew: the version it read is not read a second time.
    await givenClosure(w.db, '2026-10-16');
    w.resetRoundTrips();
    const after = await w.app.request(url);
    expect(after.status).toBe(200);
    expect(w.roundTrips()).toBe(2);
    const days = ((await after.json()) as { days: { date: string }[] }).days.map((d) => d.date);
    expect(days).not.toContain('2026-10-16');
  });

  it('never remembers a query string that was refused', async () => {
    const w = await world();
    const bad = `/api/public/availability?service=${w.serviceId}&mode=in_person&from=2026-10-16&to=2026-10-14`;
    for (let i = 0; i < 2; i++) {
      const res = await w.app.request(bad, { headers: { 'Accept-Language': 'en' } });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.to).toBeTruthy();
    }
  });

  it("answers a database failure on a repeat with 503 in the client's language", async () => {
    const w = await world();
    const url = `/api/public/availability?service=${w.serviceId}&mode=in_person&${WINDOW}`;
    expect((await w.app.request(url)).status).toBe(200);
    w.client.close();
    const res = await w.app.request(url, { headers: { 'Accept-Language': 'en' } });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/busy right now/) });
    // The short way runs before the request id is made: the failure still carries one to quote.
    expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('refuses a forged or foreign tag by its contents, not by trust', async () => {
    const w = await world();
    const first = await ask(w);
    const forged = first.etag!.replace(/^"av1\.\d+\./, '"av1.999.');
    expect((await ask(w, forged)).status).toBe(200);
    expect((await ask(w, '"something-else"')).status).toBe(200);
    expect((await ask(w, `W/${first.etag}, "x"`)).status).toBe(304);
  });
});

type Change = (w: PublicWorld) => Promise<unknown>;
const vol = (w: PublicWorld) => w.volunteerIds[0]!;
const local = (iso: string) => new Date(iso).toISOString().slice(0, 16);
const has = (a: Answer, utc: string) => a.starts.some((s) => local(s) === local(utc));

/** [what, prepare before the first answer, the change, what the next answer must show]. */
const cases: [string, Change | null, Change, (before: Answer, after: Answer) => void][] = [
  [
    'a person requests a slot',
    null,
    (w) => postRequest(w.app, requestBody(w.serviceId, { start: '2026-10-14T10:00:00+02:00' })),
    (b, a) => expect([has(b, WED_10), has(a, WED_10)]).toEqual([true, false]),
  ],
  [
    'staff confirm a request (the same slots, a new version)',
    (w) =>
      givenBooking(w.db, {
        id: 'bk-c',
        serviceId: w.serviceId,
        volunteerId: vol(w),
        start: WED_10,
        status: 'requested',
      }),
    (w) => w.db.update(bookings).set({ status: 'confirmed' }).where(eq(bookings.id, 'bk-c')),
    (b, a) => expect(a.starts).toEqual(b.starts),
  ],
  [
    'a booking is cancelled',
    (w) => givenBooking(w.db, { id: 'bk-x', serviceId: w.serviceId, volunteerId: vol(w), start: WED_10 }),
    (w) => w.db.update(bookings).set({ status: 'cancelled' }).where(eq(bookings.id, 'bk-x')),
    (b, a) => expect([has(b, WED_10), has(a, WED_10)]).toEqual([false, true]),
  ],
  [
    'a booking is rescheduled',
    (w) => givenBooking(w.db, { id: 'bk-r', serviceId: w.serviceId, volunteerId: vol(w), start: WED_10 }),
    (w) =>
      w.db
        .update(bookings)
        .set({ startAt: Date.parse(FRI_09), endAt: Date.parse(FRI_09) + 3_600_000 })
        .where(eq(bookings.id, 'bk-r')),
    (b, a) =>
      expect([has(b, WED_10), has(b, FRI_09), has(a, WED_10), has(a, FRI_09)]).toEqual([false, true, true, false]),
  ],
  [
    'a shift is added',
    null,
    (w) => givenShift(w.db, vol(w), WEDNESDAY, '14:00', '15:00'),
    (b, a) => expect([has(b, '2026-10-14T12:00:00Z'), has(a, '2026-10-14T12:00:00Z')]).toEqual([false, true]),
  ],
  [
    'a shift is removed',
    null,
    (w) => w.db.delete(shifts).where(eq(shifts.weekday, FRIDAY)),
    (b, a) => expect([has(b, FRI_09), has(a, FRI_09)]).toEqual([true, false]),
  ],
  [
    'the desk closes for a day',
    null,
    (w) => givenClosure(w.db, '2026-10-16'),
    (b, a) => expect([has(b, FRI_09), has(a, FRI_09)]).toEqual([true, false]),
  ],
  [
    'the volunteer is absent',
    null,
    (w) => givenClosure(w.db, '2026-10-14', '2026-10-14', vol(w)),
    (b, a) => expect([has(b, WED_10), has(a, WED_10)]).toEqual([true, false]),
  ],
  [
    'the volunteer is deactivated',
    null,
    (w) => w.db.update(volunteers).set({ active: false }),
    (b, a) => expect([b.starts.length, a.starts.length]).toEqual([6, 0]),
  ],
  [
    'the service gets longer',
    null,
    (w) => w.db.update(services).set({ durationMinutes: 90 }),
    (b, a) => expect([b.starts.length, a.starts.length]).toEqual([6, 4]),
  ],
  [
    'the desk asks for three days of notice',
    null,
    (w) => w.db.update(deskSettings).set({ minNoticeMinutes: 3 * 24 * 60 }),
    (b, a) => expect([has(b, WED_10), has(a, WED_10), has(a, FRI_09)]).toEqual([true, false, true]),
  ],
];

describe('every change that moves availability reaches the next answer (no stale 304, no stale copy)', () => {
  it.each(cases)('%s', async (_what, prepare, change, check) => {
    const w = await world();
    await prepare?.(w);
    const before = await ask(w);
    expect((await ask(w, before.etag)).status).toBe(304);
    await change(w);
    const revalidated = await ask(w, before.etag);
    expect(revalidated.status).toBe(200);
    expect(revalidated.etag).not.toBe(before.etag);
    check(before, revalidated);
    // A client holding nothing gets the same new answer (the kept copy was not served).
    expect((await ask(w)).starts).toEqual(revalidated.starts);
  });

  it('a volunteer given a video link opens remote slots', async () => {
    const w = await world();
    const remote = `mode=remote&${WINDOW}`;
    const before = await ask(w, null, remote);
    await w.db.update(volunteers).set({ videoLink: 'https://meet.example.org/room-1' });
    const after = await ask(w, before.etag, remote);
    expect([before.starts.length, after.status, after.starts.length]).toEqual([0, 200, 6]);
  });

  it('writes that cannot move availability leave the version alone', async () => {
    const w = await world();
    await givenBooking(w.db, { id: 'bk-n', serviceId: w.serviceId, volunteerId: vol(w), start: WED_10 });
    const before = await ask(w);
    await w.db.update(bookings).set({ staffNote: 'brings a CV' }).where(eq(bookings.id, 'bk-n'));
    await w.db.update(volunteers).set({ displayName: 'Another name' });
    expect((await ask(w, before.etag)).status).toBe(304);
  });
});

describe('time passing changes the answer without any write', () => {
  it('drops a slot the millisecond it falls inside the minimum notice', async () => {
    const w = await world();
    await w.db.update(deskSettings).set({ minNoticeMinutes: 60 });
    // Wednesday 09:00 in Rome is 07:00Z; with an hour's notice it is offered until 06:00:00.000Z.
    w.clock.set('2026-10-14T05:30:00Z');
    const first = await ask(w);
    expect(has(first, '2026-10-14T07:00:00Z')).toBe(true);
    w.clock.set('2026-10-14T06:00:00Z');
    expect(await ask(w, first.etag)).toMatchObject({ status: 304 });
    expect((await ask(w)).starts).toEqual(first.starts);
    w.clock.advance(1);
    const later = await ask(w, first.etag);
    expect(later.status).toBe(200);
    expect(has(later, '2026-10-14T07:00:00Z')).toBe(false);
    expect((await ask(w)).starts).toEqual(later.starts);
  });

  it('moves the default window at midnight in the desk zone, not at midnight UTC', async () => {
    const w = await world();
    const query = 'mode=in_person';
    w.clock.set('2026-10-13T21:59:59Z'); // 23:59:59 on Tuesday in Rome
    const first = await ask(w, null, query);
    w.clock.set('2026-10-13T21:59:59.999Z');
    expect((await ask(w, first.etag, query)).status).toBe(304);
    w.clock.set('2026-10-13T22:00:00Z'); // Wednesday in Rome, still Tuesday in UTC
    const next = await ask(w, first.etag, query);
    expect(next.status).toBe(200);
    expect(next.etag).not.toBe(first.etag);
  });

  it('does not serve an answer to a clock that is earlier than the answer', async () => {
    const w = await world();
    w.clock.set('2026-10-14T06:30:00Z');
    const first = await ask(w);
    w.clock.set('2026-10-14T06:00:00Z');
    expect((await ask(w, first.etag)).status).toBe(200);
  });
});

describe('the availability version lives in the database', () => {
  it('is raised by the triggers inside the writing statement, and the overlap guard still holds', async () => {
    const w = await publicWorld();
    const read = async () => (await w.db.select().from(availabilityVersion))[0]!.version;
    const v0 = await read();
    await givenBooking(w.db, { serviceId: w.serviceId, volunteerId: vol(w), start: WED_10 });
    expect(await read()).toBe(v0 + 1);
    await expect(
      givenBooking(w.db, { serviceId: w.serviceId, volunteerId: vol(w), start: WED_10 }),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/booking_overlap/) as unknown },
    });
    expect(await read()).toBe(v0 + 1);
    const changed = await w.db.run(sql`update bookings set status = 'cancelled' where status = 'confirmed'`);
    expect(changed.rowsAffected).toBe(1);
    expect(await read()).toBe(v0 + 2);
  });
});
