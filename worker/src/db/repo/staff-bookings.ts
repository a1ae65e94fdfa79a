/** What staff read about bookings: the agenda and inbox, a booking's page, the outbox. */
import { and, asc, count, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { bookingEvents, bookings, closures, deskSettings, messages, services, staffUsers, volunteers } from '../schema';
import type {
  BookingStatus,
  CallOutcome,
  Channel,
  Language,
  MessageStatus,
  Mode,
  PhoneKind,
  ReminderPlan,
} from '../../domain/vocabulary';
import { bookingVideoLink } from '../../domain/video';
import { videoColumns, withVideoLink } from './booking-joins';

/** Rows a list may return at most; `count` still tells the full number. */
export const BOOKING_LIST_LIMIT = 500;
export const MESSAGE_LIST_LIMIT = 500;

// ------------------------------------------------------------------ reads

export const listColumns = {
  reminderPlan: bookings.reminderPlan,
  callOutcome: bookings.callOutcome,
  callOutcomeAt: bookings.callOutcomeAt,
  callOutcomeBy: bookings.callOutcomeBy,
  id: bookings.id,
  reference: bookings.reference,
  status: bookings.status,
  startAt: bookings.startAt,
  endAt: bookings.endAt,
  localDate: bookings.localDate,
  localTime: bookings.localTime,
  serviceId: bookings.serviceId,
  serviceNameIt: services.nameIt,
  serviceNameEn: services.nameEn,
  mode: bookings.mode,
  volunteerId: bookings.volunteerId,
  volunteerName: volunteers.displayName,
  personName: bookings.personName,
  phone: bookings.phone,
  phoneKind: bookings.phoneKind,
  email: bookings.email,
  channel: bookings.channel,
  language: bookings.language,
  createdAt: bookings.createdAt,
  holdUntil: bookings.holdUntil,
  attendanceConfirmedAt: bookings.attendanceConfirmedAt,
  lateCancellation: bookings.lateCancellation,
  checkedInAt: bookings.checkedInAt,
  startedAt: bookings.startedAt,
  ...videoColumns,
};

/** A booking as the agenda and the inbox show it (no notes, no accessibility needs). */
export interface BookingListRow {
  id: string;
  reference: string;
  status: BookingStatus;
  startAt: number;
  endAt: number;
  localDate: string;
  localTime: string;
  serviceId: string;
  serviceNameIt: string;
  serviceNameEn: string;
  mode: Mode;
  volunteerId: string;
  volunteerName: string;
  personName: string | null;
  phone: string | null;
  phoneKind: PhoneKind;
  email: string | null;
  channel: Channel;
  /** The language of the person's texts and pages. */
  language: Language;
  createdAt: number;
  holdUntil: number | null;
  attendanceConfirmedAt: number | null;
  lateCancellation: boolean;
  /** Which reminders the booking gets (issue 14). */
  reminderPlan: ReminderPlan;
  /** The last call from the call list: what the person said, when, by which staff user. */
  callOutcome: CallOutcome | null;
  callOutcomeAt: number | null;
  callOutcomeBy: string | null;
  /** When the person arrived at the desk, and when their meeting began (issue 15). */
  checkedInAt: number | null;
  startedAt: number | null;
  /** The booking's video link (domain/video.ts); null in person. */
  videoLink?: string | null;
}

export interface BookingListFilter {
  statuses?: readonly BookingStatus[];
  /** Inclusive local dates (the desk's). */
  from?: string;
  to?: string;
  volunteerId?: string;
  /** Only these bookings (e.g. the meetings of a series just written). */
  ids?: readonly string[];
}

/**
 * Bookings matching `filter` with the desk's time zone and the full count, in one round trip. Pending
 * requests alone (the inbox) come oldest request first; anything else in agenda order (by start).
 */
export async function listBookings(
  db: Db,
  filter: BookingListFilter,
): Promise<{ rows: BookingListRow[]; count: number; timeZone: string | null }> {
  const conds: SQL[] = [];
  if (filter.statuses?.length) conds.push(inArray(bookings.status, [...filter.statuses]));
  if (filter.from) conds.push(gte(bookings.localDate, filter.from));
  if (filter.to) conds.push(lte(bookings.localDate, filter.to));
  if (filter.volunteerId) conds.push(eq(bookings.volunteerId, filter.volunteerId));
  if (filter.ids) conds.push(inArray(bookings.id, [...filter.ids]));
  const where = conds.length ? and(...conds) : undefined;
  const inbox = filter.statuses?.length === 1 && filter.statuses[0] === 'requested';
  const order = inbox ? [asc(bookings.createdAt), asc(bookings.id)] : [asc(bookings.startAt), asc(bookings.id)];

  const [rows, total, desk] = await db.batch([
    db
      .select(listColumns)
      .from(bookings)
      .innerJoin(services, eq(services.id, bookings.serviceId))
      .innerJoin(volunteers, eq(volunteers.id, bookings.volunteerId))
      .where(where)
      .orderBy(...order)
      .limit(BOOKING_LIST_LIMIT),
    db.select({ n: count() }).from(bookings).where(where),
    db
      .select({ timeZone: deskSettings.timeZone, videoRoomBase: deskSettings.videoRoomBase })
      .from(deskSettings)
      .where(eq(deskSettings.id, 1)),
  ]);
  const base = desk[0]?.videoRoomBase ?? '';
  return {
    rows: rows.map((r) => withVideoLink(r, base)),
    count: total[0]?.n ?? 0,
    timeZone: desk[0]?.timeZone ?? null,
  };
}

/** The statuses a day list prints: appointments that hold or held the time (not cancelled, rejected, expired). */
const DAY_LIST_STATUSES: readonly BookingStatus[] = ['requested', 'confirmed', 'attended', 'no_show'];

/** A booking on a day list: the list fields plus the accessibility needs (the route decides who sees them). */
export type DayListRow = BookingListRow & {
  accessibilityNeeds: string | null;
  longAppointment: boolean;
  interpreterLanguage: string | null;
};

/**
 * One local day of appointments (of one volunteer, or everyone's) in time order, with the desk's time zone
 * and the desk-wide closures covering that day, in one round trip.
 */
export async function listDay(
  db: Db,
  date: string,
  volunteerId?: string,
): Promise<{ rows: DayListRow[]; timeZone: string | null; closures: { reason: string }[] }> {
  const [rows, desk, closed] = await db.batch([
    db
      .select({
        ...listColumns,
        accessibilityNeeds: bookings.accessibilityNeeds,
        longAppointment: bookings.longAppointment,
        interpreterLanguage: bookings.interpreterLanguage,
      })
      .from(bookings)
      .innerJoin(services, eq(services.id, bookings.serviceId))
      .innerJoin(volunteers, eq(volunteers.id, bookings.volunteerId))
      .where(
        and(
          eq(bookings.localDate, date),
          inArray(bookings.status, [...DAY_LIST_STATUSES]),
          volunteerId ? eq(bookings.volunteerId, volunteerId) : undefined,
        ),
      )
      // Walk-ins come after the booked people of the same time.
      .orderBy(
        asc(bookings.startAt),
        asc(sql`${bookings.channel} = 'walk_in'`),
        asc(volunteers.displayName),
        asc(bookings.id),
      )
      .limit(BOOKING_LIST_LIMIT),
    db.select({ timeZone: deskSettings.timeZone }).from(deskSettings).where(eq(deskSettings.id, 1)),
    db
      .select({ reason: closures.reason })
      .from(closures)
      .where(and(isNull(closures.volunteerId), lte(closures.dateFrom, date), gte(closures.dateTo, date))),
  ]);
  return { rows, timeZone: desk[0]?.timeZone ?? null, closures: closed };
}

export type BookingRow = typeof bookings.$inferSelect;
export type DeskRow = typeof deskSettings.$inferSelect;

/**
 * The booking an action is about, the desk and a volunteer (the one named, else the booking's), in one
 * round trip: whether the named one is active, and the volunteer's video link.
 */
export async function loadForAction(
  db: Db,
  bookingId: string,
  volunteerId?: string,
): Promise<{
  booking: BookingRow | undefined;
  desk: DeskRow | undefined;
  volunteerActive: boolean;
  volunteerVideoLink: string | null;
}> {
  const whose =
    volunteerId === undefined
      ? sql`(select ${bookings.volunteerId} from ${bookings} where ${bookings.id} = ${bookingId})`
      : sql`${volunteerId}`;
  const [b, d, v] = await db.batch([
    db.select().from(bookings).where(eq(bookings.id, bookingId)).limit(1),
    db.select().from(deskSettings).where(eq(deskSettings.id, 1)).limit(1),
    db
      .select({ active: volunteers.active, videoLink: volunteers.videoLink })
      .from(volunteers)
      .where(eq(volunteers.id, whose))
      .limit(1),
  ]);
  const named = volunteerId !== undefined && v[0]?.active === true;
  return { booking: b[0], desk: d[0], volunteerActive: named, volunteerVideoLink: v[0]?.videoLink ?? null };
}

/** Display names of the given volunteers. */
export async function volunteerNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: volunteers.id, name: volunteers.displayName })
    .from(volunteers)
    .where(inArray(volunteers.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface BookingEventRow {
  id: number;
  at: number;
  type: string;
  actorType: 'person' | 'staff' | 'system';
  actorId: string | null;
  actorName: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  data: string | null;
}

export type MessageRow = typeof messages.$inferSelect;

export interface BookingDetail {
  booking: BookingRow;
  serviceNameIt: string;
  serviceNameEn: string;
  volunteerName: string;
  /** The booking's video link (domain/video.ts); null in person. */
  videoLink: string | null;
  timeZone: string | null;
  events: BookingEventRow[];
  messages: MessageRow[];
}

/** A booking's page: the row, its service and volunteer names, its audit trail and its messages; one round trip. */
export async function getBookingDetail(db: Db, bookingId: string): Promise<BookingDetail | null> {
  const [rows, events, outbox, desk] = await db.batch([
    db
      .select({
        booking: bookings,
        serviceNameIt: services.nameIt,
        serviceNameEn: services.nameEn,
        volunteerName: volunteers.displayName,
        volunteerVideoLink: volunteers.videoLink,
      })
      .from(bookings)
      .innerJoin(services, eq(services.id, bookings.serviceId))
      .innerJoin(volunteers, eq(volunteers.id, bookings.volunteerId))
      .where(eq(bookings.id, bookingId))
      .limit(1),
    db
      .select({
        id: bookingEvents.id,
        at: bookingEvents.at,
        type: bookingEvents.type,
        actorType: bookingEvents.actorType,
        actorId: bookingEvents.actorId,
        actorName: staffUsers.name,
        fromStatus: bookingEvents.fromStatus,
        toStatus: bookingEvents.toStatus,
        data: bookingEvents.data,
      })
      .from(bookingEvents)
      .leftJoin(staffUsers, and(eq(bookingEvents.actorType, 'staff'), eq(staffUsers.id, sql`${bookingEvents.actorId}`)))
      .where(eq(bookingEvents.bookingId, bookingId))
      .orderBy(asc(bookingEvents.at), asc(bookingEvents.id)),
    db
      .select()
      .from(messages)
      .where(eq(messages.bookingId, bookingId))
      .orderBy(asc(messages.createdAt), asc(messages.id)),
    db
      .select({ timeZone: deskSettings.timeZone, videoRoomBase: deskSettings.videoRoomBase })
      .from(deskSettings)
      .where(eq(deskSettings.id, 1)),
  ]);
  const found = rows[0];
  if (!found) return null;
  const { volunteerVideoLink, ...row } = found;
  const videoLink = bookingVideoLink({
    mode: row.booking.mode,
    volunteerLink: volunteerVideoLink,
    room: row.booking.videoRoom,
    roomBase: desk[0]?.videoRoomBase ?? '',
  });
  return { ...row, videoLink, timeZone: desk[0]?.timeZone ?? null, events, messages: outbox };
}

/** Outbox rows, newest first, optionally for one booking and/or in one status. */
export async function listMessages(
  db: Db,
  filter: { bookingId?: string; status?: MessageStatus },
): Promise<{ rows: MessageRow[]; timeZone: string | null }> {
  const conds: SQL[] = [];
  if (filter.bookingId) conds.push(eq(messages.bookingId, filter.bookingId));
  if (filter.status) conds.push(eq(messages.status, filter.status));
  const [rows, desk] = await db.batch([
    db
      .select()
      .from(messages)
      .where(conds.length ? and(...conds) : undefined)
      .orderBy(sql`${messages.createdAt} desc`, sql`${messages.id} desc`)
      .limit(MESSAGE_LIST_LIMIT),
    db.select({ timeZone: deskSettings.timeZone }).from(deskSettings).where(eq(deskSettings.id, 1)),
  ]);
  return { rows, timeZone: desk[0]?.timeZone ?? null };
}
