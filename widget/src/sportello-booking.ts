import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { Task, TaskStatus, initialState } from '@lit/task';
import {
  ApiError,
  getAvailability,
  getDesk,
  newRequestKey,
  postRequest,
  postWaitlist,
  type Availability,
  type Created,
  type Desk,
  type Mode,
  type Service,
  type Slot,
  type WaitlistJoined,
} from './api';
import { EMPTY_DETAILS, FIELD_ORDER, type Details } from './booking-form';
import { RequestSentEvent } from './events';
import { addDays, dayName } from './format';
import { hasCatalog, loadCatalog, t, toLang, type Lang } from './i18n';
import { LANGUAGE_ENDONYMS, textDirection } from '../../worker/src/domain/vocabulary';
import { styles } from './sportello-booking.styles';
import { dayStep } from './steps/day-step';
import { modeStep } from './steps/mode-step';
import {
  alertBox,
  callLine,
  failure,
  loadError,
  type Alert,
  type SlotsView,
  type StepView,
  type Translate,
} from './steps/parts';
import { serviceStep } from './steps/service-step';
import { PhoneCheckController } from './phone-check-controller';
import { TurnstileController } from './turnstile-controller';

/**
 * The booking's steps ('day' is the choice of the day and of the time, in one view), then the waitlist's form
 * and its done step (reached from the day step).
 */
type Step = 'service' | 'mode' | 'day' | 'details' | 'review' | 'done' | 'waitlist' | 'waitlisted';
const STEPS: Step[] = ['service', 'mode', 'day', 'details', 'review'];
type LaterSteps = typeof import('./steps/later-steps');
type WaitlistForm = import('./steps/waitlist-step').WaitlistForm;
type WaitlistOwn = Omit<WaitlistForm, 'name' | 'phone'>;

// Read into a variable: Vite rewrites `new URL('<literal>', import.meta.url)` into a bundled asset.
const scriptUrl = import.meta.url;

/**
 * The booking widget: service → mode → day and time → details → review → done, against the public API of
 * the server it was loaded from.
 *
 * It speaks the page's language (`lang`, else the nearest `lang` of the page) among the desk's languages; the
 * first step offers them all, each named in itself. Italian and English come with the script, the others
 * are fetched when wanted; the current language stays on screen until the new one has arrived.
 *
 * When the widget cannot take bookings (the desk is not set up yet, this site is refused, no connection) it
 * says so, gives the `phone` attribute as a link and shows the content the page put inside the element.
 *
 * @event sportello-request-sent - RequestSentEvent, once a request is stored (reference, start, end, status).
 * @slot - fallback content (e.g. how to book by phone): shown until the script runs and whenever booking
 *   online is not possible.
 * @csspart heading - the step heading (h2).
 * @csspart progress - "Step n of m".
 * @csspart button - every button; choices also carry `choice`, slots `slot`, languages `lang`, the main
 *   action `primary`.
 * @csspart field - a form field with its label, hint and message.
 * @csspart error-summary - the list of problems at the top of the details step.
 * @csspart alert - an error message (network, site refused, slot taken, rate limit).
 * @csspart notice - the "no free times" and "not open yet" messages with the desk's phone.
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
 * @cssproperty --sportello-font-size - base font size (1rem).
 * @cssproperty --sportello-font-family - font family (system-ui, sans-serif; nothing is inherited from the page).
 */
export class SportelloBooking extends LitElement {
  static override styles = styles;

  // Declared here rather than with decorators: the decorators' code would cost the bundle about 500 bytes.
  static override properties = {
    lang: {},
    service: {},
    mode: {},
    api: {},
    phone: {},
    step: { state: true },
    sel: { state: true },
    details: { state: true },
    fieldErrors: { state: true },
    alert: { state: true },
    week: { state: true },
    sending: { state: true },
    created: { state: true },
    chosen: { state: true },
    shown: { state: true },
    langSaid: { state: true },
    wl: { state: true },
    joined: { state: true },
  };

  /** One of it, en, ar, es, fr, uk, ro (or a tag such as ar-EG); when absent the nearest `lang` of the page decides. */
  override lang = '';
  /** A service id to preselect. */
  service = '';
  /** 'in_person' or 'remote' to preselect. */
  mode = '';
  /** Base URL of the Sportello server; default: where widget.js was loaded from. */
  api = '';
  /** The desk's phone, offered when booking online is not possible (before the server can say it). */
  phone = '';

  private step: Step = 'service';
  private sel: { service?: string; mode?: Mode; day?: string; slot?: Slot } = {};
  private details: Details = EMPTY_DETAILS;
  private fieldErrors: Record<string, string> = {};
  private alert: Alert | null = null;
  private week = 0;
  private sending = false;
  /** The idempotency key of the request being sent, with what it was sent for. */
  private pendingKey?: { fingerprint: string; key: string };
  private created: Created | null = null;
  /** The waitlist form's own fields (name and mobile are the details' own, so they carry over); the entry once made. */
  private wl: WaitlistOwn = EMPTY_WAITLIST;
  private joined: WaitlistJoined | null = null;
  /** The language the person picked on the switch; a new `lang` from the page replaces it. */
  private chosen?: Lang;
  /** The language on screen: always one whose catalog is here (undefined only while the first one loads). */
  private shown?: Lang;
  /** The language being fetched. */
  private fetching?: Lang;
  /** The switch has just changed the language: the status line says so until the next step. */
  private langSaid = false;
  /** A day has just been pressed: the status line says how many free times it has (until the week or step changes). */
  private daySaid = false;

  /** First date of the first week: the first day with a free slot in the server's default window. */
  private anchor?: string;
  private focusNext?: 'heading' | 'summary';
  private langObserver?: MutationObserver;

  /**
   * What the first connection started, before the first render: the desk and, when the `service` and `mode`
   * attributes name them, the first window of free times, in parallel. The tasks take them over once.
   */
  private early?: {
    base: string;
    desk?: Promise<Desk>;
    slots?: { service: string; mode: string; answer: Promise<Availability> };
  };

  private deskTask = new Task(this, {
    task: ([base], { signal }) => this.takeEarlyDesk(base) ?? getDesk(base, this.apiLang, signal),
    args: () => [this.apiBase] as const,
    onComplete: (desk) => this.preselect(desk),
  });

  private slotsTask = new Task(this, {
    task: async ([base, service, mode, week], { signal }) => {
      if (!service || !mode) return initialState;
      const from = week && this.anchor ? addDays(this.anchor, 7 * week) : undefined;
      const q = { service, mode, from, to: from && addDays(from, 6) };
      let body = await ((!from && this.takeEarlySlots(base, service, mode)) ||
        getAvailability(base, this.apiLang, q, signal));
      if (!from) {
        // The server's first window may be empty while the booking horizon reaches further: keep
        // looking a window at a time, so "no free times" is only said when the whole horizon is full.
        const limit = addDays(body.from, this.deskTask.value?.rules.horizonDays ?? 0);
        while (!body.days.length && body.to < limit) {
          const next = addDays(body.to, 1);
          const to = addDays(next, 27) < limit ? addDays(next, 27) : limit;
          body = await getAvailability(base, this.apiLang, { service, mode, from: next, to }, signal);
        }
        this.anchor = body.days[0]?.date;
      }
      return body;
    },
    args: () => [this.apiBase, this.sel.service, this.sel.mode, this.week] as const,
  });

  /** The challenge on the details step, when the desk requires one; its token goes with the request. */
  private turnstile = new TurnstileController(this, {
    settings: () => this.deskTask.value?.turnstile,
    active: () => this.turnstileStep,
    lang: () => this.apiLang,
    passed: () => this.clearError('turnstile'),
    expired: () => {
      if (this.turnstileStep) this.alert = { text: this.tr('error.captcha') };
    },
    failed: () => {
      if (this.turnstileStep) this.alert = { text: this.tr('error.captcha'), retry: () => this.turnstile.reset() };
    },
  });

  private get turnstileStep(): boolean {
    return this.step === 'details' || this.step === 'waitlist';
  }

  /** Set once the person has left the first step: from then on the later steps' chunk is wanted. */
  private started = false;

  /** The details, review and done steps (their own chunk), fetched once the person has started. */
  private laterTask = new Task(this, {
    task: ([started]) => (started ? import('./steps/later-steps') : initialState),
    args: () => [this.started] as const,
  });

  /** The mobile number checked with the server's rules as it is typed and left. */
  private phoneCheck = new PhoneCheckController(
    this,
    () => this.apiBase,
    () => this.clearError('phone'),
  );

  /** A field's message goes once the problem is solved. */
  private clearError(field: string): void {
    if (!(field in this.fieldErrors)) return;
    const { [field]: _solved, ...rest } = this.fieldErrors;
    this.fieldErrors = rest;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.startEarly();
    // Follows a host page that switches language without reloading (only matters when `lang` is not set).
    this.langObserver = new MutationObserver(() => {
      this.chosen = undefined;
      this.requestUpdate();
    });
    this.langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }

  /**
   * Starts the first calls as soon as the element is on the page (when the module runs, for an element the page
   * already holds), not once the first render asks: with `service` and `mode` given, the desk and the first
   * free times travel together instead of one after the other.
   */
  private startEarly(): void {
    if (this.early) return;
    const base = this.apiBase;
    const lang = this.apiLang;
    this.early = { base, desk: getDesk(base, lang) };
    const { service, mode } = this;
    if (service && (mode === 'in_person' || mode === 'remote')) {
      const answer = getAvailability(base, lang, { service, mode });
      // An answer nobody takes (an unknown service, say) must not surface as an unhandled rejection.
      answer.catch(() => undefined);
      this.early.slots = { service, mode, answer };
    }
    this.early.desk?.catch(() => undefined);
    // The page's first date and number formats cost the browser tens of milliseconds (it loads their data):
    // paid now, while the answers travel, not once they have arrived (the formats are kept, see format.ts).
    setTimeout(() => t(lang, 'day.slots', { count: 1, day: dayName('2026-01-01', lang) }));
  }

  private takeEarlyDesk(base: string): Promise<Desk> | undefined {
    const desk = this.early?.base === base ? this.early.desk : undefined;
    if (this.early) this.early.desk = undefined;
    return desk;
  }

  private takeEarlySlots(base: string, service: string, mode: string): Promise<Availability> | undefined {
    const slots = this.early?.base === base ? this.early.slots : undefined;
    if (this.early) this.early.slots = undefined;
    return slots?.service === service && slots.mode === mode ? slots.answer : undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.langObserver?.disconnect();
  }

  /** The language wanted: the person's pick, else the page's; the desk's first when the desk does not offer it. */
  private get wanted(): Lang {
    const lang =
      this.chosen ?? toLang(this.lang || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang);
    const offered = this.deskTask.value?.languages;
    return !offered || offered.includes(lang) ? lang : (offered[0] ?? 'it');
  }

  /** The language on screen (English while the first catalog is on its way). */
  private get uiLang(): Lang {
    return this.shown ?? 'en';
  }

  /** The language the server answers in (its error messages): the one on screen, or the one coming. */
  private get apiLang(): Lang {
    return this.shown ?? this.wanted;
  }

  /**
   * Puts the wanted language on screen, fetching its catalog first when it is not here: meanwhile the current
   * language stays. If the fetch fails, the current one (English at the start) stays and an alert says so.
   */
  override willUpdate(changed: PropertyValues<this>): void {
    this.started ||= this.step !== 'service';
    if (changed.has('lang') && changed.get('lang') !== undefined) this.chosen = undefined;
    const want = this.wanted;
    if (want === this.shown || want === this.fetching) return;
    if (hasCatalog(want)) {
      this.shown = want;
      return;
    }
    this.fetching = want;
    loadCatalog(want).then(
      () => {
        if (this.fetching !== want) return;
        this.fetching = undefined;
        this.shown = want;
      },
      () => {
        if (this.fetching !== want) return;
        this.fetching = undefined;
        this.chosen = this.uiLang;
        this.shown = this.uiLang;
        this.alert = { text: this.tr('error.language') };
      },
    );
  }

  /** The switch: the language goes on screen once its catalog is here; focus stays on the pressed button. */
  private pickLang(lang: Lang): void {
    this.alert = null;
    this.chosen = lang;
    this.langSaid = true;
  }

  private get apiBase(): string {
    const base = this.api ? new URL(this.api, document.baseURI) : new URL('.', scriptUrl);
    return base.href.endsWith('/') ? base.href : `${base.href}/`;
  }

  private tr: Translate = (key, params) => t(this.uiLang, key, params);

  // ------------------------------------------------------------------ navigation

  private go(step: Step, alert: Alert | null = null): void {
    this.step = step;
    this.langSaid = this.daySaid = false;
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
    if (this.step === 'waitlist') return this.go('day');
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

  /** Shows the day's times in place; the focus stays on the day and the status line counts them. */
  private pickDay(day: string): void {
    this.sel = { ...this.sel, day };
    this.daySaid = true;
  }

  private pickSlot(day: string, slot: Slot): void {
    this.sel = { ...this.sel, day, slot };
    this.go('details');
  }

  private changeWeek(delta: number, allowed: boolean): void {
    if (!allowed) return;
    this.week += delta;
    this.daySaid = false;
  }

  /** "Join the waiting list" from the day step. */
  private openWaitlist(): void {
    this.fieldErrors = {};
    this.go('waitlist');
  }

  /** Sends the waitlist form (its days default to the whole horizon: `form` has them filled in). */
  private async joinWaitlist(desk: Desk, later: LaterSteps, form: WaitlistForm): Promise<void> {
    const { service, mode } = this.sel;
    if (this.sending || !service || !mode) return;
    if (!(await this.checked('waitlist', () => later.checkWaitlist(form, desk, this.tr, this.uiLang)))) return;
    const body = later.waitlistBody({ service, mode }, form, this.uiLang);
    const token = this.turnstile.token;
    if (token) body.turnstileToken = token;
    this.sending = true;
    this.alert = null;
    try {
      this.joined = await postWaitlist(this.apiBase, body);
      this.turnstile.spend();
      this.wl = form;
      this.go('waitlisted');
    } catch (e) {
      this.failed(e, desk, 'waitlist', () => void this.joinWaitlist(desk, later, form));
    } finally {
      this.sending = false;
    }
  }

  /** A new booking from a blank form: the computer may be shared (the association's PCs). */
  private restart(): void {
    this.created = null;
    this.joined = null;
    this.wl = EMPTY_WAITLIST;
    this.details = EMPTY_DETAILS;
    this.fieldErrors = {};
    this.pendingKey = undefined;
    this.phoneCheck.reset();
    this.sel = {};
    this.week = 0;
    this.anchor = undefined;
    this.go('service');
  }

  /**
   * The checks before a form goes on: its own, the number's (the server's answer, if it comes within a moment)
   * and the challenge's. When something is wrong the error summary takes the focus and the answer is false.
   */
  private async checked(step: Step, own: () => Record<string, string>): Promise<boolean> {
    await this.phoneCheck.settle();
    if (this.step !== step) return false;
    const errors = own();
    const problem = this.phoneCheck.problem;
    if (problem && !errors.phone) errors.phone = this.tr(`error.${problem}`);
    if (this.deskTask.value?.turnstile && !this.turnstile.token) {
      errors.turnstile = this.tr(this.turnstile.loadFailed ? 'error.captcha_load' : 'error.captcha_pending');
    }
    this.fieldErrors = errors;
    if (!Object.keys(errors).length) return true;
    this.alert = null;
    this.focusNext = 'summary';
    return false;
  }

  /** Checks the form; on to the review when it is complete. */
  private async toReview(later: LaterSteps): Promise<void> {
    if (await this.checked('details', () => later.checkDetails(this.details, this.tr))) this.go('review');
  }

  private async submit(desk: Desk, later: LaterSteps): Promise<void> {
    const { service, mode, slot } = this.sel;
    if (this.sending || !service || !mode || !slot) return;
    const token = this.turnstile.token;
    if (desk.turnstile && !token) {
      // Expired (or failed) while the person was reading the review: a fresh challenge waits on the details step.
      this.go('details', { text: this.tr('error.captcha') });
      return;
    }
    const body = later.requestBody({ service, mode, slot }, this.details, this.uiLang);
    // The same request retried (after a timeout or a lost answer) keeps its key, so the server answers
    // with the booking it may already have made instead of making a second one. Any change is a new request.
    const fingerprint = JSON.stringify(body);
    if (this.pendingKey?.fingerprint !== fingerprint) this.pendingKey = { fingerprint, key: newRequestKey() };
    body.requestKey = this.pendingKey.key;
    // Outside the fingerprint: a retry with a fresh token is still the same request (same key, no second booking).
    if (token) body.turnstileToken = token;
    this.sending = true;
    this.alert = null;
    try {
      const created = await postRequest(this.apiBase, body);
      this.pendingKey = undefined;
      this.turnstile.spend();
      this.created = created;
      this.go('done');
      this.dispatchEvent(new RequestSentEvent(created));
    } catch (e) {
      this.failed(e, desk, 'details', () => void this.submit(desk, later));
    } finally {
      this.sending = false;
    }
  }

  /** A failed send: the alert, or back to the form (`form`) with the server's field messages. */
  private failed(e: unknown, desk: Desk, form: 'details' | 'waitlist', retry: () => void): void {
    const err = e instanceof ApiError ? e : new ApiError(0, 'network', '');
    // Any answer from the server may have spent the single-use token; after a network failure it may not have.
    if (err.status !== 0 && desk.turnstile) this.turnstile.reset();
    if (err.status === 0) {
      this.alert = failure(this.tr, err, retry);
    } else if (err.code === 'captcha_failed' && desk.turnstile) {
      this.go(form, { text: this.tr('error.captcha') });
    } else if (err.code === 'slot_unavailable') {
      this.sel = { ...this.sel, slot: undefined };
      this.go('day', { text: this.tr('error.slot_taken') });
      void this.slotsTask.run();
    } else if (err.code === 'rate_limited') {
      this.alert = { text: this.tr('error.rate_limited') };
    } else if (err.code === 'invalid_input' && [...FIELD_ORDER, 'from', 'to'].some((f) => f in err.fields)) {
      this.fieldErrors = err.fields;
      this.go(form);
      this.focusNext = 'summary';
    } else {
      this.alert = { text: err.message || this.tr('error.generic'), retry: err.status >= 500 ? retry : undefined };
    }
  }

  override updated(): void {
    const target = this.focusNext;
    if (!target || this.deskTask.status === TaskStatus.PENDING) return;
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
    const failed = this.deskTask.status === TaskStatus.ERROR;
    // Nothing to show before the first catalog is here (a moment, while the desk loads too).
    return html`<div class="wrap" lang=${lang} dir=${textDirection(lang)}>
      <p role="status" aria-live="polite" class="vh">${this.shown ? this.statusText(this.deskTask.value) : ''}</p>
      ${!this.shown ? nothing : failed ? this.unavailable(this.deskTask.error) : this.booking()}
    </div>`;
  }

  /** The language switch of the first step: the desk's languages, each named in itself (and spoken as such). */
  private langSwitch(desk?: Desk): TemplateResult | typeof nothing {
    const langs = desk?.languages ?? [];
    if (this.step !== 'service' || langs.length < 2) return nothing;
    return html`<div class="langs" role="group" aria-labelledby="langs">
      <span id="langs">${this.tr('lang.label')}</span>
      ${langs.map(
        (l) =>
          html`<button
            type="button"
            part="button lang"
            lang=${l}
            dir=${textDirection(l)}
            aria-pressed=${l === this.shown ? 'true' : 'false'}
            @click=${() => this.pickLang(l)}
          >
            ${LANGUAGE_ENDONYMS[l]}
          </button>`,
      )}
    </div>`;
  }

  private booking(): TemplateResult {
    const desk = this.deskTask.value;
    const ready = this.deskTask.status === TaskStatus.COMPLETE && desk;
    const steps = desk ? this.steps(desk) : STEPS;
    const n = steps.indexOf(this.step) + 1;
    return html`${this.langSwitch(desk)}
    ${keyed(this.step, html`<h2 tabindex="-1" part="heading">${this.tr(`step.${this.step}.heading`)}</h2>`)}
    ${
      n
        ? html`<p class="progress" part="progress">${this.tr('step.progress', { step: n, total: steps.length })}</p>`
        : nothing
    }
    ${this.alert ? alertBox(this.tr, this.alert) : nothing}
    ${ready ? this.renderStep(desk) : html`<p>${this.tr('status.loading')}</p>`}`;
  }

  /** The desk could not be loaded because it is not set up yet: the one failure that is a state. */
  private get closed(): boolean {
    const e = this.deskTask.error;
    return this.deskTask.status === TaskStatus.ERROR && e instanceof ApiError && e.code === 'desk_not_configured';
  }

  /**
   * No desk to book with: not set up yet (a notice), or no answer (an alert; a retry unless this site is
   * refused). Either way the desk's phone when known, and the page's own fallback content.
   */
  private unavailable(e: unknown): TemplateResult {
    const call = callLine(this.tr, this.phone);
    const retry = () => {
      // Focus goes to the heading once the new attempt is over (see updated()), whatever its outcome.
      this.focusNext = 'heading';
      void this.deskTask.run();
    };
    return html`<h2 tabindex="-1" part="heading">${this.tr('widget.label')}</h2>
      ${
        this.closed
          ? html`<div class="notice" part="notice">
              <p>${this.tr('status.closed')}</p>
              ${call}
            </div>`
          : alertBox(this.tr, failure(this.tr, e, retry), call)
      }
      <slot></slot>`;
  }

  private statusText(desk?: Desk): string {
    if (this.deskTask.status === TaskStatus.PENDING || this.fetching) return this.tr('status.loading');
    if (this.langSaid) return this.tr('status.language');
    if (this.closed) return this.tr('status.closed');
    if (this.sending) return this.tr('status.sending');
    if (this.step === 'done' && this.created) return this.tr('status.sent', { reference: this.created.reference });
    if (this.step === 'waitlisted' && this.joined) {
      return this.tr('status.waitlisted', { reference: this.joined.reference });
    }
    if (this.step === 'day') {
      const status = this.slotsTask.status;
      if (status === TaskStatus.PENDING) return this.tr('status.loading');
      const a = this.slotsTask.value;
      if (status === TaskStatus.COMPLETE && a && desk) {
        const days = this.shownDays(a);
        if (!days.length && !this.week) return this.tr('status.no_slots');
        const day = this.daySaid && days.find((d) => d.date === this.sel.day);
        if (day) return this.tr('day.slots', { count: day.slots.length, day: dayName(day.date, this.uiLang) });
        return this.weekRange();
      }
    }
    return '';
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
  private slots: SlotsView = (done) =>
    this.slotsTask.render({
      initial: () => html`<p>${this.tr('status.loading')}</p>`,
      pending: () => html`<p>${this.tr('status.loading')}</p>`,
      error: (e) => loadError(this.tr, e, () => void this.slotsTask.run()),
      complete: done,
    }) as TemplateResult | typeof nothing;

  /** The current step's template, from the state and the transitions it may take. */
  private renderStep(desk: Desk): TemplateResult {
    const { sel } = this;
    const v: StepView = {
      desk,
      lang: this.uiLang,
      tr: this.tr,
      back: this.step === 'service' ? undefined : () => this.back(desk),
    };
    switch (this.step) {
      case 'service':
        return serviceStep({ ...v, selected: sel.service, pick: (s) => this.pickService(s) });
      case 'mode':
        return modeStep({
          ...v,
          modes: this.serviceOf(desk)?.modes ?? [],
          selected: sel.mode,
          pick: (m) => this.pickMode(m),
        });
      case 'day':
        return dayStep({
          ...v,
          slots: this.slots,
          shown: (a) => this.shownDays(a),
          anchor: this.anchor,
          week: this.week,
          range: this.weekRange(),
          day: sel.day,
          slot: sel.slot,
          pickDay: (date) => this.pickDay(date),
          pickSlot: (date, slot) => this.pickSlot(date, slot),
          changeWeek: (delta, allowed) => this.changeWeek(delta, allowed),
          waitlist: () => this.openWaitlist(),
        });
      default:
        return this.laterTask.render({
          initial: () => html`<p>${this.tr('status.loading')}</p>`,
          pending: () => html`<p>${this.tr('status.loading')}</p>`,
          error: (e) => loadError(this.tr, e, () => void this.laterTask.run()),
          complete: (later) => this.laterStep(later, v),
        }) as TemplateResult;
    }
  }

  /** The details, review or done step, from the later steps' chunk. */
  private laterStep(later: LaterSteps, v: StepView): TemplateResult {
    const { sel, desk } = { sel: this.sel, desk: v.desk };
    // What both forms (details, waitlist) are given: the problems, the number's check, the challenge.
    const form = {
      ...v,
      errors: this.fieldErrors,
      phoneProblem: this.phoneCheck.problem,
      phoneTyped: (phone: string) => this.phoneCheck.typed(phone),
      phoneLeft: (phone: string) => this.phoneCheck.left(phone),
      turnstileLoadFailed: this.turnstile.loadFailed,
      retryTurnstile: () => this.turnstile.retryLoad(),
      service: this.serviceOf(desk),
      mode: sel.mode,
      sending: this.sending,
    };
    switch (this.step) {
      case 'details':
        return later.detailsStep({
          ...form,
          details: this.details,
          long: { ...sel, base: this.apiBase, lang: this.uiLang },
          redraw: () => this.requestUpdate(),
          set: (key, value) => {
            this.details = { ...this.details, [key]: value };
          },
          submit: () => void this.toReview(later),
        });
      case 'review':
        return later.reviewStep({
          ...v,
          service: this.serviceOf(desk),
          serviceId: sel.service,
          mode: sel.mode,
          slot: sel.slot,
          details: this.details,
          sending: this.sending,
          submit: () => void this.submit(desk, later),
        });
      case 'done':
        return this.created
          ? later.doneStep({
              ...v,
              created: this.created,
              service: this.serviceOf(desk),
              mode: sel.mode,
              restart: () => this.restart(),
            })
          : html``;
      case 'waitlist': {
        const values = later.waitlistValues(this.wl, this.details, desk);
        return later.waitlistStep({
          ...form,
          values,
          set: (key, value) => {
            if (key === 'name' || key === 'phone') this.details = { ...this.details, [key]: value };
            else this.wl = { ...this.wl, [key]: value };
          },
          submit: () => void this.joinWaitlist(desk, later, values),
        });
      }
      case 'waitlisted':
        return this.joined
          ? later.waitlistedStep({ ...form, joined: this.joined, form: this.wl, restart: () => this.restart() })
          : html``;
      default:
        return html``;
    }
  }
}

/** The waitlist form's own fields before anything is chosen (the days then default to the whole horizon). */
const EMPTY_WAITLIST: WaitlistOwn = { from: '', to: '', consent: false };

declare global {
  interface HTMLElementTagNameMap {
    'sportello-booking': SportelloBooking;
  }
}

// Guarded: a page that includes the script twice (or two versions of it) must keep working.
if (!customElements.get('sportello-booking')) customElements.define('sportello-booking', SportelloBooking);
