import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DESK_PHONE, expectNoViolations, newPage, useWidgetWorld, type WidgetServer } from './harness';
import { WidgetUi, type Lang } from './widget-ui';

describe.each(['it', 'en'] as const)(
  'axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa) finds nothing, lang %s',
  (lang: Lang) => {
    let server: WidgetServer;
    let browser: Browser;
    useWidgetWorld((world) => ({ server, browser } = world));
    // No lang attribute: the widget follows the host page's <html lang>.
    const url = () => server.hostPage({ htmlLang: lang });

    test('at every step of a booking, field errors included', async () => {
      const page = await newPage(browser);
      const ui = new WidgetUi(page, lang);
      await ui.walkToDetails(url(), (step) => expectNoViolations(page, step));

      await ui.fillDetails({ name: 'Ana Lima', phone: '06 1234 5678', email: 'ana@example.org' });
      await ui.submitExpectingFieldErrors();
      await expectNoViolations(page, 'details with field errors');

      await ui.heading('details').waitFor();
      await ui.field('field.phone').fill('348 765 4321');
      await ui.toReview();
      await expectNoViolations(page, 'review');

      await ui.submit();
      await expectNoViolations(page, 'done');
    });

    test('when the slot was taken meanwhile (409) and when the server asks to slow down (429)', async () => {
      const page = await newPage(browser);
      const ui = new WidgetUi(page, lang);
      await ui.open(url());
      await ui.chooseService('guidance');
      const start = await ui.chooseFirstSlot(await ui.chooseMode('in_person'));
      await ui.fillDetails({ name: 'Ana Lima', phone: '348 765 4322' });
      await ui.toReview();

      await page.route('**/api/public/requests', (route) =>
        route.request().method() === 'POST' ? route.fulfill(errorResponse(409, 'slot_unavailable')) : route.fallback(),
      );
      await ui.button('action.submit').click();
      await ui.waitForMessage('error.slot_taken');
      await expectNoViolations(page, 'slot taken');

      await page.unroute('**/api/public/requests');
      await page.route('**/api/public/requests', (route) =>
        route.request().method() === 'POST' ? route.fulfill(errorResponse(429, 'rate_limited')) : route.fallback(),
      );
      await ui.chooseSlot(start);
      await ui.toReview();
      await ui.button('action.submit').click();
      await ui.waitForMessage('error.rate_limited');
      await expectNoViolations(page, 'rate limited');
    });

    test('when no slot is free in the whole horizon (the desk phone is shown)', async () => {
      const page = await newPage(browser);
      const ui = new WidgetUi(page, lang);
      await ui.open(url());
      await ui.serviceButton('workshop').click();
      // The workshop is in person only: the widget may ask anyway or skip the question.
      await ui.heading('mode').or(ui.message('status.no_slots')).first().waitFor();
      if (await ui.heading('mode').isVisible()) await ui.modeButton('in_person').click();
      await ui.waitForMessage('status.no_slots');
      const text = (await ui.shownText()).replace(/\s+/g, '');
      expect(text).toContain(DESK_PHONE.replace(/\s+/g, '').slice(-8));
      await expectNoViolations(page, 'no slots');
    });

    test('when the network fails (then Retry brings the slots)', async () => {
      const page = await newPage(browser);
      const ui = new WidgetUi(page, lang);
      await ui.open(url());
      await ui.chooseService('guidance');
      await page.route('**/api/public/availability**', (route) => route.abort('internetdisconnected'));
      await ui.modeButton('in_person').click();
      await ui.waitForMessage('error.network');
      await ui.button('action.retry').waitFor();
      await expectNoViolations(page, 'network error');

      await page.unroute('**/api/public/availability**');
      const availability = ui.nextAvailability();
      await ui.button('action.retry').click();
      const start = (await availability).days[0]!.slots[0]!.start;
      await ui.slotButton(start).waitFor();
    });
  },
);

/** An error answer as the API gives it, with the CORS header a cross-origin fetch needs to read it. */
function errorResponse(status: number, code: string) {
  return {
    status,
    contentType: 'application/json',
    headers: { 'access-control-allow-origin': '*', ...(status === 429 ? { 'retry-after': '1800' } : {}) },
    body: JSON.stringify({ error: { code, message: code } }),
  };
}
