import { and, eq, gt, gte, inArray, isNull, lt, lte, or } from 'drizzle-orm';
import type { BatchResponse } from 'drizzle-orm/batch';
import type { Db } from '../client';
import { ACTIVE_STATUSES, bookings, closures, services, shifts, volunteers } from '../schema';
import { addDays, localToInstant } from '../../domain/time';
import type { AvailabilityData, BookingRules } from '../../domain/types';
import { deskQuery, requireDesk, type DeskRow, type ServiceRow } from './desk';

/**
 * Local dates whose data must be read. Callers widen it by a day on each side when the desk's time
 * zone is not known yet (it arrives in the same batch), so it covers the desk's dates whatever the zone.
 */
export interface DateWindow {
  from: string;
  to: string;
}

/** No zone is more than 14 hours from UTC, so ±14 h around UTC midnights covers the local days in any zone. */
const MAX_ZONE_OFFSET_MS = 14 * 3_600_000;

/**
 * The unexecuted reads computeAvailability needs for `window`: desk, the service, active volunteers,
 * their shifts, closures and active bookings. Returned as a tuple so callers put them in one db.batch
 * with their own statements.
 */
export function availabilityReads(db: Db, serviceId: string, window: DateWindow) {
  const fromInstant = localToInstant(window.from, 0, 'UTC') - MAX_ZONE_OFFSET_MS;
  const toInstant = localToInstant(addDays(window.to, 1), 0, 'UTC') + MAX_ZONE_OFFSET_MS;
  const activeVolunteerIds = db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.active, true));
  return [
    deskQuery(db),
    db.select().from(services).where(eq(services.id, serviceId)).limit(1),
    db.select({ id: volunteers.id }).from(volunteers).where(eq(volunteers.active, true)),
    db
      .select()
      .from(shifts)
      .where(
        and(
          inArray(shifts.volunteerId, activeVolunteerIds),
          or(isNull(shifts.validFrom), lte(shifts.validFrom, window.to)),
          or(isNull(shifts.validTo), gte(shifts.validTo, window.from)),
        ),
      ),
    db
      .select({ volunteerId: closures.volunteerId, dateFrom: closures.dateFrom, dateTo: closures.dateTo })
      .from(closures)
      .where(and(lte(closures.dateFrom, window.to), gte(closures.dateTo, window.from))),
    db
      .select({ volunteerId: bookings.volunteerId, startAt: bookings.startAt, endAt: bookings.endAt })
      .from(bookings)
      .where(and(inArray(bookings.status, [...ACTIVE_STATUSES]), lt(bookings.startAt, toInstant), gt(bookings.endAt, fromInstant))),
  ] as const;
}

/** What db.batch gives back for availabilityReads, in the same order. */
export type AvailabilityReadResults = BatchResponse<ReturnType<typeof availabilityReads>>;

export interface LoadedAvailability {
  desk: DeskRow;
  /** Undefined when no service has that id (active or not: the caller decides). */
  service: ServiceRow | undefined;
  data: AvailabilityData;
}

/** Shapes the batch results of availabilityReads for computeAvailability. Throws DeskNotConfiguredError without a desk. */
export function toLoadedAvailability(results: AvailabilityReadResults): LoadedAvailability {
  const [deskRows, serviceRows, volunteerRows, shiftRows, closureRows, bookingRows] = results;
  const desk = requireDesk(deskRows[0]);
  const rules: BookingRules = {
    timeZone: desk.timeZone,
    minNoticeMinutes: desk.minNoticeMinutes,
    horizonDays: desk.horizonDays,
    slotGridMinutes: desk.slotGridMinutes,
  };
  return {
    desk,
    service: serviceRows[0],
    data: {
      rules,
      volunteers: volunteerRows.map((r) => ({ id: r.id, active: true })),
      shifts: shiftRows.map((s) => ({
        volunteerId: s.volunteerId,
        weekday: s.weekday,
        startMinute: s.startMinute,
        endMinute: s.endMinute,
        allowsInPerson: s.allowsInPerson,
        allowsRemote: s.allowsRemote,
        validFrom: s.validFrom,
        validTo: s.validTo,
      })),
      closures: closureRows,
      bookings: bookingRows,
    },
  };
}

/** Everything to compute availability over `window`, in one round trip. */
export async function loadAvailability(db: Db, serviceId: string, window: DateWindow): Promise<LoadedAvailability> {
  const results = await db.batch(availabilityReads(db, serviceId, window));
  return toLoadedAvailability(results);
}
