import { html, nothing, type TemplateResult } from 'lit';
import type { Mode, Service, Slot } from '../api';
import type { Details } from '../booking-form';
import type { MessageKey } from '../i18n';
import { longKnownToFit } from './long-check';
import { button, tzLabel, when, type StepView } from './parts';

export interface ReviewStepView extends StepView {
  service?: Service;
  /** The chosen service's id (whether a longer appointment fits is known by it). */
  serviceId?: string;
  mode?: Mode;
  slot?: Slot;
  details: Details;
  /** The request is on its way: the button stays focusable but does nothing. */
  sending: boolean;
  submit(): void;
}

/** Step "review": everything the person chose and typed, and the button that sends the request. */
export function reviewStep(v: ReviewStepView): TemplateResult {
  const { lang, tr, details: d, mode, slot } = v;
  // What the person typed keeps its own direction (an Arabic name in Italian, a phone number in Arabic).
  const rows: [MessageKey, string, dir?: 'ltr'][] = [
    ['review.service', v.service?.names[lang] ?? ''],
    ['review.mode', mode ? tr(`mode.${mode}`) : ''],
    ['review.when', slot ? when(v, slot.start) : ''],
    ['field.name', d.name.trim()],
    ['field.phone', d.phone.trim(), 'ltr'],
    ['field.email', d.email.trim(), 'ltr'],
    ['field.note', d.note.trim()],
    ['review.accessibility', d.accessibilityConsent ? d.accessibilityNeeds.trim() : ''],
    ['review.interpreter', d.accessibilityConsent ? (d.interpreterLanguage?.trim() ?? '') : ''],
    [
      'review.long_appointment',
      d.accessibilityConsent && d.longAppointment && longKnownToFit({ service: v.serviceId, mode, slot })
        ? tr('review.long_yes')
        : '',
    ],
  ];
  return html`<dl>
      ${rows.map(([key, value, dir]) =>
        value
          ? html`<dt>${tr(key)}</dt>
              <dd><bdi dir=${dir ?? nothing}>${value}</bdi></dd>`
          : nothing,
      )}
    </dl>
    ${slot ? tzLabel(v, slot.start) : nothing}
    <div class="nav">
      ${v.back ? button(tr, 'action.back', v.back, 'back') : nothing}
      <button
        type="button"
        part="button primary"
        class="primary"
        aria-disabled=${v.sending ? 'true' : 'false'}
        @click=${v.submit}
      >
        ${tr('action.submit')}
      </button>
    </div>
    ${v.sending ? html`<p>${tr('status.sending')}</p>` : nothing}`;
}
