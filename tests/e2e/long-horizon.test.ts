import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, zonedParts } from '../../worker/src/domain/time';
import { givenClosure } from '../fixtures/builders';
import { launchBrowser, newPage, pageErrors, startWidgetServer, type WidgetServer } from './harness';
import { WidgetUi } from './widget-ui';

describe('a desk whose next free day is beyond the first four weeks', () => {
  let server: WidgetServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWidgetServer(), launchBrowser()]);
    // Closed for the next five weeks: the server's first 28-day window has nothing, the horizon (60) has.
    const today = zonedParts(Date.now(), 'Europe/Rome').date;
    await givenClosure(server.db, today, addDays(today, 34));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('offers the first free day after the closure instead of saying there are no times', async () => {
    const page = await newPage(browser);
    const ui = new WidgetUi(page, 'it');
    await ui.open(server.hostPage());
    await ui.chooseService('guidance');
    await ui.modeButton('in_person').click();
    await ui.heading('day').waitFor();
    await ui.host.getByRole('button', { name: ui.name('action.next') }).waitFor();
    expect(await ui.shownText()).not.toContain(ui.text('status.no_slots'));
    await ui.button('action.next').click();
    await ui.anySlotButton().first().waitFor();
    const slotName =
      (await ui.anySlotButton().first().getAttribute('aria-label')) ?? (await ui.anySlotButton().first().innerText());
    const firstOpen = addDays(zonedParts(Date.now(), 'Europe/Rome').date, 35);
    // The slot's accessible name carries its day of the month: the first day after the closure.
    expect(slotName).toContain(String(Number(firstOpen.slice(8, 10))));
    expect(pageErrors(page)).toEqual([]);
  });
});
