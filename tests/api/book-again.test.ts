import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import type { Db } from '../../worker/src/db/client';
import { renderDemoPage } from '../../worker/src/node/demo-page';
import { createLocalApp } from '../../worker/src/node/local-app';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testConfig, testDeps } from '../fixtures/deps';
import { staffCall as call, staffHeaders } from '../fixtures/staff';
import { cspDirectives as directives } from '../fixtures/csp';

// Issue 12, must-fix 3: after a rejection, an expiry or a cancellation the SMS says one can book another
// time; the page it links must offer it, and every "call the desk" must come with the number as a link.

const NOW = '2026-10-12T08:00:00Z';
const TEL = 'href="tel:+390612345678"';
const BOOKING_PAGE = 'https://www.example.org/prenota-sportello';

let db: Db;
let app: ReturnType<typeof createApp>;
let serviceId: string;
let volunteerId: string;

beforeEach(async () => {
  ({ db } = await createTestDb());
  app = createApp(testDeps(db, { clock: fixedClock(NOW) }));
  serviceId = (await givenService(db)).id;
  volunteerId = (await givenVolunteer(db)).id;
});

async function managePage(status: string, start = '2026-10-14T08:30:00Z', query = '') {
  const b = await givenBooking(db, {
    serviceId,
    volunteerId,
    start,
    status: status as Parameters<typeof givenBooking>[1]['status'],
  });
  const res = await app.request(`/m/${b.manageCode}${query}`);
  expect(res.status).toBe(200);
  return res.text();
}

/** The "book another appointment" link of a page: its href, and whether it is the page's main call to action. */
function bookAgain(html: string): { href: string; prominent: boolean } | null {
  const prominent =
    /<a class="button" href="([^"]+)">(Prenota un altro appuntamento|Book another appointment)<\/a>/.exec(html);
  if (prominent) return { href: prominent[1]!.replace(/&amp;/g, '&'), prominent: true };
  const plain = /<a href="([^"]+)">(Prenota un altro appuntamento|Book another appointment)<\/a>/.exec(html);
  return plain ? { href: plain[1]!.replace(/&amp;/g, '&'), prominent: false } : null;
}

describe('the manage page offers to book another appointment', () => {
  beforeEach(async () => {
    await givenDesk(db);
  });

  it.each(['cancelled', 'rejected', 'expired', 'attended', 'no_show'])(
    'as the main action of a %s booking, to /prenota in the booking language, with the desk phone as a tel: link',
    async (status) => {
      const html = await managePage(status);
      expect(bookAgain(html)).toEqual({ href: '/prenota?lang=it', prominent: true });
      expect(html).toContain('<h2>Vuoi un nuovo appuntamento?</h2>');
      expect(html).toContain(TEL);
      expect(html).not.toContain('action="/m/');
    },
  );

  it('in English for an English booking page', async () => {
    const html = await managePage('cancelled', '2026-10-14T08:30:00Z', '?lang=en');
    expect(bookAgain(html)).toEqual({ href: '/prenota?lang=en', prominent: true });
    expect(html).toContain('<h2>Would you like a new appointment?</h2>');
  });

  it('as the main action once a confirmed appointment is past', async () => {
    const html = await managePage('confirmed', '2026-10-09T08:30:00Z');
    expect(bookAgain(html)).toEqual({ href: '/prenota?lang=it', prominent: true });
  });

  it.each(['requested', 'confirmed'])(
    'as a plain link under the actions while a %s booking is ahead',
    async (status) => {
      const html = await managePage(status);
      expect(bookAgain(html)).toEqual({ href: '/prenota?lang=it', prominent: false });
      expect(html.indexOf('Prenota un altro appuntamento')).toBeGreaterThan(html.indexOf('action="/m/'));
    },
  );
});

describe('with the desk setting bookingPageUrl', () => {
  it("leads to the association's own booking page", async () => {
    await givenDesk(db, { bookingPageUrl: BOOKING_PAGE });
    expect(bookAgain(await managePage('rejected'))).toEqual({ href: BOOKING_PAGE, prominent: true });
    expect(bookAgain(await managePage('confirmed'))).toEqual({ href: BOOKING_PAGE, prominent: false });
  });

  it('is set by an admin (https only, empty for /prenota) and read back', async () => {
    await givenDesk(db);
    const admin = await staffHeaders(app, db, 'admin');
    const w = { app, db };
    const refused = await call(w, 'PATCH', '/api/admin/settings', admin, { bookingPageUrl: 'http://example.org/b' });
    expect(refused.status).toBe(422);
    expect(refused.json.error.fields).toHaveProperty('bookingPageUrl');
    const notUrl = await call(w, 'PATCH', '/api/admin/settings', admin, { bookingPageUrl: 'prenota' });
    expect(notUrl.status).toBe(422);

    const saved = await call(w, 'PATCH', '/api/admin/settings', admin, { bookingPageUrl: ` ${BOOKING_PAGE} ` });
    expect(saved.status).toBe(200);
    expect(saved.json.settings.bookingPageUrl).toBe(BOOKING_PAGE);
    expect(bookAgain(await managePage('expired'))?.href).toBe(BOOKING_PAGE);

    const cleared = await call(w, 'PATCH', '/api/admin/settings', admin, { bookingPageUrl: '' });
    expect(cleared.json.settings.bookingPageUrl).toBe('');
    expect(bookAgain(await managePage('expired'))?.href).toBe('/prenota?lang=it');
  });
});

describe('the page of a link that matches no appointment', () => {
  it('gives the desk phone as a tel: link and offers booking', async () => {
    await givenDesk(db);
    const res = await app.request('/m/AAAAAAAAAAAAAAAAAAAAAA');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('chiama lo sportello');
    expect(html).toContain(TEL);
    expect(bookAgain(html)?.href).toBe('/prenota?lang=it');
  });
});

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Buffer.from(digest).toString('base64');
}

/** What every /prenota answer must hold, whichever runtime served it. */
async function expectBookingPage(res: Response, lang: 'it' | 'en') {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
  const html = await res.text();
  expect(html).toContain(`<html lang="${lang}" dir="ltr">`);
  expect(html.match(/<h1>/g)).toHaveLength(1);
  expect(html).toContain('<script type="module" src="/widget.js"></script>');
  expect(html).toContain(`<sportello-booking lang="${lang}" phone="+39 06 1234 5678">`);
  // The fallback inside the element (no JavaScript, or the widget cannot book): call, with the number as a link.
  const fallback = /<sportello-booking[^>]*>([\s\S]*?)<\/sportello-booking>/.exec(html)?.[1] ?? '';
  expect(fallback).toContain(`${TEL}>+39 06 1234 5678</a>`);
  expect(fallback).toContain(lang === 'it' ? 'Per prenotare chiama lo sportello' : 'To book, call the desk');

  const csp = directives(res.headers.get('content-security-policy'));
  expect(csp.get('default-src')).toBe("'none'");
  expect(csp.get('script-src')).toBe("'self'");
  expect(csp.get('connect-src')).toBe("'self'");
  expect(csp.get('frame-ancestors')).toBe("'none'");
  expect(csp.get('base-uri')).toBe("'none'");
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  expect(csp.get('style-src')).toBe(`'sha256-${await sha256(style)}'`);
  expect(res.headers.get('content-security-policy')).not.toContain('unsafe');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  return html;
}

describe('GET /prenota', () => {
  beforeEach(async () => {
    await givenDesk(db);
  });

  it('hosts the widget in Italian under a strict CSP, with the desk phone as the fallback', async () => {
    const html = await expectBookingPage(await app.request('/prenota'), 'it');
    expect(html).toContain('<title>Prenota un appuntamento – Sportello Lavoro</title>');
    expect(html).toContain('Via Bertoni 4, Roma');
    expect(html).toContain('href="/prenota?lang=en"');
  });

  it('speaks English with ?lang=en or an English browser', async () => {
    await expectBookingPage(await app.request('/prenota?lang=en'), 'en');
    await expectBookingPage(await app.request('/prenota', { headers: { 'Accept-Language': 'en-GB' } }), 'en');
  });

  it("lets Turnstile's script and frame in when the deployment requires a challenge", async () => {
    const config = testConfig({
      turnstileSiteKey: 'site-key',
      turnstileScriptUrl: 'https://challenges.example.net/turnstile/api.js?render=explicit',
    });
    const turnstile = createApp(testDeps(db, { clock: fixedClock(NOW), config }));
    const csp = directives((await turnstile.request('/prenota')).headers.get('content-security-policy'));
    expect(csp.get('script-src')).toBe("'self' https://challenges.example.net");
    expect(csp.get('frame-src')).toBe('https://challenges.example.net');
  });

  it('says to contact the desk when it has no phone, and still hosts the widget', async () => {
    const { db: bare } = await createTestDb();
    await givenDesk(bare, { phone: '' });
    const html = await (await createApp(testDeps(bare)).request('/prenota')).text();
    expect(html).toContain('<sportello-booking lang="it" phone="">');
    expect(html).toContain('contatta lo sportello');
    expect(html).not.toContain('href="tel:');
  });
});

describe('GET /prenota on the local Node server', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("is the Worker's page with the Worker's headers, and the widget it loads is served next to it", async () => {
    await givenDesk(db);
    const publicDir = mkdtempSync(join(tmpdir(), 'sportello-public-'));
    dirs.push(publicDir);
    copyFileSync(fileURLToPath(new URL('../../public/_headers', import.meta.url)), join(publicDir, '_headers'));
    writeFileSync(join(publicDir, 'widget.js'), 'export {};\n');
    // A file named like the page must not shadow it: the Worker answers /prenota first, as on Cloudflare.
    writeFileSync(join(publicDir, 'prenota'), 'static');
    const local = createLocalApp(testDeps(db, { clock: fixedClock(NOW) }), {
      crons: [],
      publicDir,
      runScheduled: () => Promise.reject(new Error('not in this test')),
    });
    await expectBookingPage(await local.request('http://127.0.0.1:8787/prenota'), 'it');
    const widget = await local.request('http://127.0.0.1:8787/widget.js');
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
  });
});

describe('the demo page without JavaScript', () => {
  it('says how to book the listed times: call the desk, with the number as a tel: link', async () => {
    await givenDesk(db);
    for (const [lang, sentence] of [
      ['it', 'Senza il modulo, prenota uno di questi orari chiamando lo sportello: '],
      ['en', 'Without the form, book one of these times by calling the desk: '],
    ] as const) {
      const html = await renderDemoPage(app, db, Date.parse(NOW), lang);
      const fallback = /<sportello-booking[^>]*>([\s\S]*?)<\/sportello-booking>/.exec(html)?.[1] ?? '';
      expect(fallback).toContain(`${sentence}<bdi dir="ltr"><a ${TEL}>+39 06 1234 5678</a></bdi>.`);
    }
  });
});
