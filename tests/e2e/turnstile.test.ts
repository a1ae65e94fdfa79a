import type { Browser, Page } from 'playwright-core';
import { beforeEach, describe, expect, test } from 'vitest';
import { allBookings, axeViolations, bookingByReference, newPage, pageErrors, useWidgetWorld } from './harness';
import type { WidgetServer } from './harness';
import { WidgetUi } from './widget-ui';

const GOOD_TOKEN = 'fake-token-ok';

/**
 * Stands in for Cloudflare's api.js: render() shows a box and, 50 ms later, passes the challenge with the
 * next token of window.__fakeTurnstileTokens (GOOD_TOKEN once they run out) and shows "passed", as the
 * real one shows its success mark; reset() issues a new token.
 */
const FAKE_TURNSTILE_JS = `(() => {
  const issuers = [];
  window.__fakeTurnstileRenders = 0;
  window.turnstile = {
    render(el, opts) {
      window.__fakeTurnstileRenders++;
      const box = document.createElement('p');
      box.textContent = 'challenge';
      el.appendChild(box);
      const issue = () => setTimeout(() => {
        const queue = window.__fakeTurnstileTokens || [];
        opts.callback(queue.shift() || ${JSON.stringify(GOOD_TOKEN)});
        box.textContent = 'passed';
      }, 50);
      issuers.push(issue);
      issue();
      return 'w' + issuers.length;
    },
    reset(id) {
      const issue = issuers[Number(String(id).slice(1)) - 1];
      if (issue) issue();
    },
    remove() {},
  };
})();`;

describe('booking on a desk that requires Turnstile', () => {
  let server: WidgetServer;
  let browser: Browser;
  /** Tokens the fake siteverify received, in order. */
  const verified: { secret: string | null; token: string | null }[] = [];

  const fakeVerifier: typeof fetch = async (input, init) => {
    if (String(input) !== 'https://verify.test/') throw new Error(`unexpected outbound call to ${String(input)}`);
    const form = new URLSearchParams(String(init?.body ?? ''));
    const token = form.get('response');
    verified.push({ secret: form.get('secret'), token });
    return Response.json({ success: token === GOOD_TOKEN });
  };
  useWidgetWorld((world) => ({ server, browser } = world), {
    config: (apiOrigin) => ({
      turnstileSecret: 's',
      turnstileSiteKey: 'site-key',
      turnstileScriptUrl: `${apiOrigin}/fake-turnstile.js`,
      turnstileVerifyUrl: 'https://verify.test/',
    }),
    fetch: fakeVerifier,
    scripts: { '/fake-turnstile.js': FAKE_TURNSTILE_JS },
  });
  beforeEach(() => {
    verified.length = 0;
  });

  async function reachDetails(page: Page): Promise<WidgetUi> {
    const ui = new WidgetUi(page, 'it');
    await ui.open(server.hostPage());
    await ui.chooseService('guidance');
    await ui.chooseFirstSlot(await ui.chooseMode('in_person'));
    return ui;
  }

  /** Waits until the (fake) challenge has handed the widget its token. */
  const challengePassed = (ui: WidgetUi) => ui.host.getByText('passed', { exact: true }).waitFor();

  const scriptTags = (page: Page) =>
    page.evaluate(() => document.head.querySelectorAll('script[src*="fake-turnstile.js"]').length);

  test('the challenge passes by itself, its token travels with the request and the booking is stored', async () => {
    const page = await newPage(browser);
    const ui = await reachDetails(page);
    await ui.fillDetails({ name: 'Amina Diallo', phone: '347 123 4567' });
    await challengePassed(ui);
    expect(await axeViolations(page)).toEqual([]);
    await ui.toReview();
    // Back and forth: the challenge passed once is not asked again, and the script is not loaded twice.
    await ui.button('action.back').click();
    await ui.heading('details').waitFor();
    await ui.toReview();
    const reference = await ui.submit();

    expect(await bookingByReference(server.db, reference)).toMatchObject({
      status: 'requested',
      personName: 'Amina Diallo',
    });
    expect(verified).toEqual([{ secret: 's', token: GOOD_TOKEN }]);
    expect(await scriptTags(page)).toBe(1);
    expect(pageErrors(page)).toEqual([]);
  });

  test('a refused token says so, brings a fresh challenge and the second try books once', async () => {
    const page = await newPage(browser);
    await page.addInitScript(() => {
      (window as unknown as { __fakeTurnstileTokens: string[] }).__fakeTurnstileTokens = ['fake-token-bad'];
    });
    const before = (await allBookings(server.db)).length;
    const ui = await reachDetails(page);
    await ui.fillDetails({ name: 'Luca Bianchi', phone: '347 765 4321' });
    await challengePassed(ui);
    await ui.toReview();
    await ui.button('action.submit').click();

    await ui.heading('details').waitFor();
    await ui.waitForMessage('error.captcha');
    // What was typed is still there.
    expect(await ui.field('field.name').inputValue()).toBe('Luca Bianchi');
    await challengePassed(ui);
    await ui.toReview();
    const reference = await ui.submit();

    expect(verified.map((v) => v.token)).toEqual(['fake-token-bad', GOOD_TOKEN]);
    expect(await bookingByReference(server.db, reference)).toMatchObject({ personName: 'Luca Bianchi' });
    expect((await allBookings(server.db)).length).toBe(before + 1);
    expect(pageErrors(page)).toEqual([]);
  });

  test('when the challenge script cannot load, an error offers a retry and nothing typed is lost', async () => {
    const page = await newPage(browser);
    let blocked = true;
    await page.route('**/fake-turnstile.js', (route) => (blocked ? route.abort() : route.continue()));
    const ui = await reachDetails(page);
    await ui.waitForMessage('error.captcha_load');
    expect(await axeViolations(page)).toEqual([]);
    await ui.fillDetails({ name: 'Sara Verdi', phone: '347 000 1111' });

    blocked = false;
    await ui.button('action.retry').click();
    await challengePassed(ui);
    expect(await ui.field('field.name').inputValue()).toBe('Sara Verdi');
    await ui.toReview();
    const reference = await ui.submit();

    expect(await bookingByReference(server.db, reference)).toMatchObject({ personName: 'Sara Verdi' });
    expect(verified.map((v) => v.token)).toEqual([GOOD_TOKEN]);
    expect(await scriptTags(page)).toBe(1);
  });
});
