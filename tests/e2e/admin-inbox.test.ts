import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { bookings, messages } from '../../worker/src/db/schema';
import { givenBooking } from '../fixtures/builders';
import { ADMIN_SERVICES, navLink, pattern, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';
import { E2E_NOW, expectNoViolations, newPage, pageErrors } from './harness';

// The inbox at a real desk: an answer can be taken back for a few seconds (nothing is sent until then),
// a long inbox can be narrowed, two requests from one number are pointed out, and a desktop screen shows
// compact rows while a phone keeps cards.

let server: AdminServer;
let browser: Browser;
useAdminWorld((world) => ({ server, browser } = world));

const SHOTS = process.env.SHOTS_DIR;
const DAY = 86_400_000;
let nextDay = 3;

/** A fresh weekday (as a date) for each request, so tests do not see each other's requests by date. */
function day(): string {
  return new Date(E2E_NOW + nextDay++ * DAY).toISOString().slice(0, 10);
}

async function request(o: {
  name: string;
  phone?: string;
  date?: string;
  time?: string;
  service?: keyof typeof ADMIN_SERVICES;
  mode?: 'in_person' | 'remote';
}) {
  const date = o.date ?? day();
  return givenBooking(server.db, {
    serviceId: ADMIN_SERVICES[o.service ?? 'guidance'].id,
    volunteerId: server.volunteers.giulia,
    start: `${date}T${o.time ?? '08:00'}:00Z`,
    status: 'requested',
    holdUntil: E2E_NOW + 30 * DAY,
    mode: o.mode ?? 'in_person',
    personName: o.name,
    phone: o.phone ?? `+39347${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
  });
}

async function statusOf(id: string) {
  const [row] = await server.db.select({ status: bookings.status }).from(bookings).where(eq(bookings.id, id));
  return row?.status;
}

async function messagesOf(id: string) {
  return server.db.select({ kind: messages.kind }).from(messages).where(eq(messages.bookingId, id));
}

/** Cancels every request left from earlier tests, so each test sees only its own. */
async function clearInbox(): Promise<void> {
  await server.db.update(bookings).set({ status: 'cancelled' }).where(eq(bookings.status, 'requested'));
}

async function openInbox(width: number): Promise<Page> {
  const page = await newPage(browser, { viewport: { width, height: 900 } });
  await signInUi(page, server.origin, server.reception);
  await page.getByRole('heading', { level: 1, name: text('nav.inbox') }).waitFor();
  await expect.poll(() => page.getByText(text('common.loading')).count()).toBe(0);
  return page;
}

/** The card (phone) or the row (desktop) of a request. */
function item(page: Page, name: string) {
  return page.locator('article, tr').filter({ hasText: name });
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe('the inbox', () => {
  test('confirm shows what was done, and undo brings the request back with nothing sent', async () => {
    await clearInbox();
    const b = await request({ name: 'Teresa Undo' });
    const page = await openInbox(375);
    const card = item(page, 'Teresa Undo');
    await card.getByRole('button', { name: new RegExp(`^${text('inbox.confirm')}`) }).click();

    // The card leaves, a bar says what was done and offers undo, and the live region reads it out.
    await expect.poll(() => card.count()).toBe(0);
    const undo = page.getByRole('button', { name: new RegExp(`^${text('inbox.undo')}.*Teresa Undo`) });
    await undo.waitFor();
    expect(await page.getByText(pattern('inbox.confirmed')).first().textContent()).toContain('Teresa Undo');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Teresa Undo' }).count()).toBeGreaterThan(0);
    // Focus is on the undo button: Enter takes it back.
    expect(await undo.evaluate((el) => el.matches(':focus'))).toBe(true);
    await expectNoViolations(page, 'the inbox with the undo bar');
    await shot(page, 'inbox-undo-375');
    await page.keyboard.press('Enter');

    await expect.poll(() => card.count()).toBe(1);
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: pattern('inbox.undone') })
          .count(),
      )
      .toBe(1);
    // Well past the undo window: still a request, and no SMS was queued.
    await page.waitForTimeout(9_000);
    expect(await statusOf(b.id)).toBe('requested');
    expect(await messagesOf(b.id)).toEqual([]);
    expect(await card.count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
  }, 60_000);

  test('a confirm left alone lands after the undo window, with its SMS', async () => {
    await clearInbox();
    const b = await request({ name: 'Ugo Conferma' });
    const page = await openInbox(1280);
    await item(page, 'Ugo Conferma')
      .getByRole('button', { name: new RegExp(`^${text('inbox.confirm')}`) })
      .click();
    await page.getByRole('button', { name: new RegExp(`^${text('inbox.undo')}`) }).waitFor();
    // Held, not sent: the server still has a request.
    expect(await statusOf(b.id)).toBe('requested');
    await expect.poll(() => statusOf(b.id), { timeout: 15_000 }).toBe('confirmed');
    expect((await messagesOf(b.id)).map((m) => m.kind)).toEqual(['confirmation']);
    // The bar goes; what was done stays on the page until the next answer.
    await page.getByText(text('inbox.empty')).waitFor();
    await expect.poll(() => page.getByRole('button', { name: new RegExp(`^${text('inbox.undo')}`) }).count()).toBe(0);
    expect(await page.locator('p.success').filter({ hasText: 'Ugo Conferma' }).count()).toBe(1);
  }, 60_000);

  test('leaving the page sends the held answer at once: another page of the portal, or closing the tab', async () => {
    await clearInbox();
    const moved = await request({ name: 'Vera Naviga' });
    const closed = await request({ name: 'Walter Chiude' });
    const page = await openInbox(1280);

    await item(page, 'Vera Naviga')
      .getByRole('button', { name: new RegExp(`^${text('inbox.confirm')}`) })
      .click();
    await navLink(page, 'nav.agenda').click();
    // Well within the undo window.
    await expect.poll(() => statusOf(moved.id), { timeout: 4_000 }).toBe('confirmed');

    await navLink(page, 'nav.inbox').click();
    const row = item(page, 'Walter Chiude');
    await row.getByRole('button', { name: new RegExp(`^${text('inbox.reject')}`) }).click();
    await page.getByLabel(text('inbox.reason')).fill('Servizio non adatto');
    await page.getByRole('button', { name: text('inbox.reject_submit') }).click();
    await page.getByRole('button', { name: new RegExp(`^${text('inbox.undo')}.*Walter Chiude`) }).waitFor();
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => statusOf(closed.id), { timeout: 4_000 }).toBe('rejected');
  }, 60_000);

  test('filters by service, mode and day, and points out two requests from one number', async () => {
    await clearInbox();
    const first = day();
    const second = day();
    await request({ name: 'Alba Filtri', date: first, phone: '+393330000001', service: 'guidance', mode: 'remote' });
    await request({ name: 'Bruno Filtri', date: first, time: '10:00', phone: '+393330000002', service: 'cv' });
    await request({ name: 'Carla Filtri', date: second, phone: '+393330000001', service: 'guidance' });
    const page = await openInbox(375);
    await expect.poll(() => page.locator('article').count()).toBe(3);

    // One number, two requests: both say so, in words.
    const hint = text('inbox.same_phone', { n: 2 });
    expect(hint).toBe('Stesso numero: 2 richieste in attesa');
    expect(await item(page, 'Alba Filtri').getByText(hint).count()).toBe(1);
    expect(await item(page, 'Carla Filtri').getByText(hint).count()).toBe(1);
    expect(await item(page, 'Bruno Filtri').getByText(hint).count()).toBe(0);

    await page.getByLabel(text('booking.service')).selectOption({ label: ADMIN_SERVICES.cv.it });
    await expect.poll(() => page.locator('article').count()).toBe(1);
    expect(await item(page, 'Bruno Filtri').count()).toBe(1);
    await page.getByText(text('inbox.filtered', { n: 1, total: 3 })).waitFor();

    await page.getByRole('button', { name: text('inbox.filter_clear') }).click();
    await expect.poll(() => page.locator('article').count()).toBe(3);
    await page.getByLabel(text('booking.mode')).selectOption({ label: text('mode.remote') });
    await expect.poll(() => page.locator('article').count()).toBe(1);
    expect(await item(page, 'Alba Filtri').count()).toBe(1);

    await page.getByRole('button', { name: text('inbox.filter_clear') }).click();
    await page.getByLabel(text('inbox.filter_date')).selectOption(second);
    await expect.poll(() => page.locator('article').count()).toBe(1);
    expect(await item(page, 'Carla Filtri').count()).toBe(1);
    await expectNoViolations(page, 'the inbox filtered');
  }, 60_000);

  test('compact rows at 1280 px, cards at 375 px, in Italian and English, axe clean', async () => {
    await clearInbox();
    const date = day();
    await request({ name: 'Dario Layout', date, phone: '+393330000009' });
    await request({ name: 'Elisa Layout', date, time: '11:00', phone: '+393330000009', mode: 'remote' });
    await request({ name: 'Franco Layout', phone: '+393330000010', service: 'cv' });

    const wide = await openInbox(1280);
    await expect.poll(() => wide.getByRole('row').filter({ hasText: 'Dario Layout' }).count()).toBe(1);
    expect(await wide.locator('article').count()).toBe(0);
    // Compact: each request is one row no taller than a few lines.
    const height = await wide
      .getByRole('row')
      .filter({ hasText: 'Franco Layout' })
      .evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeLessThan(200);
    expect(await wide.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await expectNoViolations(wide, 'the compact inbox');
    await shot(wide, 'inbox-1280');
    await wide.getByRole('button', { name: 'English' }).click();
    await wide.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
    await wide.getByText('Same number: 2 requests waiting').first().waitFor();
    await expectNoViolations(wide, 'the compact inbox in English');
    await wide
      .getByRole('row')
      .filter({ hasText: 'Franco Layout' })
      .getByRole('button', { name: /^Reject/ })
      .click();
    await expectNoViolations(wide, 'the compact inbox with a reject form, in English');
    await shot(wide, 'inbox-1280-en-reject');

    const narrow = await openInbox(375);
    await expect.poll(() => narrow.locator('article').count()).toBe(3);
    expect(await narrow.getByRole('table').count()).toBe(0);
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
      0,
    );
    await expectNoViolations(narrow, 'the inbox cards');
    await shot(narrow, 'inbox-375');
    await narrow.getByRole('button', { name: 'English' }).click();
    await narrow.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
    await item(narrow, 'Franco Layout')
      .getByRole('button', { name: /^Confirm/ })
      .click();
    await narrow.getByRole('button', { name: /^Undo/ }).waitFor();
    await expectNoViolations(narrow, 'the inbox cards with the undo bar, in English');
    await shot(narrow, 'inbox-375-en-undo');
    await narrow.getByRole('button', { name: /^Undo/ }).click();
  }, 90_000);

  test('works with the keyboard alone: confirm, undo, reject with a reason', async () => {
    await clearInbox();
    const b = await request({ name: 'Gino Tastiera' });
    const page = await openInbox(1280);
    const confirm = item(page, 'Gino Tastiera').getByRole('button', { name: new RegExp(`^${text('inbox.confirm')}`) });
    await confirm.waitFor();

    // Tab from the top of the page until the confirm button has focus.
    await page.locator('body').focus();
    for (let i = 0; i < 60 && !(await confirm.evaluate((el) => el.matches(':focus'))); i++) {
      await page.keyboard.press('Tab');
    }
    expect(await confirm.evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.press('Enter');
    const undo = page.getByRole('button', { name: new RegExp(`^${text('inbox.undo')}`) });
    await undo.waitFor();
    expect(await undo.evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.press('Enter');
    // Back, with focus on its confirm button again.
    await expect.poll(() => confirm.evaluate((el) => el.matches(':focus'))).toBe(true);

    await page.keyboard.press('Tab'); // the reject button
    await page.keyboard.press('Enter');
    const reason = page.getByLabel(text('inbox.reason'));
    await expect.poll(() => reason.evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.type('Fuori zona');
    await page.keyboard.press('Tab'); // the reject submit button
    await page.keyboard.press('Enter');
    await undo.waitFor();
    await expect.poll(() => statusOf(b.id), { timeout: 15_000 }).toBe('rejected');
    expect(pageErrors(page)).toEqual([]);
  }, 60_000);
});
