import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import type { Db } from '../../worker/src/db/client';
import { loadDashboard } from '../../worker/src/db/repo/dashboard';
import type { bookings } from '../../worker/src/db/schema';
import { zonedParts } from '../../worker/src/domain/time';
import { createTestDb, type TestDb } from '../fixtures/db';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { fixedClock, testDeps } from '../fixtures/deps';
import { staffHeaders, type SignedIn } from '../fixtures/staff';

const ROME = 'Europe/Rome';
/** 00:30 on Wednesday 1 April in Rome, still 31 March in UTC: "today" and "this month" are Rome's. */
const NOW = '2026-03-31T22:30:00Z';
const MIN = 60_000;
const ms = (iso: string) => Date.parse(iso);

let t: TestDb;
let db: Db;
let app: ReturnType<typeof createApp>;
let serviceId: string;
let giulia: string;
let marco: string;
let reception: SignedIn;

beforeEach(async () => {
  t = await createTestDb();
  db = t.db;
  app = createApp(testDeps(db, { clock: fixedClock(NOW) }));
  await givenDesk(db);
  serviceId = (await givenService(db, { nameIt: 'Revisione CV', nameEn: 'CV review' })).id;
  giulia = (await givenVolunteer(db, { displayName: 'Giulia' })).id;
  marco = (await givenVolunteer(db, { displayName: 'Marco' })).id;
  reception = await staffHeaders(app, db, 'reception');
});

/** A booking whose local date and time are Rome's, as the app writes them; created on 1 January unless said. */
function booking(start: string, extra: Partial<typeof bookings.$inferInsert> = {}) {
  const at = ms(start);
  const local = zonedParts(at, ROME);
  return givenBooking(db, {
    serviceId,
    volunteerId: giulia,
    start: at,
    localDate: local.date,
    localTime: local.time,
    ...extra,
  });
}

function dashboard(query = '', session: SignedIn = reception) {
  return app.request(`/api/admin/dashboard${query}`, { headers: session.headers });
}

interface DashboardBody {
  timeZone: string;
  date: string;
  today: {
    id: string;
    time: string;
    start: string;
    status: string;
    service: { name: string };
    volunteer: { name: string };
  }[];
  pendingRequests: number;
  month: Record<string, unknown>;
  weekly: {
    weekStart: string;
    weekEnd: string;
    requests: number;
    attended: number;
    noShows: number;
    cancellations: number;
  }[];
}

/**
 * March 2026 in Rome, with bookings on every boundary that a UTC (or fixed-offset) computation would get
 * wrong: created on the last evening of February in UTC but 1 March in Rome, on 31 March 23:30 in Rome
 * but 1 April in no zone, in the DST week (clocks go forward on Sunday 29 March).
 */
async function givenMarch() {
  const created = (iso: string) => ({ createdAt: ms(iso), updatedAt: ms(iso) });
  // Widget requests confirmed after 30, 90 and 600 minutes, with their outcomes.
  await booking('2026-03-10T09:00:00Z', {
    status: 'attended',
    ...created('2026-03-02T08:00:00Z'),
    confirmedAt: ms('2026-03-02T08:30:00Z'),
  });
  await booking('2026-03-12T09:00:00Z', {
    status: 'no_show',
    ...created('2026-03-05T08:00:00Z'),
    confirmedAt: ms('2026-03-05T09:30:00Z'),
  });
  await booking('2026-03-16T09:00:00Z', {
    status: 'attended',
    ...created('2026-03-09T08:00:00Z'),
    confirmedAt: ms('2026-03-09T18:00:00Z'),
  });
  // Booked by reception, born confirmed: counts as a request and a confirmation, not in the median.
  await booking('2026-03-17T09:00:00Z', {
    status: 'attended',
    channel: 'reception',
    ...created('2026-03-10T08:00:00Z'),
    confirmedAt: ms('2026-03-10T08:00:00Z'),
  });
  // Confirmed after 45 minutes, then cancelled late on Sunday 29 March at 23:45 CEST (the DST week).
  await booking('2026-03-30T08:00:00Z', {
    status: 'cancelled',
    ...created('2026-03-11T08:00:00Z'),
    confirmedAt: ms('2026-03-11T08:45:00Z'),
    cancelledAt: ms('2026-03-29T21:45:00Z'),
    cancelledBy: 'person',
    lateCancellation: true,
  });
  // A request the person cancelled in time.
  await booking('2026-03-25T09:00:00Z', {
    status: 'cancelled',
    ...created('2026-03-12T08:00:00Z'),
    cancelledAt: ms('2026-03-13T08:00:00Z'),
    cancelledBy: 'person',
  });
  // Pending requests: 31 March 23:30 in Rome (March), and 1 April 00:10 in Rome (April, though still 31 March UTC).
  await booking('2026-04-08T08:00:00Z', { status: 'requested', ...created('2026-03-31T21:30:00Z') });
  await booking('2026-04-09T08:00:00Z', { status: 'requested', ...created('2026-03-31T22:10:00Z') });
  // Created 28 February 23:30 CET (February), 1 March 00:30 and 00:45 CET (March, still February in UTC).
  await booking('2026-03-03T09:00:00Z', { status: 'expired', ...created('2026-02-28T22:30:00Z') });
  await booking('2026-03-04T09:00:00Z', { status: 'expired', ...created('2026-02-28T23:30:00Z') });
  await booking('2026-03-05T09:00:00Z', { status: 'expired', ...created('2026-02-28T23:45:00Z') });
  // Around the DST week (Monday 23 – Sunday 29 March): Sunday 23:30 CEST is inside, Monday 00:30 CEST outside,
  // Monday 23 March 00:30 CET is inside.
  await booking('2026-04-10T08:00:00Z', { status: 'expired', ...created('2026-03-29T21:30:00Z') });
  await booking('2026-04-10T10:00:00Z', { status: 'expired', ...created('2026-03-29T22:30:00Z') });
  await booking('2026-04-10T12:00:00Z', { status: 'expired', ...created('2026-03-22T23:30:00Z') });
  // Outcomes by local date: Sunday 29 March (DST week), and 31 March (this week).
  await booking('2026-03-29T09:00:00Z', { status: 'attended', volunteerId: marco });
  await booking('2026-03-31T15:00:00Z', { status: 'no_show', volunteerId: marco });
  // An outcome in February stays out of March.
  await booking('2026-02-27T09:00:00Z', { status: 'attended', volunteerId: marco });
}

describe('GET /api/admin/dashboard', () => {
  it('computes the month’s figures in the desk’s zone, with the median time to confirm and the no-show rate', async () => {
    await givenMarch();
    const res = await dashboard('?month=2026-03');
    expect(res.status).toBe(200);
    const body = (await res.json()) as DashboardBody;
    expect(body.month).toEqual({
      month: '2026-03',
      // Rome's March: not 28 February 23:30 CET nor 1 April 00:10 CEST (a UTC month would say 11, a fixed +01:00 13).
      requests: 12,
      confirmations: 5,
      cancellations: 2,
      lateCancellations: 1,
      attended: 4,
      noShows: 2,
      noShowRate: 2 / 6,
      // Widget requests confirmed after 30, 45, 90 and 600 minutes.
      medianTimeToConfirmMinutes: 68,
    });
    expect(body.pendingRequests).toBe(2);
  });

  it('charts the last 12 ISO weeks, oldest first, with the DST week bounded by Rome’s midnights', async () => {
    await givenMarch();
    const body = (await (await dashboard('?month=2026-03')).json()) as DashboardBody;
    expect(body.weekly).toHaveLength(12);
    expect(body.weekly[0]?.weekStart).toBe('2026-01-12');
    expect(body.weekly[10]).toEqual({
      weekStart: '2026-03-23',
      weekEnd: '2026-03-29',
      requests: 2,
      attended: 1,
      noShows: 0,
      cancellations: 1,
    });
    expect(body.weekly[11]).toEqual({
      weekStart: '2026-03-30',
      weekEnd: '2026-04-05',
      requests: 3,
      attended: 0,
      noShows: 1,
      cancellations: 0,
    });
    expect(body.weekly[9]).toMatchObject({ weekStart: '2026-03-16', attended: 2, requests: 0 });
  });

  it('defaults to the desk’s current month, which is already April in Rome', async () => {
    await givenMarch();
    const body = (await (await dashboard()).json()) as DashboardBody;
    expect(body.date).toBe('2026-04-01');
    expect(body.month).toMatchObject({
      month: '2026-04',
      requests: 1,
      confirmations: 0,
      attended: 0,
      noShows: 0,
      noShowRate: null,
      medianTimeToConfirmMinutes: null,
    });
  });

  it('lists today’s appointments by Rome’s date: 23:30 UTC of the day before is today, 10:00 UTC of it is not', async () => {
    const early = await booking('2026-03-31T23:30:00Z', { status: 'confirmed', volunteerId: marco });
    const later = await booking('2026-04-01T08:00:00Z', { status: 'requested' });
    await booking('2026-03-31T10:00:00Z', { status: 'confirmed' });
    await booking('2026-04-01T12:00:00Z', { status: 'rejected' });
    const cancelled = await booking('2026-04-01T14:00:00Z', { status: 'cancelled' });

    const body = (await (await dashboard('', reception)).json()) as DashboardBody;
    expect(body.today.map((a) => a.id)).toEqual([early.id, later.id, cancelled.id]);
    expect(body.today[0]).toMatchObject({
      time: '01:30',
      start: '2026-04-01T01:30:00+02:00',
      status: 'confirmed',
      service: { name: 'Revisione CV' },
      volunteer: { name: 'Marco' },
    });
    // Today's list is for planning: no personal data in it.
    expect(JSON.stringify(body.today)).not.toContain('Maria');
    expect(JSON.stringify(body.today)).not.toContain('+39');
  });

  it('refuses an invalid month with 422 and volunteers with 403', async () => {
    for (const q of ['?month=2026-13', '?month=march', '?month=2026-3']) {
      const res = await dashboard(q);
      expect(res.status, q).toBe(422);
      expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.month).toBeTruthy();
    }
    const volunteer = await staffHeaders(app, db, 'volunteer', { volunteerId: giulia });
    expect((await dashboard('', volunteer)).status).toBe(403);
    expect((await app.request('/api/admin/dashboard')).status).toBe(401);
  });

  it('reads everything in two round trips, whatever the data', async () => {
    await givenMarch();
    t.resetRoundTrips();
    const loaded = await loadDashboard(db, ms(NOW), '2026-03');
    expect(t.roundTrips()).toBe(2);
    if (!loaded.configured) throw new Error('the world has a desk');
    const d = loaded.data;
    expect(d.confirmMinutes.sort((a, b) => a - b)).toEqual([30, 45, 90, 600]);
    expect(d.weeks[10]?.period.endAt).toBe(d.weeks[11]?.period.startAt);
    expect(((d.weeks[10]?.period.endAt ?? 0) - (d.weeks[10]?.period.startAt ?? 0)) / MIN).toBe(167 * 60);
  });
});
