import { describe, expect, it } from 'vitest';
import { memoryAnswers } from '../../worker/src/http/availability-answers';
import { givenBooking } from '../fixtures/builders';
import { postRequest, publicWorld, requestBody, type PublicWorld } from '../fixtures/public-helpers';
import { staffCall, staffHeaders } from '../fixtures/staff';

// Each volunteer works 09:00–12:00 (60-minute slots): with 30 % reserved, the middle slot (10:00) of each
// shift is kept for phone callers and walk-ins until 48 hours before its start, counted in real hours.
const DESK = { reservedSharePercent: 30, reservedReleaseHours: 48 };

/** The two DST weeks: a Monday after the change, its reserved 10:00, and the release instant 48 h before. */
const WEEKS = [
  {
    name: 'spring (clocks went forward on 2026-03-29)',
    date: '2026-03-30',
    reserved: '2026-03-30T10:00:00+02:00',
    // Saturday 28 March 09:00 in Rome (+01:00): the wall clock a day and an hour off, as the clocks moved.
    release: '2026-03-28T08:00:00Z',
  },
  {
    name: 'autumn (clocks went back on 2026-10-25)',
    date: '2026-10-26',
    reserved: '2026-10-26T10:00:00+01:00',
    // Saturday 24 October 11:00 in Rome (+02:00).
    release: '2026-10-24T09:00:00Z',
  },
];

const minuteBefore = (iso: string) => new Date(Date.parse(iso) - 60_000).toISOString();

async function world() {
  return publicWorld({ volunteers: 2, desk: DESK, deps: { answers: memoryAnswers() } });
}

/** The widget's slots of `date`, and the answer's ETag. */
async function widgetDay(w: PublicWorld, date: string, etag?: string) {
  const res = await w.app.request(
    `/api/public/availability?service=${w.serviceId}&mode=in_person&from=${date}&to=${date}`,
    {
      headers: etag ? { 'If-None-Match': etag } : {},
    },
  );
  const body = res.status === 200 ? ((await res.json()) as { days: { slots: { start: string }[] }[] }) : { days: [] };
  return {
    status: res.status,
    etag: res.headers.get('etag') ?? '',
    starts: body.days.flatMap((d) => d.slots.map((s) => s.start)),
  };
}

/** Reception's slot picker for `date`: start → reserved. */
async function staffDay(w: PublicWorld, date: string) {
  const reception = await staffHeaders(w.app, w.db, 'reception');
  const res = await staffCall(
    w,
    'GET',
    `/api/admin/bookings/slots?service=${w.serviceId}&mode=in_person&from=${date}&to=${date}`,
    reception,
  );
  const body = res.json as { days: { slots: { start: string; reserved: boolean; volunteerIds: string[] }[] }[] };
  return body.days.flatMap((d) => d.slots.map((s) => [s.start, s.reserved, s.volunteerIds.length] as const));
}

describe('reserved capacity', () => {
  it('keeps a longer appointment off the reserved slot it would run into, until the release', async () => {
    const w = await world();
    const week = WEEKS[1]!;
    const hour = (h: string) => week.reserved.replace('10:00', h);
    const longDay = async () => {
      const res = await w.app.request(
        `/api/public/availability?service=${w.serviceId}&mode=in_person&from=${week.date}&to=${week.date}&long=1`,
      );
      const body = (await res.json()) as { days: { slots: { start: string }[] }[] };
      return body.days.flatMap((d) => d.slots.map((s) => s.start));
    };
    // 09:00–11:00 and 10:00–12:00 both cover the reserved 10:00: neither is offered before its release.
    w.clock.set(minuteBefore(week.release));
    expect(await longDay()).toEqual([]);
    w.clock.set(week.release);
    expect(await longDay()).toEqual([hour('09:00'), hour('10:00')]);
  });

  for (const week of WEEKS) {
    it(`keeps the reserved slot from the widget until the release, ${week.name}`, async () => {
      const w = await world();
      const hour = (h: string) => week.reserved.replace('10:00', h);
      w.clock.set(minuteBefore(week.release));
      const before = await widgetDay(w, week.date);
      expect(before.starts).toEqual([hour('09:00'), hour('11:00')]);
      // Reception sees it at any time, marked.
      expect(await staffDay(w, week.date)).toEqual([
        [hour('09:00'), false, 2],
        [week.reserved, true, 2],
        [hour('11:00'), false, 2],
      ]);
      // A request for it is refused as a taken slot would be, and writes nothing.
      const refused = await postRequest(w.app, requestBody(w.serviceId, { start: week.reserved }));
      expect(refused.status).toBe(409);

      // At the release instant: neither the client's ETag nor the kept copy may answer with the old slots.
      w.clock.set(week.release);
      const revalidated = await widgetDay(w, week.date, before.etag);
      expect(revalidated.status).toBe(200);
      expect(revalidated.starts).toEqual([hour('09:00'), week.reserved, hour('11:00')]);
      expect((await widgetDay(w, week.date)).starts).toContain(week.reserved);
      expect(await staffDay(w, week.date)).toContainEqual([week.reserved, false, 2]);
      const taken = await postRequest(w.app, requestBody(w.serviceId, { start: week.reserved }));
      expect(taken.status).toBe(201);
    });
  }

  it('reserves the same positions however the day fills, and none with a share of 0', async () => {
    const w = await world();
    w.clock.set('2026-10-19T08:00:00Z');
    const day = '2026-10-26';
    expect((await widgetDay(w, day)).starts).toEqual(['2026-10-26T09:00:00+01:00', '2026-10-26T11:00:00+01:00']);
    // The 09:00 of the first volunteer is booked: the 10:00 stays the reserved one, for both volunteers.
    await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: w.volunteerIds[0]!,
      start: '2026-10-26T09:00:00+01:00',
    });
    expect(await staffDay(w, day)).toEqual([
      ['2026-10-26T09:00:00+01:00', false, 1],
      ['2026-10-26T10:00:00+01:00', true, 2],
      ['2026-10-26T11:00:00+01:00', false, 2],
    ]);
    const admin = await staffHeaders(w.app, w.db, 'admin');
    const off = await staffCall(w, 'PATCH', '/api/admin/settings', admin, { reservedSharePercent: 0 });
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({
      settings: { reservedSharePercent: 0, reservedReleaseHours: 48 },
    });
    expect((await widgetDay(w, day)).starts).toHaveLength(3);
  });

  it('refuses settings out of range with 422 and keeps the stored ones', async () => {
    const w = await world();
    const admin = await staffHeaders(w.app, w.db, 'admin');
    const res = await staffCall(w, 'PATCH', '/api/admin/settings', admin, {
      reservedSharePercent: 95,
      reservedReleaseHours: -1,
    });
    expect(res.status).toBe(422);
    const fields = (res.json as { error: { fields: Record<string, string> } }).error.fields;
    expect(Object.keys(fields).sort()).toEqual(['reservedReleaseHours', 'reservedSharePercent']);
    const reception = await staffHeaders(w.app, w.db, 'reception');
    const read = await staffCall(w, 'GET', '/api/admin/settings', reception);
    expect(read.json.settings).toMatchObject(DESK);
  });
});
