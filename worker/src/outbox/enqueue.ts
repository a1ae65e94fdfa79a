/**
 * Putting SMS into the outbox. What this module returns are statements meant to sit in the db.batch of
 * the change that causes the message (confirm, reject, cancel, reschedule, expiry, the reminder job), so
 * the message exists exactly when the change does. Bodies are rendered here (outbox/texts.ts), in the
 * booking's language; the SQL is in outbox/store.ts.
 */
import type { SQL } from 'drizzle-orm';
import type { Statement } from '../db/batch';
import type { Db } from '../db/client';
import type { BookingMessageKind, Language, MessageKind } from '../domain/vocabulary';
import { AFTER_MOVE_SEQUENCE, enqueueOne, rewritePending, supersedePending, type QueuedMessage } from './store';
import { renderFor, type OutboxBooking, type OutboxDesk, type SmsContext } from './texts';

// Call sites that build their statements themselves import these from here.
export { enqueueMany, enqueueOne, supersedePending, type OutboxMessage, type QueuedMessage } from './store';
export { outboxDesk, renderFor, smsContext, type OutboxBooking, type OutboxDesk, type SmsContext } from './texts';

/**
 * Texts that announce an appointment. A cancellation or a move makes any of them still waiting wrong (a
 * confirmation held by quiet hours, tomorrow's reminder, the text of an earlier move), so they are
 * superseded before the new text is written.
 */
export const ANNOUNCING_KINDS = ['confirmation', 'reminder', 'reschedule'] as const satisfies readonly MessageKind[];

/** What happened to the booking, as the person is to be told. */
export type MessageEvent =
  /** Confirmed by staff, or booked on the person's behalf (created confirmed). */
  | { kind: 'confirmation' }
  | { kind: 'rejection' }
  /** Cancelled by the desk, or by the person through the manage page (who gets an acknowledgement). */
  | { kind: 'cancellation'; by: 'desk' | 'person' }
  /** Moved to `startAt`; a request that moves is told once it is confirmed, not now. */
  | { kind: 'reschedule'; startAt: number; wasConfirmed: boolean };

/** The message a change sends, with what it is written for. */
export interface MessageInput {
  event: MessageEvent;
  booking: OutboxBooking & { id: string };
  desk: OutboxDesk;
  now: number;
  /**
   * Selects the booking as the change sees it: before its UPDATE (the pre-update row), or just the new id
   * after an INSERT. The statements write exactly when the guard matches.
   */
  guard: SQL;
}

/**
 * The outbox statements of one change, to put in its db.batch before the change's UPDATE (or after its
 * INSERT): superseding what the change makes wrong, then the new text.
 */
export function enqueueMessage(db: Db, m: MessageInput): Statement[] {
  const ctx: SmsContext = { desk: m.desk, booking: m.booking };
  const { language } = m.booking;
  const e = m.event;
  switch (e.kind) {
    case 'confirmation':
    case 'rejection':
      return [enqueueOne(db, { kind: e.kind, seq: 0, language, body: renderFor(e.kind, ctx) }, m.now, m.guard)];
    case 'cancellation': {
      const body = renderFor(e.by === 'person' ? 'cancellation_ack' : 'cancellation', ctx);
      return [
        supersedePending(db, m.booking.id, ANNOUNCING_KINDS, m.now, m.guard),
        enqueueOne(db, { kind: 'cancellation', seq: 0, language, body }, m.now, m.guard),
      ];
    }
    case 'reschedule': {
      const stale = supersedePending(db, m.booking.id, ANNOUNCING_KINDS, m.now, m.guard);
      if (!e.wasConfirmed) return [stale];
      const body = renderFor('reschedule', ctx, { startAt: e.startAt });
      // The booking's sequence after the move (the UPDATE raises it by one), so each move has its text.
      const seq = AFTER_MOVE_SEQUENCE;
      return [stale, enqueueOne(db, { kind: 'reschedule', seq, language, body }, m.now, m.guard)];
    }
  }
}

/** A booking whose language changes, as the texts about it need it (with who cancelled, for the right text). */
export interface RelanguagedBooking extends OutboxBooking {
  id: string;
  cancelledBy: 'person' | 'staff' | null;
}

/**
 * The statement that rewrites the booking's waiting texts in `language`, so what has not gone out yet
 * speaks the language the booking now has; texts written later read it from the booking. Each kind is
 * rendered as the booking stands now: a waiting text of the current time is the only one still sent (the
 * dispatcher cancels the others), and a waiting cancellation is the person's own when they cancelled.
 */
export function rewriteInLanguage(
  db: Db,
  m: { booking: RelanguagedBooking; desk: OutboxDesk; language: Language; now: number; guard: SQL },
): Statement {
  const ctx: SmsContext = { desk: m.desk, booking: { ...m.booking, language: m.language } };
  const bodies: Record<BookingMessageKind, string> = {
    confirmation: renderFor('confirmation', ctx),
    reminder: renderFor('reminder', ctx),
    // The extra reminders of a plan say what the day-before one says.
    reminder_morning: renderFor('reminder', ctx),
    reminder_early: renderFor('reminder', ctx),
    reschedule: renderFor('reschedule', ctx),
    cancellation: renderFor(m.booking.cancelledBy === 'person' ? 'cancellation_ack' : 'cancellation', ctx),
    rejection: renderFor('rejection', ctx),
    expiry: renderFor('expiry', ctx),
  };
  return rewritePending(db, m.booking.id, m.language, bodies, m.now, m.guard);
}

/** A booking a batch job writes a text for. */
export interface TextedBooking extends OutboxBooking {
  id: string;
  /** The booking's ical_sequence, for reminders (0 for kinds written once). */
  seq?: number;
}

/** The rendered rows of one kind for many bookings, for the multi-row enqueue of the cron jobs. */
export function messagesFor(
  kind: Extract<MessageKind, 'reminder' | 'reminder_early' | 'reminder_morning' | 'expiry'>,
  desk: OutboxDesk,
  list: readonly TextedBooking[],
): QueuedMessage[] {
  return list.map((b) => ({
    bookingId: b.id,
    kind,
    seq: b.seq ?? 0,
    language: b.language,
    // Every reminder of a plan says what the day-before one says.
    body: renderFor(kind === 'expiry' ? 'expiry' : 'reminder', {
      desk,
      booking: {
        manageCode: b.manageCode,
        language: b.language,
        mode: b.mode,
        startAt: b.startAt,
        videoLink: b.videoLink ?? null,
      },
    }),
  }));
}
