/**
 * The texts a booking use case queues: the outbox's statements for the change, written in the use case's
 * own batch exactly when `guard` (its compare-and-swap) matches. No context means the desk is not set up to
 * send texts; the change itself still happens.
 */
import type { SQL } from 'drizzle-orm';
import type { Statement } from '../db/batch';
import type { Db } from '../db/client';
import { enqueueMessage, type MessageEvent, type SmsContext } from '../outbox/enqueue';

/** The statements telling the person about `event`, or none when the desk cannot send texts yet. */
export function textsFor(
  db: Db,
  ctx: SmsContext | undefined,
  bookingId: string,
  event: MessageEvent,
  now: number,
  guard: SQL,
): Statement[] {
  if (!ctx) return [];
  return enqueueMessage(db, { event, booking: { ...ctx.booking, id: bookingId }, desk: ctx.desk, now, guard });
}
