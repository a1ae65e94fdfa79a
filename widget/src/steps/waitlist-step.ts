/**
 * The waitlist: a short form (the days the person can come, name, mobile, consent) for when no free time
 * suits, and what the person sees once on the list. Part of the later steps' chunk.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Desk, Mode, Service, WaitlistBody, WaitlistJoined } from '../api';
import { westernDigits, type Details } from '../booking-form';
import { addDays, dayName } from '../format';
import type { Lang } from '../i18n';
import type { PhoneProblem } from '../phone-check-controller';
import { button, callLine, httpUrl, type StepView, type Translate } from './parts';
import { checkbox, errorSummary, textField, type FormView } from './fields';
import { turnstileField } from './details-step';

/** What the person types; the keys are the API's field names, so a 422 maps straight onto the inputs. */
export interface WaitlistForm {
  from: string;
  to: string;
  name: string;
  phone: string;
  consent: boolean;
}

/** The days the list may cover: from today (in the desk's zone) to the end of the booking horizon. */
export function waitlistDays(desk: Desk): { first: string; last: string } {
  // The desk's date as YYYY-MM-DD ('en-CA' writes dates that way).
  const first = new Intl.DateTimeFormat('en-CA', { timeZone: desk.timeZone, dateStyle: 'short' }).format(new Date());
  return { first, last: addDays(first, desk.rules.horizonDays) };
}

/** The form as shown: the days the person set, else the whole horizon; the details' name and mobile. */
export function waitlistValues(own: Omit<WaitlistForm, 'name' | 'phone'>, d: Details, desk: Desk): WaitlistForm {
  const days = waitlistDays(desk);
  return { ...own, from: own.from || days.first, to: own.to || days.last, name: d.name, phone: d.phone };
}

/** Form order: the error summary lists problems in the order the fields appear. */
export const WAITLIST_FIELDS = ['from', 'to', 'name', 'phone', 'consent', 'turnstile'];

/** The checks a person can fix before sending; the server checks again. */
export function checkWaitlist(f: WaitlistForm, desk: Desk, tr: Translate, lang: Lang): Record<string, string> {
  const days = waitlistDays(desk);
  const errors: Record<string, string> = {};
  const outside = (d: string) => d < days.first || d > days.last;
  const range = () => tr('error.days_range', { from: dayName(days.first, lang), to: dayName(days.last, lang) });
  if (!f.from) errors.from = tr('error.from_required');
  else if (outside(f.from)) errors.from = range();
  if (!f.to) errors.to = tr('error.to_required');
  else if (outside(f.to)) errors.to = range();
  else if (f.from && f.to < f.from) errors.to = tr('error.days_order');
  if (f.name.trim().length < 2) errors.name = tr('error.name_required');
  if ((westernDigits(f.phone).match(/\d/g)?.length ?? 0) < 6) errors.phone = tr('error.phone_required');
  if (!f.consent) errors.consent = tr('error.waitlist_consent_required');
  return errors;
}

/** The body of POST /api/public/waitlist for the chosen service and mode: trimmed, digits made western. */
export function waitlistBody(sel: { service: string; mode: Mode }, f: WaitlistForm, lang: Lang): WaitlistBody {
  return {
    service: sel.service,
    mode: sel.mode,
    from: f.from,
    to: f.to,
    name: f.name.trim(),
    phone: westernDigits(f.phone.trim()),
    language: lang,
    consent: true,
  };
}

export interface WaitlistStepView extends StepView, FormView<WaitlistForm> {
  service?: Service;
  mode?: Mode;
  /** What the check as it is typed found wrong with the number. */
  phoneProblem?: PhoneProblem;
  phoneTyped(phone: string): void;
  phoneLeft(phone: string): void;
  /** The request is on its way: the button stays focusable but does nothing. */
  sending: boolean;
  submit(): void;
  turnstileLoadFailed: boolean;
  retryTurnstile(): void;
}

/** Step "waitlist": the days the person can come, name, mobile, consent; no SMS comes until a time frees. */
export function waitlistStep(v: WaitlistStepView): TemplateResult {
  const { tr, lang, phoneProblem: problem } = v;
  const privacy = httpUrl(v.desk.privacyUrl);
  const what = [v.service?.names[lang], v.mode && tr(`mode.${v.mode}`)].filter(Boolean).join(' · ');
  const days = waitlistDays(v.desk);
  const until = dayName(days.last, lang);
  return html`${errorSummary(v, WAITLIST_FIELDS)}
    <p>${tr('waitlist.intro')}</p>
    ${what ? html`<p><strong>${what}</strong></p>` : nothing}
    <form
      novalidate
      @submit=${(e: Event) => {
        e.preventDefault();
        v.submit();
      }}
    >
      ${textField(v, 'from', 'field.from', true, { type: 'date', min: days.first, max: days.last })}
      ${textField(v, 'to', 'field.to', true, { type: 'date', min: days.first, max: days.last })}
      <p class="hint">${tr('waitlist.until', { date: until })}</p>
      ${textField(v, 'name', 'field.name', true, { autocomplete: 'name' })}
      ${textField(v, 'phone', 'field.phone', true, {
        type: 'tel',
        autocomplete: 'tel',
        inputmode: 'tel',
        hint: 'waitlist.phone_hint',
        error: problem && tr(`error.${problem}`),
        live: true,
        extra: problem === 'phone_landline' || problem === 'phone_country' ? callLine(tr, v.desk.phone) : nothing,
        typed: v.phoneTyped,
        left: v.phoneLeft,
      })}
      ${
        privacy
          ? html`<p>
              <a href=${privacy} target="_blank" rel="noopener">${tr('field.privacy_link')} ${tr('link.new_window')}</a>
            </p>`
          : nothing
      }
      ${checkbox(v, 'consent', 'field.waitlist_consent', true)} ${turnstileField(v)}
      <div class="nav">
        ${v.back ? button(tr, 'action.back', v.back, 'back') : nothing}
        <button type="submit" part="button primary" class="primary" aria-disabled=${v.sending ? 'true' : 'false'}>
          ${tr('action.join')}
        </button>
      </div>
      ${v.sending ? html`<p>${tr('status.sending')}</p>` : nothing}
    </form>`;
}

export interface WaitlistedStepView extends StepView {
  joined: WaitlistJoined;
  service?: Service;
  mode?: Mode;
  /** The days as sent. */
  form: { from: string; to: string };
  restart(): void;
}

/** Step "waitlisted": the reference to keep, the days, that no SMS comes until a time frees, the entry's page. */
export function waitlistedStep(v: WaitlistedStepView): TemplateResult {
  const { lang, tr, joined } = v;
  const page = httpUrl(joined.manageUrl);
  return html`<p>${tr('done.reference')} <strong class="ref" part="reference" dir="ltr">${joined.reference}</strong></p>
    <p>${tr('done.keep')}</p>
    <dl>
      <dt>${tr('review.service')}</dt>
      <dd>${v.service?.names[lang] ?? ''}</dd>
      <dt>${tr('review.mode')}</dt>
      <dd>${v.mode ? tr(`mode.${v.mode}`) : ''}</dd>
      <dt>${tr('waitlisted.days')}</dt>
      <dd>${tr('week.range', { from: dayName(v.form.from, lang), to: dayName(v.form.to, lang) })}</dd>
    </dl>
    <p>${tr('waitlisted.next')}</p>
    ${
      page
        ? html`<p>
            ${tr('waitlisted.leave')}
            <a href=${page} target="_blank" rel="noopener">${tr('waitlisted.link')} ${tr('link.new_window')}</a>
          </p>`
        : nothing
    }
    <div class="nav">${button(tr, 'action.restart', v.restart)}</div>`;
}
