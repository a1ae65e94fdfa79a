import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  allBookings,
  DESK_PHONE,
  expectNoViolations,
  newPage,
  pageErrors,
  useWidgetWorld,
  type WidgetServer,
} from './harness';
import { WidgetUi, type Lang } from './widget-ui';

// The details step as a person meets it: the phone checked as it is typed and left (a landline is said
// before anything is sent, with the desk's number to call), a blank form for the next person, the address
// repeated on the done step, and a host page whose CSS cannot reach inside.

const DESK_TEL = `tel:${DESK_PHONE.replace(/[^\d+]/g, '')}`;

/** Every POST to /api/public/requests the page makes. */
function countRequests(page: Page): () => number {
  let n = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/public/requests')) n++;
  });
  return () => n;
}

/** The text of the elements the phone field's aria-describedby names. */
function describedText(ui: WidgetUi): Promise<string> {
  return ui.field('field.phone').evaluate((el) => {
    const root = el.getRootNode() as ShadowRoot;
    return (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => root.getElementById(id)?.textContent ?? '')
      .join(' ');
  });
}

describe.each(['it', 'en'] as const)(
  'the phone checked as it is typed, lang %s, 360 px, keyboard alone',
  (lang: Lang) => {
    let server: WidgetServer;
    let browser: Browser;
    useWidgetWorld((world) => ({ server, browser } = world));

    test('a landline is said at the field with the desk’s phone before any submit; a mobile clears it', async () => {
      const page = await newPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
      const ui = new WidgetUi(page, lang);
      const sent = countRequests(page);
      await ui.walkToDetails(server.hostPage({ htmlLang: lang }), async () => {});
      const keys = page.keyboard;
      const phone = ui.field('field.phone');
      const email = ui.field('field.email');
      const noMobile = ui.host.getByRole('link', { name: DESK_PHONE });

      await ui.tabTo(phone);
      await keys.type('06 1234 5678');
      await keys.press('Tab');
      await ui.waitForMessage('error.phone_landline');
      // Announced politely where it is, and the focus stays where the person put it.
      expect(await ui.isFocused(email)).toBe(true);
      expect(await phone.getAttribute('aria-invalid')).toBe('true');
      expect(await describedText(ui)).toContain(ui.text('error.phone_landline'));
      const live = ui.host.locator('[aria-live="polite"]').filter({ hasText: ui.text('error.phone_landline') });
      await expect(live.count()).resolves.toBe(1);
      expect(await live.innerText()).toContain(ui.text('call.no_mobile'));
      expect(await noMobile.getAttribute('href')).toBe(DESK_TEL);
      // Nothing was sent and no step was lost; no error summary either (that is for "Next").
      expect(sent()).toBe(0);
      expect(await ui.heading('details').isVisible()).toBe(true);
      expect(await ui.errorSummary().count()).toBe(0);
      await expectNoViolations(page, `landline message (${lang})`);

      // Enter in the form with the landline still there: the summary, not the review.
      await ui.tabTo(phone, { backward: true });
      await keys.press('Enter');
      await ui.errorSummary().waitFor();
      expect(await ui.heading('review').count()).toBe(0);
      expect(sent()).toBe(0);

      // A mobile typed over it: checked after a pause in typing, without leaving the field.
      await ui.tabTo(phone);
      await keys.press('ControlOrMeta+a');
      await keys.type('347 123 4567');
      await expect.poll(() => phone.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('false');
      expect(await noMobile.count()).toBe(0);
      expect(await ui.message('error.phone_landline').count()).toBe(0);
      expect(await ui.isFocused(phone)).toBe(true);
      await expectNoViolations(page, `mobile accepted (${lang})`);

      // Letters are said at once, without asking the server.
      await keys.press('ControlOrMeta+a');
      await keys.type('347 ABC');
      await ui.waitForMessage('error.phone_invalid');
      expect(sent()).toBe(0);
      expect(await allBookings(server.db)).toEqual([]);
      expect(pageErrors(page)).toEqual([]);
    });
  },
);

describe('the done step and the next person', () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  test('the done step repeats the address; "Book another appointment" starts from a blank form', async () => {
    const page = await newPage(browser);
    const ui = new WidgetUi(page, 'it');
    await ui.walkToDetails(server.hostPage(), async () => {});
    await ui.fillDetails({
      name: 'Lucia Neri',
      phone: '347 765 1234',
      email: 'lucia@example.org',
      note: 'Porto il CV',
    });
    await ui.checkbox('field.accessibility_consent').check();
    await ui.field('field.accessibility_needs').fill('Ingresso senza gradini');
    await ui.toReview();
    await ui.submit();

    const done = await ui.shownText();
    expect(done).toContain(ui.text('review.where'));
    expect(done).toContain('Via dei Test 12, Roma');

    // On the same page, no reload: what a shared PC at the association would show the next person.
    await ui.button('action.restart').click();
    await ui.heading('service').waitFor();
    await ui.chooseService('guidance');
    await ui.chooseFirstSlot(await ui.chooseMode('in_person'));
    for (const key of ['field.name', 'field.phone', 'field.email', 'field.note'] as const) {
      expect(await ui.field(key).inputValue(), key).toBe('');
    }
    expect(await ui.checkbox('field.consent').isChecked()).toBe(false);
    expect(await ui.checkbox('field.accessibility_consent').isChecked()).toBe(false);
    expect(await ui.field('field.accessibility_needs').count()).toBe(0);
  });

  test('a remote appointment’s done step gives no address', async () => {
    const page = await newPage(browser);
    const ui = new WidgetUi(page, 'it');
    await ui.walkToDetails(server.hostPage(), async () => {}, { mode: 'remote' });
    await ui.fillDetails({ name: 'Paolo Riva', phone: '347 765 9876' });
    await ui.toReview();
    await ui.submit();
    const done = await ui.shownText();
    expect(done).not.toContain(ui.text('review.where'));
    expect(done).not.toContain('Via dei Test 12');
  });
});

describe('a host page with hostile CSS', () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  const HOSTILE =
    'body { color: red; font-size: 30px; line-height: 3; text-align: right; letter-spacing: 5px; word-spacing: 9px; ' +
    'font-weight: 900; text-transform: uppercase; font-family: "Comic Sans MS", cursive; font-style: italic; text-indent: 4em }';

  /** Computed text properties of the step heading's next paragraph and of a button inside the widget. */
  async function textStyles(page: Page) {
    return page.locator('sportello-booking').evaluate((el) => {
      const root = el.shadowRoot!;
      const pick = (node: Element) => {
        const cs = getComputedStyle(node);
        return {
          color: cs.color,
          fontSize: cs.fontSize,
          lineHeight: cs.lineHeight,
          textAlign: cs.textAlign,
          letterSpacing: cs.letterSpacing,
          wordSpacing: cs.wordSpacing,
          fontWeight: cs.fontWeight,
          fontStyle: cs.fontStyle,
          fontFamily: cs.fontFamily,
          textTransform: cs.textTransform,
          textIndent: cs.textIndent,
        };
      };
      return { text: pick(root.querySelector('.progress')!), button: pick(root.querySelector('button')!) };
    });
  }

  test('leaves the widget’s text colour, size and spacing as they are on a plain page', async () => {
    const page = await newPage(browser);
    const ui = new WidgetUi(page, 'it');
    await ui.open(server.hostPage());
    const plain = await textStyles(page);
    expect(plain.text.color).toBe('rgb(71, 71, 71)');
    expect(plain.text.fontSize).not.toBe('30px');

    await ui.open(server.hostPage({ css: HOSTILE }));
    // The page itself did take the hostile rules.
    expect(await page.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(255, 0, 0)');
    expect(await textStyles(page)).toEqual(plain);
  });

  test('the documented custom properties still theme it', async () => {
    const page = await newPage(browser);
    const ui = new WidgetUi(page, 'it');
    const css = `${HOSTILE} sportello-booking { --sportello-muted: rgb(0, 80, 0); --sportello-font-size: 20px; --sportello-font-family: monospace }`;
    await ui.open(server.hostPage({ css }));
    const themed = await textStyles(page);
    expect(themed.text.color).toBe('rgb(0, 80, 0)');
    expect(themed.button.fontSize).toBe('20px');
    expect(themed.text.fontFamily).toBe('monospace');
    expect(themed.text.letterSpacing).toBe('normal');
  });
});
