import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { insertBooking, type NewBooking } from '../../worker/src/db/repo/bookings';
import { parseTrustProxy } from '../../worker/src/http/client-address';
import { REFERENCE_ALPHABET, cryptoIds } from '../../worker/src/lib/ids';
import { givenBooking, givenClosure, givenService } from '../fixtures/builders';
import { NOW, postRequest, publicWorld, requestBody, type PublicWorld } from '../fixtures/public-helpers';

const HOUR = 3_600_000;

async function rows(w: PublicWorld, sql: string) {
  return (await w.client.execute(sql)).rows;
}
async function bookingCount(w: PublicWorld) {
  return Number((await rows(w, 'select count(*) as n from bookings'))[0]?.n);
}
async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } }).error;
}

/**
 * Wednesday 10:00 taken (the only volunteer's) by another number, and one open booking on Friday for the
 * number requestBody uses: a probe for the taken slot, with and without a busy number.
 */
async function givenTakenSlotAndBusyPhone(w: PublicWorld) {
  const volunteerId = w.volunteerIds[0]!;
  await givenBooking(w.db, {
    serviceId: w.serviceId,
    volunteerId,
    start: '2026-10-14T10:00:00+02:00',
    phone: '+393330000000',
  });
  await givenBooking(w.db, {
    serviceId: w.serviceId,
    volunteerId,
    start: '2026-10-16T10:00:00+02:00',
    phone: '+393471234567',
  });
}

describe('POST /api/public/requests: a request that can be taken', () => {
  it('answers 201 with the reference, times in local ISO and the manage link, in two round trips', async () => {
    const w = await publicWorld();
    const res = await postRequest(
      w.app,
      requestBody(w.serviceId, { phone: '+39 347 123 4567', email: ' maria@example.org ' }),
    );

    expect(res.status).toBe(201);
    expect(w.roundTrips()).toBeLessThanOrEqual(2);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toEqual({
      reference: expect.any(String),
      status: 'requested',
      start: '2026-10-14T10:00:00+02:00',
      end: '2026-10-14T11:00:00+02:00',
      manageUrl: expect.any(String),
    });
    expect(body.reference).toMatch(new RegExp(`^[${REFERENCE_ALPHABET}]{6}$`));
    expect(body.reference).not.toMatch(/[01OI]/);
    const code = body.manageUrl!.replace('https://sportello.test/m/', '');
    expect(body.manageUrl).toBe(`https://sportello.test/m/${code}`);
    // At least 128 bits: 22 base64url characters.
    expect(code).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  });

  it('stores the request with the E.164 number, the consent, the hold and a "created" event', async () => {
    const w = await publicWorld();
    const res = await postRequest(
      w.app,
      requestBody(w.serviceId, { phone: '347 123 4567', note: '  Porto il CV stampato  ' }),
    );
    const { reference } = (await res.json()) as { reference: string };

    const [b] = await rows(w, 'select * from bookings');
    const now = Date.parse(NOW);
    expect(b).toMatchObject({
      reference,
      status: 'requested',
      channel: 'widget',
      mode: 'in_person',
      service_id: w.serviceId,
      volunteer_id: w.volunteerIds[0],
      person_name: 'Maria Rossi',
      phone: '+393471234567',
      email: null,
      note: 'Porto il CV stampato',
      language: 'it',
      start_at: Date.parse('2026-10-14T08:00:00Z'),
      end_at: Date.parse('2026-10-14T09:00:00Z'),
      local_date: '2026-10-14',
      local_time: '10:00',
      consent_at: now,
      consent_version: 'v1',
      accessibility_needs: null,
      accessibility_consent_at: null,
      // 48 h from now would be exactly the start: the hold never outlives the appointment.
      hold_until: Date.parse('2026-10-14T08:00:00Z'),
      created_at: now,
    });
    const events = await rows(w, 'select * from booking_events');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      booking_id: b!.id,
      type: 'created',
      actor_type: 'person',
      from_status: null,
      to_status: 'requested',
      at: now,
    });
  });

  it('holds a later slot for the desk’s hold period', async () => {
    const w = await publicWorld({ desk: { requestHoldHours: 24 } });
    await postRequest(w.app, requestBody(w.serviceId, { start: '2026-10-23T09:00:00+02:00' }));
    const [b] = await rows(w, 'select hold_until from bookings');
    expect(b!.hold_until).toBe(Date.parse(NOW) + 24 * HOUR);
  });

  it('accepts the start written in UTC and answers with the desk’s offset, also after the clocks go back', async () => {
    const w = await publicWorld();
    const res = await postRequest(w.app, requestBody(w.serviceId, { start: '2026-10-26T08:00:00Z' }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ start: '2026-10-26T09:00:00+01:00', end: '2026-10-26T10:00:00+01:00' });
    const [b] = await rows(w, 'select local_date, local_time from bookings');
    expect(b).toMatchObject({ local_date: '2026-10-26', local_time: '09:00' });
  });

  it('stores the booking language from the body and answers errors in it', async () => {
    const w = await publicWorld();
    const ok = await postRequest(w.app, requestBody(w.serviceId, { language: 'en' }));
    expect(ok.status).toBe(201);
    expect((await rows(w, 'select language from bookings'))[0]!.language).toBe('en');
    const bad = await postRequest(w.app, requestBody(w.serviceId, { language: 'en', phone: '02 1234 5678' }));
    expect((await errorOf(bad)).fields?.phone).toBe(
      'This looks like a landline number: a mobile number is needed to receive SMS.',
    );
  });

  it('takes the language from Accept-Language when the body has none', async () => {
    const w = await publicWorld();
    await postRequest(w.app, requestBody(w.serviceId), { 'Accept-Language': 'en-US,en;q=0.8' });
    expect((await rows(w, 'select language from bookings'))[0]!.language).toBe('en');
  });
});

describe('POST /api/public/requests: field validation', () => {
  it('refuses a landline with 422 and the Italian message, storing nothing', async () => {
    const w = await publicWorld();
    const res = await postRequest(w.app, requestBody(w.serviceId, { phone: '+39 06 1234 5678' }));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: {
        code: 'invalid_input',
        message: 'Alcuni dati non vanno bene. Controlla i campi segnati.',
        fields: { phone: 'Questo sembra un numero fisso. Per ricevere gli SMS serve un cellulare.' },
      },
    });
    expect(await bookingCount(w)).toBe(0);
    expect(w.roundTrips()).toBe(0);
  });

  it('refuses a landline in English with Accept-Language: en', async () => {
    const w = await publicWorld();
    const res = await postRequest(w.app, requestBody(w.serviceId, { phone: '02 1234 5678' }), {
      'Accept-Language': 'en',
    });
    expect(res.status).toBe(422);
    expect(await errorOf(res)).toEqual({
      code: 'invalid_input',
      message: 'Some details are not valid. Please check the fields shown.',
      fields: { phone: 'This looks like a landline number: a mobile number is needed to receive SMS.' },
    });
  });

  it('reports every wrong field at once', async () => {
    const w = await publicWorld();
    const res = await postRequest(w.app, {
      service: w.serviceId,
      mode: 'by post',
      start: 'tomorrow at ten',
      name: ' M ',
      phone: 'call me',
      email: 'maria@',
      note: 'x'.repeat(501),
      language: 'de',
      consent: 'yes',
    });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).fields).toEqual({
      mode: 'Scegli «in presenza» o «da remoto».',
      start: "Indica l'orario di inizio in formato ISO 8601.",
      name: 'Scrivi il tuo nome (almeno 2 lettere).',
      phone: 'Il numero di cellulare non sembra corretto. Esempio: 347 123 4567.',
      email: "L'indirizzo e-mail non sembra corretto.",
      note: 'Testo troppo lungo (massimo 500 caratteri).',
      language: 'Questa lingua non è disponibile.',
      consent: "Per prenotare devi accettare l'uso dei tuoi dati.",
    });
  });

  it('says which required fields are missing', async () => {
    const w = await publicWorld();
    const res = await postRequest(w.app, {});
    expect(res.status).toBe(422);
    expect((await errorOf(res)).fields).toEqual({
      service: 'Campo obbligatorio.',
      mode: 'Campo obbligatorio.',
      start: 'Campo obbligatorio.',
      name: 'Campo obbligatorio.',
      phone: 'Campo obbligatorio.',
      consent: "Per prenotare devi accettare l'uso dei tuoi dati.",
    });
  });

  it.each([
    ['missing', undefined],
    ['false', false],
    ['the string "true"', 'true'],
    ['1', 1],
  ])('refuses consent that is %s', async (_label, consent) => {
    const w = await publicWorld();
    const res = await postRequest(w.app, requestBody(w.serviceId, { consent }));
    expect(res.status).toBe(422);
    expect((await errorOf(res)).fields).toEqual({ consent: "Per prenotare devi accettare l'uso dei tuoi dati." });
    expect(await bookingCount(w)).toBe(0);
  });

  it('refuses a name longer than 100 characters and a start without an offset', async () => {
    const w = await publicWorld();
    const res = await postRequest(
      w.app,
      requestBody(w.serviceId, { name: 'A'.repeat(101), start: '2026-10-14T10:00:00' }),
    );
    expect((await errorOf(res)).fields).toEqual({
      name: 'Testo troppo lungo (massimo 100 caratteri).',
      start: "Indica l'orario di inizio in formato ISO 8601.",
    });
  });

  it('treats blank optional fields as not given', async () => {
    const w = await publicWorld();
    const res = await postRequest(
      w.app,
      requestBody(w.serviceId, { email: '', note: '   ', accessibilityNeeds: null }),
    );
    expect(res.status).toBe(201);
    expect((await rows(w, 'select email, note, accessibility_needs from bookings'))[0]).toMatchObject({
      email: null,
      note: null,
      accessibility_needs: null,
    });
  });
});

describe('POST /api/public/requests: accessibility needs (special-category data)', () => {
  it('refuses needs without their own consent and stores nothing', async () => {
    const w = await publicWorld();
    for (const accessibilityConsent of [undefined, false]) {
      const res = await postRequest(
        w.app,
        requestBody(w.serviceId, { accessibilityNeeds: 'Uso la sedia a rotelle', accessibilityConsent }),
      );
      expect(res.status).toBe(422);
      expect((await errorOf(res)).fields).toEqual({
        accessibilityConsent: 'Per scrivere le tue esigenze di accessibilità ci serve il tuo permesso.',
      });
    }
    expect(await bookingCount(w)).toBe(0);
  });

  it('stores needs given with consent, with the consent time', async () => {
    const w = await publicWorld();
    const res = await postRequest(
      w.app,
      requestBody(w.serviceId, { accessibilityNeeds: ' Uso la sedia a rotelle ', accessibilityConsent: true }),
    );
    expect(res.status).toBe(201);
    expect((await rows(w, 'select accessibility_needs, accessibility_consent_at from bookings'))[0]).toMatchObject({
      accessibility_needs: 'Uso la sedia a rotelle',
      accessibility_consent_at: Date.parse(NOW),
    });
  });

  it('records no consent when there are no needs to keep', async () => {
    const w = await publicWorld();
    await postRequest(w.app, requestBody(w.serviceId, { accessibilityConsent: true }));
    expect((await rows(w, 'select accessibility_needs, accessibility_consent_at from bookings'))[0]).toMatchObject({
      accessibility_needs: null,
      accessibility_consent_at: null,
    });
  });

  it('refuses needs longer than 500 characters', async () => {
    const w = await publicWorld();
    const res = await postRequest(
      w.app,
      requestBody(w.serviceId, { accessibilityNeeds: 'x'.repeat(501), accessibilityConsent: true }),
    );
    expect((await errorOf(res)).fields).toEqual({ accessibilityNeeds: 'Testo troppo lungo (massimo 500 caratteri).' });
  });
});

describe('POST /api/public/requests: what is not a form', () => {
  it('answers a filled honeypot like a real success, storing nothing and texting no one', async () => {
    const w = await publicWorld();
    const trapped = await postRequest(w.app, requestBody(w.serviceId, { website: 'http://spam.example' }));
    const real = await postRequest(w.app, requestBody(w.serviceId, { phone: '333 765 4321' }));
    expect(trapped.status).toBe(201);
    const [fake, made] = [
      (await trapped.json()) as Record<string, string>,
      (await real.json()) as Record<string, string>,
    ];
    expect(Object.keys(fake).sort()).toEqual(Object.keys(made).sort());
    expect(fake).toMatchObject({ status: 'requested', start: made.start, end: made.end });
    expect(fake.reference).toMatch(new RegExp(`^[${REFERENCE_ALPHABET}]{6}$`));
    expect(fake.manageUrl).toMatch(/^https:\/\/sportello\.test\/m\/[A-Za-z0-9_-]{22,}$/);
    // Only the real request is stored; the fake link opens nothing.
    expect(await bookingCount(w)).toBe(1);
    expect(Number((await rows(w, 'select count(*) as n from messages'))[0]!.n)).toBe(0);
    expect((await w.app.request(new URL(fake.manageUrl!).pathname)).status).toBe(404);
  });

  it('refuses an invalid form with a filled honeypot exactly as without it', async () => {
    const w = await publicWorld();
    const bad = { phone: '06 1234 5678', name: 'x', language: 'en' };
    const trapped = await postRequest(w.app, requestBody(w.serviceId, { ...bad, website: 'x' }));
    const plain = await postRequest(w.app, requestBody(w.serviceId, bad));
    expect(trapped.status).toBe(422);
    expect(await trapped.json()).toEqual(await plain.json());
    expect(await bookingCount(w)).toBe(0);
  });

  it('refuses bidi controls and lone surrogates in names and notes with 422 and the fields', async () => {
    const w = await publicWorld();
    const res = await postRequest(
      w.app,
      requestBody(w.serviceId, { name: 'Maria \u202Eissor', note: 'a \uDC00 b', language: 'en' }),
    );
    expect(res.status).toBe(422);
    expect(await errorOf(res)).toMatchObject({
      code: 'invalid_input',
      fields: {
        name: 'Contains characters that are not allowed. Please type it again rather than pasting it.',
        note: 'Contains characters that are not allowed. Please type it again rather than pasting it.',
      },
    });
    // Emoji (a well-formed surrogate pair) and right-to-left scripts are text like any other.
    expect((await postRequest(w.app, requestBody(w.serviceId, { name: 'محمد 👩🏽' }))).status).toBe(201);
    expect(await bookingCount(w)).toBe(1);
  });

  it('refuses bytes that are not UTF-8 with 422 and the field, rather than storing U+FFFD', async () => {
    const w = await publicWorld();
    const json = JSON.stringify(requestBody(w.serviceId, { name: 'Anna @@@ Rossi', language: 'en' }));
    const [before, after] = json.split('@@@') as [string, string];
    const enc = new TextEncoder();
    // A surrogate written as UTF-8 bytes (CESU-8), then a stray continuation byte: neither is UTF-8.
    for (const bad of [[0xed, 0xa0, 0x80], [0x80]]) {
      const body = new Uint8Array([...enc.encode(before), ...bad, ...enc.encode(after)]);
      const res = await postRequest(w.app, body);
      expect(res.status).toBe(422);
      expect(await errorOf(res)).toMatchObject({
        code: 'invalid_input',
        fields: { name: 'Contains characters that are not allowed. Please type it again rather than pasting it.' },
      });
    }
    expect(await bookingCount(w)).toBe(0);
    // The same text as well-formed UTF-8 books.
    expect((await postRequest(w.app, json.replace('@@@', 'è'))).status).toBe(201);
  });

  it('ignores an empty honeypot', async () => {
    const w = await publicWorld();
    const res = await postRequest(w.app, requestBody(w.serviceId, { website: '' }));
    expect(res.status).toBe(201);
  });

  it('answers 400 invalid_json to a body that is not JSON', async () => {
    const w = await publicWorld();
    const res = await postRequest(w.app, '{"service": "x",');
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: 'invalid_json',
      message: 'La richiesta non è in un formato valido (JSON).',
    });
  });

  it('answers 422 to JSON that is not an object', async () => {
    const w = await publicWorld();
    for (const body of ['[1,2]', '"hello"', 'null', '42']) {
      const res = await postRequest(w.app, body);
      expect(res.status).toBe(422);
      expect((await errorOf(res)).code).toBe('invalid_input');
    }
  });

  it('answers 415 to a form post or a missing content type', async () => {
    const w = await publicWorld();
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain', '']) {
      const res = await w.app.request('/api/public/requests', {
        method: 'POST',
        headers: contentType ? { 'Content-Type': contentType } : {},
        body: JSON.stringify(requestBody(w.serviceId)),
      });
      expect(res.status, contentType).toBe(415);
      expect((await errorOf(res)).code).toBe('unsupported_media_type');
    }
    expect(await bookingCount(w)).toBe(0);
  });

  it('accepts JSON with a charset', async () => {
    const w = await publicWorld();
    const res = await postRequest(w.app, requestBody(w.serviceId), {
      'Content-Type': 'application/json; charset=utf-8',
    });
    expect(res.status).toBe(201);
  });

  it('answers 413 to a body over 16 KB, with or without Content-Length', async () => {
    const w = await publicWorld();
    const big = JSON.stringify(requestBody(w.serviceId, { note: 'x'.repeat(17 * 1024) }));
    const withLength = await postRequest(w.app, big, { 'Content-Length': String(big.length) });
    expect(withLength.status).toBe(413);
    expect((await errorOf(withLength)).code).toBe('payload_too_large');
    const streamed = await w.app.request('/api/public/requests', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await bookingCount(w)).toBe(0);
  });
});

describe('POST /api/public/requests: slots and volunteers', () => {
  it('gives a slot to as many people as there are free volunteers, then answers 409 slot_unavailable', async () => {
    const w = await publicWorld({ volunteers: 2 });
    const phones = ['347 111 1111', '347 222 2222', '347 333 3333'];
    const statuses: number[] = [];
    for (const phone of phones) statuses.push((await postRequest(w.app, requestBody(w.serviceId, { phone }))).status);
    expect(statuses).toEqual([201, 201, 409]);
    const third = await postRequest(w.app, requestBody(w.serviceId, { phone: '347 444 4444' }));
    expect(await errorOf(third)).toEqual({
      code: 'slot_unavailable',
      message: 'Questo orario non è più libero. Scegline un altro.',
    });
    const held = await rows(w, 'select volunteer_id from bookings order by volunteer_id');
    expect(held.map((r) => r.volunteer_id)).toEqual([...w.volunteerIds].sort());
  });

  it('never double-books when requests for one slot arrive together', async () => {
    const w = await publicWorld({ volunteers: 2 });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        postRequest(w.app, requestBody(w.serviceId, { phone: `347 000 00${String(i).padStart(2, '0')}` }), {
          'cf-connecting-ip': `198.51.100.${i}`,
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 409, 409, 409, 409, 409, 409]);
    expect(new Set((await rows(w, 'select volunteer_id from bookings')).map((r) => r.volunteer_id)).size).toBe(2);
  });

  it('gives the request to the volunteer with fewer bookings that day', async () => {
    for (const busyIndex of [0, 1]) {
      const w = await publicWorld({ volunteers: 2 });
      const busy = w.volunteerIds[busyIndex]!;
      const free = w.volunteerIds[1 - busyIndex]!;
      await givenBooking(w.db, {
        serviceId: w.serviceId,
        volunteerId: busy,
        start: '2026-10-14T09:00:00+02:00',
        phone: '+393479999999',
      });
      const res = await postRequest(w.app, requestBody(w.serviceId, { start: '2026-10-14T11:00:00+02:00' }));
      expect(res.status).toBe(201);
      const [b] = await rows(w, "select volunteer_id from bookings where phone = '+393471234567'");
      expect(b!.volunteer_id).toBe(free);
    }
  });

  it.each([
    ['off the grid', '2026-10-14T10:30:00+02:00'],
    ['outside the shift', '2026-10-14T14:00:00+02:00'],
    ['in the past', '2026-10-09T10:00:00+02:00'],
    ['past the horizon', '2027-03-03T10:00:00+01:00'],
    ['on a day the desk is closed', '2026-10-16T10:00:00+02:00'],
    ['years away', '2099-10-14T10:00:00+02:00'],
  ])('answers 409 slot_unavailable to a start %s', async (_label, start) => {
    const w = await publicWorld();
    await givenClosure(w.db, '2026-10-16');
    const res = await postRequest(w.app, requestBody(w.serviceId, { start }));
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('slot_unavailable');
    expect(await bookingCount(w)).toBe(0);
  });

  it('respects the minimum notice', async () => {
    const w = await publicWorld({ desk: { minNoticeMinutes: 24 * 60 } });
    const tooSoon = await postRequest(w.app, requestBody(w.serviceId, { start: '2026-10-12T11:00:00+02:00' }));
    expect(tooSoon.status).toBe(409);
    const fine = await postRequest(w.app, requestBody(w.serviceId, { start: '2026-10-14T11:00:00+02:00' }));
    expect(fine.status).toBe(201);
  });

  it('refuses an unknown or inactive service and a mode the service does not offer', async () => {
    const w = await publicWorld();
    const inactive = await givenService(w.db, { active: false });
    const inPersonOnly = await givenService(w.db, { allowsRemote: false, durationMinutes: 60 });
    for (const service of ['nope', inactive.id]) {
      const res = await postRequest(w.app, requestBody(service));
      expect(res.status).toBe(422);
      expect(await errorOf(res)).toMatchObject({ code: 'invalid_input', fields: { service: 'Servizio sconosciuto.' } });
    }
    const res = await postRequest(w.app, requestBody(inPersonOnly.id, { mode: 'remote' }));
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe('service_unavailable');
    expect(await bookingCount(w)).toBe(0);
  });

  it('retries once with a new reference when the first one is already taken', async () => {
    const w = await publicWorld({ volunteers: 2 });
    const first = await postRequest(w.app, requestBody(w.serviceId, { phone: '347 111 1111' }));
    const { reference: taken } = (await first.json()) as { reference: string };
    const refs = [taken, 'ZZZ999'];
    const ids = { ...cryptoIds(), reference: () => refs.shift() ?? 'YYY888' };
    const app = createApp({ ...w.deps, ids });
    const res = await postRequest(app, requestBody(w.serviceId, { phone: '347 222 2222' }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { reference: string }).reference).toBe('ZZZ999');
    expect(await bookingCount(w)).toBe(2);
    expect(Number((await rows(w, 'select count(*) as n from booking_events'))[0]!.n)).toBe(2);
  });
});

describe('POST /api/public/requests: abuse limits', () => {
  it('refuses a third open request from the same mobile with 409 too_many_open_requests', async () => {
    const w = await publicWorld({ desk: { maxOpenRequestsPerPhone: 2 } });
    // The same number written three ways is the same phone.
    const a = await postRequest(
      w.app,
      requestBody(w.serviceId, { phone: '347 123 4567', start: '2026-10-14T09:00:00+02:00' }),
    );
    const b = await postRequest(
      w.app,
      requestBody(w.serviceId, { phone: '+393471234567', start: '2026-10-14T10:00:00+02:00' }),
    );
    const c = await postRequest(
      w.app,
      requestBody(w.serviceId, { phone: '0039 347 123 4567', start: '2026-10-14T11:00:00+02:00' }),
    );
    expect([a.status, b.status, c.status]).toEqual([201, 201, 409]);
    expect(await errorOf(c)).toEqual({
      code: 'too_many_open_requests',
      message:
        "Questo numero ha già troppi appuntamenti aperti. Per cambiarli, usa il link nell'SMS. Oppure chiama lo sportello.",
    });
    const other = await postRequest(
      w.app,
      requestBody(w.serviceId, { phone: '333 765 4321', start: '2026-10-14T11:00:00+02:00' }),
    );
    expect(other.status).toBe(201);
  });

  it('does not count past or closed bookings against the phone', async () => {
    const w = await publicWorld({ desk: { maxOpenRequestsPerPhone: 1 } });
    await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: w.volunteerIds[0]!,
      start: '2026-10-05T09:00:00+02:00',
    });
    await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: w.volunteerIds[0]!,
      start: '2026-10-23T09:00:00+02:00',
      status: 'cancelled',
    });
    const res = await postRequest(w.app, requestBody(w.serviceId));
    expect(res.status).toBe(201);
  });

  it('limits requests per client IP per hour with 429 and Retry-After, without storing the IP', async () => {
    const w = await publicWorld({ desk: { requestsPerIpPerHour: 2 } });
    const starts = ['09:00', '10:00', '11:00'].map((t) => `2026-10-14T${t}:00+02:00`);
    const phones = ['347 111 1111', '347 222 2222', '347 333 3333'];
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await postRequest(w.app, requestBody(w.serviceId, { start: starts[i], phone: phones[i] }), {
        'cf-connecting-ip': '192.0.2.44',
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 429]);
    expect(await errorOf(last!)).toMatchObject({ code: 'rate_limited' });
    // 10:00 in Rome: the window ends at 11:00.
    expect(last!.headers.get('retry-after')).toBe('3600');
    expect(await bookingCount(w)).toBe(2);

    // One hourly counter, and one row per open request it holds; every key is hashed.
    const keys = (await rows(w, 'select key from rate_limits')).map((r) => String(r.key));
    const counters = keys.filter((k) => k.startsWith('ip:'));
    expect(counters).toHaveLength(1);
    expect(counters[0]).toMatch(/^ip:[0-9a-f]{64}$/);
    expect(keys.filter((k) => k.startsWith('hold:'))).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatch(/^(ip:[0-9a-f]{64}|hold:[0-9a-f]{64}:[\w-]+)$/);
      expect(key).not.toContain('192.0.2.44');
    }

    // Another client is not affected, and the next hour starts afresh.
    const other = await postRequest(w.app, requestBody(w.serviceId, { start: starts[2], phone: phones[2] }), {
      'cf-connecting-ip': '192.0.2.45',
    });
    expect(other.status).toBe(201);
    w.clock.advance(HOUR);
    const later = await postRequest(
      w.app,
      requestBody(w.serviceId, { start: '2026-10-16T09:00:00+02:00', phone: '347 555 5555' }),
      {
        'cf-connecting-ip': '192.0.2.44',
      },
    );
    expect(later.status).toBe(201);
  });

  it('does not believe X-Forwarded-For: on Workers the client is CF-Connecting-IP alone', async () => {
    const w = await publicWorld({ desk: { requestsPerIpPerHour: 1 } });
    const send = (xff: string, start: string, phone: string) =>
      postRequest(w.app, requestBody(w.serviceId, { start, phone }), { 'X-Forwarded-For': xff });
    expect((await send('192.0.2.1', '2026-10-14T09:00:00+02:00', '347 111 1111')).status).toBe(201);
    // A new forwarded address every time does not make a new client.
    expect((await send('192.0.2.2', '2026-10-14T10:00:00+02:00', '347 222 2222')).status).toBe(429);
  });
});

describe('POST /api/public/requests: open requests per client address', () => {
  const SLOTS = ['14T09', '14T10', '14T11', '16T09', '16T10', '16T11'].map((s) => `2026-10-${s}:00:00+02:00`);
  const phoneOf = (i: number) => `347 100 00${String(i).padStart(2, '0')}`;

  function sendFrom(w: PublicWorld, ip: string, i: number, start = SLOTS[i]!) {
    return postRequest(w.app, requestBody(w.serviceId, { start, phone: phoneOf(i) }), { 'cf-connecting-ip': ip });
  }

  it('holds at most 3 open requests for one address and says so plainly with 429; another address is unaffected', async () => {
    const w = await publicWorld();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await sendFrom(w, '192.0.2.44', i);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    expect(await errorOf(last!)).toEqual({
      code: 'rate_limited',
      message:
        'Da questa connessione ci sono già troppe richieste in attesa. Aspetta la risposta dello sportello. Oppure chiamalo.',
    });
    expect(await bookingCount(w)).toBe(3);
    expect((await sendFrom(w, '192.0.2.45', 3)).status).toBe(201);
  });

  it('counts an IPv6 client by its /64, whatever the host part', async () => {
    const w = await publicWorld();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await sendFrom(w, `2001:db8:7:42:${(i * 7919).toString(16)}:ab:${i}:1`, i)).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    expect(await bookingCount(w)).toBe(3);
    expect((await sendFrom(w, '2001:db8:7:43::1', 3)).status).toBe(201);
  });

  it('holds the limit when the requests arrive together (the insert checks it)', async () => {
    const w = await publicWorld();
    const results = await Promise.all(SLOTS.map((_, i) => sendFrom(w, '198.51.100.9', i)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    expect(await bookingCount(w)).toBe(3);
  });

  it('frees a place once a request is answered or lapses, and is configurable', async () => {
    const base = await publicWorld();
    const w = await publicWorld({ deps: { config: { ...base.deps.config, maxOpenRequestsPerAddress: 1 } } });
    expect((await sendFrom(w, '192.0.2.44', 0)).status).toBe(201);
    expect((await sendFrom(w, '192.0.2.44', 1)).status).toBe(429);
    // Confirmed by the desk: no longer a hold.
    await w.client.execute("update bookings set status = 'confirmed', confirmed_at = created_at");
    expect((await sendFrom(w, '192.0.2.44', 1)).status).toBe(201);
    // Past its hold (the expiry job has not run yet): no longer counted either.
    const [held] = await rows(w, "select hold_until from bookings where status = 'requested'");
    w.clock.set(new Date(Number(held!.hold_until)).toISOString());
    expect((await sendFrom(w, '192.0.2.44', 5, '2026-10-19T09:00:00+02:00')).status).toBe(201);
  });

  it('leaves staff bookings out of the count', async () => {
    const w = await publicWorld();
    for (let i = 0; i < 3; i++) {
      await givenBooking(w.db, {
        serviceId: w.serviceId,
        volunteerId: w.volunteerIds[0]!,
        start: SLOTS[i + 3]!,
        phone: `+3933300000${i}`,
      });
    }
    for (let i = 0; i < 3; i++) expect((await sendFrom(w, '192.0.2.44', i)).status).toBe(201);
  });
});

describe('POST /api/public/requests: no phone oracle', () => {
  it('answers a probe for a taken slot alike whether the number has open requests or not, writing nothing', async () => {
    const w = await publicWorld({ desk: { maxOpenRequestsPerPhone: 1 } });
    await givenTakenSlotAndBusyPhone(w);
    const before = await rows(w, 'select * from bookings order by id');

    const probe = (phone: string) => postRequest(w.app, requestBody(w.serviceId, { phone }));
    const busy = await probe('347 123 4567');
    const fresh = await probe('333 765 4321');
    expect([busy.status, fresh.status]).toEqual([409, 409]);
    expect(await busy.json()).toEqual(await fresh.json());
    expect(await rows(w, 'select * from bookings order by id')).toEqual(before);
    expect(Number((await rows(w, 'select count(*) as n from booking_events'))[0]!.n)).toBe(0);

    // Only a request that would otherwise succeed learns about the number's other bookings.
    const free = await postRequest(w.app, requestBody(w.serviceId, { start: '2026-10-14T11:00:00+02:00' }));
    expect((await errorOf(free)).code).toBe('too_many_open_requests');
  });
});

describe('POST /api/public/requests: Turnstile', () => {
  function verifier(answer: () => Promise<Response>) {
    const calls: { url: string; form: URLSearchParams }[] = [];
    const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), form: new URLSearchParams(String(init?.body ?? '')) });
      return answer();
    }) as typeof fetch;
    return { calls, fetchFn };
  }
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const config = { turnstileSecret: 'ts-secret', turnstileVerifyUrl: 'https://verify.test/siteverify' };

  async function worldWith(answer: () => Promise<Response>) {
    const v = verifier(answer);
    const base = await publicWorld();
    const w = await publicWorld({ deps: { fetch: v.fetchFn, config: { ...base.deps.config, ...config } } });
    return { w, calls: v.calls };
  }

  it('accepts a token the verifier confirms, sending secret, token and client IP', async () => {
    const { w, calls } = await worldWith(async () => json({ success: true }));
    const res = await postRequest(w.app, requestBody(w.serviceId, { turnstileToken: 'tok-123' }));
    expect(res.status).toBe(201);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://verify.test/siteverify');
    expect(Object.fromEntries(calls[0]!.form)).toEqual({
      secret: 'ts-secret',
      response: 'tok-123',
      remoteip: '203.0.113.7',
    });
  });

  it('refuses a token the verifier rejects with 403 captcha_failed, before touching the database', async () => {
    const { w } = await worldWith(async () => json({ success: false, 'error-codes': ['invalid-input-response'] }));
    const res = await postRequest(w.app, requestBody(w.serviceId, { turnstileToken: 'forged' }));
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('captcha_failed');
    expect(w.roundTrips()).toBe(0);
    expect(await bookingCount(w)).toBe(0);
  });

  it('refuses a request without a token without asking the verifier', async () => {
    const { w, calls } = await worldWith(async () => json({ success: true }));
    const res = await postRequest(w.app, requestBody(w.serviceId));
    expect(res.status).toBe(403);
    expect(calls).toHaveLength(0);
  });

  it('answers 403, not 5xx, when the verifier is down or answers nonsense', async () => {
    for (const answer of [
      async () => {
        throw new TypeError('fetch failed');
      },
      async () => new Response('<html>bad gateway</html>', { status: 502 }),
      async () => new Response('not json', { status: 200 }),
    ]) {
      const { w } = await worldWith(answer);
      const res = await postRequest(w.app, requestBody(w.serviceId, { turnstileToken: 'tok' }));
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('captcha_failed');
    }
  });

  it('does not spend the token on a form that has to be fixed', async () => {
    const { w, calls } = await worldWith(async () => json({ success: true }));
    const res = await postRequest(w.app, requestBody(w.serviceId, { turnstileToken: 'tok', phone: '06 1234 5678' }));
    expect(res.status).toBe(422);
    expect(calls).toHaveLength(0);
  });
});

describe('insertBooking (the one statement that picks the volunteer)', () => {
  async function newRequest(w: PublicWorld, overrides: Partial<NewBooking> = {}): Promise<NewBooking> {
    const now = Date.parse(NOW);
    const startAt = Date.parse('2026-10-14T10:00:00+02:00');
    return {
      id: `req-${Math.random().toString(36).slice(2)}`,
      reference: `R${Math.random().toString(36).slice(2, 7).toUpperCase()}`,
      manageCode: `code-${Math.random().toString(36).slice(2)}`,
      serviceId: w.serviceId,
      mode: 'in_person',
      startAt,
      endAt: startAt + HOUR,
      localDate: '2026-10-14',
      localTime: '10:00',
      status: 'requested',
      channel: 'widget',
      language: 'it',
      personName: 'Maria Rossi',
      phone: '+393471234567',
      email: null,
      note: null,
      accessibilityNeeds: null,
      accessibilityConsentAt: null,
      consentAt: now,
      consentVersion: 'v1',
      holdUntil: startAt,
      confirmedAt: null,
      requestKey: null,
      createdBy: null,
      now,
      ...overrides,
    };
  }

  it('skips a candidate whose time is taken and gives the request to the next one', async () => {
    const w = await publicWorld({ volunteers: 2 });
    const [a, b] = w.volunteerIds as [string, string];
    await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: a,
      start: '2026-10-14T09:30:00+02:00',
      phone: '+393330000000',
    });
    expect(await insertBooking(w.db, await newRequest(w), [a, b], { maxOpenPerPhone: 5 })).toEqual({
      ok: true,
      volunteerId: b,
    });
    expect(
      await insertBooking(w.db, await newRequest(w, { phone: '+393331111111' }), [a, b], { maxOpenPerPhone: 5 }),
    ).toEqual({
      ok: false,
      reason: 'slot_taken',
    });
    expect(await bookingCount(w)).toBe(2);
    expect(Number((await rows(w, 'select count(*) as n from booking_events'))[0]!.n)).toBe(1);
  });

  it('says phone_limit when the phone already has its open bookings, and writes nothing', async () => {
    const w = await publicWorld({ volunteers: 1 });
    await givenBooking(w.db, {
      serviceId: w.serviceId,
      volunteerId: w.volunteerIds[0]!,
      start: '2026-10-16T09:00:00+02:00',
    });
    expect(await insertBooking(w.db, await newRequest(w), w.volunteerIds, { maxOpenPerPhone: 1 })).toEqual({
      ok: false,
      reason: 'phone_limit',
    });
    expect(await bookingCount(w)).toBe(1);
    expect(Number((await rows(w, 'select count(*) as n from booking_events'))[0]!.n)).toBe(0);
  });

  it('says slot_taken, not phone_limit, when the slot is taken anyway (no oracle in a lost race)', async () => {
    const w = await publicWorld({ volunteers: 1 });
    await givenTakenSlotAndBusyPhone(w);
    expect(await insertBooking(w.db, await newRequest(w), w.volunteerIds, { maxOpenPerPhone: 1 })).toEqual({
      ok: false,
      reason: 'slot_taken',
    });
  });

  it('says client_limit when the client holds its open requests, and remembers each new one', async () => {
    const w = await publicWorld({ volunteers: 2 });
    const perClient = { key: 'a'.repeat(64), maxOpen: 1 };
    expect(await insertBooking(w.db, await newRequest(w), w.volunteerIds, { perClient })).toMatchObject({ ok: true });
    const second = await newRequest(w, { phone: '+393332222222' });
    expect(await insertBooking(w.db, second, w.volunteerIds, { perClient })).toEqual({
      ok: false,
      reason: 'client_limit',
    });
    expect(
      await insertBooking(w.db, second, w.volunteerIds, { perClient: { ...perClient, key: 'b'.repeat(64) } }),
    ).toEqual({
      ok: true,
      volunteerId: expect.any(String),
    });
    expect((await rows(w, 'select key from rate_limits order by key')).map((r) => String(r.key).slice(0, 7))).toEqual([
      'hold:aa',
      'hold:bb',
    ]);
  });

  it('reports a clashing reference as duplicate_key so the caller can retry', async () => {
    const w = await publicWorld({ volunteers: 2 });
    const first = await newRequest(w);
    await insertBooking(w.db, first, w.volunteerIds, { maxOpenPerPhone: 5 });
    const clash = await newRequest(w, { reference: first.reference, phone: '+393332222222' });
    expect(await insertBooking(w.db, clash, w.volunteerIds, { maxOpenPerPhone: 5 })).toEqual({
      ok: false,
      reason: 'duplicate_key',
    });
  });
});

describe('POST /api/public/requests: the client address on Node', () => {
  it('on Node, reads the client IP from X-Forwarded-For only behind a proxy named in TRUST_PROXY', async () => {
    const base = await publicWorld();
    const config = { ...base.deps.config, runtime: 'local' as const, trustProxy: parseTrustProxy('loopback') };
    const w = await publicWorld({ desk: { requestsPerIpPerHour: 1 }, deps: { config } });
    // What @hono/node-server passes as the env of a request: the socket's peer.
    const send = (peer: string, xff: string, start: string, phone: string) =>
      w.app.request(
        '/api/public/requests',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': xff },
          body: JSON.stringify(requestBody(w.serviceId, { start, phone })),
        },
        { incoming: { socket: { remoteAddress: peer } } },
      );
    // Through the local proxy, the address it saw counts.
    expect((await send('127.0.0.1', '192.0.2.1', '2026-10-14T09:00:00+02:00', '347 111 1111')).status).toBe(201);
    expect(
      (await send('127.0.0.1', '198.51.100.1, 192.0.2.1', '2026-10-14T10:00:00+02:00', '347 222 2222')).status,
    ).toBe(429);
    expect((await send('127.0.0.1', '192.0.2.2', '2026-10-14T10:00:00+02:00', '347 222 2222')).status).toBe(201);
    // A client that is not the proxy cannot pick its key by writing the header.
    expect((await send('203.0.113.5', '192.0.2.3', '2026-10-14T11:00:00+02:00', '347 333 3333')).status).toBe(201);
    expect((await send('203.0.113.5', '192.0.2.4', '2026-10-16T09:00:00+02:00', '347 444 4444')).status).toBe(429);
  });
});
