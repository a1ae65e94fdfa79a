import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { westernDigits } from '../../widget/src/booking-form';
import { textDirection } from '../../worker/src/domain/vocabulary';
import { PUBLIC_DIR } from './build-widget';
import {
  bookingByReference,
  expectNoViolations,
  newPage,
  pageErrors,
  SERVICES,
  useWidgetWorld,
  type WidgetServer,
} from './harness';
import { WidgetUi, type Lang, type StepToDetails } from './widget-ui';

// Issue 13: the widget in seven languages. One page per language and one server for the file: a whole booking
// in each language (by mouse in five, with the keyboard alone in Arabic and Ukrainian), axe at every step.

const NARROW = 320;
/** A name as a person of each language might type it. */
const NAMES: Record<Lang, string> = {
  it: 'Giulia Romano',
  en: 'Grace Okafor',
  ar: 'أمينة حداد',
  es: 'Rosa Quispe',
  fr: 'Awa Diop',
  uk: 'Олена Коваль',
  ro: 'Ioana Popescu',
};
const PHONES: Record<Lang, string> = {
  it: '347 100 0001',
  en: '347 100 0002',
  // Typed on an Arabic keyboard: Arabic-Indic digits, which the widget sends as 0–9.
  ar: '٣٤٧ ١٠٠ ٠٠٠٣',
  es: '347 100 0004',
  fr: '347 100 0005',
  uk: '347 100 0006',
  ro: '347 100 0007',
};

/** The widget's root (the wrapper inside its shadow root): the language and direction it is written in. */
function root(ui: WidgetUi): Promise<{ lang: string | null; dir: string | null }> {
  return ui.host.evaluate((el) => {
    const wrap = el.shadowRoot?.querySelector('.wrap');
    return { lang: wrap?.getAttribute('lang') ?? null, dir: wrap?.getAttribute('dir') ?? null };
  });
}

/** Elements of the widget that reach outside the viewport's width, and the page's own horizontal scroll. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width)
      out.push(`the page scrolls (${document.documentElement.scrollWidth} px)`);
    const shadow = document.querySelector('sportello-booking')?.shadowRoot;
    for (const el of shadow?.querySelectorAll('*') ?? []) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < -0.5 || r.right > width + 0.5)
        out.push(
          `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> ${Math.round(r.left)}–${Math.round(r.right)} px`,
        );
    }
    return out;
  });
}

/** What every step must be: in the language and its direction, clean for axe, and (on a narrow screen) not too wide. */
async function checkStep(page: Page, ui: WidgetUi, step: string): Promise<void> {
  const where = `${ui.lang}, ${step}`;
  expect(await root(ui), where).toEqual({ lang: ui.lang, dir: textDirection(ui.lang) });
  await expectNoViolations(page, where);
  if (page.viewportSize()?.width === NARROW) expect(await overflowing(page), where).toEqual([]);
}

/** "Back" and "Next" on screen now, left to right. */
async function navOrder(ui: WidgetUi): Promise<string[]> {
  const boxes = await Promise.all(
    (['action.back', 'action.next'] as const).map(async (key) => ({ key, box: await ui.button(key).boundingBox() })),
  );
  return boxes.sort((a, b) => (a.box?.x ?? 0) - (b.box?.x ?? 0)).map((b) => b.key);
}

/** Sends the details form empty, for its error messages, then fills it in. */
async function detailsWithErrors(page: Page, ui: WidgetUi): Promise<void> {
  await ui.button('action.next').click();
  await ui.errorSummary().waitFor();
  await checkStep(page, ui, 'details with errors');
  await ui.fillDetails({ name: NAMES[ui.lang], phone: PHONES[ui.lang] });
}

/** The stored booking, as this file books it. */
async function expectStored(server: WidgetServer, reference: string, lang: Lang, start: string): Promise<void> {
  expect(await bookingByReference(server.db, reference)).toMatchObject({
    status: 'requested',
    startAt: Date.parse(start),
    serviceId: SERVICES.guidance.id,
    personName: NAMES[lang],
    phone: `+39${westernDigits(PHONES[lang]).replace(/\D/g, '')}`,
    language: lang,
  });
}

describe('the widget in seven languages', () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  /** How each mouse booking picks its language: the page's <html lang>, the element's `lang`, or the switch. */
  const MOUSE: { lang: Lang; how: 'html' | 'attribute' | 'switch' }[] = [
    { lang: 'it', how: 'html' },
    { lang: 'en', how: 'attribute' },
    { lang: 'es', how: 'html' },
    { lang: 'fr', how: 'switch' },
    { lang: 'ro', how: 'html' },
  ];

  test.each(MOUSE)(
    'a whole booking by mouse in $lang (language from the $how), axe clean at every step',
    async ({ lang, how }) => {
      const page = await newPage(browser);
      const ui = new WidgetUi(page, lang);
      const url = server.hostPage(
        how === 'html' ? { htmlLang: lang } : how === 'attribute' ? { attrs: { lang } } : { htmlLang: 'it' },
      );
      if (how === 'switch') {
        // The page is Italian: the person picks the language on the switch.
        const italian = new WidgetUi(page, 'it');
        await italian.open(url);
        await italian.langButton(lang).click();
        await ui.heading('service').waitFor();
      } else {
        await ui.open(url);
      }
      const start = await ui.walkFromService((step: StepToDetails) => checkStep(page, ui, step));
      await detailsWithErrors(page, ui);
      await ui.toReview();
      // The service is named in the language (the desk JSON's names[lang]).
      expect(await ui.shownText()).toContain(SERVICES.guidance[lang]);
      await checkStep(page, ui, 'review');
      const reference = await ui.submit();
      await checkStep(page, ui, 'done');
      await expectStored(server, reference, lang, start);
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    },
  );

  test.each(['ar', 'uk'] as const)(
    `a whole booking with the keyboard alone in %s, ${NARROW} px wide: focus on every heading, axe clean, nothing overflows`,
    async (lang) => {
      const page = await newPage(browser, { viewport: { width: NARROW, height: 640 }, isMobile: true, hasTouch: true });
      const ui = new WidgetUi(page, lang);
      const keys = page.keyboard;
      if (lang === 'ar') {
        // Arabic is picked on the switch of an Italian page, with the keyboard; focus stays on the pressed button.
        await new WidgetUi(page, 'it').open(server.hostPage({ htmlLang: 'it' }));
        const arabic = ui.langButton('ar');
        await ui.tabTo(arabic);
        await keys.press('Enter');
        await ui.heading('service').waitFor();
        expect(await ui.isFocused(arabic)).toBe(true);
        expect(await arabic.getAttribute('aria-pressed')).toBe('true');
        await expect.poll(() => ui.host.getByRole('status').textContent()).toBe(ui.text('status.language'));
      } else {
        await ui.open(server.hostPage({ htmlLang: lang }));
      }
      await checkStep(page, ui, 'service');

      await ui.tabTo(ui.serviceButton('guidance'));
      expect(await ui.focusIsVisible()).toBe(true);
      await keys.press('Enter');
      await ui.expectFocusOnHeading('mode');
      await checkStep(page, ui, 'mode');

      const availability = ui.nextAvailability();
      await ui.tabTo(ui.modeButton('in_person'));
      await keys.press('Space');
      const start = (await availability).days[0]?.slots[0]?.start;
      if (!start) throw new Error('no slot offered');
      await ui.expectFocusOnHeading('day');
      // The first day's times are on screen with the days.
      await ui.slotButton(start).waitFor();
      await checkStep(page, ui, 'day');
      await ui.tabTo(ui.slotButton(start));
      await keys.press('Enter');
      await ui.expectFocusOnHeading('details');
      await checkStep(page, ui, 'details');
      // Right to left, "next" is on the left of "back"; left to right, on its right.
      expect(await navOrder(ui)).toEqual(
        lang === 'ar' ? ['action.next', 'action.back'] : ['action.back', 'action.next'],
      );

      await ui.tabTo(ui.button('action.next'));
      await keys.press('Enter');
      await ui.errorSummary().waitFor();
      await checkStep(page, ui, 'details with errors');
      await ui.tabTo(ui.field('field.name'));
      await keys.type(NAMES[lang]);
      await ui.tabTo(ui.field('field.phone'));
      await keys.type(PHONES[lang]);
      // A phone number reads left to right in Arabic too.
      expect(await ui.field('field.phone').evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
      await ui.tabTo(ui.checkbox('field.consent'));
      await keys.press('Space');
      await ui.tabTo(ui.button('action.next'));
      await keys.press('Enter');
      await ui.expectFocusOnHeading('review');
      await checkStep(page, ui, 'review');

      await ui.tabTo(ui.button('action.submit'));
      await keys.press('Enter');
      await ui.expectFocusOnHeading('done');
      await checkStep(page, ui, 'done');
      const reference = ((await ui.reference().textContent()) ?? '').trim();
      await expectStored(server, reference, lang, start);
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    },
  );

  test('a language is fetched only when chosen; meanwhile the current one stays, and a failure keeps it and says so', async () => {
    const page = await newPage(browser);
    const it = new WidgetUi(page, 'it');
    const chunks: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/widget/')) chunks.push(new URL(r.url()).pathname);
    });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/widget/fr-*.js', async (route: Route) => {
      await held;
      await route.fallback();
    });
    await page.route('**/widget/es-*.js', (route) => route.abort('internetdisconnected'));
    await it.open(server.hostPage({ htmlLang: 'it' }));
    // The switch is a group named in the current language, its buttons in their own languages. It may
    // render a moment after the heading: wait for its last button before counting.
    await it.langButton('ro').waitFor();
    expect(
      await it.host
        .getByRole('group', { name: it.text('lang.label') })
        .getByRole('button')
        .count(),
    ).toBe(7);
    expect(await it.langButton('ar').getAttribute('lang')).toBe('ar');
    expect(chunks.filter((c) => /\/(ar|es|fr|uk|ro)-/.test(c))).toEqual([]);

    // While French is on its way: still Italian, and the status line says to wait.
    const french = it.langButton('fr');
    await french.click();
    await expect.poll(() => it.host.getByRole('status').textContent()).toBe(it.text('status.loading'));
    expect(await it.heading('service').isVisible()).toBe(true);
    expect(await it.langButton('it').getAttribute('aria-pressed')).toBe('true');
    expect(await root(it)).toEqual({ lang: 'it', dir: 'ltr' });
    release();
    const fr = new WidgetUi(page, 'fr');
    await fr.heading('service').waitFor();
    expect(await french.getAttribute('aria-pressed')).toBe('true');
    expect(await fr.isFocused(french)).toBe(true);

    // Spanish cannot be fetched: French stays, an alert says so (in French); the next try works.
    await fr.langButton('es').click();
    await fr.waitForMessage('error.language');
    expect(await fr.host.getByRole('alert').textContent()).toContain(fr.text('error.language'));
    expect(await fr.heading('service').isVisible()).toBe(true);
    expect(await french.getAttribute('aria-pressed')).toBe('true');
    await page.unroute('**/widget/es-*.js');
    await fr.langButton('es').click();
    await new WidgetUi(page, 'es').heading('service').waitFor();
    expect(await fr.host.getByRole('alert').count()).toBe(0);
    expect(chunks.filter((c) => /\/(ar|uk|ro)-/.test(c))).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  test('the chunks are served as JavaScript, readable from another origin, cached for good', async () => {
    const files = readdirSync(join(PUBLIC_DIR, 'widget'));
    for (const lang of ['ar', 'es', 'fr', 'uk', 'ro', 'later-steps']) {
      const file = files.find((f) => f.startsWith(`${lang}-`) && f.endsWith('.js'));
      expect(file, lang).toBeDefined();
      const res = await fetch(`${server.apiOrigin}/widget/${file}`, { headers: { Origin: server.hostOrigin } });
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toMatch(/^text\/javascript/);
      expect(res.headers.get('access-control-allow-origin'), file).toBe('*');
      expect(res.headers.get('cache-control'), file).toContain('immutable');
      expect(res.headers.get('x-content-type-options'), file).toBe('nosniff');
    }
  });
});
