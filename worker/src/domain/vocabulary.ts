/**
 * The words the whole system speaks: booking statuses, modes, channels, languages, roles and message kinds.
 * The database schema, validation, routes and both clients import them from here, so one list decides.
 */

export const BOOKING_STATUSES = [
  'requested',
  'confirmed',
  'attended',
  'no_show',
  'rejected',
  'expired',
  'cancelled',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
/** Statuses that hold a volunteer's time: the overlap invariant applies to these. */
export const ACTIVE_STATUSES = ['requested', 'confirmed'] as const satisfies readonly BookingStatus[];

/** In person at the desk, or remote by video call. */
export const MODES = ['in_person', 'remote'] as const;
export type Mode = (typeof MODES)[number];

/**
 * What a booking's phone is. Only staff book a landline or no phone at all; such bookings get no SMS and
 * show "no SMS: call to remind" to reception.
 */
export const PHONE_KINDS = ['mobile', 'landline', 'none'] as const;
export type PhoneKind = (typeof PHONE_KINDS)[number];

/**
 * Who made the booking: the person through the widget, reception, a volunteer, the person taking a waitlist
 * offer, or reception recording someone who came to the desk without a booking (a walk-in).
 */
export const CHANNELS = ['widget', 'reception', 'volunteer', 'waitlist', 'walk_in'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * A booking's reminder plan (issue 14): which reminders go out besides the confirmation. `standard` is the
 * reminder the day before; `morning` adds one on the morning of the day (desk_settings.morning_reminder_minute);
 * `three_days` adds one three days before; `both` adds the two; `call` sends no reminder SMS and puts the
 * booking on reception's call list instead.
 */
export const REMINDER_PLANS = ['standard', 'morning', 'three_days', 'both', 'call'] as const;
export type ReminderPlan = (typeof REMINDER_PLANS)[number];

/** What reception records after calling someone on the call list (bookings.call_outcome). */
export const CALL_OUTCOMES = ['confirmed', 'cancelled', 'another_time', 'no_answer'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Whether a move made by the person from the manage page needs reception's confirmation again. */
export const MOVE_CONFIRMATION_POLICIES = ['always', 'other_day', 'never'] as const;
export type MoveConfirmationPolicy = (typeof MOVE_CONFIRMATION_POLICIES)[number];

/** A waitlist entry's life: waiting for a slot, booked through an offer, removed (by the person or staff), expired with its range. */
export const WAITLIST_STATUSES = ['waiting', 'booked', 'removed', 'expired'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

/** A waitlist offer's life: open (maybe holding the slot), taken, declined, lapsed (unanswered in time), withdrawn (the slot went). */
export const OFFER_STATUSES = ['open', 'taken', 'declined', 'lapsed', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/**
 * Languages a booking, its SMS and its pages can be in: Italian first, English, then the languages of the
 * largest communities that come to the desk (Arabic, Spanish, French, Ukrainian, Romanian). The staff portal
 * speaks only the first two.
 */
export const LANGUAGES = ['it', 'en', 'ar', 'es', 'fr', 'uk', 'ro'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The languages beyond the two the staff portal speaks: a service's name in them is optional (stored in
 * `services.translations`) and English stands in where none was written.
 */
export type TranslatedLanguage = Exclude<Language, 'it' | 'en'>;
export const TRANSLATED_LANGUAGES: readonly TranslatedLanguage[] = LANGUAGES.filter(
  (l): l is TranslatedLanguage => l !== 'it' && l !== 'en',
);

/** Each language named in itself, as a language switch shows it. */
export const LANGUAGE_ENDONYMS: Readonly<Record<Language, string>> = {
  it: 'Italiano',
  en: 'English',
  ar: 'العربية',
  es: 'Español',
  fr: 'Français',
  uk: 'Українська',
  ro: 'Română',
};

/**
 * The locale each language formats dates with: en-GB for a 24-hour clock with the day before the month,
 * plain `ar` for the digits Arabic readers get by default.
 */
export const LANGUAGE_LOCALES: Readonly<Record<Language, string>> = {
  it: 'it-IT',
  en: 'en-GB',
  ar: 'ar',
  es: 'es-ES',
  fr: 'fr-FR',
  uk: 'uk-UA',
  ro: 'ro-RO',
};

/** The writing direction of a language: Arabic runs right to left. */
export function textDirection(lang: Language): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

/** Staff roles; see the role matrix in the README. */
export const ROLES = ['admin', 'reception', 'volunteer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * An SMS's kind. `reminder_morning` and `reminder_early` (three days before) are the reminder plans' extra
 * reminders; `waitlist_offer` belongs to a waitlist offer (messages.offer_id), not to a booking.
 */
export const MESSAGE_KINDS = [
  'confirmation',
  'reminder',
  'cancellation',
  'reschedule',
  'rejection',
  'expiry',
  'reminder_morning',
  'reminder_early',
  'waitlist_offer',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
/** The kinds written about a booking (messages.booking_id); the rest belong to a waitlist offer. */
export type BookingMessageKind = Exclude<MessageKind, 'waitlist_offer'>;
export const MESSAGE_STATUSES = ['pending', 'sending', 'sent', 'delivered', 'failed', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
/**
 * What a booking's audit trail records (booking_events.type): status changes, edits, data requests and the
 * fate of its SMS. The portal has a label for each (tests/unit/catalog-admin.test.ts).
 */
export const BOOKING_EVENT_TYPES = [
  'created',
  'confirmed',
  'rejected',
  'cancelled',
  'rescheduled',
  'note',
  'outcome',
  'outcome_corrected',
  'expired',
  'attendance_confirmed',
  'personal_data_exported',
  'erased',
  'accessibility_erased',
  'message_sent',
  'message_failed',
  'language_changed',
  'reminder_plan_changed',
  'call_recorded',
  'moved_by_person',
  'waitlist_offer_taken',
  'checked_in',
  'started',
  'follow_up_booked',
  'needs_changed',
] as const;
export type BookingEventType = (typeof BOOKING_EVENT_TYPES)[number];
/** Who wrote an event: the person (widget, manage link), a staff member, or a job. */
export const ACTOR_TYPES = ['person', 'staff', 'system'] as const;

/**
 * Why the SMS provider refuses every message (an account problem, not a message's): the sender name, a
 * destination country not enabled, the credentials, the configuration, the credit. Sending stops and
 * messages wait (outbox/dispatch.ts); the admin portal shows one alert.
 */
export const SMS_ALERT_REASONS = ['sender', 'country', 'credentials', 'not_configured', 'credit'] as const;
export type SmsAlertReason = (typeof SMS_ALERT_REASONS)[number];
