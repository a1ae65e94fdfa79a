import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import {
  ApiError,
  confirmBooking,
  getBooking,
  listBookings,
  rejectBooking,
  type BookingDetail,
  type BookingSummary,
} from '../api';
import { formatDateTime, formatDay } from '../format';
import { PageElement } from '../page-element';
import { href } from '../links';
import { shared } from '../shared.styles';
import { inboxStyles } from './admin-inbox.styles';

/** Requests shown with their full details (free volunteers); a longer inbox shows the rest in short. */
const DETAILED = 40;

/**
 * How long a confirm or a reject can be taken back. Confirming sends the SMS at once on the server, so the
 * portal holds the answer for this long and only then sends it.
 */
export const UNDO_MS = 8_000;

/** From this width the requests are compact rows of a table; below it, cards. */
const WIDE = '(min-width: 1024px)';

type InboxItem = BookingSummary &
  Partial<Pick<BookingDetail, 'availableVolunteers' | 'suggestedVolunteerId' | 'note' | 'accessibilityNeeds'>>;

/** An answer given but not sent yet: it can still be undone. */
interface HeldAnswer {
  kind: 'confirm' | 'reject';
  booking: InboxItem;
  /** The volunteer to confirm with, when not the booking's own. */
  volunteerId?: string;
  reason?: string;
  /** What the undo bar says. */
  message: string;
  timer: ReturnType<typeof setTimeout>;
}

interface Filters {
  service: string;
  mode: string;
  date: string;
}

const NO_FILTERS: Filters = { service: '', mode: '', date: '' };

/**
 * Requests waiting for an answer, oldest first. Each can be confirmed (with the suggested volunteer or
 * another one) or rejected with a reason; conflicts are explained in words.
 *
 * Confirm and reject take effect on the server ~8 s later: until then the request leaves the list, a bar
 * says what was done and offers "Annulla", which brings it back with nothing sent. The held answer is sent
 * at once when another answer is given, when the portal goes to another page, and when the tab is hidden
 * or closed (`pagehide`, with a keepalive request that outlives the page), so no answer is lost.
 * Filters (service, mode, day) work on the loaded requests: the inbox loads all of them (the API's list
 * holds up to 500).
 */
export class AdminInbox extends PageElement {
  static override styles = [shared, inboxStyles];

  /** Volunteer chosen per request id (absent: the suggested one). */
  @state() private chosen: Record<string, string> = {};
  /** The request whose reject form is open. */
  @state() private rejecting = '';
  @state() private reason = '';
  @state() private reasonError = '';
  /** Error per request id, shown in its card. */
  @state() private itemErrors: Record<string, string> = {};
  @state() private reload = 0;
  /** The answer that can still be undone. */
  @state() private held: HeldAnswer | null = null;
  /** The last answer sent, shown until the next one. */
  @state() private done = '';
  @state() private filters: Filters = NO_FILTERS;
  /** Desktop width: compact rows instead of cards. */
  @state() private wide = false;

  private media?: MediaQueryList;
  private readonly onMedia = () => (this.wide = this.media?.matches ?? false);
  /** Leaving or hiding the page sends what is held (a keepalive request survives the page). */
  private readonly onPageHide = () => void this.send(true);
  private readonly onVisibility = () => {
    if (document.visibilityState === 'hidden') void this.send(true);
  };

  private requests = new Task(this, {
    task: async (_args, { signal }) => {
      // The server lists requests oldest first; each one's page adds who is free at its time, the note and
      // any accessibility needs, which reception weighs before confirming.
      const { bookings } = await listBookings({ status: 'requested' }, signal);
      const details = await Promise.all(
        bookings.slice(0, DETAILED).map((b) => getBooking(b.id, signal).catch(() => null)),
      );
      return bookings.map((b, i): InboxItem => details[i] ?? b);
    },
    args: () => [this.reload, this.language] as const,
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.media = typeof matchMedia === 'function' ? matchMedia(WIDE) : undefined;
    this.media?.addEventListener('change', this.onMedia);
    this.onMedia();
    window.addEventListener('pagehide', this.onPageHide);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.media?.removeEventListener('change', this.onMedia);
    window.removeEventListener('pagehide', this.onPageHide);
    document.removeEventListener('visibilitychange', this.onVisibility);
    // Another page of the portal: the held answer goes now.
    void this.send(true);
  }

  private personName(b: BookingSummary): string {
    return b.person?.name ?? this.t('person.erased');
  }

  private when(b: BookingSummary): string {
    return formatDateTime(b.start, this.tz, this.language);
  }

  private confirm(b: InboxItem): void {
    const volunteerId = this.chosen[b.id] ?? b.suggestedVolunteerId;
    this.hold({
      kind: 'confirm',
      booking: b,
      ...(volunteerId && volunteerId !== b.volunteer.id ? { volunteerId } : {}),
      message: this.t('inbox.confirmed', { name: this.personName(b), when: this.when(b) }),
    });
  }

  private openReject(b: InboxItem): void {
    this.rejecting = b.id;
    this.reason = '';
    this.reasonError = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#reason-${b.id}`)?.focus());
  }

  private closeReject(b: InboxItem): void {
    this.rejecting = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#reject-${b.id}`)?.focus());
  }

  private reject(e: Event, b: InboxItem): void {
    e.preventDefault();
    if (!this.reason.trim()) {
      this.reasonError = this.t('inbox.reason_missing');
      this.renderRoot.querySelector<HTMLElement>(`#reason-${b.id}`)?.focus();
      return;
    }
    this.rejecting = '';
    this.hold({
      kind: 'reject',
      booking: b,
      reason: this.reason.trim(),
      message: this.t('inbox.rejected', { name: this.personName(b) }),
    });
  }

  /** Takes the request out of the list and starts the undo window; an earlier held answer is sent now. */
  private hold(answer: Omit<HeldAnswer, 'timer'>): void {
    void this.send();
    this.itemErrors = { ...this.itemErrors, [answer.booking.id]: '' };
    this.done = '';
    this.held = { ...answer, timer: setTimeout(() => void this.send(), UNDO_MS) };
    this.announce(`${answer.message} ${this.t('inbox.undo_hint', { seconds: UNDO_MS / 1000 })}`);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#undo')?.focus());
  }

  /** Takes the held answer back: the request returns to the list and nothing reaches the server. */
  private undo(): void {
    const held = this.held;
    if (!held) return;
    clearTimeout(held.timer);
    this.held = null;
    this.announce(this.t('inbox.undone', { name: this.personName(held.booking) }));
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#confirm-${held.booking.id}`)?.focus(),
    );
  }

  /**
   * Sends the held answer. `leaving`: the page is going away, so the request is sent with keepalive and
   * nothing is redrawn.
   */
  private async send(leaving = false): Promise<void> {
    const held = this.held;
    if (!held) return;
    clearTimeout(held.timer);
    const focusWasOnUndo = (this.renderRoot as ShadowRoot).activeElement?.id === 'undo';
    this.held = null;
    const b = held.booking;
    try {
      if (held.kind === 'confirm') await confirmBooking(b.id, held.volunteerId, { keepalive: leaving });
      else await rejectBooking(b.id, held.reason ?? '', { keepalive: leaving });
      if (leaving || !this.isConnected) return;
      this.done = held.message;
      this.reload++;
      this.dataChanged();
    } catch (e) {
      if (this.isConnected) this.failed(b, e);
    }
    if (focusWasOnUndo && this.isConnected) await this.focusHeading();
  }

  private failed(b: BookingSummary, e: unknown): void {
    const text =
      e instanceof ApiError && (e.code === 'invalid_transition' || e.code === 'conflict')
        ? this.t('inbox.gone')
        : this.errorText(e);
    this.itemErrors = { ...this.itemErrors, [b.id]: text };
    this.announce(text, true);
    if (e instanceof ApiError && (e.code === 'invalid_transition' || e.code === 'conflict' || e.code === 'not_found')) {
      // Someone else answered first: show the list as it is now.
      this.reload++;
      this.dataChanged();
    }
  }

  private passesFilters(b: InboxItem): boolean {
    const f = this.filters;
    return (
      (!f.service || b.service.id === f.service) &&
      (!f.mode || b.mode === f.mode) &&
      (!f.date || b.localDate === f.date)
    );
  }

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('nav.inbox')}</h1>
      ${this.undoBar()} ${this.done && !this.held ? html`<p class="success">${this.done}</p>` : nothing}
      ${this.renderTask(this.requests, (loaded) => {
        const list = loaded.filter((b) => b.id !== this.held?.booking.id);
        if (list.length === 0) return html`<p class="success">${this.t('inbox.empty')}</p>`;
        const shown = list.filter((b) => this.passesFilters(b));
        const filtered = shown.length !== list.length;
        const perPhone = new Map<string, number>();
        for (const b of list) {
          const phone = b.person?.phone;
          if (phone) perPhone.set(phone, (perPhone.get(phone) ?? 0) + 1);
        }
        return html`<p>${this.t('inbox.count', { n: list.length })}</p>
          ${this.filterFields(list)}
          <p role="status">${filtered ? this.t('inbox.filtered', { n: shown.length, total: list.length }) : nothing}</p>
          ${
            shown.length === 0
              ? html`<p>${this.t('inbox.filter_none')}</p>`
              : this.wide
                ? this.rows(shown, perPhone)
                : html`<ul class="plain">
                    ${shown.map((b) => html`<li>${this.card(b, perPhone)}</li>`)}
                  </ul>`
          }`;
      })}`;
  }

  private undoBar() {
    const held = this.held;
    if (!held) return nothing;
    const name = this.personName(held.booking);
    return html`<div class="undo-bar">
      <p>${held.message} ${this.t('inbox.undo_hint', { seconds: UNDO_MS / 1000 })}</p>
      <button type="button" id="undo" @click=${() => this.undo()}>
        ${this.t('inbox.undo')}<span class="visually-hidden">
          ${this.t(held.kind === 'confirm' ? 'inbox.undo_confirm' : 'inbox.undo_reject', { name })}</span
        >
      </button>
    </div>`;
  }

  private filterFields(list: readonly InboxItem[]) {
    const services = [...new Map(list.map((b) => [b.service.id, b.service.name])).entries()].sort((a, b) =>
      a[1].localeCompare(b[1], this.language),
    );
    const modes = [...new Set(list.map((b) => b.mode))].sort();
    const dates = [...new Set(list.map((b) => b.localDate))].sort();
    const set = (patch: Partial<Filters>) => (this.filters = { ...this.filters, ...patch });
    const any = this.t('inbox.filter_any');
    return html`<fieldset class="filters">
      <legend>${this.t('inbox.filters')}</legend>
      ${this.select({
        id: 'filter-service',
        label: this.t('booking.service'),
        value: this.filters.service,
        options: [['', any], ...services],
        onChange: (service) => set({ service }),
      })}
      ${this.select({
        id: 'filter-mode',
        label: this.t('booking.mode'),
        value: this.filters.mode,
        options: [['', any], ...modes.map((m) => [m, this.modeText(m)] as const)],
        onChange: (mode) => set({ mode }),
      })}
      ${this.select({
        id: 'filter-date',
        label: this.t('inbox.filter_date'),
        value: this.filters.date,
        options: [['', any], ...dates.map((d) => [d, formatDay(d, this.language)] as const)],
        onChange: (date) => set({ date }),
      })}
      ${
        this.filters.service || this.filters.mode || this.filters.date
          ? html`<button type="button" @click=${() => (this.filters = NO_FILTERS)}>
              ${this.t('inbox.filter_clear')}
            </button>`
          : nothing
      }
    </fieldset>`;
  }

  private samePhone(b: InboxItem, perPhone: ReadonlyMap<string, number>) {
    const n = b.person?.phone ? (perPhone.get(b.person.phone) ?? 0) : 0;
    return n > 1 ? html`<span class="same-phone">${this.t('inbox.same_phone', { n })}</span>` : nothing;
  }

  /** The volunteer to confirm with; in a compact row the column heading and the hint above the table say what it is. */
  private volunteerField(b: InboxItem, compact = false) {
    const vols = b.availableVolunteers ?? [];
    const selected = this.chosen[b.id] ?? b.suggestedVolunteerId ?? b.volunteer.id;
    if (!vols.length) {
      return html`<p>${compact ? nothing : html`${this.t('inbox.volunteer')}: `}<strong>${b.volunteer.name}</strong></p>
        ${b.availableVolunteers ? html`<p class="notice">${this.t('inbox.nobody_free')}</p>` : nothing}`;
    }
    return html`<div class="field">
      <label for="vol-${b.id}" class=${compact ? 'visually-hidden' : nothing}>${this.t('inbox.volunteer')}</label>
      <select
        id="vol-${b.id}"
        aria-describedby="vol-${b.id}-hint"
        @change=${(e: Event) => (this.chosen = { ...this.chosen, [b.id]: (e.target as HTMLSelectElement).value })}
      >
        ${vols.map((v) => html`<option value=${v.id} ?selected=${v.id === selected}>${v.name}</option>`)}
      </select>
      <span id="vol-${b.id}-hint" class=${compact ? 'visually-hidden' : 'hint'}>${this.t('inbox.volunteer_hint')}</span>
    </div>`;
  }

  private answerButtons(b: InboxItem) {
    const label = html`<span class="visually-hidden">: ${this.personName(b)}, ${this.when(b)}</span>`;
    return html`<div class="actions">
      <button type="button" id="confirm-${b.id}" class="primary" @click=${() => this.confirm(b)}>
        ${this.t('inbox.confirm')}${label}
      </button>
      <button type="button" id="reject-${b.id}" class="danger" @click=${() => this.openReject(b)}>
        ${this.t('inbox.reject')}${label}
      </button>
    </div>`;
  }

  private rejectForm(b: InboxItem) {
    return html`<form class="card" novalidate @submit=${(e: Event) => this.reject(e, b)}>
      ${this.reasonField(`reason-${b.id}`, 'inbox.reason', 'inbox.reason_hint', {
        value: this.reason,
        error: this.reasonError,
        onInput: (v) => (this.reason = v),
      })}
      ${this.formButtons(this.t('inbox.reject_submit'), () => this.closeReject(b), { danger: true })}
    </form>`;
  }

  private itemError(b: InboxItem) {
    const err = this.itemErrors[b.id];
    return html`<div role="alert">${err ? html`<p class="alert">${err}</p>` : nothing}</div>`;
  }

  /** A phone-width card with every detail as a term and its description. */
  private card(b: InboxItem, perPhone: ReadonlyMap<string, number>) {
    return html`<article class="card" aria-labelledby="h-${b.id}">
      <h2 id="h-${b.id}" style="margin-top:0">
        <a href=${href(`bookings/${b.id}`)}>${this.when(b)}</a>
      </h2>
      ${this.facts([
        [this.t('booking.service'), b.service.name],
        [this.t('booking.mode'), this.modeText(b.mode)],
        [this.t('booking.person'), this.personName(b)],
        [
          this.t('booking.phone'),
          b.person?.phone
            ? html`${this.phoneLink(b.person.phone, b.person.phoneDisplay)}<br />${this.samePhone(b, perPhone)}`
            : null,
        ],
        [this.t('inbox.requested_at'), b.createdAt ? formatDateTime(b.createdAt, this.tz, this.language) : null],
        [this.t('booking.note'), b.note],
        [this.t('booking.accessibility'), b.accessibilityNeeds],
        [this.t('booking.reference'), b.reference],
      ])}
      ${this.volunteerField(b)} ${this.itemError(b)}
      ${this.rejecting === b.id ? this.rejectForm(b) : this.answerButtons(b)}
    </article>`;
  }

  /** Desktop width: one compact row per request, the reject form in a row of its own below it. */
  private rows(list: readonly InboxItem[], perPhone: ReadonlyMap<string, number>) {
    return html`<div class="compact">
      <p class="hint">${this.t('inbox.volunteer_hint')}</p>
      ${this.table({
        id: 'requests',
        caption: this.t('inbox.table_caption'),
        hideCaption: true,
        columns: [
          this.t('booking.when'),
          this.t('inbox.col_request'),
          this.t('booking.person'),
          this.t('inbox.volunteer'),
          this.t('common.actions'),
        ],
        rows: list.map(
          (b) =>
            html`<tr>
                <th scope="row"><a href=${href(`bookings/${b.id}`)}>${this.when(b)}</a></th>
                <td>
                  <p>${b.service.name}</p>
                  <p>${this.modeText(b.mode)}</p>
                  <p class="muted">
                    ${this.t('inbox.requested_at')}
                    ${b.createdAt ? formatDateTime(b.createdAt, this.tz, this.language) : '—'}
                  </p>
                </td>
                <td>
                  <p><strong>${this.personName(b)}</strong></p>
                  ${b.person?.phone ? html`<p>${this.phoneLink(b.person.phone, b.person.phoneDisplay)}</p>` : nothing}
                  ${this.samePhone(b, perPhone)}
                  ${b.note ? html`<p><span class="muted">${this.t('booking.note')}:</span> ${b.note}</p>` : nothing}
                  ${
                    b.accessibilityNeeds
                      ? html`<p>
                          <span class="muted">${this.t('booking.accessibility')}:</span> ${b.accessibilityNeeds}
                        </p>`
                      : nothing
                  }
                </td>
                <td>${this.volunteerField(b, true)}</td>
                <td>${this.itemError(b)} ${this.rejecting === b.id ? nothing : this.answerButtons(b)}</td>
              </tr>
              ${
                this.rejecting === b.id
                  ? html`<tr class="reject-row">
                      <td colspan="5">${this.rejectForm(b)}</td>
                    </tr>`
                  : nothing
              }`,
        ),
      })}
    </div>`;
  }
}
