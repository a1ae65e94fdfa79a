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
import { formatDateTime } from '../format';
import { PageElement } from '../page-element';
import { href } from '../links';

/** Requests shown with their full details (free volunteers); a longer inbox shows the rest in short. */
const DETAILED = 40;

type InboxItem = BookingSummary &
  Partial<Pick<BookingDetail, 'availableVolunteers' | 'suggestedVolunteerId' | 'note' | 'accessibilityNeeds'>>;

/**
 * Requests waiting for an answer, oldest first, with their count. Each can be confirmed (with the suggested
 * volunteer or another one) or rejected with a reason; results are read out, conflicts explained in words.
 */
export class AdminInbox extends PageElement {
  /** Volunteer chosen per request id (absent: the suggested one). */
  @state() private chosen: Record<string, string> = {};
  /** The request whose reject form is open. */
  @state() private rejecting = '';
  @state() private reason = '';
  @state() private reasonError = '';
  /** Error per request id, shown in its card. */
  @state() private itemErrors: Record<string, string> = {};
  /** The request being confirmed or rejected. */
  @state() private busyId = '';
  @state() private reload = 0;

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

  private personName(b: BookingSummary): string {
    return b.person?.name ?? this.t('person.erased');
  }

  private async confirm(b: InboxItem): Promise<void> {
    const volunteerId = this.chosen[b.id] ?? b.suggestedVolunteerId;
    this.busyId = b.id;
    this.itemErrors = { ...this.itemErrors, [b.id]: '' };
    try {
      await confirmBooking(b.id, volunteerId && volunteerId !== b.volunteer.id ? volunteerId : undefined);
      this.announce(
        this.t('inbox.confirmed', { name: this.personName(b), when: formatDateTime(b.start, this.tz, this.language) }),
      );
      await this.afterChange();
    } catch (e) {
      this.failed(b, e);
    } finally {
      this.busyId = '';
    }
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

  private async reject(e: Event, b: BookingSummary): Promise<void> {
    e.preventDefault();
    if (!this.reason.trim()) {
      this.reasonError = this.t('inbox.reason_missing');
      this.renderRoot.querySelector<HTMLElement>(`#reason-${b.id}`)?.focus();
      return;
    }
    this.busyId = b.id;
    try {
      await rejectBooking(b.id, this.reason.trim());
      this.rejecting = '';
      this.announce(this.t('inbox.rejected', { name: this.personName(b) }));
      await this.afterChange();
    } catch (err) {
      this.failed(b, err);
    } finally {
      this.busyId = '';
    }
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

  private async afterChange(): Promise<void> {
    this.reload++;
    this.dataChanged();
    await this.requests.taskComplete.catch(() => undefined);
    await this.focusHeading();
  }

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('nav.inbox')}</h1>
      ${this.renderTask(this.requests, (list) =>
        list.length === 0
          ? html`<p class="success">${this.t('inbox.empty')}</p>`
          : html`<p>${this.t('inbox.count', { n: list.length })}</p>
              <ul class="plain">
                ${list.map((b) => html`<li>${this.item(b)}</li>`)}
              </ul>`,
      )}`;
  }

  private item(b: InboxItem) {
    const when = formatDateTime(b.start, this.tz, this.language);
    const vols = b.availableVolunteers ?? [];
    const selected = this.chosen[b.id] ?? b.suggestedVolunteerId ?? b.volunteer.id;
    const err = this.itemErrors[b.id];
    const busy = this.busyId === b.id;
    return html`<article class="card" aria-labelledby="h-${b.id}">
      <h2 id="h-${b.id}" style="margin-top:0">
        <a href=${href(`bookings/${b.id}`)}>${when}</a>
      </h2>
      ${this.facts([
        [this.t('booking.service'), b.service.name],
        [this.t('booking.mode'), this.modeText(b.mode)],
        [this.t('booking.person'), this.personName(b)],
        [this.t('booking.phone'), this.phoneLink(b.person?.phone)],
        [this.t('inbox.requested_at'), b.createdAt ? formatDateTime(b.createdAt, this.tz, this.language) : null],
        [this.t('booking.note'), b.note],
        [this.t('booking.accessibility'), b.accessibilityNeeds],
        [this.t('booking.reference'), b.reference],
      ])}
      ${
        vols.length
          ? html`<div class="field">
              <label for="vol-${b.id}">${this.t('inbox.volunteer')}</label>
              <select
                id="vol-${b.id}"
                aria-describedby="vol-${b.id}-hint"
                @change=${(e: Event) =>
                  (this.chosen = { ...this.chosen, [b.id]: (e.target as HTMLSelectElement).value })}
              >
                ${vols.map((v) => html`<option value=${v.id} ?selected=${v.id === selected}>${v.name}</option>`)}
              </select>
              <span id="vol-${b.id}-hint" class="hint">${this.t('inbox.volunteer_hint')}</span>
            </div>`
          : html`<p>${this.t('inbox.volunteer')}: <strong>${b.volunteer.name}</strong></p>
              ${b.availableVolunteers ? html`<p class="notice">${this.t('inbox.nobody_free')}</p>` : nothing}`
      }
      <div role="alert">${err ? html`<p class="alert">${err}</p>` : nothing}</div>
      ${
        this.rejecting === b.id
          ? html`<form class="card" novalidate @submit=${(e: Event) => this.reject(e, b)}>
              ${this.reasonField(`reason-${b.id}`, 'inbox.reason', 'inbox.reason_hint', {
                value: this.reason,
                error: this.reasonError,
                onInput: (v) => (this.reason = v),
              })}
              ${this.formButtons(this.t('inbox.reject_submit'), () => this.closeReject(b), { danger: true, busy })}
            </form>`
          : html`<div class="actions">
              <button type="button" class="primary" ?disabled=${busy} @click=${() => this.confirm(b)}>
                ${this.t('inbox.confirm')}<span class="visually-hidden">: ${this.personName(b)}, ${when}</span>
              </button>
              <button type="button" id="reject-${b.id}" class="danger" @click=${() => this.openReject(b)}>
                ${this.t('inbox.reject')}<span class="visually-hidden">: ${this.personName(b)}, ${when}</span>
              </button>
            </div>`
      }
    </article>`;
  }
}
