/** The booking use cases called directly, as a route calls them: refusals are values with domain codes. */
import { describe, expect, it } from 'vitest';
import type { StaffPrincipal } from '../../worker/src/auth/guard';
import { bookOnBehalf, createRequest } from '../../worker/src/bookings/create';
import { cancelAsPerson, confirmAttendanceAsPerson } from '../../worker/src/bookings/person-actions';
import { confirmRequest, recordAttendance, reschedule } from '../../worker/src/bookings/staff-actions';
import { adminWorld, at, WED } from '../fixtures/admin-bookings-world';

const person = { name: 'Maria Rossi', phone: '+393471234567', mode: 'in_person' as const };

function actor(role: StaffPrincipal['role'], userId: string, volunteerId: string | null = null): StaffPrincipal {
  return { userId, sessionId: 's', name: 'n', email: 'e@x.it', role, volunteerId, language: 'it' };
}

describe('creating bookings', () => {
  it('a request and a booking on behalf share the slot finder: the second cannot take the same time', async () => {
    const w = await adminWorld({ volunteers: 1 });
    const start = Date.parse(at(WED, '10:00'));
    const made = await createRequest(w.deps, {
      request: { ...person, service: w.serviceId, start },
      client: { address: '203.0.113.9', limitKey: '203.0.113.9' },
      language: 'en',
    });
    expect(made).toMatchObject({ ok: true, startAt: start, timeZone: 'Europe/Rome' });
    const staff = actor('reception', w.reception.user.id);
    const again = await bookOnBehalf(w.deps, {
      actor: staff,
      booking: { ...person, phoneKind: 'mobile', phone: '+393331111111', service: w.serviceId, start },
    });
    expect(again).toEqual({ ok: false, code: 'slot_unavailable' });
  });

  it('names the wrong field by message key, for the edge to translate', async () => {
    const w = await adminWorld();
    const refused = await bookOnBehalf(w.deps, {
      actor: actor('admin', w.admin.user.id),
      booking: { ...person, phoneKind: 'mobile', service: 'no-such-service', start: Date.parse(at(WED, '10:00')) },
    });
    expect(refused).toEqual({ ok: false, code: 'invalid_input', reasons: { service: 'field.service_unknown' } });
  });

  it('refuses a volunteer booking into someone else’s shifts before reading anything', async () => {
    const w = await adminWorld();
    const refused = await bookOnBehalf(w.deps, {
      actor: actor('volunteer', w.volunteer.user.id, w.volunteerIds[0]!),
      booking: {
        ...person,
        phoneKind: 'mobile',
        service: w.serviceId,
        start: Date.parse(at(WED, '10:00')),
        volunteerId: 'other',
      },
    });
    expect(refused).toEqual({ ok: false, code: 'forbidden' });
  });
});

describe('staff actions', () => {
  it('confirm: not_found, forbidden for another volunteer’s booking, then done once and refused after', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00', { volunteer: 1 });
    const desk = actor('reception', w.reception.user.id);
    expect(await confirmRequest(w.deps, { actor: desk, bookingId: 'nope' })).toEqual({ ok: false, code: 'not_found' });
    const stranger = actor('volunteer', w.volunteer.user.id, w.volunteerIds[0]!);
    expect(await confirmRequest(w.deps, { actor: stranger, bookingId: id })).toEqual({ ok: false, code: 'forbidden' });
    expect(await confirmRequest(w.deps, { actor: desk, bookingId: id })).toEqual({ ok: true, changed: true });
    expect(await confirmRequest(w.deps, { actor: desk, bookingId: id })).toEqual({
      ok: false,
      code: 'invalid_transition',
    });
  });

  it('says when nothing changed: a move to where the booking already is, the same outcome twice', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    const desk = actor('admin', w.admin.user.id);
    const start = Date.parse(at(WED, '10:00'));
    expect(await reschedule(w.deps, { actor: desk, bookingId: id, start })).toEqual({ ok: true, changed: false });
    expect(await w.events(id)).toHaveLength(0);
    w.clock.set(at(WED, '11:30'));
    const outcome = { actor: desk, bookingId: id, outcome: 'attended' as const };
    expect(await recordAttendance(w.deps, outcome)).toEqual({ ok: true, changed: true });
    expect(await recordAttendance(w.deps, outcome)).toEqual({ ok: true, changed: false });
  });
});

describe('the person’s actions', () => {
  it('cancel asks first and writes nothing; confirmed, it cancels; a second try is refused with the row', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    const code = (await w.row(id)).manageCode;
    expect(await cancelAsPerson(w.deps, { code, confirmed: false })).toMatchObject({ ok: true, ask: true });
    expect((await w.row(id)).status).toBe('confirmed');
    expect(await cancelAsPerson(w.deps, { code, confirmed: true })).toMatchObject({ ok: true, ask: false });
    const again = await cancelAsPerson(w.deps, { code, confirmed: true });
    expect(again).toMatchObject({ ok: false, code: 'invalid_transition', view: { status: 'cancelled' } });
    expect(await cancelAsPerson(w.deps, { code: 'unknown', confirmed: true })).toEqual({
      ok: false,
      code: 'not_found',
    });
  });

  it('confirming attendance twice is fine; a request cannot be confirmed by the person', async () => {
    const w = await adminWorld();
    const confirmed = (await w.row(await w.confirmed(WED, '10:00'))).manageCode;
    expect(await confirmAttendanceAsPerson(w.deps, { code: confirmed })).toMatchObject({ ok: true });
    expect(await confirmAttendanceAsPerson(w.deps, { code: confirmed })).toMatchObject({ ok: true });
    const requested = (await w.row(await w.request(WED, '11:00'))).manageCode;
    expect(await confirmAttendanceAsPerson(w.deps, { code: requested })).toMatchObject({
      ok: false,
      code: 'invalid_transition',
    });
  });
});
