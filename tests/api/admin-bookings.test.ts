import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings, messages } from '../../worker/src/db/schema';
import { givenVolunteer } from '../fixtures/builders';
import { staffHeaders } from '../fixtures/staff';
import { adminWorld, at, errorCode, WED } from '../fixtures/admin-bookings-world';

type ListBody = {
  bookings: Array<Record<string, unknown> & { id: string; start: string; volunteer: { id: string; name: string } }>;
  count: number;
};
type DetailBody = {
  booking: Record<string, unknown> & {
    id: string;
    status: string;
    events: Array<{
      type: string;
      actor: { type: string; id: string | null; name: string | null };
      from: string | null;
      to: string | null;
    }>;
    messages: unknown[];
  };
};

const MONDAY = '2026-10-12'; // today in the test world (10:00 in Rome)

describe('GET /api/admin/bookings', () => {
  it('lists pending requests oldest request first with a count, without accessibility needs', async () => {
    const w = await adminWorld();
    const later = await w.request(WED, '09:00', { createdAt: Date.parse('2026-10-11T10:00:00Z') });
    const older = await w.request(WED, '11:00', {
      volunteer: 1,
      createdAt: Date.parse('2026-10-10T10:00:00Z'),
      accessibilityNeeds: 'wheelchair',
      accessibilityConsentAt: Date.parse('2026-10-10T10:00:00Z'),
    });
    await w.confirmed(WED, '10:00');

    const res = await w.call(w.reception, 'GET', '/bookings?status=requested');
    expect(res.status).toBe(200);
    const body = (await res.json()) as ListBody;
    expect(body.count).toBe(2);
    expect(body.bookings.map((b) => b.id)).toEqual([older, later]);
    const first = body.bookings[0]!;
    expect(first).toMatchObject({
      status: 'requested',
      start: '2026-10-14T11:00:00+02:00',
      end: '2026-10-14T12:00:00+02:00',
      localDate: WED,
      localTime: '11:00',
      service: { id: w.serviceId, name: 'Revisione CV' },
      mode: 'in_person',
      volunteer: { id: w.volunteerIds[1], name: 'Volontario 2' },
      person: { name: 'Maria Rossi', phone: '+393471234567', email: null },
      channel: 'widget',
      createdAt: '2026-10-10T12:00:00+02:00',
      holdUntil: '2026-10-14T10:00:00+02:00',
      lateCancellation: false,
    });
    expect(first).not.toHaveProperty('accessibilityNeeds');
    expect(first).not.toHaveProperty('note');
  });

  it('gives the agenda of a date range in start order, filtered by volunteer on request', async () => {
    const w = await adminWorld();
    const b11 = await w.confirmed(WED, '11:00');
    const b09 = await w.confirmed(WED, '09:00', { volunteer: 1 });
    const b10 = await w.request(WED, '10:00');
    await w.confirmed('2026-10-16', '09:00'); // Friday: outside the range

    const all = (await (await w.call(w.admin, 'GET', `/bookings?from=${WED}&to=${WED}`)).json()) as ListBody;
    expect(all.bookings.map((b) => b.id)).toEqual([b09, b10, b11]);
    expect(all.count).toBe(3);

    const one = (await (
      await w.call(w.admin, 'GET', `/bookings?from=${WED}&to=${WED}&volunteer=${w.volunteerIds[1]}`)
    ).json()) as ListBody;
    expect(one.bookings.map((b) => b.id)).toEqual([b09]);

    const several = (await (
      await w.call(w.admin, 'GET', `/bookings?status=confirmed,requested&to=${WED}`)
    ).json()) as ListBody;
    expect(several.bookings.map((b) => b.id)).toEqual([b09, b10, b11]);
  });

  it("shows a volunteer only their own appointments and refuses someone else's agenda", async () => {
    const w = await adminWorld();
    const mine = await w.confirmed(WED, '09:00');
    await w.confirmed(WED, '09:00', { volunteer: 1 });

    const own = (await (await w.call(w.volunteer, 'GET', '/bookings')).json()) as ListBody;
    expect(own.bookings.map((b) => b.id)).toEqual([mine]);
    expect(own.count).toBe(1);
    const explicit = await w.call(w.volunteer, 'GET', `/bookings?volunteer=${w.volunteerIds[0]}`);
    expect(((await explicit.json()) as ListBody).count).toBe(1);

    const other = await w.call(w.volunteer, 'GET', `/bookings?volunteer=${w.volunteerIds[1]}`);
    expect(other.status).toBe(403);
    expect(await errorCode(other)).toBe('forbidden');

    const desk = (await (await w.call(w.reception, 'GET', '/bookings')).json()) as ListBody;
    expect(desk.count).toBe(2);
  });

  it('refuses invalid filters with 422 and the fields', async () => {
    const w = await adminWorld();
    for (const [query, field] of [
      ['status=bogus', 'status'],
      ['status=requested,nope', 'status'],
      ['from=2026-13-01', 'from'],
      ['to=yesterday', 'to'],
      [`from=${WED}&to=2026-10-01`, 'to'],
      [`from=2026-01-01&to=2026-12-31`, 'to'],
    ] as const) {
      const res = await w.call(w.reception, 'GET', `/bookings?${query}`);
      expect(res.status, query).toBe(422);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(body.error.code).toBe('invalid_input');
      expect(Object.keys(body.error.fields), query).toContain(field);
    }
  });

  it('answers 401 to anonymous callers', async () => {
    const w = await adminWorld();
    expect((await w.call(undefined, 'GET', '/bookings')).status).toBe(401);
    expect((await w.call(undefined, 'GET', '/bookings/x')).status).toBe(401);
    expect((await w.call(undefined, 'GET', '/messages')).status).toBe(401);
  });
});

describe('GET /api/admin/bookings/:id', () => {
  it('shows the booking with notes, its history and messages, and suggests the volunteer of a request', async () => {
    const w = await adminWorld();
    const res = await w.app.request('/api/public/requests', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        service: w.serviceId,
        mode: 'in_person',
        start: at(WED, '10:00'),
        name: 'Maria Rossi',
        phone: '347 123 4567',
        consent: true,
        note: 'Porto il CV',
        accessibilityNeeds: 'Sedia a rotelle',
        accessibilityConsent: true,
      }),
    });
    expect(res.status).toBe(201);
    const [made] = await w.db.select().from(bookings);

    const detail = await w.call(w.reception, 'GET', `/bookings/${made!.id}`);
    expect(detail.status).toBe(200);
    const { booking } = (await detail.json()) as DetailBody;
    expect(booking).toMatchObject({
      id: made!.id,
      status: 'requested',
      note: 'Porto il CV',
      staffNote: null,
      accessibilityNeeds: 'Sedia a rotelle',
      suggestedVolunteerId: made!.volunteerId,
      messages: [],
    });
    expect((booking.availableVolunteers as { id: string }[]).map((v) => v.id).sort()).toEqual(
      [...w.volunteerIds].sort(),
    );
    expect(booking.events).toEqual([
      expect.objectContaining({
        type: 'created',
        actor: { type: 'person', id: null, name: null },
        from: null,
        to: 'requested',
      }),
    ]);
  });

  it('suggests the least-loaded free volunteer when the current one is no longer free', async () => {
    const w = await adminWorld({ volunteers: 3 });
    const id = await w.request(WED, '10:00');
    // Volunteer 0 is absent that day; volunteer 1 already has an appointment, volunteer 2 none.
    const { givenClosure } = await import('../fixtures/builders');
    await givenClosure(w.db, WED, WED, w.volunteerIds[0]!);
    await w.confirmed(WED, '09:00', { volunteer: 1 });
    const { booking } = (await (await w.call(w.reception, 'GET', `/bookings/${id}`)).json()) as DetailBody;
    expect(booking.suggestedVolunteerId).toBe(w.volunteerIds[2]);
    expect((booking.availableVolunteers as { id: string }[]).map((v) => v.id)).toEqual([
      w.volunteerIds[2],
      w.volunteerIds[1],
    ]);
  });

  it("lets a volunteer open their own booking (with its accessibility needs) but not someone else's", async () => {
    const w = await adminWorld();
    const mine = await w.confirmed(WED, '09:00', { accessibilityNeeds: 'LIS', accessibilityConsentAt: 1 });
    const theirs = await w.confirmed(WED, '09:00', { volunteer: 1 });

    const own = await w.call(w.volunteer, 'GET', `/bookings/${mine}`);
    expect(own.status).toBe(200);
    expect(((await own.json()) as DetailBody).booking.accessibilityNeeds).toBe('LIS');

    const other = await w.call(w.volunteer, 'GET', `/bookings/${theirs}`);
    expect(other.status).toBe(403);
  });

  it('shows a volunteer that texts went out but not what they said: no manage link anywhere', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '09:00');
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/confirm`, {})).status).toBe(200);
    const { manageCode } = await w.row(id);
    const link = `/m/${manageCode}`;

    const desk = (await (await w.call(w.reception, 'GET', `/bookings/${id}`)).json()) as DetailBody;
    const deskMessages = desk.booking.messages as { kind: string; body: string | null }[];
    expect(deskMessages.map((m) => m.kind)).toContain('confirmation');
    expect(deskMessages.some((m) => m.body?.includes(link))).toBe(true);
    // The audit names who acted: the receptionist, by their account.
    expect(desk.booking.events).toContainEqual(
      expect.objectContaining({
        type: 'confirmed',
        actor: { type: 'staff', id: w.reception.user.id, name: w.reception.user.name },
      }),
    );

    const res = await w.call(w.volunteer, 'GET', `/bookings/${id}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(manageCode);
    const { booking } = JSON.parse(text) as DetailBody;
    const messages = booking.messages as { kind: string; status: string; body: string | null }[];
    expect(messages.map((m) => m.kind)).toEqual(deskMessages.map((m) => m.kind));
    expect(messages.every((m) => m.body === null)).toBe(true);
  });

  it('answers 404 for an unknown booking', async () => {
    const w = await adminWorld();
    const res = await w.call(w.admin, 'GET', '/bookings/nope');
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('not_found');
  });
});

describe('POST /api/admin/bookings (on behalf of a caller)', () => {
  const caller = (serviceId: string, extra: Record<string, unknown> = {}) => ({
    service: serviceId,
    mode: 'in_person',
    start: at(WED, '10:00'),
    name: 'Giulia Bianchi',
    phone: '333 765 4321',
    ...extra,
  });

  it('refuses bidi controls and lone surrogates in every text field with 422, storing nothing', async () => {
    const w = await adminWorld();
    const name = await w.call(w.reception, 'POST', '/bookings', caller(w.serviceId, { name: 'Giulia \u202Egnp.exe' }));
    expect(name.status).toBe(422);
    expect(((await name.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      name: 'Contiene caratteri non ammessi. Riscrivilo senza copiarlo da altrove.',
    });
    const note = await w.call(w.reception, 'POST', '/bookings', caller(w.serviceId, { note: 'ok \uD800' }));
    expect(note.status).toBe(422);
    expect(await w.db.select().from(bookings)).toHaveLength(0);

    const id = await w.confirmed(WED, '09:00');
    const staffNote = await w.call(w.volunteer, 'POST', `/bookings/${id}/note`, { note: 'chiamare \u2067prima' });
    expect(staffNote.status).toBe(422);
    expect((await w.row(id)).staffNote).toBeNull();
  });

  it('creates a confirmed booking with the reception channel, staff consent and an audit event', async () => {
    const w = await adminWorld();
    const res = await w.call(w.reception, 'POST', '/bookings', caller(w.serviceId, { language: 'en' }));
    expect(res.status).toBe(201);
    const { booking } = (await res.json()) as DetailBody;
    expect(booking).toMatchObject({
      status: 'confirmed',
      channel: 'reception',
      start: '2026-10-14T10:00:00+02:00',
      end: '2026-10-14T11:00:00+02:00',
      localTime: '10:00',
      language: 'en',
      person: { name: 'Giulia Bianchi', phone: '+393337654321', email: null },
      createdBy: w.reception.user.id,
      confirmedAt: '2026-10-12T10:00:00+02:00',
      holdUntil: null,
    });
    expect(booking.events).toEqual([
      expect.objectContaining({
        type: 'created',
        actor: { type: 'staff', id: w.reception.user.id, name: 'Rita Reception' },
        to: 'confirmed',
      }),
    ]);
    const row = await w.row(booking.id);
    expect(row.consentVersion).toBe('staff');
    expect(row.consentAt).toBe(Date.parse('2026-10-12T08:00:00Z'));
    expect(row.manageCode.length).toBeGreaterThan(10);
  });

  it('books inside the minimum notice but never in the past', async () => {
    const w = await adminWorld({ desk: { minNoticeMinutes: 1440 } });
    // Today (Monday) at 11:00 is an hour away: too soon for the widget, fine for the desk.
    const soon = await w.call(w.reception, 'POST', '/bookings', caller(w.serviceId, { start: at(MONDAY, '11:00') }));
    expect(soon.status).toBe(201);
    const past = await w.call(w.reception, 'POST', '/bookings', caller(w.serviceId, { start: at(MONDAY, '09:00') }));
    expect(past.status).toBe(409);
    expect(await errorCode(past)).toBe('slot_unavailable');
  });

  it('refuses a time that is not a slot or is taken for the volunteer asked for', async () => {
    const w = await adminWorld();
    await w.confirmed(WED, '10:00', { volunteer: 1 });
    const taken = await w.call(
      w.reception,
      'POST',
      '/bookings',
      caller(w.serviceId, { volunteerId: w.volunteerIds[1] }),
    );
    expect(taken.status).toBe(409);
    expect(await errorCode(taken)).toBe('slot_unavailable');
    const offShift = await w.call(w.reception, 'POST', '/bookings', caller(w.serviceId, { start: at(WED, '14:00') }));
    expect(offShift.status).toBe(409);
    // Without a volunteer asked for, the free one takes it.
    const free = await w.call(w.reception, 'POST', '/bookings', caller(w.serviceId));
    expect(free.status).toBe(201);
    expect(((await free.json()) as DetailBody).booking.volunteer).toMatchObject({ id: w.volunteerIds[0] });
    const full = await w.call(w.reception, 'POST', '/bookings', caller(w.serviceId));
    expect(full.status).toBe(409);
    expect(await w.db.select().from(bookings)).toHaveLength(2);
  });

  it('lets a volunteer book into their own shifts only, with the volunteer channel', async () => {
    const w = await adminWorld();
    const own = await w.call(w.volunteer, 'POST', '/bookings', caller(w.serviceId));
    expect(own.status).toBe(201);
    const { booking } = (await own.json()) as DetailBody;
    expect(booking).toMatchObject({ channel: 'volunteer', volunteer: { id: w.volunteerIds[0] } });

    // Their own time is now taken: the free colleague is not used for them.
    const again = await w.call(w.volunteer, 'POST', '/bookings', caller(w.serviceId));
    expect(again.status).toBe(409);
    const forOther = await w.call(
      w.volunteer,
      'POST',
      '/bookings',
      caller(w.serviceId, { start: at(WED, '11:00'), volunteerId: w.volunteerIds[1] }),
    );
    expect(forOther.status).toBe(403);
  });

  it('validates the caller details and the volunteer with 422 and fields', async () => {
    const w = await adminWorld();
    const inactive = await givenVolunteer(w.db, { active: false });
    const bad = await w.call(w.reception, 'POST', '/bookings', {
      service: w.serviceId,
      mode: 'by_pigeon',
      start: 'tomorrow',
      name: 'x',
      phone: '12',
      accessibilityNeeds: 'ramp',
    });
    expect(bad.status).toBe(422);
    const { error } = (await bad.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fields).sort()).toEqual(['accessibilityConsent', 'mode', 'name', 'phone', 'start']);
    expect(error.fields).not.toHaveProperty('consent');

    const unknownVolunteer = await w.call(
      w.reception,
      'POST',
      '/bookings',
      caller(w.serviceId, { volunteerId: inactive.id }),
    );
    expect(unknownVolunteer.status).toBe(422);
    expect(((await unknownVolunteer.json()) as { error: { fields: object } }).error.fields).toHaveProperty(
      'volunteerId',
    );

    const notJson = await w.app.request('/api/admin/bookings', {
      method: 'POST',
      headers: { ...w.reception.headers, 'Content-Type': 'text/plain' },
      body: 'hello',
    });
    expect(notJson.status).toBe(415);
    const broken = await w.call(w.reception, 'POST', '/bookings', '{"service":');
    expect(broken.status).toBe(400);
    expect(await w.db.select().from(bookings)).toHaveLength(0);
  });

  it('stores accessibility needs given with their consent', async () => {
    const w = await adminWorld();
    const res = await w.call(
      w.reception,
      'POST',
      '/bookings',
      caller(w.serviceId, { accessibilityNeeds: 'Ipovedente', accessibilityConsent: true }),
    );
    expect(res.status).toBe(201);
    const { booking } = (await res.json()) as DetailBody;
    expect(booking.accessibilityNeeds).toBe('Ipovedente');
    expect((await w.row(booking.id)).accessibilityConsentAt).toBe(Date.parse('2026-10-12T08:00:00Z'));
  });
});

describe('GET /api/admin/bookings/slots', () => {
  it('offers times inside the minimum notice, per volunteer, and only their own to a volunteer', async () => {
    const w = await adminWorld({ desk: { minNoticeMinutes: 1440 } });
    await w.confirmed(MONDAY, '11:00', { volunteer: 1 });
    const res = await w.call(
      w.reception,
      'GET',
      `/bookings/slots?service=${w.serviceId}&mode=in_person&from=${MONDAY}&to=${MONDAY}`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      days: Array<{ date: string; slots: Array<{ start: string; volunteerIds: string[] }> }>;
    };
    // 10:00 is now: a walk-in can be seen right away; 09:00 has passed.
    expect(body.days).toEqual([
      {
        date: MONDAY,
        slots: [
          {
            start: '2026-10-12T10:00:00+02:00',
            end: '2026-10-12T11:00:00+02:00',
            volunteerIds: w.volunteerIds,
            reserved: false,
          },
          {
            start: '2026-10-12T11:00:00+02:00',
            end: '2026-10-12T12:00:00+02:00',
            volunteerIds: [w.volunteerIds[0]],
            reserved: false,
          },
        ],
      },
    ]);
    const mine = (await (
      await w.call(w.volunteer, 'GET', `/bookings/slots?service=${w.serviceId}&mode=in_person&from=${WED}&to=${WED}`)
    ).json()) as typeof body;
    expect(mine.days[0]!.slots.every((s) => s.volunteerIds.join() === w.volunteerIds[0])).toBe(true);
    expect((await w.call(w.reception, 'GET', '/bookings/slots?mode=in_person')).status).toBe(422);
  });
});

describe('GET /api/admin/messages', () => {
  it('lists outbox rows for the desk, filtered by booking and status; volunteers are refused', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '09:00');
    const other = await w.confirmed(WED, '10:00');
    const base = {
      recipient: '+393471234567',
      body: 'Confermato',
      notBefore: 0,
      createdAt: Date.parse('2026-10-12T08:00:00Z'),
      updatedAt: 0,
    };
    await w.db.insert(messages).values([
      {
        ...base,
        id: 'm1',
        bookingId: id,
        kind: 'confirmation',
        status: 'sent',
        attempts: 1,
        providerId: 'p-1',
        sentAt: Date.parse('2026-10-12T08:01:00Z'),
      },
      {
        ...base,
        id: 'm2',
        bookingId: id,
        kind: 'reminder',
        status: 'failed',
        attempts: 3,
        error: 'unreachable',
        errorCode: '21612',
      },
      { ...base, id: 'm3', bookingId: other, kind: 'confirmation' },
    ]);

    const res = await w.call(w.reception, 'GET', `/messages?booking=${id}&status=sent`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      messages: [
        {
          id: 'm1',
          bookingId: id,
          kind: 'confirmation',
          to: '+393471234567',
          body: 'Confermato',
          status: 'sent',
          attempts: 1,
          providerId: 'p-1',
          error: null,
          errorCode: null,
          createdAt: '2026-10-12T10:00:00+02:00',
          sentAt: '2026-10-12T10:01:00+02:00',
        },
      ],
    });
    const all = (await (await w.call(w.admin, 'GET', '/messages')).json()) as { messages: unknown[] };
    expect(all.messages).toHaveLength(3);
    // The code travels with the English log text, so the portal can say why in its own language.
    expect(all.messages).toContainEqual(
      expect.objectContaining({ id: 'm2', error: 'unreachable', errorCode: '21612' }),
    );
    const detail = (await (await w.call(w.admin, 'GET', `/bookings/${id}`)).json()) as DetailBody;
    expect(detail.booking.messages).toHaveLength(2);

    expect((await w.call(w.volunteer, 'GET', '/messages')).status).toBe(403);
    const invalid = await w.call(w.admin, 'GET', '/messages?status=lost');
    expect(invalid.status).toBe(422);
  });
});

describe('role without a volunteer record', () => {
  it('refuses a volunteer account that is not linked to a volunteer', async () => {
    const w = await adminWorld();
    const orphan = await staffHeaders(w.app, w.db, 'volunteer', { volunteerId: null });
    expect((await w.call(orphan, 'GET', '/bookings')).status).toBe(403);
    const stillThere = await w.db.select().from(bookings).where(eq(bookings.status, 'confirmed'));
    expect(stillThere).toHaveLength(0);
  });
});
