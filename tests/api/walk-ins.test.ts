import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings, messages } from '../../worker/src/db/schema';
import { localToInstant } from '../../worker/src/domain/time';
import { reminders } from '../../worker/src/jobs/reminders';
import { adminWorld, errorCode } from '../fixtures/admin-bookings-world';
import { givenBooking } from '../fixtures/builders';

// The admin world's clock: Monday 12 October 2026, 10:00 in Rome; two volunteers work 09:00–12:00 (60-minute slots).
const MON = '2026-10-12';

type Booking = {
  id: string;
  status: string;
  channel: string;
  language: string;
  start: string;
  localTime: string;
  checkedInAt: string | null;
  startedAt: string | null;
  volunteer: { id: string };
  person: { name: string; phone: string | null };
  events: Array<{ type: string; actor: { id: string | null } }>;
};
const bookingOf = async (res: Response) => ((await res.json()) as { booking: Booking }).booking;
const messagesOf = (w: Awaited<ReturnType<typeof adminWorld>>, id: string) =>
  w.db.select().from(messages).where(eq(messages.bookingId, id));

describe('walk-ins', () => {
  it('records a walk-in in the slot under way, checked in, confirmed, on the walk_in channel', async () => {
    const w = await adminWorld();
    const res = await w.call(w.reception, 'POST', '/walk-ins', { name: 'Ahmed Benali', service: w.serviceId });
    expect(res.status).toBe(201);
    const b = await bookingOf(res);
    expect(b).toMatchObject({
      status: 'confirmed',
      channel: 'walk_in',
      localTime: '10:00',
      checkedInAt: '2026-10-12T10:00:00+02:00',
      startedAt: null,
      person: { name: 'Ahmed Benali', phone: null },
    });
    expect(b.events.map((e) => e.type)).toEqual(['created', 'checked_in']);
    expect(b.events[1]!.actor.id).toBe(w.reception.user.id);
    expect(b.language).toBe('it');
  });

  it('records the language the desk picks, and is in person only', async () => {
    const w = await adminWorld();
    const res = await w.call(w.reception, 'POST', '/walk-ins', {
      name: 'Olena Koval',
      service: w.serviceId,
      language: 'uk',
    });
    expect(res.status).toBe(201);
    expect((await bookingOf(res)).language).toBe('uk');
    const remote = await w.call(w.reception, 'POST', '/walk-ins', {
      name: 'Ahmed Benali',
      service: w.serviceId,
      mode: 'remote',
    });
    expect(remote.status).toBe(422);
    const odd = await w.call(w.reception, 'POST', '/walk-ins', {
      name: 'Ahmed Benali',
      service: w.serviceId,
      language: 'xx',
    });
    expect(odd.status).toBe(422);
    expect(await w.db.select().from(bookings)).toHaveLength(1);
  });

  it('never takes a booked person’s time: the next free slot, or none left today', async () => {
    const w = await adminWorld();
    await w.confirmed(MON, '10:00', { volunteer: 0 });
    await w.confirmed(MON, '10:00', { volunteer: 1 });
    const first = await bookingOf(
      await w.call(w.reception, 'POST', '/walk-ins', { name: 'Primo Arrivato', service: w.serviceId }),
    );
    expect(first.localTime).toBe('11:00');
    // The 11:00 slot of the other volunteer is the last free one of the day.
    const second = await w.call(w.admin, 'POST', '/walk-ins', { name: 'Seconda Persona', service: w.serviceId });
    expect((await bookingOf(second)).localTime).toBe('11:00');
    const third = await w.call(w.admin, 'POST', '/walk-ins', { name: 'Terza Persona', service: w.serviceId });
    expect(third.status).toBe(409);
    expect(await errorCode(third)).toBe('slot_unavailable');
  });

  it('takes the slot under way only while less than half of it has passed', async () => {
    const w = await adminWorld();
    await w.travel('2026-10-12T10:31:00+02:00');
    const late = await bookingOf(
      await w.call(w.reception, 'POST', '/walk-ins', {
        name: 'Luca Bianchi',
        service: w.serviceId,
        volunteerId: w.volunteerIds[1],
      }),
    );
    expect(late).toMatchObject({ localTime: '11:00', volunteer: { id: w.volunteerIds[1] } });
  });

  it('lists walk-ins after the booked people of the same time', async () => {
    const w = await adminWorld();
    await w.confirmed(MON, '10:00', { volunteer: 0, personName: 'Zeno Prenotato' });
    await w.call(w.reception, 'POST', '/walk-ins', { name: 'Anna Senza', service: w.serviceId });
    const day = (await (await w.call(w.reception, 'GET', `/day-list?date=${MON}`)).json()) as {
      bookings: Array<{ person: { name: string }; channel: string; checkedInAt: string | null }>;
    };
    expect(day.bookings.map((b) => [b.person.name, b.channel])).toEqual([
      ['Zeno Prenotato', 'widget'],
      ['Anna Senza', 'walk_in'],
    ]);
  });

  it('refuses volunteers, bad input (422, nothing written) and an unknown volunteer', async () => {
    const w = await adminWorld();
    const byVolunteer = await w.call(w.volunteer, 'POST', '/walk-ins', { name: 'Mario Neri', service: w.serviceId });
    expect(byVolunteer.status).toBe(403);
    const bad = await w.call(w.reception, 'POST', '/walk-ins', { name: 'x', service: w.serviceId, phone: 'abc' });
    expect(bad.status).toBe(422);
    const fields = ((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields;
    expect(Object.keys(fields).sort()).toEqual(['name', 'phone']);
    const nobody = await w.call(w.reception, 'POST', '/walk-ins', {
      name: 'Mario Neri',
      service: w.serviceId,
      volunteerId: 'nobody',
    });
    expect(nobody.status).toBe(422);
    expect(await w.db.select().from(bookings)).toHaveLength(0);
  });

  it('never texts a walk-in: no confirmation, no cancellation text, while a desk booking gets one', async () => {
    const w = await adminWorld();
    const walkIn = await bookingOf(
      await w.call(w.reception, 'POST', '/walk-ins', {
        name: 'Giulia Verdi',
        service: w.serviceId,
        phone: '347 765 4321',
      }),
    );
    expect(walkIn.person.phone).toBe('+393477654321');
    const booked = await w.call(w.reception, 'POST', '/bookings', {
      service: w.serviceId,
      mode: 'in_person',
      start: '2026-10-12T11:00:00+02:00',
      name: 'Paolo Gialli',
      phone: '347 765 4322',
    });
    expect(booked.status).toBe(201);
    const bookedId = (await bookingOf(booked)).id;
    expect((await messagesOf(w, bookedId)).map((m) => m.kind)).toEqual(['confirmation']);
    expect(await messagesOf(w, walkIn.id)).toEqual([]);
    const cancelled = await w.call(w.reception, 'POST', `/bookings/${walkIn.id}/cancel`, { reason: 'andato via' });
    expect((await bookingOf(cancelled)).status).toBe('cancelled');
    expect(await messagesOf(w, walkIn.id)).toEqual([]);
  });

  it('gives a walk-in no reminder of any plan, where the same booking on another channel gets them', async () => {
    const w = await adminWorld();
    const date = '2026-10-16';
    const start = localToInstant(date, 11 * 60, 'Europe/Rome');
    const common = {
      serviceId: w.serviceId,
      start,
      localDate: date,
      localTime: '11:00',
      confirmedAt: Date.parse('2026-10-01T08:00:00Z'),
      reminderPlan: 'both' as const,
    };
    const walkIn = await givenBooking(w.db, { ...common, volunteerId: w.volunteerIds[0]!, channel: 'walk_in' });
    const desk = await givenBooking(w.db, { ...common, volunteerId: w.volunteerIds[1]!, channel: 'reception' });
    for (const at of ['2026-10-13T16:00:00Z', '2026-10-15T16:00:00Z', '2026-10-16T06:00:00Z'])
      await reminders(w.deps, { cron: '0 * * * *', now: Date.parse(at) });
    const kinds = async (id: string) =>
      (await w.db.select().from(messages).where(eq(messages.bookingId, id)).orderBy(asc(messages.notBefore))).map(
        (m) => m.kind,
      );
    expect(await kinds(desk.id)).toEqual(['reminder_early', 'reminder', 'reminder_morning']);
    expect(await kinds(walkIn.id)).toEqual([]);
  });
});
