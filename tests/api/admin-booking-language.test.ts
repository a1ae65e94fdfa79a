/**
 * Reception changes a booking's language (POST /api/admin/bookings/:id/language): the desk's roles only,
 * audited as `language_changed`, and every text of the booking that has not gone out yet (a reminder held
 * in the outbox) is sent in the new language, as is every text written after.
 */
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages } from '../../worker/src/db/schema';
import { languagePlan, runAction } from '../../worker/src/db/repo/booking-actions';
import { reminders } from '../../worker/src/jobs/reminders';
import { dispatchSms } from '../../worker/src/outbox/dispatch';
import { renderFor } from '../../worker/src/outbox/enqueue';
import { recordingSms } from '../fixtures/deps';
import { adminWorld, errorCode, WED } from '../fixtures/admin-bookings-world';

type Booking = {
  language: string;
  events: Array<{ type: string; actor: { id: string | null }; from: string | null; to: string | null; data: unknown }>;
};
const booking = async (res: Response) => ((await res.json()) as { booking: Booking }).booking;

describe('changing the language of a booking', () => {
  it('reception changes it: the booking speaks Arabic, and the history says who changed it from what', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    const res = await w.call(w.reception, 'POST', `/bookings/${id}/language`, { language: 'ar' });
    expect(res.status).toBe(200);
    const b = await booking(res);
    expect(b.language).toBe('ar');
    expect(b.events.at(-1)).toMatchObject({
      type: 'language_changed',
      actor: { id: w.reception.user.id },
      from: null,
      to: null,
      data: { fromLanguage: 'it', toLanguage: 'ar' },
    });
    expect((await w.row(id)).language).toBe('ar');
    // The agenda and the day list carry it too.
    const list = await w.call(w.reception, 'GET', `/bookings?from=${WED}&to=${WED}`);
    const listed = ((await list.json()) as { bookings: { id: string; language: string }[] }).bookings;
    expect(listed.find((x) => x.id === id)?.language).toBe('ar');
    const day = await w.call(w.reception, 'GET', `/day-list?date=${WED}`);
    expect(((await day.json()) as { bookings: { language: string }[] }).bookings[0]?.language).toBe('ar');

    // The same language again changes nothing and writes no event.
    const again = await w.call(w.admin, 'POST', `/bookings/${id}/language`, { language: 'ar' });
    expect(again.status).toBe(200);
    expect((await w.events(id)).filter((e) => e.type === 'language_changed')).toHaveLength(1);
  });

  it('refuses a language it does not know (422 with the field), a missing booking (404), a volunteer (403)', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    for (const body of [{ language: 'de' }, { language: 'AR' }, {}, { language: 7 }]) {
      const res = await w.call(w.reception, 'POST', `/bookings/${id}/language`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const err = ((await res.json()) as { error: { code: string; fields: Record<string, string> } }).error;
      expect(err.code).toBe('invalid_input');
      expect(err.fields.language).toBeTruthy();
    }
    const missing = await w.call(w.reception, 'POST', '/bookings/nope/language', { language: 'fr' });
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe('not_found');
    const volunteer = await w.call(w.volunteer, 'POST', `/bookings/${id}/language`, { language: 'fr' });
    expect(volunteer.status).toBe(403);
    expect((await w.row(id)).language).toBe('it');
    expect(await w.events(id)).toHaveLength(0);
  });

  it('a change decided on a language that changed meanwhile writes nothing (compare-and-swap)', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00');
    expect((await w.call(w.reception, 'POST', `/bookings/${id}/language`, { language: 'uk' })).status).toBe(200);
    // A second change read the booking while it was still Italian.
    const late = languagePlan(w.db, {
      bookingId: id,
      actorId: w.admin.user.id,
      now: Date.parse('2026-10-12T08:01:00Z'),
      fromLanguage: 'it',
      language: 'ro',
    });
    expect(await runAction(w.db, late)).toEqual({ ok: false, reason: 'stale' });
    expect((await w.row(id)).language).toBe('uk');
    const events = (await w.events(id)).filter((e) => e.type === 'language_changed');
    expect(events.map((e) => JSON.parse(e.data!) as unknown)).toEqual([{ fromLanguage: 'it', toLanguage: 'uk' }]);
  });

  it('a reminder waiting in the outbox goes out in the new language; texts written later are in it too', async () => {
    const sms = recordingSms();
    const w = await adminWorld({ deps: { sms } });
    const id = await w.confirmed(WED, '10:00', { confirmedAt: Date.parse('2026-10-01T08:00:00Z') });
    // Tuesday 18:00 in Rome: tomorrow's reminder is written in Italian, and waits.
    const evening = '2026-10-13T16:00:00Z';
    await w.travel(evening);
    expect(await reminders(w.deps, { cron: '0 16,17 * * *', now: Date.parse(evening) })).toEqual({
      counts: { queued: 1 },
    });
    const [italian] = await w.db.select().from(messages).where(eq(messages.bookingId, id));
    expect(italian).toMatchObject({ kind: 'reminder', language: 'it', status: 'pending' });

    const res = await w.call(w.reception, 'POST', `/bookings/${id}/language`, { language: 'en' });
    expect(res.status).toBe(200);
    const row = await w.row(id);
    const ctx = {
      desk: { baseUrl: w.deps.config.publicBaseUrl, timeZone: 'Europe/Rome', address: 'Via Bertoni 4' },
      booking: { ...row, language: 'en' as const, videoLink: null },
    };
    const english = renderFor('reminder', ctx);
    expect(english).not.toBe(italian!.body);
    const [rewritten] = await w.db.select().from(messages).where(eq(messages.bookingId, id));
    expect(rewritten).toMatchObject({ id: italian!.id, language: 'en', body: english, status: 'pending' });

    await dispatchSms(w.deps, { cron: '*/10 * * * *', now: Date.parse(evening) });
    expect(sms.sent.map((m) => m.body)).toEqual([english]);

    // A text written after the change (the desk cancels) is in the booking's new language; the sent one stays.
    const cancel = await w.call(w.reception, 'POST', `/bookings/${id}/cancel`, { reason: 'Volontario malato' });
    expect(cancel.status).toBe(200);
    const all = await w.db.select().from(messages).where(eq(messages.bookingId, id)).orderBy(asc(messages.kind));
    expect(all.map((m) => [m.kind, m.language, m.status])).toEqual([
      ['cancellation', 'en', 'pending'],
      ['reminder', 'en', 'sent'],
    ]);
    expect(all[0]!.body).toBe(renderFor('cancellation', ctx));
  });

  it('a waiting cancellation is rewritten as the person’s own acknowledgement when they cancelled', async () => {
    const w = await adminWorld();
    const id = await w.confirmed(WED, '10:00', { status: 'cancelled', cancelledBy: 'person', cancelledAt: 1 });
    const now = Date.parse('2026-10-12T08:00:00Z');
    await w.db.insert(messages).values({
      id: 'ack',
      bookingId: id,
      kind: 'cancellation',
      recipient: '+393471234567',
      language: 'it',
      body: 'Hai disdetto',
      notBefore: now,
      createdAt: now,
      updatedAt: now,
    });
    const res = await w.call(w.admin, 'POST', `/bookings/${id}/language`, { language: 'en' });
    expect(res.status).toBe(200);
    const row = await w.row(id);
    const ctx = {
      desk: { baseUrl: w.deps.config.publicBaseUrl, timeZone: 'Europe/Rome', address: 'Via Bertoni 4' },
      booking: { ...row, videoLink: null },
    };
    const [ack] = await w.db.select().from(messages).where(eq(messages.id, 'ack'));
    expect(ack).toMatchObject({ language: 'en', body: renderFor('cancellation_ack', ctx) });
    expect(ack!.body).not.toBe(renderFor('cancellation', ctx));
  });
});
