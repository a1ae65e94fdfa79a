import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { messages, waitlistEntries } from '../../worker/src/db/schema';
import { textDirection } from '../../worker/src/domain/vocabulary';
import {
  E2E_DESK_RULES,
  E2E_TODAY,
  SERVICES,
  expectNoViolations,
  newPage,
  pageErrors,
  useWidgetWorld,
  type WidgetServer,
} from './harness';
import { WidgetUi, type Lang, type ServiceKey } from './widget-ui';

/** Screenshots for a person to look at (not committed). */
const SHOTS = process.env.WAITLIST_SHOTS;
const WIDTH = 360;

/** A phone 360 px wide. */
const phone = (browser: Browser, locale = 'it-IT') =>
  newPage(browser, { viewport: { width: WIDTH, height: 740 }, isMobile: true, hasTouch: true, locale });

/** The form's controls, named by the widget's own catalog. */
function form(ui: WidgetUi) {
  const label = (key: Parameters<WidgetUi['name']>[0]) => ui.host.getByLabel(ui.name(key));
  return {
    from: label('field.from'),
    to: label('field.to'),
    name: ui.host.getByRole('textbox', { name: ui.name('field.name') }),
    phone: ui.host.getByRole('textbox', { name: ui.name('field.phone') }),
    consent: ui.host.getByRole('checkbox', { name: ui.name('field.waitlist_consent') }),
    join: ui.button('action.join'),
  };
}

/** Nothing wider than the phone: no sideways scrolling at this step. */
async function expectFits(page: Page, where: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/widget-${where}.png`, fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `page width at "${where}"`).toBeLessThanOrEqual(WIDTH);
}

/** From the first step to the day step with the keyboard alone; `service` has one mode or `mode` picks it. */
async function keyboardToDays(ui: WidgetUi, service: ServiceKey): Promise<void> {
  await ui.tabTo(ui.serviceButton(service));
  await ui.page.keyboard.press('Enter');
  const step = await ui.expectFocusOnAnyHeading(['mode', 'day']);
  if (step === 'mode') {
    await ui.tabTo(ui.modeButton('in_person'));
    await ui.page.keyboard.press('Enter');
    await ui.expectFocusOnHeading('day');
  }
}

describe('the waiting list in the widget', () => {
  let server: WidgetServer;
  let browser: Browser;
  useWidgetWorld((world) => ({ server, browser } = world));

  // Needs only the widget: the way onto the list, the form, its own checks, axe in it, en and ar.
  for (const lang of ['it', 'en', 'ar'] as const satisfies readonly Lang[]) {
    test(`${lang}: under the days a way onto the list; the form starts on the whole horizon and says what is missing (axe clean, ${WIDTH} px)`, async () => {
      const page = await phone(browser);
      const ui = new WidgetUi(page, lang);
      await ui.open(server.hostPage({ htmlLang: lang, attrs: { lang } }));
      await keyboardToDays(ui, 'cv');
      await ui.anySlotButton().first().waitFor();
      const link = ui.button('action.waitlist');
      await ui.message('waitlist.offer').waitFor();
      await expectNoViolations(page, `${lang} day step with the waitlist link`);
      await expectFits(page, `${lang}-1-days`);

      await ui.tabTo(link);
      expect(await ui.focusIsVisible()).toBe(true);
      await page.keyboard.press('Enter');
      await ui.expectFocusOnHeading('waitlist');
      expect(await ui.host.locator('.wrap').getAttribute('dir')).toBe(textDirection(lang));
      const f = form(ui);
      expect(await f.from.inputValue()).toBe(E2E_TODAY);
      const last = new Date(Date.parse(`${E2E_TODAY}T00:00:00Z`) + E2E_DESK_RULES.horizonDays * 86_400_000);
      expect(await f.to.inputValue()).toBe(last.toISOString().slice(0, 10));
      await expectNoViolations(page, `${lang} waitlist form`);
      await expectFits(page, `${lang}-2-form`);

      // Sent empty: the summary takes the focus and names each problem; nothing is sent.
      let posted = false;
      page.on('request', (r) => {
        if (r.url().includes('/api/public/waitlist')) posted = true;
      });
      await f.from.fill(addDaysIso(E2E_TODAY, 5));
      await f.to.fill(addDaysIso(E2E_TODAY, 3));
      await ui.tabTo(f.join);
      await page.keyboard.press('Enter');
      await ui.expectFocus((x) => x.text.startsWith(ui.text('error.summary_heading')), 'error summary');
      for (const key of [
        'error.days_order',
        'error.name_required',
        'error.phone_required',
        'error.waitlist_consent_required',
      ] as const) {
        expect(await ui.host.getByRole('link', { name: ui.name(key) }).count(), key).toBe(1);
      }
      expect(await f.name.getAttribute('aria-invalid')).toBe('true');
      expect(posted).toBe(false);
      await expectNoViolations(page, `${lang} waitlist form with errors`);
      await expectFits(page, `${lang}-3-errors`);

      // Back returns to the days, the form keeps what was typed.
      await ui.tabTo(ui.button('action.back'), { backward: true });
      await page.keyboard.press('Enter');
      await ui.expectFocusOnHeading('day');
      expect(pageErrors(page)).toEqual([]);
    });
  }

  test('a service with no free time: the notice, then the way onto the list', async () => {
    const page = await phone(browser);
    const ui = new WidgetUi(page, 'it');
    await ui.open(server.hostPage({ attrs: { lang: 'it' } }));
    await keyboardToDays(ui, 'workshop');
    await ui.message('status.no_slots').waitFor();
    await ui.tabTo(ui.button('action.waitlist'));
    await page.keyboard.press('Enter');
    await ui.expectFocusOnHeading('waitlist');
    expect(pageErrors(page)).toEqual([]);
  });

  // Needs the server's POST /api/public/waitlist (wl-server).
  test(`joining at ${WIDTH} px with the keyboard alone: the reference, no SMS, the entry waiting in join order`, async () => {
    const page = await phone(browser);
    const ui = new WidgetUi(page, 'it');
    const keys = page.keyboard;
    await ui.open(server.hostPage({ attrs: { lang: 'it' } }));
    await keyboardToDays(ui, 'guidance');
    await ui.tabTo(ui.button('action.waitlist'));
    await keys.press('Enter');
    await ui.expectFocusOnHeading('waitlist');
    const f = form(ui);
    await ui.tabTo(f.name);
    await keys.type('Amina Diallo');
    await ui.tabTo(f.phone);
    await keys.type('347 555 1212');
    await ui.tabTo(f.consent);
    await keys.press('Space');
    await ui.tabTo(f.join);
    await keys.press('Enter');
    await ui.expectFocusOnHeading('waitlisted');
    await ui.message('waitlisted.next').waitFor();
    const reference = ((await ui.reference().textContent()) ?? '').trim();
    await expectNoViolations(page, 'it waitlist done');
    await expectFits(page, 'it-4-done');

    const [entry] = await server.db.select().from(waitlistEntries).where(eq(waitlistEntries.reference, reference));
    expect(entry).toMatchObject({
      status: 'waiting',
      serviceId: SERVICES.guidance.id,
      mode: 'in_person',
      fromDate: E2E_TODAY,
      toDate: addDaysIso(E2E_TODAY, E2E_DESK_RULES.horizonDays),
      personName: 'Amina Diallo',
      phone: '+393475551212',
      language: 'it',
      channel: 'widget',
    });
    // Joining sends nothing: a text comes only when a time frees.
    expect(await server.db.select().from(messages)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });

  // Needs the server's POST /api/public/waitlist (wl-server).
  test('Arabic, right to left: joining for chosen days; the days and the reference on the done step', async () => {
    const page = await phone(browser, 'ar');
    const ui = new WidgetUi(page, 'ar');
    await ui.open(server.hostPage({ htmlLang: 'ar', attrs: { lang: 'ar' } }));
    await keyboardToDays(ui, 'cv');
    await ui.button('action.waitlist').click();
    await ui.expectFocusOnHeading('waitlist');
    const f = form(ui);
    await f.from.fill(addDaysIso(E2E_TODAY, 2));
    await f.to.fill(addDaysIso(E2E_TODAY, 9));
    await f.name.fill('سارة أحمد');
    // Arabic-Indic digits, as an Arabic phone keyboard types them.
    await f.phone.fill('+٣٩ ٣٤٧ ٥٥٥ ١٣١٣');
    await f.consent.check();
    await f.join.click();
    await ui.expectFocusOnHeading('waitlisted');
    expect(await ui.host.locator('.wrap').getAttribute('dir')).toBe('rtl');
    await expectNoViolations(page, 'ar waitlist done');
    const reference = ((await ui.reference().textContent()) ?? '').trim();
    const [entry] = await server.db.select().from(waitlistEntries).where(eq(waitlistEntries.reference, reference));
    expect(entry).toMatchObject({
      fromDate: addDaysIso(E2E_TODAY, 2),
      toDate: addDaysIso(E2E_TODAY, 9),
      phone: '+393475551313',
      language: 'ar',
    });
  });
});

function addDaysIso(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
