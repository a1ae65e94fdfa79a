import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { MOVE_CONFIRMATION_POLICIES } from '../../domain/vocabulary';

/** The zone a desk gets when it is created without one (Italian association: Rome). */
export const DEFAULT_DESK_TIME_ZONE = 'Europe/Rome';

/** The monthly SMS budget a desk starts with (finite: a stranger must not be able to spend without end). */
export const DEFAULT_SMS_MONTHLY_BUDGET = 500;

/**
 * Destination countries a desk texts by default (ISO 3166-1 alpha-2): Italy, the rest of the EU and the
 * EEA, Switzerland, the UK, Ukraine, Albania, Moldova. Numbers elsewhere are refused when entered.
 */
export const DEFAULT_SMS_COUNTRIES = [
  'IT',
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'IS',
  'LI',
  'NO',
  'CH',
  'GB',
  'UA',
  'AL',
  'MD',
] as const;

/** The one desk this deployment serves: identity, booking rules, SMS and retention settings. */
export const deskSettings = sqliteTable(
  'desk_settings',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    city: text('city').notNull().default(''),
    timeZone: text('time_zone').notNull().default(DEFAULT_DESK_TIME_ZONE),
    phone: text('phone').notNull().default(''),
    email: text('email').notNull().default(''),
    privacyUrl: text('privacy_url').notNull().default(''),
    /**
     * Where the manage page sends someone who wants another appointment: the association's own booking
     * page. Empty means the Worker's own booking page (/prenota).
     */
    bookingPageUrl: text('booking_page_url').notNull().default(''),
    /**
     * Base https URL of a video-call server (e.g. a Jitsi server) on which the desk opens a room per remote
     * booking whose volunteer has no link of their own. Empty: only volunteers with a link take video calls.
     */
    videoRoomBase: text('video_room_base').notNull().default(''),
    /** Comma-separated UI languages, first is the default. */
    languages: text('languages').notNull().default('it,en'),
    minNoticeMinutes: integer('min_notice_minutes').notNull().default(1440),
    horizonDays: integer('horizon_days').notNull().default(42),
    /** How long an unconfirmed request holds its slot before it expires. */
    requestHoldHours: integer('request_hold_hours').notNull().default(48),
    /** Slot grid step in minutes; null means "the service's duration". */
    slotGridMinutes: integer('slot_grid_minutes'),
    cancellationNoticeHours: integer('cancellation_notice_hours').notNull().default(24),
    maxOpenRequestsPerPhone: integer('max_open_requests_per_phone').notNull().default(2),
    /** Public POSTs allowed per client IP per hour. */
    requestsPerIpPerHour: integer('requests_per_ip_per_hour').notNull().default(10),
    reminderHour: integer('reminder_hour').notNull().default(18),
    quietStartMinute: integer('quiet_start_minute')
      .notNull()
      .default(21 * 60),
    quietEndMinute: integer('quiet_end_minute')
      .notNull()
      .default(8 * 60),
    smsEnabled: integer('sms_enabled', { mode: 'boolean' }).notNull().default(true),
    /**
     * SMS the desk may send in a calendar month. The column stays nullable for older rows (migration 0006
     * filled them in); code reads null as DEFAULT_SMS_MONTHLY_BUDGET, never as "unlimited".
     */
    smsMonthlyBudget: integer('sms_monthly_budget').$defaultFn(() => DEFAULT_SMS_MONTHLY_BUDGET),
    /**
     * Texts about a request no staff member has confirmed (the person's own cancellation, expiry). Off by
     * default: anyone can make a request, so these would let a stranger text any number in the desk's name.
     */
    requestSms: integer('request_sms', { mode: 'boolean' }).notNull().default(false),
    /** Per number and rolling day: SMS other than the confirmation, reminders and changes of a confirmed booking. */
    smsPerNumberDaily: integer('sms_per_number_daily').notNull().default(3),
    /** Per number and rolling day: every SMS. */
    smsPerNumberDailyTotal: integer('sms_per_number_daily_total').notNull().default(8),
    /** Per desk and rolling hour: every SMS. */
    smsPerDeskHourly: integer('sms_per_desk_hourly').notNull().default(60),
    /** Comma-separated ISO 3166-1 alpha-2 codes of the countries whose mobile numbers are accepted. */
    smsCountries: text('sms_countries').notNull().default(DEFAULT_SMS_COUNTRIES.join(',')),
    retentionMonths: integer('retention_months').notNull().default(12),
    accessibilityRetentionDays: integer('accessibility_retention_days').notNull().default(30),
    icalIncludePhone: integer('ical_include_phone', { mode: 'boolean' }).notNull().default(false),
    /**
     * The desk-wide feed's key: a random negative number the token is derived from (domain/ical-token.ts).
     * Positive values are issue instants written by older versions, replaced on sight.
     */
    icalDeskTokenRotatedAt: integer('ical_desk_token_rotated_at'),
    /** SHA-256 (hex) of the desk-wide iCal feed token; the token itself is never stored. */
    icalDeskTokenHash: text('ical_desk_token_hash'),
    /** The widget offers the waitlist, and freed slots are offered to the people on it. */
    waitlistEnabled: integer('waitlist_enabled', { mode: 'boolean' }).notNull().default(true),
    /** How long an offer holds its slot for the person it went to (never past 2 hours before the start). */
    waitlistHoldMinutes: integer('waitlist_hold_minutes').notNull().default(120),
    /** The call list of the next working day is due at this local minute of the working day before (12:00). */
    callCutoffMinute: integer('call_cutoff_minute')
      .notNull()
      .default(12 * 60),
    /** Local minute of the morning reminder (reminder plans `morning` and `both`); never inside quiet hours. */
    morningReminderMinute: integer('morning_reminder_minute')
      .notNull()
      .default(8 * 60),
    /** Whether a person's own move from the manage page needs reception's confirmation again. */
    /**
     * Capacity kept for phone callers and walk-ins: this share (percent) of each day's slots stays out of the
     * public widget until `reservedReleaseHours` before their start. Reception sees and books them at any time.
     */
    reservedSharePercent: integer('reserved_share_percent').notNull().default(0),
    reservedReleaseHours: integer('reserved_release_hours').notNull().default(24),
    moveConfirmation: text('move_confirmation', { enum: MOVE_CONFIRMATION_POLICIES }).notNull().default('other_day'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    check('desk_settings_single_row', sql`${t.id} = 1`),
    check('desk_settings_notice', sql`${t.minNoticeMinutes} >= 0`),
    check('desk_settings_horizon', sql`${t.horizonDays} between 1 and 366`),
    check('desk_settings_reminder_hour', sql`${t.reminderHour} between 0 and 23`),
    check('desk_settings_waitlist_hold', sql`${t.waitlistHoldMinutes} between 5 and 1440`),
    check('desk_settings_call_cutoff', sql`${t.callCutoffMinute} between 0 and 1439`),
    check('desk_settings_reserved_share', sql`${t.reservedSharePercent} between 0 and 90`),
    check('desk_settings_reserved_release', sql`${t.reservedReleaseHours} between 0 and 720`),
    check('desk_settings_morning_reminder', sql`${t.morningReminderMinute} between 0 and 1439`),
  ],
);

/** What a job seeker can book: e.g. first orientation talk, CV review. */
export const services = sqliteTable(
  'services',
  {
    id: text('id').primaryKey(),
    nameIt: text('name_it').notNull(),
    nameEn: text('name_en').notNull(),
    descriptionIt: text('description_it').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    /**
     * Names and descriptions in the other people-facing languages, as JSON: `{ "ar": { "name": "…",
     * "description": "…" }, … }`. A language missing here shows the English name.
     */
    translations: text('translations').notNull().default('{}'),
    durationMinutes: integer('duration_minutes').notNull(),
    allowsInPerson: integer('allows_in_person', { mode: 'boolean' }).notNull().default(true),
    allowsRemote: integer('allows_remote', { mode: 'boolean' }).notNull().default(true),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    /** The service usually booked after this one on a person's path; a follow-up preselects it. */
    nextServiceId: text('next_service_id').references((): AnySQLiteColumn => services.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    check('services_duration', sql`${t.durationMinutes} between 5 and 480`),
    check('services_some_mode', sql`${t.allowsInPerson} = 1 or ${t.allowsRemote} = 1`),
  ],
);
