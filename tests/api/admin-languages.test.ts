/**
 * The staff side of the seven languages: a service's names and descriptions in the languages beyond
 * Italian and English (written, read back, blank clears, the public desk falls back to English), and the
 * desk setting for which languages the widget offers (Italian always, and first).
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { deskSettings, services } from '../../worker/src/db/schema';
import { givenDesk } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';
import { staffCall as call, staffHeaders } from '../fixtures/staff';

async function world() {
  const t = await createTestDb();
  await givenDesk(t.db);
  const app = createApp(testDeps(t.db, { clock: fixedClock('2026-10-12T08:00:00Z') }));
  return {
    ...t,
    app,
    admin: await staffHeaders(app, t.db, 'admin'),
    reception: await staffHeaders(app, t.db, 'reception'),
  };
}

type Service = { id: string; names: Record<string, string>; descriptions: Record<string, string> };

const NEW_SERVICE = {
  names: { it: 'Revisione CV', en: 'CV review', ar: 'مراجعة السيرة الذاتية', uk: 'Перевірка резюме' },
  descriptions: { it: 'Lo rivediamo insieme.', en: 'We review it together.', ar: 'نراجعها معًا.' },
  durationMinutes: 45,
  modes: ['in_person'],
};

describe('service names in the other languages', () => {
  it('writes them, reads them back, and a blank one clears it (English shows instead)', async () => {
    const w = await world();
    const created = await call(w, 'POST', '/api/admin/services', w.admin, NEW_SERVICE);
    expect(created.status).toBe(201);
    const { id } = created.json.service as Service;
    expect(created.json.service).toMatchObject({ names: NEW_SERVICE.names, descriptions: NEW_SERVICE.descriptions });
    const [row] = await w.db.select().from(services).where(eq(services.id, id));
    expect(JSON.parse(row!.translations)).toEqual({
      ar: { name: 'مراجعة السيرة الذاتية', description: 'نراجعها معًا.' },
      uk: { name: 'Перевірка резюме' },
    });

    // Read back by everyone who reads services.
    const list = await call(w, 'GET', '/api/admin/services', w.reception);
    const listed = (list.json.services as Service[]).find((s) => s.id === id)!;
    expect(listed.names).toEqual(NEW_SERVICE.names);

    // An edit sends only what changes: a Spanish name, the Arabic one blank (cleared), Ukrainian kept.
    const edited = await call(w, 'PATCH', `/api/admin/services/${id}`, w.admin, {
      names: { es: '  Revisión del CV ', ar: '   ' },
      descriptions: { ar: '' },
    });
    expect(edited.status).toBe(200);
    expect((edited.json.service as Service).names).toEqual({
      it: 'Revisione CV',
      en: 'CV review',
      es: 'Revisión del CV',
      uk: 'Перевірка резюме',
    });
    expect((edited.json.service as Service).descriptions).toEqual({
      it: 'Lo rivediamo insieme.',
      en: 'We review it together.',
    });

    // The widget's desk: every language, English where none was written.
    const desk = (await (await w.app.request('/api/public/desk')).json()) as { services: Service[] };
    const svc = desk.services.find((s) => s.id === id)!;
    expect(svc.names).toMatchObject({
      es: 'Revisión del CV',
      uk: 'Перевірка резюме',
      ar: 'CV review',
      fr: 'CV review',
    });
    expect(svc.descriptions.ar).toBe('We review it together.');
  });

  it('refuses a name that is too long, or not a text, with the field named', async () => {
    const w = await world();
    const res = await call(w, 'POST', '/api/admin/services', w.admin, {
      ...NEW_SERVICE,
      names: { ...NEW_SERVICE.names, fr: 'x'.repeat(101), ro: 3 },
    });
    expect(res.status).toBe(422);
    const fields = (res.json.error as { fields: Record<string, string> }).fields;
    expect(Object.keys(fields).sort()).toEqual(['names.fr', 'names.ro']);
    expect(await w.db.select().from(services)).toHaveLength(0);
  });
});

describe('the languages the widget offers', () => {
  it('the admin picks them; Italian is always there and first, the order is the vocabulary’s', async () => {
    const w = await world();
    const before = await call(w, 'GET', '/api/admin/settings', w.reception);
    expect((before.json.settings as { languages: string[] }).languages).toEqual(['it', 'en']);

    const saved = await call(w, 'PATCH', '/api/admin/settings', w.admin, { languages: ['uk', 'ar', 'en', 'ar'] });
    expect(saved.status).toBe(200);
    expect((saved.json.settings as { languages: string[] }).languages).toEqual(['it', 'en', 'ar', 'uk']);
    const [desk] = await w.db.select({ languages: deskSettings.languages }).from(deskSettings);
    expect(desk!.languages).toBe('it,en,ar,uk');
    const pub = (await (await w.app.request('/api/public/desk')).json()) as { languages: string[] };
    expect(pub.languages).toEqual(['it', 'en', 'ar', 'uk']);

    // Nothing ticked still leaves Italian.
    const none = await call(w, 'PATCH', '/api/admin/settings', w.admin, { languages: [] });
    expect((none.json.settings as { languages: string[] }).languages).toEqual(['it']);
  });

  it('refuses a language it does not speak (422, nothing saved) and reception may not change it', async () => {
    const w = await world();
    for (const languages of [['it', 'de'], 'it,en', [1]]) {
      const res = await call(w, 'PATCH', '/api/admin/settings', w.admin, { languages });
      expect(res.status, JSON.stringify(languages)).toBe(422);
      expect((res.json.error as { fields: Record<string, string> }).fields.languages).toBeTruthy();
    }
    const reception = await call(w, 'PATCH', '/api/admin/settings', w.reception, { languages: ['it', 'ar'] });
    expect(reception.status).toBe(403);
    const [desk] = await w.db.select({ languages: deskSettings.languages }).from(deskSettings);
    expect(desk!.languages).toBe('it,en');
  });
});
