import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';
import { t } from '../i18n';
import { define } from '../define';
import { LightElement } from './light-element';

/** What a field shows: its control (`type`; 'multiline', 'select' and 'checkbox' are special) and words. */
export interface FieldOptions {
  id: string;
  label: string;
  value?: string | number | null;
  checked?: boolean;
  error?: string;
  hint?: string;
  type?: string;
  inputmode?: string;
  autocomplete?: string;
  min?: string | number;
  max?: string | number;
  step?: string | number;
  maxlength?: number;
  optional?: boolean;
  disabled?: boolean;
  readonly?: boolean;
  required?: boolean;
  /** The control's name (a browser's password manager looks for it). */
  name?: string;
  multiline?: boolean;
  /** The language of the text typed in (a name in Arabic in an Italian portal), and its direction. */
  lang?: string;
  dir?: 'ltr' | 'rtl';
  /** A select's choices: [value, label]. */
  options?: readonly (readonly [string, string])[];
}

/** The value of a field after the person changed it (text, the chosen option, or 'on'/'' for a checkbox). */
export class FieldInputEvent extends Event {
  static readonly type = 'admin-field-input';
  /** The text, or the chosen option. */
  readonly value: string;
  /** A checkbox's state (false for the other controls). */
  readonly checked: boolean;

  constructor(control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement) {
    super(FieldInputEvent.type, { bubbles: true, composed: true });
    this.value = control.value;
    this.checked = control instanceof HTMLInputElement && control.checked;
  }
}

/**
 * A labelled control (input, textarea, select or checkbox) with its hint and its error tied to it through
 * aria-describedby and aria-invalid. In the light DOM, so the label, the control and the error summary's
 * links are in the page's root.
 *
 * @event admin-field-input - FieldInputEvent on each input (text) or change (select, checkbox).
 */
export class AdminField extends LightElement {
  /** The field's options. */
  @property({ attribute: false }) field: FieldOptions = { id: '', label: '' };

  private emit(e: Event): void {
    // The control's own event stays inside: the page hears one event, with the value, from the field.
    e.stopPropagation();
    this.dispatchEvent(new FieldInputEvent(e.target as HTMLInputElement));
  }

  protected override render() {
    const o = this.field;
    const hintId = o.hint ? `${o.id}-hint` : '';
    const errorId = o.error ? `${o.id}-error` : '';
    // What every control carries: its id, and the ARIA that ties it to its hint and its error.
    const tied = tiedTo({
      id: o.id,
      disabled: o.disabled ?? false,
      invalid: Boolean(o.error),
      describedBy: [hintId, errorId].filter(Boolean).join(' '),
    });
    if (o.type === 'checkbox') {
      return html`<div class="check">
          <input type="checkbox" ${tied} .checked=${o.checked ?? false} @change=${this.emit} />
          <label for=${o.id}>${o.label}</label>
        </div>
        ${o.hint ? html`<p id=${hintId} class="hint">${o.hint}</p>` : nothing}
        ${o.error ? html`<p id=${errorId} class="field-error">${o.error}</p>` : nothing}`;
    }
    const value = o.value === null || o.value === undefined ? '' : String(o.value);
    let control;
    if (o.type === 'select') {
      control = html`<select ${tied} @change=${this.emit}>
        ${(o.options ?? []).map(([v, label]) => html`<option value=${v} ?selected=${v === value}>${label}</option>`)}
      </select>`;
    } else if (o.multiline) {
      control = html`<textarea
        ${tied}
        ?required=${o.required ?? false}
        maxlength=${o.maxlength ?? nothing}
        lang=${o.lang ?? nothing}
        dir=${o.dir ?? nothing}
        .value=${value}
        @input=${this.emit}
      ></textarea>`;
    } else {
      control = html`<input
        ${tied}
        type=${o.type ?? 'text'}
        inputmode=${o.inputmode ?? nothing}
        autocomplete=${o.autocomplete ?? 'off'}
        min=${o.min ?? nothing}
        max=${o.max ?? nothing}
        step=${o.step ?? nothing}
        maxlength=${o.maxlength ?? nothing}
        ?readonly=${o.readonly ?? false}
        ?required=${o.required ?? false}
        name=${o.name ?? nothing}
        lang=${o.lang ?? nothing}
        dir=${o.dir ?? nothing}
        .value=${value}
        @input=${this.emit}
      />`;
    }
    return html`<div class="field">
      <label for=${o.id}
        >${o.label}${o.optional ? html` <span class="hint">${t(this.language, 'common.optional')}</span>` : nothing}</label
      >
      ${o.hint ? html`<span id=${hintId} class="hint">${o.hint}</span>` : nothing} ${control}
      ${o.error ? html`<span id=${errorId} class="field-error">${o.error}</span>` : nothing}
    </div>`;
  }
}

interface Tie {
  id: string;
  disabled: boolean;
  invalid: boolean;
  /** Ids of the hint and the error, space-separated; '' for none. */
  describedBy: string;
}

/** Gives a control its id, its disabled state, aria-invalid and aria-describedby (one place for all four kinds). */
class TiedTo extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('tiedTo() goes on a form control');
  }

  render(_tie: Tie) {
    return nothing;
  }

  override update(part: ElementPart, [tie]: [Tie]) {
    const el = part.element;
    el.id = tie.id;
    el.toggleAttribute('disabled', tie.disabled);
    el.setAttribute('aria-invalid', tie.invalid ? 'true' : 'false');
    if (tie.describedBy) el.setAttribute('aria-describedby', tie.describedBy);
    else el.removeAttribute('aria-describedby');
    return nothing;
  }
}
const tiedTo = directive(TiedTo);

declare global {
  interface HTMLElementEventMap {
    'admin-field-input': FieldInputEvent;
  }
}

define('admin-field', AdminField);
