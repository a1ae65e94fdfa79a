/**
 * The widget as a person sees it: controls found by role and by their name in the widget's own message
 * catalog (widget/src/i18n), and the steps of a booking. Locators pierce the widget's open shadow root.
 */
import type { Locator, Page, Response } from 'playwright-core';
import { LANGUAGE_ENDONYMS, type Language } from '../../worker/src/domain/vocabulary';
import { ar } from '../../widget/src/i18n/ar';
import { en } from '../../widget/src/i18n/en';
import { es } from '../../widget/src/i18n/es';
import { fr } from '../../widget/src/i18n/fr';
import { it } from '../../widget/src/i18n/it';
import { LATER_CATALOGS, type LaterKey } from '../../widget/src/i18n/later';
import { ro } from '../../widget/src/i18n/ro';
import { uk } from '../../widget/src/i18n/uk';
import { SERVICES } from './harness';

export type Lang = Language;
export type MessageKey = keyof typeof it | LaterKey;
/** Each language's whole catalog: the first steps' texts and the later steps' (widget/src/i18n/later.ts). */
const CATALOGS = Object.fromEntries(
  Object.entries({ it, en, ar, es, fr, uk, ro }).map(([lang, first]) => [
    lang,
    { ...first, ...LATER_CATALOGS[lang as Lang] },
  ]),
) as Record<Lang, Record<MessageKey, string>>;
export type ServiceKey = keyof typeof SERVICES;
/** The widget's steps; 'day' is the choice of the day and the time, in one view. */
export type Step = 'service' | 'mode' | 'day' | 'details' | 'review' | 'done' | 'waitlist' | 'waitlisted';
/** The steps walkToDetails() passes through. */
export type StepToDetails = Extract<Step, 'service' | 'mode' | 'day' | 'details'>;

export interface AvailabilityBody {
  timeZone: string;
  days: { date: string; slots: { start: string; end: string }[] }[];
}

export interface Details {
  name: string;
  phone: string;
  email?: string;
  note?: string;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A catalog text as a pattern: {placeholders} match anything, and a no-break space (French "rendez-vous ?")
 * matches any space, as accessible names and text matching normalise white space.
 */
const textPattern = (value: string) =>
  value
    .split(/\{[^}]*\}/)
    .map((part) => escapeRe(part).replace(/\u00a0/g, '\\s'))
    .join('.*?');

/** A catalog value as a pattern anchored at the start of an accessible name. */
function startsWith(value: string): RegExp {
  return new RegExp(`^\\s*${textPattern(value)}`);
}

/** A number as `lang` writes it (the digits Intl gives the language). */
const digits = (lang: Lang, n: number, min = 1) =>
  new Intl.NumberFormat(lang, { minimumIntegerDigits: min, useGrouping: false }).format(n);

/** Matches the time of an ISO instant written in the desk's offset, as 24-hour or 12-hour clock, in `lang`'s digits. */
function timePattern(startIso: string, lang: Lang): string {
  const h = Number(startIso.slice(11, 13));
  const mm = digits(lang, Number(startIso.slice(14, 16)), 2);
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const hh = `(?:${digits(lang, h, 2)}|${digits(lang, h)})`;
  return `(?:(?<!\\p{Nd})${hh}[:.]${mm}(?!\\p{Nd})|(?<!\\p{Nd})${digits(lang, h12)}[:.]${mm}\\s*[ap]\\.?\\s*m)`;
}

export class WidgetUi {
  readonly host: Locator;

  constructor(
    readonly page: Page,
    readonly lang: Lang,
  ) {
    this.host = page.locator('sportello-booking');
  }

  /** The catalog text of `key` in the UI language. */
  text(key: MessageKey): string {
    return CATALOGS[this.lang][key];
  }

  name(key: MessageKey): RegExp {
    return startsWith(this.text(key));
  }

  heading(step: Step): Locator {
    return this.host.getByRole('heading', { name: this.name(`step.${step}.heading`) });
  }

  button(key: MessageKey): Locator {
    return this.host.getByRole('button', { name: this.name(key) });
  }

  serviceButton(service: ServiceKey): Locator {
    return this.host.getByRole('button', { name: startsWith(SERVICES[service][this.lang]) });
  }

  modeButton(mode: 'in_person' | 'remote'): Locator {
    return this.button(`mode.${mode}`);
  }

  /** The slot button starting at `startIso` (its accessible name holds the day of the month and the time). */
  slotButton(startIso: string): Locator {
    const day = digits(this.lang, Number(startIso.slice(8, 10)));
    const name = new RegExp(`(?<!\\p{Nd})${day}(?!\\p{Nd}).*${timePattern(startIso, this.lang)}`, 'u');
    return this.host.getByRole('button', { name });
  }

  /** Any slot button: its name carries a clock time. */
  anySlotButton(): Locator {
    return this.host.getByRole('button', { name: /\p{Nd}[:.]\p{Nd}{2}/u });
  }

  /** The language switch's button for `lang`, named in that language whatever the widget speaks now. */
  langButton(lang: Lang): Locator {
    return this.host.getByRole('button', { name: LANGUAGE_ENDONYMS[lang], exact: true });
  }

  field(key: 'field.name' | 'field.phone' | 'field.email' | 'field.note' | 'field.accessibility_needs'): Locator {
    return this.host.getByRole('textbox', { name: this.name(key) });
  }

  checkbox(key: 'field.consent' | 'field.accessibility_consent'): Locator {
    return this.host.getByRole('checkbox', { name: this.name(key) });
  }

  /** What the widget shows as text (innerText of its shadow root's content). */
  shownText(): Promise<string> {
    return this.host.evaluate((el) =>
      [...(el.shadowRoot?.children ?? [])].map((c) => (c instanceof HTMLElement ? c.innerText : '')).join('\n'),
    );
  }

  reference(): Locator {
    return this.host.locator('[part~="reference"]');
  }

  /** Text from the catalog anywhere in the widget ({placeholders} match anything). */
  message(key: MessageKey): Locator {
    return this.host.getByText(new RegExp(textPattern(this.text(key)))).first();
  }

  /** Waits for a catalog message; on timeout the error says what the widget showed instead. */
  async waitForMessage(key: MessageKey): Promise<void> {
    try {
      await this.message(key).waitFor();
    } catch (err) {
      const shown = await this.shownText().catch(() => '(widget not readable)');
      throw new Error(`"${key}" did not appear; the widget shows:\n${shown}`, { cause: err });
    }
  }

  errorSummary(): Locator {
    return this.host.getByRole('heading', { name: this.name('error.summary_heading') });
  }

  /** Text of the deepest focused element and whether it is a heading (focus crosses the shadow root). */
  focused(): Promise<{ tag: string; role: string | null; text: string; heading: boolean; name: string }> {
    return this.page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      if (!el) return { tag: '', role: null, text: '', heading: false, name: '' };
      const tag = el.tagName.toLowerCase();
      const role = el.getAttribute('role');
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
      const name = (el.getAttribute('aria-label') ?? text).trim();
      return { tag, role, text, heading: /^h[1-6]$/.test(tag) || role === 'heading', name };
    });
  }

  /** Waits until the focused element is the heading of `step`. */
  async expectFocusOnHeading(step: Step, timeoutMs = 10_000): Promise<void> {
    await this.expectFocus(
      (f) => f.heading && this.name(`step.${step}.heading`).test(f.name),
      `heading of ${step}`,
      timeoutMs,
    );
  }

  async expectFocus(
    ok: (f: Awaited<ReturnType<WidgetUi['focused']>>) => boolean,
    what: string,
    timeoutMs = 10_000,
  ): Promise<void> {
    // Elapsed time on the test runner's monotonic clock; the page's Date is fixed.
    const deadline = performance.now() + timeoutMs;
    let last = await this.focused();
    while (!ok(last)) {
      if (performance.now() > deadline)
        throw new Error(`focus is not on the ${what}; it is on <${last.tag}> "${last.text.slice(0, 80)}"`);
      await this.page.waitForTimeout(50);
      last = await this.focused();
    }
  }

  /** Waits until the focused element is the heading of one of `steps`. */
  async expectFocusOnAnyHeading(steps: Step[], timeoutMs = 10_000): Promise<Step> {
    let found: Step | undefined;
    await this.expectFocus(
      (f) => f.heading && !!(found = steps.find((s) => this.name(`step.${s}.heading`).test(f.name))),
      `heading of ${steps.join(' or ')}`,
      timeoutMs,
    );
    return found!;
  }

  /** Whether the focused element shows a focus indicator (an outline or a ring drawn with box-shadow). */
  focusIsVisible(): Promise<boolean> {
    return this.page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      if (!el) return false;
      const cs = getComputedStyle(el);
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
      return outline || (cs.boxShadow !== 'none' && cs.boxShadow !== '');
    });
  }

  isFocused(target: Locator): Promise<boolean> {
    return target.evaluate((el) => (el.getRootNode() as Document | ShadowRoot).activeElement === el);
  }

  /** Moves focus to `target` with Tab (or Shift+Tab first when `backward`), as a keyboard user would. */
  async tabTo(target: Locator, opts: { backward?: boolean; max?: number } = {}): Promise<void> {
    await target.waitFor();
    const max = opts.max ?? 40;
    const order = opts.backward ? ['Shift+Tab', 'Tab'] : ['Tab', 'Shift+Tab'];
    for (const key of order) {
      for (let i = 0; i < max; i++) {
        if (await this.isFocused(target)) return;
        await this.page.keyboard.press(key);
      }
    }
    if (await this.isFocused(target)) return;
    const f = await this.focused();
    throw new Error(`could not reach ${String(target)} with Tab; focus is on <${f.tag}> "${f.text.slice(0, 80)}"`);
  }

  /** Resolves with the next availability answer the widget receives. */
  nextAvailability(): Promise<AvailabilityBody> {
    return this.page
      .waitForResponse((r: Response) => r.url().includes('/api/public/availability') && r.request().method() === 'GET')
      .then((r) => r.json() as Promise<AvailabilityBody>);
  }

  // ------------------------------------------------------------ the steps, by mouse

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.heading('service').waitFor();
  }

  async chooseService(service: ServiceKey): Promise<void> {
    await this.serviceButton(service).click();
    await this.heading('mode').waitFor();
  }

  /** Chooses the mode and waits for the day and time view; returns the availability the widget was given. */
  async chooseMode(mode: 'in_person' | 'remote'): Promise<AvailabilityBody> {
    const availability = this.nextAvailability();
    await this.modeButton(mode).click();
    const body = await availability;
    await this.heading('day').waitFor();
    return body;
  }

  /** Picks the first free slot offered (the first day is preselected) and reaches the details form. */
  async chooseFirstSlot(availability: AvailabilityBody): Promise<string> {
    const start = availability.days[0]?.slots[0]?.start;
    if (!start) throw new Error('the server offered no slot: the e2e desk should always have some');
    await this.chooseSlot(start);
    return start;
  }

  /** Presses the slot starting at `start` (its day's times on screen) and waits for the details form. */
  async chooseSlot(start: string): Promise<void> {
    await this.slotButton(start).click();
    await this.heading('details').waitFor();
  }

  /**
   * Opens `url` and takes the service and the mode, then the first free slot (its day is preselected, its
   * times on screen), up to the details step, calling `at` on each step on the way. Returns the slot's start.
   */
  async walkToDetails(
    url: string,
    at: (step: StepToDetails) => Promise<void>,
    choice: { service?: ServiceKey; mode?: 'in_person' | 'remote' } = {},
  ): Promise<string> {
    await this.open(url);
    return this.walkFromService(at, choice);
  }

  /** walkToDetails() from the first step already on screen. */
  async walkFromService(
    at: (step: StepToDetails) => Promise<void>,
    choice: { service?: ServiceKey; mode?: 'in_person' | 'remote' } = {},
  ): Promise<string> {
    await at('service');
    await this.chooseService(choice.service ?? 'guidance');
    await at('mode');
    const availability = await this.chooseMode(choice.mode ?? 'in_person');
    const start = availability.days[0]?.slots[0]?.start;
    if (!start) throw new Error('the server offered no slot: the e2e desk should always have some');
    await this.slotButton(start).waitFor();
    await at('day');
    await this.chooseSlot(start);
    await at('details');
    return start;
  }

  async fillDetails(d: Details): Promise<void> {
    await this.field('field.name').fill(d.name);
    await this.field('field.phone').fill(d.phone);
    if (d.email !== undefined) await this.field('field.email').fill(d.email);
    if (d.note !== undefined) await this.field('field.note').fill(d.note);
    const consent = this.checkbox('field.consent');
    if (!(await consent.isChecked())) await consent.check();
  }

  /** Next from the details form to the review. */
  async toReview(): Promise<void> {
    await this.button('action.next').click();
    await this.heading('review').waitFor();
  }

  /**
   * Goes on from a details form the server will refuse: Next, and Submit too if the widget only learns it
   * from the server; waits for the error summary.
   */
  async submitExpectingFieldErrors(): Promise<void> {
    await this.button('action.next').click();
    await this.errorSummary().or(this.heading('review')).first().waitFor();
    if (await this.heading('review').isVisible()) await this.button('action.submit').click();
    await this.errorSummary().waitFor();
  }

  /** Sends the request and waits for the done step; returns the reference shown. */
  async submit(): Promise<string> {
    await this.button('action.submit').click();
    await this.heading('done').waitFor();
    return ((await this.reference().textContent()) ?? '').trim();
  }
}

/** Collects the widget's `sportello-request-sent` events as the host document sees them. */
export async function listenForRequestSent(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __sent: unknown[] };
    w.__sent = [];
    document.addEventListener('sportello-request-sent', (e) => {
      const ev = e as Event & { reference?: string; start?: string; status?: string; detail?: unknown };
      w.__sent.push({ reference: ev.reference, start: ev.start, status: ev.status, composed: ev.composed });
    });
  });
}

export function requestSentEvents(
  page: Page,
): Promise<{ reference?: string; start?: string; status?: string; composed: boolean }[]> {
  return page.evaluate(() => (window as unknown as { __sent: never[] }).__sent);
}
