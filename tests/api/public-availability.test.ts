import { describe, expect, it } from 'vitest';
import { givenBooking, givenClosure, givenService } from '../fixtures/builders';
import { publicWorld } from '../fixtures/public-helpers';

const url = (q: string) => `/api/public/availability?${q}`;

describe('GET /api/public/availability', () => {
  it("reports the window it searched, defaults filled in from the desk's today", async () => {
    const w = await publicWorld();
    const body = (await (await w.app.request(url(`service=${w.serviceId}&mode=in_person`))).json()) as {
      from: string;
      to: string;
    };
    // 08:00Z on 2026-10-12 is already the 12th in Rome; the default window is 28 days long.
    expect({ from: body.from, to: body.to }).toEqual({ from: '2026-10-12', to: '2026-11-08' });
  });

  it('lists free slots with the local offset on both sides of the October clock change, in one round trip', async () => {
    const w = await publicWorld();
    const res = await w.app.request(url(`service=${w.serviceId}&mode=in_person&from=2026-10-23&to=2026-10-26`));

    expect(res.status).toBe(200);
    expect(w.roundTrips()).toBe(1);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.json()).toEqual({
      timeZone: 'Europe/Rome',
      from: '2026-10-23',
      to: '2026-10-26',
      days: [
        {
          date: '2026-10-23',
          slots: [
            { start: '2026-10-23T09:00:00+02:00', end: '2026-10-23T10:00:00+02:00' },
            { start: '2026-10-23T10:00:00+02:00', end: '2026-10-23T11:00:00+02:00' },
            { start: '2026-10-23T11:00:00+02:00', end: '2026-10-23T12:00:00+02:00' },
          ],
        },
        {
          date: '2026-10-26',
          slots: [
            { start: '2026-10-26T09:00:00+01:00', end: '2026-10-26T10:00:00+01:00' },
            { start: '2026-10-26T10:00:00+01:00', end: '2026-10-26T11:00:00+01:00' },
            { start: '2026-10-26T11:00:00+01:00', end: '2026-10-26T12:00:00+01:00' },
          ],
        },
      ],
    });
  });

  it('leaves out a time held by the only volunteer and a closed day', async () => {
    const w = await publicWorld();
    await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: w.volunteerIds[0]!,
      start: '2026-10-23T10:00:00+02:00',
      status: 'requested',
    });
    await givenClosure(w.db, '2026-10-26');
    const res = await w.app.request(url(`service=${w.serviceId}&mode=in_person&from=2026-10-23&to=2026-10-26`));
    const body = (await res.json()) as { days: { date: string; slots: { start: string }[] }[] };
    expect(body.days.map((d) => d.date)).toEqual(['2026-10-23']);
    expect(body.days[0]!.slots.map((s) => s.start)).toEqual(['2026-10-23T09:00:00+02:00', '2026-10-23T11:00:00+02:00']);
  });

  it('still offers a time one volunteer holds while another is free', async () => {
    const w = await publicWorld({ volunteers: 2 });
    await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: w.volunteerIds[0]!,
      start: '2026-10-23T10:00:00+02:00',
    });
    const res = await w.app.request(url(`service=${w.serviceId}&mode=in_person&from=2026-10-23&to=2026-10-23`));
    const body = (await res.json()) as { days: { slots: { start: string }[] }[] };
    expect(body.days[0]!.slots.map((s) => s.start)).toContain('2026-10-23T10:00:00+02:00');
  });

  it('defaults to four weeks from the desk’s today when from and to are left out', async () => {
    // A desk video server, so the volunteers (who have no link of their own) take remote appointments.
    const w = await publicWorld({ desk: { videoRoomBase: 'https://video.example.org' } });
    const res = await w.app.request(url(`service=${w.serviceId}&mode=remote`));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { days: { date: string }[] };
    const dates = body.days.map((d) => d.date);
    // Today is Monday 12 October (10:00 in Rome): its 11:00 slot is still ahead; day 28 is Sunday 8 November.
    expect(dates[0]).toBe('2026-10-12');
    expect(dates.at(-1)).toBe('2026-11-06');
    expect(dates.every((d) => d >= '2026-10-12' && d <= '2026-11-08')).toBe(true);
  });

  it('accepts a range of exactly 62 days', async () => {
    const w = await publicWorld();
    const res = await w.app.request(url(`service=${w.serviceId}&mode=in_person&from=2026-10-13&to=2026-12-13`));
    expect(res.status).toBe(200);
  });

  it.each([
    ['no service', 'mode=in_person', 'service', 'Campo obbligatorio.'],
    ['an empty service', 'service=&mode=in_person', 'service', 'Campo obbligatorio.'],
    ['no mode', 'service=SVC', 'mode', 'Campo obbligatorio.'],
    ['an unknown mode', 'service=SVC&mode=bike', 'mode', 'Scegli «in presenza» o «da remoto».'],
    ['a malformed from', 'service=SVC&mode=in_person&from=14/10/2026', 'from', 'Usa una data nel formato AAAA-MM-GG.'],
    ['an impossible to', 'service=SVC&mode=in_person&to=2026-02-30', 'to', 'Usa una data nel formato AAAA-MM-GG.'],
    [
      'a year out of range',
      'service=SVC&mode=in_person&from=9999-12-20',
      'from',
      'Usa una data nel formato AAAA-MM-GG.',
    ],
    [
      'to before from',
      'service=SVC&mode=in_person&from=2026-10-20&to=2026-10-19',
      'to',
      'Intervallo di date non valido (massimo 62 giorni).',
    ],
    [
      'a range of 63 days',
      'service=SVC&mode=in_person&from=2026-10-13&to=2026-12-14',
      'to',
      'Intervallo di date non valido (massimo 62 giorni).',
    ],
  ])('refuses %s with 422 and the field', async (_label, query, field, message) => {
    const w = await publicWorld();
    const res = await w.app.request(url(query.replace('SVC', w.serviceId)));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.fields[field]).toBe(message);
    expect(w.roundTrips()).toBe(0);
  });

  it('explains the problem in English when asked', async () => {
    const w = await publicWorld();
    const res = await w.app.request(url(`service=${w.serviceId}&mode=bike`), {
      headers: { 'Accept-Language': 'en-GB,en;q=0.9' },
    });
    expect(await res.json()).toEqual({
      error: {
        code: 'invalid_input',
        message: 'Some details are not valid. Please check the fields shown.',
        fields: { mode: 'Choose "in person" or "remote".' },
      },
    });
  });

  it('refuses an unknown service and an inactive one as invalid_input on the service field', async () => {
    const w = await publicWorld();
    const inactive = await givenService(w.db, { active: false });
    for (const id of ['nope', inactive.id]) {
      const res = await w.app.request(url(`service=${id}&mode=in_person&from=2026-10-23&to=2026-10-23`));
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({
        error: { code: 'invalid_input', fields: { service: 'Servizio sconosciuto.' } },
      });
    }
  });

  it('refuses a mode the service does not offer with service_unavailable', async () => {
    const w = await publicWorld();
    const inPersonOnly = await givenService(w.db, { allowsRemote: false });
    const res = await w.app.request(url(`service=${inPersonOnly.id}&mode=remote&from=2026-10-23&to=2026-10-23`));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: { code: 'service_unavailable', fields: { mode: 'Questo servizio non si può prenotare in questo modo.' } },
    });
  });
});
