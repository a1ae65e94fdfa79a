/**
 * The printable day list in real Chromium: a full day (14 appointments, long names, a landline, a remote
 * appointment, needs, a confirmed attendance) opened with one click from the agenda, which prints it; on
 * screen at 1280 and 360 px; under print media without the portal's header, menu or buttons, as wide as an
 * A4 sheet's printable area and as one A4 page (Chromium's own PDF of it has one page); per volunteer and
 * for everyone; needs only for the desk; axe clean in Italian and English.
 */
import { mkdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { volunteers } from '../../worker/src/db/schema';
import { givenBooking } from '../fixtures/builders';
import { ADMIN_SERVICES, signInUi, text, useAdminWorld, type AdminServer } from './admin-harness';
import { expectNoViolations, newPage, pageErrors } from './harness';

let server: AdminServer;
let browser: Browser;
useAdminWorld((w) => ({ server, browser } = w));

/** Tuesday after E2E_NOW (Monday 12 October 2026): the printed day. */
const DAY = '2026-10-13';
const SHOTS = process.env.SHOTS_DIR;
/** A4 portrait minus the 10 mm margins of page.css, in CSS pixels (96 per inch). */
const MM = 96 / 25.4;
const PRINT_WIDTH = Math.floor((210 - 20) * MM);
const PRINT_HEIGHT = Math.floor((297 - 20) * MM);
const NEEDS = 'Usa una sedia a rotelle: serve la stanza al piano terra';
const LONG_NAME = 'Maria Concetta Esposito-Bianchi de Rossi';

beforeAll(async () => {
  const { giulia, ahmed } = server.volunteers;
  await server.db
    .update(volunteers)
    .set({ videoLink: 'https://meet.example.org/ahmed-karim-sportello' })
    .where(eq(volunteers.id, ahmed));
  for (let i = 0; i < 7; i++) {
    for (const [v, who] of [
      [giulia, 'g'],
      [ahmed, 'a'],
    ] as const) {
      const hh = String(9 + i + (i >= 4 ? 1 : 0)).padStart(2, '0');
      await givenBooking(server.db, {
        serviceId: i % 2 ? ADMIN_SERVICES.cv.id : ADMIN_SERVICES.guidance.id,
        volunteerId: v,
        start: `${DAY}T${hh}:00:00+02:00`,
        localDate: DAY,
        localTime: `${hh}:00`,
        minutes: i % 2 ? 30 : 60,
        personName: i === 0 && who === 'g' ? LONG_NAME : `Persona ${who}${i}`,
        phone: `+3934712300${who === 'g' ? 1 : 2}${i}`,
        ...(i === 1 && who === 'g' ? { phone: '+390612345678', phoneKind: 'landline' as const } : {}),
        ...(i === 2 && who === 'a' ? { mode: 'remote' as const, serviceId: ADMIN_SERVICES.guidance.id } : {}),
        ...(i === 3 && who === 'g'
          ? { accessibilityNeeds: NEEDS, accessibilityConsentAt: Date.parse('2026-10-01') }
          : {}),
        ...(i === 4 ? { attendanceConfirmedAt: Date.parse('2026-10-12T07:00:00Z') } : {}),
      });
    }
  }
  // Not on the list: a cancelled booking.
  await givenBooking(server.db, {
    serviceId: ADMIN_SERVICES.cv.id,
    volunteerId: giulia,
    start: `${DAY}T17:00:00+02:00`,
    localDate: DAY,
    localTime: '17:00',
    status: 'cancelled',
    personName: 'Annullata Persona',
  });
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

/** A page whose window.print() only counts its calls (the dialog cannot be driven from a test). */
async function printingPage(width: number): Promise<Page> {
  const page = await newPage(browser, { viewport: { width, height: 900 } });
  await page.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void (window as unknown as { printed: number }).printed++;
  });
  return page;
}

const rows = (page: Page) => page.locator('admin-day-list tbody tr');
const printed = (page: Page) => page.evaluate(() => (window as unknown as { printed: number }).printed);

async function dayListReady(page: Page, n: number): Promise<void> {
  await page.getByRole('heading', { level: 1, name: /^Elenco del giorno|^Day list/ }).waitFor();
  await expect.poll(() => rows(page).count()).toBe(n);
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe('the printable day list', () => {
  test('one click from the agenda prints the whole day: every appointment with what the desk needs', async () => {
    const page = await printingPage(1280);
    await signInUi(page, server.origin, server.reception, `#/agenda?view=day&date=${DAY}`);
    await page.getByRole('heading', { level: 1, name: /^Agenda di/ }).waitFor();
    await page.getByRole('link', { name: new RegExp(`^${text('agenda.day_list')}`) }).click();
    await dayListReady(page, 14);
    await expect.poll(() => printed(page)).toBe(1);
    // The address no longer asks to print: going back here does not print again.
    expect(page.url()).not.toContain('print=1');

    const table = page.locator('admin-day-list table');
    const headers = await table.locator('thead th').allTextContents();
    expect(headers.map((h) => h.trim())).toEqual([
      text('day.col_time'),
      text('day.col_person'),
      text('day.col_volunteer'),
      text('day.col_service'),
      text('day.col_needs'),
      text('day.col_confirmed'),
      text('day.col_arrival'),
    ]);
    const first = await rows(page).first().textContent();
    expect(first).toMatch(/09:00–10:00/);
    // At the same time, by volunteer name.
    expect(first).toContain('Ahmed Karim');
    const all = (await table.textContent()) ?? '';
    expect(all).toContain(LONG_NAME);
    expect(all).toContain('347 123 0010');
    expect(all).toContain(NEEDS);
    expect(all).not.toContain('Annullata');
    const landline = rows(page).filter({ hasText: 'Persona g1' });
    expect(await landline.textContent()).toContain(text('booking.no_sms'));
    expect(
      await rows(page)
        .filter({ hasText: text('booking.no_sms') })
        .count(),
    ).toBe(1);
    // Two people said they will come: a mark with words, not a colour.
    expect(
      await rows(page)
        .filter({ hasText: `✓ ${text('agenda.confirmed_flag')}` })
        .count(),
    ).toBe(2);
    // The video link, whenever the staff API gives one for the remote appointment.
    const api = (await page.evaluate((d) => fetch(`/api/admin/day-list?date=${d}`).then((r) => r.json()), DAY)) as {
      bookings: { mode: string; videoLink?: string | null }[];
    };
    const link = api.bookings.find((b) => b.mode === 'remote')?.videoLink;
    if (link) expect(all).toContain(link);

    await expectNoViolations(page, 'the day list');
    await shot(page, 'day-list-1280');
    expect(pageErrors(page)).toEqual([]);
  });

  test('printed, it has no header, menu or buttons and fits one A4 sheet', async () => {
    const page = await printingPage(PRINT_WIDTH);
    await signInUi(page, server.origin, server.admin, `#/day/${DAY}`);
    await dayListReady(page, 14);
    expect(await page.getByRole('button', { name: text('day.print') }).isVisible()).toBe(true);

    await page.emulateMedia({ media: 'print' });
    await shot(page, 'day-list-print');
    for (const role of ['button', 'navigation', 'banner'] as const) {
      const visible = await Promise.all((await page.getByRole(role).all()).map((l) => l.isVisible()));
      expect(visible.filter(Boolean), `a ${role} shows in print`).toEqual([]);
    }
    expect(await page.getByRole('combobox').isVisible()).toBe(false);
    const box = await page.locator('admin-day-list table').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(PRINT_WIDTH);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PRINT_WIDTH);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height, 'the day list is taller than one A4 page').toBeLessThanOrEqual(PRINT_HEIGHT);
    // Readable on paper: the table's text is at least 9 points.
    const size = await page
      .locator('admin-day-list td')
      .first()
      .evaluate((td) => getComputedStyle(td).fontSize);
    expect(parseFloat(size)).toBeGreaterThanOrEqual(12);

    // What Chromium itself prints (A4, page.css's @page): one page.
    const pdf = (await page.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
  });

  test('per volunteer: one volunteer’s appointments, without the volunteer column', async () => {
    const page = await printingPage(1280);
    await signInUi(page, server.origin, server.reception, `#/day/${DAY}?volunteer=${server.volunteers.giulia}`);
    await dayListReady(page, 7);
    await page.getByText(text('day.volunteer', { name: 'Giulia Bianchi' })).waitFor();
    const headers = await page.locator('admin-day-list thead th').allTextContents();
    expect(headers.map((h) => h.trim())).not.toContain(text('day.col_volunteer'));
    expect(await page.locator('admin-day-list table').textContent()).not.toContain('Persona a');
    expect(await printed(page)).toBe(0);
  });

  test('a volunteer prints their own day, without anyone’s needs', async () => {
    const page = await printingPage(1280);
    await signInUi(page, server.origin, server.volunteer, `#/agenda?view=day&date=${DAY}`);
    await page.getByRole('link', { name: new RegExp(`^${text('agenda.day_list')}`) }).click();
    await dayListReady(page, 7);
    await expect.poll(() => printed(page)).toBe(1);
    const table = (await page.locator('admin-day-list table').textContent()) ?? '';
    expect(table).not.toContain('Persona g');
    const headers = await page.locator('admin-day-list thead th').allTextContents();
    expect(headers.map((h) => h.trim())).not.toContain(text('day.col_needs'));
    // Nor does the API give them.
    const api = (await page.evaluate((d) => fetch(`/api/admin/day-list?date=${d}`).then((r) => r.json()), DAY)) as {
      needsShown: boolean;
      bookings: object[];
    };
    expect(api.needsShown).toBe(false);
    expect(api.bookings.some((b) => 'accessibilityNeeds' in b)).toBe(false);
  });

  test('in English, and on a 360 px phone, it stays accessible', async () => {
    const page = await printingPage(360);
    await signInUi(page, server.origin, server.reception, `#/day/${DAY}`);
    await dayListReady(page, 14);
    await expectNoViolations(page, 'the day list at 360 px');
    await shot(page, 'day-list-360');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: /^Day list/ }).waitFor();
    await expect.poll(() => page.locator('admin-day-list thead th').first().textContent()).toContain('Time');
    await expectNoViolations(page, 'the day list in English');
  });
});
