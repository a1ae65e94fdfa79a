import { describe, expect, it } from 'vitest';
import { adminWorld, WED } from '../fixtures/admin-bookings-world';

describe('odd input to the staff bookings API', () => {
  it('never answers 5xx to malformed bodies and queries', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    const bodies: unknown[] = [
      'null',
      '[]',
      '7',
      '"x"',
      { reason: 5 },
      { start: 12 },
      { volunteerId: [] },
      { note: {} },
      { outcome: null },
    ];
    for (const action of ['confirm', 'reject', 'cancel', 'reschedule', 'attendance', 'note']) {
      for (const body of bodies) {
        const res = await w.call(w.admin, 'POST', `/bookings/${id}/${action}`, body);
        expect(res.status, `${action} ${JSON.stringify(body)}`).toBeLessThan(500);
      }
    }
    for (const body of bodies) {
      const res = await w.call(w.admin, 'POST', '/bookings', body);
      expect(res.status).toBe(422);
    }
    for (const q of [
      'status=',
      'from=&to=',
      'volunteer=' + 'x'.repeat(500),
      'status=requested&status=confirmed',
      'from=0000-01-01',
    ]) {
      const res = await w.call(w.admin, 'GET', `/bookings?${q}`);
      expect(res.status, q).toBeLessThan(500);
    }
    const far = await w.call(w.admin, 'POST', `/bookings/${id}/reschedule`, { start: '9999-12-31T10:00:00Z' });
    expect(far.status).toBe(409);
    expect(
      (await w.call(w.admin, 'GET', `/bookings/slots?service=${w.serviceId}&mode=remote&exclude=${'y'.repeat(300)}`))
        .status,
    ).toBe(200);
  });
});
