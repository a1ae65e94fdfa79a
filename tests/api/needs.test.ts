/**
 * Needs that change the appointment (issue 15): a longer appointment (the service's duration doubled) and an
 * interpreter's language, asked for with the accessibility consent, set by the desk, erased with the needs,
 * never in a calendar feed.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings } from '../../worker/src/db/schema';
import { changeNeeds } from '../../worker/src/bookings/needs';
import { retention } from '../../worker/src/jobs/retention';
import { deferringDeps } from '../fixtures/deps';
import { allOffers, givenWaitlistEntry } from '../fixtures/waitlist';
import { adminWorld, at, errorCode, NOW, WED, type AdminWorld } from '../fixtures/admin-bookings-world';
import { parseCalendar } from '../fixtures/ical-helpers';
import { postRequest, publicWorld, requestBody, type PublicWorld } from '../fixtures/public-helpers';
import { errorOf } from '../fixtures/staff';

const HOUR = 3_600_000;
const NEEDS = { accessibilityConsent: true, longAppointment: true, interpreterLanguage: 'tigrino' };

async function slotsOn(w: PublicWorld, date: string, long: boolean) {
  const q = `service=${w.serviceId}&mode=in_person&from=${date}&to=${date}${long ? '&long=1' : ''}`;
  const res = await w.app.request(`/api/public/availability?${q}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { days: { slots: { start: string; end: string }[] }[] };
  return { etag: res.headers.get('etag'), slots: body.days.flatMap((d) => d.slots) };
}

const storedNeeds = async (w: PublicWorld) =>
  w.db
    .select({
      startAt: bookings.startAt,
      endAt: bookings.endAt,
      longAppointment: bookings.longAppointment,
      interpreterLanguage: bookings.interpreterLanguage,
      accessibilityConsentAt: bookings.accessibilityConsentAt,
    })
    .from(bookings);

describe('GET /api/public/availability?long=1', () => {
  it('offers only the starts where twice the duration fits, on the usual grid', async () => {
    const w = await publicWorld();
    const ordinary = await slotsOn(w, WED, false);
    const long = await slotsOn(w, WED, true);
    expect(ordinary.slots.map((s) => s.start)).toEqual([at(WED, '09:00'), at(WED, '10:00'), at(WED, '11:00')]);
    // The shift ends at 12:00: a two-hour appointment cannot start at 11:00.
    expect(long.slots).toEqual([
      { start: at(WED, '09:00'), end: at(WED, '11:00') },
      { start: at(WED, '10:00'), end: at(WED, '12:00') },
    ]);
    // Two answers, two names: a client holding one is never told the other is the same.
    expect(long.etag).not.toBe(ordinary.etag);
  });

  it('leaves out a start whose second half is taken', async () => {
    const w = await publicWorld();
    expect((await postRequest(w.app, requestBody(w.serviceId, { start: at(WED, '10:00') }))).status).toBe(201);
    expect((await slotsOn(w, WED, true)).slots).toEqual([]);
    expect((await slotsOn(w, WED, false)).slots.map((s) => s.start)).toEqual([at(WED, '09:00'), at(WED, '11:00')]);
  });

  it('refuses a long parameter that is not 1 or 0', async () => {
    const w = await publicWorld();
    const res = await w.app.request(`/api/public/availability?service=${w.serviceId}&mode=in_person&long=yes`);
    expect(res.status).toBe(422);
  });
});

describe('POST /api/public/requests with a longer appointment and an interpreter', () => {
  it('stores both with the consent time, the end twice as far', async () => {
    const w = await publicWorld();
    const res = await postRequest(w.app, requestBody(w.serviceId, NEEDS));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ start: at(WED, '10:00'), end: at(WED, '12:00') });
    expect(await storedNeeds(w)).toEqual([
      {
        startAt: Date.parse(at(WED, '10:00')),
        endAt: Date.parse(at(WED, '12:00')),
        longAppointment: true,
        interpreterLanguage: 'tigrino',
        accessibilityConsentAt: Date.parse(NOW),
      },
    ]);
  });

  it('takes a language named in its own script, trimmed', async () => {
    const w = await publicWorld();
    const res = await postRequest(
      w.app,
      requestBody(w.serviceId, { accessibilityConsent: true, interpreterLanguage: '  ትግርኛ ' }),
    );
    expect(res.status).toBe(201);
    expect(await storedNeeds(w)).toMatchObject([{ interpreterLanguage: 'ትግርኛ', longAppointment: false }]);
  });

  it('refuses either without the accessibility consent and stores nothing', async () => {
    const w = await publicWorld();
    for (const asked of [{ longAppointment: true }, { interpreterLanguage: 'tigrino' }]) {
      for (const accessibilityConsent of [undefined, false]) {
        const res = await postRequest(w.app, requestBody(w.serviceId, { ...asked, accessibilityConsent }));
        expect(res.status).toBe(422);
        expect(Object.keys((await errorOf(res)).fields ?? {})).toEqual(['accessibilityConsent']);
      }
    }
    expect(await storedNeeds(w)).toEqual([]);
  });

  it('refuses a longer appointment that does not fit the chosen start as a taken slot', async () => {
    const w = await publicWorld();
    // 11:00 + two hours runs past the shift's end at 12:00.
    const late = await postRequest(w.app, requestBody(w.serviceId, { ...NEEDS, start: at(WED, '11:00') }));
    expect(late.status).toBe(409);
    expect((await errorOf(late)).code).toBe('slot_unavailable');
    // 09:00 + two hours runs into someone's 10:00.
    await postRequest(w.app, requestBody(w.serviceId, { start: at(WED, '10:00'), phone: '333 765 4321' }));
    const early = await postRequest(w.app, requestBody(w.serviceId, { ...NEEDS, start: at(WED, '09:00') }));
    expect(early.status).toBe(409);
    expect(await storedNeeds(w)).toHaveLength(1);
    // The same start without the longer appointment is free.
    expect((await postRequest(w.app, requestBody(w.serviceId, { start: at(WED, '09:00') }))).status).toBe(201);
  });

  it('refuses an interpreter language longer than 40 characters or not a string', async () => {
    const w = await publicWorld();
    for (const interpreterLanguage of ['x'.repeat(41), 42]) {
      const res = await postRequest(
        w.app,
        requestBody(w.serviceId, { accessibilityConsent: true, interpreterLanguage }),
      );
      expect(res.status).toBe(422);
      expect(Object.keys((await errorOf(res)).fields ?? {})).toEqual(['interpreterLanguage']);
    }
  });
});

describe('POST /api/admin/bookings/:id/needs', () => {
  const needs = (w: AdminWorld, who: AdminWorld['admin'] | undefined, id: string, body: unknown) =>
    w.call(who, 'POST', `/bookings/${id}/needs`, body);

  it('lets the desk make an appointment longer, audited without the needs themselves', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00', { accessibilityNeeds: 'sedia a rotelle', accessibilityConsentAt: 1 });
    const before = await w.row(id);
    const res = await needs(w, w.reception, id, { longAppointment: true, interpreterLanguage: 'tigrino' });
    expect(res.status).toBe(200);
    const { booking } = (await res.json()) as { booking: Record<string, unknown> };
    expect(booking).toMatchObject({
      end: at(WED, '12:00'),
      longAppointment: true,
      interpreterLanguage: 'tigrino',
      accessibilityNeeds: 'sedia a rotelle',
    });
    const after = await w.row(id);
    expect(after).toMatchObject({ endAt: Date.parse(at(WED, '12:00')), icalSequence: before.icalSequence + 1 });
    const [event] = (await w.events(id)).filter((e) => e.type === 'needs_changed');
    expect(event).toMatchObject({ actorType: 'staff', actorId: w.reception.user.id });
    expect(JSON.parse(event!.data!)).toEqual({ changed: ['longAppointment', 'interpreterLanguage'] });
    expect(event!.data).not.toContain('tigrino');

    // And back: the service's own length again.
    expect((await needs(w, w.admin, id, { longAppointment: false })).status).toBe(200);
    expect((await w.row(id)).endAt).toBe(Date.parse(at(WED, '11:00')));
  });

  it('refuses a longer appointment that runs into the volunteer’s next one, changing nothing', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    await w.confirmed(WED, '11:00');
    const before = await w.row(id);
    const res = await needs(w, w.reception, id, { longAppointment: true, accessibilityConsent: true });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('slot_unavailable');
    expect(await w.row(id)).toEqual(before);
    expect((await w.events(id)).filter((e) => e.type === 'needs_changed')).toEqual([]);
  });

  it('refuses a longer appointment that would run past the end of the shift, changing nothing', async () => {
    const w = await adminWorld();
    // The shift ends at 12:00: 11:00–13:00 would leave it.
    const id = await w.confirmed(WED, '11:00');
    const before = await w.row(id);
    const res = await needs(w, w.reception, id, { longAppointment: true, accessibilityConsent: true });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('slot_unavailable');
    expect(await w.row(id)).toEqual(before);
  });

  it('keeps needs only with the person’s consent, and forgets the consent with the last need', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    const refused = await needs(w, w.reception, id, { interpreterLanguage: 'tigrino' });
    expect(refused.status).toBe(422);
    expect(Object.keys((await errorOf(refused)).fields ?? {})).toEqual(['accessibilityConsent']);
    expect((await w.row(id)).interpreterLanguage).toBeNull();

    const given = await needs(w, w.reception, id, { interpreterLanguage: 'tigrino', accessibilityConsent: true });
    expect(given.status).toBe(200);
    expect(await w.row(id)).toMatchObject({ interpreterLanguage: 'tigrino', accessibilityConsentAt: Date.parse(NOW) });

    expect((await needs(w, w.reception, id, { interpreterLanguage: ' ' })).status).toBe(200);
    expect(await w.row(id)).toMatchObject({ interpreterLanguage: null, accessibilityConsentAt: null });
  });

  it('is for the desk only; the booking’s volunteer reads the needs on its page', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00', { interpreterLanguage: 'tigrino', accessibilityConsentAt: 1 });
    expect((await needs(w, w.volunteer, id, { longAppointment: true })).status).toBe(403);
    expect((await needs(w, undefined, id, { longAppointment: true })).status).toBe(401);
    const page = await w.call(w.volunteer, 'GET', `/bookings/${id}`);
    expect(((await page.json()) as { booking: unknown }).booking).toMatchObject({
      interpreterLanguage: 'tigrino',
      longAppointment: false,
    });
  });

  it('refuses an empty body, and a length change once the appointment is over', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00', { status: 'attended' });
    expect((await needs(w, w.reception, id, {})).status).toBe(422);
    const res = await needs(w, w.reception, id, { longAppointment: true, accessibilityConsent: true });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('invalid_transition');
  });

  it('makes a kept availability answer stale: the longer end takes the next time', async () => {
    const w = await adminWorld({ volunteers: 1 });
    const id = await w.confirmed(WED, '10:00', { accessibilityConsentAt: 1 });
    const url = `/api/public/availability?service=${w.serviceId}&mode=in_person&from=${WED}&to=${WED}`;
    const first = await w.app.request(url);
    const tag = first.headers.get('etag')!;
    expect((await w.app.request(url, { headers: { 'If-None-Match': tag } })).status).toBe(304);
    expect((await needs(w, w.reception, id, { longAppointment: true })).status).toBe(200);
    const again = await w.app.request(url, { headers: { 'If-None-Match': tag } });
    expect(again.status).toBe(200);
    const body = (await again.json()) as { days: { slots: { start: string }[] }[] };
    expect(body.days.flatMap((d) => d.slots.map((s) => s.start))).toEqual([at(WED, '09:00')]);
  });

  it('offers the time a shorter appointment gives back to the waiting list', async () => {
    const w = await adminWorld({ volunteers: 1 });
    const id = await w.confirmed(WED, '10:00', {
      longAppointment: true,
      endAt: Date.parse(at(WED, '12:00')),
      accessibilityConsentAt: 1,
    });
    await givenWaitlistEntry(w.db, { serviceId: w.serviceId, from: WED, to: WED });
    const work: Promise<unknown>[] = [];
    const deps = deferringDeps(w.deps, (p) => work.push(p));
    const actor = {
      userId: w.reception.user.id,
      sessionId: 's',
      name: 'Rita',
      email: 'rita@example.org',
      role: 'reception' as const,
      volunteerId: null,
      language: 'it' as const,
    };
    expect(await changeNeeds(deps, { actor, bookingId: id, longAppointment: false })).toMatchObject({ ok: true });
    await Promise.all(work);
    expect((await allOffers(w.db)).map((o) => o.startAt)).toEqual([Date.parse(at(WED, '11:00'))]);
  });

  it('shows the needs on the desk’s day list', async () => {
    const w = await adminWorld();
    await w.confirmed(WED, '10:00', {
      longAppointment: true,
      endAt: Date.parse(at(WED, '12:00')),
      interpreterLanguage: 'tigrino',
      accessibilityConsentAt: 1,
    });
    const day = (await (await w.call(w.reception, 'GET', `/day-list?date=${WED}`)).json()) as {
      bookings: Record<string, unknown>[];
    };
    expect(day.bookings[0]).toMatchObject({ longAppointment: true, interpreterLanguage: 'tigrino' });
  });
});

describe('needs outside the desk', () => {
  async function bookingWithNeeds(w: AdminWorld, date = WED, hhmm = '10:00') {
    return w.confirmed(date, hhmm, {
      accessibilityNeeds: 'sedia a rotelle',
      accessibilityConsentAt: 1,
      longAppointment: true,
      endAt: Date.parse(at(date, hhmm)) + 2 * HOUR,
      interpreterLanguage: 'tigrino',
    });
  }

  it('never puts them in a calendar feed, the volunteer’s or the desk’s', async () => {
    const w = await adminWorld();
    const id = await bookingWithNeeds(w);
    const volunteers = (await (await w.call(w.admin, 'GET', '/volunteers')).json()) as {
      volunteers: { id: string; icalUrl: string }[];
    };
    const settings = (await (await w.call(w.admin, 'GET', '/settings')).json()) as { deskIcalUrl: string };
    const own = volunteers.volunteers.find((v) => v.id === w.volunteerIds[0])!;
    for (const url of [own.icalUrl, settings.deskIcalUrl]) {
      const res = await w.app.request(new URL(url).pathname);
      const text = await res.text();
      expect(res.status).toBe(200);
      // The event is there, at its longer length, and nothing says why.
      expect(parseCalendar(text).byUid(`${id}@sportello`).end).toBe(Date.parse(at(WED, '12:00')));
      for (const word of ['tigrino', 'sedia', 'rotelle', 'interpret', 'Interpret']) expect(text).not.toContain(word);
    }
  });

  it('an erase request removes the interpreter’s language with the needs', async () => {
    const w = await adminWorld();
    const id = await bookingWithNeeds(w);
    const res = await w.call(w.reception, 'POST', '/people/erase', { phone: '+393471234567', cancelActive: true });
    expect(res.status).toBe(200);
    expect(await w.row(id)).toMatchObject({
      accessibilityNeeds: null,
      interpreterLanguage: null,
      longAppointment: false,
      accessibilityConsentAt: null,
    });
  });

  it('the retention job removes it after the accessibility period, and with the rest of the data', async () => {
    const w = await adminWorld();
    // Only an interpreter, no written needs: still cleared 30 days after the appointment.
    const month = await w.confirmed('2026-09-09', '10:00', {
      status: 'attended',
      interpreterLanguage: 'tigrino',
      accessibilityConsentAt: 1,
    });
    const year = await w.confirmed('2025-09-10', '10:00', {
      status: 'attended',
      interpreterLanguage: 'tigrino',
      accessibilityConsentAt: 1,
    });
    // Only the longer-appointment mark: cleared too.
    const longOnly = await w.confirmed('2026-09-11', '10:00', {
      status: 'attended',
      longAppointment: true,
      accessibilityConsentAt: 1,
    });
    const kept = await w.confirmed(WED, '10:00', { interpreterLanguage: 'tigrino', accessibilityConsentAt: 1 });
    await retention(w.deps, { cron: '*/10 * * * *', now: Date.parse(NOW) });
    expect(await w.row(month)).toMatchObject({
      interpreterLanguage: null,
      accessibilityConsentAt: null,
      erasedAt: null,
    });
    expect(await w.row(year)).toMatchObject({ interpreterLanguage: null, erasedAt: Date.parse(NOW) });
    expect(await w.row(longOnly)).toMatchObject({ longAppointment: false, accessibilityConsentAt: null });
    expect((await w.row(kept)).interpreterLanguage).toBe('tigrino');
    const [row] = await w.db.select().from(bookings).where(eq(bookings.id, month));
    expect(row!.personName).toBe('Maria Rossi');
  });
});
