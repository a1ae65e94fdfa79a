import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings, messages } from '../../worker/src/db/schema';
import { localToInstant } from '../../worker/src/domain/time';
import type { ReminderPlan } from '../../worker/src/domain/vocabulary';
import { reminders } from '../../worker/src/jobs/reminders';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { testDeps } from '../fixtures/deps';

const ROME = 'Europe/Rome';
const CRON = '*/10 * * * *';
const T0 = Date.parse('2026-01-01T00:00:00Z');
// Hourly ticks on the hour: every moment of these tests falls on one, and the test stays quick.
const TICK = 60 * 60_000;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

async function world(desk: Parameters<typeof givenDesk>[1] = {}) {
  const t = await createTestDb();
  await givenDesk(t.db, desk);
  const service = await givenService(t.db, { durationMinutes: 30 });
  const volunteer = await givenVolunteer(t.db);
  const deps = testDeps(t.db);
  const book = (date: string, hhmm: string, reminderPlan: ReminderPlan, extra: { confirmedAt?: number } = {}) =>
    givenBooking(t.db, {
      serviceId: service.id,
      volunteerId: volunteer.id,
      start: localToInstant(date, minutes(hhmm), ROME),
      minutes: 30,
      localDate: date,
      localTime: hhmm,
      confirmedAt: T0,
      reminderPlan,
      ...extra,
    });
  const run = (at: number) => reminders(deps, { cron: CRON, now: at });
  /** Every tick from `from` to `to`, each run twice at once and then once more. */
  const ticks = async (from: string, to: string) => {
    for (let at = Date.parse(from); at <= Date.parse(to); at += TICK) {
      await Promise.all([run(at), run(at)]);
      await run(at);
    }
  };
  const written = async (bookingId: string) =>
    (
      await t.db
        .select({ kind: messages.kind, notBefore: messages.notBefore })
        .from(messages)
        .where(eq(messages.bookingId, bookingId))
        .orderBy(asc(messages.notBefore))
    ).map((m) => [m.kind, new Date(m.notBefore).toISOString()]);
  return { ...t, book, run, ticks, written };
}

describe('reminder plans', () => {
  // The clocks change between the reminder three days before and the appointment, both ways; each plan
  // gets exactly its reminders at local 18:00 (the day before, three days before) and 08:00 (the morning).
  const CASES = [
    {
      name: 'autumn',
      date: '2026-10-27',
      from: '2026-10-23T22:00:00Z',
      early: '2026-10-24T16:00:00.000Z',
      dayBefore: '2026-10-26T17:00:00.000Z',
      morning: '2026-10-27T07:00:00.000Z',
    },
    {
      name: 'spring',
      date: '2026-03-31',
      from: '2026-03-27T23:00:00Z',
      early: '2026-03-28T17:00:00.000Z',
      dayBefore: '2026-03-30T16:00:00.000Z',
      morning: '2026-03-31T06:00:00.000Z',
    },
  ];
  for (const c of CASES) {
    it(`sends each plan exactly its reminders across the ${c.name} DST weekend, under overlapping and repeated runs`, async () => {
      const w = await world();
      const standard = await w.book(c.date, '10:00', 'standard');
      const morning = await w.book(c.date, '10:30', 'morning');
      const early = await w.book(c.date, '11:00', 'three_days');
      const both = await w.book(c.date, '11:30', 'both');
      const call = await w.book(c.date, '12:00', 'call');
      await w.ticks(c.from, `${c.date}T12:00:00Z`);

      expect(await w.written(standard.id)).toEqual([['reminder', c.dayBefore]]);
      expect(await w.written(morning.id)).toEqual([
        ['reminder', c.dayBefore],
        ['reminder_morning', c.morning],
      ]);
      expect(await w.written(early.id)).toEqual([
        ['reminder_early', c.early],
        ['reminder', c.dayBefore],
      ]);
      expect(await w.written(both.id)).toEqual([
        ['reminder_early', c.early],
        ['reminder', c.dayBefore],
        ['reminder_morning', c.morning],
      ]);
      expect(await w.written(call.id)).toEqual([]);
    });
  }

  it('writes no reminder once the booking stops being confirmed', async () => {
    const w = await world();
    const b = await w.book('2026-10-15', '10:00', 'both');
    await w.ticks('2026-10-12T16:00:00Z', '2026-10-12T17:00:00Z');
    expect((await w.written(b.id)).map(([k]) => k)).toEqual(['reminder_early']);
    await w.db.update(bookings).set({ status: 'cancelled' }).where(eq(bookings.id, b.id));
    await w.ticks('2026-10-14T16:00:00Z', '2026-10-14T17:00:00Z');
    await w.ticks('2026-10-15T06:00:00Z', '2026-10-15T07:00:00Z');
    expect((await w.written(b.id)).map(([k]) => k)).toEqual(['reminder_early']);
  });

  it('writes the morning reminder after quiet hours, and none for an appointment before it', async () => {
    // Quiet until 09:00: the morning reminder (08:00) waits for it.
    const w = await world({ quietStartMinute: 21 * 60, quietEndMinute: 9 * 60 });
    const early = await w.book('2026-10-14', '08:30', 'morning');
    const atNine = await w.book('2026-10-14', '09:00', 'morning');
    const later = await w.book('2026-10-14', '10:00', 'morning');
    expect(await w.run(Date.parse('2026-10-14T06:50:00Z'))).toEqual({
      counts: { queued: 0 },
      skipped: 'before_reminder_hour',
    });
    await w.ticks('2026-10-14T06:00:00Z', '2026-10-14T07:50:00Z');
    expect(await w.written(early.id)).toEqual([]);
    expect(await w.written(atNine.id)).toEqual([]);
    expect(await w.written(later.id)).toEqual([['reminder_morning', '2026-10-14T07:00:00.000Z']]);
  });

  it('gives no morning reminder to a booking confirmed after the morning moment', async () => {
    const w = await world();
    const b = await w.book('2026-10-14', '11:00', 'morning', { confirmedAt: Date.parse('2026-10-14T06:30:00Z') });
    await w.ticks('2026-10-14T05:00:00Z', '2026-10-14T08:00:00Z');
    expect(await w.written(b.id)).toEqual([]);
  });
});
