import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { bookingByReference, newPage, pageErrors, SERVICES, useWidgetWorld, type WidgetServer } from './harness';
import { WidgetUi } from './widget-ui';

describe('booking with the keyboard alone', () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  test('Tab, Shift+Tab, Enter, Space and typing reach the done step; focus lands on every step heading', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    const ui = new WidgetUi(page, 'en');
    const keys = page.keyboard;
    // The attribute overrides the host page's Italian <html lang>.
    await ui.open(server.hostPage({ htmlLang: 'it', attrs: { lang: 'en' } }));

    await ui.tabTo(ui.serviceButton('guidance'));
    expect(await ui.focusIsVisible()).toBe(true);
    await keys.press('Enter');
    await ui.expectFocusOnHeading('mode');

    const availability = ui.nextAvailability();
    await ui.tabTo(ui.modeButton('remote'));
    expect(await ui.focusIsVisible()).toBe(true);
    await keys.press('Space');
    const slots = await availability;
    await ui.expectFocusOnHeading('day');

    // The first day is preselected and its times are already there: Tab reaches them, no step between.
    const start = slots.days[0]?.slots[0]?.start;
    if (!start) throw new Error('no slot offered');
    const slot = ui.slotButton(start);
    await ui.tabTo(slot);
    expect(await ui.focusIsVisible()).toBe(true);
    await keys.press('Enter');
    await ui.expectFocusOnHeading('details');

    await ui.tabTo(ui.field('field.name'));
    await keys.type('Kwame Mensah');
    await ui.tabTo(ui.field('field.phone'));
    await keys.type('+39 347 222 3344');
    await ui.tabTo(ui.checkbox('field.consent'));
    await keys.press('Space');
    expect(await ui.checkbox('field.consent').isChecked()).toBe(true);
    // Back up to the name with Shift+Tab: still there.
    await ui.tabTo(ui.field('field.name'), { backward: true });
    expect(await ui.field('field.name').inputValue()).toBe('Kwame Mensah');

    await ui.tabTo(ui.button('action.next'));
    await keys.press('Enter');
    await ui.expectFocusOnHeading('review');

    // Back and forth from the review loses nothing.
    await ui.tabTo(ui.button('action.back'));
    await keys.press('Enter');
    await ui.expectFocusOnHeading('details');
    expect(await ui.field('field.phone').inputValue()).toBe('+39 347 222 3344');
    await ui.tabTo(ui.button('action.next'));
    await keys.press('Enter');
    await ui.expectFocusOnHeading('review');

    await ui.tabTo(ui.button('action.submit'));
    await keys.press('Enter');
    await ui.expectFocusOnHeading('done');

    const reference = ((await ui.reference().textContent()) ?? '').trim();
    const stored = await bookingByReference(server.db, reference);
    expect(stored).toMatchObject({
      status: 'requested',
      startAt: Date.parse(start),
      serviceId: SERVICES.guidance.id,
      mode: 'remote',
      personName: 'Kwame Mensah',
      phone: '+393472223344',
      language: 'en',
    });
    expect(pageErrors(page)).toEqual([]);
  });
});
