/**
 * The outbox's SQL: writing messages in the batch of the change that causes them, claiming due rows,
 * recording what the provider answered, and applying delivery reports.
 *
 * Writing:
 * - Rows are INSERT … SELECT … FROM bookings WHERE <the action's guard>: no guard match, no row. The
 *   recipient is read from the booking row in the same statement, never from an older copy.
 * - `ON CONFLICT (booking_id, kind, seq) DO NOTHING`: at most one message per booking, kind and seq,
 *   whatever retries or overlapping runs do.
 * - Nothing is written while the desk has SMS switched off (sms_enabled = 0), for a booking without a
 *   mobile (erased, or booked by staff with a landline or no phone: phone_kind <> 'mobile'), or for a
 *   walk-in (channel walk_in: the person is at the desk): switching SMS off means "do not queue", not
 *   "queue as cancelled".
 * - Rows start 'pending' with not_before = now; quiet hours and the budget are the dispatcher's business.
 * - Message ids come from SQLite (randomblob), so one statement can write many rows.
 *
 * Sending: every claim is a conditional UPDATE … RETURNING (one statement, atomic), so two runs can never
 * hold the same row; every record is fenced by the attempt number the claim wrote, so a run whose lease
 * ran out cannot overwrite the outcome of the run that took the row over.
 *
 * Rules of outbox/policy.ts that SQL re-states to stay atomic with a write are the named fragments
 * `WARRANTED_SQL` and `CONFIRMED_BEFORE_REMINDER_SQL`; tests/api/outbox-sql-rules.test.ts compares them
 * with the pure rules.
 */
import { and, asc, eq, gt, inArray, isNotNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { batchByName, rowsOf, totalRowsAffected, type Statement } from '../db/batch';
import type { Db } from '../db/client';
import { bookings, deskSettings, smsAlerts, volunteers } from '../db/schema';
import { REMINDER_PLANS } from '../domain/vocabulary';
import type { BookingMessageKind, Language, MessageKind, Mode, SmsAlertReason } from '../domain/vocabulary';
import { NOT_EXTRA_KINDS, planWants, REMINDER_KINDS, type PlannedReminderRun, type ReminderKind } from './policy';

/** The desk settings dispatch needs. */
export interface DispatchDesk {
  timeZone: string;
  quietStartMinute: number;
  quietEndMinute: number;
  smsEnabled: boolean;
  /** Null on rows older than the budget's default; read as DEFAULT_SMS_MONTHLY_BUDGET. */
  smsMonthlyBudget: number | null;
  smsPerNumberDaily: number;
  smsPerNumberDailyTotal: number;
  smsPerDeskHourly: number;
  /** The countries the desk texts (comma-separated ISO codes). */
  smsCountries: string;
  /** The stored SMS alert's code, when sending is halted by an account problem. */
  alertCode: string | null;
}

/** The desk row's SMS settings and the SMS alert, or null on a deployment whose desk is not set up yet. */
export async function loadDispatchDesk(db: Db): Promise<DispatchDesk | null> {
  const rows = await db
    .select({
      timeZone: deskSettings.timeZone,
      quietStartMinute: deskSettings.quietStartMinute,
      quietEndMinute: deskSettings.quietEndMinute,
      smsEnabled: deskSettings.smsEnabled,
      smsMonthlyBudget: deskSettings.smsMonthlyBudget,
      smsPerNumberDaily: deskSettings.smsPerNumberDaily,
      smsPerNumberDailyTotal: deskSettings.smsPerNumberDailyTotal,
      smsPerDeskHourly: deskSettings.smsPerDeskHourly,
      smsCountries: deskSettings.smsCountries,
      alertCode: sql<string | null>`(SELECT ${smsAlerts.code} FROM ${smsAlerts} WHERE ${smsAlerts.id} = 1)`,
    })
    .from(deskSettings)
    .where(eq(deskSettings.id, 1))
    .limit(1);
  return rows[0] ?? null;
}

/** A message a run has claimed and must now send. */
export interface ClaimedMessage {
  id: string;
  bookingId: string;
  kind: MessageKind;
  recipient: string;
  body: string;
  /** The attempt number this claim wrote; fences the record of its outcome. */
  attempts: number;
  /** Counts against the tight per-number cap (policy.ts `isExtraText`); 1/0 from SQL. */
  extra: number;
}

/** Rows a dispatcher may take: pending and due, or claimed by a run whose lease has run out. */
function due(alias: string, now: number): SQL {
  const a = sql.raw(alias);
  return sql`((${a}.status = 'pending' AND ${a}.not_before <= ${now}) OR (${a}.status = 'sending' AND ${a}.claimed_until < ${now}))`;
}

/**
 * `warrants(message, booking, now)` of outbox/policy.ts over `messages m JOIN bookings b` (1/0), so the
 * claim can test it in the same statement that takes the row. Keep the two in step: a test compares them.
 */
export function WARRANTED_SQL(now: number): SQL {
  return sql`(m.recipient IS NOT NULL AND m.body IS NOT NULL AND b.erased_at IS NULL AND CASE m.kind
    WHEN 'confirmation' THEN b.status = 'confirmed' AND b.start_at > ${now}
    WHEN 'reminder' THEN b.status = 'confirmed' AND b.start_at > ${now} AND b.ical_sequence = m.seq
    WHEN 'reminder_morning' THEN b.status = 'confirmed' AND b.start_at > ${now} AND b.ical_sequence = m.seq
    WHEN 'reminder_early' THEN b.status = 'confirmed' AND b.start_at > ${now} AND b.ical_sequence = m.seq
    WHEN 'reschedule' THEN b.status IN ('requested', 'confirmed') AND b.start_at > ${now} AND b.ical_sequence = m.seq
    WHEN 'cancellation' THEN b.status = 'cancelled' AND b.end_at > ${now}
    WHEN 'rejection' THEN b.status = 'rejected' AND b.end_at > ${now}
    WHEN 'expiry' THEN b.status = 'expired' AND b.end_at > ${now}
    ELSE 0 END)`;
}

/**
 * `offerWarrants(offer, now)` of outbox/policy.ts over `waitlist_offers o` (1/0): an offer's text goes out
 * only while the offer is open, its hold not past and its time ahead. Keep the two in step: a test
 * compares them.
 */
export function OFFER_WARRANTED_SQL(now: number): SQL {
  return sql`(m.recipient IS NOT NULL AND m.body IS NOT NULL AND o.status = 'open' AND o.hold_until > ${now}
    AND o.start_at > ${now})`;
}

/** Whether the message `m` (joined to its booking `b` or its offer `o`) is still warranted at `now` (1/0). */
function stillWarranted(now: number): SQL {
  return sql`(CASE WHEN m.offer_id IS NULL THEN ${WARRANTED_SQL(now)} ELSE ${OFFER_WARRANTED_SQL(now)} END)`;
}

/** A message with its booking or its offer (a text belongs to exactly one: messages_subject). */
const SUBJECTS = sql.raw(
  'messages m LEFT JOIN bookings b ON b.id = m.booking_id LEFT JOIN waitlist_offers o ON o.id = m.offer_id',
);

/**
 * `isExtraText(kind, wasConfirmed)` of outbox/policy.ts over `messages m JOIN bookings b` (1/0): a booking
 * was confirmed when it has confirmed_at. Keep the two in step: a test compares them.
 */
export function EXTRA_SQL(m = 'm', b = 'b'): SQL {
  const [mm, bb] = [sql.raw(m), sql.raw(b)];
  const notExtra = sql.raw(NOT_EXTRA_KINDS.map((k) => `'${k}'`).join(', '));
  return sql`(NOT (${mm}.kind IN (${notExtra})
    OR (${mm}.kind = 'cancellation' AND ${bb}.confirmed_at IS NOT NULL)))`;
}

/**
 * A message the caps count at `now`: sent since `since`, or claimed by a live run and not yet recorded
 * (so two runs at once cannot both take the last place).
 */
function countedSince(alias: string, since: number, now: number): SQL {
  const a = sql.raw(alias);
  return sql`(${a}.sent_at >= ${since} OR (${a}.status = 'sending' AND ${a}.sent_at IS NULL AND ${a}.claimed_until >= ${now}))`;
}

/** At most this many stale rows are cancelled per claim; the next claim takes the rest. */
const STALE_LIMIT = 500;

/**
 * Cancels waiting messages the booking no longer warrants (a reminder for a cancelled booking, a
 * confirmation after the start, a reminder for a time the booking has moved from), so they are never
 * claimed and the admin portal shows why.
 */
function cancelStaleStatement(db: Db, now: number): Statement {
  return db.run(sql`
    UPDATE messages SET status = 'cancelled', error_code = 'no_longer_applicable',
      error = 'the booking no longer needs this message', claimed_until = NULL, updated_at = ${now}
    WHERE id IN (
      SELECT m.id FROM ${SUBJECTS}
      WHERE (m.status = 'pending' OR (m.status = 'sending' AND m.claimed_until < ${now}))
        AND NOT coalesce(${stillWarranted(now)}, 0)
      LIMIT ${STALE_LIMIT})`);
}

/** A limit on what the desk sends: at most `max` messages counted since `since`. */
export interface SendWindow {
  max: number;
  since: number;
}

/** What the desk's windows have used: the month (budget) and the last hour (desk cap). */
export interface WindowUse {
  month: number;
  hour: number;
}

/**
 * Messages sent (accepted by a provider) in the budget month and in the last hour, live claims included:
 * what the monthly budget and the desk's hourly cap count, whatever happened to the messages afterwards
 * (an undelivered SMS is paid for too). Over the index messages_sent_at (and messages_due for the claims).
 */
function windowUseStatement(db: Db, windows: { budget: SendWindow; hourly: SendWindow }, now: number) {
  return db.all<WindowUse>(sql`SELECT
    (SELECT count(*) FROM messages WHERE sent_at >= ${windows.budget.since}) + (${inFlight(now)}) AS month,
    (SELECT count(*) FROM messages WHERE sent_at >= ${windows.hourly.since}) + (${inFlight(now)}) AS hour`);
}

/** Messages claimed by a live run and not recorded yet. */
function inFlight(now: number): SQL {
  return sql`SELECT count(*) FROM messages WHERE status = 'sending' AND claimed_until >= ${now} AND sent_at IS NULL`;
}

/** How many more messages `w` allows, as SQL. */
function leftIn(w: SendWindow, now: number): SQL {
  return sql`(${w.max} - (SELECT count(*) FROM messages WHERE sent_at >= ${w.since}) - (${inFlight(now)}))`;
}

export interface ClaimOptions {
  now: number;
  /** How long the claim protects the rows from other runs. */
  leaseMs: number;
  limit: number;
  /** The monthly budget: claim no more than what is left of it. */
  budget: SendWindow;
  /** The desk's hourly cap: likewise. */
  hourly: SendWindow;
}

/**
 * Claims up to `limit` due, still-warranted messages, oldest due first, in ONE statement: status
 * 'sending', a lease, and the attempt counter bumped. The outer WHERE repeats the due condition, so a
 * row another run claimed in the meantime is not taken twice.
 */
function claimStatement(db: Db, o: ClaimOptions) {
  const limit = sql`max(0, min(${o.limit}, ${leftIn(o.budget, o.now)}, ${leftIn(o.hourly, o.now)}))`;
  return db.all<ClaimedMessage>(sql`
    UPDATE messages SET status = 'sending', attempts = attempts + 1, claimed_until = ${o.now + o.leaseMs},
      updated_at = ${o.now}
    WHERE id IN (
      SELECT m.id FROM ${SUBJECTS}
      WHERE ${due('m', o.now)} AND ${stillWarranted(o.now)}
      ORDER BY m.not_before, m.created_at, m.id
      LIMIT ${limit})
      AND ${due('messages', o.now)}
    RETURNING id, booking_id AS bookingId, kind, recipient, body, attempts,
      coalesce((SELECT ${EXTRA_SQL('messages', 'b')} FROM bookings b WHERE b.id = messages.booking_id), 1) AS extra`);
}

/** Per destination of a claim: what the per-number caps count in the window, this claim's rows included. */
export interface RecipientCount {
  recipient: string;
  total: number;
  extra: number;
}

/**
 * The per-number counts for the destinations of the claim just made (its rows are 'sending' with this
 * lease and this `updated_at`), in the claim's batch. Each count is a SEARCH of messages_recipient_sent.
 */
function recipientCountsStatement(db: Db, o: { now: number; leaseUntil: number; since: number }) {
  const counted = countedSince('s', o.since, o.now);
  return db.all<RecipientCount>(sql`
    WITH mine(recipient) AS (
      SELECT DISTINCT recipient FROM messages
      WHERE status = 'sending' AND claimed_until = ${o.leaseUntil} AND updated_at = ${o.now} AND recipient IS NOT NULL)
    SELECT mine.recipient AS recipient,
      (SELECT count(*) FROM messages s WHERE s.recipient = mine.recipient AND ${counted}) AS total,
      (SELECT count(*) FROM messages s LEFT JOIN bookings b ON b.id = s.booking_id
        WHERE s.recipient = mine.recipient AND ${counted} AND ${EXTRA_SQL('s', 'b')}) AS extra
    FROM mine`);
}

/** What became of one claimed message. */
export type SendOutcome =
  | { id: string; attempts: number; outcome: 'sent'; provider: string; providerId: string }
  /** Temporary failure: back to pending until `notBefore`. */
  | {
      id: string;
      attempts: number;
      outcome: 'retry';
      provider: string;
      notBefore: number;
      errorCode: string;
      error: string;
    }
  /** Permanent failure, or temporary ones exhausted: stops here. */
  | { id: string; attempts: number; outcome: 'failed'; provider: string; errorCode: string; error: string }
  /** Not attempted (the run stopped): back to pending as it was, the attempt not counted. */
  | { id: string; attempts: number; outcome: 'release'; errorCode: string; error: string }
  /** Not attempted and never will be: over a per-number cap (cancelled, `recipient_cap`). */
  | { id: string; attempts: number; outcome: 'capped'; errorCode: string; error: string }
  /** Not attempted and never will be: a destination the desk no longer texts (failed, `country_not_allowed`). */
  | { id: string; attempts: number; outcome: 'refused'; errorCode: string; error: string };

/**
 * Records a batch of outcomes: an audit event per sent or finally failed message, then one UPDATE over
 * all of them. Both are fenced by (attempts, claimed_until not null): only the claim that sent the
 * message records it, once. When a delivery report already moved a row on (it can arrive before we
 * record), its status stays and only the provider id, sent time and lease are filled in.
 */
function recordStatements(db: Db, outcomes: readonly SendOutcome[], now: number): Statement[] {
  if (outcomes.length === 0) return [];
  const payload = JSON.stringify(
    outcomes.map((o) => ({
      id: o.id,
      attempts: o.attempts,
      outcome: o.outcome,
      provider: 'provider' in o ? o.provider : null,
      providerId: o.outcome === 'sent' ? o.providerId : null,
      notBefore: o.outcome === 'retry' ? o.notBefore : null,
      errorCode: o.outcome === 'sent' ? null : o.errorCode,
      error: o.outcome === 'sent' ? null : o.error,
    })),
  );
  const r = sql`(SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.attempts') AS attempts,
      json_extract(value, '$.outcome') AS outcome, json_extract(value, '$.provider') AS provider,
      json_extract(value, '$.providerId') AS provider_id, json_extract(value, '$.notBefore') AS not_before,
      json_extract(value, '$.errorCode') AS error_code, json_extract(value, '$.error') AS error
    FROM json_each(${payload}))`;
  return [
    db.run(sql`
      INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
      SELECT m.booking_id, ${now}, 'system', NULL,
        CASE r.outcome WHEN 'sent' THEN 'message_sent' ELSE 'message_failed' END, NULL, NULL,
        json_object('messageId', m.id, 'kind', m.kind, 'attempts', m.attempts, 'errorCode', r.error_code)
      FROM ${r} AS r JOIN messages m ON m.id = r.id
      WHERE m.booking_id IS NOT NULL AND m.attempts = r.attempts AND m.claimed_until IS NOT NULL
        AND (r.outcome = 'sent' OR (r.outcome IN ('failed', 'capped', 'refused') AND m.status = 'sending'))`),
    db.run(sql`
      UPDATE messages SET
        status = CASE
          WHEN messages.status <> 'sending' THEN messages.status
          WHEN r.outcome = 'sent' THEN 'sent'
          WHEN r.outcome IN ('retry', 'release') THEN 'pending'
          WHEN r.outcome = 'capped' THEN 'cancelled'
          ELSE 'failed' END,
        attempts = CASE WHEN messages.status = 'sending' AND r.outcome IN ('release', 'capped', 'refused')
          THEN messages.attempts - 1 ELSE messages.attempts END,
        not_before = CASE WHEN messages.status = 'sending' AND r.outcome = 'retry'
          THEN r.not_before ELSE messages.not_before END,
        provider = coalesce(r.provider, messages.provider),
        provider_id = coalesce(messages.provider_id, r.provider_id),
        sent_at = CASE WHEN r.outcome = 'sent' THEN coalesce(messages.sent_at, ${now}) ELSE messages.sent_at END,
        error_code = CASE WHEN messages.status <> 'sending' THEN messages.error_code ELSE r.error_code END,
        error = CASE WHEN messages.status <> 'sending' THEN messages.error ELSE r.error END,
        claimed_until = NULL,
        updated_at = ${now}
      FROM ${r} AS r
      WHERE messages.id = r.id AND messages.attempts = r.attempts AND messages.claimed_until IS NOT NULL`),
  ];
}

/** With SMS switched off at the desk, waiting messages are cancelled rather than sent later in a burst. */
function cancelDisabledSql(now: number): SQL {
  return sql`
    UPDATE messages SET status = 'cancelled', error_code = 'sms_disabled', error = 'SMS are switched off for the desk',
      claimed_until = NULL, updated_at = ${now}
    WHERE ${due('messages', now)}`;
}

/**
 * Cancels every waiting message because the desk switched SMS off, and drops the SMS alert (nothing waits
 * any more); returns how many. One round trip.
 */
export async function cancelAllWaiting(db: Db, now: number): Promise<number> {
  const res = await batchByName(db, {
    cancel: db.run(cancelDisabledSql(now)),
    alert: alertStatement(db, { kind: 'clear' }, now),
  });
  return totalRowsAffected(res.cancel);
}

// ------------------------------------------------------------------ the SMS alert

/** An account problem as the dispatcher found it. */
export interface SmsAlertWrite {
  provider: string;
  reason: SmsAlertReason;
  code: string;
  message: string;
  country: string | null;
}

/**
 * What a dispatcher round does to the SMS alert: store it (sending stopped; `since` is kept from the first
 * time), clear it (a message went out again), or refresh the count of waiting messages (a halted run).
 */
export type AlertChange = ({ kind: 'set' } & SmsAlertWrite) | { kind: 'clear' } | { kind: 'touch' };

/** Messages waiting to be sent: the alert's count, read in the same batch as the records before it. */
const WAITING_SQL = sql`(SELECT count(*) FROM messages WHERE status IN ('pending', 'sending'))`;

function alertStatement(db: Db, change: AlertChange, now: number): Statement {
  if (change.kind === 'clear') return db.run(sql`DELETE FROM sms_alerts WHERE id = 1`);
  if (change.kind === 'touch') {
    return db.run(sql`UPDATE sms_alerts SET waiting = ${WAITING_SQL}, checked_at = ${now} WHERE id = 1`);
  }
  return db.run(sql`
    INSERT INTO sms_alerts (id, provider, reason, code, message, country, since, waiting, checked_at)
    VALUES (1, ${change.provider}, ${change.reason}, ${change.code}, ${change.message}, ${change.country}, ${now},
      ${WAITING_SQL}, ${now})
    ON CONFLICT (id) DO UPDATE SET provider = excluded.provider, reason = excluded.reason, code = excluded.code,
      message = excluded.message, country = excluded.country, waiting = excluded.waiting,
      checked_at = excluded.checked_at`);
}

/** The stored SMS alert, or null while SMS flow. */
export async function loadSmsAlert(db: Db): Promise<typeof smsAlerts.$inferSelect | null> {
  const rows = await db.select().from(smsAlerts).where(eq(smsAlerts.id, 1)).limit(1);
  return rows[0] ?? null;
}

/** One round trip of the dispatcher: record the last claim's outcomes, then (optionally) claim the next batch. */
export interface DispatchRound {
  now: number;
  /** What became of the previously claimed messages; recorded first, in the same batch. */
  outcomes: readonly SendOutcome[];
  /** A change to the SMS alert, written after the records (so its count of waiting messages is current). */
  alert?: AlertChange;
  /** The next claim; absent when the run only records what is left. */
  claim?: {
    limit: number;
    leaseMs: number;
    budget: SendWindow;
    hourly: SendWindow;
    /** Start of the per-number caps' window. */
    numberSince: number;
    /** The first round of a run also cancels stale messages and counts the desk's windows. */
    first: boolean;
  };
}

export interface DispatchRoundResult {
  /** Waiting messages the booking no longer warrants, cancelled (first round only). */
  staleCancelled: number;
  /** What the budget month and the last hour have used, before this claim (first round only). */
  used?: WindowUse;
  claimed: ClaimedMessage[];
  /** Per-number counts for the claimed destinations, this claim's rows included. */
  recipients: RecipientCount[];
}

/**
 * Runs one dispatcher round as ONE batch: the outcomes' records and the SMS alert's change, then the stale
 * sweep and the budget count (first round), then the claim. If the batch fails, the outcomes are recorded alone before the error is
 * passed on, so a failed claim never loses what was sent.
 */
export async function recordAndClaim(db: Db, r: DispatchRound): Promise<DispatchRoundResult> {
  const record = recordStatements(db, r.outcomes, r.now);
  const alert = r.alert ? alertStatement(db, r.alert, r.now) : undefined;
  const c = r.claim;
  if (!c) {
    await batchByName(db, { record, alert });
    return { staleCancelled: 0, claimed: [], recipients: [] };
  }
  let res;
  try {
    res = await batchByName(db, {
      record,
      alert,
      stale: c.first ? cancelStaleStatement(db, r.now) : undefined,
      used: c.first ? windowUseStatement(db, c, r.now) : undefined,
      claim: claimStatement(db, { now: r.now, leaseMs: c.leaseMs, limit: c.limit, budget: c.budget, hourly: c.hourly }),
      recipients: recipientCountsStatement(db, { now: r.now, leaseUntil: r.now + c.leaseMs, since: c.numberSince }),
    });
  } catch (err) {
    if (record.length > 0) await batchByName(db, { record, alert });
    throw err;
  }
  return {
    staleCancelled: totalRowsAffected(res.stale),
    used: res.used.length > 0 ? rowsOf<WindowUse>(res.used)[0] : undefined,
    claimed: rowsOf<ClaimedMessage>(res.claim),
    recipients: rowsOf<RecipientCount>(res.recipients),
  };
}

/** Why due messages wait: the monthly budget is used up, or the desk's hourly cap is reached. */
export const HELD_REASONS = {
  budget_exhausted: 'monthly SMS budget used up',
  desk_hourly_cap: 'hourly SMS limit of the desk reached',
} as const;

/**
 * Marks due messages held back by the monthly budget or the desk's hourly cap, so the admin portal shows
 * why they wait. They stay pending and go out when allowed (next hour, next month, or a higher limit).
 */
export async function markHeld(db: Db, now: number, code: keyof typeof HELD_REASONS): Promise<number> {
  const res = await db.run(sql`
    UPDATE messages SET error_code = ${code}, error = ${HELD_REASONS[code]}, updated_at = ${now}
    WHERE status = 'pending' AND not_before <= ${now} AND coalesce(error_code, '') <> ${code}`);
  return res.rowsAffected;
}

/** A delivery report, as read from a verified callback. */
export interface DeliveryReport {
  messageId?: string;
  providerId?: string;
  status: 'sent' | 'delivered' | 'failed';
  errorCode?: string;
  provider: string;
}

/**
 * Applies a delivery report monotonically: sent < delivered | failed, and the first final status stays
 * (a late 'sent' never overwrites 'delivered'). A report for a row still being sent, or put back to
 * pending after a timeout, proves the provider took it: the row moves on and is not sent again.
 * Returns whether a row changed.
 */
export async function applyDeliveryReport(db: Db, r: DeliveryReport, now: number): Promise<boolean> {
  const match = r.messageId
    ? sql`id = ${r.messageId} AND (provider_id IS NULL OR provider_id = ${r.providerId ?? null} OR ${r.providerId ?? null} IS NULL)`
    : sql`provider_id = ${r.providerId ?? ''}`;
  const rank = sql`CASE status WHEN 'pending' THEN 0 WHEN 'sending' THEN 1 WHEN 'sent' THEN 2 ELSE 3 END`;
  const newRank = r.status === 'sent' ? 2 : 3;
  const fromStatus = sql`status IN ('pending', 'sending', 'sent')`;
  const res = await batchByName(db, {
    failedEvent: db.run(sql`
      INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
      SELECT booking_id, ${now}, 'system', NULL, 'message_failed', NULL, NULL,
        json_object('messageId', id, 'kind', kind, 'errorCode', ${r.errorCode ?? null}, 'report', 1)
      FROM messages WHERE ${match} AND ${fromStatus} AND booking_id IS NOT NULL
        AND ${r.status === 'failed' ? sql`1` : sql`0`}`),
    report: db.run(sql`
      UPDATE messages SET
        status = ${r.status},
        provider = coalesce(provider, ${r.provider}),
        provider_id = coalesce(provider_id, ${r.providerId ?? null}),
        sent_at = coalesce(sent_at, ${now}),
        error_code = ${r.status === 'failed' ? (r.errorCode ?? 'undelivered') : null},
        error = ${r.status === 'failed' ? 'not delivered to the phone' : null},
        claimed_until = CASE WHEN status = 'sending' THEN claimed_until ELSE NULL END,
        updated_at = ${now}
      WHERE ${match} AND ${fromStatus} AND ${rank} < ${newRank}`),
  });
  return totalRowsAffected(res.report) > 0;
}

// ------------------------------------------------------------------ writing

/** Rows per multi-row INSERT: five parameters each, far below SQLite's bound-parameter limit. */
export const ENQUEUE_CHUNK = 100;

/**
 * The booking can receive SMS (a mobile: never a landline or no phone) and the desk sends them. Evaluated
 * inside every statement that writes a message, so no path can text a booking without a mobile.
 */
const sendable = sql`${bookings.phone} IS NOT NULL AND ${bookings.phoneKind} = 'mobile'
  AND ${bookings.channel} <> 'walk_in'
  AND EXISTS (SELECT 1 FROM desk_settings WHERE desk_settings.id = 1 AND desk_settings.sms_enabled = 1)`;

const messageId = sql`lower(hex(randomblob(12)))`;

/** A reschedule's seq, read in its batch before the UPDATE that raises the booking's ical_sequence by one. */
export const AFTER_MOVE_SEQUENCE: SQL = sql`${bookings.icalSequence} + 1`;

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

/**
 * Rewrites the booking's messages still waiting (status 'pending') in another language: each kind gets
 * the body given for it (kinds left out keep theirs), when `guard` matches. A message a run has already
 * claimed ('sending') goes out as it was written. Runs before the change's UPDATE, in its batch.
 */
export function rewritePending(
  db: Db,
  bookingId: string,
  language: Language,
  bodies: Readonly<Record<BookingMessageKind, string>>,
  now: number,
  guard: SQL,
): Statement {
  const kinds = Object.entries(bodies) as [BookingMessageKind, string][];
  const body = sql.join(
    kinds.map(([kind, text]) => sql`WHEN ${kind} THEN ${text}`),
    sql` `,
  );
  const list = sql.join(
    kinds.map(([kind]) => sql`${kind}`),
    sql`, `,
  );
  return db.run(sql`
    UPDATE messages SET language = ${language}, body = CASE messages.kind ${body} ELSE messages.body END,
      updated_at = ${now}
    WHERE messages.booking_id = ${bookingId} AND messages.status = 'pending' AND messages.kind IN (${list})
      AND EXISTS (SELECT 1 FROM ${bookings} WHERE ${guard})`);
}

// ------------------------------------------------------------------ reminders

/**
 * `wantsReminder` of outbox/policy.ts over the bookings row: confirmed before the reminder moment. A
 * confirmed row without confirmed_at (older data, seeds) counts as confirmed when it was created. The
 * candidates' SELECT re-states it so its LIMIT counts only bookings that want a reminder.
 */
export function CONFIRMED_BEFORE_REMINDER_SQL(moment: number): SQL {
  return sql`coalesce(${bookings.confirmedAt}, ${bookings.createdAt}) < ${moment}`;
}

/** A confirmed booking that may get one of its plan's reminders. */
export interface ReminderCandidate {
  id: string;
  /** Which reminder of its plan is due. */
  kind: ReminderKind;
  seq: number;
  manageCode: string;
  language: Language;
  mode: Mode;
  startAt: number;
  /** confirmed_at, or created_at for rows without one. */
  confirmedAt: number;
  /** The volunteer's own link and the booking's room: with the desk's base, its video link (domain/video.ts). */
  volunteerVideoLink: string | null;
  videoRoom: string | null;
}

/**
 * `planWants(plan, kind)` of outbox/policy.ts over the bookings row, for one kind known in advance or for
 * a kind column of the statement (`v.kind`). Built from PLAN_REMINDERS, so the two cannot drift.
 */
export function PLAN_WANTS_SQL(kind: ReminderKind | SQL): SQL {
  const plansFor = (k: ReminderKind) =>
    sql.join(
      REMINDER_PLANS.filter((p) => planWants(p, k)).map((p) => sql`${p}`),
      sql`, `,
    );
  if (typeof kind === 'string') return sql`${bookings.reminderPlan} IN (${plansFor(kind)})`;
  return sql`(${sql.join(
    REMINDER_KINDS.map((k) => sql`(${kind} = ${k} AND ${bookings.reminderPlan} IN (${plansFor(k)}))`),
    sql` OR `,
  )})`;
}

/**
 * The confirmed bookings with a mobile that one of the due runs covers: of the run's date, with a plan
 * that wants its kind, confirmed before its moment, neither sent that kind at their current sequence nor
 * told of a move after the moment (the reschedule text did the same); a morning reminder only for an
 * appointment that starts after it. One SELECT over the index bookings_local_date_status and the
 * outbox's unique index, whatever the number of runs.
 */
export async function reminderCandidates(
  db: Db,
  q: { runs: readonly PlannedReminderRun[]; now: number; limit: number },
): Promise<ReminderCandidate[]> {
  if (q.runs.length === 0) return [];
  const kind = sql<ReminderKind>`CASE ${bookings.localDate} ${sql.join(
    q.runs.map((r) => sql`WHEN ${r.date} THEN ${r.kind}`),
    sql` `,
  )} END`;
  const perRun = q.runs.map(
    (r) => sql`(${bookings.localDate} = ${r.date} AND ${PLAN_WANTS_SQL(r.kind)}
      AND ${CONFIRMED_BEFORE_REMINDER_SQL(r.moment)}
      ${r.kind === 'reminder_morning' ? sql`AND ${bookings.startAt} > ${r.moment}` : sql``}
      AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.booking_id = ${bookings.id}
        AND m.kind = ${r.kind} AND m.seq = ${bookings.icalSequence})
      AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.booking_id = ${bookings.id}
        AND m.kind = 'reschedule' AND m.seq = ${bookings.icalSequence} AND m.created_at >= ${r.moment}))`,
  );
  return db
    .select({
      id: bookings.id,
      kind,
      seq: bookings.icalSequence,
      manageCode: bookings.manageCode,
      language: bookings.language,
      mode: bookings.mode,
      startAt: bookings.startAt,
      confirmedAt: sql<number>`coalesce(${bookings.confirmedAt}, ${bookings.createdAt})`,
      volunteerVideoLink: volunteers.videoLink,
      videoRoom: bookings.videoRoom,
    })
    .from(bookings)
    .innerJoin(volunteers, eq(volunteers.id, bookings.volunteerId))
    .where(
      and(
        inArray(
          bookings.localDate,
          q.runs.map((r) => r.date),
        ),
        eq(bookings.status, 'confirmed'),
        isNotNull(bookings.phone),
        eq(bookings.phoneKind, 'mobile'),
        ne(bookings.channel, 'walk_in'),
        gt(bookings.startAt, q.now),
        or(...perRun),
      ),
    )
    .orderBy(asc(bookings.startAt), asc(bookings.id))
    .limit(q.limit);
}

/**
 * Writes reminders in one round trip (chunked INSERT … SELECT). The booking may have changed since it was
 * read: a row is written only for one still confirmed, at the same sequence, not started, whose plan still
 * wants that reminder. Returns how many.
 */
export async function enqueueReminders(db: Db, rows: readonly QueuedMessage[], now: number): Promise<number> {
  const guard = sql`${bookings.status} = 'confirmed' AND ${bookings.icalSequence} = v.seq AND ${bookings.startAt} > ${now}
    AND ${PLAN_WANTS_SQL(sql`v.kind`)}`;
  const res = await batchByName(db, { reminders: enqueueMany(db, rows, now, guard) });
  return totalRowsAffected(res.reminders);
}
