import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings, deskSettings } from '../../worker/src/db/schema';
import { givenBooking } from '../fixtures/builders';
import { adminWorld, at, NOW, WED, type AdminWorld } from '../fixtures/admin-bookings-world';
import { lineProblems, parseCalendar, wallClock } from '../fixtures/ical-helpers';

const DAY = 86_400_000;
const NOW_MS = Date.parse(NOW);

/** The path of a feed URL, ready for app.request. */
const pathOf = (url: string) => new URL(url).pathname;

async function volunteerFeeds(w: AdminWorld): Promise<{ id: string; icalUrl: string; webcalUrl: string }[]> {
  const res = await w.call(w.admin, 'GET', '/volunteers');
  expect(res.status).toBe(200);
  return ((await res.json()) as { volunteers: { id: string; icalUrl: string; webcalUrl: string }[] }).volunteers;
}

async function feedPathOf(w: AdminWorld, volunteer = 0): Promise<string> {
  const feeds = await volunteerFeeds(w);
  const feed = feeds.find((f) => f.id === w.volunteerIds[volunteer]);
  if (!feed) throw new Error('volunteer feed missing');
  return pathOf(feed.icalUrl);
}

async function deskFeedPath(w: AdminWorld): Promise<string> {
  const res = await w.call(w.reception, 'GET', '/settings');
  expect(res.status).toBe(200);
  return pathOf(((await res.json()) as { deskIcalUrl: string }).deskIcalUrl);
}

async function fetchFeed(w: AdminWorld, path: string, headers: Record<string, string> = {}) {
  const res = await w.app.request(path, { headers });
  const text = await res.text();
  return { res, text, cal: res.status === 200 ? parseCalendar(text) : null };
}

async function calendarOf(w: AdminWorld, path: string) {
  const { res, text, cal } = await fetchFeed(w, path);
  expect(res.status, text).toBe(200);
  expect(lineProblems(text)).toEqual([]);
  return cal!;
}

const uid = (id: string) => `${id}@sportello`;

describe('a volunteer’s feed', () => {
  it('lists their appointments at the booked instants, across the DST change, and nobody else’s', async () => {
    const w = await adminWorld();
    const summer = await w.confirmed(WED, '10:00');
    // Monday 26 October: the clocks went back on Sunday, Rome is +01:00.
    const winterStart = Date.parse('2026-10-26T09:00:00+01:00');
    const winter = (
      await givenBooking(w.db, {
        serviceId: w.serviceId,
        volunteerId: w.volunteerIds[0]!,
        start: winterStart,
        minutes: 45,
        localDate: '2026-10-26',
        localTime: '09:00',
      })
    ).id;
    const other = await w.confirmed(WED, '11:00', { volunteer: 1 });
    const path = await feedPathOf(w);
    w.resetRoundTrips();
    const { res, text, cal } = await fetchFeed(w, path);
    expect(res.status).toBe(200);
    expect(w.roundTrips()).toBeLessThanOrEqual(2);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, max-age=300');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename=".+\.ics"$/);
    expect(res.headers.get('etag')).toMatch(/^W\/".+"$/);
    expect(lineProblems(text)).toEqual([]);

    expect(cal!.events.map((e) => e.uid).sort()).toEqual([uid(summer), uid(winter)].sort());
    expect(text).not.toContain(other);
    const s = cal!.byUid(uid(summer));
    expect(s.start).toBe(Date.parse(at(WED, '10:00')));
    expect(s.end).toBe(Date.parse(at(WED, '11:00')));
    const wi = cal!.byUid(uid(winter));
    expect(wi.start).toBe(winterStart);
    expect(wi.end).toBe(winterStart + 45 * 60_000);
    expect(wallClock(wi.start, 'Europe/Rome')).toBe('2026-10-26 09:00');
    expect(cal!.prop('x-wr-timezone')).toBe('Europe/Rome');
    expect(cal!.prop('x-wr-calname')).toBe('Sportello Lavoro – Volontario 1');

    // Minimal personal data: first name and initial, never the surname or the phone.
    expect(s.summary).toMatch(/^Revisione CV – Maria R\. – R\d+$/);
    expect(s.location).toBe('Via Bertoni 4, Roma');
    expect(text).not.toContain('Rossi');
    expect(text).not.toContain('3471234567');
  });

  it('offers a webcal:// link next to the https one', async () => {
    const w = await adminWorld();
    const [feed] = await volunteerFeeds(w);
    expect(feed!.icalUrl).toMatch(/^https:\/\/sportello\.test\/ical\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(feed!.webcalUrl).toBe(feed!.icalUrl.replace(/^https:/, 'webcal:'));
    expect((await w.app.request(pathOf(feed!.webcalUrl.replace(/^webcal:/, 'https:')))).status).toBe(200);
  });

  it('raises SEQUENCE on every change and keeps the UID: confirm, reschedule, cancel', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    const path = await feedPathOf(w);
    const seen = async () => (await calendarOf(w, path)).byUid(uid(id));

    const requested = await seen();
    expect(requested).toMatchObject({ status: 'TENTATIVE', sequence: 0 });

    expect((await w.call(w.reception, 'POST', `/bookings/${id}/confirm`, {})).status).toBe(200);
    const confirmed = await seen();
    expect(confirmed.status).toBe('CONFIRMED');
    expect(confirmed.sequence).toBeGreaterThan(requested.sequence);

    const moved = await w.call(w.reception, 'POST', `/bookings/${id}/reschedule`, { start: at(WED, '11:00') });
    expect(moved.status).toBe(200);
    const rescheduled = await seen();
    expect(rescheduled.sequence).toBeGreaterThan(confirmed.sequence);
    expect(rescheduled.start).toBe(Date.parse(at(WED, '11:00')));
    expect(rescheduled.uid).toBe(uid(id));

    expect((await w.call(w.reception, 'POST', `/bookings/${id}/cancel`, { reason: 'Malattia' })).status).toBe(200);
    const cancelled = await seen();
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.sequence).toBeGreaterThan(rescheduled.sequence);
    expect(cancelled.start).toBe(Date.parse(at(WED, '11:00')));
    // The reschedule counts once, not twice (its own bump and the trigger's).
    expect((await w.row(id)).icalSequence).toBe(3);
  });

  it('shows a cancellation from the person’s manage link as CANCELLED with a higher SEQUENCE', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00', { manageCode: 'manage-code-ical-1' });
    const path = await feedPathOf(w);
    const before = (await calendarOf(w, path)).byUid(uid(id));
    const res = await w.app.request('/m/manage-code-ical-1/cancel', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'confirm=yes&lang=it',
    });
    expect(res.status).toBe(303);
    const after = (await calendarOf(w, path)).byUid(uid(id));
    expect(after.status).toBe('CANCELLED');
    expect(after.sequence).toBeGreaterThan(before.sequence);
  });

  it('covers the last 30 and next 180 days, and drops closed bookings 30 days after they closed', async () => {
    const w = await adminWorld();
    const v = w.volunteerIds[0]!;
    const add = async (start: number, o: Partial<typeof bookings.$inferInsert> = {}) =>
      (await givenBooking(w.db, { serviceId: w.serviceId, volunteerId: v, start, status: 'attended', ...o })).id;
    const old = await add(NOW_MS - 31 * DAY);
    const recent = await add(NOW_MS - 29 * DAY);
    const far = await add(NOW_MS + 181 * DAY, { status: 'confirmed' });
    const ahead = await add(NOW_MS + 179 * DAY, { status: 'confirmed' });
    const longCancelled = await add(NOW_MS + 5 * DAY, { status: 'cancelled', cancelledAt: NOW_MS - 31 * DAY });
    const justCancelled = await add(NOW_MS + 6 * DAY, { status: 'cancelled', cancelledAt: NOW_MS - 29 * DAY });
    const longExpired = await add(NOW_MS + 7 * DAY, { status: 'expired', updatedAt: NOW_MS - 40 * DAY });
    const justRejected = await add(NOW_MS + 8 * DAY, { status: 'rejected', updatedAt: NOW_MS - DAY });
    const cal = await calendarOf(w, await feedPathOf(w));
    expect(cal.events.map((e) => e.uid).sort()).toEqual([recent, ahead, justCancelled, justRejected].map(uid).sort());
    for (const gone of [old, far, longCancelled, longExpired])
      expect(cal.events.map((e) => e.uid)).not.toContain(uid(gone));
    expect(cal.byUid(uid(justCancelled)).status).toBe('CANCELLED');
    expect(cal.byUid(uid(justRejected)).status).toBe('CANCELLED');
    expect(cal.byUid(uid(recent)).status).toBe('CONFIRMED');

    // Two days later that cancellation is 31 days old and has aged out of the feed.
    await w.travel(new Date(NOW_MS + 2 * DAY).toISOString());
    expect((await calendarOf(w, await feedPathOf(w))).events.map((e) => e.uid)).not.toContain(uid(justCancelled));
  });

  it('answers 304 to a matching If-None-Match, and a new ETag once something changed', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    const path = await feedPathOf(w);
    const first = await fetchFeed(w, path);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toBeTruthy();

    const again = await w.app.request(path, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('private, max-age=300');
    // Strong form and lists match too (weak comparison).
    expect((await w.app.request(path, { headers: { 'If-None-Match': `"x", ${etag.slice(2)}` } })).status).toBe(304);
    expect((await w.app.request(path, { headers: { 'If-None-Match': '"something-else"' } })).status).toBe(200);

    expect((await w.call(w.reception, 'POST', `/bookings/${id}/cancel`, { reason: 'Chiuso' })).status).toBe(200);
    const changed = await w.app.request(path, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(parseCalendar(await changed.text()).byUid(uid(id)).status).toBe('CANCELLED');
  });

  it('stops answering the old URL once the link is rotated; the new one works', async () => {
    const w = await adminWorld();
    await w.confirmed(WED, '10:00');
    const oldPath = await feedPathOf(w);
    expect((await w.app.request(oldPath)).status).toBe(200);
    const rotated = await w.call(w.volunteer, 'POST', `/volunteers/${w.volunteerIds[0]}/ical/rotate`);
    expect(rotated.status).toBe(200);
    const { icalUrl } = (await rotated.json()) as { icalUrl: string };
    expect(pathOf(icalUrl)).not.toBe(oldPath);
    const gone = await w.app.request(oldPath);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await w.app.request(pathOf(icalUrl))).status).toBe(200);
    expect(await feedPathOf(w)).toBe(pathOf(icalUrl));
  });

  it('answers 404 to unknown and malformed tokens, and to a deactivated volunteer', async () => {
    const w = await adminWorld();
    for (const path of [
      `/ical/${'A'.repeat(43)}.ics`,
      '/ical/short.ics',
      '/ical/not-a-token',
      '/ical/%00%0a.ics',
      `/ical/${'x'.repeat(500)}.ics`,
    ]) {
      const res = await w.app.request(path);
      expect(res.status, path).toBe(404);
    }
    const path = await feedPathOf(w, 1);
    expect((await w.app.request(path)).status).toBe(200);
    expect((await w.call(w.admin, 'PATCH', `/volunteers/${w.volunteerIds[1]}`, { active: false })).status).toBe(200);
    expect((await w.app.request(path)).status).toBe(404);
  });
});

describe('the desk feed', () => {
  it('lists every volunteer’s appointments, with the phone only when the desk setting is on', async () => {
    const w = await adminWorld();
    const a = await w.confirmed(WED, '10:00');
    const b = await w.request(WED, '10:00', { volunteer: 1, personName: 'Luca Verdi', phone: '+393330001111' });
    const path = await deskFeedPath(w);
    const { res, text, cal } = await fetchFeed(w, path);
    expect(res.status).toBe(200);
    expect(cal!.events.map((e) => e.uid).sort()).toEqual([uid(a), uid(b)].sort());
    expect(cal!.byUid(uid(a)).summary).toMatch(/Maria R\. – R\d+ \(Volontario 1\)$/);
    expect(cal!.byUid(uid(b))).toMatchObject({ status: 'TENTATIVE' });
    expect(cal!.byUid(uid(b)).summary).toContain('Luca V.');
    expect(text).not.toContain('3330001111');
    const etag = res.headers.get('etag')!;

    const saved = await w.call(w.admin, 'PATCH', '/settings', { icalIncludePhone: true });
    expect(saved.status).toBe(200);
    const withPhone = await fetchFeed(w, path, { 'If-None-Match': etag });
    expect(withPhone.res.status).toBe(200);
    expect(withPhone.cal!.byUid(uid(b)).description).toContain('+393330001111');
    expect(withPhone.cal!.byUid(uid(a)).description).toContain('+393471234567');
    // The setting is for reception: the volunteer's own feed stays without phones.
    expect((await fetchFeed(w, await feedPathOf(w, 1))).text).not.toContain('3330001111');
  });

  it('is revoked by rotation', async () => {
    const w = await adminWorld();
    const oldPath = await deskFeedPath(w);
    expect((await w.app.request(oldPath)).status).toBe(200);
    const rotated = await w.call(w.reception, 'POST', '/settings/ical/rotate');
    expect(rotated.status).toBe(200);
    const { deskIcalUrl } = (await rotated.json()) as { deskIcalUrl: string };
    expect((await w.app.request(oldPath)).status).toBe(404);
    expect((await w.app.request(pathOf(deskIcalUrl))).status).toBe(200);
  });
});

describe('add to calendar for the person who booked', () => {
  it('serves the appointment as a one-event file with the feeds’ UID, linked from the manage page', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00', { manageCode: 'manage-code-ical-2', language: 'en' });
    const page = await w.app.request('/m/manage-code-ical-2');
    const html = await page.text();
    expect(html).toContain('href="/m/manage-code-ical-2/calendar.ics?lang=en"');
    expect(html).toContain('Add to calendar');

    const res = await w.app.request('/m/manage-code-ical-2/calendar.ics?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="sportello-R\d+\.ics"$/);
    const text = await res.text();
    expect(lineProblems(text)).toEqual([]);
    const cal = parseCalendar(text);
    expect(cal.events).toHaveLength(1);
    const e = cal.byUid(uid(id));
    expect(e).toMatchObject({ status: 'CONFIRMED', sequence: 0, start: Date.parse(at(WED, '10:00')) });
    expect(e.summary).toBe('Sportello Lavoro: CV review');
    expect(e.url).toBe('https://sportello.test/m/manage-code-ical-2');

    // After a reschedule, importing it again updates the same event.
    await w.call(w.reception, 'POST', `/bookings/${id}/reschedule`, { start: at(WED, '11:00') });
    const again = parseCalendar(await (await w.app.request('/m/manage-code-ical-2/calendar.ics')).text());
    expect(again.byUid(uid(id)).sequence).toBeGreaterThan(0);
    expect(again.byUid(uid(id)).start).toBe(Date.parse(at(WED, '11:00')));
  });

  it('has no link once the appointment is closed, and 404 for an unknown code', async () => {
    const w = await adminWorld();
    await w.confirmed(WED, '10:00', { manageCode: 'manage-code-ical-3' });
    await w.db
      .update(bookings)
      .set({ status: 'cancelled', cancelledAt: NOW_MS })
      .where(eq(bookings.manageCode, 'manage-code-ical-3'));
    expect(await (await w.app.request('/m/manage-code-ical-3')).text()).not.toContain('calendar.ics');
    const closed = parseCalendar(await (await w.app.request('/m/manage-code-ical-3/calendar.ics')).text());
    expect(closed.events[0]).toMatchObject({ status: 'CANCELLED', sequence: 1 });
    expect((await w.app.request('/m/no-such-code/calendar.ics')).status).toBe(404);
  });
});

describe('who publishes a feed', () => {
  it('is the desk, by its e-mail address, or else by the deployment address, in every event', async () => {
    const w = await adminWorld();
    await w.confirmed(WED, '10:00');
    await w.db.update(deskSettings).set({ email: '' });
    const path = await feedPathOf(w);
    const without = await fetchFeed(w, path);
    // PRODUCT.md: feeds carry METHOD:PUBLISH, so a desk without an e-mail is named by its web address.
    expect(without.cal!.prop('method')).toBe('PUBLISH');
    expect(without.text).toMatch(/\r\nORGANIZER;CN="Sportello Lavoro":https?:\/\/[^\r]+\r\n/);
    expect(without.text).not.toContain('mailto:');

    await w.db.update(deskSettings).set({ email: 'sportello@associazione.it' });
    const { text, cal } = await fetchFeed(w, path, { 'If-None-Match': without.res.headers.get('etag')! });
    // The address is part of the feed's data: a changed address is a changed feed, not a 304.
    expect(cal!.prop('method')).toBe('PUBLISH');
    expect(text).toMatch(/\r\nORGANIZER;CN="Sportello Lavoro":mailto:sportello@associazione\.it\r\n/);
  });
});
