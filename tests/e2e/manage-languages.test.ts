import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { LANGUAGE_ENDONYMS, LANGUAGES, textDirection } from '../../worker/src/domain/vocabulary';
import { t } from '../../worker/src/i18n';
import { givenBooking } from '../fixtures/builders';
import {
  E2E_NOW,
  SERVICES,
  expectNoViolations,
  newPage,
  pageErrors,
  useWidgetWorld,
  type WidgetServer,
} from './harness';

// Issue 13: the manage page in each of the seven languages, on the narrowest phone, and right to left in Arabic.

const WIDTH = 320;
const DAY = 86_400_000;

describe(`the manage page in seven languages, ${WIDTH} px wide`, () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  test('every language: lang and dir, axe finds nothing, nothing overflows', async () => {
    for (const [i, language] of LANGUAGES.entries()) {
      const b = await givenBooking(server.db, {
        serviceId: SERVICES.guidance.id,
        volunteerId: server.volunteerIds[0]!,
        start: E2E_NOW + (3 + i) * DAY,
        language,
      });
      const page = await newPage(browser, { viewport: { width: WIDTH, height: 700 }, isMobile: true, hasTouch: true });
      await page.goto(`${server.apiOrigin}/m/${b.manageCode}`);
      const html = page.locator('html');
      expect(await html.getAttribute('lang')).toBe(language);
      expect(await html.getAttribute('dir')).toBe(textDirection(language));
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t(language, 'manage.title'));
      await expectNoViolations(page, `${language} manage page, ${WIDTH} px`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    }
  });

  test('in Arabic the page runs right to left, and the keyboard alone switches it to Spanish', async () => {
    const b = await givenBooking(server.db, {
      serviceId: SERVICES.guidance.id,
      volunteerId: server.volunteerIds[1]!,
      start: E2E_NOW + 2 * DAY,
      language: 'ar',
    });
    const page = await newPage(browser, { viewport: { width: WIDTH, height: 700 } });
    await page.goto(`${server.apiOrigin}/m/${b.manageCode}`);
    // Right to left: the heading and the buttons start at the right edge.
    const heading = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
    const confirm = (await page.getByRole('button', { name: t('ar', 'manage.confirm_button') }).boundingBox())!;
    expect(heading.x + heading.width).toBeGreaterThan(WIDTH - 40);
    expect(confirm.x + confirm.width).toBeGreaterThan(WIDTH - 40);
    expect(confirm.x).toBeGreaterThan(40);
    // Tab to "Español" and press Enter.
    const spanish = page.getByRole('link', { name: LANGUAGE_ENDONYMS.es });
    for (let i = 0; i < 40 && !(await spanish.evaluate((a) => a === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    expect(await spanish.evaluate((a) => a === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.apiOrigin}/m/${b.manageCode}?lang=es`);
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(t('es', 'manage.title'));
    await expectNoViolations(page, 'es manage page chosen from the Arabic one');
    await page.context().close();
  });
});
