import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TaskStatus, type Task } from '@lit/task';
import { ApiError, type Desk, type Mode, type SessionUser, type Volunteer } from './api';
import { LANGUAGES, type Language } from '../../worker/src/domain/vocabulary';
import { formatDateTime, formatDay, formatPhone } from './format';
import { href } from './links';
import { AnnounceEvent, DataChangedEvent } from './events';
import { hasKey, t, type Lang, type MessageKey } from './i18n';
import type { Route } from './router';
import { FieldInputEvent, type FieldOptions } from './components/admin-field';
import './components/admin-error-summary';
import './components/admin-feed-links';
import { shared } from './shared.styles';

/**
 * What every page of the portal has: the UI language, the signed-in user, the desk (name, zone, services)
 * and the current route, given down by the shell; a focusable h1; announcements sent up to the shell.
 */
export abstract class PageElement extends LitElement {
  static override styles = [shared];

  /** UI language. */
  @property({ attribute: false }) language: Lang = 'it';
  /** The signed-in staff member. */
  @property({ attribute: false }) user: SessionUser | null = null;
  /** The desk (public desk endpoint): name, time zone, active services. */
  @property({ attribute: false }) desk: Desk | null = null;
  /** The route that shows this page (id and query). */
  @property({ attribute: false }) route: Route | null = null;

  /** Field messages of the open form, keyed by field id. */
  @state() protected errors: Record<string, string> = {};
  /** What went wrong with the last submit, in words. */
  @state() protected failure = '';
  /** A call is under way: submit buttons are disabled. */
  @state() protected busy = false;
  /** The add/edit form that is open: '' none, 'new', or the id of the thing being edited. */
  @state() protected editing = '';

  protected t(key: MessageKey, params?: Record<string, string | number>): string {
    return t(this.language, key, params);
  }

  /** The desk's time zone: every date and time on the portal is the desk's wall clock. */
  protected get tz(): string {
    return this.desk?.timeZone ?? 'Europe/Rome';
  }

  protected get staffRole() {
    return this.user?.role ?? 'volunteer';
  }

  /** Reads `message` out in the shell's live region. */
  protected announce(message: string, assertive = false): void {
    this.dispatchEvent(new AnnounceEvent(message, assertive));
  }

  /** Tells the shell that counts it shows (the inbox badge) may have changed. */
  protected dataChanged(): void {
    this.dispatchEvent(new DataChangedEvent());
  }

  /** Moves focus to the page's h1 (after navigation, so screen readers start at the new page). */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
  }

  /** Words for a failed call: our own wording for known codes, else the server's message, else a generic one. */
  protected errorText(e: unknown): string {
    if (e instanceof ApiError) {
      const key = `error.${e.code}`;
      if (hasKey(key)) return this.t(key);
      if (e.message) return e.message;
    }
    return this.t('error.generic');
  }

  /** Field messages of a 422, keyed by the API's field names. */
  protected fieldErrors(e: unknown): Record<string, string> {
    return e instanceof ApiError ? e.fields : {};
  }

  /** Pending / error (with a retry) / complete rendering of a data task. */
  protected renderTask<T>(task: Task<readonly unknown[], T>, complete: (value: T) => TemplateResult | typeof nothing) {
    switch (task.status) {
      case TaskStatus.INITIAL:
      case TaskStatus.PENDING:
        return task.value === undefined
          ? html`<p class="loading" role="status">${this.t('common.loading')}</p>`
          : complete(task.value);
      case TaskStatus.ERROR:
        return html`<div class="alert" role="alert">
          <p>${this.errorText(task.error)}</p>
          <button type="button" @click=${() => task.run()}>${this.t('common.retry')}</button>
        </div>`;
      case TaskStatus.COMPLETE:
        return complete(task.value as T);
    }
  }

  /** A status badge with its name in words (never colour alone). */
  protected statusBadge(status: string) {
    const key = `status.${status}`;
    return html`<span class="status status-${status}">${hasKey(key) ? this.t(key) : status}</span>`;
  }

  /** A labelled input (or textarea) with its hint and error tied to it (aria-describedby, aria-invalid). */
  protected input(o: InputOptions) {
    return this.fieldElement(o, (e) => o.onInput(e.value));
  }

  /** A checkbox with its label on the right and an optional hint/error below. */
  protected checkbox(
    o: Omit<FieldOptions, 'type' | 'value'> & { checked: boolean; onChange: (checked: boolean) => void },
  ) {
    return this.fieldElement({ ...o, type: 'checkbox' }, (e) => o.onChange(e.checked));
  }

  /** A labelled select. */
  protected select(
    o: Omit<FieldOptions, 'type' | 'value' | 'options'> & {
      value: string;
      options: readonly (readonly [string, string])[];
      onChange: (value: string) => void;
    },
  ) {
    return this.fieldElement({ ...o, type: 'select' }, (e) => o.onChange(e.value));
  }

  private fieldElement(o: FieldOptions, onInput: (e: FieldInputEvent) => void) {
    return html`<admin-field .language=${this.language} .field=${o} @admin-field-input=${onInput}></admin-field>`;
  }

  /**
   * The error summary at the top of a form: the failure in words and one link per field problem (in
   * `order`), each moving focus to its field. Give it focus after a failed submit.
   */
  protected errorSummary(
    id: string,
    failure: string,
    errors: Record<string, string>,
    order: readonly string[] = [],
    target?: (id: string) => HTMLElement | null | undefined,
  ) {
    return html`<admin-error-summary
      .language=${this.language}
      .summaryId=${id}
      .failure=${failure}
      .errors=${errors}
      .order=${order}
      .target=${target}
    ></admin-error-summary>`;
  }

  /**
   * A scrollable table region named by its caption (`caption`) or by a heading (`labelledBy`), with one
   * column heading per entry of `columns` (`nothing` leaves a column out).
   */
  protected table(o: {
    id: string;
    caption?: unknown;
    hideCaption?: boolean;
    labelledBy?: string;
    columns: readonly (string | typeof nothing)[];
    rows: unknown;
  }) {
    const captionId = `${o.id}-caption`;
    return html`<div class="table-wrap" role="region" tabindex="0" aria-labelledby=${o.labelledBy ?? captionId}>
      <table>
        ${
          o.caption === undefined
            ? nothing
            : html`<caption id=${captionId} class=${o.hideCaption ? 'visually-hidden' : nothing}>
                ${o.caption}
              </caption>`
        }
        <thead>
          <tr>
            ${o.columns.map((c) => (c === nothing ? nothing : html`<th scope="col">${c}</th>`))}
          </tr>
        </thead>
        <tbody>
          ${o.rows}
        </tbody>
      </table>
    </div>`;
  }

  /** Terms and their descriptions; a pair whose description is empty is left out. */
  protected facts(pairs: readonly (readonly [string, unknown])[]) {
    return html`<dl class="facts">
      ${pairs.map(([term, value]) =>
        value === null || value === undefined || value === '' || value === nothing
          ? nothing
          : html`<dt>${term}</dt>
              <dd>${value}</dd>`,
      )}
    </dl>`;
  }

  /** Where a form's problems go: by default the page's `errors` and `failure`. */
  private readonly showOnPage: ShowProblems = (errors, failure) => {
    this.errors = errors;
    this.failure = failure;
  };

  /** A closure or an absence in words: one day, or "from … to …". */
  protected rangeText(r: { dateFrom: string; dateTo: string }): string {
    return r.dateFrom === r.dateTo
      ? formatDay(r.dateFrom, this.language)
      : this.t('closures.range', {
          from: formatDay(r.dateFrom, this.language),
          to: formatDay(r.dateTo, this.language),
        });
  }

  /** The fields of a closure or an absence: first day, last day (optional), reason (optional). */
  protected rangeFields(
    r: DateRange,
    errors: Record<string, string>,
    change: (r: DateRange) => void,
    reasonHint?: string,
  ) {
    return html`${this.input({ id: 'dateFrom', label: this.t('closures.from'), type: 'date', value: r.dateFrom, error: errors.dateFrom, onInput: (v) => change({ ...r, dateFrom: v }) })}
    ${this.input({ id: 'dateTo', label: this.t('closures.to'), hint: this.t('closures.to_hint'), type: 'date', optional: true, value: r.dateTo, error: errors.dateTo, onInput: (v) => change({ ...r, dateTo: v }) })}
    ${this.input({ id: 'reason', label: this.t('closures.reason'), hint: reasonHint, optional: true, maxlength: 200, value: r.reason, error: errors.reason, onInput: (v) => change({ ...r, reason: v }) })}`;
  }

  /** The modes of a service or a shift as two checkboxes in a fieldset, with the error tied to the group. */
  protected modesFieldset(modes: readonly Mode[], error: string | undefined, change: (modes: Mode[]) => void) {
    const toggle = (m: Mode, on: boolean) => change(on ? [...new Set([...modes, m])] : modes.filter((x) => x !== m));
    return html`<fieldset id="modes" tabindex="-1" aria-describedby=${error ? 'modes-error' : nothing}>
      <legend>${this.t('booking.mode')}</legend>
      ${error ? html`<p id="modes-error" class="field-error">${error}</p>` : nothing}
      ${MODES.map((m) =>
        this.checkbox({
          id: `mode-${m}`,
          label: this.modeText(m),
          checked: modes.includes(m),
          onChange: (on) => toggle(m, on),
        }),
      )}
    </fieldset>`;
  }

  /**
   * A phone number as a call link, or a dash. `display` is the server's spacing by the number's own country
   * (`person.phoneDisplay`); without it the portal's rough spacing is used.
   */
  protected phoneLink(phone: string | null | undefined, display?: string | null) {
    return phone ? html`<a href="tel:${phone}">${display || formatPhone(phone)}</a>` : '—';
  }

  /**
   * "No SMS: call to remind", in words, for a booking without a mobile (a landline, or no phone): the desk
   * sends it no texts, so reception calls instead. Nothing for a mobile (or a field not sent yet).
   */
  protected noSmsMarker(phoneKind: string | null | undefined) {
    return phoneKind === 'landline' || phoneKind === 'none'
      ? html`<span class="status no-sms">${this.t('booking.no_sms')}</span>`
      : nothing;
  }

  /**
   * "speaks: Arabic", in words, for a booking whose person speaks another language than Italian (texts and
   * pages go out in it, and reception may need an interpreter). Nothing for Italian (or a field not sent).
   */
  protected speaksMarker(language: string | null | undefined) {
    if (!language || language === 'it') return nothing;
    const key = `speaks.${language}`;
    return html`<span class="status speaks">${hasKey(key) ? this.t(key) : language}</span>`;
  }

  /** The booking languages (the seven people-facing ones) as select options, each named in the portal's language. */
  protected bookingLanguageOptions(): (readonly [Language, string])[] {
    return LANGUAGES.map((l) => [l, this.t(`language.${l}`)] as const);
  }

  /** A required reason (rejecting, cancelling): up to 500 characters, with its hint and error. */
  protected reasonField(
    id: string,
    label: MessageKey,
    hint: MessageKey,
    o: { value: string; error: string; onInput: (value: string) => void },
  ) {
    return this.input({
      id,
      label: this.t(label),
      hint: this.t(hint),
      multiline: true,
      maxlength: 500,
      required: true,
      ...o,
    });
  }

  /** A form's buttons: submit (disabled while busy; red when it destroys something) and cancel. */
  protected formButtons(
    submit: string,
    cancel: () => void,
    o: { danger?: boolean; busy?: boolean; cancelLabel?: string } = {},
  ) {
    return html`<div class="actions">
      <button type="submit" class=${o.danger ? 'danger primary' : 'primary'} ?disabled=${o.busy ?? this.busy}>
        ${submit}
      </button>
      <button type="button" @click=${() => cancel()}>${o.cancelLabel ?? this.t('common.cancel')}</button>
    </div>`;
  }

  /** Opens a form: no problems shown yet, focus on its first field. */
  protected openForm(firstField: string, show = this.showOnPage): void {
    show({}, '');
    void this.focusId(firstField);
  }

  /** Closes the add/edit form: focus goes back to the button that opened it (`addId`, or 'edit-<id>'). */
  protected closeForm(addId = 'add'): void {
    const back = this.editing === 'new' ? addId : `edit-${this.editing}`;
    this.editing = '';
    void this.focusId(back);
  }

  /** The UI languages as select options, each named in the current language. */
  protected languageOptions(): (readonly [Lang, string])[] {
    return [
      ['it', this.t('language.it')],
      ['en', this.t('language.en')],
    ];
  }

  /** A link to a booking's page, named by its time (or a dash when the time is gone). */
  protected bookingLink(id: string, start: string | null | undefined, format = formatDateTime) {
    return html`<a href=${href(`bookings/${id}`)}>${start ? format(start, this.tz, this.language) : '—'}</a>`;
  }

  /** Shows problems found before sending, with the summary focused; true when there were any. */
  protected async refused(errors: Record<string, string>, summaryId = 'summary', show = this.showOnPage) {
    show(errors, '');
    if (!Object.keys(errors).length) return false;
    await this.focusId(summaryId);
    return true;
  }

  /**
   * Sends a form: busy while `work` runs; a failure fills the error summary (and the fields' messages)
   * and focuses it.
   */
  protected async attempt(work: () => Promise<void>, summaryId = 'summary', show = this.showOnPage): Promise<void> {
    this.busy = true;
    try {
      await work();
    } catch (err) {
      show(this.fieldErrors(err), this.errorText(err));
      await this.focusId(summaryId);
    } finally {
      this.busy = false;
    }
  }

  /** Runs a button's action (delete, reset, rotate): busy while it runs, a failure read out at once. */
  protected async perform(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    try {
      await work();
    } catch (err) {
      this.announce(this.errorText(err), true);
    } finally {
      this.busy = false;
    }
  }

  /** Focuses an element by id once the current render is done (after an error summary appears, a form opens…). */
  protected async focusId(id: string): Promise<void> {
    await this.updateComplete;
    // The small elements render after the page: wait for them, so the id exists.
    await Promise.all([...this.renderRoot.querySelectorAll<LitElement>(SMALL_ELEMENTS)].map((e) => e.updateComplete));
    this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`)?.focus();
  }

  /** A booking form's choice among the volunteers free at the chosen time, when more than one is ('' any). */
  protected freeVolunteerSelect(
    free: readonly string[],
    vols: readonly Volunteer[] | undefined,
    value: string,
    onChange: (id: string) => void,
  ) {
    if (free.length < 2) return nothing;
    const names = new Map((vols ?? []).map((v) => [v.id, v.name]));
    return this.select({
      id: 'volunteerId',
      label: this.t('booking.volunteer'),
      optional: true,
      value,
      options: [['', this.t('book.volunteer_any')] as const, ...free.map((id) => [id, names.get(id) ?? id] as const)],
      onChange,
    });
  }

  /** The error summary's link for `start` leads into the slot picker (its own shadow root) rather than to its legend. */
  protected slotPickerTarget = (id: string) =>
    id === 'start'
      ? this.renderRoot
          .querySelector<HTMLElement>('admin-slot-picker')
          ?.shadowRoot?.querySelector<HTMLElement>('select, input')
      : undefined;

  /** A taken time is the time field's problem: the error gains a `start` message, so the summary links to the picker. */
  protected asSlotError(err: unknown): unknown {
    return err instanceof ApiError && err.code === 'slot_unavailable'
      ? new ApiError(err.status, err.code, err.message, { start: this.errorText(err) })
      : err;
  }

  /** The agenda's and the day list's volunteer filter: everyone, or one volunteer (nothing without a list). */
  protected volunteerSelect(vols: readonly Volunteer[], selected: string, go: (id: string | undefined) => void) {
    if (!vols.length) return nothing;
    return html`<div class="field">
      <label for="volunteer">${this.t('agenda.volunteer_filter')}</label>
      <select id="volunteer" @change=${(e: Event) => go((e.target as HTMLSelectElement).value || undefined)}>
        <option value="" ?selected=${!selected}>${this.t('agenda.all_volunteers')}</option>
        ${vols.map((v) => html`<option value=${v.id} ?selected=${v.id === selected}>${v.name}</option>`)}
      </select>
    </div>`;
  }

  protected modeText(mode: string): string {
    const key = `mode.${mode}`;
    return hasKey(key) ? this.t(key) : mode;
  }

  /**
   * Why an SMS failed or waits, in the portal's language: our words for its code. The stored `error` text is
   * English for the logs and is never shown.
   */
  protected messageErrorText(m: { errorCode?: string | null; error?: string | null }): string | null {
    if (!m.errorCode) return m.error ? this.t('error.generic') : null;
    const key = `message.error.${m.errorCode}`;
    return hasKey(key) ? this.t(key) : this.t('message.error.other', { code: m.errorCode });
  }
}

/** The days of a closure or an absence as typed (an empty last day is the first). */
export interface DateRange {
  dateFrom: string;
  dateTo: string;
  reason: string;
}

/** The booking modes in the order the forms show them. */
const MODES: readonly Mode[] = ['in_person', 'remote'];

/** Puts a form's field messages and failure where its error summary reads them. */
type ShowProblems = (errors: Record<string, string>, failure: string) => void;

/** A text field and what to do with its value. */
export type InputOptions = Omit<FieldOptions, 'type' | 'options' | 'checked'> & {
  value: string | number | null;
  type?: string;
  onInput: (value: string) => void;
};

/** The small elements pages render into their own root (see focusId). */
const SMALL_ELEMENTS = 'admin-field, admin-error-summary, admin-feed-links';
