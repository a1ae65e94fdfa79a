import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { bookings, closures, deskSettings, services, shifts, volunteers } from '../schema';
import { addDays, localToInstant } from '../../domain/time';
import type { AvailabilityData, BookingRules, BusyInterval, ClosureRule, ShiftRule } from '../../domain/types';
import type { DeskRow, ServiceRow } from './desk';

/**
 * Local dates whose data must be read. Callers widen it by a day on each side when the desk's time
 * zone is not known yet (it arrives in the same statement), so it covers the desk's dates whatever the zone.
 */
export interface DateWindow {
  from: string;
  to: string;
}

/** No zone is more than 14 hours from UTC, so ±14 h around UTC midnights covers the local days in any zone. */
const MAX_ZONE_OFFSET_MS = 14 * 3_600_000;
/**
 * No booking is longer than a service may be (services_duration check: 480 minutes), so a lower bound on
 * start_at lets the index on start_at skip the whole history instead of scanning every past booking
 * (Turso bills rows read).
 */
const MAX_BOOKING_MS = 480 * 60_000;

/**
 * The one unexecuted statement computeAvailability needs for `window`: the desk row joined with the
 * service, and the active volunteers, their shifts, closures and active bookings as JSON arrays.
 * Aggregating in SQLite sends one row instead of hundreds: building a row object per booking cost
 * ~10× more than the availability engine itself, in the local client and over Turso's HTTP protocol alike.
 * Returned unexecuted so callers can put it in one db.batch with their own statements.
 */
export function availabilityRead(db: Db, serviceId: string, window: DateWindow) {
  return availabilitySelect(db, { serviceId, ...readBounds(window) });
}

/** The values availabilitySelect binds: literal values, or placeholders for a prepared statement. */
interface ReadParams {
  serviceId: string | ReturnType<typeof sql.placeholder>;
  from: string | ReturnType<typeof sql.placeholder>;
  to: string | ReturnType<typeof sql.placeholder>;
  fromInstant: number | ReturnType<typeof sql.placeholder>;
  toInstant: number | ReturnType<typeof sql.placeholder>;
}

function readBounds(window: DateWindow) {
  return {
    from: window.from,
    to: window.to,
    fromInstant: localToInstant(window.from, 0, 'UTC') - MAX_ZONE_OFFSET_MS,
    toInstant: localToInstant(addDays(window.to, 1), 0, 'UTC') + MAX_ZONE_OFFSET_MS,
  };
}

function availabilitySelect(db: Db, p: ReadParams) {
  const { serviceId, fromInstant, toInstant } = p;
  const window = { from: p.from, to: p.to };
  return db
    .select({
      desk: deskSettings,
      service: services,
      volunteers: sql<string>`(select json_group_array(${volunteers.id}) from ${volunteers} where ${volunteers.active} = 1)`,
      shifts: sql<string>`(select json_group_array(json_array(${shifts.volunteerId}, ${shifts.weekday}, ${shifts.startMinute},
          ${shifts.endMinute}, ${shifts.allowsInPerson}, ${shifts.allowsRemote}, ${shifts.validFrom}, ${shifts.validTo}))
        from ${shifts}
        where ${shifts.volunteerId} in (select ${volunteers.id} from ${volunteers} where ${volunteers.active} = 1)
          and (${shifts.validFrom} is null or ${shifts.validFrom} <= ${window.to})
          and (${shifts.validTo} is null or ${shifts.validTo} >= ${window.from}))`,
      closures: sql<string>`(select json_group_array(json_array(${closures.volunteerId}, ${closures.dateFrom}, ${closures.dateTo}))
        from ${closures}
        where ${closures.dateFrom} <= ${window.to} and ${closures.dateTo} >= ${window.from})`,
      bookings: sql<string>`(select json_group_array(json_array(${bookings.volunteerId}, ${bookings.startAt}, ${bookings.endAt}))
        from ${bookings}
        where ${bookings.status} in ('requested', 'confirmed')
          and ${bookings.startAt} < ${toInstant} and ${bookings.endAt} > ${fromInstant}
          and ${bookings.startAt} > ${fromInstant} - ${MAX_BOOKING_MS})`,
    })
    .from(deskSettings)
    .leftJoin(services, sql`${services.id} = ${serviceId}`)
    .where(eq(deskSettings.id, 1))
    .limit(1);
}

/** What availabilityRead gives back (zero rows when the desk was never set up). */
export type AvailabilityReadResult = Awaited<ReturnType<typeof availabilityRead>>;

export interface LoadedAvailability {
  desk: DeskRow;
  /** Undefined when no service has that id (active or not: the caller decides). */
  service: ServiceRow | undefined;
  data: AvailabilityData;
}

/** Availability's inputs, or the explicit outcome that the desk was never set up (nothing can be booked). */
export type AvailabilityLoad = { configured: false } | ({ configured: true } & LoadedAvailability);

type ShiftTuple = [string, number, number, number, number, number, string | null, string | null];

/** Shapes the result of availabilityRead for computeAvailability; without a desk row, says so. */
export function toLoadedAvailability(result: AvailabilityReadResult): AvailabilityLoad {
  const row = result[0];
  const desk = row?.desk;
  if (!desk) return { configured: false };
  const rules: BookingRules = {
    timeZone: desk.timeZone,
    minNoticeMinutes: desk.minNoticeMinutes,
    horizonDays: desk.horizonDays,
    slotGridMinutes: desk.slotGridMinutes,
  };
  const volunteerIds = JSON.parse(row!.volunteers) as string[];
  const shiftRules: ShiftRule[] = (JSON.parse(row!.shifts) as ShiftTuple[]).map(
    ([volunteerId, weekday, startMinute, endMinute, inPerson, remote, validFrom, validTo]) => ({
      volunteerId,
      weekday,
      startMinute,
      endMinute,
      allowsInPerson: inPerson === 1,
      allowsRemote: remote === 1,
      validFrom,
      validTo,
    }),
  );
  const closureRules: ClosureRule[] = (JSON.parse(row!.closures) as [string | null, string, string][]).map(
    ([volunteerId, dateFrom, dateTo]) => ({ volunteerId, dateFrom, dateTo }),
  );
  const busy: BusyInterval[] = (JSON.parse(row!.bookings) as [string, number, number][]).map(
    ([volunteerId, startAt, endAt]) => ({ volunteerId, startAt, endAt }),
  );
  return {
    configured: true,
    desk,
    service: row!.service ?? undefined,
    data: {
      rules,
      volunteers: volunteerIds.map((id) => ({ id, active: true })),
      shifts: shiftRules,
      closures: closureRules,
      bookings: busy,
    },
  };
}

/** Everything to compute availability over `window`, in one round trip. */
export async function loadAvailability(db: Db, serviceId: string, window: DateWindow): Promise<AvailabilityLoad> {
  let prepared = preparedReads.get(db);
  if (!prepared) {
    prepared = availabilitySelect(db, {
      serviceId: sql.placeholder('serviceId'),
      from: sql.placeholder('from'),
      to: sql.placeholder('to'),
      fromInstant: sql.placeholder('fromInstant'),
      toInstant: sql.placeholder('toInstant'),
    }).prepare();
    preparedReads.set(db, prepared);
  }
  return toLoadedAvailability(await prepared.all({ serviceId, ...readBounds(window) }));
}

/**
 * Building this statement costs about as much as running it, so a long-lived database handle (the Node
 * runtime) keeps it prepared. The Worker makes a handle per request, where the network dominates anyway.
 */
const preparedReads = new WeakMap<Db, ReturnType<ReturnType<typeof availabilitySelect>['prepare']>>();
