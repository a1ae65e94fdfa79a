/**
 * Input schemas of the staff management API (volunteers, shifts, absences, closures, services, desk
 * settings). Routes run them through the HTTP edge (`worker/src/http/body.ts`).
 * Edits (PATCH) are validated as the merge of the stored record and the body, so rules spanning two
 * fields (start before end) hold whichever of them the edit touches.
 */
import * as v from 'valibot';
import type { MessageKey } from '../i18n';
import { isCountryCode } from '../domain/phone';
import { daysBetween, isValidDate } from '../domain/time';
import {
  VIDEO_LINK_MAX,
  VIDEO_ROOM_BASE_MAX,
  isVideoRoomBase,
  normalVideoRoomBase,
  usableVideoLink,
} from '../domain/video';
import {
  LANGUAGES,
  MOVE_CONFIRMATION_POLICIES,
  MODES,
  TRANSLATED_LANGUAGES,
  type Language,
  type Mode,
  type TranslatedLanguage,
} from '../domain/vocabulary';
import { msg, rangeMsg } from './issues';

const NAME_MAX = 100;
const TEXT_MAX = 200;
const DESCRIPTION_MAX = 1000;
const URL_MAX = 500;
const EMAIL_MAX = 254;
const PHONE_MAX = 30;
/** Longest closure or absence, in days including both ends. */
export const MAX_CLOSURE_DAYS = 366;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const noControl = (s: string) => !CONTROL.test(s);
const isUsableDate = (s: string) => isValidDate(s) && s >= `${MIN_YEAR}-01-01` && s <= '2999-12-31';
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE = /^\+?[0-9][0-9 ().-]{3,28}$/;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for an absolute URL whose scheme is one of `protocols`. */
function isUrl(s: string, protocols: readonly string[]): boolean {
  try {
    const u = new URL(s);
    return protocols.includes(u.protocol) && u.hostname !== '';
  } catch {
    return false;
  }
}
const isWebUrl = (s: string) => isUrl(s, ['https:', 'http:']);
const isHttpsUrl = (s: string) => isUrl(s, ['https:']);

/** True when Intl knows the zone (what every time computation here relies on). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** 'HH:MM' → minutes after midnight; '24:00' only where `allowMidnightEnd` (a shift may end at midnight). */
export function parseHhmm(s: string, allowMidnightEnd = false): number | null {
  if (allowMidnightEnd && s === '24:00') return 1440;
  const m = HHMM.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Minutes after midnight → 'HH:MM'. */
export function formatHhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- building blocks

function int(min: number, max: number) {
  const m = rangeMsg(min, max);
  return v.pipe(v.number(m), v.integer(m), v.minValue(min, m), v.maxValue(max, m));
}

const bool = v.boolean(msg('field.boolean'));

/** A required one-line text, trimmed. */
function text(min: number, max: number, key: MessageKey) {
  return v.pipe(
    v.string(msg(key)),
    v.trim(),
    v.check(noControl, msg(key)),
    v.minLength(min, msg(key)),
    v.maxLength(max, msg('field.too_long', max)),
  );
}

/** An optional text a record may hold or not: null, blank and absent all store null. */
function clearable(max: number, key: MessageKey, valid: (s: string) => boolean = () => true) {
  return v.pipe(
    v.nullish(v.string(msg(key))),
    v.transform((s) => {
      const trimmed = (s ?? '').trim();
      return trimmed === '' ? null : trimmed;
    }),
    v.check((s) => s === null || s.length <= max, msg('field.too_long', max)),
    v.check((s) => s === null || (noControl(s) && valid(s)), msg(key)),
  );
}

/** A text setting whose column is never null: blank is the empty string. */
function blankable(max: number, key: MessageKey, valid: (s: string) => boolean = () => true) {
  return v.pipe(
    v.string(msg(key)),
    v.trim(),
    v.maxLength(max, msg('field.too_long', max)),
    v.check((s) => s === '' || (noControl(s) && valid(s)), msg(key)),
  );
}

const date = v.pipe(v.string(msg('field.date')), v.check(isUsableDate, msg('field.date')));
const optionalDate = v.nullish(date);

const modes = v.pipe(
  v.array(v.picklist(MODES, msg('field.modes')), msg('field.modes')),
  v.minLength(1, msg('field.modes')),
  v.transform((list) => ({ allowsInPerson: list.includes('in_person'), allowsRemote: list.includes('remote') })),
);

/** The modes of a row, as the API lists them. */
export function modesOf(row: { allowsInPerson: boolean; allowsRemote: boolean }): Mode[] {
  const out: Mode[] = [];
  if (row.allowsInPerson) out.push('in_person');
  if (row.allowsRemote) out.push('remote');
  return out;
}

const time = v.pipe(
  v.string(msg('field.time')),
  v.check((s) => parseHhmm(s) !== null, msg('field.time')),
  v.transform((s) => parseHhmm(s) as number),
);
const endTime = v.pipe(
  v.string(msg('field.time')),
  v.check((s) => parseHhmm(s, true) !== null, msg('field.time')),
  v.transform((s) => parseHhmm(s, true) as number),
);

// ---------------------------------------------------------------- volunteers

/** A volunteer as created, or as the merge of the stored one and an edit. */
export const volunteerSchema = v.object({
  name: text(2, NAME_MAX, 'field.display_name'),
  phone: v.optional(
    clearable(PHONE_MAX, 'field.phone_invalid', (s) => PHONE.test(s)),
    null,
  ),
  email: v.optional(
    clearable(EMAIL_MAX, 'field.email', (s) => EMAIL.test(s)),
    null,
  ),
  // A link that could not travel unchanged in an SMS would be left out of it: refused here instead.
  videoLink: v.optional(
    clearable(VIDEO_LINK_MAX, 'field.video_link', (s) => usableVideoLink(s) !== null),
    null,
  ),
  active: v.optional(bool, true),
});
export type VolunteerInput = v.InferOutput<typeof volunteerSchema>;

// ---------------------------------------------------------------- shifts

const shiftObject = v.object({
  weekday: v.pipe(
    v.number(msg('field.weekday')),
    v.integer(msg('field.weekday')),
    v.minValue(1, msg('field.weekday')),
    v.maxValue(7, msg('field.weekday')),
  ),
  start: time,
  end: endTime,
  modes,
  validFrom: optionalDate,
  validTo: optionalDate,
});

/** A weekly shift: start before end, validity in order. */
export const shiftSchema = v.pipe(
  shiftObject,
  v.forward(
    v.check((s) => s.start < s.end, msg('field.time_order')),
    ['end'],
  ),
  v.forward(
    v.check((s) => !s.validFrom || !s.validTo || s.validFrom <= s.validTo, msg('field.date_order')),
    ['validTo'],
  ),
);
export type ShiftInput = v.InferOutput<typeof shiftSchema>;

/** A stored shift in the API's shape, for listing and as the base an edit is merged onto. */
export function shiftBody(row: {
  weekday: number;
  startMinute: number;
  endMinute: number;
  allowsInPerson: boolean;
  allowsRemote: boolean;
  validFrom: string | null;
  validTo: string | null;
}) {
  return {
    weekday: row.weekday,
    start: formatHhmm(row.startMinute),
    end: formatHhmm(row.endMinute),
    modes: modesOf(row),
    validFrom: row.validFrom,
    validTo: row.validTo,
  };
}

// ---------------------------------------------------------------- absences and closures

/** A closed period (desk closure or a volunteer's absence): one day unless dateTo says otherwise. */
export const closureSchema = v.pipe(
  v.object({
    dateFrom: date,
    dateTo: optionalDate,
    reason: v.optional(blankable(TEXT_MAX, 'field.invalid'), ''),
  }),
  v.transform((c) => ({ dateFrom: c.dateFrom, dateTo: c.dateTo ?? c.dateFrom, reason: c.reason })),
  v.forward(
    v.check((c) => c.dateFrom <= c.dateTo, msg('field.date_order')),
    ['dateTo'],
  ),
  v.forward(
    v.check(
      (c) => c.dateFrom > c.dateTo || daysBetween(c.dateFrom, c.dateTo) < MAX_CLOSURE_DAYS,
      msg('field.date_range', MAX_CLOSURE_DAYS),
    ),
    ['dateTo'],
  ),
);
export type ClosureInput = v.InferOutput<typeof closureSchema>;

/**
 * A desk closure; `cancelBookings: true` also cancels the active bookings of those days and tells the
 * people (in the same request, safe to repeat).
 */
export const deskClosureSchema = v.intersect([
  closureSchema,
  v.object({ cancelBookings: v.optional(v.boolean(msg('field.invalid')), false) }),
]);

/** The day list's query: one local date, and optionally one volunteer. */
export const dayListQuerySchema = v.object({
  date,
  volunteer: v.optional(
    v.pipe(v.string(), v.minLength(1, msg('field.invalid')), v.maxLength(64, msg('field.invalid'))),
  ),
});

/** The call list's query: a day, or none for the next working day. */
export const callListQuerySchema = v.object({ date: v.optional(date) });

/** The `year` query of the closures list; absent means the desk's current year. */
export const yearQuerySchema = v.object({
  year: v.optional(
    v.pipe(
      v.string(rangeMsg(MIN_YEAR, MAX_YEAR)),
      v.regex(/^\d{4}$/, rangeMsg(MIN_YEAR, MAX_YEAR)),
      v.transform(Number),
      int(MIN_YEAR, MAX_YEAR),
    ),
  ),
});

// ---------------------------------------------------------------- services

/** Optional texts in the languages beyond Italian and English, each blank or at most `max` characters. */
function translated(max: number, key: Parameters<typeof blankable>[1]) {
  const field = v.optional(blankable(max, key), '');
  return Object.fromEntries(TRANSLATED_LANGUAGES.map((l) => [l, field])) as Record<TranslatedLanguage, typeof field>;
}

export const serviceSchema = v.object({
  // Italian and English are required; the other people-facing languages are optional (blank: English shows).
  names: v.object(
    {
      it: text(2, NAME_MAX, 'field.display_name'),
      en: text(2, NAME_MAX, 'field.display_name'),
      ...translated(NAME_MAX, 'field.display_name'),
    },
    msg('field.required'),
  ),
  descriptions: v.optional(
    v.object(
      {
        it: v.optional(blankable(DESCRIPTION_MAX, 'field.invalid'), ''),
        en: v.optional(blankable(DESCRIPTION_MAX, 'field.invalid'), ''),
        ...translated(DESCRIPTION_MAX, 'field.invalid'),
      },
      msg('field.invalid'),
    ),
    { it: '', en: '' },
  ),
  durationMinutes: int(5, 480),
  modes,
  active: v.optional(bool, true),
  sortOrder: v.optional(int(-100_000, 100_000), 0),
  /** The service usually booked next on a person's path (the follow-up form preselects it); null: none. */
  nextServiceId: v.optional(
    v.nullable(v.pipe(v.string(msg('field.service_unknown')), v.maxLength(64, msg('field.service_unknown')))),
    null,
  ),
});
export type ServiceInput = v.InferOutput<typeof serviceSchema>;

// ---------------------------------------------------------------- desk settings

const hhmmSetting = time;

/** The whole of the desk's editable settings (an edit is merged onto the stored row first). */
export const settingsSchema = v.object({
  name: text(2, NAME_MAX, 'field.display_name'),
  address: text(1, TEXT_MAX, 'field.invalid'),
  city: blankable(NAME_MAX, 'field.invalid'),
  phone: blankable(PHONE_MAX, 'field.phone_invalid', (s) => PHONE.test(s)),
  email: blankable(EMAIL_MAX, 'field.email', (s) => EMAIL.test(s)),
  privacyUrl: blankable(URL_MAX, 'field.url', isWebUrl),
  // Where "book another appointment" leads; '' = the Worker's own /prenota.
  bookingPageUrl: blankable(URL_MAX, 'field.url_https', isHttpsUrl),
  timeZone: v.pipe(
    v.string(msg('field.time_zone')),
    v.maxLength(64, msg('field.time_zone')),
    v.check(isKnownTimeZone, msg('field.time_zone')),
  ),
  minNoticeMinutes: int(0, 30 * 24 * 60),
  horizonDays: int(1, 366),
  requestHoldHours: int(1, 14 * 24),
  slotGridMinutes: v.nullable(int(5, 480)),
  cancellationNoticeHours: int(0, 14 * 24),
  moveConfirmation: v.picklist(MOVE_CONFIRMATION_POLICIES, msg('field.invalid')),
  // Issue 14: the waitlist on or off, and how long an offer keeps its time for the person it went to.
  waitlistEnabled: bool,
  waitlistHoldMinutes: int(5, 1440),
  maxOpenRequestsPerPhone: int(1, 50),
  requestsPerIpPerHour: int(1, 10_000),
  reminderHour: int(0, 23),
  quietStart: hhmmSetting,
  quietEnd: hhmmSetting,
  // Issue 14: the morning reminder's time (pushed past quiet hours when inside them) and the call list's cut-off.
  morningReminder: hhmmSetting,
  callCutoff: hhmmSetting,
  smsEnabled: bool,
  // Finite on purpose: an unlimited budget lets a stranger spend without end.
  smsMonthlyBudget: int(0, 1_000_000),
  requestSms: bool,
  smsPerNumberDaily: int(0, 50),
  smsPerNumberDailyTotal: int(1, 100),
  smsPerDeskHourly: int(1, 10_000),
  smsCountries: v.pipe(
    v.array(
      v.pipe(
        v.string(msg('field.countries')),
        v.transform((s) => s.trim().toUpperCase()),
        v.check(isCountryCode, msg('field.countries')),
      ),
      msg('field.countries'),
    ),
    v.minLength(1, msg('field.countries')),
    v.maxLength(250, msg('field.countries')),
    v.transform((list) => [...new Set(list)]),
  ),
  // The languages the widget offers; Italian is always one of them, and the first (the default).
  languages: v.pipe(
    v.array(v.picklist(LANGUAGES, msg('field.language')), msg('field.language')),
    v.maxLength(LANGUAGES.length * 2, msg('field.language')),
    v.transform((list) => offeredLanguages(list)),
  ),
  retentionMonths: int(1, 120),
  accessibilityRetentionDays: int(0, 3650),
  icalIncludePhone: bool,
  videoRoomBase: v.pipe(
    v.string(msg('field.video_room_base', VIDEO_ROOM_BASE_MAX)),
    v.transform(normalVideoRoomBase),
    v.check((s) => s === '' || isVideoRoomBase(s), msg('field.video_room_base', VIDEO_ROOM_BASE_MAX)),
  ),
  // Issue 15: the share of each day's slots kept for phone callers and walk-ins, and when the widget gets them.
  reservedSharePercent: int(0, 90),
  reservedReleaseHours: int(0, 720),
});
export type SettingsInput = v.InferOutput<typeof settingsSchema>;

/** The languages a desk offers, from a list as chosen: Italian first and always, then the others in vocabulary order. */
export function offeredLanguages(chosen: readonly string[]): Language[] {
  return LANGUAGES.filter((l) => l === 'it' || chosen.includes(l));
}
