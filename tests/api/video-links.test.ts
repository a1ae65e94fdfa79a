/**
 * Remote appointments always carry a video link (PRODUCT.md): the volunteer's own, or a room on the desk's
 * video server. Without either, the volunteer is not offered for remote slots and staff cannot give them one.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings, messages, volunteers } from '../../worker/src/db/schema';
import { reminders } from '../../worker/src/jobs/reminders';
import { adminWorld, at, WED, type AdminWorld } from '../fixtures/admin-bookings-world';
import { postRequest, requestBody } from '../fixtures/public-helpers';

const BASE = 'https://video.example.org';
const OWN = 'https://meet.example.org/sportello-sara';
const ROOM_LINK = new RegExp(`^${BASE.replace(/\./g, '\\.')}/sportello-[a-z2-7]{26}$`);

async function remoteTimes(w: AdminWorld, date = WED): Promise<string[]> {
  const res = await w.app.request(
    `/api/public/availability?service=${w.serviceId}&mode=remote&from=${date}&to=${date}`,
  );
  expect(res.status).toBe(200);
  const body = (await res.json()) as { days: { date: string; slots: { start: string }[] }[] };
  return body.days.flatMap((d) => d.slots.map((s) => s.start.slice(11, 16)));
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

async function texts(w: AdminWorld, bookingId: string) {
  return w.db.select().from(messages).where(eq(messages.bookingId, bookingId));
}

/** Reception books a remote appointment on Wednesday, for `volunteerId` if given. */
function bookRemote(w: AdminWorld, hhmm: string, volunteerId?: string): Promise<Response> {
  const who = volunteerId === undefined ? {} : { volunteerId };
  const body = {
    service: w.serviceId,
    mode: 'remote',
    start: at(WED, hhmm),
    name: 'Luca Verdi',
    phone: '347 000 1111',
  };
  return w.call(w.reception, 'POST', '/bookings', { ...body, ...who });
}

/** Two volunteers, both working Wednesday 09:00–12:00: the first with no link, the second with its own. */
async function world(videoRoomBase = '') {
  const w = await adminWorld({ desk: { videoRoomBase } });
  const [bare, own] = w.volunteerIds as [string, string];
  await w.db.update(volunteers).set({ videoLink: OWN }).where(eq(volunteers.id, own));
  return { w, bare, own };
}

describe('remote appointments without a desk video server', () => {
  it('offer only volunteers with a link of their own', async () => {
    const { w, bare, own } = await world();
    // Book the one with a link at 10:00: that remote time is gone, though the other volunteer is free.
    await w.confirmed(WED, '10:00', { volunteer: 1, mode: 'remote' });
    expect(await remoteTimes(w)).toEqual(['09:00', '11:00']);
    // In person both are offered as before.
    const inPerson = await w.app.request(
      `/api/public/availability?service=${w.serviceId}&mode=in_person&from=${WED}&to=${WED}`,
    );
    expect(JSON.stringify(await inPerson.json())).toContain(`${WED}T10:00`);
    // Without the one who has a link, nobody is offered for remote.
    await w.db.update(volunteers).set({ videoLink: null }).where(eq(volunteers.id, own));
    expect(await remoteTimes(w)).toEqual([]);
    // A person's request for a remote time is refused as a taken slot; nothing is stored.
    const res = await postRequest(w.app, requestBody(w.serviceId, { mode: 'remote', start: at(WED, '09:00') }));
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('slot_unavailable');
    expect(bare).toBeTruthy();
  });

  it('refuse staff booking, confirming or moving a remote appointment to a volunteer without a link', async () => {
    const { w, bare, own } = await world();
    const booked = await bookRemote(w, '09:00', bare);
    expect(booked.status).toBe(409);
    expect(await errorCode(booked)).toBe('video_link_missing');
    expect(await w.db.select().from(bookings)).toHaveLength(0);

    // A request held by the volunteer with a link cannot be confirmed to the one without.
    const request = await w.request(WED, '10:00', { volunteer: 1, mode: 'remote', videoRoom: 'x'.repeat(26) });
    const confirm = await w.call(w.reception, 'POST', `/bookings/${request}/confirm`, { volunteerId: bare });
    expect(confirm.status).toBe(409);
    expect(await errorCode(confirm)).toBe('video_link_missing');
    expect((await w.row(request)).status).toBe('requested');
    expect(await texts(w, request)).toEqual([]);

    const booking = await w.confirmed(WED, '11:00', { volunteer: 1, mode: 'remote' });
    const moved = await w.call(w.reception, 'POST', `/bookings/${booking}/reschedule`, {
      start: at(WED, '09:00'),
      volunteerId: bare,
    });
    expect(moved.status).toBe(409);
    expect(await errorCode(moved)).toBe('video_link_missing');
    expect((await w.row(booking)).volunteerId).toBe(own);

    // The portal says why: the volunteer has remote shifts and no link.
    const list = (await (await w.call(w.reception, 'GET', '/volunteers')).json()) as {
      volunteers: { id: string; videoLinkMissing: boolean }[];
    };
    expect(list.volunteers.find((v) => v.id === bare)?.videoLinkMissing).toBe(true);
    expect(list.volunteers.find((v) => v.id === own)?.videoLinkMissing).toBe(false);
  });
});

describe('remote appointments with a desk video server', () => {
  it('offer everyone, and carry the room link in the SMS, the manage page, the iCal files and the staff API', async () => {
    const { w, bare } = await world(BASE);
    expect(await remoteTimes(w)).toEqual(['09:00', '10:00', '11:00']);
    const list = (await (await w.call(w.admin, 'GET', '/volunteers')).json()) as {
      volunteers: { id: string; videoLinkMissing: boolean; icalUrl: string }[];
    };
    expect(list.volunteers.every((v) => !v.videoLinkMissing)).toBe(true);

    // The person asks; the room is written with the request.
    const res = await postRequest(w.app, requestBody(w.serviceId, { mode: 'remote', start: at(WED, '10:00') }));
    expect(res.status).toBe(201);
    const { manageUrl } = (await res.json()) as { manageUrl: string };
    const [row] = await w.db.select().from(bookings);
    expect(row!.videoRoom).toMatch(/^[a-z2-7]{26}$/);
    const link = `${BASE}/sportello-${row!.videoRoom}`;

    // Confirmed to the volunteer without a link of their own: the room's link.
    const confirm = await w.call(w.reception, 'POST', `/bookings/${row!.id}/confirm`, { volunteerId: bare });
    expect(confirm.status).toBe(200);
    const [confirmation] = await texts(w, row!.id);
    expect(confirmation!.kind).toBe('confirmation');
    expect(confirmation!.body).toContain(` ${link}\n`);

    // The staff API.
    const detail = (await (await w.call(w.reception, 'GET', `/bookings/${row!.id}`)).json()) as {
      booking: { videoLink: string | null };
    };
    expect(detail.booking.videoLink).toBe(link);
    expect(detail.booking.videoLink).toMatch(ROOM_LINK);
    const agenda = (await (await w.call(w.reception, 'GET', `/bookings?from=${WED}&to=${WED}`)).json()) as {
      bookings: { id: string; videoLink: string | null }[];
    };
    expect(agenda.bookings.find((b) => b.id === row!.id)?.videoLink).toBe(link);

    // The manage page, as a link the person can follow.
    const path = new URL(manageUrl).pathname;
    const page = await (await w.app.request(path)).text();
    expect(page).toContain(`<a href="${link}">${link}</a>`);

    // The "add to calendar" file and the volunteer's feed: LOCATION and URL.
    const ics = await (await w.app.request(`${path}/calendar.ics`)).text();
    expect(unfold(ics)).toContain(`LOCATION:${link}`);
    expect(unfold(ics)).toContain(`URL:${link}`);
    const feedUrl = list.volunteers.find((v) => v.id === bare)!.icalUrl;
    const feed = await (await w.app.request(new URL(feedUrl).pathname)).text();
    expect(unfold(feed)).toContain(`URL:${link}`);

    // The reminder, written by the job the evening before.
    await reminders(w.deps, { cron: '0 16,17 * * *', now: Date.parse('2026-10-13T16:00:00Z') });
    const reminder = (await texts(w, row!.id)).find((m) => m.kind === 'reminder');
    expect(reminder?.body).toContain(` ${link}\n`);

    // Cancelled: the page stops promising a link, and shows none.
    const cancelled = await w.call(w.reception, 'POST', `/bookings/${row!.id}/cancel`, { reason: 'Malattia' });
    expect(cancelled.status).toBe(200);
    const after = await (await w.app.request(`${path}?lang=it`)).text();
    expect(after).not.toContain(link);
    expect(after).not.toContain('ti mandiamo il link');
    expect(after).toContain('Videochiamata');
  });

  it('a volunteer with a link of their own keeps it; staff booking gets the link of the volunteer it lands on', async () => {
    const { w, own } = await world(BASE);
    const booked = await bookRemote(w, '09:00', own);
    expect(booked.status).toBe(201);
    const { id } = ((await booked.json()) as { booking: { id: string } }).booking;
    const [confirmation] = await texts(w, id);
    expect(confirmation!.body).toContain(` ${OWN}\n`);
    // Either volunteer may be chosen when none is asked for: the text matches the one the booking got.
    const any = await bookRemote(w, '10:00');
    expect(any.status).toBe(201);
    const anyId = ((await any.json()) as { booking: { id: string } }).booking.id;
    const stored = await w.row(anyId);
    const sent = await texts(w, anyId);
    expect(sent).toHaveLength(1);
    const expected = stored.volunteerId === own ? OWN : `${BASE}/sportello-${stored.videoRoom}`;
    expect(sent[0]!.body).toContain(` ${expected}\n`);
  });
});

describe('the desk setting videoRoomBase', () => {
  it('takes an https server (trailing slash dropped) and refuses anything else', async () => {
    const { w } = await world();
    const ok = await w.call(w.admin, 'PATCH', '/settings', { videoRoomBase: 'https://meet.example.org/rooms/' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { settings: { videoRoomBase: string } }).settings.videoRoomBase).toBe(
      'https://meet.example.org/rooms',
    );
    for (const bad of [
      'http://meet.example.org',
      'https://meet.example.org/?room=1',
      'https://meet.example.org/#x',
      'https://user:pw@meet.example.org',
      'meet.example.org',
      `https://${'a'.repeat(80)}.org`,
    ]) {
      const res = await w.call(w.admin, 'PATCH', '/settings', { videoRoomBase: bad });
      expect(res.status, bad).toBe(422);
      const body = (await res.json()) as { error: { fields: Record<string, string> } };
      expect(Object.keys(body.error.fields)).toEqual(['videoRoomBase']);
    }
    expect((await w.call(w.reception, 'PATCH', '/settings', { videoRoomBase: '' })).status).toBe(403);
    const cleared = await w.call(w.admin, 'PATCH', '/settings', { videoRoomBase: '' });
    expect(((await cleared.json()) as { settings: { videoRoomBase: string } }).settings.videoRoomBase).toBe('');
  });
});

/** iCalendar lines unfolded (a long line continues on the next one after a space). */
function unfold(ics: string): string {
  return ics.replace(/\r\n[ \t]/g, '');
}
