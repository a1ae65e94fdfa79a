import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import {
  createBooking,
  volunteerChoices,
  type BookingDetail,
  type Language,
  type Mode,
  type NewBooking,
  type StaffSlot,
} from '../api';
import { REMINDER_PLANS, type ReminderPlan } from '../../../worker/src/domain/vocabulary';

type PhoneKind = NonNullable<NewBooking['phoneKind']>;
const PHONE_KINDS: readonly PhoneKind[] = ['mobile', 'landline', 'none'];
import { modeRadios, serviceRadios, slotFieldset } from '../components/booking-fields';
import { formatDateTime } from '../format';
import { radioGroup } from '../components/radio-group';
import { PageElement } from '../page-element';
import { href } from '../links';
import './admin-follow-up';

interface Form {
  service: string;
  mode: Mode | '';
  volunteerId: string;
  name: string;
  /** Whether the person has a mobile (texted), only a landline or no phone (both: reception calls to remind). */
  phoneKind: PhoneKind;
  phone: string;
  email: string;
  note: string;
  /** The language of the person's texts and pages. */
  language: Language;
  /** Which reminders the person gets (issue 14). */
  reminderPlan: ReminderPlan;
  accessibilityConsent: boolean;
  accessibilityNeeds: string;
}

const EMPTY: Form = {
  service: '',
  mode: '',
  volunteerId: '',
  name: '',
  phoneKind: 'mobile',
  phone: '',
  email: '',
  note: '',
  language: 'it',
  reminderPlan: 'standard',
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
  'phoneKind',
  'phone',
  'email',
  'note',
  'language',
  'reminderPlan',
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
  @state() private created: BookingDetail | null = null;

  private volunteers = new Task(this, {
    task: ([role], { signal }) => volunteerChoices(role, signal),
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
    if (f.phoneKind !== 'none' && !f.phone.trim())
      errors.phone = this.t(f.phoneKind === 'mobile' ? 'book.phone_missing' : 'book.landline_missing');
    if (f.accessibilityNeeds.trim() && !f.accessibilityConsent)
      errors.accessibilityConsent = this.t('book.accessibility_consent_missing');
    if (await this.refused(errors)) return;
    const body: NewBooking = {
      service: f.service,
      mode: f.mode as Mode,
      start: this.chosenSlot!.start,
      name: f.name.trim(),
      phoneKind: f.phoneKind,
      language: f.language,
      consent: true,
    };
    if (f.reminderPlan !== 'standard') body.reminderPlan = f.reminderPlan;
    if (f.phoneKind !== 'none') body.phone = f.phone.trim();
    if (f.email.trim()) body.email = f.email.trim();
    if (f.note.trim()) body.note = f.note.trim();
    if (f.accessibilityNeeds.trim()) {
      body.accessibilityNeeds = f.accessibilityNeeds.trim();
      body.accessibilityConsent = true;
    }
    if (f.volunteerId) body.volunteerId = f.volunteerId;
    await this.attempt(async () => {
      try {
        this.created = await createBooking(body);
      } catch (err) {
        throw this.asSlotError(err);
      }
      this.form = { ...EMPTY };
      this.chosenSlot = null;
      this.announce(this.t('book.created', { ref: this.created.reference }));
      this.dataChanged();
      await this.focusId('created');
    });
  }

  private field(
    id: 'name' | 'phone' | 'email',
    label: string,
    opts: { type?: string; autocomplete?: string; hint?: string; optional?: boolean; inputmode?: string } = {},
  ) {
    return this.input({
      id,
      label,
      ...opts,
      value: this.form[id],
      error: this.errors[id],
      onInput: (v) => this.set(id, v),
    });
  }

  /** Mobile, landline or none (a radio group), then the number unless there is none. */
  private phoneFields() {
    const kind = this.form.phoneKind;
    return html`${radioGroup({
      name: 'phoneKind',
      legend: this.t('book.phone_kind'),
      errorId: 'phoneKind-error',
      error: this.errors.phoneKind,
      choices: PHONE_KINDS.map((k, i) => ({
        id: i === 0 ? 'phoneKind' : `phoneKind-${k}`,
        value: k,
        checked: kind === k,
        label: this.t(`book.phone_kind_${k}`),
      })),
      onChoose: (i) => {
        this.form = { ...this.form, phoneKind: PHONE_KINDS[i]! };
        if (this.errors.phone) this.errors = { ...this.errors, phone: '' };
      },
      hint: kind === 'mobile' ? undefined : { id: 'phoneKind-hint', text: this.t('book.no_sms_hint') },
    })}
    ${
      kind === 'none'
        ? nothing
        : kind === 'mobile'
          ? this.field('phone', this.t('book.phone'), {
              type: 'tel',
              inputmode: 'tel',
              hint: this.t('book.phone_hint'),
            })
          : this.field('phone', this.t('book.landline'), {
              type: 'tel',
              inputmode: 'tel',
              hint: this.t('book.landline_hint'),
            })
    }`;
  }

  /** The booking a follow-up continues (`#/book?followUp=<id>`), if this is one. */
  private get followUpOf(): string {
    return this.route?.query.get('followUp') ?? '';
  }

  protected override render() {
    if (this.followUpOf)
      return html`<h1 tabindex="-1">${this.t('followup.heading')}</h1>
        <admin-follow-up
          .source=${this.followUpOf}
          .language=${this.language}
          .user=${this.user}
          .desk=${this.desk}
          .route=${this.route}
        ></admin-follow-up>`;
    const f = this.form;
    const svc = this.services.find((s) => s.id === f.service);
    const free = this.chosenSlot?.volunteerIds ?? [];
    return html`<h1 tabindex="-1">${this.t('nav.book')}</h1>
      <p>${this.t('book.intro')}</p>
      ${
        this.created
          ? html`<div class="success" id="created" tabindex="-1">
              <p>${this.t('book.created', { ref: this.created.reference })}</p>
              <p>${formatDateTime(this.created.start, this.tz, this.language)} · ${this.created.volunteer.name}</p>
              ${this.created.phoneKind === 'mobile' ? nothing : html`<p>${this.noSmsMarker(this.created.phoneKind)}</p>`}
              <p><a href=${href(`bookings/${this.created.id}`)}>${this.t('book.open_created')}</a></p>
            </div>`
          : nothing
      }
      ${this.errorSummary('summary', this.failure, this.errors, ORDER, this.slotPickerTarget)}
      <form novalidate @submit=${this.submit}>
        ${serviceRadios({
          services: this.services,
          chosen: f.service,
          language: this.language,
          legend: this.t('booking.service'),
          error: this.errors.service,
          detail: (s) => html`<span class="hint">(${this.t('book.minutes', { n: s.durationMinutes })})</span>`,
          onChoose: (s) => this.chooseService(s.id),
        })}
        ${
          svc
            ? modeRadios({
                modes: svc.modes,
                chosen: f.mode,
                legend: this.t('booking.mode'),
                error: this.errors.mode,
                text: (m) => this.modeText(m),
                onChoose: (mode) => {
                  this.form = { ...this.form, mode, volunteerId: '' };
                  this.chosenSlot = null;
                },
              })
            : nothing
        }
        ${
          svc && f.mode
            ? slotFieldset({
                name: 'book',
                legend: this.t('book.when'),
                language: this.language,
                service: f.service,
                mode: f.mode,
                timeZone: this.tz,
                error: this.errors.start ?? '',
                onSlot: (slot) => {
                  this.chosenSlot = slot;
                  this.set('volunteerId', '');
                },
                after: this.freeVolunteerSelect(free, this.volunteers.value, f.volunteerId, (v) =>
                  this.set('volunteerId', v),
                ),
              })
            : nothing
        }
        <fieldset>
          <legend>${this.t('book.person')}</legend>
          ${this.field('name', this.t('book.name'), { autocomplete: 'off' })} ${this.phoneFields()}
          ${this.field('email', this.t('book.email'), { type: 'email', optional: true })}
          ${this.input({ id: 'note', label: this.t('book.note'), multiline: true, optional: true, maxlength: 1000, value: f.note, onInput: (v) => this.set('note', v) })}
          ${this.select({
            id: 'language',
            label: this.t('book.language'),
            hint: this.t('book.language_hint'),
            value: f.language,
            options: this.bookingLanguageOptions(),
            onChange: (v) => this.set('language', v as Language),
          })}
          ${this.select({
            id: 'reminderPlan',
            label: this.t('book.reminder_plan'),
            hint: this.t('book.reminder_plan_hint'),
            value: f.reminderPlan,
            options: REMINDER_PLANS.map((p) => [p, this.t(`plan.${p}`)] as const),
            onChange: (v) => this.set('reminderPlan', v as ReminderPlan),
          })}
          ${this.checkbox({
            id: 'accessibilityConsent',
            label: this.t('book.accessibility_consent'),
            checked: f.accessibilityConsent,
            error: this.errors.accessibilityConsent,
            onChange: (c) => this.set('accessibilityConsent', c),
          })}
          ${
            f.accessibilityConsent
              ? this.input({
                  id: 'accessibilityNeeds',
                  label: this.t('booking.accessibility'),
                  hint: this.t('book.accessibility_hint'),
                  multiline: true,
                  maxlength: 500,
                  value: f.accessibilityNeeds,
                  error: this.errors.accessibilityNeeds,
                  onInput: (v) => this.set('accessibilityNeeds', v),
                })
              : nothing
          }
        </fieldset>
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.t('book.submit')}</button>
      </form>`;
  }
}
