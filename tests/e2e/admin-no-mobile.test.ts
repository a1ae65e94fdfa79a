/**
 * Reception books callers without a mobile (PRODUCT.md, "Staff bookings without a mobile"): a landline in
 * Italian, no phone in English; the booking, its page and the agenda say "no SMS: call to remind" in words.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { en } from '../../admin/src/i18n/en';
import { bookingByReference, expectNoViolations, newPage, pageErrors } from './harness';
import { ADMIN_SERVICES, navLink, pattern, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';

let server: AdminServer;
let browser: Browser;
useAdminWorld((world) => ({ server, browser } = world));

type Catalog = (key: keyof typeof en) => string;
const italian: Catalog = (key) => text(key);
const english: Catalog = (key) => en[key];

async function pageReady(page: Page, t: Catalog, heading: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await expect.poll(() => page.getByText(t('common.loading')).count()).toBe(0);
}

/** Fills the book form up to the person's name with the first free time of the CV service, in person. */
async function startBooking(page: Page, t: Catalog, service: string, name: string): Promise<void> {
  await navLink(page, 'nav.book')
    .or(page.getByRole('link', { name: new RegExp(`^${t('nav.book')}`) }))
    .first()
    .click();
  await pageReady(page, t, t('nav.book'));
  await page.getByRole('radio', { name: new RegExp(service) }).check();
  await page.getByRole('radio', { name: t('mode.in_person') }).check();
  await page
    .getByRole('group', { name: new RegExp(t('slots.time').split('{')[0]!) })
    .getByRole('radio')
    .first()
    .check();
  await page.getByLabel(t('book.name')).fill(name);
}

/** Submits and reads the new booking's reference from the success box. */
async function submitBooking(page: Page, t: Catalog): Promise<string> {
  await page.getByRole('button', { name: t('book.submit'), exact: true }).click();
  const done = page.locator('#created');
  await done.waitFor();
  await expect.poll(() => done.textContent()).toContain(t('booking.no_sms'));
  return /([A-Z0-9]{5,})\.?\s*$/m.exec((await done.locator('p').first().textContent()) ?? '')?.[1] ?? '';
}

describe('booking a caller without a mobile', () => {
  test('a landline, in Italian: no SMS, marked on the booking, its history and the agenda', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.reception);
    await startBooking(page, italian, ADMIN_SERVICES.cv.it, 'Giuseppe Verdi');

    // Choosing the landline says no texts will go out, and relabels the number (keyboard: arrows move the choice).
    await page.getByRole('radio', { name: text('book.phone_kind_mobile') }).focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByRole('radio', { name: text('book.phone_kind_landline') }).isChecked()).toBe(true);
    const group = page.getByRole('group', { name: text('book.phone_kind') });
    await expect.poll(() => group.getAttribute('aria-describedby')).toBe('phoneKind-hint');
    await page.getByText(text('book.no_sms_hint')).waitFor();
    expect(await page.getByLabel(text('book.phone'), { exact: true }).count()).toBe(0);

    // An empty number is still refused for a landline, at the field.
    await page.getByRole('button', { name: text('book.submit'), exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: text('book.landline_missing') })
      .waitFor();
    await expectNoViolations(page, 'the book form, landline chosen, number missing');

    await page.getByLabel(text('book.landline')).fill('06 1234 5678');
    const reference = await submitBooking(page, italian);
    const row = await bookingByReference(server.db, reference);
    expect(row).toMatchObject({ status: 'confirmed', phone: '+390612345678', phoneKind: 'landline' });
    await expectNoViolations(page, 'the book page after a landline booking');

    await page.getByRole('link', { name: text('book.open_created') }).click();
    await pageReady(page, italian, text('booking.heading', { ref: reference }));
    await page.getByText(text('booking.no_sms'), { exact: true }).waitFor();
    await page.getByText(text('event.no_sms_landline')).waitFor();
    await expect.poll(() => page.getByRole('link', { name: '+39 06 1234 5678' }).count()).toBe(1);
    await expectNoViolations(page, 'the booking page of a landline booking');

    await navLink(page, 'nav.agenda').click();
    await page.getByRole('heading', { level: 1, name: pattern('agenda.title_week') }).waitFor();
    await page.getByLabel(text('agenda.go_to')).fill(row!.localDate);
    await page.getByRole('button', { name: text('agenda.go'), exact: true }).click();
    const agendaRow = page.getByRole('row').filter({ hasText: 'Giuseppe Verdi' });
    await agendaRow.waitFor();
    await expect.poll(() => agendaRow.textContent()).toContain(text('booking.no_sms'));
    await expectNoViolations(page, 'the agenda with a landline booking');
    expect(pageErrors(page)).toEqual([]);
  });

  test('no phone at all, in English: the number field goes away and the booking is made', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.reception);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: en['nav.inbox'] }).waitFor();
    await startBooking(page, english, ADMIN_SERVICES.cv.en, 'Anna Bianchi');

    await page.getByRole('radio', { name: en['book.phone_kind_none'] }).check();
    expect(await page.getByLabel(en['book.phone'], { exact: true }).count()).toBe(0);
    expect(await page.getByLabel(en['book.landline'], { exact: true }).count()).toBe(0);
    await page.getByText(en['book.no_sms_hint']).waitFor();
    await expectNoViolations(page, 'the book form in English, no phone chosen');

    const reference = await submitBooking(page, english);
    expect(await bookingByReference(server.db, reference)).toMatchObject({ phone: null, phoneKind: 'none' });
    await expectNoViolations(page, 'the book page in English after a booking without a phone');

    await page.getByRole('link', { name: en['book.open_created'] }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(reference) }).waitFor();
    await page.getByText(en['booking.no_sms'], { exact: true }).waitFor();
    await page.getByText(en['event.no_sms_none']).waitFor();
    await expectNoViolations(page, 'the booking page in English without a phone');
    expect(pageErrors(page)).toEqual([]);
  });
});
