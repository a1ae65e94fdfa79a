/**
 * The dashboard's no-show figures in real Chromium: every chart has its table right under it, the figures
 * of a built month show in them, and axe finds nothing, in Italian and in English, wide and at 360 px.
 */
import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { zonedParts } from '../../worker/src/domain/time';
import { givenBooking } from '../fixtures/builders';
import { en } from '../../admin/src/i18n/en';
import { ADMIN_SERVICES, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';
import { E2E_NOW, expectNoViolations, newPage, pageErrors } from './harness';

let server: AdminServer;
let browser: Browser;
useAdminWorld((w) => ({ server, browser } = w));

const DAY = 86_400_000;

async function givenPastMonth() {
  // Three outcomes in the month of E2E_NOW, a few days back: one no-show, by the "call" plan.
  for (const [i, status, plan] of [
    [3, 'attended', 'standard'],
    [4, 'attended', 'morning'],
    [5, 'no_show', 'call'],
  ] as const) {
    const start = E2E_NOW - i * DAY;
    const local = zonedParts(start, 'Europe/Rome');
    await givenBooking(server.db, {
      serviceId: ADMIN_SERVICES.guidance.id,
      volunteerId: server.volunteers.giulia,
      start,
      localDate: local.date,
      localTime: local.time,
      status,
      reminderPlan: plan,
    });
  }
}

describe('dashboard: no-shows', () => {
  test('a table under every chart, with the month’s figures; axe at zero in it and en, 1280 and 360 px', async () => {
    await givenPastMonth();
    for (const width of [1280, 360]) {
      const page = await newPage(browser, { viewport: { width, height: 900 } });
      await signInUi(page, server.origin, server.reception, '#/dashboard');
      const section = page.getByRole('region', { name: text('dashboard.ns_heading') });
      await section.waitFor();
      const charts = section.locator('admin-rate-chart');
      expect(await charts.count()).toBe(7);
      for (let i = 0; i < 7; i++) {
        const chart = charts.nth(i);
        // The image first, its table right after it.
        expect(await chart.getByRole('img').count()).toBe(1);
        expect(await chart.getByRole('table').count()).toBe(1);
      }
      const byPlan = section.getByRole('table', { name: text('dashboard.ns_by_plan') });
      const callRow = byPlan.getByRole('row', { name: new RegExp(text('dashboard.ns_plan.call')) });
      expect(await callRow.getByRole('cell').allTextContents()).toEqual(['0', '1', '100%']);
      const byMonth = section.getByRole('table', { name: text('dashboard.ns_by_month') });
      expect(await byMonth.getByRole('row').count()).toBe(7);
      await expectNoViolations(page, `dashboard no-shows, it, ${width} px`);
      if (width === 360) {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      }
      if (width === 1280) {
        await page.getByRole('button', { name: 'English' }).click();
        const english = page.getByRole('region', { name: en['dashboard.ns_heading'] });
        await english.getByRole('table', { name: en['dashboard.ns_by_language'] }).waitFor();
        await expectNoViolations(page, 'dashboard no-shows, en, 1280 px');
      }
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    }
  });
});
