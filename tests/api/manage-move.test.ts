import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../worker/src/app';
import type { Db } from '../../worker/src/db/client';
import { bookingEvents, bookings, deskSettings, messages } from '../../worker/src/db/schema';
import { notifySlotsFreed } from '../../worker/src/waitlist/freed';
import { givenBooking } from '../fixtures/builders';
import { testDeps } from '../fixtures/deps';
import { publicWorld, type PublicWorld } from '../fixtures/public-helpers';
import { staffCall, staffHeaders } from '../fixtures/staff';

// The waitlist's door is watched, not replaced: the test checks the old time reaches it.
vi.mock('../../worker/src/waitlist/freed', async (original) => {
  const real = await original<typeof import('../../worker/src/waitlist/freed')>();
  return { ...real, notifySlotsFreed: vi.fn(real.notifySlotsFreed) };
});

const H = 3_600_000;
// publicWorld: Monday 12 October 2026 10:00 in Rome; shifts Wednesday, Friday and Monday 09:00–12:00.
const WED_9 = '2026-10-14T07:00:00Z';
const WED_10 = '2026-10-14T08:00:00Z';
const WED_11 = '2026-10-14T09:00:00Z';
const FRI_9 = '2026-10-16T07:00:00Z';

let w: PublicWorld;

beforeEach(async () => {
  vi.mocked(notifySlotsFreed).mockClear();
  w = await publicWorld();
});

function booking(start: string, extra: Partial<Parameters<typeof givenBooking>[1]> = {}) {
  return givenBooking(w.db, { serviceId: w.serviceId, volunteerId: w.volunteerIds[0]!, start, ...extra });
}

function post(code: string, form: Record<string, string>) {
  return w.app.request(`/m/${code}/move`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

/** Chooses `start` and answers the question: the two posts of the page. */
async function move(code: string, start: string, seq = '0') {
  const asked = await post(code, { start, seq, lang: 'it' });
  expect(asked.status).toBe(200);
  return post(code, { start, seq, lang: 'it', confirm: 'yes' });
}

async function row(id: string) {
  const [r] = await w.db.select().from(bookings).where(eq(bookings.id, id));
  return r!;
}
const events = (id: string) => w.db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, id));
const texts = (id: string) => w.db.select().from(messages).where(eq(messages.bookingId, id));

function statusText(html: string): string {
  return (/<div role="status"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .trim();
}

describe('GET /m/:code/move', () => {
  it('lists the free times of the same service and mode, not the booking’s own, and changes nothing', async () => {
    const b = await booking(WED_10);
    const page = await (await w.app.request(`/m/${b.manageCode}`)).text();
    expect(page).toContain(`href="/m/${b.manageCode}/move?lang=it"`);
    const res = await w.app.request(`/m/${b.manageCode}/move`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Scegli un nuovo orario</h1>');
    expect(html).toContain('value="2026-10-14T09:00:00+02:00"');
    expect(html).toContain('value="2026-10-14T11:00:00+02:00"');
    expect(html).not.toContain('value="2026-10-14T10:00:00+02:00"');
    expect(html).toContain('<input type="hidden" name="seq" value="0">');
    // Seven days of times a page, then "more times".
    expect(html.match(/<fieldset>/g)).toHaveLength(7);
    expect(html).toMatch(/href="\/m\/[^"]+\/move\?lang=it&amp;from=2026-10-\d\d"/);
    expect(await events(b.id)).toHaveLength(0);
  });

  it('speaks Arabic right to left with the times isolated', async () => {
    const b = await booking(WED_10, { language: 'ar' });
    const html = await (await w.app.request(`/m/${b.manageCode}/move`)).text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<h1>اختر وقتًا جديدًا</h1>');
    expect(html).toMatch(/<label><input type="radio" name="start" value="[^"]+"( required)?> <bdi>/);
  });
});

describe('POST /m/:code/move', () => {
  it('asks first, then moves within the day: still confirmed, the calendar told, the text queued, the old time freed', async () => {
    const b = await booking(WED_10, { attendanceConfirmedAt: Date.parse('2026-10-12T07:00:00Z') });
    const asked = await post(b.manageCode, { start: WED_11, seq: '0', lang: 'it' });
    const question = await asked.text();
    expect(question).toContain('Confermi il nuovo orario?');
    expect(question).not.toContain('Lo sportello deve confermarlo di nuovo.');
    expect((await row(b.id)).startAt).toBe(Date.parse(WED_10));

    const res = await post(b.manageCode, { start: WED_11, seq: '0', lang: 'it', confirm: 'yes' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/m/${b.manageCode}?done=moved&lang=it`);
    const after = await row(b.id);
    expect(after).toMatchObject({
      status: 'confirmed',
      startAt: Date.parse(WED_11),
      localTime: '11:00',
      icalSequence: 1,
    });
    expect(after.attendanceConfirmedAt).toBeNull();
    const [event] = await events(b.id);
    expect(event).toMatchObject({ type: 'moved_by_person', actorType: 'person', fromStatus: null, toStatus: null });
    expect(JSON.parse(event!.data!)).toMatchObject({ fromStart: Date.parse(WED_10), toStart: Date.parse(WED_11) });
    expect((await texts(b.id)).map((m) => [m.kind, m.seq])).toEqual([['reschedule', 1]]);
    expect(notifySlotsFreed).toHaveBeenCalledWith(expect.anything(), [
      {
        bookingId: b.id,
        volunteerId: w.volunteerIds[0],
        startAt: Date.parse(WED_10),
        endAt: Date.parse(WED_10) + H,
        freedAt: w.clock.now(),
      },
    ]);
    const done = await (await w.app.request(`/m/${b.manageCode}?done=moved`)).text();
    expect(statusText(done)).toBe('Orario cambiato. Ti mandiamo un SMS.');
  });

  it('sends a move to another day back to reception as a request, with a hold (default policy)', async () => {
    const b = await booking(WED_10);
    const asked = await (await post(b.manageCode, { start: FRI_9, seq: '0', lang: 'it' })).text();
    expect(asked).toContain('Lo sportello deve confermarlo di nuovo.');
    expect((await post(b.manageCode, { start: FRI_9, seq: '0', confirm: 'yes' })).status).toBe(303);
    const after = await row(b.id);
    expect(after).toMatchObject({ status: 'requested', startAt: Date.parse(FRI_9), confirmedAt: null });
    expect(after.holdUntil).toBe(w.clock.now() + 48 * H);
    const [event] = await events(b.id);
    expect(event).toMatchObject({ type: 'moved_by_person', fromStatus: 'confirmed', toStatus: 'requested' });
    expect((await texts(b.id)).map((m) => m.kind)).toEqual(['reschedule']);
    const done = await (await w.app.request(`/m/${b.manageCode}?done=moved`)).text();
    expect(statusText(done)).toBe('Orario cambiato. Lo sportello deve confermarlo.');
  });

  it('follows the desk: "never" keeps another day confirmed, "always" sends even the same day back', async () => {
    await w.db.update(deskSettings).set({ moveConfirmation: 'never' });
    const a = await booking(WED_10);
    expect((await move(a.manageCode, FRI_9)).status).toBe(303);
    expect((await row(a.id)).status).toBe('confirmed');

    await w.db.update(deskSettings).set({ moveConfirmation: 'always' });
    const b = await booking(WED_10, { volunteerId: w.volunteerIds[0]! });
    expect((await move(b.manageCode, WED_9)).status).toBe(303);
    expect((await row(b.id)).status).toBe('requested');
  });

  it('a request that moves stays a request, its hold never past the new start, and gets no text', async () => {
    const hold = w.clock.now() + 72 * H;
    const b = await booking(FRI_9, { status: 'requested', holdUntil: hold });
    expect((await move(b.manageCode, WED_9)).status).toBe(303);
    const after = await row(b.id);
    expect(after).toMatchObject({ status: 'requested', holdUntil: Date.parse(WED_9) });
    expect(await texts(b.id)).toHaveLength(0);
  });

  it('a time taken before the post: refused, the booking and its texts kept', async () => {
    const b = await booking(WED_10);
    await w.db.insert(messages).values({
      id: 'm-reminder',
      bookingId: b.id,
      kind: 'reminder',
      seq: 0,
      language: 'it',
      body: 'Promemoria',
      recipient: b.phone!,
      status: 'pending',
      notBefore: Date.parse(WED_10) - 24 * H,
      createdAt: w.clock.now(),
      updatedAt: w.clock.now(),
    });
    await booking(WED_11, { phone: '+393470000000' });
    const res = await move(b.manageCode, WED_11);
    expect(res.status).toBe(409);
    expect(statusText(await res.text())).toBe('Questo orario non è più libero. Scegline un altro.');
    expect(await row(b.id)).toMatchObject({ status: 'confirmed', startAt: Date.parse(WED_10), icalSequence: 0 });
    expect(await events(b.id)).toHaveLength(0);
    expect((await texts(b.id)).map((m) => [m.kind, m.status])).toEqual([['reminder', 'pending']]);
    expect(notifySlotsFreed).not.toHaveBeenCalled();
  });

  it('a time taken between the read and the write: the overlap trigger refuses, nothing is written', async () => {
    const b = await booking(WED_10);
    // Someone books the time just before the move's batch runs.
    const racing = new Proxy(w.db, {
      get(target, prop, receiver) {
        if (prop !== 'batch') return Reflect.get(target, prop, receiver) as unknown;
        return async (statements: Parameters<Db['batch']>[0]) => {
          await givenBooking(target, {
            serviceId: w.serviceId,
            volunteerId: w.volunteerIds[0]!,
            start: WED_11,
            phone: '+393470000000',
          });
          return target.batch(statements);
        };
      },
    });
    const app = createApp(testDeps(racing, { clock: w.clock }));
    const res = await app.request(`/m/${b.manageCode}/move`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `start=${encodeURIComponent(WED_11)}&seq=0&confirm=yes`,
    });
    expect(res.status).toBe(409);
    expect(statusText(await res.text())).toBe('Questo orario non è più libero. Scegline un altro.');
    expect(await row(b.id)).toMatchObject({ status: 'confirmed', startAt: Date.parse(WED_10), icalSequence: 0 });
    expect(await events(b.id)).toHaveLength(0);
    expect(await texts(b.id)).toHaveLength(0);
  });

  it('a booking moved meanwhile (the page’s sequence is old) is not moved again', async () => {
    const b = await booking(WED_10, { icalSequence: 1 });
    const asked = await post(b.manageCode, { start: WED_11, seq: '0' });
    expect(asked.status).toBe(409);
    expect(statusText(await asked.text())).toBe("L'appuntamento è cambiato nel frattempo. Controlla e riprova.");
    expect((await post(b.manageCode, { start: WED_11, seq: '0', confirm: 'yes' })).status).toBe(409);
    expect(await row(b.id)).toMatchObject({ startAt: Date.parse(WED_10), icalSequence: 1 });
  });
});

describe('move limits', () => {
  it('two moves, then the desk’s phone: no button, the page and the post refuse', async () => {
    const b = await booking(WED_10);
    expect((await move(b.manageCode, WED_11, '0')).status).toBe(303);
    const second = await move(b.manageCode, WED_9, '1');
    expect(second.status, statusText(await second.clone().text())).toBe(303);
    const page = await (await w.app.request(`/m/${b.manageCode}`)).text();
    expect(page).not.toContain('/move?lang=');
    const listed = await w.app.request(`/m/${b.manageCode}/move`);
    expect(statusText(await listed.text())).toBe(
      'Hai già cambiato orario due volte. Per cambiarlo ancora chiama lo sportello.',
    );
    const third = await post(b.manageCode, { start: WED_10, seq: '2', confirm: 'yes' });
    expect(third.status).toBe(409);
    expect((await row(b.id)).startAt).toBe(Date.parse(WED_9));
    expect(await events(b.id)).toHaveLength(2);
  });

  it('not inside the cancellation notice', async () => {
    await w.db.update(deskSettings).set({ cancellationNoticeHours: 72 });
    const b = await booking(WED_10); // 48 hours ahead
    const page = await (await w.app.request(`/m/${b.manageCode}`)).text();
    expect(page).not.toContain('/move?lang=');
    const res = await post(b.manageCode, { start: FRI_9, seq: '0', confirm: 'yes' });
    expect(res.status).toBe(409);
    expect(statusText(await res.text())).toBe("Manca poco all'appuntamento. Per cambiarlo chiama lo sportello.");
    expect((await row(b.id)).startAt).toBe(Date.parse(WED_10));
  });

  it('nothing chosen: the times again, with what to do', async () => {
    const b = await booking(WED_10);
    const res = await post(b.manageCode, { seq: '0' });
    expect(res.status).toBe(400);
    expect(statusText(await res.text())).toBe('Scegli un orario.');
  });
});

describe('the desk setting move_confirmation', () => {
  it('reads other_day by default, an admin sets it, anything else is refused with the field named', async () => {
    const admin = await staffHeaders(w.app, w.db, 'admin');
    const read = await staffCall(w, 'GET', '/api/admin/settings', admin);
    expect(read.json.settings.moveConfirmation).toBe('other_day');
    const saved = await staffCall(w, 'PATCH', '/api/admin/settings', admin, { moveConfirmation: 'never' });
    expect(saved.status).toBe(200);
    expect(saved.json.settings.moveConfirmation).toBe('never');
    const bad = await staffCall(w, 'PATCH', '/api/admin/settings', admin, { moveConfirmation: 'sometimes' });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json.error.fields)).toEqual(['moveConfirmation']);
    // The setting decides: with "never", a move to another day stays confirmed.
    const b = await booking(WED_10);
    expect((await move(b.manageCode, FRI_9)).status).toBe(303);
    expect((await row(b.id)).status).toBe('confirmed');
  });
});
