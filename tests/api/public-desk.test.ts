import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { givenDesk, givenService } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { testConfig, testDeps } from '../fixtures/deps';

/** Every language's text, English where the service has none of its own. */
function inEvery(it: string, en: string, own: Record<string, string> = {}) {
  return { it, en, ar: en, es: en, fr: en, uk: en, ro: en, ...own };
}

describe('GET /api/public/desk', () => {
  it('describes the desk and its active services in display order, in every language, in one round trip', async () => {
    const { db, roundTrips, resetRoundTrips } = await createTestDb();
    await givenDesk(db, { minNoticeMinutes: 720, horizonDays: 30 });
    await givenService(db, {
      id: 'cv',
      nameIt: 'Revisione CV',
      nameEn: 'CV review',
      descriptionIt: 'Rivediamo insieme il curriculum.',
      descriptionEn: 'We go through your CV together.',
      translations: JSON.stringify({
        es: { name: 'Revisión del CV', description: 'Miramos juntos tu currículum.' },
        ar: { name: 'مراجعة السيرة الذاتية' },
        fr: { name: '  ' },
      }),
      durationMinutes: 45,
      allowsRemote: false,
      sortOrder: 2,
    });
    await givenService(db, {
      id: 'orientation',
      nameIt: 'Primo colloquio',
      nameEn: 'First talk',
      durationMinutes: 60,
      sortOrder: 1,
    });
    await givenService(db, { id: 'old', nameIt: 'Vecchio', nameEn: 'Old', active: false, sortOrder: 0 });
    await givenService(db, {
      id: 'remote-only',
      nameIt: 'Ricerca',
      nameEn: 'Job search',
      allowsInPerson: false,
      sortOrder: 3,
    });
    const app = createApp(testDeps(db));
    resetRoundTrips();

    const res = await app.request('/api/public/desk');

    expect(res.status).toBe(200);
    expect(roundTrips()).toBe(1);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(await res.json()).toEqual({
      name: 'Sportello Lavoro',
      address: 'Via Bertoni 4',
      city: 'Roma',
      timeZone: 'Europe/Rome',
      phone: '+39 06 1234 5678',
      privacyUrl: 'https://example.org/privacy',
      languages: ['it', 'en'],
      services: [
        {
          id: 'orientation',
          names: inEvery('Primo colloquio', 'First talk'),
          descriptions: inEvery('', ''),
          durationMinutes: 60,
          modes: ['in_person', 'remote'],
        },
        {
          id: 'cv',
          // A blank translation (fr) counts as none.
          names: inEvery('Revisione CV', 'CV review', { es: 'Revisión del CV', ar: 'مراجعة السيرة الذاتية' }),
          descriptions: inEvery('Rivediamo insieme il curriculum.', 'We go through your CV together.', {
            es: 'Miramos juntos tu currículum.',
          }),
          durationMinutes: 45,
          modes: ['in_person'],
        },
        {
          id: 'remote-only',
          names: inEvery('Ricerca', 'Job search'),
          descriptions: inEvery('', ''),
          durationMinutes: 60,
          modes: ['remote'],
        },
      ],
      rules: { minNoticeMinutes: 720, horizonDays: 30, waitlist: true },
      turnstile: null,
    });
  });

  it('tells the widget which Turnstile site key and script to use when the deployment has one', async () => {
    const { db } = await createTestDb();
    await givenDesk(db);
    const config = testConfig({
      turnstileSecret: 'secret',
      turnstileSiteKey: '0x4AAAAAAAtest',
      turnstileScriptUrl: 'https://challenges.example/api.js?render=explicit',
    });
    const res = await createApp(testDeps(db, { config })).request('/api/public/desk');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { turnstile: unknown };
    expect(body.turnstile).toEqual({
      siteKey: '0x4AAAAAAAtest',
      scriptUrl: 'https://challenges.example/api.js?render=explicit',
    });
  });

  it('leaves the challenge out when only the secret is set: the site key is public, the secret never is', async () => {
    const { db } = await createTestDb();
    await givenDesk(db);
    const config = testConfig({ turnstileSecret: 'secret' });
    const res = await createApp(testDeps(db, { config })).request('/api/public/desk');
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ turnstile: null });
    expect(text).not.toContain('secret');
  });

  it('answers the browser of another origin (CORS) without cookies', async () => {
    const { db } = await createTestDb();
    await givenDesk(db);
    const res = await createApp(testDeps(db)).request('/api/public/desk', {
      headers: { Origin: 'https://associazione.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});
