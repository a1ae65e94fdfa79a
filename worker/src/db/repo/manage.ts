import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { bookings, deskSettings, services, volunteers } from '../schema';
import { type BookingStatus, type Language, type Mode, type MoveConfirmationPolicy } from '../../domain/vocabulary';
import { AFTER_MOVE_SEQUENCE } from '../../outbox/store';
import type { ActionPlan } from './booking-actions';

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
  /** services.translations: the name in the other languages (i18n/service-name.ts). */
  serviceTranslations: string;
  /** Desk columns are null when the desk row is missing (a half set-up deployment); the page uses defaults. */
  deskName: string | null;
  deskAddress: string | null;
  deskCity: string | null;
  deskPhone: string | null;
  deskTimeZone: string | null;
  /** Where "book another appointment" leads ('' = the Worker's own /prenota). */
  deskBookingPageUrl: string | null;
  cancellationNoticeHours: number | null;
  /** Whether the desk texts about unconfirmed requests (null without a desk row: it does not). */
  requestSms: boolean | null;
  /** What the video link is made of (domain/video.ts bookingVideoLink). */
  volunteerVideoLink: string | null;
  videoRoom: string | null;
  videoRoomBase: string | null;
  /** What a move needs (domain/person-move.ts): the service and volunteer, the local date, the calendar sequence. */
  serviceId: string;
  volunteerId: string;
  localDate: string;
  icalSequence: number;
  /** A longer appointment moves as one: only to starts where the double fits. */
  longAppointment: boolean;
  /** Moves the person already made from this page (bookings.person_moves). */
  personMoves: number;
  /** Desk settings a move reads (null without a desk row). */
  horizonDays: number | null;
  requestHoldHours: number | null;
  moveConfirmation: MoveConfirmationPolicy | null;
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
      serviceTranslations: services.translations,
      deskName: deskSettings.name,
      deskAddress: deskSettings.address,
      deskCity: deskSettings.city,
      deskPhone: deskSettings.phone,
      deskTimeZone: deskSettings.timeZone,
      deskBookingPageUrl: deskSettings.bookingPageUrl,
      cancellationNoticeHours: deskSettings.cancellationNoticeHours,
      requestSms: deskSettings.requestSms,
      volunteerVideoLink: volunteers.videoLink,
      videoRoom: bookings.videoRoom,
      videoRoomBase: deskSettings.videoRoomBase,
      serviceId: bookings.serviceId,
      volunteerId: bookings.volunteerId,
      localDate: bookings.localDate,
      icalSequence: bookings.icalSequence,
      longAppointment: bookings.longAppointment,
      personMoves: bookings.personMoves,
      horizonDays: deskSettings.horizonDays,
      requestHoldHours: deskSettings.requestHoldHours,
      moveConfirmation: deskSettings.moveConfirmation,
    })
    .from(bookings)
    .innerJoin(services, eq(services.id, bookings.serviceId))
    .innerJoin(volunteers, eq(volunteers.id, bookings.volunteerId))
    .leftJoin(deskSettings, eq(deskSettings.id, 1))
    .where(eq(bookings.manageCode, code))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * What a person's cancellation writes; `startAt` is the start the late flag was computed from and `status`
 * the one the texts were decided on (a request confirmed meanwhile must not lose its acknowledgement).
 */
export interface PersonCancellation {
  bookingId: string;
  status: BookingStatus;
  startAt: number;
  now: number;
  late: boolean;
}

/**
 * A person's cancellation from the manage link. Its compare-and-swap guard holds on the row as it is before
 * the UPDATE: still active, not started, and not moved since the page computed the late flag.
 */
export function personCancelPlan(db: Db, c: PersonCancellation): ActionPlan {
  const guard = sql`${bookings.id} = ${c.bookingId}
    and ${bookings.status} in ('requested', 'confirmed')
    and ${bookings.status} = ${c.status}
    and ${bookings.startAt} = ${c.startAt}
    and ${bookings.startAt} > ${c.now}`;
  // The event reads from_status from the row itself, inside the same transaction as the UPDATE.
  const event =
    db.run(sql`insert into booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
    select ${bookings.id}, ${c.now}, 'person', null, 'cancelled', ${bookings.status}, 'cancelled', ${JSON.stringify({ late: c.late })}
    from ${bookings} where ${guard}`);
  const update = db
    .update(bookings)
    .set({ status: 'cancelled', cancelledBy: 'person', cancelledAt: c.now, lateCancellation: c.late, updatedAt: c.now })
    .where(guard);
  return { guard, event, update };
}

/** The person's "I will come" (confirmed, not started, not yet confirmed), with its audit event. */
export function attendancePlan(db: Db, bookingId: string, now: number): ActionPlan {
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
  return { guard, event, update };
}

/** What a person's move writes, as decided on the row the page read. */
export interface PersonMove {
  bookingId: string;
  /** The status and calendar sequence the decision was made on (compare-and-swap). */
  status: BookingStatus;
  icalSequence: number;
  now: number;
  /** The old start must stay at least this far ahead (the cancellation notice), in milliseconds. */
  noticeMs: number;
  /** Moves allowed in all (domain/person-move.ts MAX_PERSON_MOVES). */
  maxMoves: number;
  startAt: number;
  endAt: number;
  localDate: string;
  localTime: string;
  volunteerId: string;
  /** The status after the move: `requested` sends a confirmed booking back to reception. */
  toStatus: BookingStatus;
  /** Hours a request waits for reception (desk_settings.request_hold_hours). */
  holdHours: number;
}

/**
 * The person's move. The guard restates every limit on the row as it is before the UPDATE: still in the
 * status and calendar sequence the page read (any other move bumps the sequence), the old start outside the
 * notice, fewer moves than the limit. The overlap trigger keeps the new time free; the transition trigger
 * lets a confirmed booking become a request again only together with a new start.
 */
export function personMovePlan(db: Db, m: PersonMove): ActionPlan {
  const guard = sql`${bookings.id} = ${m.bookingId}
    and ${bookings.status} in ('requested', 'confirmed')
    and ${bookings.status} = ${m.status}
    and ${bookings.icalSequence} = ${m.icalSequence}
    and ${bookings.startAt} - ${m.now} >= ${m.noticeMs}
    and ${bookings.personMoves} < ${m.maxMoves}`;
  const changes = m.toStatus !== m.status;
  const data = JSON.stringify({ toStart: m.startAt, toVolunteerId: m.volunteerId });
  const event =
    db.run(sql`insert into booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
    select ${bookings.id}, ${m.now}, 'person', null, 'moved_by_person', ${changes ? sql`${bookings.status}` : null},
      ${changes ? m.toStatus : null},
      json_set(${data}, '$.fromStart', ${bookings.startAt}, '$.fromVolunteerId', ${bookings.volunteerId})
    from ${bookings} where ${guard}`);
  // A request waits for reception as a new one would; it never outlives its start.
  const holdUntil =
    m.toStatus === 'requested'
      ? changes
        ? Math.min(m.now + m.holdHours * 3_600_000, m.startAt)
        : sql`CASE WHEN ${bookings.holdUntil} IS NULL THEN NULL ELSE min(${bookings.holdUntil}, ${m.startAt}) END`
      : null;
  const update = db
    .update(bookings)
    .set({
      startAt: m.startAt,
      endAt: m.endAt,
      localDate: m.localDate,
      localTime: m.localTime,
      volunteerId: m.volunteerId,
      icalSequence: AFTER_MOVE_SEQUENCE,
      personMoves: sql`${bookings.personMoves} + 1`,
      // "I will come" was said for the old time.
      attendanceConfirmedAt: null,
      status: m.toStatus,
      holdUntil,
      ...(changes ? { confirmedAt: null } : {}),
      updatedAt: m.now,
    })
    .where(guard);
  return { guard, event, update };
}
