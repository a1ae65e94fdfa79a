/**
 * Reception's waiting list page: the list in join order with each entry's offer, removing one after a
 * question, booking one on the phone, adding a caller; axe at every step, in Italian and English.
 * Every test here needs the staff waitlist API (wl-server's part): entries are written straight to the
 * table, the page reads and changes them through the API.
 */
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { bookings, waitlistEntries, waitlistOffers } from '../../worker/src/db/schema';
import { E2E_NOW, E2E_TODAY, expectNoViolations, newPage, pageErrors } from './harness';
import { ADMIN_SERVICES, pattern, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';

/** A row's action button: its words, then (for screen readers) whose row it is. */
const rowAction = (key: 'waitlist.remove' | 'waitlist.book', name: string) => new RegExp(`^${text(key)}\\W*${name}$`);

let server: AdminServer;
let browser: Browser;
useAdminWorld((world) => ({ server, browser } = world));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A waiting entry written straight to the table; `minutesAgo` orders them. */
async function givenEntry(id: string, name: string, phone: string, minutesAgo: number, language = 'it' as const) {
  const at = E2E_NOW - minutesAgo * 60_000;
  await server.db.insert(waitlistEntries).values({
    id,
    reference: `WL${id.slice(-4).toUpperCase()}`,
    manageCode: `code-${id}-0123456789abcdef`,
    serviceId: ADMIN_SERVICES.guidance.id,
    mode: 'in_person',
    fromDate: E2E_TODAY,
    toDate: '2026-10-30',
    language,
    personName: name,
    phone,
    consentAt: at,
    createdAt: at,
    updatedAt: at,
  });
}

beforeAll(async () => {
  // Bruno joined last but one, Amina first, Chen last; Bruno has an open offer (Wednesday 9:00, held until 12:00).
  await givenEntry('wle-amina', 'Amina Diallo', '+393475550001', 90);
  await givenEntry('wle-bruno', 'Bruno Neri', '+393475550002', 60);
  await givenEntry('wle-chen', 'Chen Wei', '+393475550003', 30, 'it');
  const start = Date.parse('2026-10-14T07:00:00Z');
  await server.db.insert(waitlistOffers).values({
    id: 'wlo-bruno',
    code: 'offer-bruno-0123456789abcdef',
    entryId: 'wle-bruno',
    serviceId: ADMIN_SERVICES.guidance.id,
    mode: 'in_person',
    volunteerId: server.volunteers.giulia,
    startAt: start,
    endAt: start + HOUR,
    localDate: '2026-10-14',
    localTime: '09:00',
    holdUntil: E2E_NOW + 2 * HOUR,
    freedAt: E2E_NOW - 10 * 60_000,
    createdAt: E2E_NOW - 10 * 60_000,
  });
});

async function openList(page: Page): Promise<void> {
  await signInUi(page, server.origin, server.reception);
  await page.goto(`${server.origin}/admin/#/waitlist`);
  await page.getByRole('heading', { level: 1, name: text('nav.waitlist') }).waitFor();
  await page.getByRole('table').waitFor();
}

const entryStatus = async (id: string) =>
  (await server.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, id)))[0]?.status;

describe('the waiting list, as reception sees it', () => {
  test('in join order, each with its offer; removing one asks first', async () => {
    const page = await newPage(browser);
    await openList(page);
    const rows = page.getByRole('row');
    await expect.poll(() => rows.count()).toBe(4);
    const names = await rows.evaluateAll((trs) => trs.slice(1).map((tr) => tr.children[1]?.textContent ?? ''));
    expect(names.map((n) => n.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'Amina Diallo',
      'Bruno Neri',
      'Chen Wei',
    ]);
    await expect.poll(() => page.getByText(pattern('waitlist.offer.open')).count()).toBe(1);
    await expect.poll(() => page.getByText(pattern('waitlist.offer.until')).count()).toBe(1);
    await expectNoViolations(page, 'the waiting list');

    await page.getByRole('button', { name: rowAction('waitlist.remove', 'Chen Wei') }).click();
    const question = page.getByText(text('waitlist.remove_question', { name: 'Chen Wei' }));
    await question.waitFor();
    // The question takes the focus, so a screen reader hears it at once.
    expect(await question.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await expectNoViolations(page, 'the question before removing');
    await page.getByRole('button', { name: text('waitlist.remove_no') }).click();
    expect(await entryStatus('wle-chen')).toBe('waiting');

    await page.getByRole('button', { name: rowAction('waitlist.remove', 'Chen Wei') }).click();
    await page.getByRole('button', { name: text('waitlist.remove_yes') }).click();
    await expect.poll(() => rows.count()).toBe(3);
    expect(await entryStatus('wle-chen')).toBe('removed');
    expect(pageErrors(page)).toEqual([]);
  });

  test('booking a caller on the phone: a free time, confirmed at once, the entry booked', async () => {
    const page = await newPage(browser);
    await openList(page);
    await page.getByRole('button', { name: rowAction('waitlist.book', 'Amina Diallo') }).click();
    await page.getByRole('heading', { name: text('waitlist.book_title', { name: 'Amina Diallo' }) }).waitFor();
    // Sent without a time: the summary says so.
    await page.getByRole('button', { name: text('waitlist.book_submit') }).click();
    await page.getByRole('link', { name: text('booking.slot_missing') }).waitFor();
    await expectNoViolations(page, 'booking on the phone, no time chosen');

    const time = page.getByRole('radio').first();
    await time.check();
    await page.getByRole('button', { name: text('waitlist.book_submit') }).click();
    await page
      .getByText(text('waitlist.booked', { name: 'Amina Diallo' }))
      .first()
      .waitFor();
    await expectNoViolations(page, 'booked from the list');
    expect(await entryStatus('wle-amina')).toBe('booked');
    const [booking] = await server.db.select().from(bookings).where(eq(bookings.channel, 'waitlist'));
    expect(booking).toMatchObject({ status: 'confirmed', personName: 'Amina Diallo', phone: '+393475550001' });
    expect(booking!.startAt).toBeGreaterThan(E2E_NOW);
    expect(booking!.startAt).toBeLessThan(E2E_NOW + 30 * DAY);
    expect(pageErrors(page)).toEqual([]);
  });

  test('adding a caller: what is missing is said first, then the entry joins the end of the list', async () => {
    const page = await newPage(browser);
    await openList(page);
    await page.getByRole('button', { name: text('waitlist.add') }).click();
    await page.getByRole('button', { name: text('waitlist.add_submit') }).click();
    await page.getByRole('link', { name: text('book.name_missing') }).waitFor();
    await expectNoViolations(page, 'adding a caller, nothing filled in');

    await page.getByRole('radio', { name: ADMIN_SERVICES.cv.it }).check();
    await page.getByLabel(text('waitlist.from')).fill('2026-10-19');
    await page.getByLabel(text('waitlist.to')).fill('2026-10-23');
    await page.getByLabel(text('book.name')).fill('Dario Fo');
    await page.getByLabel(text('book.phone')).fill('347 555 0004');
    await page.getByRole('button', { name: text('waitlist.add_submit') }).click();
    await page.getByRole('cell', { name: /Dario Fo/ }).waitFor();
    const [entry] = await server.db.select().from(waitlistEntries).where(eq(waitlistEntries.personName, 'Dario Fo'));
    expect(entry).toMatchObject({
      status: 'waiting',
      channel: 'reception',
      serviceId: ADMIN_SERVICES.cv.id,
      mode: 'in_person',
      fromDate: '2026-10-19',
      toDate: '2026-10-23',
      phone: '+393475550004',
    });
    expect(pageErrors(page)).toEqual([]);
  });

  test('in English at 375 px, with the ended entries too: nothing scrolls sideways, axe finds nothing', async () => {
    const page = await newPage(browser, { viewport: { width: 375, height: 740 } });
    await openList(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Waiting list' }).waitFor();
    await page.getByRole('checkbox', { name: /Also show people who left/ }).check();
    await page.getByRole('columnheader', { name: 'Status' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoViolations(page, 'the waiting list in English, ended entries shown');
    expect(pageErrors(page)).toEqual([]);
  });
});
