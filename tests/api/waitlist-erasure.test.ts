import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { runScheduled } from '../../worker/src/jobs/scheduled';
import { offerTimes } from '../../worker/src/waitlist/offers';
import { givenBooking } from '../fixtures/builders';
import { publicWorld } from '../fixtures/public-helpers';
import { staffHeaders } from '../fixtures/staff';
import { givenWaitlistEntry } from '../fixtures/waitlist';

const WED_10 = Date.parse('2026-10-14T10:00:00+02:00');

describe('erasing waitlist entries', () => {
  it('erases a person’s entries and their offer texts on request, even without a booking', async () => {
    const w = await publicWorld();
    const e = await givenWaitlistEntry(w.db, { serviceId: w.serviceId, from: '2026-10-13', to: '2026-10-16' });
    const b = await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: w.volunteerIds[0]!,
      start: WED_10,
      status: 'cancelled',
      phone: '+393479999999',
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
    const app = createApp(w.deps);
    const admin = await staffHeaders(app, w.db, 'admin');
    const res = await app.request('/api/admin/people/erase', {
      method: 'POST',
      headers: { ...admin.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: e.phone }),
    });
    expect(res.status).toBe(200);
    const entry = await w.client.execute('select person_name, phone, status, erased_at from waitlist_entries');
    expect(entry.rows[0]).toMatchObject({ person_name: null, phone: null, status: 'removed' });
    expect(entry.rows[0]!.erased_at).not.toBeNull();
    const texts = await w.client.execute("select recipient, body, status from messages where kind = 'waitlist_offer'");
    expect(texts.rows).toEqual([expect.objectContaining({ recipient: null, body: null, status: 'cancelled' })]);
    const offers = await w.client.execute('select status from waitlist_offers');
    expect(offers.rows[0]!.status).toBe('withdrawn');
  });

  it('erases ended entries past the retention period at the cron, and keeps the others', async () => {
    const w = await publicWorld({ desk: { retentionMonths: 12 } });
    const old = await givenWaitlistEntry(w.db, {
      serviceId: w.serviceId,
      from: '2025-01-10',
      to: '2025-01-20',
      status: 'expired',
      endedAt: Date.parse('2025-01-21T00:00:00Z'),
    });
    const live = await givenWaitlistEntry(w.db, { serviceId: w.serviceId, from: '2026-10-13', to: '2026-10-16' });
    await runScheduled(w.deps, { cron: '*/10 * * * *', scheduledTime: w.clock.now() });
    const rs = await w.client.execute('select id, phone from waitlist_entries order by id');
    const phones = Object.fromEntries(rs.rows.map((r) => [String(r.id), r.phone]));
    expect(phones[old.id]).toBeNull();
    expect(phones[live.id]).toBe(live.phone);
  });
});
