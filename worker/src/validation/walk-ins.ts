/** The walk-in form (POST /api/admin/walk-ins): a name, a service, maybe a phone, a language and a volunteer. */
import * as v from 'valibot';
import type { FieldErrors } from '../errors';
import type { Lang } from '../i18n';
import { LANGUAGES, type Language, type PhoneKind } from '../domain/vocabulary';
import { issuesToFields, msg, translateMessage } from './issues';
import { requestSchema, type Validated } from './public';
import { staffPhone, staffPhoneOf } from './admin-bookings';

/** A walk-in as the use case takes it. */
export interface WalkInInput {
  name: string;
  service: string;
  /** Walk-ins are at the desk: in person. */
  mode: 'in_person';
  /** The person's language, for the figures and for any follow-up's texts (Italian when not asked). */
  language: Language;
  /** E.164, or null: a walk-in is never texted, the number is only for reception to call. */
  phone: string | null;
  phoneKind: PhoneKind;
  volunteerId?: string;
}

/** What the portal sends. */
export interface WalkInBody {
  name: string;
  service: string;
  mode?: 'in_person';
  language?: Language;
  phone?: string | null;
  volunteerId?: string | null;
}

const schema = v.object({
  ...v.pick(requestSchema, ['service', 'name']).entries,
  mode: v.optional(v.picklist(['in_person'], msg('field.invalid')), 'in_person'),
  language: v.optional(v.picklist(LANGUAGES, msg('field.invalid')), 'it'),
  volunteerId: v.nullish(
    v.pipe(v.string(msg('field.volunteer_unknown')), v.trim(), v.maxLength(64, msg('field.volunteer_unknown'))),
  ),
});

/** Checks a walk-in body; the phone is optional and may be a landline. */
export function validateWalkInBody(body: unknown, lang: Lang): Validated<WalkInInput> {
  const o = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const parsed = v.safeParse(schema, o);
  const raw = v.safeParse(staffPhone, o.phone);
  const phone = raw.success ? staffPhoneOf(raw.output, undefined) : msg('field.phone_staff_invalid');
  const fields: FieldErrors = parsed.success ? {} : issuesToFields(parsed.issues, lang);
  if (typeof phone === 'string') fields.phone = translateMessage(phone, lang);
  if (!parsed.success || typeof phone === 'string') return { ok: false, fields };
  const { volunteerId, ...rest } = parsed.output;
  return { ok: true, value: { ...rest, ...phone, ...(volunteerId ? { volunteerId } : {}) } };
}
