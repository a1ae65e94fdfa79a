import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings, messages } from '../../worker/src/db/schema';
import { localToInstant } from '../../worker/src/domain/time';
import { reminders } from '../../worker/src/jobs/reminders';
import { runScheduled } from '../../worker/src/jobs/scheduled';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { fixedClock, recordingSms, testDeps } from '../fixtures/deps';

const ROME = 'Europe/Rome';
const CRON = '0 16,17 * * *';
const PHONE = '+393471234567'; // the builders' default
const VIDEO = 'https://meet.example.org/sportello-sara';
const T0 = Date.parse('2026-01-01T00:00:00Z');

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

async function world(desk: Parameters<typeof givenDesk>[1] = {}) {
  const t = await createTestDb();
  await givenDesk(t.db, desk);
  const service = await givenService(t.db, { durationMinutes: 60 });
  const volunteer = await givenVolunteer(t.db);
  const remote = await givenVolunteer(t.db, { videoLink: VIDEO });
  const sms = recordingSms();
  const deps = testDeps(t.db, { sms });
  /** A booking at a Rome wall-clock time, confirmed (long ago) unless told otherwise. */
  const book = (
    date: string,
    hhmm: string,
    extra: Parameters<typeof givenBooking>[1] extends infer B ? Partial<B> : never = {},
  ) =>
    givenBooking(t.db, {
      serviceId: service.id,
      volunteerId: volunteer.id,
      start: localToInstant(date, minutes(hhmm), ROME),
      localDate: date,
      localTime: hhmm,
      confirmedAt: T0,
      ...extra,
    });
  const run = (iso: string) => reminders(deps, { cron: CRON, now: Date.parse(iso) });
  const reminderRows = () =>
    t.db.select().from(messages).where(eq(messages.kind, 'reminder')).orderBy(asc(messages.bookingId));
  return { ...t, deps, sms, service, volunteer, remote, book, run, reminderRows };
}

describe('reminders', () => {
  it('at 18:00 Rome the day before: one per confirmed booking of tomorrow, none for the others', async () => {
    const w = await world();
    const a = await w.book('2026-10-14', '10:00');
    const b = await w.book('2026-10-14', '10:00', { volunteerId: w.remote.id, mode: 'remote' });
    await w.book('2026-10-14', '11:00', { status: 'cancelled' });
    await w.book('2026-10-14', '11:00', {
      status: 'requested',
      confirmedAt: null,
      holdUntil: Date.parse('2026-10-14T08:00:00Z'),
    });
    const reminded = await w.book('2026-10-14', '12:00');
    await w.db.insert(messages).values({
      id: 'already',
      bookingId: reminded.id,
      kind: 'reminder',
      seq: 0,
      recipient: PHONE,
      body: 'x',
      status: 'sent',
      notBefore: T0,
      createdAt: T0,
      updatedAt: T0,
    });
    await w.book('2026-10-14', '15:00', { phone: null, personName: null, erasedAt: T0 });
    await w.book('2026-10-15', '10:00'); // the day after tomorrow
    await w.book('2026-10-13', '19:00'); // later today

    expect(await w.run('2026-10-13T16:00:00Z')).toEqual({ counts: { queued: 2 } });
    const rows = await w.reminderRows();
    const queued = rows.filter((r) => r.id !== 'already');
    expect(queued.map((r) => r.bookingId).sort()).toEqual([a.id, b.id].sort());
    const byBooking = new Map(queued.map((r) => [r.bookingId, r]));
    expect(byBooking.get(a.id)).toMatchObject({
      recipient: PHONE,
      language: 'it',
      seq: 0,
      status: 'pending',
      notBefore: Date.parse('2026-10-13T16:00:00Z'),
      body: `Promemoria: mer 14/10 ore 10:00, Via Bertoni 4. Vedi o disdici: https://sportello.test/m/${a.manageCode}`,
    });
    // A remote appointment's reminder carries the volunteer's link.
    expect(byBooking.get(b.id)!.body).toBe(
      `Promemoria videochiamata mer 14/10 ore 10:00. Collegati da ${VIDEO}\nVedi o disdici: https://sportello.test/m/${b.manageCode}`,
    );

    // Later ticks the same evening (the other cron hour, the 10-minute ones) add nothing.
    for (const at of ['2026-10-13T16:10:00Z', '2026-10-13T17:00:00Z', '2026-10-13T21:50:00Z'])
      expect(await w.run(at)).toEqual({ counts: { queued: 0 } });
    expect(await w.reminderRows()).toHaveLength(3);
  });

  it('does nothing before the reminder hour', async () => {
    const w = await world();
    await w.book('2026-10-14', '10:00');
    // 17:50 in Rome: the morning run is due (for today's plans), the day before's not yet.
    expect(await w.run('2026-10-13T15:50:00Z')).toEqual({ counts: { queued: 0 } });
    expect(await w.reminderRows()).toEqual([]);
  });

  it('follows the desk reminder hour', async () => {
    const w = await world({ reminderHour: 9 });
    await w.book('2026-10-14', '10:00');
    expect(await w.run('2026-10-13T05:50:00Z')).toEqual({ counts: { queued: 0 }, skipped: 'before_reminder_hour' });
    expect(await w.run('2026-10-13T06:50:00Z')).toEqual({ counts: { queued: 0 } });
    expect(await w.run('2026-10-13T07:00:00Z')).toEqual({ counts: { queued: 1 } });
  });

  it('skips a booking confirmed after the reminder moment: its confirmation already told the time', async () => {
    const w = await world();
    const before = await w.book('2026-10-14', '10:00', { confirmedAt: Date.parse('2026-10-13T15:59:00Z') });
    await w.book('2026-10-14', '11:00', { confirmedAt: Date.parse('2026-10-13T16:30:00Z') });
    // The first run of the evening is late (a missed tick): the booking confirmed at 18:30 still gets none.
    expect(await w.run('2026-10-13T17:00:00Z')).toEqual({ counts: { queued: 1 } });
    expect(await w.run('2026-10-13T21:50:00Z')).toEqual({ counts: { queued: 0 } });
    expect((await w.reminderRows()).map((r) => r.bookingId)).toEqual([before.id]);
  });

  it('gives a moved booking a fresh reminder, unless it was moved after the reminder moment', async () => {
    const w = await world();
    // Moved here from another date last week: the old date's reminder (seq 1) does not count.
    const moved = await w.book('2026-10-14', '10:00', { icalSequence: 2 });
    // Moved to tomorrow this evening, after 18:00: the reschedule text is its reminder.
    const late = await w.book('2026-10-14', '11:00', { icalSequence: 1 });
    const row = (id: string, bookingId: string, kind: 'reminder' | 'reschedule', seq: number, at: number) => ({
      id,
      bookingId,
      kind,
      seq,
      recipient: PHONE,
      body: 'x',
      status: 'sent' as const,
      notBefore: at,
      createdAt: at,
      updatedAt: at,
    });
    await w.db
      .insert(messages)
      .values([
        row('old-reminder', moved.id, 'reminder', 1, Date.parse('2026-10-06T16:00:00Z')),
        row('old-move', moved.id, 'reschedule', 2, Date.parse('2026-10-07T09:00:00Z')),
        row('late-move', late.id, 'reschedule', 1, Date.parse('2026-10-13T16:20:00Z')),
      ]);
    expect(await w.run('2026-10-13T16:30:00Z')).toEqual({ counts: { queued: 1 } });
    const fresh = (await w.reminderRows()).filter((r) => r.createdAt === Date.parse('2026-10-13T16:30:00Z'));
    expect(fresh.map((r) => [r.bookingId, r.seq])).toEqual([[moved.id, 2]]);
  });

  it('queues nothing while the desk has SMS switched off', async () => {
    const w = await world({ smsEnabled: false });
    await w.book('2026-10-14', '10:00');
    expect(await w.run('2026-10-13T16:00:00Z')).toEqual({ counts: { queued: 0 }, skipped: 'sms_disabled' });
    expect(await w.reminderRows()).toEqual([]);
  });

  // The days before and after each change of the clocks in 2026 (29 March, 25 October). The cron fires at
  // 16:00 and 17:00 UTC: exactly one of them is 18:00 in Rome on each eve.
  const DST_CASES: { date: string; eveIsSummer: boolean }[] = [
    { date: '2026-03-28', eveIsSummer: false },
    { date: '2026-03-29', eveIsSummer: false },
    { date: '2026-03-30', eveIsSummer: true },
    { date: '2026-10-24', eveIsSummer: true },
    { date: '2026-10-25', eveIsSummer: true },
    { date: '2026-10-26', eveIsSummer: false },
  ];
  for (const { date, eveIsSummer } of DST_CASES) {
    it(`fires once at 18:00 Rome for ${date}, whichever UTC hour that is`, async () => {
      const w = await world();
      const target = await w.book(date, '10:00');
      const next = new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      await w.book(next, '10:00');
      const eve = new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

      const at16 = await w.run(`${eve}T16:00:00Z`);
      const at17 = await w.run(`${eve}T17:00:00Z`);
      if (eveIsSummer) {
        expect(at16).toEqual({ counts: { queued: 1 } });
        expect(at17).toEqual({ counts: { queued: 0 } });
      } else {
        expect(at16).toEqual({ counts: { queued: 0 } });
        expect(at17).toEqual({ counts: { queued: 1 } });
      }
      const rows = await w.reminderRows();
      expect(rows.map((r) => r.bookingId)).toEqual([target.id]);
      expect(rows[0]!.notBefore).toBe(Date.parse(`${eve}T${eveIsSummer ? 16 : 17}:00:00Z`));
      expect(rows[0]!.body).toContain(`${date.slice(8)}/${date.slice(5, 7)} ore 10:00`);
    });
  }

  it('reads the bookings once and writes in chunks: round trips do not grow with the number of reminders', async () => {
    const w = await world();
    const start = localToInstant('2026-10-14', 8 * 60, ROME);
    const many = Array.from({ length: 300 }, (_, i) => ({
      id: `many-${i}`,
      reference: `M${String(i).padStart(5, '0')}`,
      manageCode: `many-code-${i}`,
      serviceId: w.service.id,
      volunteerId: w.volunteer.id,
      mode: 'in_person' as const,
      startAt: start + i * 120_000,
      endAt: start + i * 120_000 + 60_000,
      localDate: '2026-10-14',
      localTime: '08:00',
      status: 'confirmed' as const,
      channel: 'widget' as const,
      language: 'it' as const,
      phone: PHONE,
      confirmedAt: T0,
      createdAt: T0,
      updatedAt: T0,
    }));
    for (let i = 0; i < many.length; i += 50) await w.db.insert(bookings).values(many.slice(i, i + 50));

    w.resetRoundTrips();
    expect(await w.run('2026-10-13T16:00:00Z')).toEqual({ counts: { queued: 300 } });
    expect(w.roundTrips()).toBeLessThanOrEqual(3);
    expect(await w.reminderRows()).toHaveLength(300);
  });

  it('runs in the cron at 18:00 Rome and the reminders reach the provider in the same tick', async () => {
    const w = await world();
    const a = await w.book('2026-10-14', '10:00');
    await w.book('2026-10-14', '11:00', { status: 'cancelled' });
    const scheduledTime = Date.parse('2026-10-13T16:00:00Z');
    const deps = { ...w.deps, clock: fixedClock(scheduledTime) };
    const report = await runScheduled(deps, { cron: CRON, scheduledTime });
    expect(report.jobs.reminders).toEqual({ ok: true, counts: { queued: 1 } });
    const sent = w.sms.sent.filter((s) => s.body.startsWith('Promemoria'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: PHONE });
    expect(sent[0]!.body).toContain(`/m/${a.manageCode}`);
    // The next tick sends nothing again.
    await runScheduled(deps, { cron: '*/10 * * * *', scheduledTime: scheduledTime + 600_000 });
    expect(w.sms.sent.filter((s) => s.body.startsWith('Promemoria'))).toHaveLength(1);
  });
});
