/**
 * The SMS each booking use case queues, as statements for the use case's own batch: written exactly when
 * `guard` (the action's compare-and-swap) matches, before its UPDATE, so they see the row as it was.
 * No context means the desk is not set up to send texts; the action itself still happens.
 */
import type { SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db/client';
import { enqueueOne, renderFor, supersedePending, type SmsContext } from '../db/repo/outbox-enqueue';
import type { MessageKind } from '../domain/vocabulary';

type Statement = BatchItem<'sqlite'>;

/** Texts that still wait to go out and would contradict the booking once it is cancelled. */
const BEFORE_CANCEL: readonly MessageKind[] = ['request_received', 'confirmation', 'reminder', 'reschedule'];
/** Texts of the old time that would contradict a move. */
const BEFORE_MOVE: readonly MessageKind[] = ['confirmation', 'reminder', 'reschedule'];

/** The confirmation of a confirmed request or of a booking made by staff. */
export function confirmationText(db: Db, ctx: SmsContext | undefined, now: number, guard: SQL): Statement[] {
  if (!ctx) return [];
  const body = renderFor('confirmation', ctx);
  return [enqueueOne(db, { kind: 'confirmation', seq: 0, language: ctx.booking.language, body }, now, guard)];
}

/** The "not accepted" text of a rejected request. */
export function rejectionText(db: Db, ctx: SmsContext | undefined, now: number, guard: SQL): Statement[] {
  if (!ctx) return [];
  const body = renderFor('rejection', ctx);
  return [enqueueOne(db, { kind: 'rejection', seq: 0, language: ctx.booking.language, body }, now, guard)];
}

/**
 * The cancellation text (the desk's wording, or the acknowledgement of the person's own cancel), after the
 * texts still waiting are superseded: a confirmation held by quiet hours must not follow it.
 */
export function cancellationTexts(
  db: Db,
  bookingId: string,
  ctx: SmsContext | undefined,
  by: 'staff' | 'person',
  now: number,
  guard: SQL,
): Statement[] {
  if (!ctx) return [];
  const body = renderFor(by === 'staff' ? 'cancellation' : 'cancellation_ack', ctx);
  return [
    supersedePending(db, bookingId, BEFORE_CANCEL, now, guard),
    enqueueOne(db, { kind: 'cancellation', seq: 0, language: ctx.booking.language, body }, now, guard),
  ];
}

/** What a move's text needs: the booking's status before it, its new start and the calendar sequence after it. */
export interface Move {
  bookingId: string;
  fromStatus: string;
  startAt: number;
  /** The booking's ical_sequence after the move, as SQL over the row (one text per move). */
  seq: SQL;
}

/**
 * A move supersedes the texts of the old time; a confirmed booking is told its new time, while a request
 * that moves is told once it is confirmed (the confirmation carries the new time).
 */
export function rescheduleTexts(db: Db, ctx: SmsContext | undefined, move: Move, now: number, guard: SQL): Statement[] {
  if (!ctx) return [];
  const stale = supersedePending(db, move.bookingId, BEFORE_MOVE, now, guard);
  if (move.fromStatus !== 'confirmed') return [stale];
  const body = renderFor('reschedule', ctx, { startAt: move.startAt });
  return [
    stale,
    enqueueOne(db, { kind: 'reschedule', seq: move.seq, language: ctx.booking.language, body }, now, guard),
  ];
}
