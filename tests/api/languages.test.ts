import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import type { Db } from '../../worker/src/db/client';
import { formatDateTime } from '../../worker/src/domain/format';
import { LANGUAGE_ENDONYMS, LANGUAGES, textDirection, type Language } from '../../worker/src/domain/vocabulary';
import { CATALOGS, t } from '../../worker/src/i18n';
import { it as italian } from '../../worker/src/i18n/it';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { fixedClock, testDeps } from '../fixtures/deps';
import { createTestDb } from '../fixtures/db';
import { parseCalendar } from '../fixtures/ical-helpers';
import { postRequest, publicWorld, requestBody } from '../fixtures/public-helpers';

// The people-facing server texts in each of the seven languages: public API errors, the manage page and
// /prenota, and the add-to-calendar file, each following the booking's language (issue 13).

const NOW = '2026-10-12T08:00:00Z';
const START = '2026-10-14T08:30:00Z';
const DAY = 86_400_000;
/** One appointment per language, a day apart (one volunteer cannot hold two at once). */
const startOf = (lang: Language) => Date.parse(START) + LANGUAGES.indexOf(lang) * DAY;
const NAMES: Record<Language, string> = {
  it: 'Revisione CV',
  en: 'CV review',
  ar: 'مراجعة السيرة الذاتية',
  es: 'Revisión del CV',
  fr: 'Relecture du CV',
  uk: 'Перевірка резюме',
  ro: 'Verificarea CV-ului',
};

let db: Db;
let app: ReturnType<typeof createApp>;
let serviceId: string;
let volunteerId: string;

beforeEach(async () => {
  db = (await createTestDb()).db;
  app = createApp(testDeps(db, { clock: fixedClock(NOW) }));
  await givenDesk(db);
  const translations = Object.fromEntries(
    (['ar', 'es', 'fr', 'uk', 'ro'] as const).map((lang) => [lang, { name: NAMES[lang] }]),
  );
  serviceId = (await givenService(db, { translations: JSON.stringify(translations) })).id;
  volunteerId = (await givenVolunteer(db)).id;
});

/** Entities decoded, tags kept: what the page says, in the markup that says it. */
function decoded(html: string): string {
  return html
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The page's visible text: tags removed, entities decoded. */
function textOf(html: string): string {
  return decoded(html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' '));
}

/** Catalog keys (`manage.title`) or placeholders (`{phone}`) left in a page's text. */
function leftovers(text: string): string[] {
  const keys = Object.keys(italian).filter((key) => text.includes(key));
  return [...keys, ...(text.match(/\{\w+\}/g) ?? [])];
}

describe('every public error in every language', () => {
  it('answers a bad request in the language of its body, fields included', async () => {
    const w = await publicWorld();
    for (const language of LANGUAGES) {
      const res = await postRequest(w.app, requestBody(w.serviceId, { language, phone: '02 1234 5678' }));
      expect(res.status).toBe(422);
      expect(await res.json(), language).toEqual({
        error: {
          code: 'invalid_input',
          message: t(language, 'error.invalid_input'),
          fields: { phone: t(language, 'field.phone_landline') },
        },
      });
    }
  });

  it('answers in the language Accept-Language asks for when the body names none', async () => {
    const w = await publicWorld();
    for (const language of LANGUAGES) {
      const res = await postRequest(
        w.app,
        { ...requestBody(w.serviceId), consent: false },
        {
          'Accept-Language': `${language};q=0.9`,
        },
      );
      const { error } = (await res.json()) as { error: { message: string; fields: Record<string, string> } };
      expect(error.message, language).toBe(CATALOGS[language]['error.invalid_input']);
      expect(error.fields.consent, language).toBe(CATALOGS[language]['field.consent']);
    }
  });
});

describe('the manage page in each language', () => {
  it("follows the booking's language: lang, dir, the date in its words, the service's name, no leftover keys", async () => {
    for (const language of LANGUAGES) {
      const b = await givenBooking(db, { serviceId, volunteerId, start: startOf(language), language });
      const res = await app.request(`/m/${b.manageCode}`);
      expect(res.status).toBe(200);
      const html = decoded(await res.text());
      const dir = textDirection(language);
      expect(html, language).toContain(`<html lang="${language}" dir="${dir}">`);
      expect(html).toContain(`<h1>${t(language, 'manage.title')}</h1>`);
      expect(html).toContain(NAMES[language]);
      expect(html).toContain(`<bdi>${formatDateTime(startOf(language), 'Europe/Rome', language)}</bdi>`);
      expect(html).toContain(`<bdi dir="ltr">${b.reference}</bdi>`);
      expect(html).toContain('<bdi dir="ltr"><a href="tel:+390612345678">+39 06 1234 5678</a></bdi>');
      expect(html).toContain(`<button type="submit">${t(language, 'manage.confirm_button')}</button>`);
      expect(leftovers(textOf(html)), language).toEqual([]);
    }
  });

  it('shows a language switch with every language named in itself, the current one not a link', async () => {
    const b = await givenBooking(db, { serviceId, volunteerId, start: START, language: 'ar' });
    const html = await (await app.request(`/m/${b.manageCode}`)).text();
    const nav = /<nav aria-label="([^"]+)"><ul class="langs">([\s\S]*?)<\/ul><\/nav>/.exec(html);
    expect(nav?.[1]).toBe(t('ar', 'manage.language'));
    const items = [...(nav?.[2] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!);
    expect(items).toHaveLength(LANGUAGES.length);
    for (const [i, lang] of LANGUAGES.entries()) {
      const name = LANGUAGE_ENDONYMS[lang];
      const dir = textDirection(lang);
      expect(items[i]).toBe(
        lang === 'ar'
          ? `<span aria-current="true" lang="ar" dir="rtl">${name}</span>`
          : `<a href="/m/${b.manageCode}?lang=${lang}" lang="${lang}" hreflang="${lang}" dir="${dir}">${name}</a>`,
      );
    }
  });

  it('speaks the language the person picks instead, and keeps it through the cancel question', async () => {
    const b = await givenBooking(db, { serviceId, volunteerId, start: START, language: 'ar' });
    const es = await (await app.request(`/m/${b.manageCode}?lang=es`)).text();
    expect(es).toContain('<html lang="es" dir="ltr">');
    expect(es).toContain('<input type="hidden" name="lang" value="es">');
    const question = await app.request(`/m/${b.manageCode}/cancel`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'lang=uk',
    });
    const html = decoded(await question.text());
    expect(html).toContain('<html lang="uk" dir="ltr">');
    expect(html).toContain(`<h1>${t('uk', 'manage.cancel_confirm_title')}</h1>`);
    // The date and the service sit isolated inside the translated sentence.
    expect(html).toContain(`«<bdi>${NAMES.uk}</bdi>». Дата: <bdi>`);
  });

  it('says a link matches nothing in the language asked for, right to left in Arabic', async () => {
    const res = await app.request('/m/unknown-code?lang=ar');
    expect(res.status).toBe(404);
    const html = decoded(await res.text());
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain(`<h1>${t('ar', 'manage.not_found_title')}</h1>`);
  });

  it('uses logical CSS only, so the page mirrors in Arabic', async () => {
    const b = await givenBooking(db, { serviceId, volunteerId, start: START });
    const html = await (await app.request(`/m/${b.manageCode}`)).text();
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(css).toContain('border-inline-start');
    // No physical side or axis: no left/right/top/bottom, no width/height properties.
    expect(css).not.toMatch(
      /(^|[{;\s-])(left|right|top|bottom)\s*:|-(left|right|top|bottom)\b|(^|[{;])(max-|min-)?(width|height)\s*:/,
    );
    expect(css).not.toMatch(/\b(float|text-align)\s*:\s*(left|right)/);
  });
});

describe('/prenota in each language', () => {
  it('sets lang and dir, hosts the widget in that language, and offers the seven languages', async () => {
    for (const language of LANGUAGES) {
      const html = decoded(await (await app.request(`/prenota?lang=${language}`)).text());
      expect(html).toContain(`<html lang="${language}" dir="${textDirection(language)}">`);
      expect(html).toContain(`<h1>${t(language, 'booking_page.title')}</h1>`);
      expect(html).toContain(`<sportello-booking lang="${language}"`);
      for (const other of LANGUAGES) expect(html).toContain(`>${LANGUAGE_ENDONYMS[other]}<`);
      expect(leftovers(textOf(html)), language).toEqual([]);
    }
  });
});

describe('the add-to-calendar file in each language', () => {
  it("is written in the booking's language, with the service's name in it", async () => {
    for (const language of LANGUAGES) {
      const b = await givenBooking(db, { serviceId, volunteerId, start: startOf(language), language });
      const res = await app.request(`/m/${b.manageCode}/calendar.ics`);
      expect(res.status).toBe(200);
      const [event] = parseCalendar(await res.text()).events;
      expect(event!.summary, language).toBe(`Sportello Lavoro: ${NAMES[language]}`);
      expect(event!.description, language).toContain(`${t(language, 'ical.reference')}: ${b.reference}`);
      expect(event!.description).toContain(t(language, 'ical.desk_phone', { phone: '+39 06 1234 5678' }));
    }
  });

  it('says a remote appointment without a link yet in the language, and follows ?lang=', async () => {
    const b = await givenBooking(db, { serviceId, volunteerId, start: START, language: 'uk', mode: 'remote' });
    const uk = parseCalendar(await (await app.request(`/m/${b.manageCode}/calendar.ics`)).text()).events[0]!;
    expect(uk.location).toBe(t('uk', 'ical.remote_person'));
    const fr = parseCalendar(await (await app.request(`/m/${b.manageCode}/calendar.ics?lang=fr`)).text()).events[0]!;
    expect(fr.location).toBe(t('fr', 'ical.remote_person'));
  });
});
