import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { retention } from '../../worker/src/jobs/retention';
import { givenBooking, givenService } from '../fixtures/builders';
import { adminWorld, at, type AdminWorld } from '../fixtures/admin-bookings-world';

// The clock is Monday 12 October 2026: June 2025 is past the 12-month retention period.
const JUNE = 'from=2025-06&to=2025-06';
const CREATED = Date.parse('2025-05-01T08:00:00Z');
const PEOPLE = ['+393471234567', '+393401112222', '+393402223333', '+393403334444'];

/**
 * June 2025 with every kind of figure: a person who comes back for a follow-up, another with needs, a no-show,
 * a late cancellation, a remote Arabic-speaking booking; and Maria also holds an appointment still ahead.
 */
async function june(w: AdminWorld) {
  const orientation = await givenService(w.db, { nameIt: 'Orientamento', nameEn: 'Guidance' });
  const base = { serviceId: w.serviceId, volunteerId: w.volunteerIds[0]!, createdAt: CREATED, email: 'x@example.org' };
  const on = (date: string, hhmm: string) => ({ start: at(date, hhmm), localDate: date, localTime: hhmm });
  const first = await givenBooking(w.db, {
    ...base,
    ...on('2025-06-04', '09:00'),
    status: 'attended',
    phone: PEOPLE[0],
  });
  await givenBooking(w.db, {
    ...base,
    ...on('2025-06-18', '09:00'),
    status: 'attended',
    phone: PEOPLE[0],
    serviceId: orientation.id,
    followUpOf: first.id,
    createdAt: CREATED + 1000,
  });
  await givenBooking(w.db, {
    ...base,
    ...on('2025-06-06', '10:00'),
    status: 'no_show',
    phone: PEOPLE[1],
    language: 'ar',
    mode: 'remote',
    accessibilityNeeds: 'sedia a rotelle',
    accessibilityConsentAt: CREATED,
    interpreterLanguage: 'tigrino',
  });
  await givenBooking(w.db, {
    ...base,
    ...on('2025-06-09', '11:00'),
    status: 'cancelled',
    lateCancellation: true,
    phone: PEOPLE[2],
  });
  await givenBooking(w.db, { ...base, ...on('2025-06-11', '11:00'), status: 'confirmed', phone: PEOPLE[3] });
  await w.confirmed('2026-10-14', '10:00', { phone: PEOPLE[0] });
}

async function snapshot(w: AdminWorld) {
  const json = await w.call(w.reception, 'GET', `/reports?${JUNE}`);
  const csv = await w.call(w.reception, 'GET', `/reports?${JUNE}&format=csv`);
  expect(json.status).toBe(200);
  expect(csv.status).toBe(200);
  return { json: (await json.json()) as { months: { bookings: number }[] }, csv: await csv.text() };
}

async function juneRows(w: AdminWorld) {
  return w.db.all<{ phone: string | null; erased_at: number | null; person_name: string | null }>(
    sql`SELECT phone, erased_at, person_name FROM bookings WHERE local_date LIKE '2025-06-%'`,
  );
}

describe('the report of a past month after erasure', () => {
  it('is identical after every person in it is erased on request', async () => {
    const w = await adminWorld();
    await june(w);
    const before = await snapshot(w);
    expect(before.json.months[0]?.bookings).toBe(5);
    for (const phone of PEOPLE) {
      const res = await w.call(w.reception, 'POST', '/people/erase', { phone, cancelActive: true });
      expect(res.status, phone).toBe(200);
    }
    const rows = await juneRows(w);
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r).toMatchObject({ phone: null, person_name: null, erased_at: expect.any(Number) });
    expect(await snapshot(w)).toEqual(before);
  });

  it('is identical after the retention job erased every booking in it', async () => {
    const w = await adminWorld();
    await june(w);
    const before = await snapshot(w);
    await retention(w.deps, { cron: '*/10 * * * *', now: w.clock.now() });
    const rows = await juneRows(w);
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r).toMatchObject({ phone: null, person_name: null, erased_at: expect.any(Number) });
    expect(await snapshot(w)).toEqual(before);
  });
});
