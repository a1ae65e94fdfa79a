/** Input schemas of the staff bookings API (/api/admin/bookings) and their mapping to our 422 body. */
import * as v from 'valibot';
import type { FieldErrors } from '../errors';
import type { Lang } from '../i18n';
import { MAX_PHONE_INPUT_LENGTH, normalizeStaffPhone } from '../domain/phone';
import {
  BOOKING_STATUSES,
  CALL_OUTCOMES,
  LANGUAGES,
  MESSAGE_STATUSES,
  PHONE_KINDS,
  REMINDER_PLANS,
  type BookingStatus,
  type CallOutcome,
  type Language,
  type MessageStatus,
  type PhoneKind,
  type ReminderPlan,
} from '../domain/vocabulary';
import { MAX_SERIES_COUNT, MAX_SERIES_EVERY_WEEKS } from '../domain/series';
import { daysBetween, isValidDate, parseIsoInstant } from '../domain/time';
import { issuesToFields, missingKey, msg, rangeMsg, required, translateMessage } from './issues';
import {
  MAX_RANGE_DAYS,
  validateRequestBodyWithoutPhone,
  type RequestBody,
  type RequestInput,
  type Validated,
} from './public';

export type { Validated };

/** Longest free text staff write (reasons, internal notes). */
export const REASON_MAX = 500;
export const STAFF_NOTE_MAX = 2000;
const ID_MAX = 64;

const isUsableDate = (s: string) => isValidDate(s) && s >= '2000-01-01' && s <= '2999-12-31';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

const id = (key: 'field.volunteer_unknown' | 'field.invalid') =>
  v.pipe(v.string(msg(key)), v.trim(), v.minLength(1, msg(key)), v.maxLength(ID_MAX, msg(key)));

/** A required free text: trimmed, not blank, no control characters, capped. */
function requiredText(max: number) {
  return v.pipe(
    v.string(required('field.invalid')),
    v.trim(),
    v.check((s) => !CONTROL.test(s), msg('field.invalid')),
    v.minLength(1, msg('field.required')),
    v.maxLength(max, msg('field.too_long', max)),
  );
}

const start = v.pipe(
  v.string(required('field.start')),
  v.maxLength(40, msg('field.start')),
  v.check((s) => parseIsoInstant(s) !== null, msg('field.start')),
  v.transform((s) => parseIsoInstant(s) as number),
);
const optionalVolunteer = v.nullish(id('field.volunteer_unknown'));

function fromIssues<T>(
  parsed: { success: true; output: T } | { success: false; issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]] },
  lang: Lang,
): Validated<T> {
  return parsed.success
    ? { ok: true, value: parsed.output }
    : { ok: false, fields: issuesToFields(parsed.issues, lang) };
}

/** An empty query parameter (a form's blank select) means "no filter". */
function present(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === '' ? undefined : s;
}

function isObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

// ---------------------------------------------------------------- list query

const statusList = v.pipe(
  v.string(msg('field.invalid')),
  v.transform((s) => s.split(',').map((x) => x.trim())),
  v.check(
    (xs) => xs.length > 0 && xs.every((x) => (BOOKING_STATUSES as readonly string[]).includes(x)),
    msg('field.invalid'),
  ),
  v.transform((xs) => [...new Set(xs)] as BookingStatus[]),
);
const date = v.pipe(v.string(msg('field.date')), v.check(isUsableDate, msg('field.date')));

const listSchema = v.object({
  status: v.optional(statusList),
  from: v.optional(date),
  to: v.optional(date),
  volunteer: v.optional(id('field.volunteer_unknown')),
});

export interface BookingListQuery {
  /** One or more statuses (the query accepts a comma-separated list). */
  status?: BookingStatus[];
  /** Inclusive local dates of the desk. */
  from?: string;
  to?: string;
  volunteer?: string;
}

/** Validates GET /api/admin/bookings' query (first occurrence of each key, as Hono gives them). */
export function validateBookingListQuery(
  query: Record<string, string | undefined>,
  lang: Lang,
): Validated<BookingListQuery> {
  const checked = fromIssues(
    v.safeParse(listSchema, {
      status: present(query.status),
      from: present(query.from),
      to: present(query.to),
      volunteer: present(query.volunteer),
    }),
    lang,
  );
  if (!checked.ok) return checked;
  const { from, to } = checked.value;
  if (from !== undefined && to !== undefined) {
    const span = daysBetween(from, to);
    if (span < 0 || span + 1 > MAX_RANGE_DAYS) {
      return { ok: false, fields: { to: translateMessage(msg('field.date_range', MAX_RANGE_DAYS), lang) } };
    }
  }
  const value: BookingListQuery = {};
  if (checked.value.status) value.status = checked.value.status;
  if (from !== undefined) value.from = from;
  if (to !== undefined) value.to = to;
  if (checked.value.volunteer !== undefined) value.volunteer = checked.value.volunteer;
  return { ok: true, value };
}

const messageListSchema = v.object({
  booking: v.optional(id('field.invalid')),
  status: v.optional(v.picklist(MESSAGE_STATUSES, msg('field.invalid'))),
});

/** Validates GET /api/admin/messages' query. */
export function validateMessageListQuery(
  query: Record<string, string | undefined>,
  lang: Lang,
): Validated<{ booking?: string; status?: MessageStatus }> {
  return fromIssues(
    v.safeParse(messageListSchema, { booking: present(query.booking), status: present(query.status) }),
    lang,
  );
}

// ---------------------------------------------------------------- book on behalf

export interface StaffBookingInput extends Omit<RequestInput, 'phone'> {
  /** E.164, or null when the person has no phone. */
  phone: string | null;
  /** Only a mobile gets texts; reception calls a landline to remind, and has no way to remind 'none'. */
  phoneKind: PhoneKind;
  volunteerId?: string;
}

/** What the portal sends to book on behalf of a caller (before checking): the public request's fields, no captcha. */
export type StaffBookingBody = Omit<
  RequestBody,
  'turnstileToken' | 'requestKey' | 'website' | 'phone' | 'reminderPlan'
> & {
  /** A mobile or a landline; absent, null or blank: the person has no phone. */
  phone?: string | null;
  /**
   * What reception chose. Absent: read from the number. 'mobile' refuses a landline (as the widget does);
   * 'landline' keeps any valid number but sends no texts (someone who cannot read them); 'none' takes no number.
   */
  phoneKind?: PhoneKind;
  volunteerId?: string;
  /** Any of the five plans (the widget offers two). */
  reminderPlan?: ReminderPlan;
};

export const phoneKind = v.optional(v.picklist(PHONE_KINDS, msg('field.invalid')));
const optionalPlan = v.nullish(v.picklist(REMINDER_PLANS, msg('field.invalid')));
/** A phone as staff type it: blank for none, else a mobile or a landline (see staffPhoneOf). */
export const staffPhone = v.pipe(
  v.nullish(v.string(msg('field.phone_staff_invalid'))),
  v.transform((s) => (s ?? '').trim()),
  v.maxLength(MAX_PHONE_INPUT_LENGTH, msg('field.phone_staff_invalid')),
);

/** The number and its kind from what staff gave, or the message (schema-encoded) of why not. */
export function staffPhoneOf(
  raw: string,
  chosen: PhoneKind | undefined,
): { phone: string | null; phoneKind: PhoneKind } | string {
  if (raw === '')
    return chosen === undefined || chosen === 'none' ? { phone: null, phoneKind: 'none' } : msg('field.required');
  if (chosen === 'none') return msg('field.phone_none_given');
  const checked = normalizeStaffPhone(raw);
  if (!checked.ok) return msg('field.phone_staff_invalid');
  if (chosen === 'mobile' && checked.kind !== 'mobile') return msg('field.phone_landline');
  return { phone: checked.e164, phoneKind: chosen ?? checked.kind };
}

/**
 * A booking made by staff on behalf of a caller: the public request's fields (the person's consent is
 * given to the staff member, so `consent` is implied) plus an optional volunteer. The phone may be a
 * landline or missing (people without a mobile book through the desk); such bookings are never texted.
 * Accessibility needs still need their own consent flag: staff ask for it explicitly.
 */
export function validateStaffBookingBody(body: unknown, lang: Lang): Validated<StaffBookingInput> {
  if (!isObject(body)) return { ok: false, fields: {} };
  // The plan is staff's own field (any of the five): the person's schema knows only two.
  const person = validateRequestBodyWithoutPhone(
    { ...body, consent: true, turnstileToken: undefined, reminderPlan: undefined },
    lang,
  );
  const plan = v.safeParse(optionalPlan, body.reminderPlan);
  const volunteer = v.safeParse(optionalVolunteer, body.volunteerId);
  const kind = v.safeParse(phoneKind, body.phoneKind);
  const raw = v.safeParse(staffPhone, body.phone);
  const phone = raw.success && kind.success ? staffPhoneOf(raw.output, kind.output) : undefined;
  const fields: FieldErrors = person.ok ? {} : { ...person.fields };
  if (!volunteer.success && !fields.volunteerId)
    fields.volunteerId = translateMessage(msg('field.volunteer_unknown'), lang);
  if (!plan.success) fields.reminderPlan = translateMessage(msg('field.invalid'), lang);
  if (!kind.success) fields.phoneKind = translateMessage(msg('field.invalid'), lang);
  else if (!raw.success) fields.phone = translateMessage(msg('field.phone_staff_invalid'), lang);
  else if (typeof phone === 'string') fields.phone = translateMessage(phone, lang);
  if (!person.ok || !volunteer.success || !plan.success || phone === undefined || typeof phone === 'string')
    return { ok: false, fields };
  const value: StaffBookingInput = { ...person.value, ...phone };
  if (volunteer.output) value.volunteerId = volunteer.output;
  if (plan.output) value.reminderPlan = plan.output;
  return { ok: true, value };
}

// ---------------------------------------------------------------- actions

const confirmSchema = v.object({ volunteerId: optionalVolunteer });
const reasonSchema = v.object({ reason: requiredText(REASON_MAX) }, missingKey());
const rescheduleSchema = v.object(
  { start, volunteerId: optionalVolunteer, anyVolunteer: v.nullish(v.boolean(msg('field.invalid'))) },
  missingKey(),
);
const attendanceSchema = v.object(
  { outcome: v.picklist(['attended', 'no_show'] as const, required('field.invalid')) },
  missingKey(),
);
const languageSchema = v.object({ language: v.picklist(LANGUAGES, required('field.language')) }, missingKey());
const reminderPlanSchema = v.object({ plan: v.picklist(REMINDER_PLANS, required('field.invalid')) }, missingKey());
const callSchema = v.object({ outcome: v.picklist(CALL_OUTCOMES, required('field.invalid')) }, missingKey());
const noteSchema = v.object(
  {
    // An empty note clears it.
    note: v.pipe(
      v.nullable(v.string(msg('field.invalid'))),
      v.transform((s) => (s ?? '').trim()),
      v.check((s) => !CONTROL.test(s), msg('field.invalid')),
      v.maxLength(STAFF_NOTE_MAX, msg('field.too_long', STAFF_NOTE_MAX)),
      v.transform((s) => (s === '' ? null : s)),
    ),
  },
  missingKey(),
);

/** Action bodies may be omitted where every field is optional (confirm): `undefined` counts as {}. */
function parseAction<S extends v.GenericSchema>(schema: S, body: unknown, lang: Lang): Validated<v.InferOutput<S>> {
  const input = body === undefined ? {} : body;
  if (!isObject(input)) return { ok: false, fields: {} };
  return fromIssues(v.safeParse(schema, input), lang);
}

/** POST /:id/confirm { volunteerId? } */
export function validateConfirmBody(body: unknown, lang: Lang): Validated<{ volunteerId?: string }> {
  const r = parseAction(confirmSchema, body, lang);
  return r.ok ? { ok: true, value: r.value.volunteerId ? { volunteerId: r.value.volunteerId } : {} } : r;
}

/** POST /:id/reject and /:id/cancel { reason } */
export function validateReasonBody(body: unknown, lang: Lang): Validated<{ reason: string }> {
  return parseAction(reasonSchema, body, lang);
}

/** What the portal sends to move a booking: `start` as ISO 8601 with its offset. */
export type RescheduleBody = v.InferInput<typeof rescheduleSchema>;

/** What a reschedule asks: the new start, and a volunteer, or anyone free ("earliest with anyone"). */
export interface RescheduleInput {
  start: number;
  volunteerId?: string;
  /** Without it (and without a volunteer) the booking keeps its volunteer or is not moved. */
  anyVolunteer?: true;
}

/** POST /:id/reschedule { start, volunteerId?, anyVolunteer? } */
export function validateRescheduleBody(body: unknown, lang: Lang): Validated<RescheduleInput> {
  const r = parseAction(rescheduleSchema, body, lang);
  if (!r.ok) return r;
  const { start: at, volunteerId, anyVolunteer } = r.value;
  if (volunteerId) return { ok: true, value: { start: at, volunteerId } };
  return { ok: true, value: anyVolunteer ? { start: at, anyVolunteer: true } : { start: at } };
}

/** POST /:id/attendance { outcome } */
export function validateAttendanceBody(body: unknown, lang: Lang): Validated<{ outcome: 'attended' | 'no_show' }> {
  return parseAction(attendanceSchema, body, lang);
}

/** POST /:id/note { note } (empty or null clears the note) */
export function validateNoteBody(body: unknown, lang: Lang): Validated<{ note: string | null }> {
  return parseAction(noteSchema, body, lang);
}

/** POST /:id/language { language }: one of the booking languages. */
export function validateLanguageBody(body: unknown, lang: Lang): Validated<{ language: Language }> {
  return parseAction(languageSchema, body, lang);
}

/** Body of POST /api/admin/bookings/:id/reminder-plan: any of the five plans. */
export function validateReminderPlanBody(body: unknown, lang: Lang): Validated<{ plan: ReminderPlan }> {
  return parseAction(reminderPlanSchema, body, lang);
}

/** Body of POST /api/admin/bookings/:id/call: what the person said. */
export function validateCallBody(body: unknown, lang: Lang): Validated<{ outcome: CallOutcome }> {
  return parseAction(callSchema, body, lang);
}

// ---------------------------------------------------------------- follow-up

const followUpSchema = v.object(
  {
    service: id('field.invalid'),
    mode: v.picklist(['in_person', 'remote'] as const, required('field.invalid')),
    volunteerId: optionalVolunteer,
    start,
    repeat: v.nullish(
      v.object(
        {
          count: v.pipe(
            v.number(msg('field.invalid')),
            v.integer(msg('field.invalid')),
            v.minValue(1, rangeMsg(1, MAX_SERIES_COUNT)),
            v.maxValue(MAX_SERIES_COUNT, rangeMsg(1, MAX_SERIES_COUNT)),
          ),
          everyWeeks: v.pipe(
            v.number(msg('field.invalid')),
            v.integer(msg('field.invalid')),
            v.minValue(1, rangeMsg(1, MAX_SERIES_EVERY_WEEKS)),
            v.maxValue(MAX_SERIES_EVERY_WEEKS, rangeMsg(1, MAX_SERIES_EVERY_WEEKS)),
          ),
        },
        missingKey(),
      ),
    ),
    preview: v.nullish(v.boolean(msg('field.invalid'))),
  },
  missingKey(),
);

/** What the portal sends to book a follow-up (start as ISO 8601 with its offset). */
export type FollowUpBody = v.InferInput<typeof followUpSchema>;

/** The checked follow-up: the first meeting, who holds it, and the series if any. */
export interface FollowUpInput {
  service: string;
  mode: 'in_person' | 'remote';
  volunteerId?: string;
  start: number;
  repeat?: { count: number; everyWeeks: number };
  preview: boolean;
}

/** POST /:id/follow-up { service, mode, volunteerId?, start, repeat?: { count, everyWeeks }, preview? } */
export function validateFollowUpBody(body: unknown, lang: Lang): Validated<FollowUpInput> {
  const r = parseAction(followUpSchema, body, lang);
  if (!r.ok) return r;
  const { service, mode, volunteerId, start: at, repeat, preview } = r.value;
  return {
    ok: true,
    value: {
      service,
      mode,
      start: at,
      preview: preview === true,
      ...(volunteerId ? { volunteerId } : {}),
      ...(repeat && repeat.count > 1 ? { repeat } : {}),
    },
  };
}
