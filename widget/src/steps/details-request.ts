/** The details form's own checks and the request it makes: code of the later steps' chunk, not of widget.js. */
import type { Mode, RequestBody, Slot } from '../api';
import { westernDigits, type Details } from '../booking-form';
import type { Lang } from '../i18n';
import { longKnownToFit } from './long-check';
import type { Translate } from './parts';

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
  // What needs the person writes go only with the accessibility consent, as the server requires.
  if (d.accessibilityConsent) {
    const needs = d.accessibilityNeeds.trim();
    const interpreter = d.interpreterLanguage?.trim();
    if (needs) body.accessibilityNeeds = needs;
    // Only where the chosen time has room for it: the person may have gone back and picked another time.
    const long = d.longAppointment === true && longKnownToFit(sel);
    if (long) body.longAppointment = true;
    if (interpreter) body.interpreterLanguage = interpreter;
    if (needs || long || interpreter) body.accessibilityConsent = true;
  }
  if (d.morningReminder) body.reminderPlan = 'morning';
  return body;
}
