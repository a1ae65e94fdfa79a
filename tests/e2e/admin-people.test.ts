/** Reception finds a person from the header's search, by keyboard alone, and reads their outcomes. */
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { t } from '../../admin/src/i18n';
import { givenBooking } from '../fixtures/builders';
import { E2E_NOW, expectNoViolations, newPage, pageErrors } from './harness';
import { ADMIN_SERVICES, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';

let server: AdminServer;
let browser: Browser;
useAdminWorld((world) => ({ server, browser } = world));

const DAY = 86_400_000;
const NUNEZ = '+393471230001';

beforeAll(async () => {
  const at = (daysAgo: number, hour: number) => E2E_NOW - daysAgo * DAY + hour * 3_600_000;
  const base = { serviceId: ADMIN_SERVICES.guidance.id, volunteerId: server.volunteers.giulia, phone: NUNEZ };
  await givenBooking(server.db, { ...base, start: at(30, 1), personName: 'José Ñúñez', status: 'attended' });
  await givenBooking(server.db, { ...base, start: at(23, 1), personName: 'José Ñúñez', status: 'no_show' });
  await givenBooking(server.db, {
    ...base,
    start: at(16, 1),
    personName: 'José Ñúñez',
    status: 'cancelled',
    lateCancellation: true,
    mode: 'remote',
  });
  await givenBooking(server.db, { ...base, start: at(9, 1), personName: 'José Ñúñez', status: 'attended' });
  await givenBooking(server.db, {
    ...base,
    start: at(9, 3),
    personName: 'Ana Núñez Pérez',
    phone: '+393471230002',
    status: 'no_show',
  });
});

/** Moves focus with Tab (Shift+Tab: `back`) until `accessibleName` has it (keyboard alone), at most `max` presses. */
async function tabTo(page: Page, accessibleName: RegExp, max = 40, back = false): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const name = await page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return (el?.getAttribute('aria-label') ?? '') + ' ' + (el?.textContent ?? '') + ' ' + (el?.id ?? '');
    });
    if (accessibleName.test(name)) return;
  }
  throw new Error(`no focus reached ${accessibleName}`);
}

async function findNunez(page: Page, lang: 'it' | 'en') {
  // From another page: the header's search is on every desk page.
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  const header = page.getByRole('search', { name: t(lang, 'people.header_label') });
  // Focus is on the page's h1, after the header: back up to the search field.
  await tabTo(page, /find-person/, 40, true);
  await page.keyboard.type('nunez');
  await page.keyboard.press('Enter');
  const found = page.getByRole('heading', { level: 2, name: t(lang, 'people.found_people', { n: 2 }) });
  await found.waitFor();
  expect(await header.count()).toBe(1);
  // Focus went to what was found; the first person is one Tab away.
  await tabTo(page, /José Ñúñez/, 3);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 2, name: 'José Ñúñez' }).waitFor();
}

describe('finding a person', () => {
  test('from the header, by keyboard: the people found, then a person with every outcome and the counts', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.reception);
    await findNunez(page, 'it');
    expect(page.url()).not.toContain('nunez');

    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(5); // the heading row and four appointments
    const body = (await page.getByRole('table').textContent()) ?? '';
    for (const key of ['status.attended', 'status.no_show', 'status.cancelled', 'people.late'] as const) {
      expect(body).toContain(text(key));
    }
    // The other person found ("Ana Núñez Pérez") is not among José's appointments.
    expect(await page.getByRole('cell', { name: /Pérez/ }).count()).toBe(0);
    const facts = (await page.locator('admin-people').locator('dl').textContent()) ?? '';
    expect(facts).toContain(t('it', 'people.bookings_count', { n: 4 }));
    expect(facts).toContain(t('it', 'people.attended_count', { n: 2 }));
    expect(facts).toContain(t('it', 'people.no_show_count', { n: 1 }));
    expect(facts).toContain(t('it', 'people.late_count', { n: 1 }));
    expect(facts).toContain('+39 347 123 0001');
    await expectNoViolations(page, "a person's appointments and outcomes");

    await page.getByRole('button', { name: text('people.back') }).click();
    await page.getByRole('heading', { level: 2, name: t('it', 'people.found_people', { n: 2 }) }).waitFor();
    await expectNoViolations(page, 'the people found');

    // A number: its start as read out at the desk.
    await page.getByRole('searchbox', { name: text('people.query') }).fill('347 123 0002');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: /^Ana Núñez Pérez/ }).waitFor();

    // Too short: said on the field.
    await page.getByRole('searchbox', { name: text('people.query') }).fill('n');
    await page.keyboard.press('Enter');
    await page.getByText(t('it', 'people.query_short', { n: 2 })).waitFor();
    await expectNoViolations(page, 'a search too short');
    expect(pageErrors(page)).toEqual([]);
  });

  test('in English at 375 px, nothing scrolls sideways and axe finds nothing', async () => {
    const page = await newPage(browser, { viewport: { width: 375, height: 740 } });
    await signInUi(page, server.origin, server.reception);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
    await findNunez(page, 'en');
    expect(await page.getByRole('table').textContent()).toContain('late cancellation');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoViolations(page, "a person's appointments in English at 375 px");
    expect(pageErrors(page)).toEqual([]);
  });

  test('volunteers have no person search', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.volunteer);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.getByRole('search').count()).toBe(0);
  });
});
