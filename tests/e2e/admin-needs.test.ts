/**
 * The needs that change an appointment, as the desk sets them (issue 15): on the booking page reception makes
 * an appointment longer and writes an interpreter's language, by keyboard, at 1280 and 375 px; the day list
 * then shows them; the booking's volunteer reads them and cannot change them. Axe clean in Italian and English.
 */
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { bookings } from '../../worker/src/db/schema';
import { en } from '../../admin/src/i18n/en';
import { givenBooking } from '../fixtures/builders';
import { ADMIN_SERVICES, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';
import { expectNoViolations, newPage, pageErrors } from './harness';

let server: AdminServer;
let browser: Browser;
useAdminWorld((w) => ({ server, browser } = w));

const DAY = '2026-10-13';
const SHOTS = process.env.SHOTS_DIR;
let narrow: string;
let wide: string;

async function booked(hh: string, personName: string): Promise<string> {
  const b = await givenBooking(server.db, {
    serviceId: ADMIN_SERVICES.guidance.id,
    volunteerId: server.volunteers.ahmed,
    start: `${DAY}T${hh}:00:00+02:00`,
    localDate: DAY,
    localTime: `${hh}:00`,
    personName,
  });
  return b.id;
}

beforeAll(async () => {
  narrow = await booked('09', 'Selam Tesfaye');
  wide = await booked('15', 'Yonas Haile');
});

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Opens the needs form by keyboard and fills it: an interpreter, a longer appointment, the person's consent. */
async function setNeedsByKeyboard(
  page: Page,
  t: (
    k: 'needs.edit' | 'needs.interpreter_label' | 'needs.long_label' | 'needs.consent_label' | 'needs.submit',
  ) => string,
) {
  await page.getByRole('button', { name: t('needs.edit') }).focus();
  await page.keyboard.press('Enter');
  const interpreter = page.getByLabel(t('needs.interpreter_label'));
  await interpreter.waitFor();
  await interpreter.focus();
  await page.keyboard.type('tigrino');
  await page.getByLabel(t('needs.long_label')).focus();
  await page.keyboard.press('Space');
  await page.getByLabel(t('needs.consent_label')).focus();
  await page.keyboard.press('Space');
}

describe('the needs block on the booking page', () => {
  test.each([
    ['it', 375],
    ['en', 1280],
  ] as const)('reception makes the appointment longer and names an interpreter (%s, %d px)', async (lang, width) => {
    const id = lang === 'it' ? narrow : wide;
    const t = (k: keyof typeof en) => (lang === 'it' ? text(k) : en[k]);
    const page = await newPage(browser, { viewport: { width, height: 900 } });
    await signInUi(page, server.origin, server.reception, `#/bookings/${id}`);
    if (lang === 'en') {
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('button', { name: en['login.sign_out'] }).waitFor();
    }
    await page.getByRole('heading', { name: t('needs.heading') }).waitFor();
    await expectNoViolations(page, `the booking page's needs (${lang})`);

    await setNeedsByKeyboard(page, t);
    await expectNoViolations(page, `the needs form (${lang})`);
    await shot(page, `needs-form-${lang}-${width}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.getByRole('button', { name: t('needs.submit') }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(t('needs.long_yes')).waitFor();
    await expectNoViolations(page, `the booking page after saving the needs (${lang})`);

    const [row] = await server.db.select().from(bookings).where(eq(bookings.id, id));
    expect(row).toMatchObject({ longAppointment: true, interpreterLanguage: 'tigrino' });
    expect(row!.endAt - row!.startAt).toBe(2 * 3_600_000);

    await page.goto(`${server.origin}/admin/#/day/${DAY}`);
    const line = page.getByRole('row').filter({ hasText: lang === 'it' ? 'Selam Tesfaye' : 'Yonas Haile' });
    await line.waitFor();
    expect(await line.textContent()).toContain(t('needs.long'));
    expect(await line.textContent()).toContain('tigrino');
    await expectNoViolations(page, `the day list with needs (${lang})`);
    await shot(page, `needs-day-list-${lang}-${width}`);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  test('the booking’s volunteer reads the needs and has no button to change them', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.volunteer, `#/bookings/${narrow}`);
    await page.getByRole('heading', { name: text('needs.heading') }).waitFor();
    expect(await page.getByRole('button', { name: text('needs.edit') }).count()).toBe(0);
    await expectNoViolations(page, 'the booking page of a volunteer with needs');
    await page.close();
  });
});
