/**
 * The requests the widget makes and their order (issue 16: one round trip to the first times). With the
 * service and mode preselected by attributes, the desk and the first window of free times travel together:
 * the availability request leaves before the desk's answer arrives. Without them, the service step is
 * usable as soon as the desk arrives, and picking a service asks for its times at once.
 */
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { newPage, SERVICES, useWidgetWorld, type WidgetServer } from './harness';
import { WidgetUi } from './widget-ui';

/** How long the desk's answer is held back: long enough that a serial widget could not hide it. */
const DESK_DELAY_MS = 700;

/** Logs `start <what>` and `end <what>` (answer received) for every request to the API origin, in order. */
function recordRequests(page: Page, apiOrigin: string): string[] {
  const log: string[] = [];
  const what = (url: string) => {
    const u = new URL(url);
    return u.origin === apiOrigin ? u.pathname.replace(/^\/(api\/public\/)?/, '').replace(/^widget\/.*/, 'chunk') : '';
  };
  page.on('request', (req) => {
    const w = what(req.url());
    if (w) log.push(`start ${w}`);
  });
  page.on('response', (res) => {
    const w = what(res.url());
    if (w) log.push(`end ${w}`);
  });
  return log;
}

/** Holds the desk's answer back by DESK_DELAY_MS (the request itself leaves when the widget sends it). */
async function slowDesk(page: Page): Promise<void> {
  await page.route('**/api/public/desk*', async (route) => {
    await new Promise((r) => setTimeout(r, DESK_DELAY_MS));
    await route.continue();
  });
}

describe('the widget’s requests', () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  test('with service and mode preselected, the desk and the first times are asked for together', async () => {
    const page = await newPage(browser);
    const log = recordRequests(page, server.apiOrigin);
    await slowDesk(page);
    const ui = new WidgetUi(page, 'it');
    await page.goto(server.hostPage({ attrs: { service: SERVICES.guidance.id, mode: 'in_person' } }));
    await ui.heading('day').waitFor();
    expect(log.slice(0, 2)).toEqual(['start widget.js', 'end widget.js']);
    // Both leave before either answer: one round trip after widget.js, not two.
    expect(new Set(log.slice(2, 4))).toEqual(new Set(['start desk', 'start availability']));
    expect(log.indexOf('start availability')).toBeLessThan(log.indexOf('end desk'));
    // One availability request only: the early answer is the one shown, not asked for again.
    expect(log.filter((l) => l === 'start availability')).toHaveLength(1);
    await page.context().close();
  });

  test('without attributes, the desk alone; the service step works once it arrives; a pick asks at once', async () => {
    const page = await newPage(browser);
    const log = recordRequests(page, server.apiOrigin);
    const ui = new WidgetUi(page, 'it');
    await ui.open(server.hostPage());
    expect(log).toEqual(['start widget.js', 'end widget.js', 'start desk', 'end desk']);
    const availability = ui.nextAvailability();
    // The CV review has one mode: its times are asked for as soon as it is picked.
    await ui.serviceButton('cv').click();
    await availability;
    await ui.heading('day').waitFor();
    const picked = log.slice(4);
    expect(picked).toContain('start availability');
    expect(picked.filter((l) => l.startsWith('start') && l !== 'start chunk')).toEqual(['start availability']);
    await page.context().close();
  });
});
