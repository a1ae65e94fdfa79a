import { describe, expect, it } from 'vitest';
import { offerTimes } from '../../worker/src/waitlist/offers';
import { givenBooking } from '../fixtures/builders';
import { publicWorld, type PublicWorld } from '../fixtures/public-helpers';
import { allOffers, givenWaitlistEntry } from '../fixtures/waitlist';

const WED_10 = Date.parse('2026-10-14T10:00:00+02:00');
const HOUR = 3_600_000;

async function offered(w: PublicWorld, people = 1, language: 'it' | 'ar' = 'it') {
  const entries = [];
  for (let i = 0; i < people; i++) {
    entries.push(
      await givenWaitlistEntry(w.db, { serviceId: w.serviceId, from: '2026-10-13', to: '2026-10-16', language }),
    );
  }
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
      endAt: WED_10 + HOUR,
      freedAt: w.clock.now(),
      sourceBookingId: b.id,
    },
  ]);
  return { entries, offers: await allOffers(w.db) };
}

const post = (w: PublicWorld, path: string, body = 'lang=it') =>
  w.app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });

describe('the /w/ pages', () => {
  it('shows the offered time with take and decline, and changes nothing on GET', async () => {
    const w = await publicWorld();
    const { offers } = await offered(w);
    const res = await w.app.request(`/w/${offers[0]!.code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const text = await res.text();
    expect(text).toContain('<html lang="it" dir="ltr">');
    expect(text).toContain('Si è liberato un orario');
    expect(text).toContain('mercoledì 14 ottobre');
    expect(text).toContain(`action="/w/${offers[0]!.code}/take"`);
    expect(text).toContain(`action="/w/${offers[0]!.code}/decline"`);
    expect((await allOffers(w.db))[0]!.status).toBe('open');
  });

  it('speaks the entry’s language, right to left in Arabic', async () => {
    const w = await publicWorld();
    const { offers } = await offered(w, 1, 'ar');
    const text = await (await w.app.request(`/w/${offers[0]!.code}`)).text();
    expect(text).toContain('<html lang="ar" dir="rtl">');
    expect(text).toContain('توفر موعد');
  });

  it('takes the time: 303 to the new booking’s manage page; a second person is told kindly it went', async () => {
    const w = await publicWorld();
    w.clock.set('2026-10-13T16:00:00Z');
    const { offers } = await offered(w, 2);
    const res = await post(w, `/w/${offers[0]!.code}/take`);
    expect(res.status).toBe(303);
    const location = res.headers.get('Location')!;
    expect(location).toMatch(/^\/m\/[A-Za-z0-9_-]+\?lang=it$/);
    const manage = await w.app.request(location);
    expect(manage.status).toBe(200);
    expect(await manage.text()).toContain('Confermato');
    const late = await post(w, `/w/${offers[1]!.code}/take`);
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('Questo orario non è più libero. Resti in lista d&#39;attesa.');
  });

  it('declines: the page thanks and says the person stays on the list', async () => {
    const w = await publicWorld();
    const { offers } = await offered(w);
    const res = await post(w, `/w/${offers[0]!.code}/decline`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Lo passiamo a un&#39;altra persona');
    expect((await allOffers(w.db))[0]!.status).toBe('declined');
  });

  it('the entry’s page shows the open offer, and leaving removes the entry and withdraws it', async () => {
    const w = await publicWorld();
    const { entries, offers } = await offered(w);
    const page = await (await w.app.request(`/w/${entries[0]!.manageCode}`)).text();
    expect(page).toContain(`href="/w/${offers[0]!.code}?lang=it"`);
    const res = await post(w, `/w/${entries[0]!.manageCode}/leave`);
    expect(res.status).toBe(303);
    const after = await (await w.app.request(res.headers.get('Location')!)).text();
    expect(after).toContain('Sei uscito dalla lista d&#39;attesa.');
    expect((await allOffers(w.db))[0]!.status).toBe('withdrawn');
    const rs = await w.client.execute('select status from waitlist_entries');
    expect(rs.rows[0]!.status).toBe('removed');
  });

  it('answers an unknown or malformed code with 404', async () => {
    const w = await publicWorld();
    expect((await w.app.request('/w/nothing-here')).status).toBe(404);
    expect((await w.app.request('/w/%3Cscript%3E')).status).toBe(404);
    expect((await post(w, '/w/nothing-here/take')).status).toBe(404);
  });
});
