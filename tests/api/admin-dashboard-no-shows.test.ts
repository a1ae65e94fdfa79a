import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import type { Db } from '../../worker/src/db/client';
import { waitlistEntries, waitlistOffers, type bookings } from '../../worker/src/db/schema';
import { zonedParts } from '../../worker/src/domain/time';
import { createTestDb } from '../fixtures/db';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { fixedClock, testDeps } from '../fixtures/deps';
import { staffHeaders, type SignedIn } from '../fixtures/staff';

/** 1 April 2026 00:30 in Rome: the month reported on is asked for explicitly (March). */
const NOW = '2026-03-31T22:30:00Z';
const MIN = 60_000;
const ms = (iso: string) => Date.parse(iso);

let db: Db;
let app: ReturnType<typeof createApp>;
let serviceId: string;
let volunteerId: string;
let reception: SignedIn;

beforeEach(async () => {
  db = (await createTestDb()).db;
  app = createApp(testDeps(db, { clock: fixedClock(NOW) }));
  await givenDesk(db);
  serviceId = (await givenService(db)).id;
  volunteerId = (await givenVolunteer(db)).id;
  reception = await staffHeaders(app, db, 'reception');
});

function booking(start: string, extra: Partial<typeof bookings.$inferInsert> = {}) {
  const local = zonedParts(ms(start), 'Europe/Rome');
  return givenBooking(db, { serviceId, volunteerId, start, localDate: local.date, localTime: local.time, ...extra });
}

let offerSeq = 0;
/** An offer of the slot `start` freed at `freedAt`, to a new waiting entry. */
async function offer(start: string, freedAt: string, extra: Partial<typeof waitlistOffers.$inferInsert> = {}) {
  const n = ++offerSeq;
  await db.insert(waitlistEntries).values({
    id: `we-${n}`,
    reference: `W${n}`,
    manageCode: `wcode-${n}`,
    serviceId,
    mode: 'in_person',
    fromDate: '2026-03-01',
    toDate: '2026-03-31',
    status: 'waiting',
    createdAt: ms('2026-03-01T08:00:00Z'),
    updatedAt: ms('2026-03-01T08:00:00Z'),
  });
  const local = zonedParts(ms(start), 'Europe/Rome');
  await db.insert(waitlistOffers).values({
    id: `wo-${n}`,
    code: `ocode-${n}`,
    entryId: `we-${n}`,
    serviceId,
    mode: 'in_person',
    volunteerId,
    startAt: ms(start),
    endAt: ms(start) + 60 * MIN,
    localDate: local.date,
    localTime: local.time,
    status: 'declined',
    holdUntil: ms(freedAt) + 120 * MIN,
    freedAt: ms(freedAt),
    createdAt: ms(freedAt),
    ...extra,
  });
}

/** March 2026, built to give round figures (see each line). */
async function givenMarch() {
  // Five outcomes in March: two no-shows (rate 40 %).
  await booking('2026-03-02T09:00:00Z', { status: 'attended', attendanceConfirmedAt: ms('2026-03-01T09:00:00Z') });
  await booking('2026-03-03T09:00:00Z', { status: 'no_show' });
  await booking('2026-03-04T09:00:00Z', {
    status: 'attended',
    reminderPlan: 'morning',
    channel: 'reception',
    language: 'ar',
  });
  await booking('2026-03-05T09:00:00Z', {
    status: 'no_show',
    reminderPlan: 'call',
    channel: 'reception',
    language: 'ar',
  });
  await booking('2026-03-06T09:00:00Z', {
    status: 'attended',
    reminderPlan: 'morning',
    channel: 'waitlist',
    language: 'en',
    attendanceConfirmedAt: ms('2026-03-05T09:00:00Z'),
  });
  // 31 March 23:30 in Rome is March; 1 April 00:30 in Rome is not.
  await booking('2026-03-31T21:30:00Z', { status: 'attended' });
  await booking('2026-03-31T22:30:00Z', { status: 'no_show' });
  // Two cancellations ahead of their appointment, one late; the first freed a slot the waitlist refilled.
  const freed = await booking('2026-03-20T09:00:00Z', {
    status: 'cancelled',
    cancelledAt: ms('2026-03-10T09:00:00Z'),
    cancelledBy: 'person',
  });
  await booking('2026-03-21T09:00:00Z', {
    status: 'cancelled',
    cancelledAt: ms('2026-03-20T12:00:00Z'),
    cancelledBy: 'staff',
    lateCancellation: true,
  });
  // The first slot: offered, declined, offered again and taken 90 minutes after it was freed.
  await offer('2026-03-20T09:00:00Z', '2026-03-10T09:00:00Z', { sourceBookingId: freed.id });
  await offer('2026-03-20T09:00:00Z', '2026-03-10T09:00:00Z', {
    sourceBookingId: freed.id,
    status: 'taken',
    answeredAt: ms('2026-03-10T10:30:00Z'),
  });
  // A slot a move freed: offered, lapsed. A slot freed in February and taken then stays out of March.
  await offer('2026-03-25T10:00:00Z', '2026-03-12T08:00:00Z', { status: 'lapsed' });
  await offer('2026-03-02T10:00:00Z', '2026-02-20T08:00:00Z', {
    status: 'taken',
    answeredAt: ms('2026-02-20T09:00:00Z'),
  });
  // Call-list outcomes recorded in March (and one in February).
  await booking('2026-04-02T09:00:00Z', { callOutcome: 'confirmed', callOutcomeAt: ms('2026-03-31T10:00:00Z') });
  await booking('2026-04-02T11:00:00Z', { callOutcome: 'no_answer', callOutcomeAt: ms('2026-03-31T10:05:00Z') });
  await booking('2026-03-02T11:00:00Z', { callOutcome: 'no_answer', callOutcomeAt: ms('2026-02-27T10:05:00Z') });
}

interface Month {
  month: string;
  overall: { attended: number; noShows: number; rate: number | null };
  byReminderPlan: { key: string; attended: number; noShows: number; rate: number | null }[];
  byAttendanceConfirmed: { key: string; attended: number; noShows: number; rate: number | null }[];
  byChannel: { key: string; attended: number; noShows: number; rate: number | null }[];
  byLanguage: { key: string; attended: number; noShows: number; rate: number | null }[];
  cancellations: number;
  lateCancellations: number;
  waitlist: { freedSlots: number; refilled: number; refillShare: number | null; medianRefillMinutes: number | null };
  calls: Record<string, number>;
}

async function noShows(month: string): Promise<Month[]> {
  const res = await app.request(`/api/admin/dashboard?month=${month}`, { headers: reception.headers });
  expect(res.status).toBe(200);
  return ((await res.json()) as { noShows: Month[] }).noShows;
}

const row = (list: Month['byChannel'], key: string) => list.find((r) => r.key === key);

describe('GET /api/admin/dashboard: noShows', () => {
  it('gives six months ending with the month asked for, March built to known figures', async () => {
    await givenMarch();
    const months = await noShows('2026-03');
    expect(months.map((m) => m.month)).toEqual(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    const march = months[5]!;
    expect(march.overall).toEqual({ attended: 4, noShows: 2, rate: 2 / 6 });
    expect(row(march.byReminderPlan, 'standard')).toEqual({ key: 'standard', attended: 2, noShows: 1, rate: 1 / 3 });
    expect(row(march.byReminderPlan, 'morning')).toEqual({ key: 'morning', attended: 2, noShows: 0, rate: 0 });
    expect(row(march.byReminderPlan, 'call')).toEqual({ key: 'call', attended: 0, noShows: 1, rate: 1 });
    expect(row(march.byReminderPlan, 'both')).toEqual({ key: 'both', attended: 0, noShows: 0, rate: null });
    expect(march.byAttendanceConfirmed).toEqual([
      { key: 'confirmed', attended: 2, noShows: 0, rate: 0 },
      { key: 'not_confirmed', attended: 2, noShows: 2, rate: 0.5 },
    ]);
    expect(march.byChannel.map((r) => [r.key, r.attended, r.noShows])).toEqual([
      ['widget', 2, 1],
      ['reception', 1, 1],
      ['volunteer', 0, 0],
      ['waitlist', 1, 0],
      ['walk_in', 0, 0],
    ]);
    expect(row(march.byLanguage, 'ar')).toMatchObject({ attended: 1, noShows: 1, rate: 0.5 });
    expect(row(march.byLanguage, 'en')).toMatchObject({ attended: 1, noShows: 0 });
    expect(march.byLanguage).toHaveLength(7);
    expect(march.cancellations).toBe(2);
    expect(march.lateCancellations).toBe(1);
    // Freed: the two cancellations ahead (one offered) and the moved slot offered: 3; refilled: 1 in 90 minutes.
    expect(march.waitlist).toEqual({ freedSlots: 3, refilled: 1, refillShare: 1 / 3, medianRefillMinutes: 90 });
    expect(march.calls).toEqual({ confirmed: 1, cancelled: 0, another_time: 0, no_answer: 1 });
    const february = months[4]!;
    expect(february.waitlist).toEqual({ freedSlots: 1, refilled: 1, refillShare: 1, medianRefillMinutes: 60 });
    expect(february.calls.no_answer).toBe(1);
    expect(months[0]!.overall).toEqual({ attended: 0, noShows: 0, rate: null });
  });

  it('the current month by default; the 1 April outcome falls in April', async () => {
    await givenMarch();
    const months = await noShows('2026-04');
    expect(months.at(-1)).toMatchObject({ month: '2026-04', overall: { attended: 0, noShows: 1 } });
    const res = await app.request('/api/admin/dashboard', { headers: reception.headers });
    const body = (await res.json()) as { noShows: Month[] };
    expect(body.noShows.at(-1)?.month).toBe('2026-04');
  });
});
