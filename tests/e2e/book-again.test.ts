import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { givenBooking } from '../fixtures/builders';
import {
  DESK_PHONE,
  E2E_NOW,
  SERVICES,
  bookingByReference,
  expectNoViolations,
  newPage,
  pageErrors,
  useWidgetWorld,
  type WidgetServer,
} from './harness';
import { WidgetUi, type Lang } from './widget-ui';

// Issue 12, must-fix 3: the SMS after a cancellation links the manage page; from there a person books again,
// on the Worker's own booking page, through the widget running under that page's strict CSP.

/** Screenshots land here (gitignored) for a person to look at. */
const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const WIDTH = 360;
const DAY = 86_400_000;

const TEXT = {
  it: { bookAgain: 'Prenota un altro appuntamento', title: 'Prenota un appuntamento' },
  en: { bookAgain: 'Book another appointment', title: 'Book an appointment' },
} as const;

describe(`booking again from a cancelled booking's manage page, on a phone ${WIDTH} px wide`, () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  beforeAll(() => {
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  /** Every CSP violation the page reports, so a widget blocked by the policy fails the test by name. */
  async function recordCspViolations(page: Page): Promise<() => Promise<string[]>> {
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    return () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  }

  /** A booking that will not happen, two days ahead, in `lang`: what an SMS "book again" link opens. */
  function endedBooking(
    status: 'cancelled' | 'expired',
    lang: Lang,
    extra: { cancelledBy?: 'staff'; cancelledAt?: number } = {},
  ) {
    const volunteerId = server.volunteerIds[status === 'cancelled' ? 0 : 1]!;
    return givenBooking(server.db, {
      serviceId: SERVICES.guidance.id,
      volunteerId,
      start: E2E_NOW + 2 * DAY,
      status,
      language: lang,
      ...extra,
    });
  }

  async function expectNoHorizontalScroll(page: Page): Promise<void> {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(WIDTH);
  }

  test.each(['it', 'en'] as const)(
    'in %s: follow the link and book a new appointment through the widget',
    async (lang: keyof typeof TEXT) => {
      const cancelled = await endedBooking('cancelled', lang, { cancelledBy: 'staff', cancelledAt: E2E_NOW - DAY });
      const page = await newPage(browser, {
        locale: lang === 'it' ? 'it-IT' : 'en-GB',
        viewport: { width: WIDTH, height: 740 },
        deviceScaleFactor: 1,
        isMobile: true,
        hasTouch: true,
      });
      const cspViolations = await recordCspViolations(page);

      await page.goto(`${server.apiOrigin}/m/${cancelled.manageCode}`);
      await expectNoViolations(page, `${lang} manage page of a cancelled booking`);
      await expectNoHorizontalScroll(page);
      await page.screenshot({ path: `${ARTIFACTS}book-again-${lang}-1-manage.png`, fullPage: true });
      const phoneLink = page.getByRole('link', { name: DESK_PHONE });
      expect(await phoneLink.getAttribute('href')).toBe(`tel:${DESK_PHONE.replace(/ /g, '')}`);

      await page.getByRole('link', { name: TEXT[lang].bookAgain }).click();
      await page.waitForURL(`${server.apiOrigin}/prenota?lang=${lang}`);
      const ui = new WidgetUi(page, lang);
      await ui.heading('service').waitFor();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(TEXT[lang].title);
      await expectNoViolations(page, `${lang} /prenota, first step`);
      await expectNoHorizontalScroll(page);
      await page.screenshot({ path: `${ARTIFACTS}book-again-${lang}-2-prenota.png`, fullPage: true });

      await ui.chooseService('guidance');
      const availability = await ui.chooseMode('in_person');
      const start = await ui.chooseFirstSlot(availability);
      await ui.fillDetails({ name: 'Lucia Ferri', phone: '348 555 0101' });
      await expectNoViolations(page, `${lang} /prenota, details`);
      await ui.toReview();
      const reference = await ui.submit();
      await expectNoViolations(page, `${lang} /prenota, done`);
      await expectNoHorizontalScroll(page);
      await page.screenshot({ path: `${ARTIFACTS}book-again-${lang}-3-done.png`, fullPage: true });

      expect(await bookingByReference(server.db, reference)).toMatchObject({
        status: 'requested',
        startAt: Date.parse(start),
        serviceId: SERVICES.guidance.id,
        mode: 'in_person',
        language: lang,
        phone: '+393485550101',
      });
      expect(await cspViolations()).toEqual([]);
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    },
  );

  test('at 1280 px, an expired request in English and /prenota: axe finds nothing', async () => {
    const expired = await endedBooking('expired', 'en');
    const page = await newPage(browser, { locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.apiOrigin}/m/${expired.manageCode}`);
    await page.getByRole('heading', { level: 2, name: 'Would you like a new appointment?' }).waitFor();
    await expectNoViolations(page, 'en manage page of an expired request, 1280 px');
    await page.screenshot({ path: `${ARTIFACTS}book-again-en-1280-manage.png`, fullPage: true });
    await page.getByRole('link', { name: TEXT.en.bookAgain }).click();
    await new WidgetUi(page, 'en').heading('service').waitFor();
    await expectNoViolations(page, 'en /prenota, 1280 px');
    await page.screenshot({ path: `${ARTIFACTS}book-again-en-1280-prenota.png`, fullPage: true });
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  test('without JavaScript, /prenota says to call the desk, with the number as a tel: link', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false, viewport: { width: WIDTH, height: 740 } });
    await page.goto(`${server.apiOrigin}/prenota?lang=it`);
    const link = page.locator('sportello-booking').getByRole('link', { name: DESK_PHONE });
    expect(await link.getAttribute('href')).toBe(`tel:${DESK_PHONE.replace(/ /g, '')}`);
    expect(await link.isVisible()).toBe(true);
    await page.context().close();
  });
});
