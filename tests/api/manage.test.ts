import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import type { Db } from '../../worker/src/db/client';
import { bookingEvents, bookings, deskSettings } from '../../worker/src/db/schema';
import { createTestDb, type TestDb } from '../fixtures/db';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { fixedClock, testDeps } from '../fixtures/deps';

const NOW = '2026-10-12T08:00:00Z';
const H = 3_600_000;

let t: TestDb;
let db: Db;
let clock: ReturnType<typeof fixedClock>;
let app: ReturnType<typeof createApp>;
let serviceId: string;
let volunteerId: string;

beforeEach(async () => {
  t = await createTestDb();
  db = t.db;
  clock = fixedClock(NOW);
  app = createApp(testDeps(db, { clock }));
  await givenDesk(db);
  serviceId = (await givenService(db)).id;
  volunteerId = (await givenVolunteer(db)).id;
});

function booking(
  start: string | number,
  extra: Parameters<typeof givenBooking>[1] extends infer B ? Partial<B> : never = {},
) {
  return givenBooking(db, { serviceId, volunteerId, start, ...extra });
}

/** Presses an action button; a cancel carries the answer of the "are you sure?" step unless `ask` is set. */
function post(code: string, action: 'cancel' | 'confirm', form = '', ask = false) {
  const body = action === 'cancel' && !ask ? [form, 'confirm=yes'].filter(Boolean).join('&') : form;
  return app.request(`/m/${code}/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
}

async function row(id: string) {
  const [r] = await db.select().from(bookings).where(eq(bookings.id, id));
  return r!;
}

const events = (id: string) => db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, id));

/** The text of the role="status" region. */
function statusText(html: string): string {
  const inner = /<div role="status"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  return inner
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .trim();
}

describe('GET /m/:code', () => {
  it('shows the appointment in Italian, in Rome summer time, with both actions', async () => {
    const b = await booking('2026-10-14T08:30:00Z');
    const res = await app.request(`/m/${b.manageCode}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    const html = await res.text();
    expect(html).toContain('<html lang="it" dir="ltr">');
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain(`<title>Il tuo appuntamento – Sportello Lavoro</title>`);
    expect(html).toContain(b.reference);
    expect(html).toContain('Revisione CV');
    expect(html).toContain('mercoledì 14 ottobre 2026, ore 10:30');
    expect(html).toContain('Orari di <bdi>Roma</bdi> (<bdi dir="ltr">Europe/Rome</bdi>).');
    expect(html).toContain('Via Bertoni 4, Roma');
    expect(html).toContain('<dd>Confermato');
    expect(html).toContain(`action="/m/${b.manageCode}/confirm"`);
    expect(html).toContain(`action="/m/${b.manageCode}/cancel"`);
    expect(html).toMatch(/<button type="submit">Confermo che verrò<\/button>/);
    expect(html).toContain('href="tel:+390612345678"');
    expect(html).toContain(`href="/m/${b.manageCode}?lang=en"`);
    expect(statusText(html)).toBe('');
  });

  it('shows a winter appointment in Rome standard time', async () => {
    const b = await booking('2026-11-10T09:00:00Z');
    const html = await (await app.request(`/m/${b.manageCode}`)).text();
    expect(html).toContain('martedì 10 novembre 2026, ore 10:00');
  });

  it('speaks English with ?lang=en', async () => {
    const b = await booking('2026-10-14T08:30:00Z');
    const html = await (await app.request(`/m/${b.manageCode}?lang=en`)).text();
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('Wednesday 14 October 2026, 10:30');
    expect(html).toContain('CV review');
    expect(html).toContain('I confirm I will come');
    expect(html).toContain(`href="/m/${b.manageCode}?lang=it"`);
  });

  it("uses the booking's language unless ?lang= says otherwise, before Accept-Language", async () => {
    const b = await booking('2026-10-14T08:30:00Z', { language: 'en' });
    const en = await (await app.request(`/m/${b.manageCode}`, { headers: { 'Accept-Language': 'it-IT' } })).text();
    expect(en).toContain('Wednesday 14 October 2026, 10:30');
    const it = await (await app.request(`/m/${b.manageCode}?lang=it`)).text();
    expect(it).toContain('mercoledì 14 ottobre 2026, ore 10:30');
  });

  it('says "Videochiamata" for a remote appointment instead of the address', async () => {
    const b = await booking('2026-10-14T08:30:00Z', { mode: 'remote' });
    const html = await (await app.request(`/m/${b.manageCode}`)).text();
    expect(html).toContain('Videochiamata');
    expect(html).not.toContain('Via Bertoni 4');
  });

  it('offers only cancel for a request, and nothing for a past or cancelled appointment', async () => {
    const req = await booking('2026-10-14T08:30:00Z', { status: 'requested' });
    const reqHtml = await (await app.request(`/m/${req.manageCode}`)).text();
    expect(reqHtml).toContain('Richiesta in attesa di conferma');
    expect(reqHtml).not.toContain('/confirm"');
    expect(reqHtml).toContain('/cancel"');

    const past = await booking('2026-10-10T08:30:00Z');
    const pastHtml = await (await app.request(`/m/${past.manageCode}`)).text();
    expect(pastHtml).not.toContain('<form');

    const gone = await booking('2026-10-15T08:30:00Z', { status: 'cancelled' });
    const goneHtml = await (await app.request(`/m/${gone.manageCode}`)).text();
    expect(goneHtml).toContain('<dd>Annullato');
    expect(goneHtml).not.toContain('<form');
  });

  it('never changes anything, even when a scanner opens the action URLs', async () => {
    const b = await booking('2026-10-14T08:30:00Z');
    const before = await row(b.id);
    for (const path of [
      `/m/${b.manageCode}`,
      `/m/${b.manageCode}/cancel`,
      `/m/${b.manageCode}/confirm`,
      `/m/${b.manageCode}?done=cancelled`,
    ]) {
      const res = await app.request(path);
      expect([200, 303]).toContain(res.status);
    }
    const redirect = await app.request(`/m/${b.manageCode}/cancel`);
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe(`/m/${b.manageCode}`);
    expect(await row(b.id)).toEqual(before);
    expect(await events(b.id)).toHaveLength(0);
  });

  it('reads the page in one database round trip', async () => {
    const b = await booking('2026-10-14T08:30:00Z');
    t.resetRoundTrips();
    expect((await app.request(`/m/${b.manageCode}`)).status).toBe(200);
    expect(t.roundTrips()).toBe(1);
  });

  it('escapes names coming from the database', async () => {
    const evil = await givenService(db, { nameIt: '<script>alert("x")</script>' });
    const b = await givenBooking(db, { serviceId: evil.id, volunteerId, start: '2026-10-14T08:30:00Z' });
    await db
      .update(deskSettings)
      .set({ name: `Desk <img src=x onerror=alert(1)>`, address: `Via "Nuova" & <b>'s</b>` });
    const html = await (await app.request(`/m/${b.manageCode}`)).text();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    // The entities hono/html writes (named where HTML has a name, &#39; for the apostrophe).
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Via &quot;Nuova&quot; &amp; &lt;b&gt;&#39;s&lt;/b&gt;');
  });

  it('allows exactly its own inline style: the CSP hash is the hash of the <style> text sent', async () => {
    const b = await booking('2026-10-14T08:30:00Z');
    const res = await app.request(`/m/${b.manageCode}`);
    const style = /<style>([\s\S]*?)<\/style>/.exec(await res.text())?.[1] ?? '';
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(style));
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
    expect(res.headers.get('content-security-policy')).toContain(`style-src 'sha256-${hash}'`);
  });

  it('sends the privacy and security headers', async () => {
    const b = await booking('2026-10-14T08:30:00Z');
    for (const res of [
      await app.request(`/m/${b.manageCode}`),
      await app.request('/m/nope'),
      await post(b.manageCode, 'confirm'),
    ]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-robots-tag')).toMatch(/noindex/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
      expect(csp).toContain("form-action 'self'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });
});

describe('unknown or absurd codes', () => {
  it('answers an unknown code with an HTML 404 page', async () => {
    const res = await app.request('/m/doesNotExist123');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<h1>Link non valido</h1>');
    expect(html).toContain('<html lang="it" dir="ltr">');
  });

  it('answers in English when the browser asks for it', async () => {
    const html = await (
      await app.request('/m/doesNotExist123', { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } })
    ).text();
    expect(html).toContain('<h1>Invalid link</h1>');
  });

  it('refuses over-long or non-base64url codes without querying the database', async () => {
    for (const path of [`/m/${'a'.repeat(65)}`, '/m/abc.def', '/m/%3Cscript%3E', "/m/a'b"]) {
      t.resetRoundTrips();
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('Link non valido');
      expect(t.roundTrips()).toBe(0);
    }
    t.resetRoundTrips();
    expect((await post('a.b', 'cancel')).status).toBe(404);
    expect(t.roundTrips()).toBe(0);
  });
});

describe('bodies of the action forms', () => {
  /** A form body of `bytes` bytes, streamed without Content-Length, counting how much of it is pulled. */
  function countedBody(bytes: number) {
    const chunk = new TextEncoder().encode('confirm=yes&'.padEnd(16 * 1024, 'x'));
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= bytes) return controller.close();
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    return { stream, pulled: () => pulled };
  }

  function postStreamed(path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
    return app.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body,
      duplex: 'half',
    } as RequestInit);
  }

  it('refuses a 5 MB body to /m/x/cancel with 413 before reading it, and changes nothing', async () => {
    const b = await booking('2026-10-20T10:00:00+02:00');
    for (const path of ['/m/x/cancel', `/m/${b.manageCode}/cancel`, `/m/${b.manageCode}/confirm`]) {
      const counted = countedBody(5 * 1024 * 1024);
      const streamed = await postStreamed(path, counted.stream);
      expect(streamed.status).toBe(413);
      // The limit is 4 KB: one chunk is read past it, never the rest.
      expect(counted.pulled()).toBeLessThanOrEqual(32 * 1024);

      // Announced as 5 MB: refused on the header alone, nothing pulled at all.
      const announced = countedBody(5 * 1024 * 1024);
      t.resetRoundTrips();
      const res = await postStreamed(path, announced.stream, { 'Content-Length': String(5 * 1024 * 1024) });
      expect(res.status).toBe(413);
      expect(announced.pulled()).toBeLessThanOrEqual(16 * 1024);
      expect(t.roundTrips()).toBe(0);
    }
    expect((await row(b.id)).status).toBe('confirmed');
  });

  it('refuses a malformed code before reading the body at all', async () => {
    const counted = countedBody(5 * 1024 * 1024);
    const res = await postStreamed('/m/a.b/cancel', counted.stream);
    expect(res.status).toBe(404);
    expect(counted.pulled()).toBeLessThanOrEqual(16 * 1024);
  });
});

describe('POST /m/:code/cancel', () => {
  it('first asks whether to cancel, changing nothing, and only the "yes" cancels', async () => {
    const b = await booking('2026-10-14T08:30:00Z');
    const question = await post(b.manageCode, 'cancel', 'lang=it', true);
    expect(question.status).toBe(200);
    const html = await question.text();
    expect(html).toContain('<h1>Vuoi annullare l&#39;appuntamento?</h1>');
    expect(html).toContain('name="confirm" value="yes"');
    expect(html).toContain(`href="/m/${b.manageCode}?lang=it"`);
    expect((await row(b.id)).status).toBe('confirmed');
    expect(await events(b.id)).toHaveLength(0);

    const yes = await post(b.manageCode, 'cancel', 'lang=it');
    expect(yes.status).toBe(303);
    expect((await row(b.id)).status).toBe('cancelled');
  });

  it('cancels well ahead of time: not late, event written, then shows the outcome', async () => {
    const b = await booking('2026-10-14T08:30:00Z');
    const res = await post(b.manageCode, 'cancel', 'lang=it');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/m/${b.manageCode}?done=cancelled&lang=it`);

    const r = await row(b.id);
    expect(r.status).toBe('cancelled');
    expect(r.cancelledBy).toBe('person');
    expect(r.cancelledAt).toBe(Date.parse(NOW));
    expect(r.lateCancellation).toBe(false);
    const ev = await events(b.id);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      type: 'cancelled',
      actorType: 'person',
      fromStatus: 'confirmed',
      toStatus: 'cancelled',
      at: Date.parse(NOW),
    });
    expect(JSON.parse(ev[0]!.data!)).toEqual({ late: false });

    const html = await (await app.request(res.headers.get('location')!)).text();
    expect(statusText(html)).toBe("Hai annullato l'appuntamento.");
    expect(html).not.toContain('<form');
  });

  it('marks a cancellation inside the notice as late', async () => {
    const b = await booking(Date.parse(NOW) + 3 * H, { status: 'requested' });
    expect((await post(b.manageCode, 'cancel')).status).toBe(303);
    const r = await row(b.id);
    expect(r.status).toBe('cancelled');
    expect(r.lateCancellation).toBe(true);
    const [ev] = await events(b.id);
    expect(ev).toMatchObject({ fromStatus: 'requested', toStatus: 'cancelled' });
    expect(JSON.parse(ev!.data!)).toEqual({ late: true });
  });

  it('does not cancel twice', async () => {
    const b = await booking('2026-10-14T08:30:00Z');
    expect((await post(b.manageCode, 'cancel')).status).toBe(303);
    clock.advance(10 * 60_000);
    const again = await post(b.manageCode, 'cancel', 'lang=en');
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^text\/html/);
    expect(statusText(await again.text())).toBe('This appointment had already been cancelled.');
    expect((await row(b.id)).cancelledAt).toBe(Date.parse(NOW));
    expect(await events(b.id)).toHaveLength(1);
  });

  it('gives one winner when two cancels race', async () => {
    const b = await booking('2026-10-14T08:30:00Z');
    const results = await Promise.all([post(b.manageCode, 'cancel'), post(b.manageCode, 'cancel')]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    expect(await events(b.id)).toHaveLength(1);
  });

  it('refuses to cancel an appointment that has already started or passed', async () => {
    const b = await booking('2026-10-12T07:30:00Z');
    const res = await post(b.manageCode, 'cancel');
    expect(res.status).toBe(409);
    expect(statusText(await res.text())).toContain('già iniziato o finito');
    expect((await row(b.id)).status).toBe('confirmed');
    expect(await events(b.id)).toHaveLength(0);
  });

  it('refuses closed bookings', async () => {
    const b = await booking('2026-10-14T08:30:00Z', { status: 'rejected' });
    const res = await post(b.manageCode, 'cancel');
    expect(res.status).toBe(409);
    expect(statusText(await res.text())).toBe('Ora non puoi annullare questo appuntamento.');
    expect((await row(b.id)).status).toBe('rejected');
  });
});

describe('POST /m/:code/confirm', () => {
  it('records the confirmation of attendance once, and shows it', async () => {
    const b = await booking('2026-10-14T08:30:00Z');
    const res = await post(b.manageCode, 'confirm');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/m/${b.manageCode}?done=confirmed`);
    expect((await row(b.id)).attendanceConfirmedAt).toBe(Date.parse(NOW));
    expect((await row(b.id)).status).toBe('confirmed');
    const ev = await events(b.id);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ type: 'attendance_confirmed', actorType: 'person' });

    const html = await (await app.request(res.headers.get('location')!)).text();
    expect(statusText(html)).toBe('Grazie! Hai confermato che verrai.');
    expect(html).not.toContain('/confirm"');
    expect(html).toContain('/cancel"');

    clock.advance(60_000);
    const again = await post(b.manageCode, 'confirm', 'lang=en');
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`/m/${b.manageCode}?done=confirmed&lang=en`);
    expect((await row(b.id)).attendanceConfirmedAt).toBe(Date.parse(NOW));
    expect(await events(b.id)).toHaveLength(1);
    const page = await (await app.request(`/m/${b.manageCode}`)).text();
    expect(page).toContain('Hai confermato che verrai. Ti aspettiamo!');
  });

  it('refuses a request still waiting for the desk, and a past appointment', async () => {
    const req = await booking('2026-10-14T08:30:00Z', { status: 'requested' });
    const r1 = await post(req.manageCode, 'confirm');
    expect(r1.status).toBe(409);
    expect(statusText(await r1.text())).toContain('Puoi dire che verrai solo se');
    expect((await row(req.id)).attendanceConfirmedAt).toBeNull();

    const past = await booking('2026-10-11T08:30:00Z');
    const r2 = await post(past.manageCode, 'confirm');
    expect(r2.status).toBe(409);
    expect((await row(past.id)).attendanceConfirmedAt).toBeNull();
    expect(await events(past.id)).toHaveLength(0);
  });

  it('ignores a body that is not a form', async () => {
    const b = await booking('2026-10-14T08:30:00Z');
    const res = await app.request(`/m/${b.manageCode}/confirm`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=broken' },
      body: 'garbage',
    });
    expect(res.status).toBe(303);
  });
});
