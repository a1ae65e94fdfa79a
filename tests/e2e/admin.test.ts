import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { bookingByReference } from './harness';
import { WidgetUi } from './widget-ui';
import { E2E_NOW, expectNoViolations, newPage, pageErrors } from './harness';
import { ADMIN_SERVICES, navLink, pattern, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';
import { givenBooking } from '../fixtures/builders';

let server: AdminServer;
let browser: Browser;
useAdminWorld((world) => ({ server, browser } = world));

/** Waits for the page's h1 and for its data (no "Caricamento…" left). */
async function pageReady(page: Page, heading: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await expect.poll(() => page.getByText(text('common.loading')).count()).toBe(0);
}

/**
 * A request made by a person through the booking widget on the demo page the local app serves at `/`
 * (the same page `npm start` shows): the first free slot of the guidance talk, in person.
 */
async function requestThroughWidget(name: string, phone: string) {
  const page = await newPage(browser);
  try {
    const ui = new WidgetUi(page, 'it');
    await ui.open(`${server.origin}/`);
    const service = ADMIN_SERVICES.guidance.it.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await ui.host.getByRole('button', { name: new RegExp(`^${service}`) }).click();
    await ui.heading('mode').waitFor();
    const availability = await ui.chooseMode('in_person');
    const start = await ui.chooseFirstSlot(availability);
    await ui.fillDetails({ name, phone });
    await ui.toReview();
    const reference = await ui.submit();
    expect(pageErrors(page)).toEqual([]);
    const day = availability.days.find((d) => d.slots.some((s) => s.start === start))!;
    const slot = day.slots.find((s) => s.start === start)!;
    return { ...slot, date: day.date, reference };
  } finally {
    await page.context().close();
  }
}

describe('admin portal in real Chromium', () => {
  test('reception confirms a request from the widget, finds it in the week agenda and marks it attended', async () => {
    const request = await requestThroughWidget('Lucia Verdi', '347 123 4567');
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.reception);

    // The inbox is reception's landing page; the request waits there with its person and phone.
    await pageReady(page, text('nav.inbox'));
    const card = page.locator('article, tr').filter({ hasText: 'Lucia Verdi' });
    await expect.poll(() => card.count()).toBe(1);
    await expect.poll(() => card.textContent()).toContain('+39 347 123 4567');
    await expect.poll(() => page.getByText(text('inbox.count', { n: 1 })).count()).toBe(1);
    await expectNoViolations(page, 'the inbox');

    await card.getByRole('button', { name: new RegExp(`^${text('inbox.confirm')}`) }).click();
    await page.getByText(text('inbox.empty')).waitFor();
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /Lucia Verdi/ })
          .count(),
      )
      .toBeGreaterThan(0);
    // The answer is held for the undo window (admin-inbox.ts), then sent.
    await expect
      .poll(async () => (await bookingByReference(server.db, request.reference))?.status, { timeout: 15_000 })
      .toBe('confirmed');

    // The week agenda of the appointment's day lists it under its volunteer.
    await navLink(page, 'nav.agenda').click();
    await page.getByRole('heading', { level: 1, name: pattern('agenda.title_week') }).waitFor();
    await page.getByLabel(text('agenda.go_to')).fill(request.date);
    await page.getByRole('button', { name: text('agenda.go'), exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'Lucia Verdi' });
    await row.waitFor();
    expect(await row.textContent()).toContain(text('status.confirmed'));
    await expectNoViolations(page, 'the week agenda');

    // Its page; once the appointment has started, reception records that the person came.
    await row.getByRole('link', { name: pattern('agenda.open_booking') }).click();
    await pageReady(page, text('booking.heading', { ref: request.reference }));
    await expectNoViolations(page, 'the booking page');
    const bookingHash = new URL(page.url()).hash;

    // The appointment's start may be the next morning, past the 12-hour idle limit of the session: reception
    // signs in again (the portal returns to the booking's page), as it would on that day.
    server.clock.set(Date.parse(request.start) + 5 * 60_000);
    const later = await newPage(browser);
    await signInUi(later, server.origin, server.reception, bookingHash);
    await pageReady(later, text('booking.heading', { ref: request.reference }));
    await later.getByRole('button', { name: text('booking.attended') }).click();
    await later
      .getByRole('status')
      .filter({ hasText: text('booking.marked_attended') })
      .waitFor();
    await later.getByText(text('status.attended'), { exact: true }).first().waitFor();
    expect((await bookingByReference(server.db, request.reference))?.status).toBe('attended');
    await later.getByText(text('event.outcome')).waitFor();
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(later)).toEqual([]);
    server.clock.set(E2E_NOW);
  });

  test('reception books a walk-in on behalf: created confirmed, with the keyboard only', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.reception);
    await navLink(page, 'nav.book').click();
    await pageReady(page, text('nav.book'));

    // Submitting the empty form lists what is missing and moves focus to that summary.
    await page.getByRole('button', { name: text('book.submit'), exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: text('book.service_missing') })
      .waitFor();

    await page.getByRole('radio', { name: new RegExp(ADMIN_SERVICES.cv.it) }).check();
    await page.getByRole('radio', { name: text('mode.in_person') }).check();
    const firstTime = page
      .getByRole('group', { name: pattern('slots.time') })
      .getByRole('radio')
      .first();
    await firstTime.focus();
    await page.keyboard.press('Space');
    await page.getByLabel(text('book.name')).fill('Giorgio Rana');
    await page.getByLabel(text('book.phone')).fill('348 765 4321');
    await page.getByLabel(text('book.phone')).press('Enter');

    const done = page.locator('#created').getByText(pattern('book.created'));
    await done.waitFor();
    const reference = /([A-Z0-9]{5,})\.?$/.exec((await done.textContent()) ?? '')?.[1] ?? '';
    const row = await bookingByReference(server.db, reference);
    expect(row?.status).toBe('confirmed');
    expect(row?.channel).toBe('reception');
    expect(row?.phone).toBe('+393487654321');
    await expectNoViolations(page, 'the book page after booking');
  });

  test('a volunteer sees only their own appointments and no inbox', async () => {
    const day = new Date(E2E_NOW + 9 * 86_400_000).toISOString().slice(0, 10);
    await givenBooking(server.db, {
      serviceId: ADMIN_SERVICES.guidance.id,
      volunteerId: server.volunteers.giulia,
      start: `${day}T08:00:00Z`,
      personName: 'Paola Neri',
    });
    await givenBooking(server.db, {
      serviceId: ADMIN_SERVICES.guidance.id,
      volunteerId: server.volunteers.ahmed,
      start: `${day}T09:00:00Z`,
      personName: 'Marco Gialli',
    });
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.volunteer);
    await pageReady(page, pattern('agenda.title_week'));
    expect(await navLink(page, 'nav.inbox').count()).toBe(0);

    await page.getByLabel(text('agenda.go_to')).fill(day);
    await page.getByRole('button', { name: text('agenda.go'), exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'Marco Gialli' }).waitFor();
    expect(await page.getByText('Paola Neri').count()).toBe(0);
    await expectNoViolations(page, "a volunteer's agenda");
  });

  test('a wrong password is announced on the login page', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.origin}/admin/`);
    await pageReady(page, text('login.title'));
    await expectNoViolations(page, 'the login page');
    await page.getByLabel(text('login.email')).fill(server.reception.email);
    await page.getByLabel(text('login.password'), { exact: true }).fill('not the password');
    await page.getByRole('button', { name: text('login.submit'), exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: text('login.failed') })
      .waitFor();
    await expectNoViolations(page, 'the login page with an error');
  });

  test('axe-core finds nothing on every page of the portal', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.admin);
    const pages = [
      ['book', 'nav.book'],
      ['volunteers', 'nav.volunteers'],
      ['services', 'nav.services'],
      ['closures', 'nav.closures'],
      ['settings', 'nav.settings'],
      ['users', 'nav.users'],
      ['people', 'nav.people'],
      ['dashboard', 'nav.dashboard'],
      ['messages', 'nav.messages'],
      ['password', 'password.title'],
    ] as const;
    for (const [hash, title] of pages) {
      await page.goto(`${server.origin}/admin/#/${hash}`);
      await pageReady(page, text(title));
      // The page shows its data, not a failed load.
      expect(await page.locator('.alert').count(), `#/${hash} shows an error`).toBe(0);
      await expectNoViolations(page, `#/${hash}`);
    }

    expect(pageErrors(page)).toEqual([]);
  });

  test('axe-core finds nothing with the forms open and after a failed submit', async () => {
    const day = new Date(E2E_NOW + 13 * 86_400_000).toISOString().slice(0, 10);
    await givenBooking(server.db, {
      serviceId: ADMIN_SERVICES.guidance.id,
      volunteerId: server.volunteers.giulia,
      start: `${day}T08:00:00Z`,
      personName: 'Elena Blu',
      phone: '+393401112233',
    });
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.admin);
    await page.goto(`${server.origin}/admin/#/volunteers`);
    await pageReady(page, text('nav.volunteers'));
    await page.getByRole('button', { name: text('volunteers.add') }).click();
    await page.getByRole('button', { name: text('volunteers.create') }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: text('volunteers.name_missing') })
      .first()
      .waitFor();
    await expectNoViolations(page, 'the new volunteer form with an error');

    await page.goto(`${server.origin}/admin/#/volunteers/${server.volunteers.giulia}`);
    await pageReady(page, 'Giulia Bianchi');
    await page.getByRole('button', { name: text('volunteer.add_shift') }).click();
    await page.getByRole('button', { name: text('volunteer.rotate') }).click();
    await expectNoViolations(page, "a volunteer's page with the shift form and the rotate question");

    await page.goto(`${server.origin}/admin/#/services`);
    await pageReady(page, text('nav.services'));
    await page.getByRole('button', { name: text('services.add') }).click();
    await expectNoViolations(page, 'the new service form');

    await page.goto(`${server.origin}/admin/#/users`);
    await pageReady(page, text('nav.users'));
    await page.getByRole('button', { name: text('users.add') }).click();
    await expectNoViolations(page, 'the new user form');

    await page.goto(`${server.origin}/admin/#/people`);
    await pageReady(page, text('nav.people'));
    await page.getByLabel(text('people.query')).fill('340 111 2233');
    await page.getByLabel(text('people.query')).press('Enter');
    await page.getByRole('button', { name: /^Elena Blu/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Elena Blu' }).waitFor();
    await page.getByRole('button', { name: text('people.erase') }).click();
    await expectNoViolations(page, 'a person found, with the erase form');

    await page.goto(`${server.origin}/admin/#/dashboard`);
    await pageReady(page, text('nav.dashboard'));
    await page.getByText(text('dashboard.chart_table')).click();
    await expectNoViolations(page, 'the dashboard with its data table open');
    expect(pageErrors(page)).toEqual([]);
  });

  test('at 320 px no page scrolls sideways, and the menu opens from a button', async () => {
    const page = await newPage(browser, { viewport: { width: 320, height: 640 } });
    await signInUi(page, server.origin, server.admin);
    const nav = page.getByRole('navigation', { name: text('app.nav') });
    expect(await nav.isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: text('app.menu') });
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: text('nav.agenda') }).click();
    await pageReady(page, pattern('agenda.title_week'));
    expect(await nav.isVisible()).toBe(false);

    const day = new Date(E2E_NOW + 15 * 86_400_000).toISOString().slice(0, 10);
    const booking = await givenBooking(server.db, {
      serviceId: ADMIN_SERVICES.guidance.id,
      volunteerId: server.volunteers.ahmed,
      start: `${day}T12:00:00Z`,
      personName: 'Bartolomeo Lunghinomi Della Valle',
      note: 'Una nota piuttosto lunga per vedere se il testo va a capo come deve su uno schermo stretto.',
    });
    const hashes = [
      'inbox',
      'agenda',
      `bookings/${booking.id}`,
      `agenda?view=day&date=${day}`,
      'book',
      'volunteers',
      `volunteers/${server.volunteers.giulia}`,
      'services',
      'closures',
      'settings',
      'users',
      'people',
      'dashboard',
      'messages',
      'password',
    ];
    for (const hash of hashes) {
      await page.goto(`${server.origin}/admin/#/${hash}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await expect.poll(() => page.getByText(text('common.loading')).count()).toBe(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `#/${hash} is wider than the screen`).toBeLessThanOrEqual(0);
    }
  });

  test('the portal switches to English and stays accessible', async () => {
    const page = await newPage(browser);
    await signInUi(page, server.origin, server.reception);
    await pageReady(page, text('nav.inbox'));
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Requests' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('link', { name: 'Agenda' }).click();
    await page.getByRole('heading', { level: 1, name: /^Agenda from/ }).waitFor();
    await expectNoViolations(page, 'the agenda in English');
  });
});
