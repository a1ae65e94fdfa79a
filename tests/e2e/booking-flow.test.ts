import type { Browser } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { bookingByReference, newPage, pageErrors, SERVICES, useWidgetWorld, type WidgetServer } from './harness';
import { WidgetUi } from './widget-ui';

describe('the widget as npm start serves it', () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  test('widget.js is revalidated by ETag (304) and readable by a page of another origin', async () => {
    const first = await fetch(`${server.apiOrigin}/widget.js`, { headers: { Origin: server.hostOrigin } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/javascript/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    // Compressed (fetch asks for gzip), so the tag is weak: the bytes differ from the file's, the content not.
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
    expect((await first.text()).length).toBeGreaterThan(1000);

    const again = await fetch(`${server.apiOrigin}/widget.js`, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  test('on the demo page, a service with one mode skips the mode question and the request is stored', async () => {
    const page = await newPage(browser);
    const ui = new WidgetUi(page, 'it');
    await ui.open(`${server.apiOrigin}/`);

    const availability = ui.nextAvailability();
    // The curriculum review is in person only: no "how" question, straight to the days.
    await ui.serviceButton('cv').click();
    await ui.expectFocusOnHeading('day');
    const start = (await availability).days[0]?.slots[0]?.start;
    if (!start) throw new Error('the e2e desk offered no slot');
    await ui.chooseSlot(start);
    await ui.fillDetails({ name: 'Lucia Ferri', phone: '348 555 0101' });
    await ui.toReview();
    const reference = await ui.submit();

    expect(await bookingByReference(server.db, reference)).toMatchObject({
      status: 'requested',
      startAt: Date.parse(start),
      serviceId: SERVICES.cv.id,
      mode: 'in_person',
      personName: 'Lucia Ferri',
      phone: '+393485550101',
    });
    // The request is sent: the done step offers no way back into it.
    expect(await ui.button('action.back').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  test('the service and mode attributes preselect, and Back still reaches the earlier questions', async () => {
    const page = await newPage(browser, { locale: 'en-GB' });
    const ui = new WidgetUi(page, 'en');
    await page.goto(server.hostPage({ htmlLang: 'en', attrs: { service: SERVICES.guidance.id, mode: 'remote' } }));
    await ui.heading('day').waitFor();
    await ui.anySlotButton().first().waitFor();

    await ui.button('action.back').click();
    await ui.heading('mode').waitFor();
    expect(await ui.modeButton('remote').getAttribute('aria-pressed')).toBe('true');
    await ui.button('action.back').click();
    await ui.heading('service').waitFor();
    expect(await ui.serviceButton('guidance').getAttribute('aria-pressed')).toBe('true');
    expect(pageErrors(page)).toEqual([]);
  });
});
