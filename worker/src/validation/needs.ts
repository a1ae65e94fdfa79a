/** The body of POST /api/admin/bookings/:id/needs: what the person needs to take part, as staff record it. */
import * as v from 'valibot';
import type { Lang } from '../i18n';
import { ACCESSIBILITY_MAX, INTERPRETER_MAX, type Validated } from './public';
import { issuesToFields, msg, translateMessage } from './issues';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** A text to set: null or blank clears it; absent leaves it as it is. */
function clearableText(max: number) {
  return v.optional(
    v.pipe(
      v.nullable(v.string(msg('field.invalid'))),
      v.transform((s) => (s ?? '').trim()),
      v.check((s) => !CONTROL.test(s), msg('field.invalid')),
      v.maxLength(max, msg('field.too_long', max)),
      v.transform((s) => (s === '' ? null : s)),
    ),
  );
}

const needsSchema = v.object({
  accessibilityNeeds: clearableText(ACCESSIBILITY_MAX),
  longAppointment: v.optional(v.boolean(msg('field.invalid'))),
  interpreterLanguage: clearableText(INTERPRETER_MAX),
  /** The person's consent, heard by staff now; needed to record needs where none was given before. */
  accessibilityConsent: v.optional(v.boolean(msg('field.invalid'))),
});

/** What changes; an absent field stays as it is. */
export interface NeedsChange {
  accessibilityNeeds?: string | null;
  longAppointment?: boolean;
  interpreterLanguage?: string | null;
  accessibilityConsent?: boolean;
}

/** Validates the needs body; a body that names none of the three needs is refused. */
export function validateNeedsBody(body: unknown, lang: Lang): Validated<NeedsChange> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, fields: {} };
  const parsed = v.safeParse(needsSchema, body);
  if (!parsed.success) return { ok: false, fields: issuesToFields(parsed.issues, lang) };
  const o = parsed.output;
  if (o.accessibilityNeeds === undefined && o.longAppointment === undefined && o.interpreterLanguage === undefined)
    return { ok: false, fields: { accessibilityNeeds: translateMessage(msg('field.required'), lang) } };
  const change: NeedsChange = {};
  if (o.accessibilityNeeds !== undefined) change.accessibilityNeeds = o.accessibilityNeeds;
  if (o.longAppointment !== undefined) change.longAppointment = o.longAppointment;
  if (o.interpreterLanguage !== undefined) change.interpreterLanguage = o.interpreterLanguage;
  if (o.accessibilityConsent !== undefined) change.accessibilityConsent = o.accessibilityConsent;
  return { ok: true, value: change };
}
