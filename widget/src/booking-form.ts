/** The details form as data: its fields, the checks a person can fix before sending, and the request body. */
import type { Mode, RequestBody, Slot } from './api';
import type { Lang } from './i18n';
import type { Translate } from './steps/parts';

/** What the person types; the keys are the API's field names, so a 422 maps straight onto the inputs. */
export interface Details {
  name: string;
  phone: string;
  email: string;
  note: string;
  accessibilityConsent: boolean;
  accessibilityNeeds: string;
  /** Also a reminder the morning of the day (the booking's reminder plan `morning`). */
  morningReminder: boolean;
  consent: boolean;
}

export const EMPTY_DETAILS: Details = {
  name: '',
  phone: '',
  email: '',
  note: '',
  accessibilityConsent: false,
  accessibilityNeeds: '',
  morningReminder: false,
  consent: false,
};

/** Form order: the error summary lists problems in the order the fields appear. */
export const FIELD_ORDER = [
  'name',
  'phone',
  'email',
  'note',
  'accessibilityConsent',
  'accessibilityNeeds',
  'consent',
  'turnstile',
];

/** A number typed with Arabic-Indic or Persian digits (an Arabic phone keyboard's), in the digits 0–9. */
export const westernDigits = (s: string): string => s.replace(/[٠-٩۰-۹]/g, (d) => String(d.charCodeAt(0) & 15));

/** The checks a person can fix before sending; the server checks again (and knows mobiles from landlines). */
export function checkDetails(d: Details, tr: Translate): Record<string, string> {
  const errors: Record<string, string> = {};
  if (d.name.trim().length < 2) errors.name = tr('error.name_required');
  if ((westernDigits(d.phone).match(/\d/g)?.length ?? 0) < 6) errors.phone = tr('error.phone_required');
  if (!d.consent) errors.consent = tr('error.consent_required');
  return errors;
}

/** The request for the chosen slot: trimmed, with the optional fields only when given. */
export function requestBody(sel: { service: string; mode: Mode; slot: Slot }, d: Details, lang: Lang): RequestBody {
  const body: RequestBody = {
    service: sel.service,
    mode: sel.mode,
    start: sel.slot.start,
    name: d.name.trim(),
    phone: westernDigits(d.phone.trim()),
    language: lang,
    consent: true,
  };
  if (d.email.trim()) body.email = d.email.trim();
  if (d.note.trim()) body.note = d.note.trim();
  if (d.accessibilityConsent && d.accessibilityNeeds.trim()) {
    body.accessibilityNeeds = d.accessibilityNeeds.trim();
    body.accessibilityConsent = true;
  }
  if (d.morningReminder) body.reminderPlan = 'morning';
  return body;
}
