import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import {
  ApiError,
  createBooking,
  listVolunteers,
  type BookingDetail,
  type Mode,
  type NewBooking,
  type StaffSlot,
  type Volunteer,
} from '../api';
import '../components/admin-slot-picker';
import type { SlotChangeEvent } from '../components/admin-slot-picker';
import { define } from '../define';
import { formatDateTime } from '../format';
import type { Lang } from '../i18n';
import { PageElement } from '../page-element';
import { href } from '../router';

interface Form {
  service: string;
  mode: Mode | '';
  volunteerId: string;
  name: string;
  phone: string;
  email: string;
  note: string;
  language: Lang;
  accessibilityConsent: boolean;
  accessibilityNeeds: string;
}

const EMPTY: Form = {
  service: '',
  mode: '',
  volunteerId: '',
  name: '',
  phone: '',
  email: '',
  note: '',
  language: 'it',
  accessibilityConsent: false,
  accessibilityNeeds: '',
};

/** Fields in form order: the error summary lists problems as they appear on the page. */
const ORDER = [
  'service',
  'mode',
  'start',
  'volunteerId',
  'name',
  'phone',
  'email',
  'note',
  'language',
  'accessibilityConsent',
  'accessibilityNeeds',
];

/**
 * Book on behalf of a caller or a walk-in: service, mode, a free time (staff availability: no minimum
 * notice), optionally a volunteer, the person's details; created confirmed. A volunteer books into their
 * own shifts only.
 */
export class AdminBook extends PageElement {
  @state() private form: Form = { ...EMPTY };
  @state() private chosenSlot: StaffSlot | null = null;
  @state() private errors: Record<string, string> = {};
  @state() private failure = '';
  @state() private busy = false;
  @state() private created: BookingDetail | null = null;

  private volunteers = new Task(this, {
    task: async ([role], { signal }) => {
      if (role === 'volunteer') return [] as Volunteer[];
      try {
        return (await listVolunteers(signal)).volunteers;
      } catch (e) {
        if (e instanceof ApiError && e.status === 403) return [] as Volunteer[];
        throw e;
      }
    },
    args: () => [this.staffRole] as const,
  });

  private set<K extends keyof Form>(key: K, value: Form[K]): void {
    this.form = { ...this.form, [key]: value };
  }

  private get services() {
    return this.desk?.services ?? [];
  }

  private chooseService(id: string): void {
    const svc = this.services.find((s) => s.id === id);
    const mode =
      svc && this.form.mode && svc.modes.includes(this.form.mode)
        ? this.form.mode
        : svc?.modes.length === 1
          ? svc.modes[0]!
          : '';
    this.form = { ...this.form, service: id, mode, volunteerId: '' };
    this.chosenSlot = null;
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const f = this.form;
    const errors: Record<string, string> = {};
    if (!f.service) errors.service = this.t('book.service_missing');
    if (!f.mode) errors.mode = this.t('book.mode_missing');
    if (!this.chosenSlot) errors.start = this.t('booking.slot_missing');
    if (!f.name.trim()) errors.name = this.t('book.name_missing');
    if (!f.phone.trim()) errors.phone = this.t('book.phone_missing');
    if (f.accessibilityNeeds.trim() && !f.accessibilityConsent)
      errors.accessibilityConsent = this.t('book.accessibility_consent_missing');
    this.errors = errors;
    this.failure = '';
    if (Object.keys(errors).length) return this.showErrors();
    const body: NewBooking = {
      service: f.service,
      mode: f.mode as Mode,
      start: this.chosenSlot!.start,
      name: f.name.trim(),
      phone: f.phone.trim(),
      language: f.language,
      consent: true,
    };
    if (f.email.trim()) body.email = f.email.trim();
    if (f.note.trim()) body.note = f.note.trim();
    if (f.accessibilityNeeds.trim()) {
      body.accessibilityNeeds = f.accessibilityNeeds.trim();
      body.accessibilityConsent = true;
    }
    if (f.volunteerId) body.volunteerId = f.volunteerId;
    this.busy = true;
    try {
      this.created = await createBooking(body);
      this.form = { ...EMPTY };
      this.chosenSlot = null;
      this.announce(this.t('book.created', { ref: this.created.reference }));
      this.dataChanged();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#created')?.focus();
    } catch (err) {
      this.errors = this.fieldErrors(err);
      this.failure = this.errorText(err);
      if (err instanceof ApiError && err.code === 'slot_unavailable') this.errors = { start: this.failure };
      await this.showErrors();
    } finally {
      this.busy = false;
    }
  }

  private async showErrors(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#summary')?.focus();
  }

  private field(
    id: keyof Form,
    label: string,
    opts: { type?: string; autocomplete?: string; hint?: string; optional?: boolean; inputmode?: string } = {},
  ) {
    const err = this.errors[id];
    const describedBy = [opts.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${id}
        >${label}${opts.optional ? html` <span class="hint">${this.t('common.optional')}</span>` : nothing}</label
      >
      ${opts.hint ? html`<span id="${id}-hint" class="hint">${opts.hint}</span>` : nothing}
      <input
        id=${id}
        type=${opts.type ?? 'text'}
        autocomplete=${opts.autocomplete ?? 'off'}
        inputmode=${opts.inputmode ?? nothing}
        .value=${String(this.form[id])}
        aria-invalid=${err ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        @input=${(e: Event) => this.set(id, (e.target as HTMLInputElement).value as never)}
      />
      ${err ? html`<span id="${id}-error" class="field-error">${err}</span>` : nothing}
    </div>`;
  }

  protected override render() {
    const f = this.form;
    const svc = this.services.find((s) => s.id === f.service);
    const errs = ORDER.filter((k) => this.errors[k]);
    const names = new Map((this.volunteers.value ?? []).map((v) => [v.id, v.name]));
    const free = this.chosenSlot?.volunteerIds ?? [];
    return html`<h1 tabindex="-1">${this.t('nav.book')}</h1>
      <p>${this.t('book.intro')}</p>
      ${
        this.created
          ? html`<div class="success" id="created" tabindex="-1">
              <p>${this.t('book.created', { ref: this.created.reference })}</p>
              <p>${formatDateTime(this.created.start, this.tz, this.language)} · ${this.created.volunteer.name}</p>
              <p><a href=${href(`bookings/${this.created.id}`)}>${this.t('book.open_created')}</a></p>
            </div>`
          : nothing
      }
      ${
        errs.length || this.failure
          ? html`<div class="alert" id="summary" tabindex="-1" role="alert">
              <p><strong>${this.failure || this.t('common.fix_errors')}</strong></p>
              <ul>
                ${errs.map((k) => html`<li><a href="#" @click=${(e: Event) => this.focusField(e, k)}>${this.errors[k]}</a></li>`)}
              </ul>
            </div>`
          : nothing
      }
      <form novalidate @submit=${this.submit}>
        <fieldset aria-describedby=${this.errors.service ? 'service-error' : nothing}>
          <legend>${this.t('booking.service')}</legend>
          ${this.errors.service ? html`<p id="service-error" class="field-error">${this.errors.service}</p>` : nothing}
          ${this.services.map(
            (s, i) =>
              html`<div class="check">
                <input
                  type="radio"
                  name="service"
                  id=${i === 0 ? 'service' : `service-${s.id}`}
                  .checked=${f.service === s.id}
                  @change=${() => this.chooseService(s.id)}
                />
                <label for=${i === 0 ? 'service' : `service-${s.id}`}
                  >${s.names[this.language]}
                  <span class="hint">(${this.t('book.minutes', { n: s.durationMinutes })})</span></label
                >
              </div>`,
          )}
        </fieldset>
        ${
          svc
            ? html`<fieldset aria-describedby=${this.errors.mode ? 'mode-error' : nothing}>
                <legend>${this.t('booking.mode')}</legend>
                ${this.errors.mode ? html`<p id="mode-error" class="field-error">${this.errors.mode}</p>` : nothing}
                ${svc.modes.map(
                  (m, i) =>
                    html`<div class="check">
                      <input
                        type="radio"
                        name="mode"
                        id=${i === 0 ? 'mode' : `mode-${m}`}
                        .checked=${f.mode === m}
                        @change=${() => {
                          this.form = { ...this.form, mode: m, volunteerId: '' };
                          this.chosenSlot = null;
                        }}
                      />
                      <label for=${i === 0 ? 'mode' : `mode-${m}`}>${this.modeText(m)}</label>
                    </div>`,
                )}
              </fieldset>`
            : nothing
        }
        ${
          svc && f.mode
            ? html`<fieldset>
                <legend id="start">${this.t('book.when')}</legend>
                <admin-slot-picker
                  name="book"
                  .language=${this.language}
                  .service=${f.service}
                  .mode=${f.mode}
                  .timeZone=${this.tz}
                  .error=${this.errors.start ?? ''}
                  @slot-change=${(e: SlotChangeEvent) => {
                    this.chosenSlot = e.slot;
                    this.set('volunteerId', '');
                  }}
                ></admin-slot-picker>
                ${
                  free.length > 1
                    ? html`<div class="field">
                        <label for="volunteerId"
                          >${this.t('booking.volunteer')} <span class="hint">${this.t('common.optional')}</span></label
                        >
                        <select
                          id="volunteerId"
                          @change=${(e: Event) => this.set('volunteerId', (e.target as HTMLSelectElement).value)}
                        >
                          <option value="">${this.t('book.volunteer_any')}</option>
                          ${free.map((id) => html`<option value=${id} ?selected=${f.volunteerId === id}>${names.get(id) ?? id}</option>`)}
                        </select>
                      </div>`
                    : nothing
                }
              </fieldset>`
            : nothing
        }
        <fieldset>
          <legend>${this.t('book.person')}</legend>
          ${this.field('name', this.t('book.name'), { autocomplete: 'off' })}
          ${this.field('phone', this.t('book.phone'), { type: 'tel', inputmode: 'tel', hint: this.t('book.phone_hint') })}
          ${this.field('email', this.t('book.email'), { type: 'email', optional: true })}
          <div class="field">
            <label for="note">${this.t('book.note')} <span class="hint">${this.t('common.optional')}</span></label>
            <textarea
              id="note"
              maxlength="1000"
              .value=${f.note}
              @input=${(e: Event) => this.set('note', (e.target as HTMLTextAreaElement).value)}
            ></textarea>
          </div>
          <div class="field">
            <label for="language">${this.t('book.language')}</label>
            <select
              id="language"
              @change=${(e: Event) => this.set('language', (e.target as HTMLSelectElement).value as Lang)}
            >
              <option value="it" ?selected=${f.language === 'it'}>${this.t('language.it')}</option>
              <option value="en" ?selected=${f.language === 'en'}>${this.t('language.en')}</option>
            </select>
          </div>
          <div class="check">
            <input
              type="checkbox"
              id="accessibilityConsent"
              .checked=${f.accessibilityConsent}
              aria-invalid=${this.errors.accessibilityConsent ? 'true' : 'false'}
              aria-describedby=${this.errors.accessibilityConsent ? 'accessibilityConsent-error' : nothing}
              @change=${(e: Event) => this.set('accessibilityConsent', (e.target as HTMLInputElement).checked)}
            />
            <label for="accessibilityConsent">${this.t('book.accessibility_consent')}</label>
          </div>
          ${
            this.errors.accessibilityConsent
              ? html`<p id="accessibilityConsent-error" class="field-error">${this.errors.accessibilityConsent}</p>`
              : nothing
          }
          ${
            f.accessibilityConsent
              ? html`<div class="field">
                  <label for="accessibilityNeeds">${this.t('booking.accessibility')}</label>
                  <span id="accessibilityNeeds-hint" class="hint">${this.t('book.accessibility_hint')}</span>
                  <textarea
                    id="accessibilityNeeds"
                    maxlength="500"
                    aria-describedby="accessibilityNeeds-hint${this.errors.accessibilityNeeds ? ' accessibilityNeeds-error' : ''}"
                    .value=${f.accessibilityNeeds}
                    @input=${(e: Event) => this.set('accessibilityNeeds', (e.target as HTMLTextAreaElement).value)}
                  ></textarea>
                  ${
                    this.errors.accessibilityNeeds
                      ? html`<span id="accessibilityNeeds-error" class="field-error"
                          >${this.errors.accessibilityNeeds}</span
                        >`
                      : nothing
                  }
                </div>`
              : nothing
          }
        </fieldset>
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.t('book.submit')}</button>
      </form>`;
  }

  private focusField(e: Event, key: string): void {
    e.preventDefault();
    const el =
      key === 'start'
        ? this.renderRoot
            .querySelector<HTMLElement>('admin-slot-picker')
            ?.shadowRoot?.querySelector<HTMLElement>('select, input')
        : this.renderRoot.querySelector<HTMLElement>(`#${key}`);
    el?.focus();
  }
}

define('admin-book', AdminBook);
