import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import type { AppDeps } from '../../worker/src/deps';
import { dispatchSms } from '../../worker/src/outbox/dispatch';
import { runScheduled } from '../../worker/src/jobs/scheduled';
import { offerTimes } from '../../worker/src/waitlist/offers';
import { declineOffer } from '../../worker/src/waitlist/take';
import { givenBooking } from '../fixtures/builders';
import { deferringDeps, fixedClock, recordingSms } from '../fixtures/deps';
import { postRequest, publicWorld, requestBody, type PublicWorld } from '../fixtures/public-helpers';
import { allOffers, givenWaitlistEntry } from '../fixtures/waitlist';

const WED_10 = Date.parse('2026-10-14T10:00:00+02:00');
const HOUR = 3_600_000;

/** A booking of Wednesday 10:00 that was just cancelled, and its time handed to the engine. */
async function cancelledWednesday(w: PublicWorld, deps: AppDeps = w.deps) {
  const b = await givenBooking(w.db, {
    serviceId: w.serviceId,
    volunteerId: w.volunteerIds[0]!,
    start: WED_10,
    status: 'cancelled',
  });
  const run = await offerTimes(deps, [
    {
      volunteerId: w.volunteerIds[0]!,
      startAt: WED_10,
      endAt: WED_10 + HOUR,
      freedAt: w.clock.now(),
      sourceBookingId: b.id,
    },
  ]);
  return { booking: b, run };
}

function entry(w: PublicWorld, overrides: Partial<Parameters<typeof givenWaitlistEntry>[1]> = {}) {
  return givenWaitlistEntry(w.db, { serviceId: w.serviceId, from: '2026-10-13', to: '2026-10-16', ...overrides });
}

async function wednesdaySlots(w: PublicWorld): Promise<string[]> {
  const res = await w.app.request(
    `/api/public/availability?service=${w.serviceId}&mode=in_person&from=2026-10-14&to=2026-10-14`,
  );
  const body = (await res.json()) as { days: { slots: { start: string }[] }[] };
  return body.days.flatMap((d) => d.slots.map((s) => s.start));
}

async function dispatch(w: PublicWorld, deps: AppDeps = w.deps) {
  return dispatchSms(deps, { cron: 'test', now: deps.clock.now() });
}

describe('offering a freed time', () => {
  it('offers nothing when nobody waits', async () => {
    const w = await publicWorld();
    const { run } = await cancelledWednesday(w);
    expect(run).toEqual({ offered: 0, times: 0 });
    expect(await allOffers(w.db)).toEqual([]);
  });

  it('offers nothing to an entry whose days do not hold the time, or that is no longer waiting', async () => {
    const w = await publicWorld();
    await entry(w, { from: '2026-10-15', to: '2026-10-20' });
    await entry(w, { status: 'expired' });
    await entry(w, { status: 'removed' });
    await entry(w, { mode: 'remote' });
    const { run } = await cancelledWednesday(w);
    expect(run.offered).toBe(0);
  });

  it('holds the time for the first person in join order, keeps it out of the widget and of requests, and texts them a link', async () => {
    const sms = recordingSms();
    const w = await publicWorld({ deps: { sms } });
    const first = await entry(w);
    await entry(w);
    expect(await wednesdaySlots(w)).toContain('2026-10-14T10:00:00+02:00');
    const { run } = await cancelledWednesday(w);
    expect(run).toEqual({ offered: 1, times: 1 });
    const [offer] = await allOffers(w.db);
    expect(offer).toMatchObject({
      entryId: first.id,
      status: 'open',
      holds: true,
      // Two hours from Monday 10:00 (the desk's default hold), well before the start.
      holdUntil: w.clock.now() + 2 * HOUR,
    });
    expect(await wednesdaySlots(w)).not.toContain('2026-10-14T10:00:00+02:00');
    const res = await postRequest(w.app, requestBody(w.serviceId, { phone: '347 555 0101' }));
    expect(res.status).toBe(409);

    await dispatch(w);
    expect(sms.sent).toHaveLength(1);
    expect(sms.sent[0]!.to).toBe(first.phone);
    expect(sms.sent[0]!.body).toContain(`https://sportello.test/w/${offer!.code}`);
    expect(sms.sent[0]!.body).toMatch(/^Si è liberato un posto: mer 14\/10 ore 10:00/);
  });

  it('offers the slot a booking off the grid freed: the earliest free one overlapping it, same volunteer', async () => {
    const w = await publicWorld();
    const first = await entry(w);
    const offGrid = WED_10 + HOUR / 2;
    const b = await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: w.volunteerIds[0]!,
      start: offGrid,
      status: 'cancelled',
    });
    const run = await offerTimes(w.deps, [
      {
        volunteerId: w.volunteerIds[0]!,
        startAt: offGrid,
        endAt: offGrid + HOUR,
        freedAt: w.clock.now(),
        sourceBookingId: b.id,
      },
    ]);
    expect(run).toEqual({ offered: 1, times: 1 });
    const [offer] = await allOffers(w.db);
    expect(offer).toMatchObject({ entryId: first.id, volunteerId: w.volunteerIds[0], startAt: WED_10, holds: true });
  });

  it('starts the hold when the text may go out: an offer made in the night holds until two hours after the quiet hours end', async () => {
    const night = fixedClock(Date.parse('2026-10-12T23:30:00+02:00'));
    const w = await publicWorld({ deps: { clock: night } });
    await entry(w);
    const { run } = await cancelledWednesday(w, w.deps);
    expect(run.offered).toBe(1);
    const [offer] = await allOffers(w.db);
    // Quiet hours end at 08:00 in Rome; the desk's hold is 120 minutes.
    expect(offer).toMatchObject({ holds: true, holdUntil: Date.parse('2026-10-13T10:00:00+02:00') });
  });

  it('never holds past two hours before the start', async () => {
    const w = await publicWorld({ desk: { waitlistHoldMinutes: 1440 } });
    // Twenty-five hours ahead: held (not everyone at once), but a day's hold would run to an hour before.
    w.clock.set(WED_10 - 25 * HOUR);
    await entry(w);
    await cancelledWednesday(w);
    const [offer] = await allOffers(w.db);
    expect(offer!.holdUntil).toBe(WED_10 - 2 * HOUR);
  });

  it('offers a time starting within a day to everyone waiting at once, without holding it', async () => {
    const w = await publicWorld();
    w.clock.set('2026-10-13T16:00:00Z');
    for (let i = 0; i < 3; i++) await entry(w);
    const { run } = await cancelledWednesday(w);
    expect(run).toEqual({ offered: 3, times: 1 });
    const offers = await allOffers(w.db);
    expect(offers.map((o) => [o.status, o.holds])).toEqual([
      ['open', false],
      ['open', false],
      ['open', false],
    ]);
    // Not held: first come, first served, the widget's people included.
    expect(await wednesdaySlots(w)).toContain('2026-10-14T10:00:00+02:00');
  });

  it('passes the time on when the hold lapses, never back to who had it', async () => {
    const w = await publicWorld();
    const first = await entry(w);
    const second = await entry(w);
    await cancelledWednesday(w);
    // Before the hold ends, the cron leaves the offer alone.
    await runScheduled(w.deps, { cron: '*/10 * * * *', scheduledTime: w.clock.now() + HOUR });
    expect((await allOffers(w.db)).map((o) => o.status)).toEqual(['open']);
    const report = await runScheduled(w.deps, { cron: '*/10 * * * *', scheduledTime: w.clock.now() + 2 * HOUR });
    expect(report.jobs.waitlist).toMatchObject({ ok: true, counts: { lapsed: 1, offered: 1 } });
    const offers = await allOffers(w.db);
    expect(offers.map((o) => [o.entryId, o.status])).toEqual([
      [first.id, 'lapsed'],
      [second.id, 'open'],
    ]);
    // The second person's hold runs from the pass-on, and nobody is left to pass it to after them.
    await runScheduled(w.deps, { cron: '*/10 * * * *', scheduledTime: w.clock.now() + 4 * HOUR });
    expect((await allOffers(w.db)).map((o) => o.status)).toEqual(['lapsed', 'lapsed']);
  });

  it('passes the time on at once when the person declines', async () => {
    const work: Promise<unknown>[] = [];
    const w = await publicWorld();
    const deps = deferringDeps(w.deps, (p) => work.push(p));
    await entry(w);
    const second = await entry(w);
    await cancelledWednesday(w);
    const [offer] = await allOffers(w.db);
    expect(await declineOffer(deps, offer!.code)).toMatchObject({ ok: true });
    await Promise.all(work);
    const offers = await allOffers(w.db);
    expect(offers.map((o) => [o.entryId === second.id, o.status]).sort()).toEqual([
      [false, 'declined'],
      [true, 'open'],
    ]);
    // A second "decline" of the same link changes nothing.
    expect(await declineOffer(deps, offer!.code)).toMatchObject({ ok: false, code: 'gone' });
  });

  it('expires entries whose days are past', async () => {
    const w = await publicWorld();
    await entry(w, { from: '2026-10-05', to: '2026-10-10' });
    const live = await entry(w);
    const report = await runScheduled(w.deps, { cron: '*/10 * * * *', scheduledTime: w.clock.now() });
    expect(report.jobs.waitlist).toMatchObject({ ok: true, counts: { expired: 1 } });
    const rs = await w.client.execute('select id, status from waitlist_entries order by id');
    expect(rs.rows.map((r) => [r.id, r.status])).toEqual([
      [expect.any(String), 'expired'],
      [live.id, 'waiting'],
    ]);
  });

  it('offers a time freed by a person cancelling on the manage page', async () => {
    const work: Promise<unknown>[] = [];
    const w = await publicWorld();
    const deps = deferringDeps(w.deps, (p) => work.push(p));
    const app = createApp(deps);
    const waiting = await entry(w);
    const b = await givenBooking(w.db, { serviceId: w.serviceId, volunteerId: w.volunteerIds[0]!, start: WED_10 });
    const res = await app.request(`/m/${b.manageCode}/cancel`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'confirm=yes',
    });
    expect(res.status).toBeLessThan(400);
    await Promise.all(work);
    expect(await allOffers(w.db)).toMatchObject([{ entryId: waiting.id, sourceBookingId: b.id, status: 'open' }]);
  });

  it('catches up at the next tick a freed time nobody offered', async () => {
    const w = await publicWorld();
    await entry(w);
    await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: w.volunteerIds[0]!,
      start: WED_10,
      status: 'cancelled',
      localDate: '2026-10-14',
      updatedAt: w.clock.now() - HOUR,
    });
    const report = await runScheduled(w.deps, { cron: '*/10 * * * *', scheduledTime: w.clock.now() });
    expect(report.jobs.waitlist).toMatchObject({ counts: { offered: 1 } });
    // Offered once: the next tick finds nothing more to do.
    const again = await runScheduled(w.deps, { cron: '*/10 * * * *', scheduledTime: w.clock.now() + 60_000 });
    expect(again.jobs.waitlist).toMatchObject({ counts: { offered: 0 } });
  });

  it('counts offer texts in the desk’s hourly cap', async () => {
    const sms = recordingSms();
    const w = await publicWorld({ desk: { smsPerDeskHourly: 1 }, deps: { sms } });
    await entry(w);
    await cancelledWednesday(w);
    await dispatch(w);
    expect(sms.sent).toHaveLength(1);
    // A confirmation written after it waits for the next hour.
    const other = await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: w.volunteerIds[0]!,
      start: Date.parse('2026-10-16T10:00:00+02:00'),
    });
    await w.client.execute({
      sql: `insert into messages (id, booking_id, kind, seq, recipient, language, body, status, attempts, not_before,
        created_at, updated_at) values ('m-1', ?, 'confirmation', 0, '+393470000001', 'it', 'x', 'pending', 0, ?, ?, ?)`,
      args: [other.id, w.clock.now(), w.clock.now(), w.clock.now()],
    });
    await dispatch(w);
    expect(sms.sent).toHaveLength(1);
  });

  it('counts offer texts in the per-number caps', async () => {
    const sms = recordingSms();
    const w = await publicWorld({ desk: { smsPerNumberDaily: 1 }, deps: { sms } });
    // One person waiting twice (two modes): two offers of two freed times, one text a day.
    await entry(w, { phone: '+393470000009' });
    await entry(w, { phone: '+393470000009', from: '2026-10-16', to: '2026-10-16' });
    await cancelledWednesday(w);
    const fri = Date.parse('2026-10-16T10:00:00+02:00');
    const b = await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: w.volunteerIds[0]!,
      start: fri,
      status: 'cancelled',
    });
    await offerTimes(w.deps, [
      {
        volunteerId: w.volunteerIds[0]!,
        startAt: fri,
        endAt: fri + HOUR,
        freedAt: w.clock.now(),
        sourceBookingId: b.id,
      },
    ]);
    expect(await allOffers(w.db)).toHaveLength(2);
    await dispatch(w);
    expect(sms.sent).toHaveLength(1);
  });
});
