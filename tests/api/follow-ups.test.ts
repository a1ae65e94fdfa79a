/**
 * Issue 15, point 1: the next step from an attended booking. The prefill, the check of every meeting of a
 * series (a preview writes nothing), the all-or-nothing write across a change of the clocks and a holiday,
 * what is carried over from the source row, and who may do it.
 */
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookingEvents, bookings, messages, services } from '../../worker/src/db/schema';
import { writeFollowUp, type FollowUpMeeting } from '../../worker/src/db/repo/follow-ups';
import { givenClosure, givenService } from '../fixtures/builders';
import { adminWorld, at, errorCode, WED, type AdminWorld } from '../fixtures/admin-bookings-world';

/** Monday 12 October 2026 09:00 Rome: the meeting that just took place (the clock is at 10:00). */
const MON = '2026-10-12';
/** Fridays: 23 October is before the clocks go back (+02:00), 13 November after (+01:00); 25 December a holiday. */
const FRI_OCT = '2026-10-23';

type Occ = { start: string; end: string; ok: boolean; problem?: string; volunteerId: string | null };
type Made = {
  seriesId: string | null;
  bookings: Array<{ id: string; start: string; end: string; volunteer: { id: string }; followUpOf: string }>;
};

/** A world whose horizon reaches Christmas, with an attended meeting of this morning carrying needs. */
async function world(): Promise<AdminWorld & { source: string }> {
  const w = await adminWorld({ desk: { horizonDays: 120 } });
  const source = await w.confirmed(MON, '09:00', {
    status: 'attended',
    outcomeAt: Date.parse('2026-10-12T08:00:00Z'),
    language: 'ar',
    reminderPlan: 'morning',
    personName: 'Amal Haddad',
    phone: '+393471234567',
    accessibilityNeeds: 'Sedia a rotelle',
    accessibilityConsentAt: 1,
    interpreterLanguage: 'tigrino',
  });
  return { ...w, source };
}

const post = (w: AdminWorld, who: AdminWorld['admin'], id: string, body: unknown) =>
  w.call(who, 'POST', `/bookings/${id}/follow-up`, body);

async function followUpRows(w: AdminWorld, source: string) {
  return w.db.select().from(bookings).where(eq(bookings.followUpOf, source)).orderBy(bookings.startAt);
}

describe('the prefill', () => {
  it('proposes the path’s next service, the same volunteer and the person’s details', async () => {
    const w = await world();
    const next = await givenService(w.db, { nameIt: 'Ricerca lavoro', nameEn: 'Job search' });
    await w.db.update(services).set({ nextServiceId: next.id }).where(eq(services.id, w.serviceId));

    const res = await w.call(w.reception, 'GET', `/bookings/${w.source}/follow-up`);
    expect(res.status).toBe(200);
    const { followUp } = (await res.json()) as { followUp: Record<string, unknown> };
    expect(followUp).toMatchObject({
      serviceId: next.id,
      mode: 'in_person',
      volunteerId: w.volunteerIds[0],
      language: 'ar',
      reminderPlan: 'morning',
      accessibilityNeeds: 'Sedia a rotelle',
      interpreterLanguage: 'tigrino',
      person: { name: 'Amal Haddad', phone: '+393471234567', phoneKind: 'mobile' },
      source: { id: w.source, start: '2026-10-12T09:00:00+02:00' },
    });
  });

  it('falls back to the same service, and refuses a meeting that has not taken place', async () => {
    const w = await world();
    const res = await w.call(w.volunteer, 'GET', `/bookings/${w.source}/follow-up`);
    expect(((await res.json()) as { followUp: { serviceId: string } }).followUp.serviceId).toBe(w.serviceId);

    const future = await w.confirmed(WED, '10:00');
    const early = await w.call(w.reception, 'GET', `/bookings/${future}/follow-up`);
    expect(early.status).toBe(409);
    expect(await errorCode(early)).toBe('invalid_transition');
  });
});

describe('a series', () => {
  const series = (w: AdminWorld & { source: string }, extra: Record<string, unknown> = {}) => ({
    service: w.serviceId,
    mode: 'in_person',
    volunteerId: w.volunteerIds[0],
    start: at(FRI_OCT, '10:00'),
    repeat: { count: 4, everyWeeks: 3 },
    ...extra,
  });

  it('keeps its local time across the change of the clocks and shows every problem before writing anything', async () => {
    const w = await world();
    // The volunteer is busy on 13 November at 10:00.
    await w.confirmed('2026-11-13', '10:00', { start: '2026-11-13T10:00:00+01:00' });
    const before = await w.db.select().from(bookings);

    const res = await post(w, w.reception, w.source, { ...series(w), preview: true });
    expect(res.status).toBe(200);
    const { occurrences } = (await res.json()) as { occurrences: Occ[] };
    expect(occurrences).toEqual([
      {
        start: '2026-10-23T10:00:00+02:00',
        end: '2026-10-23T11:00:00+02:00',
        ok: true,
        volunteerId: w.volunteerIds[0],
      },
      {
        start: '2026-11-13T10:00:00+01:00',
        end: '2026-11-13T11:00:00+01:00',
        ok: false,
        problem: 'taken',
        volunteerId: w.volunteerIds[0],
      },
      {
        start: '2026-12-04T10:00:00+01:00',
        end: '2026-12-04T11:00:00+01:00',
        ok: true,
        volunteerId: w.volunteerIds[0],
      },
      {
        start: '2026-12-25T10:00:00+01:00',
        end: '2026-12-25T11:00:00+01:00',
        ok: false,
        problem: 'holiday',
        volunteerId: w.volunteerIds[0],
      },
    ]);
    // Asking to book it anyway writes nothing and answers with the same list.
    const refused = await post(w, w.reception, w.source, series(w));
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: { code: string; occurrences: Occ[] } };
    expect(body.error.code).toBe('series_conflict');
    expect(body.error.occurrences.map((o) => o.problem ?? 'ok')).toEqual(['ok', 'taken', 'ok', 'holiday']);
    expect(await w.db.select().from(bookings)).toEqual(before);
    expect(await w.events(w.source)).toEqual([]);
  });

  it('names closures, absences, missing shifts and the horizon', async () => {
    const w = await world();
    await givenClosure(w.db, '2026-10-30');
    await givenClosure(w.db, '2026-11-06', '2026-11-06', w.volunteerIds[0]!);
    const res = await post(w, w.reception, w.source, {
      ...series(w),
      start: at(FRI_OCT, '11:00'),
      repeat: { count: 6, everyWeeks: 1 },
      preview: true,
    });
    const { occurrences } = (await res.json()) as { occurrences: Occ[] };
    expect(occurrences.map((o) => o.problem ?? 'ok')).toEqual(['ok', 'closed', 'absent', 'ok', 'ok', 'ok']);

    const far = await post(w, w.reception, w.source, {
      ...series(w),
      start: at(FRI_OCT, '11:00'),
      repeat: { count: 2, everyWeeks: 8 },
      preview: true,
    });
    // 18 December is inside the 120-day horizon; a Thursday time has no shift.
    expect(((await far.json()) as { occurrences: Occ[] }).occurrences.map((o) => o.problem ?? 'ok')).toEqual([
      'ok',
      'ok',
    ]);
    const thursday = await post(w, w.reception, w.source, {
      ...series(w),
      start: at('2026-10-22', '10:00'),
      preview: true,
    });
    expect(((await thursday.json()) as { occurrences: Occ[] }).occurrences[0]!.problem).toBe('no_shift');
    const short = await adminWorld({ desk: { horizonDays: 30 } });
    const src = await short.confirmed(MON, '09:00', { status: 'attended' });
    const beyond = await post(short, short.reception, src, {
      ...series(w),
      volunteerId: short.volunteerIds[0],
      service: short.serviceId,
      repeat: { count: 3, everyWeeks: 2 },
      preview: true,
    });
    expect(((await beyond.json()) as { occurrences: Occ[] }).occurrences.map((o) => o.problem ?? 'ok')).toEqual([
      'ok',
      'ok',
      'horizon',
    ]);
  });

  it('writes every meeting at once: same series, same volunteer, needs and consent copied, one text each', async () => {
    const w = await world();
    w.resetRoundTrips();
    const preview = await post(w, w.reception, w.source, {
      ...series(w),
      repeat: { count: 3, everyWeeks: 3 },
      preview: true,
    });
    expect(preview.status).toBe(200);
    // The session, the source booking, the availability of the whole series' span.
    expect(w.roundTrips()).toBe(3);
    w.resetRoundTrips();
    const res = await post(w, w.reception, w.source, { ...series(w), repeat: { count: 3, everyWeeks: 3 } });
    expect(res.status).toBe(201);
    // The same three, the one batch that writes everything, and the answer's read.
    expect(w.roundTrips()).toBe(5);
    const made = (await res.json()) as Made;
    expect(made.bookings.map((b) => b.start)).toEqual([
      '2026-10-23T10:00:00+02:00',
      '2026-11-13T10:00:00+01:00',
      '2026-12-04T10:00:00+01:00',
    ]);
    expect(made.seriesId).toBeTruthy();
    const rows = await followUpRows(w, w.source);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r).toMatchObject({
        status: 'confirmed',
        channel: 'reception',
        seriesId: made.seriesId,
        volunteerId: w.volunteerIds[0],
        localTime: '10:00',
        personName: 'Amal Haddad',
        phone: '+393471234567',
        language: 'ar',
        reminderPlan: 'morning',
        accessibilityNeeds: 'Sedia a rotelle',
        accessibilityConsentAt: 1,
        interpreterLanguage: 'tigrino',
        longAppointment: false,
      });
    }
    // The UTC instants differ by the hour the clocks went back.
    expect(rows[1]!.startAt - rows[0]!.startAt).toBe(21 * 86_400_000 + 3_600_000);
    const texts = await w.db
      .select()
      .from(messages)
      .where(
        inArray(
          messages.bookingId,
          rows.map((r) => r.id),
        ),
      );
    expect(texts.map((m) => [m.kind, m.language])).toEqual([
      ['confirmation', 'ar'],
      ['confirmation', 'ar'],
      ['confirmation', 'ar'],
    ]);
    const sourceEvents = await w.events(w.source);
    expect(sourceEvents.map((e) => e.type)).toEqual(['follow_up_booked']);
    expect(JSON.parse(sourceEvents[0]!.data!)).toEqual({ bookingIds: rows.map((r) => r.id), seriesId: made.seriesId });
    for (const r of rows) expect((await w.events(r.id)).map((e) => e.type)).toEqual(['created']);

    // The booking's page names what it continues.
    const page = await w.call(w.reception, 'GET', `/bookings/${rows[0]!.id}`);
    expect(((await page.json()) as { booking: object }).booking).toMatchObject({
      followUpOf: w.source,
      seriesId: made.seriesId,
    });
  });

  it('gives a longer appointment twice the time, only where it fits', async () => {
    const w = await world();
    await w.db.update(bookings).set({ longAppointment: true }).where(eq(bookings.id, w.source));
    const late = await post(w, w.reception, w.source, { ...series(w), start: at(FRI_OCT, '11:00'), repeat: undefined });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { occurrences: Occ[] } }).error.occurrences[0]!.problem).toBe('no_shift');
    const res = await post(w, w.reception, w.source, { ...series(w), repeat: undefined });
    expect(res.status).toBe(201);
    const [row] = await followUpRows(w, w.source);
    expect(row).toMatchObject({ longAppointment: true, seriesId: null });
    expect(row!.endAt - row!.startAt).toBe(120 * 60_000);
  });

  it('books with whoever is free when no volunteer is named', async () => {
    const w = await world();
    await w.confirmed(FRI_OCT, '10:00');
    const res = await post(w, w.reception, w.source, { ...series(w), volunteerId: undefined, repeat: undefined });
    expect(res.status).toBe(201);
    expect(((await res.json()) as Made).bookings[0]!.volunteer.id).toBe(w.volunteerIds[1]);
  });
});

describe('all or nothing', () => {
  it('writes none of the meetings when the overlap trigger refuses one of them', async () => {
    const w = await world();
    const taken = await w.confirmed('2026-11-13', '10:00', { start: '2026-11-13T10:00:00+01:00' });
    const meeting = (id: string, date: string, offset: string): FollowUpMeeting => {
      const startAt = Date.parse(`${date}T10:00:00${offset}`);
      return {
        id,
        reference: `F${id}`,
        manageCode: `code-${id}`,
        volunteerId: w.volunteerIds[0]!,
        startAt,
        endAt: startAt + 3_600_000,
        localDate: date,
        localTime: '10:00',
        videoRoom: null,
      };
    };
    const write = {
      sourceId: w.source,
      serviceId: w.serviceId,
      mode: 'in_person' as const,
      channel: 'reception' as const,
      seriesId: 'series-1',
      longAppointment: false,
      consentVersion: 'staff',
      actorId: w.reception.user.id,
      now: w.clock.now(),
    };
    const meetings = [meeting('f1', FRI_OCT, '+02:00'), meeting('f2', '2026-11-13', '+01:00')];
    const outcome = await writeFollowUp(w.db, write, meetings, () => []);
    expect(outcome).toEqual({ ok: false, reason: 'slot_taken' });
    expect(await followUpRows(w, w.source)).toEqual([]);
    expect(await w.db.select().from(bookingEvents)).toEqual([]);
    expect((await w.row(taken)).status).toBe('confirmed');

    // A source changed meanwhile (cancelled, erased) is refused by the insert's own guard, likewise.
    await w.db.update(bookings).set({ erasedAt: 5 }).where(eq(bookings.id, w.source));
    const erased = await writeFollowUp(w.db, write, [meetings[0]!], () => []);
    expect(erased).toEqual({ ok: false, reason: 'source_changed' });
    expect(await followUpRows(w, w.source)).toEqual([]);
  });
});

describe('who may book a follow-up', () => {
  const one = (w: AdminWorld, extra: Record<string, unknown> = {}) => ({
    service: w.serviceId,
    mode: 'in_person',
    start: at(FRI_OCT, '10:00'),
    ...extra,
  });

  it('the desk, and a volunteer for their own meetings into their own times only', async () => {
    const w = await world();
    expect((await post(w, undefined as never, w.source, one(w))).status).toBe(401);
    const theirs = await w.confirmed(MON, '09:00', { status: 'attended', volunteer: 1 });
    expect((await post(w, w.volunteer, theirs, one(w))).status).toBe(403);
    expect((await post(w, w.volunteer, w.source, one(w, { volunteerId: w.volunteerIds[1] }))).status).toBe(403);

    const own = await post(w, w.volunteer, w.source, one(w));
    expect(own.status).toBe(201);
    expect(((await own.json()) as Made).bookings[0]!.volunteer.id).toBe(w.volunteerIds[0]);
    const [row] = await followUpRows(w, w.source);
    expect(row).toMatchObject({ channel: 'volunteer', createdBy: w.volunteer.user.id });

    const desk = await post(w, w.admin, theirs, one(w, { start: at(FRI_OCT, '11:00') }));
    expect(desk.status).toBe(201);
  });

  it('validates the body: the series’ size and spacing, the start, the mode', async () => {
    const w = await world();
    for (const body of [
      one(w, { repeat: { count: 7, everyWeeks: 2 } }),
      one(w, { repeat: { count: 3, everyWeeks: 0 } }),
      one(w, { repeat: { count: 3, everyWeeks: 9 } }),
      one(w, { start: '23/10/2026 10:00' }),
      one(w, { mode: 'phone' }),
    ]) {
      const res = await post(w, w.reception, w.source, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect(await followUpRows(w, w.source)).toEqual([]);
  });
});

describe('the path of services', () => {
  it('a service names the one usually booked next: another existing service, never itself', async () => {
    const w = await adminWorld();
    const created = await w.call(w.admin, 'POST', '/services', {
      names: { it: 'Ricerca lavoro', en: 'Job search' },
      durationMinutes: 60,
      modes: ['in_person'],
      nextServiceId: w.serviceId,
    });
    expect(created.status).toBe(201);
    const { service } = (await created.json()) as { service: { id: string; nextServiceId: string | null } };
    expect(service.nextServiceId).toBe(w.serviceId);

    const linked = await w.call(w.admin, 'PATCH', `/services/${w.serviceId}`, { nextServiceId: service.id });
    expect(linked.status).toBe(200);
    const list = (await (await w.call(w.reception, 'GET', '/services')).json()) as {
      services: { id: string; nextServiceId: string | null }[];
    };
    expect(list.services.find((s) => s.id === w.serviceId)!.nextServiceId).toBe(service.id);

    for (const nextServiceId of [w.serviceId, 'nope', 42]) {
      const res = await w.call(w.admin, 'PATCH', `/services/${w.serviceId}`, { nextServiceId });
      expect(res.status, String(nextServiceId)).toBe(422);
      expect(((await res.json()) as { error: { fields: object } }).error.fields).toHaveProperty('nextServiceId');
    }
    // An edit that does not mention it keeps it; null clears it.
    await w.call(w.admin, 'PATCH', `/services/${w.serviceId}`, { durationMinutes: 45 });
    expect((await w.db.select().from(services).where(eq(services.id, w.serviceId)))[0]!.nextServiceId).toBe(service.id);
    await w.call(w.admin, 'PATCH', `/services/${w.serviceId}`, { nextServiceId: null });
    expect((await w.db.select().from(services).where(eq(services.id, w.serviceId)))[0]!.nextServiceId).toBeNull();
    expect((await w.call(w.reception, 'PATCH', `/services/${w.serviceId}`, { nextServiceId: service.id })).status).toBe(
      403,
    );
  });
});
