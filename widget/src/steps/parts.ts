/** Template pieces every step shares: buttons, choices, the step's navigation, alerts, the time zone line. */
import { html, nothing, type TemplateResult } from 'lit';
import { ApiError, type Availability, type Desk } from '../api';
import { clockTime, dayOf, zoneName } from '../format';
import type { Lang, MessageKey } from '../i18n';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** What every step renders from: the desk, the language, and the way back (absent on the first step). */
export interface StepView {
  desk: Desk;
  lang: Lang;
  tr: Translate;
  back?: () => void;
}

/** The slots task rendered: loading, a retry on failure, or `done` with the answer. */
export type SlotsView = (done: (a: Availability) => TemplateResult) => TemplateResult | typeof nothing;

/** An error message, with a retry when trying again can help. */
export interface Alert {
  text: string;
  retry?: () => void;
}

/** The URL if it is http(s), so a desk's setting can never become a `javascript:` link. */
export const httpUrl = (u: string | null | undefined) => (u && /^https?:\/\//i.test(u) ? u : undefined);

/**
 * A plain button with a translated label; `kind` 'primary' is the main action, 'next' and 'back' also get an
 * arrow pointing the way the text reads (mirrored right to left).
 */
export function button(
  tr: Translate,
  key: MessageKey,
  onClick: () => void,
  kind: '' | 'primary' | 'next' | 'back' = '',
): TemplateResult {
  const primary = kind === 'primary' || kind === 'next';
  return html`<button
    type="button"
    part="button${primary ? ' primary' : ''}"
    class="${primary ? 'primary' : ''} ${kind}"
    @click=${onClick}
  >
    ${tr(key)}
  </button>`;
}

/** "Back" then "Next" (a submit button in a form): back comes first in reading order, so it sits on the side text starts from. */
export function nav(v: StepView, next?: () => void, submit = false): TemplateResult {
  return html`<div class="nav">
    ${v.back ? button(v.tr, 'action.back', v.back, 'back') : nothing}
    ${
      submit
        ? html`<button type="submit" part="button primary" class="primary next">${v.tr('action.next')}</button>`
        : next
          ? button(v.tr, 'action.next', next, 'next')
          : nothing
    }
  </div>`;
}

/** One option of a list, pressed when chosen; `subs` are secondary lines. */
export function choice(
  pressed: boolean,
  onClick: () => void,
  main: string,
  ...subs: (string | null)[]
): TemplateResult {
  return html`<li>
    <button type="button" part="button choice" aria-pressed=${pressed ? 'true' : 'false'} @click=${onClick}>
      <span>${main}</span>
      ${subs.map((s) => (s ? html`<span class="sub">${s}</span>` : nothing))}
    </button>
  </li>`;
}

/** An alert region with its optional retry; `extra` goes between the text and the retry (e.g. the phone). */
export function alertBox(
  tr: Translate,
  alert: Alert,
  extra: TemplateResult | typeof nothing = nothing,
): TemplateResult {
  return html`<div class="alert" role="alert" part="alert">
    <p>${alert.text}</p>
    ${extra} ${alert.retry ? button(tr, 'action.retry', alert.retry) : nothing}
  </div>`;
}

/**
 * Words for a failed call, with `retry` when trying again can help: the server's message when it gave one,
 * else a generic one; without an answer, the network; a refused site gets no retry (only its owner can fix it).
 */
export function failure(tr: Translate, e: unknown, retry: () => void): Alert {
  if (!(e instanceof ApiError)) return { text: tr('error.network'), retry };
  if (e.code === 'refused') return { text: tr('error.refused') };
  if (!e.status) return { text: tr('error.network'), retry };
  return { text: e.message || tr('error.generic'), retry };
}

/** A failed load: its alert (see failure()). */
export function loadError(tr: Translate, e: unknown, retry: () => void): TemplateResult {
  return alertBox(tr, failure(tr, e, retry));
}

/** "You can phone the desk: <number>" (or the words of `key`), the number a tel: link; nothing without a number. */
export function callLine(
  tr: Translate,
  phone: string | null | undefined,
  key: MessageKey = 'status.call',
): TemplateResult | typeof nothing {
  return phone
    ? html`<p>
        ${tr(key)} <a href=${`tel:${phone.replace(/[^\d+]/g, '')}`}><bdi dir="ltr">${phone}</bdi></a>
      </p>`
    : nothing;
}

/** Nothing free to book: say so, and give the desk's phone. */
export function noSlots(v: StepView): TemplateResult {
  return html`<div class="notice" part="notice">
    <p>${v.tr('status.no_slots')}</p>
    ${callLine(v.tr, v.desk.phone)}
  </div>`;
}

/** "Times are in Rome's time (Central European Time)", the zone's name as of `at`. */
export function tzLabel(v: StepView, at?: string): TemplateResult {
  const zone = zoneName(v.desk.timeZone, v.lang, at ? new Date(at) : new Date());
  return html`<p class="tz">${v.tr('tz.label', { city: v.desk.city, zone })}</p>`;
}

/** "mercoledì 25 novembre, 10:30" for an instant, in the desk's zone. */
export function when(v: StepView, start: string): string {
  return v.tr('slot.name', {
    date: dayOf(start, v.desk.timeZone, v.lang),
    time: clockTime(start, v.desk.timeZone, v.lang),
  });
}
