import { and, asc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { bookings, deskSettings, services, volunteers } from '../schema';
import { type Language } from '../../domain/vocabulary';
import type { FeedBooking, PersonBooking } from '../../domain/ical';
import { bookingNames, videoColumns, withNames, withVideoLink } from './booking-joins';

/** The desk columns a calendar needs. */
export interface CalendarDesk {
  name: string;
  address: string;
  city: string;
  phone: string;
  /** The desk's e-mail address: the feeds' ORGANIZER when it is a valid one. */
  email: string;
  timeZone: string;
  languages: string;
  icalIncludePhone: boolean;
  /** The desk's video server, for remote appointments' links (domain/video.ts). */
  videoRoomBase: string;
}

/** Whose feed a token opens: one volunteer's, or the desk-wide one. */
export type FeedOwner = { kind: 'volunteer'; volunteerId: string; volunteerName: string } | { kind: 'desk' };

const deskColumns = {
  name: deskSettings.name,
  address: deskSettings.address,
  city: deskSettings.city,
  phone: deskSettings.phone,
  email: deskSettings.email,
  timeZone: deskSettings.timeZone,
  languages: deskSettings.languages,
  icalIncludePhone: deskSettings.icalIncludePhone,
  videoRoomBase: deskSettings.videoRoomBase,
};

/**
 * The feed a token hash opens, with the desk settings every feed needs: one round trip. Volunteers are
 * looked up first, then the desk. A deactivated volunteer's feed answers nothing, like a rotated one.
 */
export async function findFeedByTokenHash(
  db: Db,
  hash: string,
): Promise<{ owner: FeedOwner; desk: CalendarDesk | null } | null> {
  const [volunteerRows, deskRows] = await db.batch([
    db
      .select({ id: volunteers.id, name: volunteers.displayName })
      .from(volunteers)
      .where(and(eq(volunteers.icalTokenHash, hash), eq(volunteers.active, true)))
      .limit(1),
    db
      .select({ ...deskColumns, deskTokenHash: deskSettings.icalDeskTokenHash })
      .from(deskSettings)
      .where(eq(deskSettings.id, 1))
      .limit(1),
  ]);
  const volunteer = volunteerRows[0];
  const deskRow = deskRows[0];
  const desk = deskRow ? stripHash(deskRow) : null;
  if (volunteer)
    return { owner: { kind: 'volunteer', volunteerId: volunteer.id, volunteerName: volunteer.name }, desk };
  if (deskRow?.deskTokenHash && deskRow.deskTokenHash === hash) return { owner: { kind: 'desk' }, desk };
  return null;
}

function stripHash(row: CalendarDesk & { deskTokenHash: string | null }): CalendarDesk {
  const { deskTokenHash: _ignored, ...desk } = row;
  return desk;
}

/** What every calendar event is made of, whoever's calendar it is in. */
const eventColumns = {
  id: bookings.id,
  reference: bookings.reference,
  status: bookings.status,
  mode: bookings.mode,
  startAt: bookings.startAt,
  endAt: bookings.endAt,
  icalSequence: bookings.icalSequence,
  createdAt: bookings.createdAt,
  updatedAt: bookings.updatedAt,
};

/** Statuses that stay in a feed however long ago they changed. */
const OPEN_OR_HELD = ['requested', 'confirmed', 'attended', 'no_show'] as const;

/**
 * A feed's bookings: starting in [from, to), the closed ones (cancelled, rejected, expired) only while
 * closed since `closedSince`; joined with service and volunteer; ordered by start. One query.
 * The person's phone is read only when `withPhone` (the desk feed with the phone setting on).
 */
export async function listFeedBookings(
  db: Db,
  q: {
    volunteerId: string | null;
    from: number;
    to: number;
    closedSince: number;
    withPhone: boolean;
    videoRoomBase: string;
  },
): Promise<FeedBooking[]> {
  const inWindow = and(gte(bookings.startAt, q.from), lt(bookings.startAt, q.to));
  const shown = or(
    inArray(bookings.status, [...OPEN_OR_HELD]),
    // Rejected and expired rows have no closing instant of their own; their last update is that moment.
    gte(sql`coalesce(${bookings.cancelledAt}, ${bookings.updatedAt})`, q.closedSince),
  );
  const rows = await withNames(
    db
      .select({
        ...eventColumns,
        personName: bookings.personName,
        phone: q.withPhone ? bookings.phone : sql<string | null>`null`,
        ...bookingNames,
        ...videoColumns,
      })
      .from(bookings)
      .$dynamic(),
  )
    .where(
      q.volunteerId === null ? and(inWindow, shown) : and(eq(bookings.volunteerId, q.volunteerId), inWindow, shown),
    )
    .orderBy(asc(bookings.startAt), asc(bookings.id));
  return rows.map((r) => withVideoLink(r, q.videoRoomBase));
}

/** The booking behind a manage code as its "add to calendar" file needs it, with the desk: one query. */
export async function findPersonBooking(
  db: Db,
  manageCode: string,
): Promise<{ booking: PersonBooking & { language: Language }; desk: CalendarDesk | null } | null> {
  const rows = await db
    .select({
      ...eventColumns,
      language: bookings.language,
      serviceNameIt: services.nameIt,
      serviceNameEn: services.nameEn,
      serviceTranslations: services.translations,
      ...videoColumns,
      desk: deskColumns,
    })
    .from(bookings)
    .innerJoin(services, eq(services.id, bookings.serviceId))
    .innerJoin(volunteers, eq(volunteers.id, bookings.volunteerId))
    .leftJoin(deskSettings, eq(deskSettings.id, 1))
    .where(eq(bookings.manageCode, manageCode))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const { desk, ...rest } = row;
  const booking = withVideoLink(rest, desk?.videoRoomBase ?? '');
  // Like the manage page: a closed appointment promises no link.
  if (booking.status !== 'requested' && booking.status !== 'confirmed') booking.videoLink = null;
  return { booking, desk };
}
