/** Input schemas of the public API (the widget's contract) and their mapping to our 422 body. */
import * as v from 'valibot';
import type { FieldErrors } from '../errors';
import { isLang, type Lang } from '../i18n';
import { normalizeMobile, MAX_PHONE_INPUT_LENGTH } from '../domain/phone';
import { daysBetween, isValidDate, parseIsoInstant } from '../domain/time';
import { LANGUAGES, type Mode, type ReminderPlan } from '../domain/vocabulary';
import { issuesToFields, missingKey, msg, required, translateMessage } from './issues';

/** Longest availability range a client may ask for, in days including both ends. */
export const MAX_RANGE_DAYS = 62;
/** Default length of the availability range when `to` is omitted, in days including `from`. */
export const DEFAULT_RANGE_DAYS = 28;
export const NAME_MAX = 100;
export const NOTE_MAX = 500;
export const ACCESSIBILITY_MAX = 500;
/** An interpreter's language as the person names it ("tigrino"): a few words at most. */
export const INTERPRETER_MAX = 40;
export const EMAIL_MAX = 254;
const ID_MAX = 64;
/** The widget's idempotency key: random base64url, long enough not to collide with anyone else's. */
const REQUEST_KEY_RE = /^[A-Za-z0-9_-]{16,64}$/;

const MODES = ['in_person', 'remote'] as const satisfies readonly Mode[];
/** The plans a person may choose in the widget: the reminder the day before, or that and one the morning of the day. */
export const PUBLIC_REMINDER_PLANS = ['standard', 'morning'] as const satisfies readonly ReminderPlan[];

// Dates far outside any booking horizon are refused as malformed, so the date arithmetic downstream
// never meets years it cannot represent (9999-12-31 + 28 days).
const MIN_DATE = '2000-01-01';
const MAX_DATE = '2999-12-31';
const isUsableDate = (s: string) => isValidDate(s) && s >= MIN_DATE && s <= MAX_DATE;

/** C0/C1 control characters other than tab and line breaks: never legitimate in a form field. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const noControl = (s: string) => !CONTROL.test(s);

const serviceId = v.pipe(
  v.string(required('field.service_unknown')),
  v.trim(),
  v.minLength(1, msg('field.required')),
  v.maxLength(ID_MAX, msg('field.service_unknown')),
);
const mode = v.picklist(MODES, required('field.mode'));

/** An optional free text: null, absent and blank all mean "not given"; otherwise trimmed and capped. */
function optionalText(max: number, typeKey: 'field.invalid' | 'field.email' = 'field.invalid') {
  return v.pipe(
    v.nullish(v.string(msg(typeKey))),
    v.transform((s) => (s ?? '').trim()),
    v.check(noControl, msg(typeKey)),
    v.maxLength(max, msg(typeKey === 'field.email' ? 'field.email' : 'field.too_long', max)),
    v.transform((s) => (s === '' ? undefined : s)),
  );
}

// ---------------------------------------------------------------- availability

const availabilitySchema = v.object(
  {
    service: serviceId,
    mode,
    from: v.optional(v.pipe(v.string(msg('field.date')), v.check(isUsableDate, msg('field.date')))),
    to: v.optional(v.pipe(v.string(msg('field.date')), v.check(isUsableDate, msg('field.date')))),
    long: v.optional(v.picklist(['1', '0'], msg('field.invalid'))),
  },
  missingKey(),
);

export interface AvailabilityParams {
  service: string;
  mode: Mode;
  /** Local dates; absent means "from today" and "four weeks from `from`" (resolved once the desk's zone is known). */
  from?: string;
  to?: string;
  /** `long=1`: only the starts where a longer appointment (the duration doubled) fits. */
  long?: boolean;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; fields: FieldErrors };

/** Validates the availability query string (values as Hono gives them: first occurrence of each key). */
export function validateAvailabilityQuery(
  query: Record<string, string | undefined>,
  lang: Lang,
): Validated<AvailabilityParams> {
  const parsed = v.safeParse(availabilitySchema, {
    service: query.service,
    mode: query.mode,
    from: query.from,
    to: query.to,
    long: query.long,
  });
  if (!parsed.success) return { ok: false, fields: issuesToFields(parsed.issues, lang) };
  const { from, to, long } = parsed.output;
  if (from !== undefined && to !== undefined) {
    const span = daysBetween(from, to);
    if (span < 0 || span + 1 > MAX_RANGE_DAYS) {
      return { ok: false, fields: { to: translateMessage(msg('field.date_range', MAX_RANGE_DAYS), lang) } };
    }
  }
  const value: AvailabilityParams = { service: parsed.output.service, mode: parsed.output.mode };
  if (from !== undefined) value.from = from;
  if (to !== undefined) value.to = to;
  if (long === '1') value.long = true;
  return { ok: true, value };
}

// ---------------------------------------------------------------- booking request

export const requestSchema = v.object(
  {
    service: serviceId,
    mode,
    start: v.pipe(
      v.string(required('field.start')),
      v.maxLength(40, msg('field.start')),
      v.check((s) => parseIsoInstant(s) !== null, msg('field.start')),
      v.transform((s) => parseIsoInstant(s) as number),
    ),
    name: v.pipe(
      v.string(required('field.name')),
      v.trim(),
      v.check(noControl, msg('field.name')),
      v.minLength(2, msg('field.name')),
      v.maxLength(NAME_MAX, msg('field.too_long', NAME_MAX)),
    ),
    phone: v.pipe(
      v.string(required('field.phone_invalid')),
      v.maxLength(MAX_PHONE_INPUT_LENGTH, msg('field.phone_invalid')),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const checked = normalizeMobile(dataset.value);
        if (checked.ok) return checked.e164;
        addIssue({
          message: msg(checked.reason === 'phone_landline' ? 'field.phone_landline' : 'field.phone_invalid'),
        });
        return NEVER;
      }),
    ),
    email: v.pipe(
      optionalText(EMAIL_MAX, 'field.email'),
      // Deliberately loose: one @, a dot in the domain, no spaces. Deliverability is not ours to judge.
      v.check((s) => s === undefined || /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(s), msg('field.email')),
    ),
    note: optionalText(NOTE_MAX),
    language: v.nullish(v.picklist(LANGUAGES, msg('field.language'))),
    consent: v.literal(true, msg('field.consent')),
    accessibilityNeeds: optionalText(ACCESSIBILITY_MAX),
    accessibilityConsent: v.nullish(v.boolean(msg('field.invalid'))),
    longAppointment: v.nullish(v.boolean(msg('field.invalid'))),
    interpreterLanguage: optionalText(INTERPRETER_MAX),
    turnstileToken: v.nullish(v.pipe(v.string(msg('field.invalid')), v.maxLength(2048, msg('field.invalid')))),
    requestKey: v.nullish(v.pipe(v.string(msg('field.invalid')), v.regex(REQUEST_KEY_RE, msg('field.invalid')))),
    reminderPlan: v.nullish(v.picklist(PUBLIC_REMINDER_PLANS, msg('field.invalid'))),
  },
  missingKey({ consent: 'field.consent' }),
);
export interface RequestInput {
  service: string;
  mode: Mode;
  /** Epoch ms of the requested start (the client's offset already applied). */
  start: number;
  name: string;
  /** E.164. */
  phone: string;
  email?: string;
  note?: string;
  language?: Lang;
  /** Present only when the person gave the separate accessibility consent. */
  accessibilityNeeds?: string;
  /** The service's duration doubled; only with the accessibility consent. */
  longAppointment?: true;
  /** The language an interpreter should speak; only with the accessibility consent. */
  interpreterLanguage?: string;
  turnstileToken?: string;
  /** Idempotency key: the same key again returns the booking already made. */
  requestKey?: string;
  /** Absent: 'standard'. Staff may choose any plan (validation/admin-bookings.ts). */
  reminderPlan?: ReminderPlan;
}

/** What the widget sends to POST /api/public/requests (before checking), for typed clients. */
export type RequestBody = v.InferInput<typeof requestSchema> & { website?: string };

/**
 * True when the hidden honeypot field (`website`) was filled in: people never see it, form-filling bots do.
 * Such a request costs no captcha call and no write (see pretendRequest).
 */
export function isHoneypotFilled(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const website = (body as Record<string, unknown>).website;
  if (website === undefined || website === null) return false;
  return typeof website !== 'string' || website.trim() !== '';
}

/** The language a request body names, so its field errors speak it (a filled honeypot's too, as for anyone). */
export function requestLanguage(body: unknown): Lang | undefined {
  const named = (body as { language?: unknown } | null)?.language;
  return isLang(named) ? named : undefined;
}

// ---------------------------------------------------------------- phone check

/** The body of POST /api/public/phone-check: the number as typed. Whether it will do is the answer, not a 422. */
export const phoneCheckSchema = v.object({ phone: v.string(required('field.phone_invalid')) }, missingKey());

/** Validates a booking request body; every field's problem is reported at once, translated. */
export function validateRequestBody(body: unknown, lang: Lang): Validated<RequestInput> {
  const checked = checkRequest(requestSchema, body, lang);
  return checked.ok ? { ok: true, value: { ...requestInput(checked.value), phone: checked.value.phone } } : checked;
}

/** The request's fields without the phone, which staff bookings check by their own rule (a landline, or none). */
const requestWithoutPhone = v.omit(requestSchema, ['phone']);

/** Validates a request body's fields other than `phone` (staff bookings check it themselves). */
export function validateRequestBodyWithoutPhone(body: unknown, lang: Lang): Validated<Omit<RequestInput, 'phone'>> {
  const checked = checkRequest(requestWithoutPhone, body, lang);
  return checked.ok ? { ok: true, value: requestInput(checked.value) } : checked;
}

function checkRequest<S extends typeof requestSchema | typeof requestWithoutPhone>(
  schema: S,
  body: unknown,
  lang: Lang,
): Validated<v.InferOutput<S>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, fields: {} };
  const parsed = v.safeParse(schema, body);
  const fields: FieldErrors = parsed.success ? {} : issuesToFields(parsed.issues, lang);

  // Accessibility needs are special-category data: without their own explicit consent they are refused, not
  // silently dropped. A longer appointment and an interpreter tell about the person as much: the same consent.
  const raw = body as Record<string, unknown>;
  const given = (x: unknown) => (typeof x === 'string' && x.trim() !== '') || x === true;
  const asksNeeds = given(raw.accessibilityNeeds) || given(raw.longAppointment) || given(raw.interpreterLanguage);
  if (asksNeeds && raw.accessibilityConsent !== true && !fields.accessibilityConsent) {
    fields.accessibilityConsent = translateMessage(msg('field.accessibility_consent'), lang);
  }
  if (!parsed.success || Object.keys(fields).length) return { ok: false, fields };
  return { ok: true, value: parsed.output };
}

function requestInput(o: v.InferOutput<typeof requestWithoutPhone>): Omit<RequestInput, 'phone'> {
  const input: Omit<RequestInput, 'phone'> = { service: o.service, mode: o.mode, start: o.start, name: o.name };
  if (o.email !== undefined) input.email = o.email;
  if (o.note !== undefined) input.note = o.note;
  if (o.language) input.language = o.language;
  if (o.accessibilityNeeds !== undefined && o.accessibilityConsent === true)
    input.accessibilityNeeds = o.accessibilityNeeds;
  if (o.accessibilityConsent === true) {
    if (o.longAppointment === true) input.longAppointment = true;
    if (o.interpreterLanguage !== undefined) input.interpreterLanguage = o.interpreterLanguage;
  }
  if (o.turnstileToken) input.turnstileToken = o.turnstileToken;
  if (o.requestKey) input.requestKey = o.requestKey;
  if (o.reminderPlan) input.reminderPlan = o.reminderPlan;
  return input;
}
