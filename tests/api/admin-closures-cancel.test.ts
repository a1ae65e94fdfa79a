import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { closures, messages } from '../../worker/src/db/schema';
import { adminWorld, WED } from '../fixtures/admin-bookings-world';

// Closing a day that has bookings, with "cancel them and tell the people" in the same request.

const FRI = '2026-10-16';

async function world() {
  const w = await adminWorld();
  const booked = {
    first: await w.confirmed(WED, '10:00', { volunteer: 0 }),
    second: await w.confirmed(WED, '11:00', { volunteer: 1, phone: '+393479876543' }),
    request: await w.request(WED, '09:00', { volunteer: 1 }),
    friday: await w.confirmed(FRI, '10:00'),
  };
  const close = (who = w.reception, body: object = {}) =>
    w.call(who, 'POST', '/closures', { dateFrom: WED, reason: 'Assemblea dei soci', cancelBookings: true, ...body });
  const outbox = () => w.db.select().from(messages).orderBy(asc(messages.createdAt), asc(messages.id));
  return { ...w, booked, close, outbox };
}

describe('closing a day and cancelling its bookings', () => {
  it('closes the day, cancels each active booking with an audit event and queues the cancellation texts', async () => {
    const w = await world();
    const res = await w.close();
    expect(res.status).toBe(201);
    const body = (await res.json()) as { closure: { id: string }; affectedBookings: number; cancelledBookings: number };
    expect(body).toMatchObject({
      closure: { dateFrom: WED, dateTo: WED, reason: 'Assemblea dei soci' },
      affectedBookings: 0,
      cancelledBookings: 3,
    });

    for (const id of [w.booked.first, w.booked.second, w.booked.request]) {
      expect(await w.row(id)).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'staff',
        cancelReason: 'Assemblea dei soci',
        // The desk closed: not the person's late cancellation.
        lateCancellation: false,
      });
      const events = await w.events(id);
      expect(events.map((e) => [e.type, e.actorType, e.actorId, e.toStatus])).toEqual([
        ['cancelled', 'staff', w.reception.user.id, 'cancelled'],
      ]);
    }
    expect((await w.row(w.booked.friday)).status).toBe('confirmed');

    const sent = (await w.outbox()).filter((m) => m.kind === 'cancellation');
    expect(sent.map((m) => [m.bookingId, m.recipient]).sort()).toEqual(
      [
        [w.booked.first, '+393471234567'],
        [w.booked.second, '+393479876543'],
        [w.booked.request, '+393471234567'],
      ].sort(),
    );
    expect(sent.every((m) => /annullato/i.test(m.body ?? ''))).toBe(true);
  });

  it('is safe to repeat: the same closure, nothing cancelled twice, no second text', async () => {
    const w = await world();
    const first = (await (await w.close()).json()) as { closure: { id: string } };
    const texts = (await w.outbox()).length;

    const again = await w.close();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ closure: { id: first.closure.id }, cancelledBookings: 0 });
    expect(await w.db.select().from(closures).where(eq(closures.dateFrom, WED))).toHaveLength(1);
    expect(await w.outbox()).toHaveLength(texts);
    expect(await w.events(w.booked.first)).toHaveLength(1);
  });

  it('without cancelBookings leaves the bookings and says how many there are', async () => {
    const w = await world();
    const res = await w.call(w.reception, 'POST', '/closures', { dateFrom: WED, dateTo: FRI });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ affectedBookings: 4, cancelledBookings: 0 });
    expect((await w.row(w.booked.first)).status).toBe('confirmed');
    expect(await w.outbox()).toHaveLength(0);
  });

  it('is the desk’s: a volunteer is refused and nothing changes; a wrong flag is a 422', async () => {
    const w = await world();
    expect((await w.close(w.volunteer)).status).toBe(403);
    expect((await w.row(w.booked.first)).status).toBe('confirmed');
    const bad = await w.close(w.reception, { cancelBookings: 'yes' });
    expect(bad.status).toBe(422);
    expect(await w.db.select().from(closures)).toHaveLength(0);
  });
});
