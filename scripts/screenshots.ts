/**
 * `npm run screenshots -- --lang ar`: every step of the booking widget, and the manage page of the booking it
 * makes, in one language on a phone-sized screen, as PNG files a native speaker can read through
 * (LANGUAGES.md). Runs the real app on loopback with a throwaway database and Debian's Chromium; nothing is
 * sent anywhere.
 *
 * Options: --lang it|en|ar|es|fr|uk|ro (or `all`; default all), --width 360, --out <folder> (default
 * tests/.artifacts/screenshots, one folder per language inside).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { LANGUAGES, type Language } from '../worker/src/domain/vocabulary';
import { buildWidget } from '../tests/e2e/build-widget';
import { bookingByReference, launchBrowser, newPage, startWidgetServer, type WidgetServer } from '../tests/e2e/harness';
import { WidgetUi } from '../tests/e2e/widget-ui';

const { values } = parseArgs({
  options: {
    lang: { type: 'string', default: 'all' },
    width: { type: 'string', default: '360' },
    out: { type: 'string', default: 'tests/.artifacts/screenshots' },
  },
});

const langs: Language[] =
  values.lang === 'all' ? [...LANGUAGES] : LANGUAGES.filter((l) => values.lang?.split(',').includes(l));
const width = Number(values.width);
if (!langs.length || !(width >= 240 && width <= 2000)) {
  console.error(`usage: npm run screenshots -- --lang ${LANGUAGES.join('|')}|all [--width 360] [--out folder]`);
  process.exit(2);
}

/** One language: the widget on a page in that language, step by step, then the booking's manage page. */
async function shoot(browser: Browser, server: WidgetServer, lang: Language, folder: string): Promise<string[]> {
  mkdirSync(folder, { recursive: true });
  const files: string[] = [];
  const page = await newPage(browser, {
    viewport: { width, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: lang,
  });
  const shot = async (p: Page, name: string) => {
    const file = join(folder, `${String(files.length + 1).padStart(2, '0')}-${name}.png`);
    await p.screenshot({ path: file, fullPage: true });
    files.push(file);
  };
  const ui = new WidgetUi(page, lang);
  await ui.walkToDetails(server.hostPage({ htmlLang: lang }), (step) => shot(page, step));
  // The form's messages: sent empty, then with a landline.
  await ui.button('action.next').click();
  await ui.errorSummary().waitFor();
  await shot(page, 'details-errors');
  await ui.fillDetails({ name: 'Amina Haddad', phone: '06 1234 5678', note: 'CV' });
  await ui.field('field.phone').blur();
  await ui.message('error.phone_landline').waitFor();
  await shot(page, 'details-landline');
  await ui.field('field.phone').fill('347 123 4567');
  await ui.checkbox('field.accessibility_consent').check();
  await ui.field('field.accessibility_needs').fill('Interprete');
  await shot(page, 'details-filled');
  await ui.toReview();
  await shot(page, 'review');
  const reference = await ui.submit();
  await shot(page, 'done');

  const booking = await bookingByReference(server.db, reference);
  if (booking) {
    await page.goto(`${server.apiOrigin}/m/${booking.manageCode}`);
    await shot(page, 'manage-page');
  }
  await page.context().close();
  return files;
}

async function main(): Promise<void> {
  await buildWidget();
  const server = await startWidgetServer();
  const browser = await launchBrowser();
  try {
    for (const lang of langs) {
      const files = await shoot(browser, server, lang, resolve(values.out!, lang));
      console.log(`${lang}: ${files.length} screenshots in ${resolve(values.out!, lang)}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
