/** The join every booking list shares: each booking with its service's and volunteer's names. */
import { eq } from 'drizzle-orm';
import { bookingVideoLink } from '../../domain/video';
import type { Mode } from '../../domain/vocabulary';
import type { SQLiteSelect } from 'drizzle-orm/sqlite-core';
import { bookings, services, volunteers } from '../schema';

/** The names shown beside a booking, in both languages for the service. */
export const bookingNames = {
  serviceNameIt: services.nameIt,
  serviceNameEn: services.nameEn,
  volunteerName: volunteers.displayName,
};

/** A booking as lists show it: what, when, with whom (ids and names). */
export const listedBooking = {
  id: bookings.id,
  reference: bookings.reference,
  status: bookings.status,
  startAt: bookings.startAt,
  endAt: bookings.endAt,
  serviceId: bookings.serviceId,
  volunteerId: bookings.volunteerId,
  ...bookingNames,
};

/**
 * Joins a dynamic select from `bookings` with its service and volunteer (inner joins: both always
 * exist), so `bookingNames` can be selected: `withNames(db.select({...}).from(bookings).$dynamic())`.
 */
export function withNames<T extends SQLiteSelect>(query: T) {
  return query
    .innerJoin(services, eq(services.id, bookings.serviceId))
    .innerJoin(volunteers, eq(volunteers.id, bookings.volunteerId));
}

/** What a booking's video link is made of, besides the desk's base. */
export const videoColumns = { volunteerVideoLink: volunteers.videoLink, videoRoom: bookings.videoRoom };

/** A row with its video link (domain/video.ts) in place of the parts it is made of. */
export function withVideoLink<R extends { mode: Mode; volunteerVideoLink: string | null; videoRoom: string | null }>(
  row: R,
  roomBase: string,
): Omit<R, 'volunteerVideoLink' | 'videoRoom'> & { videoLink: string | null } {
  const { volunteerVideoLink, videoRoom, ...rest } = row;
  return {
    ...rest,
    videoLink: bookingVideoLink({ mode: row.mode, volunteerLink: volunteerVideoLink, room: videoRoom, roomBase }),
  };
}
