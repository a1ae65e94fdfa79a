import { describe, expect, it } from 'vitest';
import { confirmPlan, runAction } from '../../worker/src/db/repo/booking-actions';
import { adminWorld, at, errorCode, WED } from '../fixtures/admin-bookings-world';

type Booking = Record<string, unknown> & {
  id: string;
  status: string;
  start: string;
  volunteer: { id: string };
  events: Array<{
    type: string;
    actor: { type: string; id: string | null; name: string | null };
    from: string | null;
    to: string | null;
    data: unknown;
  }>;
};
const booking = async (res: Response) => ((await res.json()) as { booking: Booking }).booking;

describe('confirm', () => {
  it('confirms a request with an audit event naming the staff member', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    const res = await w.call(w.reception, 'POST', `/bookings/${id}/confirm`, {});
    expect(res.status).toBe(200);
    const b = await booking(res);
    expect(b).toMatchObject({ status: 'confirmed', confirmedAt: '2026-10-12T10:00:00+02:00', holdUntil: null });
    expect(b.events.at(-1)).toMatchObject({
      type: 'confirmed',
      actor: { type: 'staff', id: w.reception.user.id, name: 'Rita Reception' },
      from: 'requested',
      to: 'confirmed',
    });
    // An empty body is fine too (every field is optional) — but now the status forbids it.
    const again = await w.app.request(`/api/admin/bookings/${id}/confirm`, {
      method: 'POST',
      headers: w.admin.headers,
    });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('invalid_transition');
  });

  it('gives the request to another free volunteer in the same change', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    const res = await w.call(w.admin, 'POST', `/bookings/${id}/confirm`, { volunteerId: w.volunteerIds[1] });
    expect(res.status).toBe(200);
    expect((await w.row(id)).volunteerId).toBe(w.volunteerIds[1]);
    expect((await booking(res)).events.at(-1)!.data).toEqual({
      volunteerId: w.volunteerIds[1],
      previousVolunteerId: w.volunteerIds[0],
    });
  });

  it('gives exactly one winner when two staff confirm at once', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    const results = await Promise.all([
      w.call(w.reception, 'POST', `/bookings/${id}/confirm`, {}),
      w.call(w.admin, 'POST', `/bookings/${id}/confirm`, { volunteerId: w.volunteerIds[1] }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(['invalid_transition', 'conflict']).toContain(await errorCode(loser));
    expect((await w.events(id)).filter((e) => e.type === 'confirmed')).toHaveLength(1);
  });

  it('refuses a confirm that would overlap another active booking of the volunteer', async () => {
    const w = await adminWorld();
    const first = await w.request(WED, '10:00');
    await w.request(WED, '10:00', { volunteer: 1 });
    const res = await w.call(w.reception, 'POST', `/bookings/${first}/confirm`, { volunteerId: w.volunteerIds[1] });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('slot_unavailable');
    const row = await w.row(first);
    expect(row.status).toBe('requested');
    expect(row.volunteerId).toBe(w.volunteerIds[0]);
    expect(await w.events(first)).toHaveLength(0);
  });

  it('refuses an unknown volunteer (422) and a request whose time has passed (409)', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    const unknown = await w.call(w.reception, 'POST', `/bookings/${id}/confirm`, { volunteerId: 'ghost' });
    expect(unknown.status).toBe(422);
    await w.travel('2026-10-14T08:30:00Z');
    const late = await w.call(w.reception, 'POST', `/bookings/${id}/confirm`, {});
    expect(late.status).toBe(409);
    expect(await errorCode(late)).toBe('invalid_transition');
  });
});

describe('reject', () => {
  it('rejects a request with a reason, which is required', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    const missing = await w.call(w.reception, 'POST', `/bookings/${id}/reject`, { reason: '   ' });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { error: { fields: object } }).error.fields).toHaveProperty('reason');

    const res = await w.call(w.reception, 'POST', `/bookings/${id}/reject`, { reason: 'Servizio non adatto' });
    expect(res.status).toBe(200);
    expect(await booking(res)).toMatchObject({
      status: 'rejected',
      rejectReason: 'Servizio non adatto',
      holdUntil: null,
    });
    expect((await w.events(id)).map((e) => [e.type, e.actorId])).toEqual([['rejected', w.reception.user.id]]);
  });
});

describe('cancel', () => {
  it('cancels with a reason and flags it late inside the notice period', async () => {
    const w = await adminWorld();
    const soon = await w.confirmed('2026-10-12', '11:00'); // in an hour; the notice is 24 hours
    const later = await w.confirmed(WED, '10:00');

    const lateRes = await w.call(w.reception, 'POST', `/bookings/${soon}/cancel`, { reason: 'Ha telefonato' });
    expect(lateRes.status).toBe(200);
    expect(await booking(lateRes)).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'staff',
      cancelReason: 'Ha telefonato',
      lateCancellation: true,
      cancelledAt: '2026-10-12T10:00:00+02:00',
    });
    const onTime = await booking(
      await w.call(w.admin, 'POST', `/bookings/${later}/cancel`, { reason: 'Volontario malato' }),
    );
    expect(onTime.lateCancellation).toBe(false);
    expect(onTime.events.at(-1)).toMatchObject({
      type: 'cancelled',
      from: 'confirmed',
      to: 'cancelled',
      data: { late: false },
    });

    // The freed time can be booked again.
    const rebook = await w.call(w.reception, 'POST', '/bookings', {
      service: w.serviceId,
      mode: 'in_person',
      start: at(WED, '10:00'),
      name: 'Luca Verdi',
      phone: '347 000 1111',
      volunteerId: w.volunteerIds[0],
    });
    expect(rebook.status).toBe(201);
  });
});

describe('reschedule', () => {
  it('moves a booking to a free slot, recomputing local time and bumping the calendar sequence', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00', { attendanceConfirmedAt: 5 });
    const res = await w.call(w.reception, 'POST', `/bookings/${id}/reschedule`, { start: '2026-10-16T09:00:00+02:00' });
    expect(res.status).toBe(200);
    const b = await booking(res);
    expect(b).toMatchObject({
      status: 'confirmed',
      start: '2026-10-16T09:00:00+02:00',
      end: '2026-10-16T10:00:00+02:00',
      localDate: '2026-10-16',
      localTime: '09:00',
      icalSequence: 1,
      attendanceConfirmedAt: null,
      volunteer: { id: w.volunteerIds[0] },
    });
    expect(b.events.at(-1)).toMatchObject({
      type: 'rescheduled',
      actor: { id: w.reception.user.id },
      data: { fromStart: Date.parse(at(WED, '10:00')), toStart: Date.parse('2026-10-16T09:00:00+02:00') },
    });
    const again = await booking(
      await w.call(w.reception, 'POST', `/bookings/${id}/reschedule`, { start: at(WED, '11:00') }),
    );
    expect(again.icalSequence).toBe(2);
  });

  it('may overlap the booking’s own old time (moving by less than its length)', async () => {
    const w = await adminWorld({ desk: { slotGridMinutes: 30 } });
    const id = await w.confirmed(WED, '10:00');
    const res = await w.call(w.reception, 'POST', `/bookings/${id}/reschedule`, {
      start: at(WED, '10:30'),
      volunteerId: w.volunteerIds[0],
    });
    expect(res.status).toBe(200);
    expect((await w.row(id)).localTime).toBe('10:30');
  });

  it('refuses a taken slot or a time that is no slot, and changes nothing', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    await w.confirmed(WED, '11:00');
    await w.confirmed(WED, '11:00', { volunteer: 1 });
    const before = await w.row(id);

    for (const body of [
      { start: at(WED, '11:00') },
      { start: at(WED, '11:00'), volunteerId: w.volunteerIds[0] },
      { start: at(WED, '13:00') },
      { start: '2026-10-12T09:00:00+02:00' }, // Monday, already past
    ]) {
      const res = await w.call(w.reception, 'POST', `/bookings/${id}/reschedule`, body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(await errorCode(res)).toBe('slot_unavailable');
    }
    expect(await w.row(id)).toEqual(before);
    expect(await w.events(id)).toHaveLength(0);
  });

  it('keeps the volunteer: a time only someone else has free is refused unless the desk asks for anyone', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    await w.confirmed(WED, '11:00');
    const kept = await w.call(w.reception, 'POST', `/bookings/${id}/reschedule`, { start: at(WED, '11:00') });
    expect(kept.status).toBe(409);
    expect(await errorCode(kept)).toBe('slot_unavailable');
    expect((await w.row(id)).localTime).toBe('10:00');

    const res = await w.call(w.reception, 'POST', `/bookings/${id}/reschedule`, {
      start: at(WED, '11:00'),
      anyVolunteer: true,
    });
    expect(res.status).toBe(200);
    const row = await w.row(id);
    expect(row).toMatchObject({ status: 'requested', volunteerId: w.volunteerIds[1], localTime: '11:00' });
    // The request's hold never outlives its (new) start.
    expect(row.holdUntil).toBeLessThanOrEqual(row.startAt);
  });

  it('validates the new start', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    const res = await w.call(w.reception, 'POST', `/bookings/${id}/reschedule`, { start: '14/10/2026 11:00' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { fields: object } }).error.fields).toHaveProperty('start');
  });
});

describe('attendance', () => {
  it('records the outcome from the appointment’s start, and allows correcting it the same day', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    const early = await w.call(w.reception, 'POST', `/bookings/${id}/attendance`, { outcome: 'attended' });
    expect(early.status).toBe(409);
    expect(await errorCode(early)).toBe('not_started');
    await w.travel('2026-10-14T07:59:59Z'); // a second before the start
    const justBefore = await w.call(w.volunteer, 'POST', `/bookings/${id}/attendance`, { outcome: 'no_show' });
    expect(await errorCode(justBefore)).toBe('not_started');
    expect((await w.row(id)).status).toBe('confirmed');

    await w.travel('2026-10-14T08:00:00Z'); // 10:00 in Rome, the start
    const attended = await w.call(w.volunteer, 'POST', `/bookings/${id}/attendance`, { outcome: 'attended' });
    expect(attended.status).toBe(200);
    expect(await booking(attended)).toMatchObject({ status: 'attended', outcomeAt: '2026-10-14T10:00:00+02:00' });

    await w.travel('2026-10-14T21:59:00Z'); // 23:59 in Rome, still the same day
    const corrected = await w.call(w.reception, 'POST', `/bookings/${id}/attendance`, { outcome: 'no_show' });
    expect(corrected.status).toBe(200);
    expect((await w.row(id)).status).toBe('no_show');
    const same = await w.call(w.reception, 'POST', `/bookings/${id}/attendance`, { outcome: 'no_show' });
    expect(same.status).toBe(200);
    expect((await w.events(id)).map((e) => [e.type, e.fromStatus, e.toStatus, e.actorId])).toEqual([
      ['outcome', 'confirmed', 'attended', w.volunteer.user.id],
      ['outcome_corrected', 'attended', 'no_show', w.reception.user.id],
    ]);

    const bad = await w.call(w.reception, 'POST', `/bookings/${id}/attendance`, { outcome: 'maybe' });
    expect(bad.status).toBe(422);
  });

  it('refuses a correction on a later day (desk calendar), and repeating the mark stays harmless', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    await w.travel('2026-10-14T09:00:00Z');
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/attendance`, { outcome: 'no_show' })).status).toBe(200);

    await w.travel('2026-10-14T22:00:00Z'); // midnight in Rome: the next day
    const late = await w.call(w.reception, 'POST', `/bookings/${id}/attendance`, { outcome: 'attended' });
    expect(late.status).toBe(409);
    expect(await errorCode(late)).toBe('attendance_locked');
    expect((await w.row(id)).status).toBe('no_show');
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/attendance`, { outcome: 'no_show' })).status).toBe(200);
    expect((await w.events(id)).map((e) => e.type)).toEqual(['outcome']);
  });

  it('records a first mark made days later, which can then be corrected that day', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    await w.travel('2026-10-16T08:00:00Z'); // Friday
    expect((await w.call(w.volunteer, 'POST', `/bookings/${id}/attendance`, { outcome: 'attended' })).status).toBe(200);
    expect((await w.call(w.volunteer, 'POST', `/bookings/${id}/attendance`, { outcome: 'no_show' })).status).toBe(200);
    expect((await w.row(id)).status).toBe('no_show');
  });
});

describe('note', () => {
  it('sets and clears the internal note with an event that does not copy the text', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    const res = await w.call(w.volunteer, 'POST', `/bookings/${id}/note`, { note: 'Portare esempi di CV' });
    expect(res.status).toBe(200);
    const b = await booking(res);
    expect(b.staffNote).toBe('Portare esempi di CV');
    expect(b.events.at(-1)).toMatchObject({ type: 'note', actor: { name: 'Vito Volontario' }, data: null });
    const cleared = await booking(await w.call(w.reception, 'POST', `/bookings/${id}/note`, { note: '' }));
    expect(cleared.staffNote).toBeNull();
    const tooLong = await w.call(w.reception, 'POST', `/bookings/${id}/note`, { note: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(422);
  });
});

describe('invalid transitions, unknown bookings and roles', () => {
  it('answers 409 invalid_transition to every action the status does not allow', async () => {
    const w = await adminWorld();
    const confirmed = await w.confirmed(WED, '09:00');
    const cancelled = await w.confirmed(WED, '10:00', { status: 'cancelled' });
    const rejected = await w.request(WED, '11:00', { status: 'rejected' });
    const requested = await w.request(WED, '11:00', { volunteer: 1 });
    const attended = await w.confirmed('2026-10-09', '10:00', { status: 'attended' });
    await w.travel('2026-10-16T08:00:00Z'); // everything on Wednesday has started

    const cases: Array<[string, string, unknown]> = [
      [confirmed, 'confirm', {}],
      [confirmed, 'reject', { reason: 'x' }],
      [cancelled, 'confirm', {}],
      [cancelled, 'reject', { reason: 'x' }],
      [cancelled, 'cancel', { reason: 'x' }],
      [cancelled, 'reschedule', { start: '2026-10-19T09:00:00+02:00' }],
      [cancelled, 'attendance', { outcome: 'attended' }],
      [rejected, 'confirm', {}],
      [rejected, 'cancel', { reason: 'x' }],
      [rejected, 'attendance', { outcome: 'no_show' }],
      [requested, 'attendance', { outcome: 'attended' }],
      [attended, 'cancel', { reason: 'x' }],
      [attended, 'confirm', {}],
      [attended, 'reschedule', { start: '2026-10-19T09:00:00+02:00' }],
    ];
    for (const [id, action, body] of cases) {
      const before = await w.row(id);
      const res = await w.call(w.admin, 'POST', `/bookings/${id}/${action}`, body);
      expect(res.status, `${before.status} → ${action}`).toBe(409);
      expect(await errorCode(res)).toBe('invalid_transition');
      expect(await w.row(id)).toEqual(before);
    }
  });

  it('answers 404 for an unknown booking on every action', async () => {
    const w = await adminWorld();
    for (const [action, body] of [
      ['confirm', {}],
      ['reject', { reason: 'x' }],
      ['cancel', { reason: 'x' }],
      ['reschedule', { start: at(WED, '10:00') }],
      ['attendance', { outcome: 'attended' }],
      ['note', { note: 'x' }],
    ] as const) {
      const res = await w.call(w.admin, 'POST', `/bookings/nope/${action}`, body);
      expect(res.status, action).toBe(404);
    }
  });

  it('keeps volunteers to attendance and notes on their own bookings; the desk decides requests and moves', async () => {
    const w = await adminWorld();
    const mine = await w.request(WED, '10:00');
    const theirs = await w.confirmed(WED, '09:00', { volunteer: 1 });
    for (const [action, body] of [
      ['confirm', {}],
      ['reject', { reason: 'x' }],
      ['cancel', { reason: 'x' }],
      ['reschedule', { start: at(WED, '11:00') }],
    ] as const) {
      const res = await w.call(w.volunteer, 'POST', `/bookings/${mine}/${action}`, body);
      expect(res.status, action).toBe(403);
    }
    expect((await w.call(w.volunteer, 'POST', `/bookings/${theirs}/note`, { note: 'x' })).status).toBe(403);
    await w.travel('2026-10-14T08:00:00Z');
    expect((await w.call(w.volunteer, 'POST', `/bookings/${theirs}/attendance`, { outcome: 'attended' })).status).toBe(
      403,
    );
    expect((await w.row(theirs)).status).toBe('confirmed');
    expect((await w.call(undefined, 'POST', `/bookings/${mine}/confirm`, {})).status).toBe(401);
  });

  it('refuses a state change sent from a foreign origin', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    const res = await w.app.request(`/api/admin/bookings/${id}/confirm`, {
      method: 'POST',
      headers: { ...w.reception.headers, Origin: 'https://evil.example', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect((await w.row(id)).status).toBe('requested');
  });
});

describe('staff-bookings repository', () => {
  it('reports a lost compare-and-swap as stale and a trigger refusal as overlap, writing nothing', async () => {
    const w = await adminWorld();
    const a = await w.request(WED, '10:00');
    await w.confirmed(WED, '10:00', { volunteer: 1 });
    const now = Date.parse('2026-10-12T08:00:00Z');
    const base = { bookingId: a, actorId: w.admin.user.id, now };

    expect(await runAction(w.db, confirmPlan(w.db, { ...base, volunteerId: w.volunteerIds[1]! }))).toEqual({
      ok: false,
      reason: 'overlap',
    });
    expect(await w.events(a)).toHaveLength(0);
    expect(await runAction(w.db, confirmPlan(w.db, { ...base, volunteerId: w.volunteerIds[0]! }))).toEqual({
      ok: true,
    });
    expect(await runAction(w.db, confirmPlan(w.db, { ...base, volunteerId: w.volunteerIds[0]! }))).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(await w.events(a)).toHaveLength(1);
    expect((await w.row(a)).confirmedAt).toBe(now);
  });
});
