import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { bookings, closures, volunteers } from '../../worker/src/db/schema';
import { sha256Hex } from '../../worker/src/lib/ids';
import { givenBooking, givenDesk, givenService, givenShift, givenVolunteer } from '../fixtures/builders';
import { createTestDb, type TestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';
import { staffCall as call, staffHeaders, type SignedIn } from '../fixtures/staff';

/** Monday 12 October 2026, 10:00 in Rome. Wednesday 14 October is the day the tests book into. */
const NOW = '2026-10-12T08:00:00Z';
const WEDNESDAY = 3;

type World = TestDb & {
  app: ReturnType<typeof createApp>;
  clock: ReturnType<typeof fixedClock>;
  serviceId: string;
  admin: SignedIn;
  reception: SignedIn;
  volunteer: SignedIn & { volunteerId: string; userId: string };
};

async function world(): Promise<World> {
  const t = await createTestDb();
  await givenDesk(t.db, { minNoticeMinutes: 0, horizonDays: 60 });
  const service = await givenService(t.db, { durationMinutes: 60 });
  const clock = fixedClock(NOW);
  const app = createApp(testDeps(t.db, { clock }));
  const admin = await staffHeaders(app, t.db, 'admin');
  const reception = await staffHeaders(app, t.db, 'reception');
  const volunteer = await staffHeaders(app, t.db, 'volunteer');
  return {
    ...t,
    app,
    clock,
    serviceId: service.id,
    admin,
    reception,
    volunteer: { ...volunteer, volunteerId: volunteer.user.volunteerId!, userId: volunteer.user.id },
  };
}

/** Start times ('HH:MM' local) offered on a date by the public availability endpoint. */
async function slotsOn(w: World, date: string, mode = 'in_person'): Promise<string[]> {
  const res = await w.app.request(
    `/api/public/availability?service=${w.serviceId}&mode=${mode}&from=${date}&to=${date}`,
  );
  expect(res.status).toBe(200);
  const body = (await res.json()) as { days: { date: string; slots: { start: string }[] }[] };
  return body.days.flatMap((d) => d.slots.map((s) => s.start.slice(11, 16)));
}

const tokenOf = (icalUrl: string) => /\/ical\/([A-Za-z0-9_-]+)\.ics$/.exec(icalUrl)?.[1] ?? '';

let w: World;
beforeEach(async () => {
  w = await world();
});

describe('volunteers', () => {
  it('creates a volunteer with a working iCal link and lists it', async () => {
    const created = await call(w, 'POST', '/api/admin/volunteers', w.reception, {
      name: '  Giulia Bianchi ',
      phone: '+39 347 765 4321',
      email: 'giulia@example.org',
      videoLink: 'https://meet.example.org/giulia',
    });
    expect(created.status).toBe(201);
    const v = created.json.volunteer;
    expect(v).toMatchObject({
      name: 'Giulia Bianchi',
      active: true,
      phone: '+39 347 765 4321',
      email: 'giulia@example.org',
      videoLink: 'https://meet.example.org/giulia',
      shiftsCount: 0,
      staffUserId: null,
    });
    expect(v.icalUrl).toMatch(/^https:\/\/sportello\.test\/ical\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(v.webcalUrl).toBe(v.icalUrl.replace('https://', 'webcal://'));

    // The feed finds the volunteer by the token's hash.
    const [row] = await w.db.select().from(volunteers).where(eq(volunteers.id, v.id));
    expect(row?.icalTokenHash).toBe(await sha256Hex(tokenOf(v.icalUrl)));

    const list = await call(w, 'GET', '/api/admin/volunteers', w.admin);
    expect(list.status).toBe(200);
    const listed = list.json.volunteers.find((x: { id: string }) => x.id === v.id);
    expect(listed).toMatchObject({ name: 'Giulia Bianchi', icalUrl: v.icalUrl });
    // The staff user's own volunteer record is linked to its login.
    const own = list.json.volunteers.find((x: { id: string }) => x.id === w.volunteer.volunteerId);
    expect(own.staffUserId).toBe(w.volunteer.userId);
  });

  it('refuses invalid volunteer data field by field', async () => {
    const res = await call(w, 'POST', '/api/admin/volunteers', w.admin, {
      name: 'A',
      email: 'not-an-address',
      videoLink: 'http://meet.example.org/plain-http',
      phone: 'call me',
    });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('invalid_input');
    expect(Object.keys(res.json.error.fields).sort()).toEqual(['email', 'name', 'phone', 'videoLink']);
    expect(res.json.error.fields.videoLink).toMatch(/https:\/\//);

    for (const videoLink of ['javascript:alert(1)', 'meet.example.org', 'https://']) {
      const bad = await call(w, 'POST', '/api/admin/volunteers', w.admin, { name: 'Giulia', videoLink });
      expect(bad.status, videoLink).toBe(422);
      expect(bad.json.error.fields).toHaveProperty('videoLink');
    }
    const notJson = await w.app.request('/api/admin/volunteers', {
      method: 'POST',
      headers: { ...w.admin.headers, 'Content-Type': 'application/json' },
      body: '{"name":',
    });
    expect(notJson.status).toBe(400);
    const huge = await call(w, 'POST', '/api/admin/volunteers', w.admin, { name: 'Giulia', note: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe('payload_too_large');
    expect(await w.db.select().from(volunteers)).toHaveLength(1); // only the staff volunteer
  });

  it('edits a volunteer: changes and clears fields, keeps the rest', async () => {
    const v = await givenVolunteer(w.db, { displayName: 'Marco', phone: '+39 06 555 1234', email: 'm@example.org' });
    const res = await call(w, 'PATCH', `/api/admin/volunteers/${v.id}`, w.reception, {
      videoLink: 'https://meet.example.org/marco',
      phone: null,
    });
    expect(res.status).toBe(200);
    expect(res.json.volunteer).toMatchObject({
      name: 'Marco',
      phone: null,
      email: 'm@example.org',
      videoLink: 'https://meet.example.org/marco',
    });
    const detail = await call(w, 'GET', `/api/admin/volunteers/${v.id}`, w.reception);
    expect(detail.json.volunteer.videoLink).toBe('https://meet.example.org/marco');

    expect((await call(w, 'PATCH', `/api/admin/volunteers/${v.id}`, w.admin, { name: '' })).status).toBe(422);
    expect((await call(w, 'PATCH', '/api/admin/volunteers/nobody', w.admin, { name: 'Xavier' })).status).toBe(404);
    expect((await call(w, 'GET', '/api/admin/volunteers/nobody', w.admin)).status).toBe(404);
  });

  it('deactivating keeps bookings, reports the upcoming ones and removes the volunteer from availability', async () => {
    const v = await givenVolunteer(w.db, { displayName: 'Marco' });
    await givenShift(w.db, v.id, WEDNESDAY, '09:00', '12:00');
    const upcoming = await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: v.id,
      start: '2026-10-14T07:00:00Z', // 09:00 in Rome
      status: 'confirmed',
    });
    await givenBooking(w.db, { serviceId: w.serviceId, volunteerId: v.id, start: '2026-10-05T07:00:00Z' });
    expect(await slotsOn(w, '2026-10-14')).toEqual(['10:00', '11:00']);

    const res = await call(w, 'PATCH', `/api/admin/volunteers/${v.id}`, w.reception, { active: false });
    expect(res.status).toBe(200);
    expect(res.json.volunteer.active).toBe(false);
    expect(res.json.upcomingActiveBookings).toBe(1);

    expect(await slotsOn(w, '2026-10-14')).toEqual([]);
    const [kept] = await w.db.select().from(bookings).where(eq(bookings.id, upcoming.id));
    expect(kept?.status).toBe('confirmed');
    // Still listed for staff, marked inactive.
    const list = await call(w, 'GET', '/api/admin/volunteers', w.reception);
    expect(list.json.volunteers.find((x: { id: string }) => x.id === v.id).active).toBe(false);
  });

  it('rotating the iCal link changes the URL and the stored hash; the old token matches nothing', async () => {
    const created = await call(w, 'POST', '/api/admin/volunteers', w.admin, { name: 'Giulia' });
    const id = created.json.volunteer.id as string;
    const oldUrl = created.json.volunteer.icalUrl as string;
    const oldHash = await sha256Hex(tokenOf(oldUrl));

    const rotated = await call(w, 'POST', `/api/admin/volunteers/${id}/ical/rotate`, w.reception);
    expect(rotated.status).toBe(200);
    expect(rotated.json.icalUrl).toMatch(/^https:\/\/sportello\.test\/ical\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(rotated.json.icalUrl).not.toBe(oldUrl);
    expect(rotated.json.webcalUrl).toBe(rotated.json.icalUrl.replace('https://', 'webcal://'));

    const [row] = await w.db.select().from(volunteers).where(eq(volunteers.id, id));
    expect(row?.icalTokenHash).toBe(await sha256Hex(tokenOf(rotated.json.icalUrl)));
    expect(await w.db.select().from(volunteers).where(eq(volunteers.icalTokenHash, oldHash))).toEqual([]);

    // Rotating again within the same millisecond still yields a new link; the listing shows the latest.
    const again = await call(w, 'POST', `/api/admin/volunteers/${id}/ical/rotate`, w.admin);
    expect(again.json.icalUrl).not.toBe(rotated.json.icalUrl);
    const detail = await call(w, 'GET', `/api/admin/volunteers/${id}`, w.admin);
    expect(detail.json.volunteer.icalUrl).toBe(again.json.icalUrl);
  });

  it('issues the iCal hash of a volunteer created outside the API when staff first see it', async () => {
    const v = await givenVolunteer(w.db, { displayName: 'Seeded' });
    const detail = await call(w, 'GET', `/api/admin/volunteers/${v.id}`, w.admin);
    const [row] = await w.db.select().from(volunteers).where(eq(volunteers.id, v.id));
    expect(row?.icalTokenHash).toBe(await sha256Hex(tokenOf(detail.json.volunteer.icalUrl)));
  });
});

describe('shifts', () => {
  it('a new shift opens slots in public availability; editing and deleting it changes them', async () => {
    // With a link of their own: without one (and no desk video server) they would get no remote slots.
    const v = await givenVolunteer(w.db, { displayName: 'Marco', videoLink: 'https://meet.example.org/marco' });
    expect(await slotsOn(w, '2026-10-14')).toEqual([]);

    const created = await call(w, 'POST', `/api/admin/volunteers/${v.id}/shifts`, w.reception, {
      weekday: WEDNESDAY,
      start: '09:00',
      end: '11:00',
      modes: ['in_person'],
    });
    expect(created.status).toBe(201);
    expect(created.json.shift).toMatchObject({
      weekday: 3,
      start: '09:00',
      end: '11:00',
      modes: ['in_person'],
      validFrom: null,
      validTo: null,
    });
    const shiftId = created.json.shift.id as string;
    expect(await slotsOn(w, '2026-10-14')).toEqual(['09:00', '10:00']);
    expect(await slotsOn(w, '2026-10-14', 'remote')).toEqual([]);

    const edited = await call(w, 'PATCH', `/api/admin/volunteers/${v.id}/shifts/${shiftId}`, w.admin, {
      end: '12:00',
      modes: ['in_person', 'remote'],
    });
    expect(edited.status).toBe(200);
    expect(edited.json.shift).toMatchObject({ start: '09:00', end: '12:00', modes: ['in_person', 'remote'] });
    expect(await slotsOn(w, '2026-10-14', 'remote')).toEqual(['09:00', '10:00', '11:00']);

    const listed = await call(w, 'GET', `/api/admin/volunteers/${v.id}/shifts`, w.reception);
    expect(listed.json.shifts).toHaveLength(1);
    const detail = await call(w, 'GET', `/api/admin/volunteers`, w.reception);
    expect(detail.json.volunteers.find((x: { id: string }) => x.id === v.id).shiftsCount).toBe(1);

    // A booking made in the shift survives its deletion.
    const booking = await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: v.id,
      start: '2026-10-14T07:00:00Z',
    });
    const deleted = await call(w, 'DELETE', `/api/admin/volunteers/${v.id}/shifts/${shiftId}`, w.reception);
    expect(deleted.status).toBe(204);
    expect(await slotsOn(w, '2026-10-14')).toEqual([]);
    expect(await w.db.select().from(bookings).where(eq(bookings.id, booking.id))).toHaveLength(1);
    expect((await call(w, 'DELETE', `/api/admin/volunteers/${v.id}/shifts/${shiftId}`, w.admin)).status).toBe(404);
  });

  it('refuses overlapping shifts of a volunteer on the same weekday and overlapping validity', async () => {
    const v = await givenVolunteer(w.db);
    const path = `/api/admin/volunteers/${v.id}/shifts`;
    const base = { weekday: 2, start: '09:00', end: '12:00', modes: ['in_person'] };
    expect((await call(w, 'POST', path, w.admin, { ...base, validTo: '2026-12-31' })).status).toBe(201);

    const overlap = await call(w, 'POST', path, w.admin, { ...base, start: '11:30', end: '13:00' });
    expect(overlap.status).toBe(422);
    expect(overlap.json.error.fields).toHaveProperty('start');

    // Touching end to start, another weekday, or validity after the first one ends: all fine.
    expect((await call(w, 'POST', path, w.admin, { ...base, start: '12:00', end: '13:00' })).status).toBe(201);
    expect((await call(w, 'POST', path, w.admin, { ...base, weekday: 4 })).status).toBe(201);
    const later = await call(w, 'POST', path, w.admin, { ...base, validFrom: '2027-01-01' });
    expect(later.status).toBe(201);

    // Editing the later shift to start before the first one ends makes them overlap.
    const edit = await call(w, 'PATCH', `${path}/${later.json.shift.id}`, w.admin, { validFrom: '2026-12-01' });
    expect(edit.status).toBe(422);
    expect(edit.json.error.fields).toHaveProperty('start');

    // Another volunteer's shift at the same time is independent.
    const other = await givenVolunteer(w.db);
    expect((await call(w, 'POST', `/api/admin/volunteers/${other.id}/shifts`, w.admin, base)).status).toBe(201);
  });

  it('validates shift fields', async () => {
    const v = await givenVolunteer(w.db);
    const path = `/api/admin/volunteers/${v.id}/shifts`;
    const cases: [Record<string, unknown>, string][] = [
      [{ weekday: 8, start: '09:00', end: '10:00', modes: ['remote'] }, 'weekday'],
      [{ weekday: 1, start: '10:00', end: '09:00', modes: ['remote'] }, 'end'],
      [{ weekday: 1, start: '9:00', end: '10:00', modes: ['remote'] }, 'start'],
      [{ weekday: 1, start: '09:00', end: '10:00', modes: [] }, 'modes'],
      [{ weekday: 1, start: '09:00', end: '10:00', modes: ['phone'] }, 'modes'],
      [
        { weekday: 1, start: '09:00', end: '10:00', modes: ['remote'], validFrom: '2026-12-01', validTo: '2026-11-01' },
        'validTo',
      ],
      [{ weekday: 1, start: '09:00', end: '10:00', modes: ['remote'], validFrom: '2026-02-30' }, 'validFrom'],
    ];
    for (const [body, field] of cases) {
      const res = await call(w, 'POST', path, w.admin, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.fields, JSON.stringify(body)).toHaveProperty(field);
    }
    expect(
      (await call(w, 'POST', path, w.admin, { weekday: 7, start: '20:00', end: '24:00', modes: ['remote'] })).status,
    ).toBe(201);
    const ok = { weekday: 1, start: '09:00', end: '10:00', modes: ['remote'] };
    expect((await call(w, 'POST', '/api/admin/volunteers/nobody/shifts', w.admin, ok)).status).toBe(404);
  });
});

describe('absences', () => {
  it('an absence is a closure of that volunteer and removes their slots', async () => {
    const v = await givenVolunteer(w.db);
    await givenShift(w.db, v.id, WEDNESDAY, '09:00', '11:00');
    await givenBooking(w.db, { serviceId: w.serviceId, volunteerId: v.id, start: '2026-10-14T08:00:00Z' });
    expect(await slotsOn(w, '2026-10-14')).toEqual(['09:00']);

    const created = await call(w, 'POST', `/api/admin/volunteers/${v.id}/absences`, w.reception, {
      dateFrom: '2026-10-14',
      dateTo: '2026-10-16',
      reason: 'Ferie',
    });
    expect(created.status).toBe(201);
    expect(created.json.absence).toMatchObject({ dateFrom: '2026-10-14', dateTo: '2026-10-16', reason: 'Ferie' });
    expect(created.json.affectedBookings).toBe(1);
    const [row] = await w.db.select().from(closures).where(eq(closures.id, created.json.absence.id));
    expect(row?.volunteerId).toBe(v.id);
    expect(await slotsOn(w, '2026-10-14')).toEqual([]);

    const listed = await call(w, 'GET', `/api/admin/volunteers/${v.id}/absences`, w.reception);
    expect(listed.json.absences).toEqual([created.json.absence]);
    const detail = await call(w, 'GET', `/api/admin/volunteers/${v.id}`, w.reception);
    expect(detail.json.absences).toEqual([created.json.absence]);
    expect(detail.json.shifts).toHaveLength(1);

    const del = await call(
      w,
      'DELETE',
      `/api/admin/volunteers/${v.id}/absences/${created.json.absence.id}`,
      w.reception,
    );
    expect(del.status).toBe(204);
    expect(await slotsOn(w, '2026-10-14')).toEqual(['09:00']);
  });

  it('a one-day absence needs only dateFrom; dates out of order are refused', async () => {
    const v = await givenVolunteer(w.db);
    const path = `/api/admin/volunteers/${v.id}/absences`;
    const one = await call(w, 'POST', path, w.admin, { dateFrom: '2026-11-02' });
    expect(one.status).toBe(201);
    expect(one.json.absence).toMatchObject({ dateFrom: '2026-11-02', dateTo: '2026-11-02', reason: '' });
    const bad = await call(w, 'POST', path, w.admin, { dateFrom: '2026-11-02', dateTo: '2026-11-01' });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields).toHaveProperty('dateTo');
    expect((await call(w, 'POST', path, w.admin, { dateFrom: 'tomorrow' })).status).toBe(422);
  });
});

describe('what a volunteer may do here', () => {
  it('sees only their own record and acts only on their own absences and iCal link', async () => {
    const own = w.volunteer.volunteerId;
    const other = await givenVolunteer(w.db, { displayName: 'Altro' });
    const me = w.volunteer;

    const list = await call(w, 'GET', '/api/admin/volunteers', me);
    expect(list.status).toBe(200);
    expect(list.json.volunteers.map((x: { id: string }) => x.id)).toEqual([own]);

    expect((await call(w, 'GET', `/api/admin/volunteers/${own}`, me)).status).toBe(200);
    expect((await call(w, 'GET', `/api/admin/volunteers/${own}/shifts`, me)).status).toBe(200);
    expect((await call(w, 'GET', `/api/admin/volunteers/${other.id}`, me)).status).toBe(403);
    expect((await call(w, 'GET', `/api/admin/volunteers/${other.id}/shifts`, me)).status).toBe(403);
    expect((await call(w, 'GET', `/api/admin/volunteers/${other.id}/absences`, me)).status).toBe(403);

    const absence = await call(w, 'POST', `/api/admin/volunteers/${own}/absences`, me, { dateFrom: '2026-10-20' });
    expect(absence.status).toBe(201);
    expect(
      (await call(w, 'POST', `/api/admin/volunteers/${other.id}/absences`, me, { dateFrom: '2026-10-20' })).status,
    ).toBe(403);
    const otherAbsence = await call(w, 'POST', `/api/admin/volunteers/${other.id}/absences`, w.reception, {
      dateFrom: '2026-10-21',
    });
    expect(
      (await call(w, 'DELETE', `/api/admin/volunteers/${other.id}/absences/${otherAbsence.json.absence.id}`, me))
        .status,
    ).toBe(403);
    expect(
      (await call(w, 'DELETE', `/api/admin/volunteers/${own}/absences/${absence.json.absence.id}`, me)).status,
    ).toBe(204);

    expect((await call(w, 'POST', `/api/admin/volunteers/${own}/ical/rotate`, me)).status).toBe(200);
    expect((await call(w, 'POST', `/api/admin/volunteers/${other.id}/ical/rotate`, me)).status).toBe(403);

    // Shifts and the record itself are reception's to manage.
    const shift = { weekday: 1, start: '09:00', end: '10:00', modes: ['remote'] };
    expect((await call(w, 'POST', `/api/admin/volunteers/${own}/shifts`, me, shift)).status).toBe(403);
    expect((await call(w, 'PATCH', `/api/admin/volunteers/${own}`, me, { name: 'Me myself' })).status).toBe(403);
    expect((await call(w, 'POST', '/api/admin/volunteers', me, { name: 'New person' })).status).toBe(403);
  });

  it('anonymous requests are refused', async () => {
    expect((await call(w, 'GET', '/api/admin/volunteers')).status).toBe(401);
    expect((await call(w, 'POST', '/api/admin/volunteers', undefined, { name: 'Giulia' })).status).toBe(401);
  });
});
