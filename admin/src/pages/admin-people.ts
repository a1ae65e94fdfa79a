import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiError, erasePerson, exportPerson, searchPerson, type PersonBooking } from '../api';
import { PageElement } from '../page-element';

/**
 * A person's data found by mobile number (GDPR requests): their bookings, an export as a JSON file, and
 * erasure after an explicit confirmation (bookings keep anonymous counts).
 */
export class AdminPeople extends PageElement {
  @state() private phone = '';
  @state() private phoneError = '';
  @state() private result: { phone: string; bookings: PersonBooking[] } | null = null;
  @state() private erasing = false;
  @state() private confirmed = false;
  @state() private cancelActive = false;
  @state() private eraseError = '';
  @state() private done = '';

  private async search(e: Event): Promise<void> {
    e.preventDefault();
    this.failure = '';
    this.done = '';
    this.erasing = false;
    if (!this.phone.trim()) {
      this.phoneError = this.t('people.phone_missing');
      return this.focusId('phone');
    }
    this.busy = true;
    try {
      this.result = await searchPerson(this.phone.trim());
      this.phoneError = '';
      this.announce(
        this.t(this.result.bookings.length === 1 ? 'people.found_one' : 'people.found', {
          n: this.result.bookings.length,
        }),
      );
    } catch (err) {
      this.result = null;
      const fields = this.fieldErrors(err);
      if (fields.phone) {
        this.phoneError = fields.phone;
        await this.focusId('phone');
      } else this.failure = this.errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private async download(phone: string): Promise<void> {
    this.busy = true;
    try {
      const data = await exportPerson(phone);
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `sportello-${phone.replace(/\D/g, '')}.json`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.announce(this.t('people.exported'));
    } catch (err) {
      this.failure = this.errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private async erase(e: Event, phone: string): Promise<void> {
    e.preventDefault();
    if (!this.confirmed) {
      this.eraseError = this.t('people.confirm_missing');
      return this.focusId('confirm-erase');
    }
    this.busy = true;
    this.eraseError = '';
    try {
      const r = await erasePerson(phone, this.cancelActive);
      this.done = this.t('people.erased', { bookings: r.bookings, messages: r.messages, cancelled: r.cancelled });
      this.announce(this.done);
      this.erasing = false;
      this.result = await searchPerson(phone);
      this.dataChanged();
      await this.focusId('done');
    } catch (err) {
      const fields = this.fieldErrors(err);
      this.eraseError = fields.cancelActive ?? this.errorText(err);
      if (err instanceof ApiError && fields.cancelActive) await this.focusId('cancel-active');
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('nav.people')}</h1>
      <p>${this.t('people.intro')}</p>
      <form class="actions" novalidate @submit=${this.search} role="search" aria-label=${this.t('people.search')}>
        ${this.input({
          id: 'phone',
          label: this.t('people.phone'),
          type: 'tel',
          inputmode: 'tel',
          value: this.phone,
          error: this.phoneError,
          onInput: (v) => (this.phone = v),
        })}
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.t('people.search')}</button>
      </form>
      <div role="alert">${this.failure ? html`<p class="alert">${this.failure}</p>` : nothing}</div>
      ${this.done ? html`<p class="success" id="done" tabindex="-1">${this.done}</p>` : nothing}
      ${this.result ? this.resultView(this.result) : nothing}`;
  }

  private resultView(r: { phone: string; bookings: PersonBooking[] }) {
    if (!r.bookings.length) return html`<p role="status">${this.t('people.none', { phone: r.phone })}</p>`;
    const erased = r.bookings.every((b) => b.erasedAt);
    return html`<section aria-labelledby="result-h">
      <h2 id="result-h">${this.t('people.result', { phone: r.phone })}</h2>
      ${this.table({
        id: 'result',
        labelledBy: 'result-h',
        columns: [
          this.t('booking.when'),
          this.t('booking.person'),
          this.t('booking.service'),
          this.t('agenda.col_status'),
        ],
        rows: r.bookings.map(
          (b) =>
            html`<tr>
              <th scope="row">${this.bookingLink(b.id, b.start)}</th>
              <td>${b.name ?? this.t('person.erased')}</td>
              <td>${b.service.name}</td>
              <td>${this.statusBadge(b.status)}</td>
            </tr>`,
        ),
      })}
      <div class="actions">
        <button type="button" ?disabled=${this.busy} @click=${() => this.download(r.phone)}>
          ${this.t('people.export')}
        </button>
        ${
          erased
            ? nothing
            : html`<button
                type="button"
                id="open-erase"
                class="danger"
                @click=${() => {
                  this.erasing = true;
                  this.confirmed = false;
                  this.cancelActive = false;
                  this.eraseError = '';
                  void this.focusId('erase-h');
                }}
              >
                ${this.t('people.erase')}
              </button>`
        }
      </div>
      ${this.erasing ? this.eraseForm(r.phone) : nothing}
    </section>`;
  }

  private eraseForm(phone: string) {
    return html`<form class="card" novalidate @submit=${(e: Event) => this.erase(e, phone)} aria-labelledby="erase-h">
      <h3 id="erase-h" tabindex="-1">${this.t('people.erase_heading', { phone })}</h3>
      <p>${this.t('people.erase_explain')}</p>
      ${this.checkbox({
        id: 'cancel-active',
        label: this.t('people.cancel_active'),
        hint: this.t('people.cancel_active_hint'),
        checked: this.cancelActive,
        onChange: (c) => (this.cancelActive = c),
      })}
      ${this.checkbox({
        id: 'confirm-erase',
        label: this.t('people.confirm', { phone }),
        checked: this.confirmed,
        error: this.eraseError,
        onChange: (c) => (this.confirmed = c),
      })}
      ${this.formButtons(
        this.t('people.erase_submit'),
        () => {
          this.erasing = false;
          void this.focusId('open-erase');
        },
        { danger: true },
      )}
    </form>`;
  }
}
