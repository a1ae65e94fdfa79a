/**
 * PRODUCT.md, "Staff bookings without a mobile": reception books a caller with only a landline, or with
 * no phone; such a booking is created and no message row is ever written for it, whatever happens to it.
 */
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings, messages } from '../../worker/src/db/schema';
import { insertBooking } from '../../worker/src/db/repo/bookings';
import { runScheduled } from '../../worker/src/jobs/scheduled';
import { adminWorld, at, WED, type AdminWorld } from '../fixtures/admin-bookings-world';

type Booked = {
  booking: {
    id: string;
    phoneKind: string;
    person: { phone: string | null; phoneDisplay: string | null };
    events: Array<{ type: string; data: unknown }>;
    messages: unknown[];
  };
};
type Refused = { error: { code: string; fields: Record<string, string> } };

const caller = (serviceId: string, extra: Record<string, unknown> = {}) => ({
  service: serviceId,
  mode: 'in_person',
  start: at(WED, '10:00'),
  name: 'Giuseppe Verdi',
  ...extra,
});

async function book(w: AdminWorld, extra: Record<string, unknown>, hhmm = '10:00') {
  const res = await w.call(w.reception, 'POST', '/bookings', caller(w.serviceId, { start: at(WED, hhmm), ...extra }));
  return { status: res.status, body: (await res.json()) as Booked & Refused };
}

describe('POST /api/admin/bookings without a mobile', () => {
  it('books a landline: stored in E.164 as a landline, no SMS, and the audit says why', async () => {
    const w = await adminWorld();
    const { status, body } = await book(w, { phone: '06 1234 5678' });
    expect(status).toBe(201);
    expect(body.booking).toMatchObject({
      phoneKind: 'landline',
      person: { phone: '+390612345678', phoneDisplay: '+39 06 1234 5678' },
      messages: [],
    });
    expect(body.booking.events).toEqual([
      expect.objectContaining({ type: 'created', data: { channel: 'reception', noSms: 'landline' } }),
    ]);
    expect(await w.row(body.booking.id)).toMatchObject({ phone: '+390612345678', phoneKind: 'landline' });
    expect(await w.db.select().from(messages)).toEqual([]);
  });

  it('books someone with no phone at all: absent, null or blank', async () => {
    const w = await adminWorld();
    const absent = await book(w, {}, '09:00');
    const nulled = await book(w, { phone: null }, '10:00');
    const blank = await book(w, { phone: '   ', phoneKind: 'none' }, '11:00');
    for (const made of [absent, nulled, blank]) {
      expect(made.status).toBe(201);
      expect(made.body.booking).toMatchObject({ phoneKind: 'none', person: { phone: null, phoneDisplay: null } });
      expect(made.body.booking.events[0]?.data).toEqual({ channel: 'reception', noSms: 'none' });
    }
    expect(await w.db.select().from(messages)).toEqual([]);
  });

  it('keeps a mobile a mobile, texted as before, with its display in its own country’s groups', async () => {
    const w = await adminWorld({ desk: { smsCountries: 'IT,RO' } });
    const { status, body } = await book(w, { phone: '+40 721 234 567' });
    expect(status).toBe(201);
    expect(body.booking).toMatchObject({
      phoneKind: 'mobile',
      person: { phone: '+40721234567', phoneDisplay: '+40 721 234 567' },
    });
    expect(body.booking.events[0]?.data).toEqual({ channel: 'reception' });
    const rows = await w.db.select().from(messages);
    expect(rows.map((m) => [m.kind, m.recipient])).toEqual([['confirmation', '+40721234567']]);
  });

  it('follows what reception chose: a landline refused as a mobile, any number kept untexted as a landline', async () => {
    const w = await adminWorld();
    const notMobile = await book(w, { phone: '06 1234 5678', phoneKind: 'mobile' });
    expect(notMobile.status).toBe(422);
    expect(notMobile.body.error.fields.phone).toMatch(/fisso/);

    const untexted = await book(w, { phone: '347 123 4567', phoneKind: 'landline' });
    expect(untexted.status).toBe(201);
    expect(untexted.body.booking).toMatchObject({ phoneKind: 'landline', person: { phone: '+393471234567' } });
    expect(await w.db.select().from(messages)).toEqual([]);
  });

  it('refuses an invalid number, a number with "no phone", a missing number and an unknown kind with 422', async () => {
    const w = await adminWorld();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ phone: '12' }, 'phone', /non sembra corretto/],
      [{ phone: '800 123456' }, 'phone', /non sembra corretto/],
      [{ phone: 'chiamare la figlia' }, 'phone', /non sembra corretto/],
      [{ phone: 3471234567 }, 'phone', /non sembra corretto/],
      [{ phone: '06 1234 5678', phoneKind: 'none' }, 'phone', /lascia vuoto/],
      [{ phoneKind: 'landline' }, 'phone', /obbligatorio/],
      [{ phone: '', phoneKind: 'mobile' }, 'phone', /obbligatorio/],
      [{ phone: '06 1234 5678', phoneKind: 'fax' }, 'phoneKind', /.+/],
    ];
    for (const [extra, field, message] of cases) {
      const res = await book(w, extra);
      expect(res.status, JSON.stringify(extra)).toBe(422);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.fields[field]).toMatch(message);
    }
    const english = await w.call(w.reception, 'POST', '/bookings?lang=en', caller(w.serviceId, { phone: '12' }));
    expect(((await english.json()) as Refused).error.fields.phone).toMatch(/does not look right/);
    expect(await w.db.select({ id: messages.id }).from(messages)).toEqual([]);
    expect(await w.db.select().from(bookings)).toEqual([]);
  });
});

describe('no message row, ever, for a booking without a mobile', () => {
  it('through confirm, reject, reschedule, cancel and the reminder tick, while a mobile booking gets each', async () => {
    const w = await adminWorld();
    const landline = (await book(w, { phone: '06 1234 5678' }, '09:00')).body.booking.id;
    const none = (await book(w, {}, '10:00')).body.booking.id;
    const mobile = (await book(w, { phone: '347 123 4567' }, '11:00')).body.booking.id;
    // Requests without a mobile cannot come from the widget; written straight to the table, they still get nothing.
    const pendingLandline = await w.request('2026-10-16', '09:00', { phone: '+390612345678', phoneKind: 'landline' });
    const pendingNone = await w.request('2026-10-16', '10:00', { phone: null, phoneKind: 'none', volunteer: 1 });

    const ok = async (path: string, body: unknown) =>
      expect(
        await w.call(w.reception, 'POST', path, body).then(async (r) => `${r.status} ${await r.text()}`),
        path,
      ).toMatch(/^200/);
    await ok(`/bookings/${pendingLandline}/confirm`, {});
    await ok(`/bookings/${pendingNone}/reject`, { reason: 'Nessun volontario' });
    // Each moves an hour on (the last to the first hour), staying on Wednesday: each hour has a free volunteer.
    const moves: Array<[string, string]> = [
      [landline, '10:00'],
      [none, '11:00'],
      [mobile, '09:00'],
    ];
    for (const [id, hhmm] of moves) {
      await ok(`/bookings/${id}/reschedule`, { start: at(WED, hhmm) });
    }

    // The reminder hour the day before (18:00 in Rome), then the dispatcher in the same tick.
    await w.travel('2026-10-13T16:00:00Z');
    const tick = await runScheduled(w.deps, { cron: '0 * * * *', scheduledTime: Date.parse('2026-10-13T16:00:00Z') });
    expect(tick.ok).toBe(true);
    await ok(`/bookings/${none}/cancel`, { reason: 'Ha chiamato per disdire' });
    await ok(`/bookings/${mobile}/cancel`, { reason: 'Ha chiamato per disdire' });

    const silent = [landline, none, pendingLandline, pendingNone];
    expect(await w.db.select().from(messages).where(inArray(messages.bookingId, silent))).toEqual([]);
    const texted = await w.db.select().from(messages).where(eq(messages.bookingId, mobile));
    expect(texted.map((m) => m.kind).sort()).toEqual(['cancellation', 'confirmation', 'reminder', 'reschedule']);
  });
});

describe('per-phone limits with no phone', () => {
  it('never count one phoneless booking against another (null matches nothing)', async () => {
    const w = await adminWorld();
    await w.confirmed('2026-10-16', '09:00', { phone: null, phoneKind: 'none' });
    const startAt = Date.parse(at(WED, '10:00'));
    const now = w.clock.now();
    const outcome = await insertBooking(
      w.db,
      {
        id: 'phoneless-2',
        reference: 'NOPHN2',
        manageCode: 'code-phoneless-2',
        serviceId: w.serviceId,
        mode: 'in_person',
        startAt,
        endAt: startAt + 3_600_000,
        localDate: WED,
        localTime: '10:00',
        status: 'confirmed',
        channel: 'reception',
        language: 'it',
        personName: 'Giuseppe Verdi',
        phone: null,
        phoneKind: 'none',
        email: null,
        note: null,
        accessibilityNeeds: null,
        accessibilityConsentAt: null,
        consentAt: now,
        consentVersion: 'staff',
        holdUntil: null,
        confirmedAt: now,
        requestKey: null,
        createdBy: w.reception.user.id,
        now,
      },
      w.volunteerIds,
      { maxOpenPerPhone: 1 },
    );
    expect(outcome).toEqual({ ok: true, volunteerId: w.volunteerIds[0] });
    expect(await w.row('phoneless-2')).toMatchObject({ phone: null, phoneKind: 'none' });
  });
});

describe('a person with only a landline, at the people routes', () => {
  it('is found, exported and erased by the landline number as typed at the desk', async () => {
    const w = await adminWorld();
    const made = await book(w, { phone: '06 1234 5678' });
    expect(made.status).toBe(201);
    const search = await w.call(w.reception, 'POST', '/people/search', { phone: '06 1234 5678' });
    expect(search.status).toBe(200);
    const found = (await search.json()) as { bookings: Array<{ id: string }> };
    expect(found.bookings.map((b) => b.id)).toEqual([made.body.booking.id]);
    expect((await w.call(w.reception, 'POST', '/people/export', { phone: '+39 06 1234 5678' })).status).toBe(200);
    const erased = await w.call(w.reception, 'POST', '/people/erase', { phone: '0612345678', cancelActive: true });
    expect(erased.status).toBe(200);
    expect(await w.row(made.body.booking.id)).toMatchObject({ phone: null, personName: null, status: 'cancelled' });
  });

  it('still refuses what is no phone number at all', async () => {
    const w = await adminWorld();
    const res = await w.call(w.reception, 'POST', '/people/search', { phone: '12' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Refused).error.fields).toHaveProperty('phone');
  });
});
