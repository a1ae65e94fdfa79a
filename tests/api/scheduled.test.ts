import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import type { Db } from '../../worker/src/db/client';
import { bookingEvents, bookings, rateLimits, sessions, staffUsers } from '../../worker/src/db/schema';
import { runScheduled, type ScheduledJob } from '../../worker/src/jobs/scheduled';
import { givenBooking, givenDesk, givenService, givenShift, givenVolunteer } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { subrequestMeter } from '../../worker/src/lib/subrequests';
import { fixedClock, testDeps } from '../fixtures/deps';

const MIN = 60_000;
const HOUR = 60 * MIN;
// Monday 12 October 2026, 10:00 in Rome (CEST).
const NOW = Date.parse('2026-10-12T08:00:00Z');
const CRON = '*/10 * * * *';

async function statusOf(db: Db, id: string) {
  const [row] = await db.select({ status: bookings.status }).from(bookings).where(eq(bookings.id, id));
  return row?.status;
}

async function expiredEvents(db: Db, id: string) {
  // Only the status change: the expiry SMS adds its own message_sent event when dispatch runs in the same tick.
  return db
    .select()
    .from(bookingEvents)
    .where(and(eq(bookingEvents.bookingId, id), eq(bookingEvents.type, 'expired')));
}

async function setup() {
  const t = await createTestDb();
  await givenDesk(t.db);
  const service = await givenService(t.db, { durationMinutes: 60 });
  const volunteer = await givenVolunteer(t.db);
  return { ...t, service, volunteer };
}

describe('scheduled job: expiring requests', () => {
  it('expires requests whose hold lapsed, keeps those still held and confirmed bookings, and a second run changes nothing', async () => {
    const { db, service, volunteer } = await setup();
    const base = { serviceId: service.id, volunteerId: volunteer.id };
    const lapsed = await givenBooking(db, {
      ...base,
      start: '2026-10-20T08:00:00Z',
      status: 'requested',
      holdUntil: NOW - MIN,
    });
    const lapsingNow = await givenBooking(db, {
      ...base,
      start: '2026-10-20T10:00:00Z',
      status: 'requested',
      holdUntil: NOW,
    });
    const held = await givenBooking(db, {
      ...base,
      start: '2026-10-20T12:00:00Z',
      status: 'requested',
      holdUntil: NOW + MIN,
    });
    const confirmed = await givenBooking(db, {
      ...base,
      start: '2026-10-20T14:00:00Z',
      status: 'confirmed',
      holdUntil: NOW - HOUR,
    });

    const deps = testDeps(db, { clock: fixedClock(NOW) });
    const first = await runScheduled(deps, { cron: CRON, scheduledTime: NOW });
    const second = await runScheduled(deps, { cron: CRON, scheduledTime: NOW });

    expect(first.ok).toBe(true);
    expect(first.jobs.expireRequests).toEqual({ ok: true, counts: { expired: 2 } });
    expect(second.jobs.expireRequests).toEqual({ ok: true, counts: { expired: 0 } });
    expect(await statusOf(db, lapsed.id)).toBe('expired');
    expect(await statusOf(db, lapsingNow.id)).toBe('expired');
    expect(await statusOf(db, held.id)).toBe('requested');
    expect(await statusOf(db, confirmed.id)).toBe('confirmed');

    const events = await expiredEvents(db, lapsed.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'expired',
      actorType: 'system',
      fromStatus: 'requested',
      toStatus: 'expired',
      at: NOW,
    });
    expect(await expiredEvents(db, held.id)).toHaveLength(0);
    expect(await expiredEvents(db, confirmed.id)).toHaveLength(0);
  });

  it('decides with the scheduled time, not the wall clock', async () => {
    const { db, service, volunteer } = await setup();
    const held = await givenBooking(db, {
      serviceId: service.id,
      volunteerId: volunteer.id,
      start: '2026-10-20T08:00:00Z',
      status: 'requested',
      holdUntil: NOW + HOUR,
    });
    // The process clock says two days later (a delayed or replayed run); the run is for NOW.
    const deps = testDeps(db, { clock: fixedClock(NOW + 48 * HOUR) });
    const report = await runScheduled(deps, { cron: CRON, scheduledTime: NOW });
    expect(report.scheduledTime).toBe(NOW);
    expect(report.jobs.expireRequests).toEqual({ ok: true, counts: { expired: 0 } });
    expect(await statusOf(db, held.id)).toBe('requested');

    await runScheduled(deps, { cron: CRON, scheduledTime: NOW + HOUR });
    expect(await statusOf(db, held.id)).toBe('expired');
  });

  it('offers the slot of an expired request again', async () => {
    const { db, service, volunteer } = await setup();
    await givenShift(db, volunteer.id, 1, '09:00', '10:00'); // Mondays, one 60-minute slot
    await givenBooking(db, {
      serviceId: service.id,
      volunteerId: volunteer.id,
      start: '2026-10-19T07:00:00Z', // Monday 19 October, 09:00 in Rome
      status: 'requested',
      holdUntil: NOW - MIN,
    });
    const app = createApp(testDeps(db, { clock: fixedClock(NOW) }));
    const url = `/api/public/availability?service=${service.id}&mode=in_person&from=2026-10-19&to=2026-10-19`;
    const slotStarts = async () => {
      const res = await app.request(url);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { days: { slots: { start: string }[] }[] };
      return body.days.flatMap((d) => d.slots.map((s) => s.start));
    };

    expect(await slotStarts()).toEqual([]);
    await runScheduled(testDeps(db), { cron: CRON, scheduledTime: NOW });
    expect(await slotStarts()).toEqual(['2026-10-19T09:00:00+02:00']);
  });
});

describe('scheduled run', () => {
  it('deletes expired login sessions and past rate-limit counters, and keeps the live ones', async () => {
    const { db } = await setup();
    await db.insert(staffUsers).values({
      id: 'u1',
      email: 'reception@example.org',
      name: 'Reception',
      role: 'reception',
      passwordHash: 'x',
      passwordChangedAt: NOW,
      createdAt: NOW,
    });
    await db.insert(sessions).values([
      { id: 'old', userId: 'u1', createdAt: NOW - 48 * HOUR, expiresAt: NOW - MIN, lastSeenAt: NOW - 47 * HOUR },
      { id: 'live', userId: 'u1', createdAt: NOW - HOUR, expiresAt: NOW + HOUR, lastSeenAt: NOW - MIN },
    ]);
    await db.insert(rateLimits).values([
      { key: 'ip:old', windowStart: NOW - 3 * HOUR, count: 4 },
      { key: 'ip:current', windowStart: NOW - MIN, count: 2 },
    ]);
    const report = await runScheduled(testDeps(db), { cron: CRON, scheduledTime: NOW });
    expect(report.jobs.housekeeping).toEqual({
      ok: true,
      counts: { sessionsDeleted: 1, rateLimitsDeleted: 1, nameKeysWritten: 0 },
    });
    expect((await db.select({ id: sessions.id }).from(sessions)).map((s) => s.id)).toEqual(['live']);
    expect((await db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key)).toEqual(['ip:current']);
  });

  it('runs the remaining jobs when one fails, and reports the failure without details', async () => {
    const { db } = await setup();
    const seen: number[] = [];
    const jobs: ScheduledJob[] = [
      {
        name: 'broken',
        subrequests: 0,
        run: async () => {
          throw new TypeError('boom with +393471234567');
        },
      },
      {
        name: 'after',
        subrequests: 0,
        run: async (deps, ctx) => {
          seen.push(ctx.now, deps.clock.now());
          return { counts: { done: 1 } };
        },
      },
    ];
    const logged: unknown[] = [];
    const log = { info() {}, warn() {}, error: (event: string, data?: object) => void logged.push({ event, ...data }) };
    const report = await runScheduled({ ...testDeps(db), log }, { cron: '0 16,17 * * *', scheduledTime: NOW }, jobs);
    expect(report.ok).toBe(false);
    expect(report.jobs.broken).toEqual({ ok: false, error: 'TypeError' });
    // Not a database failure: the name alone, never the message (it may hold a phone number).
    expect(logged).toEqual([
      { event: 'scheduled_job_failed', job: 'broken', cron: '0 16,17 * * *', scheduledTime: NOW, error: 'TypeError' },
    ]);
    expect(report.jobs.after).toEqual({ ok: true, counts: { done: 1 } });
    // Jobs see the scheduled time both as ctx.now and through the injected clock.
    expect(seen).toEqual([NOW, NOW]);
  });

  describe('with a subrequest meter', () => {
    /** A job that makes `n` subrequests (or, for 'rest', all it is given) and notes what it was offered. */
    function spending(name: string, max: number | 'rest', offered: Record<string, number>, n = max): ScheduledJob {
      return {
        name,
        subrequests: max,
        run: async (deps) => {
          const left = deps.subrequests!.left();
          offered[name] = left;
          deps.subrequests!.count(n === 'rest' ? left : n);
          return { counts: {} };
        },
      };
    }

    it('holds back the maxima of later jobs, gives the rest to the job that stretches, and reports the use', async () => {
      const { db } = await setup();
      const offered: Record<string, number> = {};
      const lines: { event: string; data?: Record<string, unknown> }[] = [];
      const log = {
        info: (event: string, data?: Record<string, unknown>) => lines.push({ event, data }),
        warn() {},
        error() {},
      };
      const jobs = [spending('first', 2, offered), spending('sending', 'rest', offered), spending('after', 3, offered)];
      const deps = testDeps(db, { subrequests: subrequestMeter(20), log });
      const report = await runScheduled(deps, { cron: CRON, scheduledTime: NOW }, jobs);
      // 20, less the 2 spent before and the 3 held back for 'after'.
      expect(offered.sending).toBe(15);
      expect(report.subrequests).toEqual({ limit: 20, used: 20, jobs: { first: 2, sending: 15, after: 3 } });
      expect(lines.find((l) => l.event === 'scheduled_run')?.data).toMatchObject({
        subrequests: 20,
        subrequestBudget: 20,
      });
    });

    it('skips a job whose maximum no longer fits, and logs a job that makes more than it declared', async () => {
      const { db } = await setup();
      const offered: Record<string, number> = {};
      const errors: string[] = [];
      const log = { info() {}, warn() {}, error: (event: string) => void errors.push(event) };
      const jobs = [spending('greedy', 1, offered, 3), spending('big', 4, offered), spending('last', 2, offered)];
      const report = await runScheduled(
        testDeps(db, { subrequests: subrequestMeter(8), log }),
        { cron: CRON, scheduledTime: NOW },
        jobs,
      );
      expect(errors).toEqual(['scheduled_job_over_subrequests']);
      // 8 covered 1 + 4 + 2; 'greedy' made 3, so 'big' (4) no longer fits before 'last' (2).
      expect(report.jobs.big).toEqual({ ok: true, counts: {}, skipped: 'subrequest_budget' });
      expect(report.subrequests).toEqual({ limit: 8, used: 5, jobs: { greedy: 3, last: 2 } });
    });
  });
});
