import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { dayName } from '../../widget/src/format';
import { loadCatalog, t } from '../../widget/src/i18n';
import { expectNoViolations, newPage, pageErrors, useWidgetWorld, type WidgetServer } from './harness';
import { WidgetUi, type Lang } from './widget-ui';

// Issue 16: the day and the time are chosen in one view, so the first free times are there without a click.

const WIDTH = 375;

describe(`the day and the time in one view, ${WIDTH} px wide`, () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  beforeAll(async () => {
    // The texts the widget shows, worded here by its own t() (the status line's exact sentence).
    await loadCatalog('ar');
  });

  test.each(['en', 'ar'] as const)(
    '%s: the first day’s times without a click, another day’s in place and announced, the keyboard alone to the details and back',
    async (lang: Lang) => {
      const page = await newPage(browser, { viewport: { width: WIDTH, height: 740 }, isMobile: true, hasTouch: true });
      const ui = new WidgetUi(page, lang);
      const keys = page.keyboard;
      const status = ui.host.getByRole('status');
      const dayButton = (date: string) => ui.host.getByRole('button', { name: dayName(date, lang), exact: true });
      const pressed = (date: string) => dayButton(date).getAttribute('aria-pressed');
      const focusedInDays = () => ui.host.evaluate((el) => !!el.shadowRoot?.activeElement?.closest('.days'));

      await ui.open(server.hostPage({ htmlLang: lang, attrs: { lang } }));
      await ui.tabTo(ui.serviceButton('guidance'));
      await keys.press('Enter');
      await ui.expectFocusOnHeading('mode');
      const answer = ui.nextAvailability();
      await ui.tabTo(ui.modeButton('in_person'));
      await keys.press('Enter');
      const { days } = await answer;
      const [first, second] = days;
      if (!first || !second) throw new Error('the e2e desk should offer two free days in its first week');

      // One view, the third of five steps: the first free day pressed and its times on screen, nothing clicked.
      await ui.expectFocusOnHeading('day');
      expect(await ui.host.locator('[part="progress"]').textContent()).toBe(
        t(lang, 'step.progress', { step: 3, total: 5 }),
      );
      expect(await pressed(first.date)).toBe('true');
      expect(await pressed(second.date)).toBe('false');
      for (const s of first.slots) expect(await ui.slotButton(s.start).isVisible(), s.start).toBe(true);
      expect(await ui.message('tz.label').isVisible()).toBe(true);
      expect(await ui.button('action.waitlist').isVisible()).toBe(true);
      expect(await ui.host.locator('.wrap').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      await expectNoViolations(page, `${lang}, day and time`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);

      // Another day: its times replace the first day's, the focus stays on it, the status line counts them.
      await ui.tabTo(dayButton(second.date));
      await keys.press('Enter');
      await expect.poll(() => pressed(second.date)).toBe('true');
      expect(await pressed(first.date)).toBe('false');
      expect(await ui.isFocused(dayButton(second.date))).toBe(true);
      for (const s of second.slots) expect(await ui.slotButton(s.start).isVisible(), s.start).toBe(true);
      expect(await ui.slotButton(first.slots[0]!.start).count()).toBe(0);
      await expect
        .poll(() => status.textContent())
        .toBe(t(lang, 'day.slots', { count: second.slots.length, day: dayName(second.date, lang) }));
      await expectNoViolations(page, `${lang}, another day`);

      // Tab goes from the days straight into the chosen day's times; Enter there opens the details.
      let presses = 0;
      while ((await focusedInDays()) && presses++ < days.length) await keys.press('Tab');
      const time = ui.slotButton(second.slots[0]!.start);
      expect(await ui.isFocused(time)).toBe(true);
      expect(await ui.focusIsVisible()).toBe(true);
      await keys.press('Enter');
      await ui.expectFocusOnHeading('details');

      // Back: the same view, the day and the time kept (pressed); Next goes on with that time.
      await ui.tabTo(ui.button('action.back'));
      await keys.press('Enter');
      await ui.expectFocusOnHeading('day');
      expect(await pressed(second.date)).toBe('true');
      expect(await time.getAttribute('aria-pressed')).toBe('true');
      await ui.tabTo(ui.button('action.next'));
      await keys.press('Enter');
      await ui.expectFocusOnHeading('details');
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    },
  );
});
