/**
 * The desk's day in real Chromium: on today's day list reception marks a booked person arrived and starts
 * the meeting with the keyboard alone, and records a walk-in, who appears after the booked people of the
 * same time; at 1280 and 375 px, axe clean in Italian and English.
 */
import { mkdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { en } from '../../admin/src/i18n/en';
import { bookings } from '../../worker/src/db/schema';
import { givenBooking } from '../fixtures/builders';
import { givenStaff } from '../fixtures/staff';
import { ADMIN_SERVICES, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';
import { expectNoViolations, newPage, pageErrors } from './harness';

let server: AdminServer;
let browser: Browser;
useAdminWorld((w) => ({ server, browser } = w));

/** E2E_NOW: Monday 12 October 2026, 10:00 in Rome. */
const TODAY = '2026-10-12';
const SHOTS = process.env.SHOTS_DIR;

async function book(hhmm: string, name: string, volunteer: string) {
  return givenBooking(server.db, {
    serviceId: ADMIN_SERVICES.guidance.id,
    volunteerId: volunteer,
    start: `${TODAY}T${hhmm}:00+02:00`,
    localDate: TODAY,
    localTime: hhmm,
    personName: name,
    channel: 'reception',
  });
}

beforeAll(async () => {
  await book('10:00', 'Maria Rossi', server.volunteers.giulia);
  await book('11:00', 'Olga Bondar', server.volunteers.ahmed);
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

const rows = (page: Page) => page.locator('admin-day-list tbody tr');

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** No part of the page is wider than the window. */
async function expectNoSideScroll(page: Page, width: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

describe('arrivals and walk-ins on the day list', () => {
  for (const width of [1280, 375]) {
    test(`at ${width} px, in Italian: arrived, then started, with the keyboard alone`, async () => {
      const name = `Persona ${width}`;
      const booked = await book('15:00', name, width === 1280 ? server.volunteers.giulia : server.volunteers.ahmed);
      const page = await newPage(browser, { viewport: { width, height: 900 } });
      await signInUi(page, server.origin, server.reception, `#/day/${TODAY}`);
      await page.getByRole('heading', { level: 1, name: /^Elenco del giorno/ }).waitFor();
      const row = rows(page).filter({ hasText: name });
      await row.waitFor();
      await expectNoViolations(page, `the day list of today at ${width} px`);

      await row.getByRole('button', { name: text('day.check_in_for', { name, time: '15:00' }) }).focus();
      await page.keyboard.press('Enter');
      await row.getByText(text('day.arrived_at', { time: '10:00' })).waitFor();
      // Focus moved on to the next step of the same row.
      const start = row.getByRole('button', { name: text('day.start_for', { name, time: '15:00' }) });
      await expect.poll(() => start.evaluate((b) => b === (b.getRootNode() as ShadowRoot).activeElement)).toBe(true);
      await shot(page, `day-arrived-${width}`);
      await page.keyboard.press('Enter');
      await row.getByText(text('day.started_at', { time: '10:00' })).waitFor();
      await expect
        .poll(async () => (await server.db.select().from(bookings).where(eq(bookings.id, booked.id)))[0]?.status)
        .toBe('attended');
      expect(await row.getByRole('button').count()).toBe(0);
      await expectNoViolations(page, `the day list after a start at ${width} px`);
      await expectNoSideScroll(page, width);
      expect(pageErrors(page)).toEqual([]);
    });
  }

  for (const width of [1280, 375]) {
    test(`at ${width} px, in English: a walk-in gets the free 10:00 after the booked person`, async () => {
      const english = await givenStaff(server.db, { role: 'reception', name: `Rose ${width}`, language: 'en' });
      const page = await newPage(browser, { viewport: { width, height: 900 }, locale: 'en-GB' });
      await page.goto(`${server.origin}/admin/#/day/${TODAY}`);
      await page.getByLabel(text('login.email')).fill(english.email);
      await page.getByLabel(text('login.password'), { exact: true }).fill(english.password);
      await page.getByRole('button', { name: text('login.submit'), exact: true }).click();
      await page.getByRole('heading', { level: 1, name: /^Day list/ }).waitFor();
      await page.getByRole('button', { name: en['day.walk_in_add'] }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
      // Sent empty: the error summary names the field.
      await page.getByRole('button', { name: en['day.walk_in_save'], exact: true }).click();
      await page.getByRole('alert').first().waitFor();
      await expectNoViolations(page, `the walk-in form with an error at ${width} px`);
      const walker = `Walk In ${width}`;
      await page.getByLabel(en['book.name']).fill(walker);
      await page.getByLabel(en['day.walk_in_phone']).fill('347 765 43' + String(width).slice(0, 2));
      await page.getByLabel(en['booking.service']).selectOption(ADMIN_SERVICES.guidance.id);
      await page.getByLabel(en['book.name']).focus();
      await page.keyboard.press('Enter');
      const row = rows(page).filter({ hasText: walker });
      await row.waitFor();
      await row.getByText(en['day.walk_in'], { exact: true }).waitFor();
      await row.getByText(en['day.arrived_at'].replace('{time}', '10:00')).waitFor();
      // After the booked people of the same time.
      const names = await rows(page).allTextContents();
      const at = (s: string) => names.findIndex((t) => t.includes(s));
      expect(at('Maria Rossi')).toBeGreaterThanOrEqual(0);
      if (width === 1280) expect(at(walker)).toBeGreaterThan(at('Maria Rossi'));
      const stored = await server.db.select().from(bookings).where(eq(bookings.personName, walker));
      expect(stored[0]).toMatchObject({ channel: 'walk_in', status: 'confirmed' });
      expect(stored[0]?.checkedInAt).not.toBeNull();
      await expectNoViolations(page, `the day list with a walk-in at ${width} px, in English`);
      await expectNoSideScroll(page, width);
      await shot(page, `day-walk-in-${width}`);
      expect(pageErrors(page)).toEqual([]);
    });
  }

  test('on the booking page: arrived, then started, and the times shown', async () => {
    const name = 'Persona Pagina';
    const b = await book('16:00', name, server.volunteers.giulia);
    const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    await signInUi(page, server.origin, server.reception, `#/bookings/${b.id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(b.reference) }).waitFor();
    await page.getByRole('heading', { level: 2, name: text('day.col_arrival') }).waitFor();
    await page.getByRole('button', { name: text('day.check_in'), exact: true }).click();
    await page.getByText(text('day.arrived_at', { time: '10:00' })).waitFor();
    await page.getByRole('button', { name: text('day.start'), exact: true }).click();
    await page.getByText(text('day.started_at', { time: '10:00' })).waitFor();
    expect(await page.getByRole('button', { name: text('day.start'), exact: true }).count()).toBe(0);
    await expectNoViolations(page, 'the booking page after arrival and start');
    await shot(page, 'booking-arrival');
    expect(pageErrors(page)).toEqual([]);
  });
});
