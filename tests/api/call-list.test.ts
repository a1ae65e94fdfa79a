import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings, messages } from '../../worker/src/db/schema';
import { postRequest, requestBody } from '../fixtures/public-helpers';
import { givenClosure } from '../fixtures/builders';
import { adminWorld, at, errorCode, WED } from '../fixtures/admin-bookings-world';

interface CallList {
  date: string;
  cutoff: string;
  due: boolean;
  bookings: Array<{
    id: string;
    reasons: string[];
    reminderPlan: string;
    callOutcome: null | { outcome: string; at: string; by: string; byName: string };
  }>;
}
const list = async (res: Response) => {
  expect(res.status).toBe(200);
  return (await res.json()) as CallList;
};

describe('GET /api/admin/call-list: the cut-off on the working day before', () => {
  it('for the Tuesday after Easter Monday (and the spring DST Sunday) is Friday 12:00', async () => {
    const w = await adminWorld();
    await w.travel('2027-03-26T10:59:00Z');
    const before = await list(await w.call(w.reception, 'GET', '/call-list?date=2027-03-30'));
    // Friday 26 March 2027 is still winter time in Rome (+01:00); the clocks change on Easter Sunday.
    expect(before).toMatchObject({ date: '2027-03-30', cutoff: '2027-03-26T12:00:00+01:00', due: false });
    await w.travel('2027-03-26T11:00:00Z');
    expect(await list(await w.call(w.reception, 'GET', '/call-list?date=2027-03-30'))).toMatchObject({ due: true });
    // Without a date: the next working day, which skips the weekend and Pasquetta.
    expect(await list(await w.call(w.reception, 'GET', '/call-list'))).toMatchObject({
      date: '2027-03-30',
      cutoff: '2027-03-26T12:00:00+01:00',
    });
  });

  it('for the Monday after the autumn DST weekend is Friday 12:00 summer time, or Thursday when the desk closes Friday', async () => {
    const w = await adminWorld();
    expect(await list(await w.call(w.admin, 'GET', '/call-list?date=2026-10-26'))).toMatchObject({
      cutoff: '2026-10-23T12:00:00+02:00',
      due: false,
    });
    await givenClosure(w.db, '2026-10-23');
    expect(await list(await w.call(w.admin, 'GET', '/call-list?date=2026-10-26'))).toMatchObject({
      cutoff: '2026-10-22T12:00:00+02:00',
    });
    // A volunteer's own closure does not close the desk.
    await givenClosure(w.db, '2026-10-22', '2026-10-22', w.volunteerIds[0]!);
    expect(await list(await w.call(w.admin, 'GET', '/call-list?date=2026-10-26'))).toMatchObject({
      cutoff: '2026-10-22T12:00:00+02:00',
    });
  });

  it("follows the desk's cut-off", async () => {
    const w = await adminWorld({ desk: { callCutoffMinute: 17 * 60 + 30 } });
    expect(await list(await w.call(w.admin, 'GET', `/call-list?date=${WED}`))).toMatchObject({
      cutoff: '2026-10-13T17:30:00+02:00',
    });
  });
});

describe('GET /api/admin/call-list: who is on it', () => {
  it('lists confirmed bookings not confirmed by the person, without a mobile, or with plan call', async () => {
    const w = await adminWorld();
    const silent = await w.confirmed(WED, '09:00');
    await w.confirmed(WED, '10:00', { attendanceConfirmedAt: Date.parse(NOW_ISO) });
    const landline = await w.confirmed(WED, '11:00', {
      attendanceConfirmedAt: Date.parse(NOW_ISO),
      phone: '+390612345678',
      phoneKind: 'landline',
    });
    const caller = await w.confirmed(WED, '09:00', {
      volunteer: 1,
      attendanceConfirmedAt: Date.parse(NOW_ISO),
      reminderPlan: 'call',
    });
    await w.request(WED, '10:00', { volunteer: 1 });
    await w.confirmed(WED, '11:00', { volunteer: 1, status: 'cancelled' });
    await w.confirmed('2026-10-16', '09:00');
    const body = await list(await w.call(w.reception, 'GET', `/call-list?date=${WED}`));
    expect(body.bookings.map((b) => [b.id, b.reasons])).toEqual(
      expect.arrayContaining([
        [silent, ['not_confirmed']],
        [landline, ['no_mobile']],
        [caller, ['plan_call']],
      ]),
    );
    expect(body.bookings).toHaveLength(3);
    expect(body.bookings.find((b) => b.id === caller)?.reminderPlan).toBe('call');
  });

  it('is for the desk: a volunteer is refused, a bad date is a 422', async () => {
    const w = await adminWorld();
    expect((await w.call(w.volunteer, 'GET', '/call-list')).status).toBe(403);
    const bad = await w.call(w.reception, 'GET', '/call-list?date=2026-02-30');
    expect(bad.status).toBe(422);
    expect(await errorCode(bad)).toBe('invalid_input');
  });
});

const NOW_ISO = '2026-10-12T08:00:00Z';

describe('POST /api/admin/bookings/:id/call', () => {
  it('confirmed: records the outcome, confirms attendance, audits it, and the booking stays on the list', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '09:00');
    const res = await w.call(w.reception, 'POST', `/bookings/${id}/call`, { outcome: 'confirmed' });
    expect(res.status).toBe(200);
    const b = ((await res.json()) as { booking: Record<string, unknown> & { events: unknown[] } }).booking;
    expect(b).toMatchObject({
      status: 'confirmed',
      attendanceConfirmedAt: '2026-10-12T10:00:00+02:00',
      callOutcome: { outcome: 'confirmed', at: '2026-10-12T10:00:00+02:00', by: w.reception.user.id },
    });
    expect(b.events.at(-1)).toMatchObject({
      type: 'call_recorded',
      actor: { type: 'staff', id: w.reception.user.id, name: 'Rita Reception' },
      data: { outcome: 'confirmed', previous: null },
    });
    const on = await list(await w.call(w.reception, 'GET', `/call-list?date=${WED}`));
    expect(on.bookings.map((x) => [x.id, x.reasons, x.callOutcome?.byName])).toEqual([[id, [], 'Rita Reception']]);
    // The day list shows the outcome too.
    const day = (await (await w.call(w.reception, 'GET', `/day-list?date=${WED}`)).json()) as {
      bookings: Array<{ id: string; callOutcome: { outcome: string } | null }>;
    };
    expect(day.bookings.find((x) => x.id === id)?.callOutcome?.outcome).toBe('confirmed');
  });

  it('no answer, then confirmed: the second call replaces the first, both audited', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '09:00');
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/call`, { outcome: 'no_answer' })).status).toBe(200);
    expect((await w.row(id)).attendanceConfirmedAt).toBeNull();
    w.clock.advance(60_000);
    expect((await w.call(w.admin, 'POST', `/bookings/${id}/call`, { outcome: 'another_time' })).status).toBe(200);
    const row = await w.row(id);
    expect([row.callOutcome, row.callOutcomeBy, row.status]).toEqual(['another_time', w.admin.user.id, 'confirmed']);
    const events = (await w.events(id)).filter((e) => e.type === 'call_recorded');
    expect(events.map((e) => JSON.parse(e.data ?? 'null') as unknown)).toEqual([
      { outcome: 'no_answer', previous: null },
      { outcome: 'another_time', previous: 'no_answer' },
    ]);
  });

  it('cancelled: cancels the booking as the person asked, texts the acknowledgement, keeps it on the list', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '09:00');
    const res = await w.call(w.reception, 'POST', `/bookings/${id}/call`, { outcome: 'cancelled' });
    expect(res.status).toBe(200);
    const row = await w.row(id);
    expect(row).toMatchObject({ status: 'cancelled', cancelledBy: 'person', callOutcome: 'cancelled' });
    const types = (await w.events(id)).map((e) => [e.type, e.toStatus]);
    expect(types.slice(-2)).toEqual([
      ['call_recorded', null],
      ['cancelled', 'cancelled'],
    ]);
    const texts = await w.db
      .select()
      .from(messages)
      .where(and(eq(messages.bookingId, id), eq(messages.kind, 'cancellation')));
    expect(texts).toHaveLength(1);
    const on = await list(await w.call(w.reception, 'GET', `/call-list?date=${WED}`));
    expect(on.bookings.map((x) => [x.id, x.callOutcome?.outcome])).toEqual([[id, 'cancelled']]);
    // Nothing more to record on a cancelled booking.
    const again = await w.call(w.reception, 'POST', `/bookings/${id}/call`, { outcome: 'confirmed' });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('invalid_transition');
  });

  it('refuses an unknown outcome, a request, a volunteer, and a booking already started', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '09:00');
    const bad = await w.call(w.reception, 'POST', `/bookings/${id}/call`, { outcome: 'maybe' });
    expect(bad.status).toBe(422);
    expect(await errorCode(bad)).toBe('invalid_input');
    expect((await w.call(w.volunteer, 'POST', `/bookings/${id}/call`, { outcome: 'confirmed' })).status).toBe(403);
    const req = await w.request(WED, '10:00');
    expect((await w.call(w.reception, 'POST', `/bookings/${req}/call`, { outcome: 'confirmed' })).status).toBe(409);
    await w.travel(at(WED, '09:30'));
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/call`, { outcome: 'confirmed' })).status).toBe(409);
    expect((await w.events(id)).filter((e) => e.type === 'call_recorded')).toEqual([]);
  });
});

describe('reminder plans through the API', () => {
  it('reception changes the plan in one call, audited; waiting reminders the new plan does not want are cancelled', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '09:00', { reminderPlan: 'both' });
    const pending = (kind: 'reminder' | 'reminder_morning', mid: string) => ({
      id: mid,
      bookingId: id,
      kind,
      seq: 0,
      recipient: '+393471234567',
      body: 'x',
      status: 'pending' as const,
      notBefore: Date.parse(NOW_ISO),
      createdAt: Date.parse(NOW_ISO),
      updatedAt: Date.parse(NOW_ISO),
    });
    await w.db.insert(messages).values([pending('reminder', 'm-day'), pending('reminder_morning', 'm-morning')]);
    const res = await w.call(w.reception, 'POST', `/bookings/${id}/reminder-plan`, { plan: 'standard' });
    expect(res.status).toBe(200);
    const b = ((await res.json()) as { booking: { reminderPlan: string; events: unknown[] } }).booking;
    expect(b.reminderPlan).toBe('standard');
    expect(b.events.at(-1)).toMatchObject({
      type: 'reminder_plan_changed',
      actor: { id: w.reception.user.id },
      data: { fromPlan: 'both', toPlan: 'standard' },
    });
    const rows = await w.db.select().from(messages).where(eq(messages.bookingId, id)).orderBy(messages.id);
    expect(rows.map((m) => [m.kind, m.status])).toEqual([
      ['reminder', 'pending'],
      ['reminder_morning', 'cancelled'],
    ]);
    // The same plan again changes nothing and writes no event.
    await w.call(w.reception, 'POST', `/bookings/${id}/reminder-plan`, { plan: 'standard' });
    expect((await w.events(id)).filter((e) => e.type === 'reminder_plan_changed')).toHaveLength(1);
  });

  it('refuses an unknown plan and a volunteer', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '09:00');
    const bad = await w.call(w.reception, 'POST', `/bookings/${id}/reminder-plan`, { plan: 'weekly' });
    expect(bad.status).toBe(422);
    expect((await w.call(w.volunteer, 'POST', `/bookings/${id}/reminder-plan`, { plan: 'call' })).status).toBe(403);
    expect((await w.row(id)).reminderPlan).toBe('standard');
  });

  it('the person may ask for the morning reminder; staff may book any plan', async () => {
    const w = await adminWorld();
    const made = await postRequest(w.app, requestBody(w.serviceId, { reminderPlan: 'morning' }));
    expect(made.status).toBe(201);
    const { reference } = (await made.json()) as { reference: string };
    const [row] = await w.db.select().from(bookings).where(eq(bookings.reference, reference));
    expect(row?.reminderPlan).toBe('morning');
    const refused = await postRequest(
      w.app,
      requestBody(w.serviceId, { reminderPlan: 'call', start: '2026-10-14T11:00:00+02:00' }),
    );
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty(
      'reminderPlan',
    );
    const staff = await w.call(w.reception, 'POST', '/bookings', {
      ...requestBody(w.serviceId, { start: '2026-10-16T10:00:00+02:00' }),
      reminderPlan: 'call',
    });
    expect(staff.status).toBe(201);
    expect(((await staff.json()) as { booking: { reminderPlan: string } }).booking.reminderPlan).toBe('call');
  });
});
