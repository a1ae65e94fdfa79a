/**
 * The bench's desk: the demo data (seed.ts) × scale, with volunteers cloned with their shifts and
 * 300 × scale active bookings over the 4 weeks the widget asks for. Used in process (bench.ts) and for the
 * production bundle in workerd (worker-cpu-bench.ts), where "now" is the real clock.
 */
import { count, inArray, like } from 'drizzle-orm';
import type { Db } from '../../worker/src/db/client';
import { bookings, deskSettings, shifts, volunteers } from '../../worker/src/db/schema';
import { seedDemoData } from '../../worker/src/db/seed';
import { seededRandom } from '../../worker/src/lib/seeded-random';
import { addDays, isoWeekday, localToInstant, zonedParts } from '../../worker/src/domain/time';

export const BENCH_SERVICE_ID = 'svc-orientamento'; // 60 min, in person and remote, in the demo data
export const BENCH_MODE = 'in_person' as const;
export const BENCH_WEEKS = 4;
const BASE_BOOKINGS = 300;
const HOUR = 3_600_000;
/** Bench bookings have ids with this prefix, so growing a desk knows how many it already has. */
const ID_PREFIX = 'bench-';
/** Cloned volunteers and shifts end in -x<copy>. */
const CLONE = /-x\d+$/;

export interface BenchData {
  /** The asked window: past the minimum notice, inside the horizon, 4 weeks. */
  from: string;
  to: string;
  /** GET path of the window's availability. */
  url: string;
  volunteers: number;
  shifts: number;
  activeBookings: number;
}

/**
 * Brings `db` to `scale` × the demo desk as of `now`: seeds the demo data when there is no desk, clones
 * the volunteers and their shifts up to `scale` copies, and adds bookings until there are 300 × scale of
 * the bench's own. Growing a desk from 1× to 10× this way keeps the first 300.
 */
export async function seedBenchData(db: Db, now: number, scale: number): Promise<BenchData> {
  await seedDemoData(db, now);
  const [desk] = await db.select().from(deskSettings);
  if (!desk) throw new Error('no desk after seeding');
  const tz = desk.timeZone;
  const today = zonedParts(now, tz).date;
  const from = addDays(today, Math.ceil(desk.minNoticeMinutes / 1440) + 1);
  const to = addDays(from, BENCH_WEEKS * 7 - 1);

  const allBefore = await db.select().from(volunteers);
  const baseVols = allBefore.filter((v) => !CLONE.test(v.id));
  const baseShifts = (await db.select().from(shifts)).filter((s) => !CLONE.test(s.id));
  for (let k = 1; k < scale; k++) {
    if (allBefore.some((v) => v.id.endsWith(`-x${k}`))) continue;
    await db
      .insert(volunteers)
      .values(baseVols.map((v) => ({ ...v, id: `${v.id}-x${k}`, email: null, icalTokenHash: null })));
    await db
      .insert(shifts)
      .values(baseShifts.map((s) => ({ ...s, id: `${s.id}-x${k}`, volunteerId: `${s.volunteerId}-x${k}` })));
  }
  const allVols = await db.select({ id: volunteers.id }).from(volunteers);
  const allShifts = await db.select().from(shifts);

  // Candidate hours: every volunteer, every day of the window, 08:00–19:00 start. Most land in shifts' hours
  // or near them; those outside still have to be loaded and skipped by the engine, as real data would.
  const existing = await db
    .select({ volunteerId: bookings.volunteerId, startAt: bookings.startAt, endAt: bookings.endAt })
    .from(bookings)
    .where(inArray(bookings.status, ['requested', 'confirmed']));
  const candidates: { volunteerId: string; date: string; minute: number }[] = [];
  for (let d = 0; d < BENCH_WEEKS * 7; d++) {
    const date = addDays(from, d);
    const wd = isoWeekday(date);
    for (const v of allVols) {
      // Twice the weight for hours inside the volunteer's shifts: bookings cluster where people can book.
      for (let h = 8; h < 20; h++) {
        const inShift = allShifts.some(
          (s) => s.volunteerId === v.id && s.weekday === wd && s.startMinute <= h * 60 && s.endMinute >= h * 60 + 60,
        );
        candidates.push({ volunteerId: v.id, date, minute: h * 60 });
        if (inShift) candidates.push({ volunteerId: v.id, date, minute: h * 60 });
      }
    }
  }
  const rand = seededRandom(42 + scale);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const taken = new Map<string, { startAt: number; endAt: number }[]>();
  for (const b of existing) {
    const list = taken.get(b.volunteerId) ?? [];
    list.push(b);
    taken.set(b.volunteerId, list);
  }
  const [had] = await db
    .select({ n: count() })
    .from(bookings)
    .where(like(bookings.id, `${ID_PREFIX}%`));
  const target = BASE_BOOKINGS * scale - (had?.n ?? 0);
  const rows: (typeof bookings.$inferInsert)[] = [];
  for (const c of candidates) {
    if (rows.length >= target) break;
    const startAt = localToInstant(c.date, c.minute, tz);
    const endAt = startAt + HOUR;
    const list = taken.get(c.volunteerId) ?? [];
    if (list.some((b) => b.startAt < endAt && b.endAt > startAt)) continue;
    list.push({ startAt, endAt });
    taken.set(c.volunteerId, list);
    const n = rows.length;
    const status = n % 3 === 0 ? 'requested' : 'confirmed';
    rows.push({
      id: `${ID_PREFIX}${scale}-${n}`,
      reference: `B${scale}${String(n).padStart(5, '0')}`,
      manageCode: `bench-code-${scale}-${n}`,
      serviceId: BENCH_SERVICE_ID,
      mode: BENCH_MODE,
      volunteerId: c.volunteerId,
      startAt,
      endAt,
      localDate: c.date,
      localTime: `${String(c.minute / 60).padStart(2, '0')}:00`,
      status,
      channel: 'widget',
      language: 'it',
      personName: 'Persona Prova',
      phone: `+39347${String(n % 10_000_000).padStart(7, '0')}`,
      consentAt: now,
      holdUntil: status === 'requested' ? Math.min(startAt, now + 48 * HOUR) : null,
      createdAt: now,
      updatedAt: now,
    });
  }
  if (rows.length < target) throw new Error(`only ${rows.length} of ${target} bookings fit`);
  for (let i = 0; i < rows.length; i += 200) await db.insert(bookings).values(rows.slice(i, i + 200));

  return {
    from,
    to,
    url: `/api/public/availability?service=${BENCH_SERVICE_ID}&mode=${BENCH_MODE}&from=${from}&to=${to}`,
    volunteers: allVols.length,
    shifts: allShifts.length,
    activeBookings: existing.length + rows.length,
  };
}
