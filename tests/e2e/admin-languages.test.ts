/**
 * Reception's side of the seven languages in real Chromium, in Italian and English: "parla: arabo" in the
 * agenda, the day list and the booking's page; changing the language there (keyboard only), with the
 * history saying so; the booking form's seven languages; the service editor's names in the other
 * languages (typed in their own language and direction); the desk's offered languages as checkboxes.
 * axe finds nothing at each state.
 */
import { mkdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { en } from '../../admin/src/i18n/en';
import { bookings, deskSettings, services } from '../../worker/src/db/schema';
import { givenBooking } from '../fixtures/builders';
import { ADMIN_SERVICES, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';
import { bookingByReference, expectNoViolations, newPage, pageErrors } from './harness';

let server: AdminServer;
let browser: Browser;
useAdminWorld((w) => ({ server, browser } = w));

/** Tuesday after E2E_NOW (Monday 12 October 2026). */
const DAY = '2026-10-13';
const SHOTS = process.env.SHOTS_DIR;
let arabic: string;
let english: string;

beforeAll(async () => {
  const { giulia, ahmed } = server.volunteers;
  const at = (hh: string, volunteerId: string, personName: string, language: 'ar' | 'it') =>
    givenBooking(server.db, {
      serviceId: ADMIN_SERVICES.guidance.id,
      volunteerId,
      start: `${DAY}T${hh}:00:00+02:00`,
      localDate: DAY,
      localTime: `${hh}:00`,
      personName,
      language,
    });
  arabic = (await at('10', giulia, 'Amina Haddad', 'ar')).id;
  english = (await at('10', ahmed, 'Paolo Bianchi', 'it')).id;
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
}

async function toEnglish(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: en['login.sign_out'] }).waitFor();
}

const row = (page: Page, name: string) => page.getByRole('row').filter({ hasText: name });

describe('the language a person speaks, as reception sees it', () => {
  test('Italian: "parla: arabo" in the agenda and the day list, not for an Italian speaker', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.reception, `#/agenda?view=day&date=${DAY}`);
    await row(page, 'Amina Haddad').waitFor();
    expect(await row(page, 'Amina Haddad').textContent()).toContain(text('speaks.ar'));
    expect(await row(page, 'Paolo Bianchi').textContent()).not.toContain('parla');
    await expectNoViolations(page, 'the agenda with an Arabic speaker');
    await shot(page, 'agenda-speaks');

    await page.goto(`${server.origin}/admin/#/day/${DAY}`);
    await row(page, 'Amina Haddad').waitFor();
    expect(await row(page, 'Amina Haddad').textContent()).toContain(text('speaks.ar'));
    expect(await row(page, 'Paolo Bianchi').textContent()).not.toContain('parla');
    await expectNoViolations(page, 'the day list with an Arabic speaker');
    await shot(page, 'day-list-speaks');
    expect(pageErrors(page)).toEqual([]);
  });

  test('Italian, keyboard only: reception changes the language on the booking page; the history says so', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.reception, `#/bookings/${arabic}`);
    await page.getByText(text('speaks.ar'), { exact: true }).waitFor();
    await expectNoViolations(page, 'the booking page of an Arabic speaker');

    await page.getByRole('button', { name: text('booking.change_language') }).focus();
    await page.keyboard.press('Enter');
    const select = page.getByLabel(text('booking.language'), { exact: true });
    await expect.poll(() => select.evaluate((el) => el === document.activeElement || el.matches(':focus'))).toBe(true);
    // Seven languages, each named in Italian, the current one chosen.
    expect((await select.locator('option').allTextContents()).map((s) => s.trim())).toEqual([
      'Italiano',
      'Inglese',
      'Arabo',
      'Spagnolo',
      'Francese',
      'Ucraino',
      'Rumeno',
    ]);
    expect(await select.inputValue()).toBe('ar');
    await page.getByText(text('booking.language_hint')).waitFor();
    await expectNoViolations(page, 'the language form');
    await shot(page, 'booking-language-form');

    await select.selectOption('es');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText(text('speaks.es'), { exact: true }).waitFor();
    expect((await server.db.select().from(bookings).where(eq(bookings.id, arabic)))[0]!.language).toBe('es');
    const history = page.locator('.history li').filter({ hasText: text('event.language_changed') });
    await expect.poll(() => history.textContent()).toContain(text('event.moved', { from: 'Arabo', to: 'Spagnolo' }));
    await expectNoViolations(page, 'the booking page after the change');
    await shot(page, 'booking-language-changed');
    expect(pageErrors(page)).toEqual([]);
  });

  test('English: "speaks: Arabic"; back to Italian the mark goes away', async () => {
    await server.db.update(bookings).set({ language: 'ar' }).where(eq(bookings.id, english));
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.admin, `#/bookings/${english}`);
    await toEnglish(page);
    await page.getByText(en['speaks.ar'], { exact: true }).waitFor();
    await expectNoViolations(page, 'the booking page in English');
    await page.getByRole('button', { name: en['booking.change_language'] }).click();
    const select = page.getByLabel(en['booking.language'], { exact: true });
    expect(await select.locator('option').first().textContent()).toContain('Italian');
    await expectNoViolations(page, 'the language form in English');
    await select.selectOption('it');
    await page.getByRole('button', { name: en['booking.language_submit'] }).click();
    await expect.poll(() => page.getByText(en['speaks.ar'], { exact: true }).count()).toBe(0);
    expect((await server.db.select().from(bookings).where(eq(bookings.id, english)))[0]!.language).toBe('it');
    await page.goto(`${server.origin}/admin/#/day/${DAY}`);
    await row(page, 'Paolo Bianchi').waitFor();
    expect(await row(page, 'Paolo Bianchi').textContent()).not.toContain('speaks');
    expect(await row(page, 'Amina Haddad').textContent()).toContain(en['speaks.es']);
    await expectNoViolations(page, 'the day list in English');
    expect(pageErrors(page)).toEqual([]);
  });

  test('the booking form offers the seven languages; a booking made in Arabic is stored so', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.reception, '#/book');
    await page.getByRole('heading', { level: 1, name: text('nav.book') }).waitFor();
    await page.getByRole('radio', { name: new RegExp(ADMIN_SERVICES.cv.it) }).check();
    await page
      .getByRole('group', { name: new RegExp(text('slots.time').split('{')[0]!) })
      .getByRole('radio')
      .first()
      .check();
    await page.getByLabel(text('book.name')).fill('Karim Nasser');
    await page.getByLabel(text('book.phone'), { exact: true }).fill('347 765 4321');
    const language = page.getByLabel(text('book.language'));
    expect(await language.inputValue()).toBe('it');
    expect(await language.locator('option').count()).toBe(7);
    await language.selectOption('ar');
    await expectNoViolations(page, 'the booking form with Arabic chosen');
    await page.getByRole('button', { name: text('book.submit'), exact: true }).click();
    const done = page.locator('#created');
    await done.waitFor();
    const reference = /([A-Z0-9]{5,})\.?\s*$/m.exec((await done.locator('p').first().textContent()) ?? '')?.[1] ?? '';
    expect(await bookingByReference(server.db, reference)).toMatchObject({
      language: 'ar',
      personName: 'Karim Nasser',
    });
    expect(pageErrors(page)).toEqual([]);
  });
});

describe('the admin’s side: services and the languages offered', () => {
  test('Italian: a service named in Arabic and Ukrainian, typed in their language; blank clears', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.admin, '#/services');
    await page.getByRole('heading', { level: 1, name: text('nav.services') }).waitFor();
    await page.getByRole('button', { name: new RegExp(`${text('common.edit')}.*${ADMIN_SERVICES.cv.it}`) }).click();
    const ar = page.getByLabel(text('services.name_ar'));
    await ar.waitFor();
    expect(await ar.getAttribute('lang')).toBe('ar');
    expect(await ar.getAttribute('dir')).toBe('rtl');
    expect(await page.getByLabel(text('services.description_uk')).getAttribute('dir')).toBe('ltr');
    await page.getByRole('group', { name: text('services.other_languages') }).waitFor();
    await ar.fill('مراجعة السيرة الذاتية');
    await page.getByLabel(text('services.name_uk')).fill('Перевірка резюме');
    await expectNoViolations(page, 'the service form with names in other languages');
    await shot(page, 'service-languages');
    await page.getByRole('button', { name: text('common.save'), exact: true }).click();
    await page.getByRole('button', { name: new RegExp(`${text('common.edit')}.*${ADMIN_SERVICES.cv.it}`) }).waitFor();
    const stored = async () =>
      JSON.parse(
        (await server.db.select().from(services).where(eq(services.id, ADMIN_SERVICES.cv.id)))[0]!.translations,
      ) as unknown;
    await expect.poll(stored).toEqual({ ar: { name: 'مراجعة السيرة الذاتية' }, uk: { name: 'Перевірка резюме' } });

    // Opened again, the names are there; emptied, the Arabic one is gone (English shows instead).
    await page.getByRole('button', { name: new RegExp(`${text('common.edit')}.*${ADMIN_SERVICES.cv.it}`) }).click();
    expect(await page.getByLabel(text('services.name_ar')).inputValue()).toBe('مراجعة السيرة الذاتية');
    await page.getByLabel(text('services.name_ar')).fill('');
    await page.getByRole('button', { name: text('common.save'), exact: true }).click();
    await expect.poll(stored).toEqual({ uk: { name: 'Перевірка резюме' } });
    expect(pageErrors(page)).toEqual([]);
  });

  test('English: the service form', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.admin, '#/services');
    await toEnglish(page);
    await page.getByRole('button', { name: en['services.add'] }).click();
    await page.getByLabel(en['services.name_ro']).waitFor();
    await expectNoViolations(page, 'the new service form in English');
  });

  test('Italian and English: the languages the widget offers, Italian always on', async () => {
    // The browser tests' desk allows more open requests per phone than the form does: bring it in range.
    await server.db.update(deskSettings).set({ maxOpenRequestsPerPhone: 50 });
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.admin, '#/settings');
    const group = page.getByRole('group', { name: text('settings.languages') });
    await group.waitFor();
    const box = (name: string) => group.getByRole('checkbox', { name, exact: true });
    expect(await box('Italiano').isChecked()).toBe(true);
    expect(await box('Italiano').isDisabled()).toBe(true);
    expect(await box('Inglese').isChecked()).toBe(true);
    expect(await box('Arabo').isChecked()).toBe(false);
    await box('Arabo').check();
    await box('Ucraino').check();
    await box('Inglese').uncheck();
    await expectNoViolations(page, 'the settings with the languages');
    await shot(page, 'settings-languages');
    await page.getByRole('button', { name: text('common.save'), exact: true }).click();
    const stored = async () =>
      (await server.db.select({ languages: deskSettings.languages }).from(deskSettings))[0]!.languages;
    await expect.poll(stored).toBe('it,ar,uk');

    await toEnglish(page);
    const english = page.getByRole('group', { name: en['settings.languages'] });
    await english.waitFor();
    expect(await english.getByRole('checkbox', { name: 'Arabic', exact: true }).isChecked()).toBe(true);
    expect(await english.getByRole('checkbox', { name: 'English', exact: true }).isChecked()).toBe(false);
    await expectNoViolations(page, 'the settings with the languages, in English');
    expect(pageErrors(page)).toEqual([]);
  });
});
