import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { bookingByReference, newPage, pageErrors, SERVICES, useWidgetWorld, type WidgetServer } from './harness';
import { listenForRequestSent, requestSentEvents, WidgetUi } from './widget-ui';

describe('booking with the mouse, widget embedded in a page of another origin', () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  test('the first free slot is requested, stored, shown with its reference and announced to the host page', async () => {
    // A phone set to New York still sees (and books) Rome's times: the slot is found by its Rome time.
    const page = await newPage(browser, { timezoneId: 'America/New_York' });
    await listenForRequestSent(page);
    const ui = new WidgetUi(page, 'it');
    const url = server.hostPage();
    expect(new URL(url).origin).not.toBe(server.apiOrigin);

    await ui.open(url);
    await ui.chooseService('guidance');
    const availability = await ui.chooseMode('in_person');
    expect(availability.timeZone).toBe('Europe/Rome');
    const start = await ui.chooseFirstSlot(availability);
    await ui.fillDetails({
      name: 'Amina Diallo',
      phone: '347 123 4567',
      email: 'amina@example.org',
      note: 'Porto il curriculum stampato',
    });
    await ui.toReview();

    // Back from the review keeps what was typed.
    await ui.button('action.back').click();
    await ui.heading('details').waitFor();
    expect(await ui.field('field.name').inputValue()).toBe('Amina Diallo');
    expect(await ui.field('field.phone').inputValue()).toBe('347 123 4567');
    expect(await ui.field('field.note').inputValue()).toBe('Porto il curriculum stampato');
    await ui.toReview();

    const reference = await ui.submit();
    expect(reference).toMatch(/^[A-Z0-9-]{4,}$/);
    // The done step repeats the time, in Rome's clock.
    expect(await ui.shownText()).toContain(start.slice(11, 16));

    const stored = await bookingByReference(server.db, reference);
    expect(stored).toMatchObject({
      status: 'requested',
      startAt: Date.parse(start),
      serviceId: SERVICES.guidance.id,
      mode: 'in_person',
      personName: 'Amina Diallo',
      phone: '+393471234567',
      email: 'amina@example.org',
      note: 'Porto il curriculum stampato',
      language: 'it',
    });

    const events = await requestSentEvents(page);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ reference, status: 'requested', composed: true });
    expect(Date.parse(String(events[0]!.start))).toBe(Date.parse(start));
    expect(pageErrors(page)).toEqual([]);
  });

  test('loading the script twice does not break the page', async () => {
    const page = await newPage(browser);
    const ui = new WidgetUi(page, 'it');
    await ui.open(server.hostPage());
    // Another copy of the module (a different URL, so it runs again), as a host page including the tag twice.
    await page.addScriptTag({ url: `${server.apiOrigin}/widget.js?again`, type: 'module' });
    await ui.chooseService('guidance');
    await ui.heading('mode').waitFor();
    expect(await page.locator('sportello-booking').count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
  });
});
