import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { bookings } from '../../worker/src/db/schema';
import { textDirection } from '../../worker/src/domain/vocabulary';
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

// Issue 14: the person moves their own appointment from the manage page, on a 360 px phone, keyboard only.

const WIDTH = 360;
const DAY = 86_400_000;

describe(`the person's move, ${WIDTH} px wide`, () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  for (const [i, language] of (['it', 'ar'] as const).entries()) {
    test(`${language}: change time, choose the first free one, confirm; axe at zero at every step`, async () => {
      const b = await givenBooking(server.db, {
        serviceId: SERVICES.guidance.id,
        volunteerId: server.volunteerIds[i]!,
        // 11:00 in Rome, five days on: well outside the cancellation notice.
        start: E2E_NOW + 5 * DAY + 3_600_000,
        language,
      });
      const page = await newPage(browser, { viewport: { width: WIDTH, height: 740 }, isMobile: true, hasTouch: true });
      const fits = async (what: string) => {
        await expectNoViolations(page, `${language} ${what}, ${WIDTH} px`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
      };
      await page.goto(`${server.apiOrigin}/m/${b.manageCode}`);
      expect(await page.locator('html').getAttribute('dir')).toBe(textDirection(language));
      await fits('manage page');

      // Keyboard only: Tab to "change time", Enter.
      const link = page.getByRole('link', { name: t(language, 'manage.move_button') });
      for (let k = 0; k < 40 && !(await link.evaluate((a) => a === document.activeElement)); k++)
        await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: t(language, 'manage.move_title') }).waitFor();
      await fits('free times');

      // The first time of the first day: Tab into the group, Space chooses it; then the button.
      const first = page.getByRole('radio').first();
      const chosen = await first.getAttribute('value');
      for (let k = 0; k < 40 && !(await first.evaluate((r) => r === document.activeElement)); k++)
        await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      expect(await first.isChecked()).toBe(true);
      await page.getByRole('button', { name: t(language, 'manage.move_next') }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: t(language, 'manage.move_confirm_title') }).waitFor();
      await fits('question');

      await page.getByRole('button', { name: t(language, 'manage.move_confirm_button') }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: t(language, 'manage.title') }).waitFor();
      const status = await page.getByRole('status').textContent();
      expect([t(language, 'manage.moved_done'), t(language, 'manage.moved_done_request')]).toContain(status?.trim());
      await fits('after the move');
      const [row] = await server.db.select().from(bookings).where(eq(bookings.id, b.id));
      expect(row!.startAt).toBe(Date.parse(chosen!));
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    });
  }
});
