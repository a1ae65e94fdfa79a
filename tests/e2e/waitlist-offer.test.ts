/**
 * Taking a waitlist offer on its page (/w/<code>) on a phone 360 px wide, with the keyboard alone, in
 * Italian, English and Arabic (right to left); axe at zero on the offer and on the page it leads to.
 * Needs the /w/ pages and the take (wl-server's part): the offer is written straight to the tables.
 */
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { bookings, waitlistEntries, waitlistOffers } from '../../worker/src/db/schema';
import { textDirection } from '../../worker/src/domain/vocabulary';
import {
  E2E_NOW,
  E2E_TODAY,
  SERVICES,
  expectNoViolations,
  newPage,
  useWidgetWorld,
  type WidgetServer,
} from './harness';

const WIDTH = 360;
const HOUR = 3_600_000;

/** A waiting entry with an open, holding offer of a free hour (Wednesday 14 October, 9:00 + `n` hours). */
async function givenOffer(server: WidgetServer, n: number, language: 'it' | 'en' | 'ar') {
  const id = `wl-${language}`;
  await server.db.insert(waitlistEntries).values({
    id: `wle-${id}`,
    reference: `WLOF${n}`,
    manageCode: `entry-${id}-0123456789abcdef`,
    serviceId: SERVICES.guidance.id,
    mode: 'in_person',
    fromDate: E2E_TODAY,
    toDate: '2026-10-30',
    language,
    personName: 'Layla Haddad',
    phone: `+39347555100${n}`,
    consentAt: E2E_NOW - HOUR,
    createdAt: E2E_NOW - HOUR,
    updatedAt: E2E_NOW - HOUR,
  });
  const start = Date.parse('2026-10-14T07:00:00Z') + n * HOUR;
  const code = `offer-${id}-0123456789abcdef`;
  await server.db.insert(waitlistOffers).values({
    id: `wlo-${id}`,
    code,
    entryId: `wle-${id}`,
    serviceId: SERVICES.guidance.id,
    mode: 'in_person',
    volunteerId: server.volunteerIds[0]!,
    startAt: start,
    endAt: start + HOUR,
    localDate: '2026-10-14',
    localTime: `${String(9 + n).padStart(2, '0')}:00`,
    holdUntil: E2E_NOW + 2 * HOUR,
    freedAt: E2E_NOW - 5 * 60_000,
    createdAt: E2E_NOW - 5 * 60_000,
  });
  return { code, start, offerId: `wlo-${id}`, entryId: `wle-${id}` };
}

async function expectFits(page: Page, where: string): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `page width at "${where}"`).toBeLessThanOrEqual(WIDTH);
}

describe('taking an offer from the waiting list', () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  const languages = ['it', 'en', 'ar'] as const;
  for (const [n, lang] of languages.entries()) {
    test(`${lang}: the offer page changes nothing; Tab and Enter on "take" books the time and opens its page`, async () => {
      const offer = await givenOffer(server, n, lang);
      const page = await newPage(browser, { viewport: { width: WIDTH, height: 740 }, isMobile: true, hasTouch: true });
      await page.goto(`${server.apiOrigin}/w/${offer.code}`);
      expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
        lang,
        textDirection(lang),
      ]);
      await expectNoViolations(page, `${lang} offer page`);
      await expectFits(page, `${lang} offer page`);
      const [seen] = await server.db.select().from(waitlistOffers).where(eq(waitlistOffers.id, offer.offerId));
      expect(seen?.status).toBe('open');

      // The keyboard alone: Tab until the take form's button has the focus, then Enter.
      const take = page.locator('form[action$="/take"] button, form[action$="/take"] [type=submit]').first();
      for (let i = 0; i < 30 && !(await take.evaluate((el) => el === document.activeElement)); i++) {
        await page.keyboard.press('Tab');
      }
      expect(await take.evaluate((el) => el === document.activeElement)).toBe(true);
      await Promise.all([page.waitForURL(/\/m\/[^/?#]+/), page.keyboard.press('Enter')]);
      await expectNoViolations(page, `${lang} the booking's page after taking the offer`);
      await expectFits(page, `${lang} the booking's page`);

      const [taken] = await server.db.select().from(waitlistOffers).where(eq(waitlistOffers.id, offer.offerId));
      expect(taken?.status).toBe('taken');
      const [entry] = await server.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, offer.entryId));
      expect(entry?.status).toBe('booked');
      const [booking] = await server.db.select().from(bookings).where(eq(bookings.id, taken!.bookingId!));
      expect(booking).toMatchObject({ channel: 'waitlist', startAt: offer.start, language: lang });
    });
  }
});
