import { describe, expect, it } from 'vitest';
import { adminWorld } from '../fixtures/admin-bookings-world';

const MON = '2026-10-12';
const rome = (hhmm: string, date = MON) => Date.parse(`${date}T${hhmm}:00+02:00`);

describe('dashboard: waiting at the desk', () => {
  it('gives the median minutes from arrival to start, and how many, by channel', async () => {
    const w = await adminWorld();
    // Recorded through the desk's own buttons: arrived 09:52, started 10:10 (18 minutes).
    const booked = await w.confirmed(MON, '10:00', { volunteer: 0 });
    await w.travel('2026-10-12T09:52:00+02:00');
    expect((await w.call(w.reception, 'POST', `/bookings/${booked}/check-in`)).status).toBe(200);
    await w.travel('2026-10-12T10:10:00+02:00');
    expect((await w.call(w.reception, 'POST', `/bookings/${booked}/start`)).status).toBe(200);
    // Another widget booking waited 6 minutes; a walk-in 25; a phone booking arrived but has not started.
    await w.confirmed(MON, '09:00', { volunteer: 1, checkedInAt: rome('08:58'), startedAt: rome('09:04') });
    await w.confirmed(MON, '11:00', {
      volunteer: 1,
      channel: 'walk_in',
      checkedInAt: rome('10:30'),
      startedAt: rome('10:55'),
    });
    await w.confirmed(MON, '11:00', { volunteer: 0, channel: 'reception', checkedInAt: rome('10:40') });
    // Another month does not count.
    await w.confirmed('2026-09-30', '10:00', {
      checkedInAt: rome('09:00', '2026-09-30'),
      startedAt: rome('10:30', '2026-09-30'),
    });

    const res = await w.call(w.admin, 'GET', '/dashboard');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { waiting: unknown };
    expect(body.waiting).toEqual([
      { channel: 'widget', count: 2, medianMinutes: 12 },
      { channel: 'walk_in', count: 1, medianMinutes: 25 },
    ]);
    const september = (await (await w.call(w.reception, 'GET', '/dashboard?month=2026-09')).json()) as {
      waiting: unknown;
    };
    expect(september.waiting).toEqual([{ channel: 'widget', count: 1, medianMinutes: 90 }]);
  });
});
