import { describe, expect, it } from 'vitest';
import { adminWorld, errorCode } from '../fixtures/admin-bookings-world';

// The admin world's clock: Monday 12 October 2026, 10:00 in Rome.
const MON = '2026-10-12';

type Booking = {
  status: string;
  checkedInAt: string | null;
  startedAt: string | null;
  outcomeAt: string | null;
  events: Array<{ type: string; from: string | null; to: string | null; actor: { id: string | null } }>;
};
const bookingOf = async (res: Response) => ((await res.json()) as { booking: Booking }).booking;

describe('check-in', () => {
  it('records the arrival once, audited; a second check-in is refused and changes nothing', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(MON, '11:00');
    await w.travel('2026-10-12T10:47:00+02:00');
    const res = await w.call(w.reception, 'POST', `/bookings/${id}/check-in`);
    expect(res.status).toBe(200);
    const b = await bookingOf(res);
    expect(b).toMatchObject({ status: 'confirmed', checkedInAt: '2026-10-12T10:47:00+02:00', startedAt: null });
    expect(b.events.at(-1)).toMatchObject({ type: 'checked_in', to: null, actor: { id: w.reception.user.id } });
    await w.travel('2026-10-12T10:50:00+02:00');
    const again = await w.call(w.admin, 'POST', `/bookings/${id}/check-in`);
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('invalid_transition');
    expect((await w.row(id)).checkedInAt).toBe(Date.parse('2026-10-12T10:47:00+02:00'));
    expect((await w.events(id)).filter((e) => e.type === 'checked_in')).toHaveLength(1);
  });

  it('gives one winner when two people check the same person in at once', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(MON, '11:00');
    const results = await Promise.all([
      w.call(w.reception, 'POST', `/bookings/${id}/check-in`),
      w.call(w.admin, 'POST', `/bookings/${id}/check-in`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await w.events(id)).filter((e) => e.type === 'checked_in')).toHaveLength(1);
  });

  it('refuses another day, a request, a cancelled booking, and a volunteer', async () => {
    const w = await adminWorld();
    const wednesday = await w.confirmed('2026-10-14', '10:00');
    const request = await w.request(MON, '11:00', { volunteer: 1 });
    const cancelled = await w.confirmed(MON, '09:00', { status: 'cancelled' });
    for (const id of [wednesday, request, cancelled]) {
      const res = await w.call(w.reception, 'POST', `/bookings/${id}/check-in`);
      expect(res.status).toBe(409);
      expect((await w.row(id)).checkedInAt).toBeNull();
    }
    const own = await w.confirmed(MON, '11:00', { volunteer: 0 });
    expect((await w.call(w.volunteer, 'POST', `/bookings/${own}/check-in`)).status).toBe(403);
    expect((await w.call(w.reception, 'POST', '/bookings/nope/check-in')).status).toBe(404);
  });
});

describe('start', () => {
  it('starts the meeting: records the start and marks the person attended, audited', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(MON, '10:00');
    await w.travel('2026-10-12T09:52:00+02:00');
    await w.call(w.reception, 'POST', `/bookings/${id}/check-in`);
    await w.travel('2026-10-12T10:04:00+02:00');
    // The volunteer of the booking may start it.
    const res = await w.call(w.volunteer, 'POST', `/bookings/${id}/start`);
    expect(res.status).toBe(200);
    const b = await bookingOf(res);
    expect(b).toMatchObject({
      status: 'attended',
      checkedInAt: '2026-10-12T09:52:00+02:00',
      startedAt: '2026-10-12T10:04:00+02:00',
      outcomeAt: '2026-10-12T10:04:00+02:00',
    });
    expect(b.events.at(-1)).toMatchObject({ type: 'started', from: 'confirmed', to: 'attended' });
    const again = await w.call(w.reception, 'POST', `/bookings/${id}/start`);
    expect(again.status).toBe(409);
  });

  it('keeps an attendance mark made before the start; refuses another volunteer and another day', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(MON, '09:00', { volunteer: 1 });
    await w.call(w.reception, 'POST', `/bookings/${id}/attendance`, { outcome: 'attended' });
    const marked = (await w.row(id)).outcomeAt;
    expect((await w.call(w.volunteer, 'POST', `/bookings/${id}/start`)).status).toBe(403);
    await w.travel('2026-10-12T10:10:00+02:00');
    const res = await w.call(w.admin, 'POST', `/bookings/${id}/start`);
    expect(await bookingOf(res)).toMatchObject({ status: 'attended', startedAt: '2026-10-12T10:10:00+02:00' });
    expect((await w.row(id)).outcomeAt).toBe(marked);
    const wednesday = await w.confirmed('2026-10-14', '10:00');
    expect(await errorCode(await w.call(w.admin, 'POST', `/bookings/${wednesday}/start`))).toBe('invalid_transition');
  });
});
