/**
 * Issue 15, point 1 in the browser: from an attended meeting, reception books the next step of the path in
 * three clicks (Italian, 1280 px); in English at 375 px a short series is checked date by date, then booked.
 * axe at zero at every step.
 */
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { en } from '../../admin/src/i18n/en';
import { bookings, services } from '../../worker/src/db/schema';
import { addDays, localToInstant, zonedParts } from '../../worker/src/domain/time';
import { formatMessage } from '../../worker/src/i18n/message-format';
import { givenBooking } from '../fixtures/builders';
import { expectNoViolations, newPage, pageErrors } from './harness';
import { ADMIN_SERVICES, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';

let server: AdminServer;
let browser: Browser;
useAdminWorld((world) => ({ server, browser } = world));

const SHOTS = process.env.SHOTS_DIR;
/** The tests' Monday 12 October 2026 (10:00 in Rome): this morning's meeting took place at 09:00. */
const TODAY = '2026-10-12';
const ROME = 'Europe/Rome';

/** This morning's meeting with Ahmed, attended, in the guidance service whose path goes on to the CV review. */
async function attendedMeeting(name: string) {
  await server.db
    .update(services)
    .set({ nextServiceId: ADMIN_SERVICES.cv.id })
    .where(eq(services.id, ADMIN_SERVICES.guidance.id));
  return givenBooking(server.db, {
    serviceId: ADMIN_SERVICES.guidance.id,
    volunteerId: server.volunteers.ahmed,
    start: localToInstant(TODAY, 9 * 60, ROME),
    localDate: TODAY,
    localTime: '09:00',
    status: 'attended',
    outcomeAt: Date.parse('2026-10-12T07:30:00Z'),
    personName: name,
    language: 'fr',
    accessibilityNeeds: 'Ha bisogno di un tavolo basso',
    accessibilityConsentAt: 1,
  });
}

async function shot(page: Page, name: string, widths = [375, 1280]): Promise<void> {
  if (!SHOTS) return;
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
}

const followUpsOf = (id: string) =>
  server.db.select().from(bookings).where(eq(bookings.followUpOf, id)).orderBy(bookings.startAt);

describe('the next step', () => {
  test('three clicks from an attended meeting: the next service, the same volunteer, the same person', async () => {
    const source = await attendedMeeting('Claire Martin');
    const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    await signInUi(page, server.origin, server.reception, `#/bookings/${source.id}`);
    await page.getByRole('heading', { level: 1, name: text('booking.heading', { ref: source.reference }) }).waitFor();
    await expectNoViolations(page, 'the booking page of an attended meeting');

    // Click 1: the next step.
    await page.getByRole('link', { name: text('followup.open') }).click();
    await page.getByRole('heading', { level: 1, name: text('followup.heading') }).waitFor();
    // The path's next service and the same volunteer are already chosen; the person's details are shown.
    await expect.poll(() => page.getByRole('radio', { name: ADMIN_SERVICES.cv.it }).isChecked()).toBe(true);
    expect(await page.getByLabel(text('booking.volunteer')).inputValue()).toBe(server.volunteers.ahmed);
    await page.getByText('Claire Martin').waitFor();
    await page.getByText('Ha bisogno di un tavolo basso').waitFor();
    const times = page.getByRole('group', { name: new RegExp(text('slots.time').split('{')[0]!) });
    await times.getByRole('radio').first().waitFor();
    await expectNoViolations(page, 'the follow-up form');
    await shot(page, 'follow-up-form');

    // Click 2: a time. Click 3: book.
    await times.getByRole('radio').first().check();
    await page.getByRole('button', { name: text('book.submit'), exact: true }).click();
    await page
      .locator('#made')
      .getByText(text('followup.made', { n: 1 }))
      .waitFor();
    await expectNoViolations(page, 'the follow-up booked');
    await shot(page, 'follow-up-made');

    const [made] = await followUpsOf(source.id);
    expect(made).toMatchObject({
      serviceId: ADMIN_SERVICES.cv.id,
      volunteerId: server.volunteers.ahmed,
      personName: 'Claire Martin',
      language: 'fr',
      accessibilityNeeds: 'Ha bisogno di un tavolo basso',
      status: 'confirmed',
      seriesId: null,
    });
    expect(pageErrors(page)).toEqual([]);
  });

  test('in English at 375 px: a series is checked date by date, then booked at once', async () => {
    const source = await attendedMeeting('Olena Shevchenko');
    const page = await newPage(browser, { viewport: { width: 375, height: 800 } });
    await signInUi(page, server.origin, server.reception, `#/bookings/${source.id}`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(source.reference) }).waitFor();
    await page.getByRole('link', { name: en['followup.open'] }).click();
    await page.getByRole('heading', { level: 1, name: en['followup.heading'] }).waitFor();

    const times = page.getByRole('group', { name: new RegExp(en['slots.time'].split('{')[0]!) });
    await times.getByRole('radio').first().check();
    // Ahmed is busy two weeks on at that local time (after the clocks go back on 25 October).
    const first = zonedParts(Date.parse((await times.getByRole('radio').first().getAttribute('value')) ?? ''), ROME);
    await givenBooking(server.db, {
      serviceId: ADMIN_SERVICES.cv.id,
      volunteerId: server.volunteers.ahmed,
      start: localToInstant(addDays(first.date, 14), first.hour * 60 + first.minute, ROME),
      minutes: 30,
    });

    await page.getByLabel(en['followup.count']).selectOption('3');
    await page.getByLabel(en['followup.every']).selectOption('2');
    await page.getByRole('button', { name: en['followup.check'] }).click();
    const table = page.getByRole('table', { name: new RegExp(en['followup.occurrences_caption'].split('{')[0]!) });
    await table.waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
    await table.getByText(en['followup.problem.taken']).waitFor();
    expect(await table.getByText(en['followup.free'], { exact: true }).count()).toBe(2);
    await expectNoViolations(page, 'the checked series, one date taken, in English at 375 px');
    await shot(page, 'follow-up-series-checked', [375]);
    expect(await followUpsOf(source.id)).toEqual([]);

    // Every three weeks instead: all free.
    await page.getByLabel(en['followup.every']).selectOption('3');
    await page.getByRole('button', { name: en['followup.check'] }).click();
    await expect.poll(() => table.getByText(en['followup.free'], { exact: true }).count()).toBe(3);
    await page.getByRole('button', { name: en['followup.book_all'] }).click();
    await page
      .locator('#made')
      .getByText(formatMessage('en', en['followup.made'], { n: 3 }))
      .waitFor();
    await expectNoViolations(page, 'the series booked, in English at 375 px');
    await shot(page, 'follow-up-series-made', [375]);

    const rows = await followUpsOf(source.id);
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.seriesId)).size).toBe(1);
    expect(rows[0]!.seriesId).not.toBeNull();
    expect(new Set(rows.map((r) => r.localTime)).size).toBe(1);
    expect(pageErrors(page)).toEqual([]);
  });
});
