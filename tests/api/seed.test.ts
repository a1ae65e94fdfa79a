import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import type { Db } from '../../worker/src/db/client';
import { bookings, closures, deskSettings, services, shifts, volunteers } from '../../worker/src/db/schema';
import { seedDemoData } from '../../worker/src/db/seed';
import { isNationalHoliday } from '../../worker/src/domain/holidays';
import { addDays, daysBetween, isoWeekday, zonedParts } from '../../worker/src/domain/time';
import { givenDesk } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';

const TZ = 'Europe/Rome';
const NOW = Date.parse('2026-10-12T08:00:00Z');

async function counts(db: Db) {
  const n = async (
    table:
      typeof services | typeof volunteers | typeof shifts | typeof closures | typeof bookings | typeof deskSettings,
  ) => (await db.select({ n: count() }).from(table))[0]?.n ?? 0;
  return {
    desk: await n(deskSettings),
    services: await n(services),
    volunteers: await n(volunteers),
    shifts: await n(shifts),
    closures: await n(closures),
    bookings: await n(bookings),
  };
}

describe('demo seed', () => {
  it('gives an empty database a desk with 4 services, 3 volunteers, an evening remote-only shift and a closure', async () => {
    const { db } = await createTestDb();
    expect(await seedDemoData(db, NOW)).toEqual({ seeded: true });

    const [desk] = await db.select().from(deskSettings);
    expect(desk).toMatchObject({ name: 'Sportello Lavoro', address: 'Via Bertoni 4', timeZone: TZ });
    expect(await db.select({ id: services.id, minutes: services.durationMinutes }).from(services)).toEqual(
      expect.arrayContaining([
        { id: 'svc-orientamento', minutes: 60 },
        { id: 'svc-cv', minutes: 45 },
        { id: 'svc-ricerca', minutes: 60 },
        { id: 'svc-colloquio', minutes: 45 },
      ]),
    );
    expect((await counts(db)).services).toBe(4);
    expect((await counts(db)).volunteers).toBe(3);

    const allShifts = await db.select().from(shifts);
    const evening = allShifts.filter((s) => s.startMinute >= 18 * 60 && s.allowsRemote && !s.allowsInPerson);
    expect(evening.length).toBeGreaterThan(0);
    const [sara] = await db.select().from(volunteers).where(eq(volunteers.id, evening[0]!.volunteerId));
    expect(sara?.videoLink).toMatch(/^https:\/\//);
    // Giulia has no link of her own: her video calls get rooms on the demo desk's video server.
    const [deskRow] = await db.select().from(deskSettings);
    expect(deskRow?.videoRoomBase).toBe('https://video.example.org');
    for (const b of await db.select().from(bookings).where(eq(bookings.mode, 'remote')))
      expect(b.videoRoom, b.id).toMatch(/^[a-z2-7]{26}$/);

    const today = zonedParts(NOW, TZ).date;
    const all = await db.select().from(closures);
    const deskClosure = all.find((c) => c.volunteerId === null);
    expect(deskClosure).toBeDefined();
    const ahead = daysBetween(today, deskClosure!.dateFrom);
    expect(ahead).toBeGreaterThan(0);
    expect(ahead).toBeLessThanOrEqual(21);
    expect(isoWeekday(deskClosure!.dateFrom)).toBeLessThanOrEqual(5);
    expect(all.some((c) => c.volunteerId !== null)).toBe(true);
  });

  it('writes nothing the second time, nor on a database that already has a desk', async () => {
    const { db } = await createTestDb();
    await seedDemoData(db, NOW);
    const before = await counts(db);
    expect(await seedDemoData(db, NOW + 86_400_000)).toEqual({ seeded: false });
    expect(await counts(db)).toEqual(before);

    const other = await createTestDb();
    await givenDesk(other.db, { name: 'Il nostro sportello' });
    expect(await seedDemoData(other.db, NOW)).toEqual({ seeded: false });
    expect(await counts(other.db)).toMatchObject({ desk: 1, services: 0, volunteers: 0, bookings: 0 });
  });

  // Around Christmas, the spring DST change, Ferragosto and New Year: demo bookings stay on open days, in the future.
  it.each(['2026-12-20T10:00:00Z', '2027-03-26T22:30:00Z', '2026-08-10T06:00:00Z', '2026-12-30T18:00:00Z'])(
    'puts demo bookings on open future days in the desk time zone (seeded at %s)',
    async (at) => {
      const now = Date.parse(at);
      const { db } = await createTestDb();
      await seedDemoData(db, now);
      // The bookings to come (the past ones are the history, tested below).
      const rows = (await db.select().from(bookings)).filter((b) => b.startAt > now);
      const closed = new Set(
        (await db.select().from(closures)).filter((c) => c.volunteerId === null).map((c) => c.dateFrom),
      );
      expect(rows.length).toBeGreaterThanOrEqual(4);
      expect(new Set(rows.map((b) => b.status))).toEqual(new Set(['requested', 'confirmed']));
      for (const b of rows) {
        const local = zonedParts(b.startAt, TZ);
        expect(b.startAt).toBeGreaterThan(now + 24 * 3_600_000);
        expect(local.date).toBe(b.localDate);
        expect(local.time).toBe(b.localTime);
        expect(isNationalHoliday(b.localDate)).toBe(false);
        expect(closed.has(b.localDate)).toBe(false);
        if (b.status === 'requested') expect(b.holdUntil).toBeGreaterThan(now);
      }
    },
  );

  it('has 12 weeks of past appointments with a desk’s outcomes, the same on every fresh database', async () => {
    const { db } = await createTestDb();
    await seedDemoData(db, NOW);
    const today = zonedParts(NOW, TZ).date;
    const past = (await db.select().from(bookings)).filter((b) => b.startAt < NOW);
    expect(past.length).toBeGreaterThan(100);
    const share = (ok: (b: (typeof past)[number]) => boolean) => past.filter(ok).length / past.length;
    expect(share((b) => b.status === 'no_show')).toBeGreaterThan(0.08);
    expect(share((b) => b.status === 'no_show')).toBeLessThan(0.22);
    expect(share((b) => b.status === 'attended')).toBeGreaterThan(0.5);
    expect(past.some((b) => b.status === 'cancelled' && b.lateCancellation)).toBe(true);
    expect(new Set(past.map((b) => b.channel))).toEqual(new Set(['widget', 'reception', 'volunteer']));
    expect(new Set(past.map((b) => b.mode))).toEqual(new Set(['in_person', 'remote']));
    expect(new Set(past.map((b) => b.serviceId)).size).toBe(4);
    // Remote appointments only with the volunteer who has a video link.
    expect(new Set(past.filter((b) => b.mode === 'remote').map((b) => b.volunteerId))).toEqual(new Set(['vol-sara']));
    for (const b of past) {
      expect(daysBetween(b.localDate, today)).toBeLessThanOrEqual(12 * 7);
      expect(isNationalHoliday(b.localDate)).toBe(false);
      expect(zonedParts(b.startAt, TZ)).toMatchObject({ date: b.localDate, time: b.localTime });
      expect(b.nameKey).toBeTruthy();
    }
    // Names to try the search with, stored folded.
    expect(past.find((b) => b.personName === 'José Ñúñez')?.nameKey).toBe('jose nunez');
    expect(past.some((b) => b.personName === 'Đorđe Đorđević')).toBe(true);
    // Deterministic: another fresh database gets the same history.
    const other = await createTestDb();
    await seedDemoData(other.db, NOW);
    const again = (await other.db.select().from(bookings)).filter((b) => b.startAt < NOW);
    const shape = (rows: typeof past) => rows.map((b) => [b.id, b.startAt, b.status, b.personName, b.channel]);
    expect(shape(again)).toEqual(shape(past));
  });

  it('names every demo service in all seven languages, and some people speak the new ones', async () => {
    const { db } = await createTestDb();
    await seedDemoData(db, NOW);
    const app = createApp(testDeps(db, { clock: fixedClock(NOW) }));
    const desk = (await (await app.request('/api/public/desk')).json()) as {
      languages: string[];
      services: { names: Record<string, string>; descriptions: Record<string, string> }[];
    };
    expect(desk.languages).toEqual(['it', 'en', 'ar', 'es', 'fr', 'uk', 'ro']);
    expect(desk.services).toHaveLength(4);
    for (const s of desk.services) {
      // Each language has its own words: none falls back to English.
      for (const lang of ['ar', 'es', 'fr', 'uk', 'ro']) {
        expect(s.names[lang], lang).not.toBe(s.names.en);
        expect(s.descriptions[lang], lang).not.toBe(s.descriptions.en);
      }
      expect(s.names.ar).toMatch(/\p{Script=Arabic}/u);
      expect(s.names.uk).toMatch(/\p{Script=Cyrillic}/u);
    }
    const all = await db.select().from(bookings);
    const spoken = new Set(all.map((b) => b.language));
    expect(spoken).toEqual(new Set(['it', 'en', 'ar', 'es', 'fr', 'uk', 'ro']));
    // Reception has an Arabic speaker coming, to see "parla: arabo" in the agenda.
    expect(all.some((b) => b.startAt > NOW && b.language === 'ar')).toBe(true);
  });

  it('shows bookable times through the public API right after seeding', async () => {
    const { db } = await createTestDb();
    await seedDemoData(db, NOW);
    const app = createApp(testDeps(db, { clock: fixedClock(NOW) }));
    const today = zonedParts(NOW, TZ).date;
    const res = await app.request(
      `/api/public/availability?service=svc-colloquio&mode=remote&from=${today}&to=${addDays(today, 13)}`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { days: { date: string; slots: { start: string }[] }[] };
    const slots = body.days.flatMap((d) => d.slots.map((s) => s.start));
    // Remote interview practice: Giulia's mornings and Sara's evenings (18:00 local).
    expect(slots.some((s) => s.includes('T18:00:00'))).toBe(true);
    expect(slots.some((s) => s.includes('T09:00:00'))).toBe(true);
  });
});
