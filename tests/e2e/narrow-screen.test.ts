import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { newPage, useWidgetWorld, type WidgetServer } from './harness';
import { WidgetUi, type StepToDetails } from './widget-ui';

/** Screenshots land here (gitignored) for a person to look at. */
const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const WIDTH = 320;

describe(`a phone ${WIDTH} px wide`, () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  /** Widths that would mean horizontal scrolling: the page's and the widget's own (its box and its content). */
  async function expectNoHorizontalScroll(page: Page, step: string): Promise<void> {
    await page.screenshot({ path: `${ARTIFACTS}widget-${WIDTH}px-${step}.png`, fullPage: true });
    const widths = await page.evaluate(() => {
      const host = document.querySelector('sportello-booking') as HTMLElement;
      const inner = [...(host.shadowRoot?.children ?? [])].filter((el): el is HTMLElement => el instanceof HTMLElement);
      return {
        document: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        widget: host.scrollWidth,
        widgetContent: Math.max(0, ...inner.map((el) => el.scrollWidth)),
      };
    });
    expect({ step, ...widths }).toEqual({
      step,
      document: Math.min(widths.document, WIDTH),
      body: Math.min(widths.body, WIDTH),
      widget: Math.min(widths.widget, WIDTH),
      widgetContent: Math.min(widths.widgetContent, WIDTH),
    });
  }

  test('no horizontal scrolling at any step (screenshots in tests/.artifacts/)', async () => {
    const page = await newPage(browser, {
      viewport: { width: WIDTH, height: 640 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    const ui = new WidgetUi(page, 'it');
    const shots: Record<StepToDetails, string> = {
      service: '1-service',
      mode: '2-mode',
      day: '3-day',
      details: '4-details',
    };
    await ui.walkToDetails(server.hostPage(), (step) => expectNoHorizontalScroll(page, shots[step]));
    await ui.fillDetails({ name: 'Maria Grazia Esposito-Fontanarossa', phone: '06 1234 5678' });
    await ui.submitExpectingFieldErrors();
    await expectNoHorizontalScroll(page, '5-details-errors');
    await ui.field('field.phone').fill('347 555 6677');
    await ui.toReview();
    await expectNoHorizontalScroll(page, '6-review');
    await ui.submit();
    await expectNoHorizontalScroll(page, '7-done');
  });
});
