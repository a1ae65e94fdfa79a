/**
 * The SQL of SMS dispatch: claiming due outbox rows, recording what the provider answered, and applying
 * delivery reports. Every claim is a conditional UPDATE … RETURNING (one statement, atomic), so two runs
 * can never hold the same row; every record is fenced by the attempt number the claim wrote, so a run
 * whose lease ran out cannot overwrite the outcome of the run that took the row over.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client';
import { deskSettings } from '../schema';
import { type MessageKind } from '../../domain/vocabulary';

type Statement = BatchItem<'sqlite'>;

/** The desk settings dispatch needs. */
export interface DispatchDesk {
  timeZone: string;
  quietStartMinute: number;
  quietEndMinute: number;
  smsEnabled: boolean;
  smsMonthlyBudget: number | null;
}

/** The desk row's SMS settings, or null on a deployment whose desk is not set up yet. */
export async function loadDispatchDesk(db: Db): Promise<DispatchDesk | null> {
  const rows = await db
    .select({
      timeZone: deskSettings.timeZone,
      quietStartMinute: deskSettings.quietStartMinute,
      quietEndMinute: deskSettings.quietEndMinute,
      smsEnabled: deskSettings.smsEnabled,
      smsMonthlyBudget: deskSettings.smsMonthlyBudget,
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
}

/** Rows a dispatcher may take: pending and due, or claimed by a run whose lease has run out. */
function due(alias: string, now: number): SQL {
  const a = sql.raw(alias);
  return sql`((${a}.status = 'pending' AND ${a}.not_before <= ${now}) OR (${a}.status = 'sending' AND ${a}.claimed_until < ${now}))`;
}

/**
 * Whether booking `b` still warrants message `m` at `now` (1/0). Good news (request received,
 * confirmation, reminder, reschedule) only before the appointment starts and while the booking is in the
 * state the text announces; a reminder or reschedule only for the booking's current time (its seq is the
 * booking's ical_sequence when it was written, bumped by every move). Bad news (cancellation, rejection,
 * expiry) until the appointment's end, so the person does not come for nothing. Never after erasure.
 */
function warranted(now: number): SQL {
  return sql`(m.recipient IS NOT NULL AND m.body IS NOT NULL AND b.erased_at IS NULL AND CASE m.kind
    WHEN 'request_received' THEN b.status = 'requested' AND b.start_at > ${now}
    WHEN 'confirmation' THEN b.status = 'confirmed' AND b.start_at > ${now}
    WHEN 'reminder' THEN b.status = 'confirmed' AND b.start_at > ${now} AND b.ical_sequence = m.seq
    WHEN 'reschedule' THEN b.status IN ('requested', 'confirmed') AND b.start_at > ${now} AND b.ical_sequence = m.seq
    WHEN 'cancellation' THEN b.status = 'cancelled' AND b.end_at > ${now}
    WHEN 'rejection' THEN b.status = 'rejected' AND b.end_at > ${now}
    WHEN 'expiry' THEN b.status = 'expired' AND b.end_at > ${now}
    ELSE 0 END)`;
}

/** At most this many stale rows are cancelled per claim; the next claim takes the rest. */
const STALE_LIMIT = 500;

/**
 * Cancels waiting messages the booking no longer warrants (a reminder for a cancelled booking, a
 * confirmation after the start, a reminder for a time the booking has moved from), so they are never
 * claimed and the admin portal shows why.
 */
export function cancelStaleStatement(db: Db, now: number): Statement {
  return db.run(sql`
    UPDATE messages SET status = 'cancelled', error_code = 'no_longer_applicable',
      error = 'the booking no longer needs this message', claimed_until = NULL, updated_at = ${now}
    WHERE id IN (
      SELECT m.id FROM messages m JOIN bookings b ON b.id = m.booking_id
      WHERE (m.status = 'pending' OR (m.status = 'sending' AND m.claimed_until < ${now}))
        AND NOT coalesce(${warranted(now)}, 0)
      LIMIT ${STALE_LIMIT})`);
}

/**
 * Messages sent (accepted by a provider) since `since`: what the monthly budget counts, whatever happened
 * to them afterwards (an undelivered SMS is paid for too).
 */
export function sentSinceStatement(db: Db, since: number) {
  return db.all<{ n: number }>(sql`SELECT count(*) AS n FROM messages WHERE sent_at >= ${since}`);
}

export interface ClaimOptions {
  now: number;
  /** How long the claim protects the rows from other runs. */
  leaseMs: number;
  limit: number;
  /** When the desk has a monthly budget: claim no more than what is left of it. */
  budget?: { max: number; since: number };
}

/**
 * Claims up to `limit` due, still-warranted messages, oldest due first, in ONE statement: status
 * 'sending', a lease, and the attempt counter bumped. The outer WHERE repeats the due condition, so a
 * row another run claimed in the meantime is not taken twice.
 */
export function claimStatement(db: Db, o: ClaimOptions) {
  const limit = o.budget
    ? sql`(SELECT max(0, min(${o.limit}, ${o.budget.max} - count(*))) FROM messages WHERE sent_at >= ${o.budget.since})`
    : sql`${o.limit}`;
  return db.all<ClaimedMessage>(sql`
    UPDATE messages SET status = 'sending', attempts = attempts + 1, claimed_until = ${o.now + o.leaseMs},
      updated_at = ${o.now}
    WHERE id IN (
      SELECT m.id FROM messages m JOIN bookings b ON b.id = m.booking_id
      WHERE ${due('m', o.now)} AND ${warranted(o.now)}
      ORDER BY m.not_before, m.created_at, m.id
      LIMIT ${limit})
      AND ${due('messages', o.now)}
    RETURNING id, booking_id AS bookingId, kind, recipient, body, attempts`);
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
  | { id: string; attempts: number; outcome: 'release'; errorCode: string; error: string };

/**
 * Records a batch of outcomes: an audit event per sent or finally failed message, then one UPDATE over
 * all of them. Both are fenced by (attempts, claimed_until not null): only the claim that sent the
 * message records it, once. When a delivery report already moved a row on (it can arrive before we
 * record), its status stays and only the provider id, sent time and lease are filled in.
 */
export function recordStatements(db: Db, outcomes: readonly SendOutcome[], now: number): Statement[] {
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
      WHERE m.attempts = r.attempts AND m.claimed_until IS NOT NULL
        AND (r.outcome = 'sent' OR (r.outcome = 'failed' AND m.status = 'sending'))`),
    db.run(sql`
      UPDATE messages SET
        status = CASE
          WHEN messages.status <> 'sending' THEN messages.status
          WHEN r.outcome = 'sent' THEN 'sent'
          WHEN r.outcome IN ('retry', 'release') THEN 'pending'
          ELSE 'failed' END,
        attempts = CASE WHEN messages.status = 'sending' AND r.outcome = 'release'
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
export function cancelDisabledStatement(db: Db, now: number): Statement {
  return db.run(sql`
    UPDATE messages SET status = 'cancelled', error_code = 'sms_disabled', error = 'SMS are switched off for the desk',
      claimed_until = NULL, updated_at = ${now}
    WHERE ${due('messages', now)}`);
}

/**
 * Marks due messages held back by the monthly budget, so the admin portal shows why they wait. They stay
 * pending and go out when the budget allows (next month, or a higher budget).
 */
export async function markBudgetExhausted(db: Db, now: number): Promise<number> {
  const res = await db.run(sql`
    UPDATE messages SET error_code = 'budget_exhausted', error = 'monthly SMS budget used up', updated_at = ${now}
    WHERE status = 'pending' AND not_before <= ${now} AND coalesce(error_code, '') <> 'budget_exhausted'`);
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
  const [, updated] = await db.batch([
    db.run(sql`
      INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
      SELECT booking_id, ${now}, 'system', NULL, 'message_failed', NULL, NULL,
        json_object('messageId', id, 'kind', kind, 'errorCode', ${r.errorCode ?? null}, 'report', 1)
      FROM messages WHERE ${match} AND ${fromStatus} AND ${r.status === 'failed' ? sql`1` : sql`0`}`),
    db.run(sql`
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
  ]);
  return updated.rowsAffected > 0;
}
