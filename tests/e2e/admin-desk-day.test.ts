/**
 * The desk's day in real Chromium: closing a day that has bookings cancels them and tells the people in
 * one step, the agenda shows the day as closed, deleting a closure asks first (keyboard and axe checked,
 * in Italian and English); attendance buttons appear only from an appointment's start.
 */
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { givenBooking } from '../fixtures/builders';
import { ADMIN_SERVICES, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';
import { E2E_NOW, expectNoViolations, newPage, pageErrors } from './harness';

let server: AdminServer;
let browser: Browser;
useAdminWorld((w) => ({ server, browser } = w));

/** Thursday after E2E_NOW (Monday 12 October 2026, 10:00 in Rome). */
const THU = '2026-10-15';
let started = '';
let later = '';

beforeAll(async () => {
  for (const hh of ['10', '11']) {
    await givenBooking(server.db, {
      serviceId: ADMIN_SERVICES.guidance.id,
      volunteerId: server.volunteers.giulia,
      start: `${THU}T${hh}:00:00+02:00`,
      localDate: THU,
      localTime: `${hh}:00`,
      personName: `Persona ${hh}`,
    });
  }
  // Today: one that started at 09:00 (confirmed attendance), one at 15:00.
  started = (
    await givenBooking(server.db, {
      serviceId: ADMIN_SERVICES.guidance.id,
      volunteerId: server.volunteers.ahmed,
      start: E2E_NOW - 3_600_000,
      localDate: '2026-10-12',
      localTime: '09:00',
      attendanceConfirmedAt: E2E_NOW - 86_400_000,
    })
  ).id;
  later = (
    await givenBooking(server.db, {
      serviceId: ADMIN_SERVICES.guidance.id,
      volunteerId: server.volunteers.ahmed,
      start: E2E_NOW + 5 * 3_600_000,
      localDate: '2026-10-12',
      localTime: '15:00',
    })
  ).id;
});

const closuresPage = async (page: Page) => {
  await page.goto(`${server.origin}/admin/#/closures?year=2026`);
  await page.getByRole('heading', { level: 1, name: /^Chiusure 2026|^Closures 2026/ }).waitFor();
};

describe('closing a day with bookings', () => {
  test('cancels them and tells the people in one step; the agenda shows the day closed', async () => {
    const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    await signInUi(page, server.origin, server.reception, '#/closures?year=2026');
    await page.getByRole('button', { name: text('closures.add') }).click();
    await page.getByLabel(text('closures.from')).fill(THU);
    await page.getByLabel(text('closures.reason')).fill('Assemblea');
    await page.getByLabel(text('closures.cancel_bookings')).check();
    await expectNoViolations(page, 'the closure form with cancel-and-notify');
    await page.getByRole('button', { name: text('common.save') }).click();
    await page.getByText(/2 appuntamenti annullati: le persone ricevono un SMS\./).waitFor();

    await page.goto(`${server.origin}/admin/#/agenda?view=day&date=${THU}`);
    await page.getByText(text('agenda.closed_reason', { reason: 'Assemblea' })).waitFor();
    await page.getByText(text('agenda.day_empty')).waitFor();
    await expectNoViolations(page, 'the agenda on a closed day');
    expect(pageErrors(page)).toEqual([]);
  });

  test('deleting a closure asks first, and "no" keeps it (keyboard alone)', async () => {
    const page = await newPage(browser, { viewport: { width: 360, height: 800 } });
    await signInUi(page, server.origin, server.reception, '#/closures?year=2026');
    await closuresPage(page);
    const del = page.getByRole('button', { name: /^Elimina/ });
    await del.focus();
    await page.keyboard.press('Enter');
    const question = page.getByRole('group', { name: /^Eliminare la chiusura/ });
    await question.waitFor();
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.shadowRoot?.activeElement?.id ?? ''),
      )
      .toMatch(/^ask-/);
    await expectNoViolations(page, 'the delete question');
    await page.getByRole('button', { name: text('closures.delete_no') }).click();
    await del.waitFor();
    expect(await page.getByText('Assemblea').count()).toBe(1);

    await page.getByRole('button', { name: 'English' }).click();
    await closuresPage(page);
    await page.getByRole('button', { name: /^Delete/ }).click();
    await page.getByRole('group', { name: /^Delete the closure/ }).waitFor();
    await expectNoViolations(page, 'the delete question in English');
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('No closures besides the national holidays.').waitFor();
  });
});

describe('attendance buttons', () => {
  test('appear from the start of the appointment, not before; the agenda flags confirmed attendance', async () => {
    const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    await signInUi(page, server.origin, server.volunteer, `#/bookings/${later}`);
    await page.getByText(text('booking.outcome_hint')).waitFor();
    expect(await page.getByRole('button', { name: text('booking.attended') }).count()).toBe(0);

    await page.goto(`${server.origin}/admin/#/bookings/${started}`);
    await page.getByRole('button', { name: text('booking.attended') }).click();
    await page.getByRole('button', { name: text('booking.correct_to_no_show') }).waitFor();
    await expectNoViolations(page, 'a marked appointment that can be corrected');

    await page.goto(`${server.origin}/admin/#/agenda?view=day&date=2026-10-12`);
    await page.getByText(`✓ ${text('agenda.confirmed_flag')}`).waitFor();
  });
});
