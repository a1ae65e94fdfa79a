import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bookings } from './bookings';
import { services } from './desk';
import { volunteers } from './volunteers';
import { LANGUAGES, MODES, OFFER_STATUSES, WAITLIST_STATUSES } from '../../domain/vocabulary';

/**
 * A person waiting for a time of a service and mode within a range of the desk's days (issue 14). Joining
 * sends no SMS. An entry ends booked (it took an offer), removed (by the person or staff) or expired (its
 * range is past). Personal columns are nulled by erasure, as a booking's.
 */
export const waitlistEntries = sqliteTable(
  'waitlist_entries',
  {
    id: text('id').primaryKey(),
    /** Short code shown to the person, from the same alphabet as a booking's reference. */
    reference: text('reference').notNull().unique(),
    /** Unguessable code of the entry's page /w/<code> (see the offer, leave the list). */
    manageCode: text('manage_code').notNull().unique(),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id),
    mode: text('mode', { enum: MODES }).notNull(),
    /** The desk's local dates the person can come, inclusive (YYYY-MM-DD). */
    fromDate: text('from_date').notNull(),
    toDate: text('to_date').notNull(),
    status: text('status', { enum: WAITLIST_STATUSES }).notNull().default('waiting'),
    /** How the entry was made: through the widget or by reception on the phone. */
    channel: text('channel', { enum: ['widget', 'reception'] })
      .notNull()
      .default('widget'),
    language: text('language', { enum: LANGUAGES }).notNull().default('it'),
    personName: text('person_name'),
    /** E.164 mobile. */
    phone: text('phone'),
    consentAt: integer('consent_at'),
    consentVersion: text('consent_version'),
    /** Hashed client key of the maker (as rate_limits keys), for the per-client cap; never an address. */
    clientKey: text('client_key'),
    /** The booking made when the entry took an offer. */
    bookingId: text('booking_id').references(() => bookings.id),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    endedAt: integer('ended_at'),
    erasedAt: integer('erased_at'),
  },
  (t) => [
    // Offers look for waiting entries of a service and mode whose range holds a day, in join order.
    index('waitlist_entries_match').on(t.status, t.serviceId, t.mode, t.createdAt),
    index('waitlist_entries_phone_status').on(t.phone, t.status),
    check('waitlist_entries_range', sql`${t.fromDate} <= ${t.toDate}`),
  ],
);

/**
 * A freed slot offered to a waiting person. An offer that `holds` keeps the slot for its person until
 * hold_until (availability and every insert treat it as taken; at most one such open offer per volunteer
 * and start); a slot starting within the next day is offered to everyone waiting at once, without a hold,
 * first come first served. Taking is a compare-and-swap (open → taken) and the booking's guarded insert in
 * one batch.
 */
export const waitlistOffers = sqliteTable(
  'waitlist_offers',
  {
    id: text('id').primaryKey(),
    /** Unguessable code of the offer's page /w/<code>, sent in the offer SMS. */
    code: text('code').notNull().unique(),
    entryId: text('entry_id')
      .notNull()
      .references(() => waitlistEntries.id),
    serviceId: text('service_id')
      .notNull()
      .references(() => services.id),
    mode: text('mode', { enum: MODES }).notNull(),
    volunteerId: text('volunteer_id')
      .notNull()
      .references(() => volunteers.id),
    startAt: integer('start_at').notNull(),
    endAt: integer('end_at').notNull(),
    localDate: text('local_date').notNull(),
    localTime: text('local_time').notNull(),
    status: text('status', { enum: OFFER_STATUSES }).notNull().default('open'),
    /** Whether the offer keeps the slot for this person while open (false: offered to everyone at once). */
    holds: integer('holds', { mode: 'boolean' }).notNull().default(true),
    /** When an open offer lapses (and its hold ends). */
    holdUntil: integer('hold_until').notNull(),
    /** The booking whose end freed the slot (cancellation, rejection, expiry, move), if one did. */
    sourceBookingId: text('source_booking_id').references(() => bookings.id),
    /** When the slot was freed: the start of the time to refill. */
    freedAt: integer('freed_at').notNull(),
    /** The booking made by taking the offer. */
    bookingId: text('booking_id').references(() => bookings.id),
    /** How the offer reached the person: an SMS, or reception on the phone. */
    channel: text('channel', { enum: ['sms', 'phone'] })
      .notNull()
      .default('sms'),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    answeredAt: integer('answered_at'),
  },
  (t) => [
    // An open offer that holds keeps its slot for one person only.
    uniqueIndex('waitlist_offers_one_hold')
      .on(t.volunteerId, t.startAt)
      .where(sql`${t.status} = 'open' and ${t.holds} = 1`),
    // An entry has at most one open offer at a time.
    uniqueIndex('waitlist_offers_one_open_per_entry')
      .on(t.entryId)
      .where(sql`${t.status} = 'open'`),
    index('waitlist_offers_status_hold').on(t.status, t.holdUntil),
    index('waitlist_offers_volunteer_start').on(t.volunteerId, t.startAt),
    index('waitlist_offers_source').on(t.sourceBookingId),
    check('waitlist_offers_time_order', sql`${t.startAt} < ${t.endAt}`),
  ],
);
