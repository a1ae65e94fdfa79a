import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { allBookings, expectNoViolations, newPage, useWidgetWorld, type WidgetServer } from './harness';
import { WidgetUi, type AvailabilityBody, type Lang } from './widget-ui';

// Needs that change the appointment (issue 15): with the accessibility consent ticked, the details step asks
// for an interpreter's language and offers a longer appointment only where the chosen time has room for it.
// By keyboard alone, at 375 px, in Italian and in Arabic (right to left), axe at zero.

const HOUR = 3_600_000;
const SHOTS = process.env.SHOTS_DIR;
const INTERPRETER: Record<'it' | 'ar', string> = { it: 'tigrino', ar: 'التغرينية' };

/**
 * The start at `hhmm` (desk time) on the first day offered (the one the widget preselects): the afternoon shift
 * runs 14:00–18:00, so 14:00 has room for two hours, 17:00 not.
 */
function startAt(availability: AvailabilityBody, hhmm: string): string {
  const start = availability.days[0]?.slots.find((s) => s.start.slice(11, 16) === hhmm)?.start;
  if (!start) throw new Error(`no slot at ${hhmm} offered`);
  return start;
}

describe.each(['it', 'ar'] as const)('the needs on the details step, lang %s', (lang: 'it' | 'ar') => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  async function detailsAt(hhmm: string) {
    const page = await newPage(browser, { viewport: { width: 375, height: 740 } });
    const ui = new WidgetUi(page, lang as Lang);
    await ui.open(server.hostPage({ htmlLang: lang }));
    await ui.chooseService('guidance');
    const start = startAt(await ui.chooseMode('in_person'), hhmm);
    await ui.chooseSlot(start);
    return { page, ui, start };
  }

  test('a longer appointment and an interpreter, asked by keyboard, reach the booking', async () => {
    const { page, ui, start } = await detailsAt('14:00');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await ui.fillDetails({ name: 'Lucia Neri', phone: '347 765 1234' });
    const consent = ui.checkbox('field.accessibility_consent');
    const fits = page.waitForResponse(
      (r) => r.url().includes('/api/public/availability') && r.url().includes('long=1'),
    );
    await ui.tabTo(consent, { backward: true });
    await page.keyboard.press('Space');
    await fits;

    const interpreter = ui.host.getByRole('textbox', { name: ui.name('field.interpreter_language') });
    await ui.tabTo(interpreter);
    await page.keyboard.type(INTERPRETER[lang]);
    const long = ui.host.getByRole('checkbox', { name: ui.name('field.long_appointment') });
    await ui.tabTo(long);
    expect(await ui.focusIsVisible()).toBe(true);
    await page.keyboard.press('Space');
    expect(await long.isChecked()).toBe(true);
    await expectNoViolations(page, `the details step with the needs (${lang})`);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/widget-needs-${lang}-375.png`, fullPage: true });

    await ui.toReview();
    const review = await ui.shownText();
    expect(review).toContain(ui.text('review.long_yes'));
    expect(review).toContain(INTERPRETER[lang]);
    await expectNoViolations(page, `the review with the needs (${lang})`);
    await ui.submit();
    await page.close();

    const booking = (await allBookings(server.db)).find((b) => b.personName === 'Lucia Neri');
    expect(booking).toMatchObject({
      longAppointment: true,
      interpreterLanguage: INTERPRETER[lang],
      startAt: Date.parse(start),
      endAt: Date.parse(start) + 2 * HOUR,
    });
    expect(booking?.accessibilityConsentAt).not.toBeNull();
  });

  test('no longer appointment is offered where the time has no room for it', async () => {
    const { page, ui } = await detailsAt('17:00');
    await ui.fillDetails({ name: 'Marco Blu', phone: '347 765 4321' });
    const fits = page.waitForResponse(
      (r) => r.url().includes('/api/public/availability') && r.url().includes('long=1'),
    );
    await ui.checkbox('field.accessibility_consent').check();
    await fits;
    await ui.host.getByRole('textbox', { name: ui.name('field.interpreter_language') }).waitFor();
    expect(await ui.host.getByRole('checkbox', { name: ui.name('field.long_appointment') }).count()).toBe(0);
    await page.close();
  });
});
