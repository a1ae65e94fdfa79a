import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bookings } from './bookings';
import { waitlistOffers } from './waitlist';
import { LANGUAGES, MESSAGE_KINDS, MESSAGE_STATUSES, SMS_ALERT_REASONS } from '../../domain/vocabulary';

/** The SMS outbox: one row per message, written in the same batch as the change that causes it. */
export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    /** The booking the text is about; null for a waitlist offer's text, which has offer_id instead. */
    bookingId: text('booking_id').references(() => bookings.id),
    /** The waitlist offer the text is about (kind waitlist_offer): at most one text per offer. */
    offerId: text('offer_id').references(() => waitlistOffers.id),
    kind: text('kind', { enum: MESSAGE_KINDS }).notNull(),
    /** 0 for every kind but reschedule, where it counts reschedules. */
    seq: integer('seq').notNull().default(0),
    recipient: text('recipient'),
    language: text('language', { enum: LANGUAGES }).notNull().default('it'),
    body: text('body'),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Not before this instant (quiet hours, reminder time, backoff). */
    notBefore: integer('not_before').notNull(),
    /** A claim by a dispatcher run lasts until this instant. */
    claimedUntil: integer('claimed_until'),
    provider: text('provider'),
    providerId: text('provider_id'),
    errorCode: text('error_code'),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('messages_booking_kind_seq').on(t.bookingId, t.kind, t.seq),
    uniqueIndex('messages_offer').on(t.offerId),
    check('messages_subject', sql`(${t.bookingId} is null) <> (${t.offerId} is null)`),
    index('messages_due').on(t.status, t.notBefore),
    index('messages_provider_id').on(t.providerId),
    // The SMS caps count by destination and by time sent (outbox/store.ts), without scanning the table.
    index('messages_recipient_sent').on(t.recipient, t.sentAt),
    index('messages_sent_at').on(t.sentAt),
    check('messages_attempts', sql`${t.attempts} >= 0`),
  ],
);

/** Fixed-window counters for abuse limits (public requests per IP, logins per account). Keys hold no raw personal data. */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    key: text('key').notNull(),
    windowStart: integer('window_start').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/**
 * The one SMS alert: the provider refused the account, not a message (sender refused, country not
 * enabled, credentials, not configured), so sending stopped and messages wait. At most one row (id 1);
 * the dispatcher writes it when a run halts and deletes it when a message goes out again.
 */
export const smsAlerts = sqliteTable(
  'sms_alerts',
  {
    id: integer('id').primaryKey(),
    provider: text('provider').notNull(),
    reason: text('reason', { enum: SMS_ALERT_REASONS }).notNull(),
    /** The provider's error code, or ours ('provider_not_configured', 'sender_invalid'). */
    code: text('code').notNull(),
    /** Our own words (never the provider's text, which may quote a number). */
    message: text('message').notNull(),
    /** ISO country of the refused destination, for `country`. */
    country: text('country'),
    /** When sending stopped. */
    since: integer('since').notNull(),
    /** Messages waiting at the last check. */
    waiting: integer('waiting').notNull().default(0),
    /** The last check (every halted tick tries one message). */
    checkedAt: integer('checked_at').notNull(),
  },
  (t) => [check('sms_alerts_single', sql`${t.id} = 1`)],
);
