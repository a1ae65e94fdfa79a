/**
 * Rapporti in real Chromium: the report of built months in tables with captions, the print view without
 * the forms, the CSV and the register downloaded (BOM, semicolons; .ics), the register form's range check,
 * keyboard alone, and axe at zero in it and en, at 1280 and 375 px.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { zonedParts } from '../../worker/src/domain/time';
import { givenBooking } from '../fixtures/builders';
import { en } from '../../admin/src/i18n/en';
import { ADMIN_SERVICES, navLink, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';
import { expectNoViolations, newPage, pageErrors } from './harness';

let server: AdminServer;
let browser: Browser;
useAdminWorld((w) => ({ server, browser } = w));

/** September 2026: two attended (one of them a returning person's follow-up), a no-show, a late cancellation. */
async function givenSeptember() {
  const rows = [
    ['2026-09-02T08:00:00Z', 'attended', '+393471234567', {}],
    ['2026-09-16T08:00:00Z', 'attended', '+393471234567', { mode: 'remote' as const }],
    ['2026-09-04T08:00:00Z', 'no_show', '+393401112222', { language: 'ar' as const }],
    ['2026-09-07T08:00:00Z', 'cancelled', '+393402223333', { lateCancellation: true, personName: 'Zoë; "Ferrà"' }],
  ] as const;
  let first: string | undefined;
  for (const [i, [start, status, phone, extra]] of rows.entries()) {
    const at = Date.parse(start);
    const local = zonedParts(at, 'Europe/Rome');
    const made = await givenBooking(server.db, {
      serviceId: ADMIN_SERVICES.guidance.id,
      volunteerId: server.volunteers.giulia,
      start: at,
      localDate: local.date,
      localTime: local.time,
      status,
      phone,
      createdAt: Date.parse('2026-08-01T08:00:00Z') + i * 1000,
      ...(i === 1 && first ? { followUpOf: first } : {}),
      ...extra,
    });
    first ??= made.id;
  }
}

async function openReports(page: Page, viaMenu: boolean) {
  await signInUi(page, server.origin, server.reception, viaMenu ? '#/dashboard' : '#/reports');
  if (viaMenu) await navLink(page, 'nav.reports').click();
  await page.getByRole('heading', { level: 1, name: text('nav.reports') }).waitFor();
}

describe('Rapporti', () => {
  test('the report of chosen months in captioned tables, printable; axe at zero in it and en, 1280 and 375 px', async () => {
    await givenSeptember();
    for (const width of [1280, 375]) {
      const page = await newPage(browser, { viewport: { width, height: 900 } });
      await openReports(page, width === 1280);
      await page.getByLabel(text('reports.from'), { exact: true }).fill('2026-09');
      await page.getByLabel(text('reports.to'), { exact: true }).fill('2026-10');
      await page.getByRole('button', { name: text('reports.show') }).click();
      const months = page.getByRole('table', { name: text('reports.by_month') });
      const september = months.getByRole('row', { name: /settembre 2026/ });
      await september.waitFor();
      // Appointments, attended, no-shows, cancelled, late; new, returning, next steps held.
      expect(await september.getByRole('cell').allTextContents()).toEqual(['4', '2', '1', '1', '1', '3', '1', '1']);
      const october = months.getByRole('row', { name: /ottobre 2026/ });
      expect(await october.getByRole('cell').allTextContents()).toEqual(['0', '0', '0', '0', '0', '0', '0', '0']);
      const byLanguage = page.getByRole('table', { name: text('reports.by_language', { period: '2026' }) });
      expect(await byLanguage.getByRole('row', { name: /Arabo/ }).getByRole('cell').first().textContent()).toBe('1');
      await expectNoViolations(page, `reports, it, ${width} px`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

      // Printed: the tables without the forms.
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('button', { name: text('reports.show') }).isVisible()).toBe(false);
      expect(await page.getByRole('heading', { name: text('reports.register') }).isVisible()).toBe(false);
      expect(await months.isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });

      await page.getByRole('button', { name: 'English' }).click();
      await page
        .getByRole('table', { name: en['reports.by_month'] })
        .getByRole('row', { name: /September 2026/ })
        .waitFor();
      await expectNoViolations(page, `reports, en, ${width} px`);
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    }
  });

  test('downloads the report CSV and the register as CSV and .ics, by keyboard; refuses a range too long', async () => {
    const page = await newPage(browser, { viewport: { width: 375, height: 900 }, acceptDownloads: true });
    await openReports(page, false);
    await page.getByLabel(text('reports.from'), { exact: true }).fill('2026-09');
    await page.getByLabel(text('reports.to'), { exact: true }).fill('2026-09');
    await page.getByRole('button', { name: text('reports.show') }).click();
    await page
      .getByRole('table', { name: text('reports.by_month') })
      .getByRole('row', { name: /settembre/ })
      .waitFor();

    const csvDownload = page.waitForEvent('download');
    await page.getByRole('link', { name: text('reports.csv') }).click();
    const reportCsv = readFileSync((await (await csvDownload).path())!);
    expect([...reportCsv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(reportCsv.toString('utf8')).toContain('periodo;gruppo;chiave;nome;prenotazioni');

    // The register, keyboard only: dates, format, then the button.
    const from = page.getByLabel(text('reports.register_from'), { exact: true });
    await from.fill('2026-09-01');
    await page.getByLabel(text('reports.register_to'), { exact: true }).fill('2026-09-30');
    // From the format to the button with Tab, then Enter.
    await page.getByLabel(text('reports.format')).focus();
    await page.keyboard.press('Tab');
    const button = page.getByRole('button', { name: text('reports.download') });
    expect(await button.evaluate((el) => el.matches(':focus'))).toBe(true);
    const registerCsv = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const csvFile = readFileSync((await (await registerCsv).path())!).toString('utf8');
    expect(csvFile.startsWith('\uFEFFriferimento;data;ora')).toBe(true);
    expect(csvFile).toContain('"Zoë; ""Ferrà"""');
    await page
      .getByRole('status')
      .filter({ hasText: text('reports.downloading') })
      .waitFor({ state: 'attached' });

    await page.getByLabel(text('reports.format')).selectOption('ics');
    const registerIcs = page.waitForEvent('download');
    await page.getByRole('button', { name: text('reports.download') }).click();
    const ics = readFileSync((await (await registerIcs).path())!).toString('utf8');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(4);

    await from.fill('2025-01-01');
    await page.getByRole('button', { name: text('reports.download') }).click();
    const summary = page.locator('#register-summary');
    await summary.getByText(text('reports.error_range')).waitFor();
    await expectNoViolations(page, 'reports, register error, it, 375 px');
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
