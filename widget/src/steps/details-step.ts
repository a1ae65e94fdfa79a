import { html, nothing, type TemplateResult } from 'lit';
import { FIELD_ORDER, type Details } from '../booking-form';
import type { PhoneProblem } from '../phone-check-controller';
import { checkbox, errorLine, errorSummary, textField, type FormView } from './fields';
import { longFits, type LongQuery } from './long-check';
import { alertBox, callLine, httpUrl, nav, type StepView } from './parts';

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
  /** The chosen time, to ask whether a longer appointment fits it, and how to show the answer when it comes. */
  long: LongQuery;
  redraw(): void;
}

/** Where Turnstile renders its challenge (managed mode: most people only see it pass by itself). */
export function turnstileField(
  v: StepView & { errors: Record<string, string>; turnstileLoadFailed: boolean; retryTurnstile(): void },
): TemplateResult | typeof nothing {
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

/**
 * The needs asked with the accessibility consent: what the person needs, an interpreter's language, and a longer
 * appointment where the chosen time has room for it (asked of the server once the consent is ticked).
 */
function needsFields(v: DetailsStepView, f: FormView<Details>): TemplateResult {
  const d = v.details;
  const n: FormView<Required<Details>> = {
    ...f,
    values: { ...d, interpreterLanguage: d.interpreterLanguage ?? '', longAppointment: d.longAppointment ?? false },
  };
  return html`${textField(f, 'accessibilityNeeds', 'field.accessibility_needs', false, {
      hint: 'field.accessibility_needs_hint',
      multiline: true,
    })}
    ${textField(n, 'interpreterLanguage', 'field.interpreter_language', false, { hint: 'field.interpreter_language_hint' })}
    <div aria-live="polite">
      ${
        longFits(v.long, v.redraw)
          ? checkbox(n, 'longAppointment', 'field.long_appointment', false, 'field.long_appointment_hint')
          : nothing
      }
    </div>`;
}

/** Step "details": name, mobile, optional e-mail and note, needs (own consent), consent. */
export function detailsStep(v: DetailsStepView): TemplateResult {
  const { tr, phoneProblem: problem } = v;
  const privacy = httpUrl(v.desk.privacyUrl);
  const f: FormView<Details> = { tr, values: v.details, errors: v.errors, set: v.set };
  // The needs box is hidden until its consent is ticked: the summary's link then leads to the consent.
  const hidden = ['accessibilityNeeds', 'interpreterLanguage', 'longAppointment'];
  const target = (field: string) =>
    hidden.includes(field) && !v.details.accessibilityConsent ? 'accessibilityConsent' : field;
  return html`${errorSummary(v, FIELD_ORDER, target)}
    <form
      novalidate
      @submit=${(e: Event) => {
        e.preventDefault();
        v.submit();
      }}
    >
      ${textField(f, 'name', 'field.name', true, { autocomplete: 'name' })}
      ${textField(f, 'phone', 'field.phone', true, {
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
      ${textField(f, 'email', 'field.email', false, { type: 'email', autocomplete: 'email' })}
      ${textField(f, 'note', 'field.note', false, { hint: 'field.note_hint', multiline: true })}
      ${checkbox(f, 'accessibilityConsent', 'field.accessibility_consent', false, 'field.accessibility_consent_hint')}
      ${v.details.accessibilityConsent ? needsFields(v, f) : nothing}
      ${checkbox(f, 'morningReminder', 'field.morning_reminder', false, 'field.morning_reminder_hint')}
      ${
        privacy
          ? html`<p>
              <a href=${privacy} target="_blank" rel="noopener">${tr('field.privacy_link')} ${tr('link.new_window')}</a>
            </p>`
          : nothing
      }
      ${checkbox(f, 'consent', 'field.consent', true)} ${turnstileField(v)} ${nav(v, undefined, true)}
    </form>`;
}
