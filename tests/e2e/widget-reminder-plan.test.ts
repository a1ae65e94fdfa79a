import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { allBookings, expectNoViolations, newPage, useWidgetWorld, type WidgetServer } from './harness';
import { WidgetUi, type Lang } from './widget-ui';

// The widget's one question about reminders (issue 14): a person may ask for one more the morning of the
// day; unticked, the booking keeps the standard plan. Right to left in Arabic, axe at zero.

describe.each(['it', 'ar'] as const)('the morning reminder question, lang %s', (lang: Lang) => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  test('ticked, the request asks for the morning reminder; unticked, the standard plan', async () => {
    for (const wanted of [true, false]) {
      const page = await newPage(browser, { viewport: { width: 360, height: 740 } });
      const ui = new WidgetUi(page, lang);
      await ui.walkToDetails(server.hostPage({ htmlLang: lang }), async () => {});
      await ui.fillDetails({
        name: wanted ? 'Lucia Neri' : 'Marco Blu',
        phone: wanted ? '347 765 1234' : '347 765 4321',
      });
      const box = ui.host.getByRole('checkbox', { name: ui.name('field.morning_reminder') });
      expect(await box.isChecked()).toBe(false);
      if (wanted) {
        await box.check();
        await expectNoViolations(page, `the details step with the morning reminder ticked (${lang})`);
      }
      await ui.toReview();
      await ui.submit();
      await ui.shownText();
      await page.close();
    }
    const plans = (await allBookings(server.db)).map((b) => [b.personName, b.reminderPlan]);
    expect(plans).toEqual(
      expect.arrayContaining([
        ['Lucia Neri', 'morning'],
        ['Marco Blu', 'standard'],
      ]),
    );
  });
});
