import { asc, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookingEvents, bookings, messages } from '../../worker/src/db/schema';
import { retention } from '../../worker/src/jobs/retention';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { testDeps } from '../fixtures/deps';

// Monday 12 October 2026, 10:00 in Rome. With the defaults (12 months, accessibility needs 30 days) the
// cutoffs are local midnight of 12 October 2025 and of 12 September 2026.
const NOW = Date.parse('2026-10-12T08:00:00Z');
const CRON = '*/10 * * * *';
const T0 = Date.parse('2025-01-01T00:00:00Z');

async function world(desk: Parameters<typeof givenDesk>[1] = {}) {
  const t = await createTestDb();
  await givenDesk(t.db, desk);
  const service = await givenService(t.db, { durationMinutes: 60 });
  const volunteer = await givenVolunteer(t.db);
  const deps = testDeps(t.db);
  /** A booking starting at `start` (ISO with offset), with every kind of personal data. */
  const book = (start: string, extra: Record<string, unknown> = {}) =>
    givenBooking(t.db, {
      serviceId: service.id,
      volunteerId: volunteer.id,
      start,
      status: 'attended',
      email: 'maria@example.org',
      note: 'porto il CV',
      staffNote: 'ha chiesto di Marco',
      accessibilityNeeds: 'accesso senza gradini',
      accessibilityConsentAt: T0,
      createdAt: T0,
      ...extra,
    });
  const run = (now = NOW) => retention(deps, { cron: CRON, now });
  const row = async (id: string) => (await t.db.select().from(bookings).where(eq(bookings.id, id)))[0]!;
  const events = (id: string, type: string) =>
    t.db
      .select()
      .from(bookingEvents)
      .where(eq(bookingEvents.bookingId, id))
      .orderBy(asc(bookingEvents.id))
      .then((rows) => rows.filter((e) => e.type === type));
  return { ...t, book, run, row, events };
}

const PERSONAL = {
  personName: null,
  nameKey: null,
  phone: null,
  email: null,
  note: null,
  staffNote: null,
  accessibilityNeeds: null,
  accessibilityConsentAt: null,
};

describe('retention job', () => {
  it('erases personal data of appointments that ended before the retention period, keeping the booking', async () => {
    const w = await world();
    const old = await w.book('2025-10-11T10:00:00+02:00'); // ended 11 October 2025, 11:00
    const lastBefore = await w.book('2025-10-11T22:30:00+02:00', { minutes: 60 }); // ended 23:30 the same day
    const kept = await w.book('2025-10-12T09:00:00+02:00'); // the first day still kept
    await w.db.insert(messages).values({
      id: 'm-old',
      bookingId: old.id,
      kind: 'confirmation',
      recipient: '+393471234567',
      body: 'Appuntamento confermato …',
      status: 'delivered',
      notBefore: T0,
      createdAt: T0,
      updatedAt: T0,
    });

    const report = await w.run();
    expect(report.counts).toMatchObject({ erased: 2 });

    for (const id of [old.id, lastBefore.id]) {
      const r = await w.row(id);
      expect(r).toMatchObject({ ...PERSONAL, erasedAt: NOW, status: 'attended', serviceId: old.serviceId });
      expect(r.startAt).toBe(id === old.id ? old.startAt : lastBefore.startAt);
      expect(await w.events(id, 'erased')).toMatchObject([{ actorType: 'system', actorId: null, at: NOW }]);
    }
    const [message] = await w.db.select().from(messages).where(eq(messages.id, 'm-old'));
    expect(message).toMatchObject({ recipient: null, body: null, status: 'delivered', kind: 'confirmation' });

    const k = await w.row(kept.id);
    expect(k).toMatchObject({
      personName: 'Maria Rossi',
      nameKey: 'maria rossi',
      phone: '+393471234567',
      erasedAt: null,
    });
    // Its accessibility needs are long past their 30 days, though.
    expect(k.accessibilityNeeds).toBeNull();

    // Anonymous counts stay: no booking is deleted.
    expect((await w.db.select({ n: count() }).from(bookings))[0]!.n).toBe(3);
  });

  it('drops accessibility needs 30 days after the appointment and nothing else', async () => {
    const w = await world();
    const past = await w.book('2026-09-11T10:00:00+02:00'); // 31 days ago
    const recent = await w.book('2026-09-12T10:00:00+02:00'); // 30 days ago: kept until tomorrow
    const upcoming = await w.book('2026-10-20T10:00:00+02:00', { status: 'confirmed' });

    expect((await w.run()).counts).toEqual({ erased: 0, accessibilityErased: 1 });
    expect(await w.row(past.id)).toMatchObject({
      accessibilityNeeds: null,
      accessibilityConsentAt: null,
      personName: 'Maria Rossi',
      phone: '+393471234567',
      note: 'porto il CV',
      erasedAt: null,
    });
    expect(await w.events(past.id, 'accessibility_erased')).toMatchObject([{ actorType: 'system', at: NOW }]);
    for (const id of [recent.id, upcoming.id]) {
      expect(await w.row(id)).toMatchObject({
        accessibilityNeeds: 'accesso senza gradini',
        accessibilityConsentAt: T0,
      });
    }
    // The next day the 30 days of the second one are over.
    expect((await w.run(NOW + 86_400_000)).counts).toEqual({ erased: 0, accessibilityErased: 1 });
    expect((await w.row(recent.id)).accessibilityNeeds).toBeNull();
  });

  it('is idempotent: a second run changes nothing and records nothing', async () => {
    const w = await world();
    const old = await w.book('2025-03-01T10:00:00+01:00');
    await w.run();
    const before = await w.row(old.id);
    expect(await w.run()).toEqual({ counts: { erased: 0, accessibilityErased: 0 } });
    expect(await w.row(old.id)).toEqual(before);
    expect(await w.events(old.id, 'erased')).toHaveLength(1);
  });

  it('follows the desk settings', async () => {
    const w = await world({ retentionMonths: 6, accessibilityRetentionDays: 7 });
    const eightMonths = await w.book('2026-02-10T10:00:00+01:00');
    const fourMonths = await w.book('2026-06-10T10:00:00+02:00');
    const tenDays = await w.book('2026-10-02T10:00:00+02:00');
    // The needs of all three are past 7 days (the erased one's go first, in the same run).
    expect((await w.run()).counts).toEqual({ erased: 1, accessibilityErased: 3 });
    expect((await w.row(eightMonths.id)).erasedAt).toBe(NOW);
    expect(await w.row(fourMonths.id)).toMatchObject({
      erasedAt: null,
      accessibilityNeeds: null,
      phone: '+393471234567',
    });
    expect(await w.row(tenDays.id)).toMatchObject({ erasedAt: null, accessibilityNeeds: null });
  });

  it('never touches an appointment that has not ended, whatever the settings', async () => {
    const w = await world({ retentionMonths: 0, accessibilityRetentionDays: 0 });
    const now = await w.book('2026-10-12T09:30:00+02:00', { status: 'confirmed' }); // until 10:30, it is 10:00
    const ended = await w.book('2026-10-12T08:00:00+02:00');
    await w.run();
    expect(await w.row(now.id)).toMatchObject({ erasedAt: null, accessibilityNeeds: 'accesso senza gradini' });
    // Ended before local midnight of today? No: it ended this morning, so it is kept until tomorrow too.
    expect((await w.row(ended.id)).erasedAt).toBeNull();
  });
});
