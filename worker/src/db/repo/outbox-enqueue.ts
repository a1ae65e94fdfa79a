/**
 * Writing SMS into the outbox. Every statement here is meant to sit in the db.batch of the change that
 * causes the message (confirm, reject, cancel, reschedule, expiry, the reminder job), so the message
 * exists exactly when the change does.
 *
 * - Bodies are rendered here, in JS, in the booking's language (worker/src/domain/sms-text.ts).
 * - Rows are INSERT … SELECT … FROM bookings WHERE <the action's guard>: no guard match, no row.
 * - The recipient is read from the booking row in the same statement, never from an older copy.
 * - `ON CONFLICT (booking_id, kind, seq) DO NOTHING`: at most one message per booking, kind and seq,
 *   whatever retries or overlapping runs do.
 * - Nothing is written while the desk has SMS switched off (sms_enabled = 0) or the booking has no phone
 *   (erased): switching SMS off means "do not queue", not "queue as cancelled".
 * - Rows start 'pending' with not_before = now; quiet hours and the budget are the dispatcher's business.
 * - Message ids come from SQLite (randomblob), so one statement can write many rows.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client';
import { isValidTimeZone } from '../../domain/format';
import { renderSms, type SmsTemplate } from '../../domain/sms-text';
import { bookings } from '../schema';
import { type Language, type MessageKind, type Mode } from '../../domain/vocabulary';

type Statement = BatchItem<'sqlite'>;

/** Rows per multi-row INSERT: five parameters each, far below SQLite's bound-parameter limit. */
export const ENQUEUE_CHUNK = 100;

/** What the texts need from the desk and the deployment. */
export interface OutboxDesk {
  /** PUBLIC_BASE_URL, no trailing slash. */
  baseUrl: string;
  timeZone: string;
  address: string;
}

/** What the texts need from the booking. */
export interface OutboxBooking {
  manageCode: string;
  language: Language;
  mode: Mode;
  startAt: number;
}

/** Everything needed to render a booking's texts. */
export interface SmsContext {
  desk: OutboxDesk;
  booking: OutboxBooking;
}

/** The desk part of an SmsContext; undefined when the desk is not set up (nothing can be sent then). */
export function outboxDesk(
  desk: { address: string | null; timeZone: string | null } | null | undefined,
  baseUrl: string,
): OutboxDesk | undefined {
  if (!desk || desk.address === null || desk.timeZone === null) return undefined;
  // A zone Intl does not know would make rendering throw; the settings form refuses one, this is a backstop.
  if (!isValidTimeZone(desk.timeZone)) return undefined;
  return { baseUrl, timeZone: desk.timeZone, address: desk.address };
}

/** The SmsContext of an action on an existing booking; undefined when the desk is not set up. */
export function smsContext(
  desk: { address: string | null; timeZone: string | null } | null | undefined,
  booking: OutboxBooking,
  baseUrl: string,
): SmsContext | undefined {
  const d = outboxDesk(desk, baseUrl);
  return d ? { desk: d, booking } : undefined;
}

/** The short link of the manage page the texts carry. */
export function manageUrl(baseUrl: string, manageCode: string): string {
  return `${baseUrl}/m/${manageCode}`;
}

/** A booking's text of the given template, in its language. */
export function renderFor(
  template: SmsTemplate,
  ctx: SmsContext,
  opts: { startAt?: number; videoLink?: string | null } = {},
): string {
  return renderSms(template, ctx.booking.language, {
    startAt: opts.startAt ?? ctx.booking.startAt,
    timeZone: ctx.desk.timeZone,
    mode: ctx.booking.mode,
    address: ctx.desk.address,
    manageUrl: manageUrl(ctx.desk.baseUrl, ctx.booking.manageCode),
    videoLink: opts.videoLink ?? null,
  });
}

/** The booking can receive SMS and the desk sends them. Evaluated inside the writing statement. */
const sendable = sql`${bookings.phone} IS NOT NULL
  AND EXISTS (SELECT 1 FROM desk_settings WHERE desk_settings.id = 1 AND desk_settings.sms_enabled = 1)`;

const messageId = sql`lower(hex(randomblob(12)))`;

/** One message to queue for the booking `guard` selects. `seq` may be SQL over the booking row (pre-update). */
export interface OutboxMessage {
  kind: MessageKind;
  seq: number | SQL;
  language: Language;
  body: string;
}

/** INSERT … SELECT of one message for the booking matched by `guard` (which must select at most one row). */
export function enqueueOne(db: Db, m: OutboxMessage, now: number, guard: SQL): Statement {
  return db.run(sql`
    INSERT INTO messages (id, booking_id, kind, seq, recipient, language, body, status, attempts, not_before,
      created_at, updated_at)
    SELECT ${messageId}, ${bookings.id}, ${m.kind}, ${m.seq}, ${bookings.phone}, ${m.language}, ${m.body},
      'pending', 0, ${now}, ${now}, ${now}
    FROM ${bookings}
    WHERE ${sendable} AND (${guard})
    ON CONFLICT (booking_id, kind, seq) DO NOTHING`);
}

/** A message for a given booking, for the multi-row form. */
export interface QueuedMessage {
  bookingId: string;
  kind: MessageKind;
  seq: number;
  language: Language;
  body: string;
}

/**
 * Chunked multi-row INSERT … SELECT: each row joins its booking, and `guard` (over the `bookings` row and
 * the `v` row: v.booking_id, v.kind, v.seq) re-checks at write time that the booking still warrants it.
 * One statement per ENQUEUE_CHUNK rows; put them all in one batch for one round trip.
 */
export function enqueueMany(db: Db, rows: readonly QueuedMessage[], now: number, guard: SQL): Statement[] {
  const statements: Statement[] = [];
  for (let i = 0; i < rows.length; i += ENQUEUE_CHUNK) {
    const values = sql.join(
      rows.slice(i, i + ENQUEUE_CHUNK).map((r) => sql`(${r.bookingId}, ${r.kind}, ${r.seq}, ${r.language}, ${r.body})`),
      sql`, `,
    );
    statements.push(
      db.run(sql`
        WITH v(booking_id, kind, seq, language, body) AS (VALUES ${values})
        INSERT INTO messages (id, booking_id, kind, seq, recipient, language, body, status, attempts, not_before,
          created_at, updated_at)
        SELECT ${messageId}, v.booking_id, v.kind, v.seq, ${bookings.phone}, v.language, v.body,
          'pending', 0, ${now}, ${now}, ${now}
        FROM v JOIN ${bookings} ON ${bookings.id} = v.booking_id
        WHERE ${sendable} AND (${guard})
        ON CONFLICT (booking_id, kind, seq) DO NOTHING`),
    );
  }
  return statements;
}

/**
 * Cancels the booking's messages of `kinds` that are still waiting (error 'superseded'), when `guard`
 * matches: a confirmation held by quiet hours must not go out after the appointment was moved or called
 * off, and a reminder of the old time must not follow a reschedule. Runs before the new row is written.
 */
export function supersedePending(
  db: Db,
  bookingId: string,
  kinds: readonly MessageKind[],
  now: number,
  guard: SQL,
): Statement {
  const list = sql.join(
    kinds.map((k) => sql`${k}`),
    sql`, `,
  );
  return db.run(sql`
    UPDATE messages SET status = 'cancelled', error_code = 'superseded', error = 'superseded', updated_at = ${now}
    WHERE messages.booking_id = ${bookingId} AND messages.status = 'pending' AND messages.kind IN (${list})
      AND EXISTS (SELECT 1 FROM ${bookings} WHERE ${guard})`);
}
