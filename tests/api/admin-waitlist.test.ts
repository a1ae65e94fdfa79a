import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { offerTimes } from '../../worker/src/waitlist/offers';
import { givenBooking } from '../fixtures/builders';
import { publicWorld } from '../fixtures/public-helpers';
import { staffHeaders } from '../fixtures/staff';
import { allOffers, givenWaitlistEntry } from '../fixtures/waitlist';

const WED_10 = Date.parse('2026-10-14T10:00:00+02:00');

async function world() {
  const w = await publicWorld();
  const app = createApp(w.deps);
  const reception = await staffHeaders(app, w.db, 'reception');
  const call = (method: string, path: string, body?: unknown) =>
    app.request(`/api/admin/waitlist${path}`, {
      method,
      headers: { ...reception.headers, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { ...w, call };
}

describe('/api/admin/waitlist', () => {
  it('lists the waiting people in join order with their open offer', async () => {
    const w = await world();
    const first = await givenWaitlistEntry(w.db, { serviceId: w.serviceId, from: '2026-10-13', to: '2026-10-16' });
    const second = await givenWaitlistEntry(w.db, { serviceId: w.serviceId, from: '2026-10-20', to: '2026-10-22' });
    await givenWaitlistEntry(w.db, { serviceId: w.serviceId, from: '2026-10-13', to: '2026-10-16', status: 'removed' });
    const b = await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: w.volunteerIds[0]!,
      start: WED_10,
      status: 'cancelled',
    });
    await offerTimes(w.deps, [
      {
        volunteerId: w.volunteerIds[0]!,
        startAt: WED_10,
        endAt: WED_10 + 3_600_000,
        freedAt: w.clock.now(),
        sourceBookingId: b.id,
      },
    ]);
    const res = await w.call('GET', '');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { entries: { id: string; name: string; offer: unknown }[] };
    expect(body.entries.map((e) => e.id)).toEqual([first.id, second.id]);
    expect(body.entries[0]).toMatchObject({
      name: first.personName,
      phone: first.phone,
      status: 'waiting',
      from: '2026-10-13',
      offer: { start: '2026-10-14T10:00:00+02:00', status: 'open', channel: 'sms', volunteerId: w.volunteerIds[0] },
    });
    expect(body.entries[1]!.offer).toBeNull();
  });

  it('adds a caller, removes an entry, and books a caller on the phone in one go', async () => {
    const w = await world();
    const added = await w.call('POST', '', {
      service: w.serviceId,
      mode: 'in_person',
      from: '2026-10-13',
      to: '2026-10-16',
      name: 'Ana Pop',
      phone: '347 111 2222',
      language: 'ro',
    });
    expect(added.status).toBe(201);
    const { id } = (await added.json()) as { id: string };
    const booked = await w.call('POST', `/${id}/book`, { start: '2026-10-14T10:00:00+02:00' });
    expect(booked.status).toBe(201);
    const { bookingId } = (await booked.json()) as { bookingId: string };
    const rs = await w.client.execute({
      sql: 'select channel, status, language from bookings where id = ?',
      args: [bookingId],
    });
    expect(rs.rows[0]).toMatchObject({ channel: 'waitlist', status: 'confirmed', language: 'ro' });
    expect(await allOffers(w.db)).toMatchObject([{ status: 'taken', channel: 'phone', bookingId }]);
    // Booked: it can be neither booked again nor removed.
    expect((await w.call('POST', `/${id}/book`, { start: '2026-10-14T11:00:00+02:00' })).status).toBe(409);
    expect((await w.call('POST', `/${id}/remove`)).status).toBe(409);

    const other = await givenWaitlistEntry(w.db, { serviceId: w.serviceId, from: '2026-10-13', to: '2026-10-16' });
    const removed = await w.call('POST', `/${other.id}/remove`);
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as { entry: { status: string } }).entry.status).toBe('removed');
    expect((await w.call('POST', '/nobody/remove')).status).toBe(404);
  });

  it('refuses a taken time when booking on the phone', async () => {
    const w = await world();
    const e = await givenWaitlistEntry(w.db, { serviceId: w.serviceId, from: '2026-10-13', to: '2026-10-16' });
    await givenBooking(w.db, { serviceId: w.serviceId, volunteerId: w.volunteerIds[0]!, start: WED_10 });
    const res = await w.call('POST', `/${e.id}/book`, { start: '2026-10-14T10:00:00+02:00' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('slot_unavailable');
  });
});
