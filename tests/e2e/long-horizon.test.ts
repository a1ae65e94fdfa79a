import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { addDays } from '../../worker/src/domain/time';
import { givenClosure } from '../fixtures/builders';
import { E2E_TODAY, newPage, pageErrors, useWidgetWorld, type WidgetServer } from './harness';
import { WidgetUi } from './widget-ui';

describe('a desk whose next free day is beyond the first four weeks', () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  beforeAll(async () => {
    // Closed for the next five weeks: the server's first 28-day window has nothing, the horizon (60) has.
    await givenClosure(server.db, E2E_TODAY, addDays(E2E_TODAY, 34));
  });

  test('offers the first free day after the closure instead of saying there are no times', async () => {
    const page = await newPage(browser);
    const ui = new WidgetUi(page, 'it');
    await ui.open(server.hostPage());
    await ui.chooseService('guidance');
    await ui.modeButton('in_person').click();
    await ui.heading('day').waitFor();
    // The first free day is preselected, its times on screen.
    await ui.anySlotButton().first().waitFor();
    expect(await ui.shownText()).not.toContain(ui.text('status.no_slots'));
    const slotName =
      (await ui.anySlotButton().first().getAttribute('aria-label')) ?? (await ui.anySlotButton().first().innerText());
    // The slot's accessible name carries its day: the first day after the closure (12 October + 35 days).
    expect(slotName).toContain('lunedì 16 novembre');
    expect(pageErrors(page)).toEqual([]);
  });
});
