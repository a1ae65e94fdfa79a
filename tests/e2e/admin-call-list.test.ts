/**
 * The call list (Da chiamare) and the reminder plan on the booking page: reception records a call with the
 * keyboard in one key press, the outcome shows on the row; an English receptionist changes a booking's
 * reminders in two clicks. axe at zero at every step, in Italian and English.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { en } from '../../admin/src/i18n/en';
import { localToInstant } from '../../worker/src/domain/time';
import { givenBooking } from '../fixtures/builders';
import { givenStaff } from '../fixtures/staff';
import { bookingByReference, expectNoViolations, newPage } from './harness';
import { ADMIN_SERVICES, navLink, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';

let server: AdminServer;
let browser: Browser;
useAdminWorld((world) => ({ server, browser } = world));

const SHOTS = process.env.SHOTS_DIR;
/** The day after the tests' Monday 12 October 2026: the next working day. */
const TUESDAY = '2026-10-13';

async function book(hhmm: string, name: string, extra: Record<string, unknown> = {}) {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return givenBooking(server.db, {
    serviceId: ADMIN_SERVICES.cv.id,
    volunteerId: server.volunteers.giulia,
    start: localToInstant(TUESDAY, h * 60 + m, 'Europe/Rome'),
    minutes: 30,
    localDate: TUESDAY,
    localTime: hhmm,
    personName: name,
    confirmedAt: Date.parse('2026-10-01T08:00:00Z'),
    ...extra,
  });
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
}

describe('the call list', () => {
  test('reception sees who to call tomorrow and records a call with the keyboard', async () => {
    const maria = await book('09:00', 'Maria Rossi');
    await book('10:00', 'Giuseppe Verdi', { phone: '+390612345678', phoneKind: 'landline' });
    await book('11:00', 'Sara Neri', { attendanceConfirmedAt: Date.parse('2026-10-11T08:00:00Z') });

    const page = await newPage(browser);
    await signInUi(page, server.origin, server.reception);
    await navLink(page, 'nav.call_list').click();
    await page.getByRole('heading', { level: 1, name: text('nav.call_list') }).waitFor();
    const table = page.getByRole('table', { name: text('calls.caption', { n: 2 }) });
    await table.waitFor();
    // Before Monday's cut-off at 12:00 the list says when it closes.
    await page.getByText(/12:00/).first().waitFor();
    expect(await table.getByText('Sara Neri').count()).toBe(0);
    await table.getByText(text('calls.reason.no_mobile')).waitFor();
    await expectNoViolations(page, 'the call list, nobody called yet');
    await shot(page, 'call-list');

    // One key press on the row's button records it.
    const confirm = table
      .getByRole('row', { name: /Maria Rossi/ })
      .getByRole('button', { name: text('call.confirmed') });
    await confirm.focus();
    await page.keyboard.press('Enter');
    await table.getByText(/Rita Reception/).waitFor();
    await expect
      .poll(async () => (await bookingByReference(server.db, maria.reference))?.callOutcome)
      .toBe('confirmed');
    await expectNoViolations(page, 'the call list after a call');
    await shot(page, 'call-list-called');
  });
});

describe('the reminder plan on the booking page', () => {
  test('in English, two clicks change the plan, and it is shown', async () => {
    const b = await book('12:00', 'Olga Bondar');
    const english = await givenStaff(server.db, { role: 'reception', name: 'Rose Reception', language: 'en' });
    const page = await newPage(browser, { locale: 'en-GB' });
    await page.goto(`${server.origin}/admin/#/bookings/${b.id}`);
    await page.getByLabel(text('login.email')).fill(english.email);
    await page.getByLabel(text('login.password'), { exact: true }).fill(english.password);
    await page.getByRole('button', { name: text('login.submit'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(b.reference) }).waitFor();
    await page.getByText(en['plan.standard']).waitFor();
    await page.getByRole('button', { name: en['booking.change_plan'] }).click();
    await page.getByRole('radio', { name: en['plan.morning'], exact: true }).check();
    await expectNoViolations(page, 'the reminder plan form, in English');
    await page.getByRole('button', { name: en['booking.plan_submit'], exact: true }).click();
    await page.getByText(en['plan.morning']).first().waitFor();
    await expect.poll(async () => (await bookingByReference(server.db, b.reference))?.reminderPlan).toBe('morning');
    await expectNoViolations(page, 'the booking page after changing the plan, in English');
    await shot(page, 'booking-plan');
  });
});
