import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { services } from './desk';
import { volunteers } from './volunteers';
import {
  BOOKING_STATUSES,
  CALL_OUTCOMES,
  CHANNELS,
  LANGUAGES,
  MODES,
  PHONE_KINDS,
  REMINDER_PLANS,
} from '../../domain/vocabulary';

/**
 * One appointment, from request to outcome. Never deleted; personal columns are nulled by erasure.
 * No two active bookings of a volunteer overlap: enforced by triggers in drizzle/0001_booking_invariants.sql.
 */
export const bookings = sqliteTable(
  'bookings',
  {
    id: text('id').primaryKey(),
    /** Short code shown to the person (no 0/O/1/I). */
    reference: text('reference').notNull().unique(),
    /** Unguessable code of the manage link /m/<code>. */
    manageCode: text('manage_code').notNull().unique(),
    /**
     * Idempotency key the widget sends with a request (random, kept across retries): a retry after a lost
     * answer returns the booking already made instead of making a second one.
     */
    requestKey: text('request_key').unique(),
    icalSequence: integer('ical_sequence').notNull().default(0),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id),
    mode: text('mode', { enum: MODES }).notNull(),
    volunteerId: text('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    /** UTC instants, epoch milliseconds. End is exclusive. */
    startAt: integer('start_at').notNull(),
    endAt: integer('end_at').notNull(),
    /** The desk's local date and time of the start, as the desk saw them. */
    localDate: text('local_date').notNull(),
    localTime: text('local_time').notNull(),
    status: text('status', { enum: BOOKING_STATUSES }).notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    language: text('language', { enum: LANGUAGES }).notNull().default('it'),
    personName: text('person_name'),
    /** E.164. */
    phone: text('phone'),
    /**
     * What the phone is: a mobile (texts go to it), a landline or none (staff bookings only: no SMS at all,
     * reception calls to remind).
     */
    phoneKind: text('phone_kind', { enum: PHONE_KINDS }).notNull().default('mobile'),
    /** The person's name folded for search (lower case, no accents); nulled with the name by erasure. */
    nameKey: text('name_key'),
    /**
     * Unguessable room name of a remote booking, for the desk's video server when the volunteer has no link
     * of their own (desk_settings.video_room_base + this).
     */
    videoRoom: text('video_room'),
    email: text('email'),
    note: text('note'),
    /** Special-category data: stored only with accessibility_consent_at set. */
    accessibilityNeeds: text('accessibility_needs'),
    accessibilityConsentAt: integer('accessibility_consent_at'),
    consentAt: integer('consent_at'),
    consentVersion: text('consent_version'),
    /** For requests: when the hold lapses and the request expires. */
    holdUntil: integer('hold_until'),
    confirmedAt: integer('confirmed_at'),
    cancelledAt: integer('cancelled_at'),
    cancelledBy: text('cancelled_by', { enum: ['person', 'staff'] }),
    cancelReason: text('cancel_reason'),
    lateCancellation: integer('late_cancellation', { mode: 'boolean' }).notNull().default(false),
    rejectReason: text('reject_reason'),
    /** When the person confirmed attendance from the manage link. */
    attendanceConfirmedAt: integer('attendance_confirmed_at'),
    /** Which reminders go out besides the confirmation (domain/vocabulary.ts, REMINDER_PLANS). */
    reminderPlan: text('reminder_plan', { enum: REMINDER_PLANS }).notNull().default('standard'),
    /** What reception recorded after calling the person from the call list; the latest call counts. */
    callOutcome: text('call_outcome', { enum: CALL_OUTCOMES }),
    callOutcomeAt: integer('call_outcome_at'),
    /** The staff user who recorded the call. */
    callOutcomeBy: text('call_outcome_by'),
    /** Times the person moved the appointment from the manage page (domain/person-move.ts caps it). */
    personMoves: integer('person_moves').notNull().default(0),
    /** The attended booking this one continues (a follow-up on the person's path), if any. */
    followUpOf: text('follow_up_of').references((): AnySQLiteColumn => bookings.id),
    /** Shared by the bookings of one series (e.g. three meetings every two weeks), written in one batch. */
    seriesId: text('series_id'),
    /** When the person arrived at the desk (reception's "arrived"); walk-ins arrive when they are recorded. */
    checkedInAt: integer('checked_in_at'),
    /** When the meeting began: waiting time is started_at - checked_in_at. */
    startedAt: integer('started_at'),
    /** A longer appointment: the service's duration doubled (end_at already holds the longer end). */
    longAppointment: integer('long_appointment', { mode: 'boolean' }).notNull().default(false),
    /** The language an interpreter should speak (needs the accessibility consent; erased with the needs). */
    interpreterLanguage: text('interpreter_language'),
    /** Whether the person had booked before, decided once when the booking is made (kept after erasure). */
    returningPerson: integer('returning_person', { mode: 'boolean' }),
    outcomeAt: integer('outcome_at'),
    staffNote: text('staff_note'),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    erasedAt: integer('erased_at'),
  },
  (t) => [
    index('bookings_volunteer_start').on(t.volunteerId, t.startAt),
    index('bookings_start').on(t.startAt),
    index('bookings_local_date_status').on(t.localDate, t.status),
    index('bookings_status_hold').on(t.status, t.holdUntil),
    // Availability reads active bookings in a time window: status IN (…) AND start_at in a range.
    index('bookings_status_start').on(t.status, t.startAt),
    index('bookings_phone_status').on(t.phone, t.status),
    index('bookings_follow_up_of')
      .on(t.followUpOf)
      .where(sql`${t.followUpOf} is not null`),
    index('bookings_series')
      .on(t.seriesId)
      .where(sql`${t.seriesId} is not null`),
    // Reception finds a number by its last digits (domain/person-search.ts): the same expression in the query.
    index('bookings_phone_tail').on(sql`substr(${t.phone}, -6)`),
    // Rows whose name still waits for its search key (written before 0009): the backfill reads only these.
    index('bookings_name_key_pending')
      .on(t.id)
      .where(sql`${t.nameKey} is null and ${t.personName} is not null`),
    check('bookings_time_order', sql`${t.startAt} < ${t.endAt}`),
    check(
      'bookings_accessibility_consent',
      sql`${t.accessibilityNeeds} is null or ${t.accessibilityConsentAt} is not null`,
    ),
  ],
);

/** Audit trail: who did what to which booking and when (status changes, messages, notes). */
export const bookingEvents = sqliteTable(
  'booking_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    bookingId: text('booking_id')
      .notNull()
      .references(() => bookings.id),
    at: integer('at').notNull(),
    actorType: text('actor_type', { enum: ['person', 'staff', 'system'] }).notNull(),
    actorId: text('actor_id'),
    type: text('type').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    /** JSON with event details; never personal data beyond what the booking row holds. */
    data: text('data'),
  },
  (t) => [index('booking_events_booking').on(t.bookingId, t.at)],
);
