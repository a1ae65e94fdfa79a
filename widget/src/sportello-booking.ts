import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { Task, TaskStatus, initialState } from '@lit/task';
import {
  ApiError,
  getAvailability,
  getDesk,
  newRequestKey,
  postRequest,
  type Availability,
  type Created,
  type Desk,
  type Mode,
  type RequestBody,
  type Service,
  type Slot,
} from './api';
import { RequestSentEvent } from './events';
import { addDays, clockTime, dayName, dayOf, zoneName } from './format';
import { t, toLang, type Lang, type MessageKey } from './i18n';
import { styles } from './sportello-booking.styles';
import { loadTurnstile, type TurnstileApi } from './turnstile';

type Step = 'service' | 'mode' | 'day' | 'time' | 'details' | 'review' | 'done';
const STEPS: Step[] = ['service', 'mode', 'day', 'time', 'details', 'review'];

/** What the person types; the keys are the API's field names, so a 422 maps straight onto the inputs. */
interface Details {
  name: string;
  phone: string;
  email: string;
  note: string;
  accessibilityConsent: boolean;
  accessibilityNeeds: string;
  consent: boolean;
}
type TextField = 'name' | 'phone' | 'email' | 'note' | 'accessibilityNeeds';
/** Form order: the error summary lists problems in the order the fields appear. */
const FIELD_ORDER = [
  'name',
  'phone',
  'email',
  'note',
  'accessibilityConsent',
  'accessibilityNeeds',
  'consent',
  'turnstile',
];

interface Alert {
  text: string;
  retry?: () => void;
}

// Read into a variable: Vite rewrites `new URL('<literal>', import.meta.url)` into a bundled asset.
const scriptUrl = import.meta.url;
const httpUrl = (u: string | null | undefined) => (u && /^https?:\/\//i.test(u) ? u : undefined);
/** The booking's "add to calendar" file, next to its manage page. */
const calendarUrl = (manageUrl: string) => `${manageUrl.replace(/\/+$/, '')}/calendar.ics`;
const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

/**
 * The booking widget: service → mode → day → time → details → review → done, against the public API of
 * the server it was loaded from.
 *
 * @event sportello-request-sent - RequestSentEvent, once a request is stored (reference, start, end, status).
 * @csspart heading - the step heading (h2).
 * @csspart progress - "Step n of m".
 * @csspart button - every button; choices also carry `choice`, slots `slot`, the main action `primary`.
 * @csspart field - a form field with its label, hint and message.
 * @csspart error-summary - the list of problems at the top of the details step.
 * @csspart alert - an error message (network, slot taken, rate limit).
 * @csspart reference - the request's reference on the done step.
 * @cssproperty --sportello-text - text colour (#1a1a1a).
 * @cssproperty --sportello-muted - secondary text (#474747).
 * @cssproperty --sportello-accent - main buttons, selection, links (#0b5394).
 * @cssproperty --sportello-accent-text - text on the accent colour (#fff).
 * @cssproperty --sportello-link - links (the accent).
 * @cssproperty --sportello-border - borders of buttons and inputs (#5c5c5c).
 * @cssproperty --sportello-surface - background of buttons and inputs (#fff).
 * @cssproperty --sportello-selected - background of a chosen option (#e6effa).
 * @cssproperty --sportello-error - errors (#b00020).
 * @cssproperty --sportello-focus - focus outline (#b3560a).
 * @cssproperty --sportello-radius - corner radius (0.5rem).
 * @cssproperty --sportello-font-size - base font size (1rem; the family is inherited from the page).
 */
export class SportelloBooking extends LitElement {
  static override styles = styles;

  /** 'it' or 'en'; when absent the nearest `lang` of the page (usually `<html lang>`) decides. */
  @property() override lang = '';
  /** A service id to preselect. */
  @property() service = '';
  /** 'in_person' or 'remote' to preselect. */
  @property() mode = '';
  /** Base URL of the Sportello server; default: where widget.js was loaded from. */
  @property() api = '';

  @state() private step: Step = 'service';
  @state() private sel: { service?: string; mode?: Mode; day?: string; slot?: Slot } = {};
  @state() private details: Details = {
    name: '',
    phone: '',
    email: '',
    note: '',
    accessibilityConsent: false,
    accessibilityNeeds: '',
    consent: false,
  };
  @state() private fieldErrors: Record<string, string> = {};
  @state() private alert: Alert | null = null;
  @state() private week = 0;
  @state() private sending = false;
  /** The idempotency key of the request being sent, with what it was sent for. */
  private pendingKey?: { fingerprint: string; key: string };
  @state() private created: Created | null = null;
  /** The Turnstile token for the next request: single use, so cleared once the server has seen it. */
  @state() private turnstileToken?: string;
  /** Turnstile's script could not be loaded: the challenge area shows an error with a retry instead. */
  @state() private turnstileLoadFailed = false;
  /** The details step's challenge container being rendered into (the step re-creates it each time). */
  private turnstileTarget?: HTMLElement;
  private turnstileWidget?: { api: TurnstileApi; id?: string; container: HTMLElement };

  /** First date of the first week: the first day with a free slot in the server's default window. */
  private anchor?: string;
  private focusNext?: 'heading' | 'summary';
  private langObserver?: MutationObserver;

  private deskTask = new Task(this, {
    task: ([base], { signal }) => getDesk(base, this.uiLang, signal),
    args: () => [this.apiBase] as const,
    onComplete: (desk) => this.preselect(desk),
  });

  private slotsTask = new Task(this, {
    task: async ([base, service, mode, week], { signal }) => {
      if (!service || !mode) return initialState;
      const from = week && this.anchor ? addDays(this.anchor, 7 * week) : undefined;
      const q = { service, mode, from, to: from && addDays(from, 6) };
      let body = await getAvailability(base, this.uiLang, q, signal);
      if (!from) {
        // The server's first window may be empty while the booking horizon reaches further: keep
        // looking a window at a time, so "no free times" is only said when the whole horizon is full.
        const limit = addDays(body.from, this.deskTask.value?.rules.horizonDays ?? 0);
        while (!body.days.length && body.to < limit) {
          const next = addDays(body.to, 1);
          const to = addDays(next, 27) < limit ? addDays(next, 27) : limit;
          body = await getAvailability(base, this.uiLang, { service, mode, from: next, to }, signal);
        }
        this.anchor = body.days[0]?.date;
      }
      return body;
    },
    args: () => [this.apiBase, this.sel.service, this.sel.mode, this.week] as const,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    // Follows a host page that switches language without reloading (only matters when `lang` is not set).
    this.langObserver = new MutationObserver(() => this.requestUpdate());
    this.langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.langObserver?.disconnect();
    this.removeTurnstile();
    this.turnstileTarget = undefined;
  }

  private get uiLang(): Lang {
    return toLang(this.lang || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang);
  }

  private get apiBase(): string {
    const base = this.api ? new URL(this.api, document.baseURI) : new URL('.', scriptUrl);
    return base.href.endsWith('/') ? base.href : `${base.href}/`;
  }

  private tr(key: MessageKey, params?: Record<string, string | number>): string {
    return t(this.uiLang, key, params);
  }

  // ------------------------------------------------------------------ navigation

  private go(step: Step, alert: Alert | null = null): void {
    this.step = step;
    this.alert = alert;
    this.focusNext = 'heading';
  }

  private serviceOf(desk: Desk): Service | undefined {
    return desk.services.find((s) => s.id === this.sel.service);
  }

  /** The steps this booking goes through: no mode question when the service offers only one. */
  private steps(desk: Desk): Step[] {
    const single = (this.serviceOf(desk)?.modes.length ?? 2) < 2;
    return STEPS.filter((s) => !(s === 'mode' && single));
  }

  private back(desk: Desk): void {
    const steps = this.steps(desk);
    const prev = steps[steps.indexOf(this.step) - 1];
    if (prev) this.go(prev);
  }

  /** Applies the `service`/`mode` attributes once the desk is known, unless the person has already chosen. */
  private preselect(desk: Desk): void {
    if (this.step !== 'service' || this.sel.service) return;
    const service = desk.services.find((s) => s.id === this.service);
    if (!service) return;
    const mode = this.modeFor(service);
    this.sel = { service: service.id, mode };
    this.step = mode ? 'day' : 'mode';
  }

  private modeFor(service: Service): Mode | undefined {
    if (service.modes.length === 1) return service.modes[0];
    const wanted = this.sel.mode ?? this.mode;
    return service.modes.find((m) => m === wanted);
  }

  private pickService(service: Service): void {
    if (service.id !== this.sel.service) {
      const mode = service.modes.length === 1 ? service.modes[0] : undefined;
      this.sel = { service: service.id, mode: mode ?? service.modes.find((m) => m === this.mode) };
      this.week = 0;
      this.anchor = undefined;
    }
    this.go(service.modes.length === 1 ? 'day' : 'mode');
  }

  private pickMode(mode: Mode): void {
    if (mode !== this.sel.mode) {
      this.sel = { service: this.sel.service, mode };
      this.week = 0;
      this.anchor = undefined;
    }
    this.go('day');
  }

  private pickDay(date: string): void {
    if (date !== this.sel.day) this.sel = { ...this.sel, day: date, slot: undefined };
    this.go('time');
  }

  private pickSlot(slot: Slot): void {
    this.sel = { ...this.sel, slot };
    this.go('details');
  }

  private changeWeek(delta: number, allowed: boolean): void {
    if (!allowed) return;
    this.week += delta;
  }

  private setDetail<K extends keyof Details>(key: K, value: Details[K]): void {
    this.details = { ...this.details, [key]: value };
  }

  /** The checks a person can fix before sending; the server checks again (and knows mobiles from landlines). */
  private toReview(): void {
    const d = this.details;
    const errors: Record<string, string> = {};
    if (d.name.trim().length < 2) errors.name = this.tr('error.name_required');
    if ((d.phone.match(/\d/g)?.length ?? 0) < 6) errors.phone = this.tr('error.phone_required');
    if (!d.consent) errors.consent = this.tr('error.consent_required');
    if (this.deskTask.value?.turnstile && !this.turnstileToken) {
      errors.turnstile = this.tr(this.turnstileLoadFailed ? 'error.captcha_load' : 'error.captcha_pending');
    }
    this.fieldErrors = errors;
    if (Object.keys(errors).length) {
      this.alert = null;
      this.focusNext = 'summary';
    } else {
      this.go('review');
    }
  }

  private async submit(desk: Desk): Promise<void> {
    const { service, mode, slot } = this.sel;
    if (this.sending || !service || !mode || !slot) return;
    if (desk.turnstile && !this.turnstileToken) {
      // Expired (or failed) while the person was reading the review: a fresh challenge waits on the details step.
      this.go('details', { text: this.tr('error.captcha') });
      return;
    }
    const d = this.details;
    const lang = this.uiLang;
    const body: RequestBody = {
      service,
      mode,
      start: slot.start,
      name: d.name.trim(),
      phone: d.phone.trim(),
      language: lang,
      consent: true,
    };
    if (d.email.trim()) body.email = d.email.trim();
    if (d.note.trim()) body.note = d.note.trim();
    if (d.accessibilityConsent && d.accessibilityNeeds.trim()) {
      body.accessibilityNeeds = d.accessibilityNeeds.trim();
      body.accessibilityConsent = true;
    }
    // The same request retried (after a timeout or a lost answer) keeps its key, so the server answers
    // with the booking it may already have made instead of making a second one. Any change is a new request.
    const fingerprint = JSON.stringify(body);
    if (this.pendingKey?.fingerprint !== fingerprint) this.pendingKey = { fingerprint, key: newRequestKey() };
    body.requestKey = this.pendingKey.key;
    // Outside the fingerprint: a retry with a fresh token is still the same request (same key, no second booking).
    if (this.turnstileToken) body.turnstileToken = this.turnstileToken;
    this.sending = true;
    this.alert = null;
    try {
      const created = await postRequest(this.apiBase, body);
      this.pendingKey = undefined;
      this.turnstileToken = undefined;
      this.created = created;
      this.go('done');
      this.dispatchEvent(new RequestSentEvent(created));
    } catch (e) {
      this.failed(e, desk);
    } finally {
      this.sending = false;
    }
  }

  private failed(e: unknown, desk: Desk): void {
    const err = e instanceof ApiError ? e : new ApiError(0, 'network', '');
    const retry = () => void this.submit(desk);
    // Any answer from the server may have spent the single-use token; after a network failure it may not have.
    if (err.status !== 0 && desk.turnstile) this.resetTurnstile();
    if (err.status === 0) {
      this.alert = { text: this.tr('error.network'), retry };
    } else if (err.code === 'captcha_failed' && desk.turnstile) {
      this.go('details', { text: this.tr('error.captcha') });
    } else if (err.code === 'slot_unavailable') {
      this.sel = { ...this.sel, slot: undefined };
      this.go('time', { text: this.tr('error.slot_taken') });
      void this.slotsTask.run();
    } else if (err.code === 'rate_limited') {
      this.alert = { text: this.tr('error.rate_limited') };
    } else if (err.code === 'invalid_input' && FIELD_ORDER.some((f) => f in err.fields)) {
      this.fieldErrors = err.fields;
      this.go('details');
      this.focusNext = 'summary';
    } else {
      this.alert = { text: err.message || this.tr('error.generic'), retry: err.status >= 500 ? retry : undefined };
    }
  }

  private focusField(id: string): void {
    const target = id === 'accessibilityNeeds' && !this.details.accessibilityConsent ? 'accessibilityConsent' : id;
    const el = this.renderRoot.querySelector<HTMLElement>(`#${target}`);
    el?.focus();
  }

  // ------------------------------------------------------------------ Turnstile

  /** Renders the challenge into the details step's container, once per container (each visit makes a new one). */
  private syncTurnstile(): void {
    const settings = this.deskTask.value?.turnstile;
    if (!settings || this.step !== 'details' || this.turnstileToken || this.turnstileLoadFailed) return;
    const container = this.renderRoot.querySelector<HTMLElement>('#turnstile');
    if (!container || container === this.turnstileTarget) return;
    this.turnstileTarget = container;
    loadTurnstile(settings.scriptUrl).then(
      (api) => this.renderTurnstile(api, settings.siteKey, container),
      () => {
        if (this.turnstileTarget !== container) return;
        this.turnstileTarget = undefined;
        this.turnstileLoadFailed = true;
      },
    );
  }

  private renderTurnstile(api: TurnstileApi, sitekey: string, container: HTMLElement): void {
    // The person may have left the step while the script loaded; the next visit renders again.
    if (this.turnstileTarget !== container || !container.isConnected) return;
    this.removeTurnstile();
    const id = api.render(container, {
      sitekey,
      language: this.uiLang,
      // Follows the form's width rather than a fixed 300px, for narrow screens.
      size: 'flexible',
      callback: (token) => {
        this.turnstileToken = token;
        if (this.fieldErrors.turnstile) {
          const { turnstile: _done, ...rest } = this.fieldErrors;
          this.fieldErrors = rest;
        }
      },
      'expired-callback': () => {
        this.resetTurnstile();
        if (this.step === 'details') this.alert = { text: this.tr('error.captcha') };
      },
      'error-callback': () => {
        this.turnstileToken = undefined;
        if (this.step !== 'details') return;
        this.alert = { text: this.tr('error.captcha'), retry: () => this.resetTurnstile() };
      },
    });
    this.turnstileWidget = { api, id: id ?? undefined, container };
  }

  /** Drops the token and asks for a new one: in place while the challenge is on screen, else on the next visit. */
  private resetTurnstile(): void {
    this.turnstileToken = undefined;
    const w = this.turnstileWidget;
    if (!w?.container.isConnected) return;
    try {
      w.api.reset(w.id);
    } catch {
      // A challenge Turnstile no longer knows: render a new one.
      this.turnstileTarget = undefined;
      this.requestUpdate();
    }
  }

  private removeTurnstile(): void {
    const w = this.turnstileWidget;
    this.turnstileWidget = undefined;
    try {
      if (w) w.api.remove(w.id);
    } catch {
      // Already gone with its container: nothing to free.
    }
  }

  private retryTurnstileLoad(): void {
    this.turnstileLoadFailed = false;
    this.turnstileTarget = undefined;
  }

  override updated(): void {
    this.syncTurnstile();
    const target = this.focusNext;
    if (!target) return;
    this.focusNext = undefined;
    const el = this.renderRoot.querySelector<HTMLElement>(target === 'summary' ? '.summary' : 'h2');
    if (!el) return;
    el.focus({ preventScroll: true });
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
  }

  // ------------------------------------------------------------------ rendering

  override render() {
    const lang = this.uiLang;
    const desk = this.deskTask.value;
    const ready = this.deskTask.status === TaskStatus.COMPLETE && desk;
    const steps = desk ? this.steps(desk) : STEPS;
    const n = steps.indexOf(this.step) + 1;
    return html`<div class="wrap" lang=${lang}>
      <p role="status" aria-live="polite" class="vh">${this.statusText(desk)}</p>
      ${keyed(this.step, html`<h2 tabindex="-1" part="heading">${this.tr(`step.${this.step}.heading`)}</h2>`)}
      ${
        n
          ? html`<p class="progress" part="progress">${this.tr('step.progress', { n, total: steps.length })}</p>`
          : nothing
      }
      ${this.alert ? this.alertBox(this.alert) : nothing}
      ${
        ready
          ? this.renderStep(desk)
          : this.deskTask.status === TaskStatus.ERROR
            ? this.loadError(this.deskTask.error, () => void this.deskTask.run())
            : html`<p>${this.tr('status.loading')}</p>`
      }
    </div>`;
  }

  private statusText(desk?: Desk): string {
    if (this.deskTask.status === TaskStatus.PENDING) return this.tr('status.loading');
    if (this.sending) return this.tr('status.sending');
    if (this.step === 'done' && this.created) return this.tr('status.sent', { reference: this.created.reference });
    if (this.step === 'day' || this.step === 'time') {
      const status = this.slotsTask.status;
      if (status === TaskStatus.PENDING) return this.tr('status.loading');
      const a = this.slotsTask.value;
      if (status === TaskStatus.COMPLETE && a && desk && this.step === 'day') {
        const days = this.shownDays(a);
        if (!days.length && !this.week) return this.tr('status.no_slots');
        return this.weekRange();
      }
    }
    return '';
  }

  private alertBox(alert: Alert): TemplateResult {
    return html`<div class="alert" role="alert" part="alert">
      <p>${alert.text}</p>
      ${alert.retry ? this.button('action.retry', alert.retry) : nothing}
    </div>`;
  }

  private loadError(e: unknown, retry: () => void): TemplateResult {
    const text =
      e instanceof ApiError && e.status !== 0 && e.message
        ? e.message
        : this.tr(e instanceof ApiError && e.status ? 'error.generic' : 'error.network');
    return this.alertBox({ text, retry });
  }

  private button(key: MessageKey, onClick: () => void, primary = false): TemplateResult {
    return html`<button
      type="button"
      part="button${primary ? ' primary' : ''}"
      class=${primary ? 'primary' : ''}
      @click=${onClick}
    >
      ${this.tr(key)}
    </button>`;
  }

  private nav(desk: Desk, next?: () => void, submit = false): TemplateResult {
    return html`<div class="nav">
      ${
        submit
          ? html`<button type="submit" part="button primary" class="primary">${this.tr('action.next')}</button>`
          : next
            ? this.button('action.next', next, true)
            : nothing
      }
      ${this.step !== 'service' ? this.button('action.back', () => this.back(desk)) : nothing}
    </div>`;
  }

  private renderStep(desk: Desk): TemplateResult {
    switch (this.step) {
      case 'service':
        return this.serviceStep(desk);
      case 'mode':
        return this.modeStep(desk);
      case 'day':
        return this.dayStep(desk);
      case 'time':
        return this.timeStep(desk);
      case 'details':
        return this.detailsStep(desk);
      case 'review':
        return this.reviewStep(desk);
      case 'done':
        return this.doneStep(desk);
    }
  }

  private choice(pressed: boolean, onClick: () => void, main: string, ...subs: (string | null)[]): TemplateResult {
    return html`<li>
      <button type="button" part="button choice" aria-pressed=${pressed ? 'true' : 'false'} @click=${onClick}>
        <span>${main}</span>
        ${subs.map((s) => (s ? html`<span class="sub">${s}</span>` : nothing))}
      </button>
    </li>`;
  }

  private noSlots(desk: Desk): TemplateResult {
    return html`<div class="notice" part="notice">
      <p>${this.tr('status.no_slots')}</p>
      ${desk.phone ? html`<p>${this.tr('status.call')} <a href=${telHref(desk.phone)}>${desk.phone}</a></p>` : nothing}
    </div>`;
  }

  private serviceStep(desk: Desk): TemplateResult {
    const lang = this.uiLang;
    if (!desk.services.length) return this.noSlots(desk);
    const current = this.serviceOf(desk);
    return html`<ul class="choices" role="list">
        ${desk.services.map((s) =>
          this.choice(
            s.id === this.sel.service,
            () => this.pickService(s),
            s.names[lang],
            this.tr('service.duration', { minutes: s.durationMinutes }),
            s.descriptions[lang],
          ),
        )}
      </ul>
      ${this.nav(desk, current ? () => this.pickService(current) : undefined)}`;
  }

  private modeStep(desk: Desk): TemplateResult {
    const modes = this.serviceOf(desk)?.modes ?? [];
    const hint = (m: Mode) =>
      m === 'in_person'
        ? this.tr('mode.in_person_hint', { address: desk.address, city: desk.city })
        : this.tr('mode.remote_hint');
    const mode = this.sel.mode;
    return html`<ul class="choices" role="list">
        ${modes.map((m) => this.choice(m === this.sel.mode, () => this.pickMode(m), this.tr(`mode.${m}`), hint(m)))}
      </ul>
      ${this.nav(desk, mode ? () => this.pickMode(mode) : undefined)}`;
  }

  private tzLabel(desk: Desk, at?: string): TemplateResult {
    const zone = zoneName(desk.timeZone, this.uiLang, at ? new Date(at) : new Date());
    return html`<p class="tz">${this.tr('tz.label', { city: desk.city, zone })}</p>`;
  }

  /** Days of the current week: week 0 starts at the first free day and comes from the four-week answer. */
  private shownDays(a: Availability): Availability['days'] {
    if (!this.anchor) return [];
    if (this.week) return a.days;
    const end = addDays(this.anchor, 6);
    return a.days.filter((d) => d.date <= end);
  }

  private weekRange(): string {
    if (!this.anchor) return '';
    const from = addDays(this.anchor, 7 * this.week);
    const lang = this.uiLang;
    return this.tr('week.range', { from: dayName(from, lang), to: dayName(addDays(from, 6), lang) });
  }

  /** Renders the slots task: loading, a retry on failure, or `done` with the answer. */
  private slots(done: (a: Availability) => TemplateResult): TemplateResult | typeof nothing {
    return this.slotsTask.render({
      initial: () => html`<p>${this.tr('status.loading')}</p>`,
      pending: () => html`<p>${this.tr('status.loading')}</p>`,
      error: (e) => this.loadError(e, () => void this.slotsTask.run()),
      complete: done,
    }) as TemplateResult | typeof nothing;
  }

  private dayStep(desk: Desk): TemplateResult {
    const lang = this.uiLang;
    let next: (() => void) | undefined;
    let empty = false;
    const body = this.slots((a) => {
      const days = this.shownDays(a);
      if (!days.length && !this.week) {
        empty = true;
        return this.noSlots(desk);
      }
      const day = days.find((d) => d.date === this.sel.day)?.date ?? days[0]?.date;
      if (day) next = () => this.pickDay(day);
      return days.length
        ? html`<ul class="choices" role="list">
            ${days.map((d) => this.choice(d.date === day, () => this.pickDay(d.date), dayName(d.date, lang)))}
          </ul>`
        : html`<p class="notice">${this.tr('week.empty')}</p>`;
    });
    // Kept on screen while the next week loads, so the focused button stays where it was.
    const paging = this.anchor && !empty;
    const week = (key: MessageKey, delta: number, ok: boolean) =>
      html`<button
        type="button"
        part="button"
        aria-disabled=${ok ? 'false' : 'true'}
        @click=${() => this.changeWeek(delta, ok)}
      >
        ${this.tr(key)}
      </button>`;
    return html`${
      paging
        ? html`${this.tzLabel(desk, this.anchor)}
            <p><strong>${this.weekRange()}</strong></p>`
        : nothing
    }
    ${body}
    ${
      paging
        ? html`<div class="weeks">
            ${week('action.previous_week', -1, this.week > 0)}
            ${week('action.next_week', 1, 7 * (this.week + 1) <= desk.rules.horizonDays)}
          </div>`
        : nothing
    }
    ${this.nav(desk, next)}`;
  }

  private timeStep(desk: Desk): TemplateResult {
    const lang = this.uiLang;
    const date = this.sel.day;
    const slot = this.sel.slot;
    const body = this.slots((a) => {
      const slots = a.days.find((d) => d.date === date)?.slots ?? [];
      const name = date ? dayName(date, lang) : '';
      if (!slots.length) return html`<p class="notice">${this.tr('day.empty')}</p>`;
      return html`<p><strong>${this.tr('day.chosen', { day: name })}</strong></p>
        ${this.tzLabel(desk, slots[0]?.start)}
        <ul class="choices slots" role="list">
          ${slots.map((s) => {
            const time = clockTime(s.start, desk.timeZone, lang);
            return html`<li>
              <button
                type="button"
                part="button choice slot"
                aria-pressed=${s.start === slot?.start ? 'true' : 'false'}
                aria-label=${this.tr('slot.name', { date: name, time })}
                @click=${() => this.pickSlot(s)}
              >
                ${time}
              </button>
            </li>`;
          })}
        </ul>`;
    });
    const chosen = slot && this.slotsTask.value?.days.some((d) => d.slots.some((s) => s.start === slot.start));
    return html`${body}${this.nav(desk, chosen ? () => this.pickSlot(slot) : undefined)}`;
  }

  private textField(
    key: TextField,
    label: MessageKey,
    required: boolean,
    opts: { type?: string; autocomplete?: string; inputmode?: string; hint?: MessageKey; multiline?: boolean } = {},
  ): TemplateResult {
    const error = this.fieldErrors[key];
    const describedBy = [opts.hint && `${key}-hint`, error && `${key}-error`].filter(Boolean).join(' ');
    const onInput = (e: Event) => this.setDetail(key, (e.target as HTMLInputElement).value);
    const common = {
      invalid: error ? 'true' : 'false',
      describedBy: describedBy || nothing,
    };
    return html`<div class="field ${error ? 'invalid' : ''}" part="field">
      <label for=${key}
        >${this.tr(label)} <span class="req">${this.tr(required ? 'field.required' : 'field.optional')}</span></label
      >
      ${opts.hint ? html`<p class="hint" id="${key}-hint">${this.tr(opts.hint)}</p>` : nothing}
      ${error ? html`<p class="err" id="${key}-error">${this.tr('error.prefix')} ${error}</p>` : nothing}
      ${
        opts.multiline
          ? html`<textarea
              id=${key}
              rows="3"
              maxlength="500"
              aria-invalid=${common.invalid}
              aria-describedby=${common.describedBy}
              .value=${this.details[key]}
              @input=${onInput}
            ></textarea>`
          : html`<input
              id=${key}
              type=${opts.type ?? 'text'}
              autocomplete=${opts.autocomplete ?? 'off'}
              inputmode=${opts.inputmode ?? nothing}
              aria-required=${required ? 'true' : 'false'}
              aria-invalid=${common.invalid}
              aria-describedby=${common.describedBy}
              .value=${this.details[key]}
              @input=${onInput}
            />`
      }
    </div>`;
  }

  private checkbox(key: 'consent' | 'accessibilityConsent', label: MessageKey, required: boolean, hint?: MessageKey) {
    const error = this.fieldErrors[key];
    const describedBy = [hint && `${key}-hint`, error && `${key}-error`].filter(Boolean).join(' ');
    return html`<div class="field ${error ? 'invalid' : ''}" part="field">
      ${error ? html`<p class="err" id="${key}-error">${this.tr('error.prefix')} ${error}</p>` : nothing}
      <div class="check">
        <input
          type="checkbox"
          id=${key}
          aria-required=${required ? 'true' : 'false'}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          .checked=${this.details[key]}
          @change=${(e: Event) => this.setDetail(key, (e.target as HTMLInputElement).checked)}
        />
        <label for=${key}
          >${this.tr(label)}${required ? html` <span class="req">${this.tr('field.required')}</span>` : nothing}</label
        >
      </div>
      ${hint ? html`<p class="hint" id="${key}-hint">${this.tr(hint)}</p>` : nothing}
    </div>`;
  }

  private errorSummary(): TemplateResult | typeof nothing {
    const entries = Object.entries(this.fieldErrors).sort(
      ([a], [b]) => (FIELD_ORDER.indexOf(a) + 1 || 99) - (FIELD_ORDER.indexOf(b) + 1 || 99),
    );
    if (!entries.length) return nothing;
    return html`<div class="summary" part="error-summary" tabindex="-1" aria-labelledby="summary-heading">
      <h3 id="summary-heading">${this.tr('error.summary_heading')}</h3>
      <ul>
        ${entries.map(
          ([field, message]) =>
            html`<li>
              ${
                FIELD_ORDER.includes(field)
                  ? html`<a
                      href="#${field}"
                      @click=${(e: Event) => {
                        e.preventDefault();
                        this.focusField(field);
                      }}
                      >${message}</a
                    >`
                  : message
              }
            </li>`,
        )}
      </ul>
    </div>`;
  }

  private detailsStep(desk: Desk): TemplateResult {
    const privacy = httpUrl(desk.privacyUrl);
    return html`${this.errorSummary()}
      <form
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          this.toReview();
        }}
      >
        ${this.textField('name', 'field.name', true, { autocomplete: 'name' })}
        ${this.textField('phone', 'field.phone', true, {
          type: 'tel',
          autocomplete: 'tel',
          inputmode: 'tel',
          hint: 'field.phone_hint',
        })}
        ${this.textField('email', 'field.email', false, { type: 'email', autocomplete: 'email' })}
        ${this.textField('note', 'field.note', false, { hint: 'field.note_hint', multiline: true })}
        ${this.checkbox(
          'accessibilityConsent',
          'field.accessibility_consent',
          false,
          'field.accessibility_consent_hint',
        )}
        ${
          this.details.accessibilityConsent
            ? this.textField('accessibilityNeeds', 'field.accessibility_needs', false, {
                hint: 'field.accessibility_needs_hint',
                multiline: true,
              })
            : nothing
        }
        ${
          privacy
            ? html`<p>
                <a href=${privacy} target="_blank" rel="noopener"
                  >${this.tr('field.privacy_link')} ${this.tr('link.new_window')}</a
                >
              </p>`
            : nothing
        }
        ${this.checkbox('consent', 'field.consent', true)} ${this.turnstileField(desk)}
        ${this.nav(desk, undefined, true)}
      </form>`;
  }

  /** Where Turnstile renders its challenge (managed mode: most people only see it pass by itself). */
  private turnstileField(desk: Desk): TemplateResult | typeof nothing {
    if (!desk.turnstile) return nothing;
    const error = this.fieldErrors.turnstile;
    return html`<div class="field ${error ? 'invalid' : ''}" part="field">
      ${
        this.turnstileLoadFailed
          ? this.alertBox({ text: this.tr('error.captcha_load'), retry: () => this.retryTurnstileLoad() })
          : error
            ? html`<p class="err" id="turnstile-error">${this.tr('error.prefix')} ${error}</p>`
            : nothing
      }
      <div id="turnstile" tabindex="-1"></div>
    </div>`;
  }

  /** "mercoledì 25 novembre, 10:30" for the chosen slot. */
  private when(desk: Desk, start: string): string {
    const lang = this.uiLang;
    return this.tr('slot.name', {
      date: dayOf(start, desk.timeZone, lang),
      time: clockTime(start, desk.timeZone, lang),
    });
  }

  private reviewStep(desk: Desk): TemplateResult {
    const lang = this.uiLang;
    const d = this.details;
    const service = this.serviceOf(desk);
    const { mode, slot } = this.sel;
    const rows: [MessageKey, string][] = [
      ['review.service', service?.names[lang] ?? ''],
      ['review.mode', mode ? this.tr(`mode.${mode}`) : ''],
      ['review.when', slot ? this.when(desk, slot.start) : ''],
      ['field.name', d.name.trim()],
      ['field.phone', d.phone.trim()],
      ['field.email', d.email.trim()],
      ['field.note', d.note.trim()],
      ['review.accessibility', d.accessibilityConsent ? d.accessibilityNeeds.trim() : ''],
    ];
    return html`<dl>
        ${rows.map(([key, value]) =>
          value
            ? html`<dt>${this.tr(key)}</dt>
                <dd>${value}</dd>`
            : nothing,
        )}
      </dl>
      ${slot ? this.tzLabel(desk, slot.start) : nothing}
      <div class="nav">
        <button
          type="button"
          part="button primary"
          class="primary"
          aria-disabled=${this.sending ? 'true' : 'false'}
          @click=${() => void this.submit(desk)}
        >
          ${this.tr('action.submit')}
        </button>
        ${this.button('action.back', () => this.back(desk))}
      </div>
      ${this.sending ? html`<p>${this.tr('status.sending')}</p>` : nothing}`;
  }

  private doneStep(desk: Desk): TemplateResult {
    const c = this.created;
    if (!c) return html``;
    const lang = this.uiLang;
    const service = this.serviceOf(desk);
    const manage = httpUrl(c.manageUrl);
    return html`<p>${this.tr('done.reference')} <strong class="ref" part="reference">${c.reference}</strong></p>
      <p>${this.tr('done.keep')}</p>
      <dl>
        <dt>${this.tr('review.when')}</dt>
        <dd>${this.when(desk, c.start)}</dd>
        <dt>${this.tr('review.service')}</dt>
        <dd>${service?.names[lang] ?? ''}</dd>
        <dt>${this.tr('review.mode')}</dt>
        <dd>${this.sel.mode ? this.tr(`mode.${this.sel.mode}`) : ''}</dd>
      </dl>
      ${this.tzLabel(desk, c.start)}
      <p>${this.tr('done.next')}</p>
      ${
        manage
          ? html`<p>
              ${this.tr('done.cancel')}
              <a href=${manage} target="_blank" rel="noopener"
                >${this.tr('done.manage_link')} ${this.tr('link.new_window')}</a
              >
            </p>`
          : nothing
      }
      ${manage ? html`<p><a href=${calendarUrl(manage)}>${this.tr('done.add_to_calendar')}</a></p>` : nothing}
      <div class="nav">
        ${this.button('action.restart', () => {
          this.created = null;
          this.sel = {};
          this.week = 0;
          this.anchor = undefined;
          this.go('service');
        })}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sportello-booking': SportelloBooking;
  }
}

// Guarded: a page that includes the script twice (or two versions of it) must keep working.
if (!customElements.get('sportello-booking')) customElements.define('sportello-booking', SportelloBooking);
