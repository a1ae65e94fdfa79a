import { and, eq, inArray } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import type { Db } from '../../worker/src/db/client';
import { erasePersonalDataStatements } from '../../worker/src/db/repo/people';
import { bookingEvents, bookings, messages } from '../../worker/src/db/schema';
import { zonedParts } from '../../worker/src/domain/time';
import { createTestDb } from '../fixtures/db';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { fixedClock, testDeps } from '../fixtures/deps';
import { jsonHeaders, staffHeaders, type SignedIn } from '../fixtures/staff';

const ROME = 'Europe/Rome';
const NOW = '2026-10-12T08:00:00Z';
const MARIA = '+393471234567';
const LUCA = '+393389876543';
const T_CONSENT = Date.parse('2026-09-01T07:00:00Z');

let db: Db;
let app: ReturnType<typeof createApp>;
let serviceId: string;
let volunteerId: string;
let reception: SignedIn & { user: { id: string } };
let seq = 0;

beforeEach(async () => {
  db = (await createTestDb()).db;
  app = createApp(testDeps(db, { clock: fixedClock(NOW) }));
  await givenDesk(db, { name: 'Sportello Lavoro Prova' });
  serviceId = (await givenService(db, { nameIt: 'Revisione CV', nameEn: 'CV review' })).id;
  volunteerId = (await givenVolunteer(db, { displayName: 'Giulia' })).id;
  reception = await staffHeaders(app, db, 'reception');
});

/** A booking whose local date and time are Rome's, as the app writes them. */
function booking(start: string, extra: Partial<typeof bookings.$inferInsert> = {}) {
  const ms = Date.parse(start);
  const local = zonedParts(ms, ROME);
  return givenBooking(db, {
    serviceId,
    volunteerId,
    start: ms,
    localDate: local.date,
    localTime: local.time,
    ...extra,
  });
}

async function message(bookingId: string, extra: Partial<typeof messages.$inferInsert> = {}) {
  const at = Date.parse('2026-09-20T10:00:00Z');
  await db.insert(messages).values({
    id: `msg-${++seq}`,
    bookingId,
    kind: 'confirmation',
    recipient: MARIA,
    body: 'Sportello Lavoro: appuntamento confermato il 21/09 alle 10:30. Info: https://sportello.test/m/abc',
    status: 'sent',
    notBefore: at,
    createdAt: at,
    sentAt: at + 5000,
    updatedAt: at + 5000,
    ...extra,
  });
}

/** Maria: one past attended appointment with accessibility needs and an SMS, one past no-show. */
async function givenMaria() {
  const attended = await booking('2026-09-21T08:30:00Z', {
    status: 'attended',
    personName: 'Maria Rossi',
    phone: MARIA,
    email: 'maria@example.org',
    note: 'Porto il CV stampato',
    accessibilityNeeds: 'Uso la sedia a rotelle',
    accessibilityConsentAt: T_CONSENT,
    consentAt: T_CONSENT,
    consentVersion: 'v1',
    confirmedAt: T_CONSENT + 3_600_000,
    staffNote: 'Interessata a corsi di informatica',
  });
  await db.insert(bookingEvents).values({
    bookingId: attended.id,
    at: T_CONSENT,
    actorType: 'person',
    type: 'requested',
    toStatus: 'requested',
  });
  await message(attended.id);
  const noShow = await booking('2026-09-28T08:30:00Z', { status: 'no_show', personName: 'Maria R.', phone: MARIA });
  return { attended, noShow };
}

function get(path: string, session: SignedIn = reception) {
  return app.request(path, { headers: session.headers });
}

/** Search or export by phone: the number goes in the body, never in the URL. */
function person(what: 'search' | 'export', phone: string, session: SignedIn = reception) {
  return app.request(`/api/admin/people/${what}`, {
    method: 'POST',
    headers: jsonHeaders(session),
    body: JSON.stringify({ phone }),
  });
}

function erase(body: unknown, session: SignedIn = reception) {
  return app.request('/api/admin/people/erase', {
    method: 'POST',
    headers: jsonHeaders(session),
    body: JSON.stringify(body),
  });
}

describe('POST /api/admin/people/search', () => {
  it('normalises the number as typed at the desk and lists only that person’s bookings', async () => {
    const { attended, noShow } = await givenMaria();
    await booking('2026-09-22T08:30:00Z', { personName: 'Luca Bianchi', phone: LUCA, status: 'attended' });

    const res = await person('search', '347 123 4567');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { phone: string; bookings: Record<string, unknown>[] };
    expect(body.phone).toBe(MARIA);
    // Latest appointment first.
    expect(body.bookings.map((b) => b.id)).toEqual([noShow.id, attended.id]);
    expect(body.bookings[1]).toEqual({
      id: attended.id,
      reference: attended.reference,
      status: 'attended',
      lateCancellation: false,
      mode: 'in_person',
      start: '2026-09-21T10:30:00+02:00',
      end: '2026-09-21T11:30:00+02:00',
      service: { id: serviceId, name: 'Revisione CV' },
      volunteer: { id: volunteerId, name: 'Giulia' },
      name: 'Maria Rossi',
      phone: MARIA,
      phoneDisplay: '+39 347 123 4567',
      erasedAt: null,
    });
  });

  it('finds the same person written with the international prefix', async () => {
    await givenMaria();
    const res = await person('search', '+39 347-123-4567');
    expect(((await res.json()) as { bookings: unknown[] }).bookings).toHaveLength(2);
  });

  it('refuses a missing or invalid number with 422 on the phone field (a landline is a number: see staff-bookings-without-mobile)', async () => {
    for (const phone of [undefined, '', '12', 'abc', '800 123 456 789 0']) {
      const res = await app.request('/api/admin/people/search', {
        method: 'POST',
        headers: jsonHeaders(reception),
        body: JSON.stringify(phone === undefined ? {} : { phone }),
      });
      expect(res.status, String(phone)).toBe(422);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.fields.phone).toBeTruthy();
    }
  });

  it('is closed to volunteers (403) and to anonymous callers (401), on every people route', async () => {
    const volunteer = await staffHeaders(app, db, 'volunteer', { volunteerId });
    const admin = await staffHeaders(app, db, 'admin');
    expect((await person('search', MARIA, volunteer)).status).toBe(403);
    expect((await person('export', MARIA, volunteer)).status).toBe(403);
    expect((await erase({ phone: MARIA }, volunteer)).status).toBe(403);
    expect((await app.request('/api/admin/people/search', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await person('search', MARIA, admin)).status).toBe(200);
  });
});

describe('POST /api/admin/people/export', () => {
  it('downloads every personal field, the audit trail and the messages, and records the export', async () => {
    const { attended, noShow } = await givenMaria();
    await booking('2026-09-22T08:30:00Z', { personName: 'Luca Bianchi', phone: LUCA, status: 'attended' });

    const res = await person('export', '347 123 4567');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="sportello-393471234567-2026-10-12.json"',
    );
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const doc = (await res.json()) as {
      exportedAt: string;
      controller: { name: string };
      phone: string;
      bookings: (Record<string, unknown> & {
        events: Record<string, unknown>[];
        messages: Record<string, unknown>[];
      })[];
    };
    expect(doc.exportedAt).toBe('2026-10-12T10:00:00+02:00');
    expect(doc.controller.name).toBe('Sportello Lavoro Prova');
    expect(doc.phone).toBe(MARIA);
    expect(doc.bookings.map((b) => b.id)).toEqual([attended.id, noShow.id]);
    const first = doc.bookings[0]!;
    expect(first).toMatchObject({
      reference: attended.reference,
      status: 'attended',
      name: 'Maria Rossi',
      phone: MARIA,
      email: 'maria@example.org',
      note: 'Porto il CV stampato',
      accessibilityNeeds: 'Uso la sedia a rotelle',
      accessibilityConsentAt: '2026-09-01T09:00:00+02:00',
      consentAt: '2026-09-01T09:00:00+02:00',
      consentVersion: 'v1',
      staffNote: 'Interessata a corsi di informatica',
      start: '2026-09-21T10:30:00+02:00',
      service: { id: serviceId, name: { it: 'Revisione CV', en: 'CV review' } },
      volunteer: { id: volunteerId, name: 'Giulia' },
    });
    // The manage link's code is a credential: it stays out of a file that travels.
    expect(JSON.stringify(doc)).not.toContain(attended.manageCode);
    expect(first.events).toEqual([
      expect.objectContaining({ type: 'requested', actor: 'person', at: '2026-09-01T09:00:00+02:00' }),
    ]);
    expect(first.messages).toEqual([
      expect.objectContaining({
        kind: 'confirmation',
        recipient: MARIA,
        body: expect.stringContaining('appuntamento confermato'),
        status: 'sent',
        sentAt: '2026-09-20T12:00:05+02:00',
      }),
    ]);
    expect(JSON.stringify(doc)).not.toContain('Luca');

    const audit = await db.select().from(bookingEvents).where(eq(bookingEvents.type, 'personal_data_exported'));
    expect(audit.map((e) => e.bookingId).sort()).toEqual([attended.id, noShow.id].sort());
    expect(audit.every((e) => e.actorType === 'staff' && e.actorId === reception.user.id)).toBe(true);
  });

  it('answers with an empty export for a number the desk does not know', async () => {
    const res = await person('export', LUCA);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { bookings: unknown[] }).bookings).toEqual([]);
  });
});

describe('POST /api/admin/people/erase', () => {
  async function dashboardFigures() {
    const res = await get('/api/admin/dashboard?month=2026-09');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { month: unknown; weekly: unknown };
    return { month: body.month, weekly: body.weekly };
  }

  it('nulls every personal field and message text, keeps the bookings and the counts', async () => {
    const { attended, noShow } = await givenMaria();
    const luca = await booking('2026-09-22T08:30:00Z', { personName: 'Luca Bianchi', phone: LUCA, status: 'attended' });
    await message(luca.id, { recipient: LUCA });
    const before = await dashboardFigures();

    const res = await erase({ phone: '347 123 4567' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bookings: 2, messages: 1, cancelled: 0 });

    const rows = await db
      .select()
      .from(bookings)
      .where(inArray(bookings.id, [attended.id, noShow.id]));
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r).toMatchObject({
        personName: null,
        phone: null,
        email: null,
        note: null,
        accessibilityNeeds: null,
        accessibilityConsentAt: null,
        staffNote: null,
        erasedAt: Date.parse(NOW),
        serviceId,
        volunteerId,
      });
    }
    expect(rows.find((r) => r.id === attended.id)?.status).toBe('attended');
    expect(rows.find((r) => r.id === noShow.id)?.status).toBe('no_show');
    const [msg] = await db.select().from(messages).where(eq(messages.bookingId, attended.id));
    expect(msg).toMatchObject({ recipient: null, body: null, status: 'sent', kind: 'confirmation' });
    const erased = await db.select().from(bookingEvents).where(eq(bookingEvents.type, 'erased'));
    expect(erased.map((e) => e.bookingId).sort()).toEqual([attended.id, noShow.id].sort());
    expect(erased.every((e) => e.actorType === 'staff' && e.actorId === reception.user.id)).toBe(true);

    // Someone else's data is untouched.
    const [other] = await db.select().from(bookings).where(eq(bookings.id, luca.id));
    expect(other).toMatchObject({ personName: 'Luca Bianchi', phone: LUCA, erasedAt: null });
    const [otherMsg] = await db.select().from(messages).where(eq(messages.bookingId, luca.id));
    expect(otherMsg?.recipient).toBe(LUCA);

    // Nobody is found any more, nothing is exported, and the anonymous figures did not move.
    const search = await person('search', MARIA);
    expect(((await search.json()) as { bookings: unknown[] }).bookings).toEqual([]);
    expect(await dashboardFigures()).toEqual(before);
  });

  it('refuses with 409 while the person has upcoming active appointments, and changes nothing', async () => {
    await givenMaria();
    const upcoming = await booking('2026-10-20T08:30:00Z', { status: 'confirmed', phone: MARIA });

    const res = await erase({ phone: MARIA });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe('conflict');
    expect(body.error.fields.cancelActive).toMatch(/1/);

    const rows = await db.select().from(bookings).where(eq(bookings.phone, MARIA));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.erasedAt === null)).toBe(true);
    expect((await db.select().from(bookings).where(eq(bookings.id, upcoming.id)))[0]?.status).toBe('confirmed');
  });

  it('with cancelActive cancels the upcoming appointments for the erasure, then erases', async () => {
    await givenMaria();
    const upcoming = await booking('2026-10-20T08:30:00Z', { status: 'confirmed', phone: MARIA });
    const tomorrow = await booking('2026-10-13T07:00:00Z', { status: 'requested', phone: MARIA });

    const res = await erase({ phone: MARIA, cancelActive: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bookings: 4, messages: 1, cancelled: 2 });

    const [far] = await db.select().from(bookings).where(eq(bookings.id, upcoming.id));
    expect(far).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'staff',
      cancelReason: 'erasure',
      cancelledAt: Date.parse(NOW),
      lateCancellation: false,
      phone: null,
      personName: null,
    });
    // Inside the desk's 24-hour notice: counted as late, like any other cancellation.
    const [near] = await db.select().from(bookings).where(eq(bookings.id, tomorrow.id));
    expect(near).toMatchObject({ status: 'cancelled', lateCancellation: true, phone: null });
    const cancelEvents = await db
      .select()
      .from(bookingEvents)
      .where(and(eq(bookingEvents.bookingId, upcoming.id), eq(bookingEvents.type, 'cancelled')));
    expect(cancelEvents).toEqual([
      expect.objectContaining({ fromStatus: 'confirmed', toStatus: 'cancelled', actorType: 'staff' }),
    ]);
  });

  it('validates the body', async () => {
    expect((await erase({})).status).toBe(422);
    expect((await erase({ phone: '12' })).status).toBe(422);
    expect((await erase({ phone: MARIA, cancelActive: 'yes' })).status).toBe(422);
    expect((await erase([MARIA])).status).toBe(422);
    const notJson = await app.request('/api/admin/people/erase', {
      method: 'POST',
      headers: jsonHeaders(reception),
      body: '{phone',
    });
    expect(notJson.status).toBe(400);
  });

  it('answers 200 with zero counts for a number the desk does not know', async () => {
    const res = await erase({ phone: LUCA });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bookings: 0, messages: 0, cancelled: 0 });
  });
});

describe('erasePersonalDataStatements (shared with the retention job)', () => {
  it('is idempotent, cancels waiting messages and records the system as the actor', async () => {
    const { attended } = await givenMaria();
    await message(attended.id, { kind: 'reminder', status: 'pending', sentAt: null });
    const now = Date.parse(NOW);
    for (let i = 0; i < 2; i++) {
      const [first, ...rest] = erasePersonalDataStatements(db, [attended.id], now + i, { type: 'system', id: null });
      await db.batch([first!, ...rest]);
    }
    const events = await db
      .select()
      .from(bookingEvents)
      .where(and(eq(bookingEvents.bookingId, attended.id), eq(bookingEvents.type, 'erased')));
    expect(events).toEqual([expect.objectContaining({ actorType: 'system', actorId: null, at: now })]);
    const [row] = await db.select().from(bookings).where(eq(bookings.id, attended.id));
    expect(row?.erasedAt).toBe(now);
    const outbox = await db.select().from(messages).where(eq(messages.bookingId, attended.id));
    expect(outbox.map((m) => [m.kind, m.status, m.recipient, m.body])).toEqual(
      expect.arrayContaining([
        ['confirmation', 'sent', null, null],
        ['reminder', 'cancelled', null, null],
      ]),
    );
  });

  it('returns no statements for no bookings', () => {
    expect(erasePersonalDataStatements(db, [], 0, { type: 'system', id: null })).toEqual([]);
  });
});
