/** Form pieces the details step and the waitlist step share: text fields, checkboxes, the error summary. */
import { html, nothing, type TemplateResult } from 'lit';
import type { MessageKey } from '../i18n';
import type { Translate } from './parts';

/** A form's values, its problems by field name (already translated) and how a field changes. */
export interface FormView<F> {
  tr: Translate;
  values: F;
  errors: Record<string, string>;
  set<K extends keyof F>(key: K, value: F[K]): void;
}

/** The names of a form's fields holding text (or booleans: checkboxes). */
type KeysOf<F, T> = { [K in keyof F]: F[K] extends T ? K : never }[keyof F] & string;

export interface TextOptions {
  /** 'tel' and 'email' are written left to right, in Arabic too. */
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  hint?: MessageKey;
  multiline?: boolean;
  /** Bounds of a date field. */
  min?: string;
  max?: string;
  /** A message found as the field is typed, shown instead of the form's own. */
  error?: string;
  /** The message is announced politely as it changes (with `extra` under it), never taking the focus. */
  live?: boolean;
  extra?: TemplateResult | typeof nothing;
  typed?(value: string): void;
  left?(value: string): void;
}

const describedBy = (key: string, hint: unknown, error: unknown) =>
  [hint && `${key}-hint`, error && `${key}-error`].filter(Boolean).join(' ') || nothing;

/** A field's message, with the id its field's aria-describedby names. */
export const errorLine = (tr: Translate, key: string, error: string | undefined) =>
  error ? html`<p class="err" id="${key}-error">${tr('error.prefix')} ${error}</p>` : nothing;

/** A labelled text field with its hint and message tied to it. */
export function textField<F>(
  v: FormView<F>,
  key: KeysOf<F, string>,
  label: MessageKey,
  required: boolean,
  opts: TextOptions = {},
): TemplateResult {
  const { tr } = v;
  const error = opts.error ?? v.errors[key];
  const invalid = error ? 'true' : 'false';
  const described = describedBy(key, opts.hint, error);
  const message = errorLine(tr, key, error);
  const value = v.values[key] as string;
  const onInput = (e: Event) => {
    const typed = (e.target as HTMLInputElement).value;
    v.set(key, typed as F[typeof key]);
    opts.typed?.(typed);
  };
  const onBlur = opts.left && ((e: Event) => opts.left?.((e.target as HTMLInputElement).value));
  return html`<div class="field ${error ? 'invalid' : ''}" part="field">
    <label for=${key}
      >${tr(label)} <span class="req">${tr(required ? 'field.required' : 'field.optional')}</span></label
    >
    ${opts.hint ? html`<p class="hint" id="${key}-hint">${tr(opts.hint)}</p>` : nothing}
    ${opts.live ? html`<div aria-live="polite">${message}${opts.extra ?? nothing}</div>` : message}
    ${
      opts.multiline
        ? html`<textarea
            id=${key}
            rows="3"
            maxlength="500"
            aria-invalid=${invalid}
            aria-describedby=${described}
            .value=${value}
            @input=${onInput}
          ></textarea>`
        : html`<input
            id=${key}
            type=${opts.type ?? 'text'}
            dir=${opts.type === 'tel' || opts.type === 'email' ? 'ltr' : nothing}
            autocomplete=${opts.autocomplete ?? 'off'}
            inputmode=${opts.inputmode ?? nothing}
            min=${opts.min ?? nothing}
            max=${opts.max ?? nothing}
            aria-required=${required ? 'true' : 'false'}
            aria-invalid=${invalid}
            aria-describedby=${described}
            .value=${value}
            @input=${onInput}
            @blur=${onBlur}
          />`
    }
  </div>`;
}

/** A checkbox with its label beside it, its message above and its hint below. */
export function checkbox<F>(
  v: FormView<F>,
  key: KeysOf<F, boolean>,
  label: MessageKey,
  required: boolean,
  hint?: MessageKey,
): TemplateResult {
  const { tr } = v;
  const error = v.errors[key];
  return html`<div class="field ${error ? 'invalid' : ''}" part="field">
    ${errorLine(tr, key, error)}
    <div class="check">
      <input
        type="checkbox"
        id=${key}
        aria-required=${required ? 'true' : 'false'}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy(key, hint, error)}
        .checked=${v.values[key] as boolean}
        @change=${(e: Event) => v.set(key, (e.target as HTMLInputElement).checked as F[typeof key])}
      />
      <label for=${key}
        >${tr(label)}${required ? html` <span class="req">${tr('field.required')}</span>` : nothing}</label
      >
    </div>
    ${hint ? html`<p class="hint" id="${key}-hint">${tr(hint)}</p>` : nothing}
  </div>`;
}

/**
 * The error summary: every problem in form `order`, each a link to its field (`target` names the element to
 * focus when it is not the field's own id).
 */
export function errorSummary(
  v: { tr: Translate; errors: Record<string, string> },
  order: readonly string[],
  target: (field: string) => string = (field) => field,
): TemplateResult | typeof nothing {
  const rank = (f: string) => order.indexOf(f) + 1 || 99;
  const entries = Object.entries(v.errors).sort(([a], [b]) => rank(a) - rank(b));
  if (!entries.length) return nothing;
  const focus = (e: Event, field: string) => {
    e.preventDefault();
    const root = (e.currentTarget as Element).getRootNode() as ParentNode;
    root.querySelector<HTMLElement>(`#${target(field)}`)?.focus();
  };
  return html`<div class="summary" part="error-summary" tabindex="-1" aria-labelledby="summary-heading">
    <h3 id="summary-heading">${v.tr('error.summary_heading')}</h3>
    <ul>
      ${entries.map(
        ([field, message]) =>
          html`<li>
            ${order.includes(field) ? html`<a href="#${field}" @click=${(e: Event) => focus(e, field)}>${message}</a>` : message}
          </li>`,
      )}
    </ul>
  </div>`;
}
