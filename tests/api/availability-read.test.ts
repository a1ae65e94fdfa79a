/**
 * The availability read (worker/src/db/repo/availability.ts) renders its SQL once and maps the desk and
 * service columns itself: its rows must be the ones drizzle's own selects give, alone and in a batch.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deskSettings, services } from '../../worker/src/db/schema';
import { availabilityRead, loadAvailability, toLoadedAvailability } from '../../worker/src/db/repo/availability';
import { givenBooking, givenClosure, givenDesk, givenService, givenShift, givenVolunteer } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';

const WINDOW = { from: '2026-10-12', to: '2026-10-18' };

async function world() {
  const t = await createTestDb();
  // Booleans both ways and a null among the desk's columns, so the mapping has something to get wrong.
  await givenDesk(t.db, { smsEnabled: false, requestSms: true, slotGridMinutes: null, smsMonthlyBudget: 120 });
  const service = await givenService(t.db, { allowsRemote: false, descriptionEn: 'With "quotes" and a ?' });
  const vol = await givenVolunteer(t.db);
  await givenShift(t.db, vol.id, 1, '09:00', '12:00');
  await givenClosure(t.db, '2026-10-14');
  await givenBooking(t.db, { serviceId: service.id, volunteerId: vol.id, start: '2026-10-12T07:00:00Z' });
  return { ...t, service, vol };
}

describe('availability read', () => {
  it('gives the desk and the service exactly as drizzle selects them, and the rules, shifts and bookings', async () => {
    const w = await world();
    const loaded = await loadAvailability(w.db, w.service.id, WINDOW);
    if (!loaded.configured) throw new Error('desk not read');
    const [desk] = await w.db.select().from(deskSettings);
    const [service] = await w.db.select().from(services).where(eq(services.id, w.service.id));
    expect(loaded.desk).toStrictEqual(desk);
    expect(loaded.service).toStrictEqual(service);
    expect(loaded.data.shifts).toEqual([expect.objectContaining({ volunteerId: w.vol.id, allowsRemote: true })]);
    expect(loaded.data.closures).toEqual([{ volunteerId: null, dateFrom: '2026-10-14', dateTo: '2026-10-14' }]);
    expect(loaded.data.bookings).toHaveLength(1);
  });

  it('says the service is unknown, and the desk not configured, without throwing', async () => {
    const w = await world();
    const unknown = await loadAvailability(w.db, 'no-such-service', WINDOW);
    expect(unknown.configured && unknown.service).toBeUndefined();
    const empty = await createTestDb();
    expect(await loadAvailability(empty.db, w.service.id, WINDOW)).toEqual({ configured: false });
  });

  it('reads the same in a batch with other statements, in one round trip', async () => {
    const w = await world();
    w.resetRoundTrips();
    const [rows, deskRows] = await w.db.batch([
      availabilityRead(w.db, w.service.id, WINDOW),
      w.db.select().from(deskSettings),
    ]);
    expect(w.roundTrips()).toBe(1);
    const loaded = toLoadedAvailability(rows);
    expect(loaded.configured && loaded.desk).toStrictEqual(deskRows[0]);
    expect(loaded).toStrictEqual(await loadAvailability(w.db, w.service.id, WINDOW));
  });
});
