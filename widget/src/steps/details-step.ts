import { html, nothing, type TemplateResult } from 'lit';
import { FIELD_ORDER, type Details, type TextField } from '../booking-form';
import type { MessageKey } from '../i18n';
import type { PhoneProblem } from '../phone-check-controller';
import { alertBox, callLine, httpUrl, nav, type StepView, type Translate } from './parts';

export interface DetailsStepView extends StepView {
  details: Details;
  /** Problems by field name (and `turnstile`), already translated. */
  errors: Record<string, string>;
  set<K extends keyof Details>(key: K, value: Details[K]): void;
  /** What the check as it is typed found wrong with the number (it outranks an older message). */
  phoneProblem?: PhoneProblem;
  phoneTyped(phone: string): void;
  phoneLeft(phone: string): void;
  /** The form was sent ("Next"). */
  submit(): void;
  /** Turnstile's script could not be loaded, and how to try again. */
  turnstileLoadFailed: boolean;
  retryTurnstile(): void;
}

interface TextOptions {
  /** 'tel' and 'email' are written left to right, in Arabic too. */
  type?: string;
  autocomplete?: string;
  inputmode?: string;
  hint?: MessageKey;
  multiline?: boolean;
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

const errorLine = (tr: Translate, key: string, error: string | undefined) =>
  error ? html`<p class="err" id="${key}-error">${tr('error.prefix')} ${error}</p>` : nothing;

function textField(
  v: DetailsStepView,
  key: TextField,
  label: MessageKey,
  required: boolean,
  opts: TextOptions = {},
): TemplateResult {
  const { tr } = v;
  const error = opts.error ?? v.errors[key];
  const invalid = error ? 'true' : 'false';
  const described = describedBy(key, opts.hint, error);
  const message = errorLine(tr, key, error);
  const onInput = (e: Event) => {
    const value = (e.target as HTMLInputElement).value;
    v.set(key, value);
    opts.typed?.(value);
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
            .value=${v.details[key]}
            @input=${onInput}
          ></textarea>`
        : html`<input
            id=${key}
            type=${opts.type ?? 'text'}
            dir=${opts.type === 'tel' || opts.type === 'email' ? 'ltr' : nothing}
            autocomplete=${opts.autocomplete ?? 'off'}
            inputmode=${opts.inputmode ?? nothing}
            aria-required=${required ? 'true' : 'false'}
            aria-invalid=${invalid}
            aria-describedby=${described}
            .value=${v.details[key]}
            @input=${onInput}
            @blur=${onBlur}
          />`
    }
  </div>`;
}

function checkbox(
  v: DetailsStepView,
  key: 'consent' | 'accessibilityConsent' | 'morningReminder',
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
        .checked=${v.details[key]}
        @change=${(e: Event) => v.set(key, (e.target as HTMLInputElement).checked)}
      />
      <label for=${key}
        >${tr(label)}${required ? html` <span class="req">${tr('field.required')}</span>` : nothing}</label
      >
    </div>
    ${hint ? html`<p class="hint" id="${key}-hint">${tr(hint)}</p>` : nothing}
  </div>`;
}

/** Moves focus to a field named in the error summary (the needs box is hidden until its consent is ticked). */
function focusField(e: Event, field: string, d: Details): void {
  e.preventDefault();
  const id = field === 'accessibilityNeeds' && !d.accessibilityConsent ? 'accessibilityConsent' : field;
  const root = (e.currentTarget as Element).getRootNode() as ParentNode;
  root.querySelector<HTMLElement>(`#${id}`)?.focus();
}

/** The error summary: every problem in form order, each a link to its field. */
function errorSummary(v: DetailsStepView): TemplateResult | typeof nothing {
  const rank = (f: string) => FIELD_ORDER.indexOf(f) + 1 || 99;
  const entries = Object.entries(v.errors).sort(([a], [b]) => rank(a) - rank(b));
  if (!entries.length) return nothing;
  return html`<div class="summary" part="error-summary" tabindex="-1" aria-labelledby="summary-heading">
    <h3 id="summary-heading">${v.tr('error.summary_heading')}</h3>
    <ul>
      ${entries.map(
        ([field, message]) =>
          html`<li>
            ${
              FIELD_ORDER.includes(field)
                ? html`<a href="#${field}" @click=${(e: Event) => focusField(e, field, v.details)}>${message}</a>`
                : message
            }
          </li>`,
      )}
    </ul>
  </div>`;
}

/** Where Turnstile renders its challenge (managed mode: most people only see it pass by itself). */
function turnstileField(v: DetailsStepView): TemplateResult | typeof nothing {
  if (!v.desk.turnstile) return nothing;
  const { tr } = v;
  const error = v.errors.turnstile;
  return html`<div class="field ${error ? 'invalid' : ''}" part="field">
    ${
      v.turnstileLoadFailed
        ? alertBox(tr, { text: tr('error.captcha_load'), retry: v.retryTurnstile })
        : errorLine(tr, 'turnstile', error)
    }
    <div id="turnstile" tabindex="-1"></div>
  </div>`;
}

/** Step "details": name, mobile, optional e-mail and note, accessibility needs (own consent), consent. */
export function detailsStep(v: DetailsStepView): TemplateResult {
  const { tr, phoneProblem: problem } = v;
  const privacy = httpUrl(v.desk.privacyUrl);
  return html`${errorSummary(v)}
    <form
      novalidate
      @submit=${(e: Event) => {
        e.preventDefault();
        v.submit();
      }}
    >
      ${textField(v, 'name', 'field.name', true, { autocomplete: 'name' })}
      ${textField(v, 'phone', 'field.phone', true, {
        type: 'tel',
        autocomplete: 'tel',
        inputmode: 'tel',
        hint: 'field.phone_hint',
        error: problem && tr(`error.${problem}`),
        live: true,
        // No mobile, or one the desk cannot text: the desk's phone, right where the person is stuck.
        extra:
          problem === 'phone_landline'
            ? callLine(tr, v.desk.phone, 'call.no_mobile')
            : problem === 'phone_country'
              ? callLine(tr, v.desk.phone)
              : nothing,
        typed: v.phoneTyped,
        left: v.phoneLeft,
      })}
      ${textField(v, 'email', 'field.email', false, { type: 'email', autocomplete: 'email' })}
      ${textField(v, 'note', 'field.note', false, { hint: 'field.note_hint', multiline: true })}
      ${checkbox(v, 'accessibilityConsent', 'field.accessibility_consent', false, 'field.accessibility_consent_hint')}
      ${
        v.details.accessibilityConsent
          ? textField(v, 'accessibilityNeeds', 'field.accessibility_needs', false, {
              hint: 'field.accessibility_needs_hint',
              multiline: true,
            })
          : nothing
      }
      ${checkbox(v, 'morningReminder', 'field.morning_reminder', false, 'field.morning_reminder_hint')}
      ${
        privacy
          ? html`<p>
              <a href=${privacy} target="_blank" rel="noopener">${tr('field.privacy_link')} ${tr('link.new_window')}</a>
            </p>`
          : nothing
      }
      ${checkbox(v, 'consent', 'field.consent', true)} ${turnstileField(v)} ${nav(v, undefined, true)}
    </form>`;
}
