import { eq, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../client';
import { bookings, deskSettings, services } from '../schema';
import { type BookingStatus, type Language, type Mode } from '../../domain/vocabulary';
import { ANNOUNCING_KINDS, enqueueOne, renderFor, supersedePending, type SmsContext } from '../../outbox/enqueue';

/** Everything the manage page shows, read in one query. */
export interface ManageView {
  id: string;
  reference: string;
  status: BookingStatus;
  mode: Mode;
  startAt: number;
  endAt: number;
  language: Language;
  attendanceConfirmedAt: number | null;
  cancelledAt: number | null;
  serviceNameIt: string;
  serviceNameEn: string;
  /** Desk columns are null when the desk row is missing (a half set-up deployment); the page uses defaults. */
  deskName: string | null;
  deskAddress: string | null;
  deskCity: string | null;
  deskPhone: string | null;
  deskTimeZone: string | null;
  cancellationNoticeHours: number | null;
}

/** The booking behind a manage code, joined with its service and the desk settings: one round trip. */
export async function findManageView(db: Db, code: string): Promise<ManageView | null> {
  const rows = await db
    .select({
      id: bookings.id,
      reference: bookings.reference,
      status: bookings.status,
      mode: bookings.mode,
      startAt: bookings.startAt,
      endAt: bookings.endAt,
      language: bookings.language,
      attendanceConfirmedAt: bookings.attendanceConfirmedAt,
      cancelledAt: bookings.cancelledAt,
      serviceNameIt: services.nameIt,
      serviceNameEn: services.nameEn,
      deskName: deskSettings.name,
      deskAddress: deskSettings.address,
      deskCity: deskSettings.city,
      deskPhone: deskSettings.phone,
      deskTimeZone: deskSettings.timeZone,
      cancellationNoticeHours: deskSettings.cancellationNoticeHours,
    })
    .from(bookings)
    .innerJoin(services, eq(services.id, bookings.serviceId))
    .leftJoin(deskSettings, eq(deskSettings.id, 1))
    .where(eq(bookings.manageCode, code))
    .limit(1);
  return rows[0] ?? null;
}

/** What a person's cancellation writes; `startAt` is the start the late flag was computed from. */
export interface PersonCancellation {
  bookingId: string;
  startAt: number;
  now: number;
  late: boolean;
  /** What the acknowledgement SMS needs; without it none is queued (the desk is not set up). */
  sms?: SmsContext;
}

/**
 * The compare-and-swap guard of a person's cancellation, evaluated on the row as it is before the
 * batch's UPDATE: still active, not started, and not moved since the page computed the late flag.
 * Every statement of the cancel batch carries it, so they all write or none does.
 */
export function cancelGuard(c: PersonCancellation): SQL {
  return sql`${bookings.id} = ${c.bookingId}
    and ${bookings.status} in ('requested', 'confirmed')
    and ${bookings.startAt} = ${c.startAt}
    and ${bookings.startAt} > ${c.now}`;
}

/**
 * EXTENSION POINT for the SMS issue: statements that must commit together with a person's cancellation
 * (the `cancellation` outbox row). They run BEFORE the UPDATE in the same batch, so each must be an
 * INSERT … SELECT … WHERE `cancelGuard(c)` (the pre-update state), exactly like the event row below.
 */
export function personCancellationExtras(db: Db, c: PersonCancellation): BatchItem<'sqlite'>[] {
  if (!c.sms) return [];
  const guard = cancelGuard(c);
  const body = renderFor('cancellation_ack', c.sms);
  return [
    // Texts still waiting (a confirmation held by quiet hours, tomorrow's reminder) no longer apply.
    supersedePending(db, c.bookingId, ANNOUNCING_KINDS, c.now, guard),
    enqueueOne(db, { kind: 'cancellation', seq: 0, language: c.sms.booking.language, body }, c.now, guard),
  ];
}

function rowsAffected(result: unknown): number {
  const n = (result as { rowsAffected?: unknown } | undefined)?.rowsAffected;
  return typeof n === 'number' ? n : 0;
}

/**
 * Cancels on behalf of the person in one atomic batch: audit event, extras, then the guarded UPDATE.
 * Returns false when the guard no longer held (already cancelled, started, moved): nothing was written.
 */
export async function cancelBookingByPerson(db: Db, c: PersonCancellation): Promise<boolean> {
  // The event reads from_status from the row itself, inside the same transaction as the UPDATE.
  const event =
    db.run(sql`insert into booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
    select ${bookings.id}, ${c.now}, 'person', null, 'cancelled', ${bookings.status}, 'cancelled', ${JSON.stringify({ late: c.late })}
    from ${bookings} where ${cancelGuard(c)}`);
  const update = db
    .update(bookings)
    .set({ status: 'cancelled', cancelledBy: 'person', cancelledAt: c.now, lateCancellation: c.late, updatedAt: c.now })
    .where(cancelGuard(c));
  const results = await db.batch([event, ...personCancellationExtras(db, c), update]);
  return rowsAffected(results[results.length - 1]) === 1;
}

/**
 * Records the person's confirmation of attendance (CAS: confirmed, not started, not yet confirmed) with its
 * audit event, atomically. Returns false when nothing changed.
 */
export async function confirmAttendanceByPerson(db: Db, bookingId: string, now: number): Promise<boolean> {
  const guard = sql`${bookings.id} = ${bookingId}
    and ${bookings.status} = 'confirmed'
    and ${bookings.startAt} > ${now}
    and ${bookings.attendanceConfirmedAt} is null`;
  // Not a status change, so from/to stay null.
  const event =
    db.run(sql`insert into booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
    select ${bookings.id}, ${now}, 'person', null, 'attendance_confirmed', null, null, null
    from ${bookings} where ${guard}`);
  const update = db.update(bookings).set({ attendanceConfirmedAt: now, updatedAt: now }).where(guard);
  const [, updated] = await db.batch([event, update]);
  return rowsAffected(updated) === 1;
}
