import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { BookingDetail, NeedsChange } from '../api';
import { define } from '../define';
import { t, type Lang, type MessageKey } from '../i18n';
import { FieldInputEvent } from './admin-field';
import { LightElement } from './light-element';
import './admin-field';

/** What the desk asks to change: the needs form's values as the API takes them. */
export class NeedsSubmitEvent extends Event {
  static readonly type = 'needs-submit';
  constructor(readonly change: NeedsChange) {
    super(NeedsSubmitEvent.type, { bubbles: true, composed: true });
  }
}

/** The needs a booking JSON may carry (only where the role may read them). */
interface Needs {
  accessibilityNeeds?: string | null;
  interpreterLanguage?: string | null;
  longAppointment?: boolean;
}

/**
 * The needs of a day list row in words: what the person needs, an interpreter's language, a longer appointment.
 * Empty when there are none.
 */
export function needsText(b: Needs, lang: Lang): string {
  return [
    b.accessibilityNeeds,
    b.interpreterLanguage && t(lang, 'needs.day_list_interpreter', { language: b.interpreterLanguage }),
    b.longAppointment && t(lang, 'needs.long'),
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * A booking's needs that change the appointment (an interpreter, a longer appointment), and for the desk
 * (`editable`) a form to change them with the accessibility needs. The page saves (it knows how to report
 * the outcome): the form only says what to save.
 *
 * @event needs-submit - NeedsSubmitEvent with the change the form asks for.
 */
export class AdminBookingNeeds extends LightElement {
  @property({ attribute: false }) booking: BookingDetail | null = null;
  /** The desk may change the needs (admin, reception). */
  @property({ type: Boolean }) editable = false;
  /** A call is under way: the save button waits. */
  @property({ type: Boolean }) busy = false;

  @state() private open = false;
  @state() private draft: Required<Omit<NeedsChange, 'accessibilityNeeds' | 'interpreterLanguage'>> & {
    accessibilityNeeds: string;
    interpreterLanguage: string;
  } = { accessibilityNeeds: '', interpreterLanguage: '', longAppointment: false, accessibilityConsent: false };

  private tr(key: MessageKey): string {
    return t(this.language, key);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A saved change comes back as a new booking: the form has done its work.
    if (changed.has('booking') && changed.get('booking')) this.open = false;
  }

  private get needs(): Needs {
    return (this.booking ?? {}) as Needs;
  }

  /** Whether the booking keeps any need now (then the person's consent is already on record). */
  private get keepsAny(): boolean {
    const n = this.needs;
    return !!(n.accessibilityNeeds || n.interpreterLanguage || n.longAppointment);
  }

  private async show(open: boolean): Promise<void> {
    const n = this.needs;
    this.draft = {
      accessibilityNeeds: n.accessibilityNeeds ?? '',
      interpreterLanguage: n.interpreterLanguage ?? '',
      longAppointment: n.longAppointment ?? false,
      accessibilityConsent: false,
    };
    this.open = open;
    await this.updateComplete;
    this.querySelector<HTMLElement>(open ? '#needs-text' : '#open-needs')?.focus();
  }

  private submit(e: Event): void {
    e.preventDefault();
    const d = this.draft;
    const change: NeedsChange = {
      accessibilityNeeds: d.accessibilityNeeds.trim() || null,
      interpreterLanguage: d.interpreterLanguage.trim() || null,
      longAppointment: d.longAppointment,
    };
    if (d.accessibilityConsent) change.accessibilityConsent = true;
    this.dispatchEvent(new NeedsSubmitEvent(change));
  }

  /** A field's input into the draft: the text, or a checkbox's state. */
  private text(key: 'accessibilityNeeds' | 'interpreterLanguage') {
    return (e: FieldInputEvent) => (this.draft = { ...this.draft, [key]: e.value });
  }

  private check(key: 'longAppointment' | 'accessibilityConsent') {
    return (e: FieldInputEvent) => (this.draft = { ...this.draft, [key]: e.checked });
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.booking) return nothing;
    const n = this.needs;
    return html`<section aria-labelledby="needs-h">
      <h2 id="needs-h">${this.tr('needs.heading')}</h2>
      <dl class="facts">
        <dt>${this.tr('needs.interpreter')}</dt>
        <dd>${n.interpreterLanguage ? html`<bdi>${n.interpreterLanguage}</bdi>` : this.tr('needs.none')}</dd>
        <dt>${this.tr('needs.long')}</dt>
        <dd>${this.tr(n.longAppointment ? 'needs.long_yes' : 'needs.long_no')}</dd>
      </dl>
      ${
        this.editable && !this.open
          ? html`<button type="button" id="open-needs" @click=${() => void this.show(true)}>
              ${this.tr('needs.edit')}
            </button>`
          : nothing
      }
      ${this.open ? this.form() : nothing}
    </section>`;
  }

  private form(): TemplateResult {
    const d = this.draft;
    return html`<form class="card" novalidate aria-labelledby="needs-form-h" @submit=${(e: Event) => this.submit(e)}>
      <h3 id="needs-form-h">${this.tr('needs.form_heading')}</h3>
      <admin-field
        .language=${this.language}
        .field=${{ id: 'needs-text', label: this.tr('booking.accessibility'), value: d.accessibilityNeeds, multiline: true, maxlength: 500, optional: true }}
        @admin-field-input=${this.text('accessibilityNeeds')}
      ></admin-field>
      <admin-field
        .language=${this.language}
        .field=${{ id: 'needs-interpreter', label: this.tr('needs.interpreter_label'), hint: this.tr('needs.interpreter_hint'), value: d.interpreterLanguage, maxlength: 40, optional: true }}
        @admin-field-input=${this.text('interpreterLanguage')}
      ></admin-field>
      <admin-field
        .language=${this.language}
        .field=${{ id: 'needs-long', type: 'checkbox', label: this.tr('needs.long_label'), hint: this.tr('needs.long_hint'), checked: d.longAppointment }}
        @admin-field-input=${this.check('longAppointment')}
      ></admin-field>
      ${
        this.keepsAny
          ? nothing
          : html`<admin-field
              .language=${this.language}
              .field=${{ id: 'needs-consent', type: 'checkbox', label: this.tr('needs.consent_label'), hint: this.tr('needs.consent_hint'), checked: d.accessibilityConsent }}
              @admin-field-input=${this.check('accessibilityConsent')}
            ></admin-field>`
      }
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.tr('needs.submit')}</button>
        <button type="button" @click=${() => void this.show(false)}>${this.tr('common.cancel')}</button>
      </div>
    </form>`;
  }
}

define('admin-booking-needs', AdminBookingNeeds);
