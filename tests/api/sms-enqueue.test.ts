import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deskSettings, messages } from '../../worker/src/db/schema';
import { countSegments, isGsm7 } from '../../worker/src/outbox/texts';
import { adminWorld, at, NOW, WED, type AdminWorld } from '../fixtures/admin-bookings-world';

// Every staff action and a person's cancel write their SMS in the same batch as the change: exactly one
// row per booking and kind (per move for reschedules), none when the action does not happen.

const PHONE = '+393471234567'; // the builders' default
const BASE = 'https://sportello.test'; // testConfig().publicBaseUrl

async function outbox(w: AdminWorld, bookingId?: string) {
  const q = w.db.select().from(messages);
  return (bookingId ? q.where(eq(messages.bookingId, bookingId)) : q).orderBy(
    asc(messages.createdAt),
    asc(messages.id),
  );
}

function expectSendable(body: string | null) {
  expect(body).not.toBeNull();
  expect(isGsm7(body!)).toBe(true);
  expect(countSegments(body!).segments).toBe(1);
  expect(body).not.toContain('Maria');
}

/** Presses the cancel button of the manage page, answering "yes" to the question. */
function personCancels(w: AdminWorld, manageCode: string) {
  return w.app.request(`/m/${manageCode}/cancel`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'confirm=yes',
  });
}

describe('SMS queued by staff actions', () => {
  it('confirming a request queues one confirmation in the booking language, with date, place and link', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    const { manageCode } = await w.row(id);
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/confirm`, {})).status).toBe(200);
    // Pressing again is refused and queues nothing more.
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/confirm`, {})).status).toBe(409);

    const rows = await outbox(w, id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'confirmation',
      seq: 0,
      recipient: PHONE,
      language: 'it',
      attempts: 0,
      notBefore: Date.parse(NOW),
      createdAt: Date.parse(NOW),
    });
    expect(rows[0]!.body).toBe(
      `Confermato: mer 14/10 ore 10:00, Via Bertoni 4. Vedi o disdici: ${BASE}/m/${manageCode}`,
    );
    expectSendable(rows[0]!.body);
  });

  it('writes English for a booking made in English, and "video call" with its link for a remote one', async () => {
    const w = await adminWorld({ desk: { videoRoomBase: 'https://video.example.org' } });
    const id = await w.request(WED, '10:00', { language: 'en', mode: 'remote' });
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/confirm`, {})).status).toBe(200);
    const [row] = await outbox(w, id);
    expect(row).toMatchObject({ kind: 'confirmation', language: 'en' });
    // A request stored before rooms existed gets its room when confirmed.
    const room = (await w.row(id)).videoRoom;
    expect(room).toMatch(/^[a-z2-7]{26}$/);
    expect(row!.body).toBe(
      `Confirmed: video call Wed 14/10 at 10:00. Join at https://video.example.org/sportello-${room}\nManage/cancel: https://sportello.test/m/${(await w.row(id)).manageCode}`,
    );
  });

  it('booking on behalf of a caller queues the confirmation', async () => {
    const w = await adminWorld();
    const res = await w.call(w.reception, 'POST', '/bookings', {
      service: w.serviceId,
      mode: 'in_person',
      start: at(WED, '11:00'),
      name: 'Luca Verdi',
      phone: '347 000 1111',
    });
    expect(res.status).toBe(201);
    const rows = await outbox(w);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'confirmation', recipient: '+393470001111' });
    expect(rows[0]!.body).toContain('mer 14/10 ore 11:00');
    expectSendable(rows[0]!.body);
  });

  it('rejecting queues one rejection', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/reject`, { reason: 'volontario assente' })).status).toBe(
      200,
    );
    const rows = await outbox(w, id);
    expect(rows.map((r) => r.kind)).toEqual(['rejection']);
    expect(rows[0]!.body).toMatch(/^Richiesta per mer 14\/10 ore 10:00 non accettata\./);
    // The reason is for the desk only.
    expect(rows[0]!.body).not.toContain('volontario');
  });

  it('cancelling queues one cancellation and withdraws the texts still waiting', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    await w.call(w.reception, 'POST', `/bookings/${id}/confirm`, {});
    w.clock.advance(60_000);
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/cancel`, { reason: 'chiusura' })).status).toBe(200);
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/cancel`, { reason: 'chiusura' })).status).toBe(409);

    const rows = await outbox(w, id);
    expect(rows.map((r) => [r.kind, r.status, r.errorCode])).toEqual([
      ['confirmation', 'cancelled', 'superseded'],
      ['cancellation', 'pending', null],
    ]);
    expect(rows[1]!.body).toMatch(/^Annullato: mer 14\/10 ore 10:00, Via Bertoni 4\. Prenota di nuovo: /);
  });

  it('rescheduling a confirmed booking queues one text per move, with the new time', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    const move = (start: string) => w.call(w.reception, 'POST', `/bookings/${id}/reschedule`, { start });
    expect((await move('2026-10-16T09:00:00+02:00')).status).toBe(200);
    w.clock.advance(60_000);
    expect((await move(at(WED, '11:00'))).status).toBe(200);

    const rows = await outbox(w, id);
    expect(rows.map((r) => [r.kind, r.seq, r.status])).toEqual([
      ['reschedule', 1, 'cancelled'], // the first move's text, overtaken by the second before it left
      ['reschedule', 2, 'pending'],
    ]);
    expect(rows[0]!.body).toContain('ven 16/10 ore 09:00');
    expect(rows[1]!.body).toMatch(/^Nuovo orario: mer 14\/10 ore 11:00, /);
    expect((await w.row(id)).icalSequence).toBe(2);
  });

  it('moving a request queues nothing: its confirmation will carry the new time', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/reschedule`, { start: at(WED, '11:00') })).status).toBe(
      200,
    );
    expect(await outbox(w, id)).toEqual([]);
    await w.call(w.reception, 'POST', `/bookings/${id}/confirm`, {});
    const rows = await outbox(w, id);
    expect(rows.map((r) => r.kind)).toEqual(['confirmation']);
    expect(rows[0]!.body).toContain('ore 11:00');
  });

  it('queues nothing while the desk has SMS switched off; the actions still happen', async () => {
    const w = await adminWorld({ desk: { smsEnabled: false } });
    const a = await w.request(WED, '10:00');
    const b = await w.confirmed(WED, '11:00');
    expect((await w.call(w.reception, 'POST', `/bookings/${a}/confirm`, {})).status).toBe(200);
    expect((await w.call(w.reception, 'POST', `/bookings/${b}/cancel`, { reason: 'x' })).status).toBe(200);
    expect((await w.row(a)).status).toBe('confirmed');
    expect(await outbox(w)).toEqual([]);
  });

  it('queues nothing for a booking whose personal data was erased', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00', { phone: null, personName: null });
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/confirm`, {})).status).toBe(200);
    expect(await outbox(w, id)).toEqual([]);
  });
});

describe('SMS queued by the manage link', () => {
  it("a person's cancel queues one acknowledgement and withdraws tomorrow's reminder", async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00', { language: 'en' });
    const { manageCode } = await w.row(id);
    // A reminder already queued for this booking.
    await w.db.insert(messages).values({
      id: 'rem-1',
      bookingId: id,
      kind: 'reminder',
      seq: 0,
      recipient: PHONE,
      body: 'x',
      notBefore: Date.parse(NOW),
      createdAt: Date.parse(NOW),
      updatedAt: Date.parse(NOW),
    });
    w.clock.advance(60_000);
    expect((await personCancels(w, manageCode)).status).toBe(303);
    expect((await personCancels(w, manageCode)).status).toBe(409);

    const rows = await outbox(w, id);
    expect(rows.map((r) => [r.kind, r.status])).toEqual([
      ['reminder', 'cancelled'],
      ['cancellation', 'pending'],
    ]);
    expect(rows[1]).toMatchObject({ recipient: PHONE, language: 'en' });
    expect(rows[1]!.body).toBe(
      `You cancelled: Wed 14/10 at 10:00, Via Bertoni 4. Thanks. Book again: ${BASE}/m/${manageCode}`,
    );
  });

  it('queues nothing when SMS are off', async () => {
    const w = await adminWorld();
    await w.db.update(deskSettings).set({ smsEnabled: false });
    const id = await w.confirmed(WED, '10:00');
    expect((await personCancels(w, (await w.row(id)).manageCode)).status).toBe(303);
    expect((await w.row(id)).status).toBe('cancelled');
    expect(await outbox(w, id)).toEqual([]);
  });
});
