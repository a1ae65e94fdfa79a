import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { deskSettings } from '../../worker/src/db/schema';
import { sha256Hex } from '../../worker/src/lib/ids';
import { givenBooking, givenDesk, givenService, givenShift, givenVolunteer } from '../fixtures/builders';
import { createTestDb, type TestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';
import { staffCall as call, staffHeaders, type SignedIn } from '../fixtures/staff';

/** Monday 12 October 2026, 10:00 in Rome. */
const NOW = '2026-10-12T08:00:00Z';
const WEDNESDAY = 3; // 2026-10-14
const FRIDAY = 5; // 2026-10-16

type World = TestDb & {
  app: ReturnType<typeof createApp>;
  serviceId: string;
  volunteerId: string;
  admin: SignedIn;
  reception: SignedIn;
  volunteer: SignedIn;
};

async function world(opts: { desk?: boolean } = {}): Promise<World> {
  const t = await createTestDb();
  if (opts.desk !== false) await givenDesk(t.db, { minNoticeMinutes: 0, horizonDays: 60 });
  const service = await givenService(t.db, { durationMinutes: 60, nameIt: 'Revisione CV', nameEn: 'CV review' });
  const v = await givenVolunteer(t.db, { displayName: 'Marco' });
  for (const wd of [WEDNESDAY, FRIDAY]) await givenShift(t.db, v.id, wd, '09:00', '11:00');
  const app = createApp(testDeps(t.db, { clock: fixedClock(NOW) }));
  return {
    ...t,
    app,
    serviceId: service.id,
    volunteerId: v.id,
    admin: await staffHeaders(app, t.db, 'admin'),
    reception: await staffHeaders(app, t.db, 'reception'),
    volunteer: await staffHeaders(app, t.db, 'volunteer'),
  };
}

async function slotsOn(w: World, date: string, serviceId = w.serviceId): Promise<string[]> {
  const res = await w.app.request(
    `/api/public/availability?service=${serviceId}&mode=in_person&from=${date}&to=${date}`,
  );
  expect(res.status).toBe(200);
  const body = (await res.json()) as { days: { slots: { start: string }[] }[] };
  return body.days.flatMap((d) => d.slots.map((s) => s.start.slice(11, 16)));
}

async function publicDesk(w: World) {
  const res = await w.app.request('/api/public/desk');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- asserted field by field
  return (await res.json()) as any;
}

const tokenOf = (url: string) => /\/ical\/([A-Za-z0-9_-]+)\.ics$/.exec(url)?.[1] ?? '';

let w: World;
beforeEach(async () => {
  w = await world();
});

describe('services', () => {
  const interview = {
    names: { it: 'Simulazione di colloquio', en: 'Interview practice' },
    descriptions: { it: 'Proviamo insieme un colloquio.', en: 'We practise an interview.' },
    durationMinutes: 45,
    modes: ['in_person', 'remote'],
    sortOrder: 3,
  };

  it('admin creates a service; it is offered publicly until deactivated', async () => {
    const created = await call(w, 'POST', '/api/admin/services', w.admin, interview);
    expect(created.status).toBe(201);
    expect(created.json.service).toMatchObject({ ...interview, active: true });
    const id = created.json.service.id as string;

    const offered = (await publicDesk(w)).services.map((s: { id: string }) => s.id);
    expect(offered).toContain(id);
    // Marco's Wednesday 09:00–11:00 fits two 45-minute slots.
    expect(await slotsOn(w, '2026-10-14', id)).toEqual(['09:00', '09:45']);

    const edited = await call(w, 'PATCH', `/api/admin/services/${id}`, w.admin, {
      names: { en: 'Mock interview' },
      durationMinutes: 60,
    });
    expect(edited.status).toBe(200);
    expect(edited.json.service.names).toEqual({ it: 'Simulazione di colloquio', en: 'Mock interview' });
    expect(edited.json.service.durationMinutes).toBe(60);
    expect(await slotsOn(w, '2026-10-14', id)).toEqual(['09:00', '10:00']);

    expect((await call(w, 'PATCH', `/api/admin/services/${id}`, w.admin, { active: false })).status).toBe(200);
    expect((await publicDesk(w)).services.map((s: { id: string }) => s.id)).not.toContain(id);
    // Staff still see it, inactive.
    const list = await call(w, 'GET', '/api/admin/services', w.reception);
    expect(list.json.services.find((s: { id: string }) => s.id === id).active).toBe(false);
    expect((await call(w, 'PATCH', '/api/admin/services/nope', w.admin, { active: false })).status).toBe(404);
  });

  it('validates services: duration 5–480, at least one known mode, both names', async () => {
    for (const durationMinutes of [4, 481, 30.5]) {
      const res = await call(w, 'POST', '/api/admin/services', w.admin, { ...interview, durationMinutes });
      expect(res.status).toBe(422);
      expect(res.json.error.fields.durationMinutes).toMatch(/5.*480/);
    }
    const modes = await call(w, 'POST', '/api/admin/services', w.admin, { ...interview, modes: ['phone'] });
    expect(modes.json.error.fields).toHaveProperty('modes');
    const names = await call(w, 'POST', '/api/admin/services', w.admin, { ...interview, names: { it: 'Colloquio' } });
    expect(names.status).toBe(422);
    expect(names.json.error.fields).toHaveProperty(['names.en']);
    const en = await w.app.request('/api/admin/services?lang=en', {
      method: 'POST',
      headers: { ...w.admin.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...interview, durationMinutes: 1000 }),
    });
    expect(((await en.json()) as { error: { fields: Record<string, string> } }).error.fields.durationMinutes).toBe(
      'Use a whole number from 5 to 480.',
    );
  });

  it('reception and volunteers read services; only admin changes them', async () => {
    expect((await call(w, 'GET', '/api/admin/services', w.reception)).status).toBe(200);
    expect((await call(w, 'GET', '/api/admin/services', w.volunteer)).status).toBe(200);
    expect((await call(w, 'POST', '/api/admin/services', w.reception, interview)).status).toBe(403);
    expect((await call(w, 'PATCH', `/api/admin/services/${w.serviceId}`, w.reception, { active: false })).status).toBe(
      403,
    );
    expect((await call(w, 'GET', '/api/admin/services')).status).toBe(401);
  });
});

describe('closures', () => {
  it('lists the national holidays of 2027 with names in both languages, Easter Monday included', async () => {
    const res = await call(w, 'GET', '/api/admin/closures?year=2027', w.reception);
    expect(res.status).toBe(200);
    expect(res.json.year).toBe(2027);
    const dates = res.json.holidays.map((h: { date: string }) => h.date);
    expect(dates).toHaveLength(11);
    expect(dates).toEqual([...dates].sort());
    const pasquetta = res.json.holidays.find((h: { date: string }) => h.date === '2027-03-29');
    expect(pasquetta?.name.en).toBe('Easter Monday');
    expect(pasquetta?.name.it).toMatch(/Pasquetta/);
    expect(res.json.holidays.find((h: { date: string }) => h.date === '2027-12-25')?.name).toEqual({
      it: 'Natale',
      en: 'Christmas Day',
    });
    // Without a year: the desk's current year.
    expect((await call(w, 'GET', '/api/admin/closures', w.reception)).json.year).toBe(2026);
    const bad = await call(w, 'GET', '/api/admin/closures?year=20x7', w.reception);
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields).toHaveProperty('year');
  });

  it('a desk closure removes that day from availability and reports the bookings on it; deleting reopens', async () => {
    await givenBooking(w.db, { serviceId: w.serviceId, volunteerId: w.volunteerId, start: '2026-10-14T08:00:00Z' });
    expect(await slotsOn(w, '2026-10-14')).toEqual(['09:00']);

    const created = await call(w, 'POST', '/api/admin/closures', w.reception, {
      dateFrom: '2026-10-14',
      reason: 'Santo patrono',
    });
    expect(created.status).toBe(201);
    expect(created.json.closure).toMatchObject({
      dateFrom: '2026-10-14',
      dateTo: '2026-10-14',
      reason: 'Santo patrono',
    });
    expect(created.json.affectedBookings).toBe(1);
    expect(await slotsOn(w, '2026-10-14')).toEqual([]);
    expect(await slotsOn(w, '2026-10-16')).toEqual(['09:00', '10:00']);

    const listed = await call(w, 'GET', '/api/admin/closures?year=2026', w.volunteer);
    expect(listed.json.closures).toEqual([created.json.closure]);
    expect((await call(w, 'GET', '/api/admin/closures?year=2027', w.admin)).json.closures).toEqual([]);

    expect((await call(w, 'DELETE', `/api/admin/closures/${created.json.closure.id}`, w.reception)).status).toBe(204);
    expect(await slotsOn(w, '2026-10-14')).toEqual(['09:00']);
    expect((await call(w, 'DELETE', `/api/admin/closures/${created.json.closure.id}`, w.reception)).status).toBe(404);
  });

  it('a volunteer absence is not a desk closure and cannot be deleted as one', async () => {
    const absence = await call(w, 'POST', `/api/admin/volunteers/${w.volunteerId}/absences`, w.reception, {
      dateFrom: '2026-10-14',
    });
    expect((await call(w, 'GET', '/api/admin/closures?year=2026', w.admin)).json.closures).toEqual([]);
    expect((await call(w, 'DELETE', `/api/admin/closures/${absence.json.absence.id}`, w.admin)).status).toBe(404);
  });

  it('validates closures and keeps them to admin and reception', async () => {
    const bad = await call(w, 'POST', '/api/admin/closures', w.admin, { dateFrom: '2026-12-24', dateTo: '2026-12-23' });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields).toHaveProperty('dateTo');
    const long = await call(w, 'POST', '/api/admin/closures', w.admin, {
      dateFrom: '2026-01-01',
      dateTo: '2027-06-30',
    });
    expect(long.json.error.fields).toHaveProperty('dateTo');
    expect((await call(w, 'POST', '/api/admin/closures', w.admin, { reason: 'x' })).json.error.fields).toHaveProperty(
      'dateFrom',
    );
    expect((await call(w, 'POST', '/api/admin/closures', w.volunteer, { dateFrom: '2026-12-24' })).status).toBe(403);
  });
});

describe('desk settings', () => {
  it('admin edits the booking rules; the public desk and availability follow', async () => {
    const before = await call(w, 'GET', '/api/admin/settings', w.admin);
    expect(before.status).toBe(200);
    expect(before.json.settings).toMatchObject({
      name: 'Sportello Lavoro',
      timeZone: 'Europe/Rome',
      quietStart: '21:00',
    });

    const res = await call(w, 'PATCH', '/api/admin/settings', w.admin, {
      minNoticeMinutes: 3 * 24 * 60,
      quietStart: '22:30',
      smsMonthlyBudget: 300,
      smsEnabled: false,
      city: 'Bologna',
    });
    expect(res.status).toBe(200);
    expect(res.json.settings).toMatchObject({
      minNoticeMinutes: 4320,
      quietStart: '22:30',
      quietEnd: '08:00',
      smsMonthlyBudget: 300,
      smsEnabled: false,
      city: 'Bologna',
      name: 'Sportello Lavoro',
    });
    expect((await publicDesk(w)).rules.minNoticeMinutes).toBe(4320);
    // Wednesday 14th is now inside the three-day notice; Friday 16th is not.
    expect(await slotsOn(w, '2026-10-14')).toEqual([]);
    expect(await slotsOn(w, '2026-10-16')).toEqual(['09:00', '10:00']);
    expect((await call(w, 'GET', '/api/admin/settings', w.reception)).json.settings.quietStart).toBe('22:30');
  });

  it('refuses out-of-range and malformed settings with the fields named, changing nothing', async () => {
    const res = await call(w, 'PATCH', '/api/admin/settings', w.admin, {
      timeZone: 'Mars/Olympus_Mons',
      horizonDays: 0,
      reminderHour: 24,
      quietEnd: '8:00',
      smsEnabled: 'yes',
      privacyUrl: 'ftp://example.org/privacy',
      slotGridMinutes: 2,
      name: '',
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.json.error.fields).sort()).toEqual(
      [
        'horizonDays',
        'name',
        'privacyUrl',
        'quietEnd',
        'reminderHour',
        'slotGridMinutes',
        'smsEnabled',
        'timeZone',
      ].sort(),
    );
    const after = await call(w, 'GET', '/api/admin/settings', w.admin);
    expect(after.json.settings).toMatchObject({ timeZone: 'Europe/Rome', horizonDays: 60, reminderHour: 18 });

    const ok = await call(w, 'PATCH', '/api/admin/settings', w.admin, {
      slotGridMinutes: null,
      timeZone: 'Europe/Zurich',
    });
    expect(ok.status).toBe(200);
    expect(ok.json.settings).toMatchObject({ slotGridMinutes: null, timeZone: 'Europe/Zurich' });
  });

  it('reception reads settings and the desk feed URL but cannot edit; volunteers see neither', async () => {
    const read = await call(w, 'GET', '/api/admin/settings', w.reception);
    expect(read.status).toBe(200);
    expect(read.json.deskIcalUrl).toMatch(/^https:\/\/sportello\.test\/ical\/[A-Za-z0-9_-]{43}\.ics$/);
    expect((await call(w, 'PATCH', '/api/admin/settings', w.reception, { city: 'Milano' })).status).toBe(403);
    expect((await call(w, 'GET', '/api/admin/settings', w.volunteer)).status).toBe(403);
    expect((await call(w, 'POST', '/api/admin/settings/ical/rotate', w.volunteer)).status).toBe(403);
  });

  it('the desk feed URL is stable until rotated; rotation replaces the stored hash', async () => {
    const first = (await call(w, 'GET', '/api/admin/settings', w.admin)).json.deskIcalUrl as string;
    expect((await call(w, 'GET', '/api/admin/settings', w.reception)).json.deskIcalUrl).toBe(first);
    const [stored] = await w.db.select().from(deskSettings);
    expect(stored?.icalDeskTokenHash).toBe(await sha256Hex(tokenOf(first)));

    const rotated = await call(w, 'POST', '/api/admin/settings/ical/rotate', w.reception);
    expect(rotated.status).toBe(200);
    expect(rotated.json.deskIcalUrl).not.toBe(first);
    expect(rotated.json.deskWebcalUrl).toBe(rotated.json.deskIcalUrl.replace('https://', 'webcal://'));
    const [after] = await w.db.select().from(deskSettings);
    expect(after?.icalDeskTokenHash).toBe(await sha256Hex(tokenOf(rotated.json.deskIcalUrl)));
    expect(after?.icalDeskTokenHash).not.toBe(stored?.icalDeskTokenHash);
    expect((await call(w, 'GET', '/api/admin/settings', w.admin)).json.deskIcalUrl).toBe(rotated.json.deskIcalUrl);
  });

  it('on a deployment without a desk, the first save creates it', async () => {
    w = await world({ desk: false });
    const empty = await call(w, 'GET', '/api/admin/settings', w.admin);
    expect(empty.status).toBe(200);
    expect(empty.json.settings).toBeNull();

    const missing = await call(w, 'PATCH', '/api/admin/settings', w.admin, { city: 'Roma' });
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.json.error.fields).sort()).toEqual(['address', 'name']);

    const created = await call(w, 'PATCH', '/api/admin/settings', w.admin, {
      name: 'Sportello di Prova',
      address: 'Via Roma 1',
      horizonDays: 30,
    });
    expect(created.status).toBe(200);
    expect(created.json.settings).toMatchObject({
      name: 'Sportello di Prova',
      horizonDays: 30,
      timeZone: 'Europe/Rome',
    });
    expect((await publicDesk(w)).name).toBe('Sportello di Prova');
  });
});
