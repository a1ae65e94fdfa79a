/** The join every booking list shares: each booking with its service's and volunteer's names. */
import { eq } from 'drizzle-orm';
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
