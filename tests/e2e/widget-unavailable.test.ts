/**
 * The widget when it cannot take bookings: the desk is not set up yet (503 desk_not_configured), the
 * embedding site's origin is not in ALLOWED_ORIGINS (the browser blocks the answers), or the server cannot
 * be reached at all. Each says so honestly, offers the desk's phone from the `phone` attribute and keeps
 * the page's own fallback content on screen.
 */
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  DESK_PHONE,
  expectNoViolations,
  listen,
  newPage,
  pageErrors,
  stop,
  useWidgetWorld,
  type WidgetServer,
} from './harness';
import { WidgetUi, type Lang, type MessageKey } from './widget-ui';

/** What an association would put inside the element for visitors without JavaScript. */
const FALLBACK = '<p id="fallback">Per prenotare telefona allo sportello, dal lunedì al venerdì.</p>';
const TEL = `tel:${DESK_PHONE.replace(/[^\d+]/g, '')}`;

/** Opens a page embedding the widget (phone attribute and fallback content) and waits for `key`. */
async function openUnavailable(browser: Browser, url: string, lang: Lang, key: MessageKey) {
  const page = await newPage(browser);
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  const ui = new WidgetUi(page, lang);
  await page.goto(url);
  await ui.waitForMessage(key);
  return { page, ui, warnings };
}

/** The page's fallback content is rendered (slotted into the widget), not just present in the DOM. */
async function expectFallbackShown(page: Page): Promise<void> {
  await expect.poll(() => page.locator('#fallback').isVisible()).toBe(true);
}

/** The desk's phone is a tel: link a keyboard user reaches with Tab. */
async function expectPhoneLink(ui: WidgetUi): Promise<void> {
  const link = ui.host.getByRole('link', { name: DESK_PHONE });
  expect(await link.getAttribute('href')).toBe(TEL);
  await ui.tabTo(link);
}

describe.each(['it', 'en'] as const)('a deployment whose desk is not set up yet, lang %s', (lang: Lang) => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world), { unconfigured: true });

  test('shows "not open yet", the phone and the fallback content; never "check your connection"', async () => {
    const url = server.hostPage({ htmlLang: lang, attrs: { phone: DESK_PHONE }, fallback: FALLBACK });
    const { page, ui, warnings } = await openUnavailable(browser, url, lang, 'status.closed');
    // The server answered: the desk is a state to show, not a failure.
    expect((await page.request.get(`${server.apiOrigin}/api/public/desk`)).status()).toBe(503);

    await expectFallbackShown(page);
    await expectPhoneLink(ui);
    expect(await ui.message('error.network').count()).toBe(0);
    expect(await ui.button('action.retry').count()).toBe(0);
    expect(await ui.host.getByRole('alert').count()).toBe(0);
    // Said once in the live region, for screen readers.
    await expect.poll(() => ui.host.getByRole('status').textContent()).toContain(ui.text('status.closed'));
    expect(warnings).toEqual([]);
    await expectNoViolations(page, 'desk not configured');
    expect(pageErrors(page)).toEqual([]);
  });

  test('without a phone attribute, the message and the fallback content alone', async () => {
    const url = server.hostPage({ htmlLang: lang, fallback: FALLBACK });
    const { page, ui } = await openUnavailable(browser, url, lang, 'status.closed');
    await expectFallbackShown(page);
    expect(await ui.host.getByRole('link').count()).toBe(0);
    await expectNoViolations(page, 'desk not configured, no phone');
  });
});

describe("a site whose origin is not in the server's ALLOWED_ORIGINS", () => {
  let server: WidgetServer;
  let browser: Browser;
  // The example value left in place: the host page's own origin is not in it.
  useWidgetWorld((world) => ({ server, browser } = world), { allowedOrigins: ['https://www.example.org'] });

  test('says booking online does not work here (no retry), keeps the fallback, warns the site owner', async () => {
    const url = server.hostPage({ attrs: { phone: DESK_PHONE }, fallback: FALLBACK });
    const { page, ui, warnings } = await openUnavailable(browser, url, 'it', 'error.refused');

    await expectFallbackShown(page);
    await expectPhoneLink(ui);
    expect(await ui.message('error.network').count()).toBe(0);
    expect(await ui.button('action.retry').count()).toBe(0);
    await expect.poll(() => ui.host.getByRole('alert').textContent()).toContain(ui.text('error.refused'));
    // The site owner learns what to change, and with which value.
    const warning = warnings.find((w) => w.includes('ALLOWED_ORIGINS'));
    expect(warning).toContain(server.hostOrigin);
    await expectNoViolations(page, 'origin refused');
    expect(pageErrors(page)).toEqual([]);
  });
});

describe('the server cannot be reached', () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  /** The origin of a server that was listening a moment ago: connections to it are refused. */
  async function stoppedOrigin(): Promise<string> {
    const gone = await listen(() => new Response('bye'));
    const origin = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
    await stop(gone);
    return origin;
  }

  test('a desk that loads hides the fallback content (the sanity check of the states below)', async () => {
    const page = await newPage(browser);
    const ui = new WidgetUi(page, 'it');
    await ui.open(server.hostPage({ attrs: { phone: DESK_PHONE }, fallback: FALLBACK }));
    await ui.serviceButton('guidance').waitFor();
    expect(await page.locator('#fallback').isVisible()).toBe(false);
  });

  test('still says "check your connection" with a retry, keeps the fallback, and Retry leaves focus on the heading', async () => {
    const url = server.hostPage({ attrs: { api: await stoppedOrigin(), phone: DESK_PHONE }, fallback: FALLBACK });
    const { page, ui, warnings } = await openUnavailable(browser, url, 'it', 'error.network');

    await expectFallbackShown(page);
    expect(await ui.message('error.refused').count()).toBe(0);
    expect(warnings.filter((w) => w.includes('ALLOWED_ORIGINS'))).toEqual([]);
    await expectNoViolations(page, 'network failure');

    const retry = ui.button('action.retry');
    await ui.tabTo(retry);
    await page.keyboard.press('Enter');
    await ui.expectFocus((f) => f.heading && f.text === ui.text('widget.label'), 'heading after the retry');
    await ui.waitForMessage('error.network');
    await expectPhoneLink(ui);
    expect(pageErrors(page)).toEqual([]);
  });
});
