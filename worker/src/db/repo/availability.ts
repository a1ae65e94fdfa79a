import { fillPlaceholders, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
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
  const fromInstant = localToInstant(window.from, 0, 'UTC') - MAX_ZONE_OFFSET_MS;
  const toInstant = localToInstant(addDays(window.to, 1), 0, 'UTC') + MAX_ZONE_OFFSET_MS;
  const values = { serviceId, from: window.from, to: window.to, fromInstant, toInstant };
  return db.all<AvailabilityRow>(statement().bind({ ...values, earliestStart: fromInstant - MAX_BOOKING_MS }));
}

/** The desk's columns as `d_<key>`, the service's as `s_<key>` (all null without it), then four JSON arrays. */
type AvailabilityRow = Record<string, unknown> & {
  volunteers: string;
  shifts: string;
  closures: string;
  bookings: string;
};

/** A table's columns under prefixed aliases, and the way back from such a row to the row drizzle would build. */
function aliasedColumns(table: typeof deskSettings | typeof services, prefix: string) {
  const columns = Object.entries(getTableColumns(table));
  return {
    select: sql.join(
      columns.map(([key, column]) => sql`${column} as ${sql.identifier(prefix + key)}`),
      sql.raw(', '),
    ),
    read(row: Record<string, unknown>): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      // Driver values mapped as drizzle maps them (0/1 to booleans for boolean columns).
      for (const [key, column] of columns) {
        const value = row[prefix + key];
        out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
      }
      return out;
    },
  };
}

/**
 * SQL text rendered once, with its values bound per call. Drizzle turns a statement into text anew on
 * every execution, and for this one (two whole tables and four subqueries) that cost about 1 ms of CPU per
 * request in the Worker (npm run bench: 6.5 → 5.4 ms for the widget's availability), more than the engine
 * needs for four weeks; the Worker makes a new database handle per request, so a statement prepared on a
 * handle could not be kept either.
 */
function renderOnce(query: SQL) {
  const { sql: text, params } = new SQLiteAsyncDialect().sqlToQuery(query);
  const pieces = text.split('?');
  // Every "?" must be a parameter; the statement has no string literal holding one.
  if (pieces.length !== params.length + 1) throw new Error('availability statement: a "?" that is not a parameter');
  return (values: Record<string, unknown>): SQL => {
    const bound = fillPlaceholders(params, values);
    return sql.join(
      pieces.flatMap((piece, i) => (i < bound.length ? [sql.raw(piece), sql.param(bound[i])] : [sql.raw(piece)])),
    );
  };
}

/** Rendered on first use, once per isolate (or process). */
let rendered: ReturnType<typeof renderStatement> | undefined;
const statement = () => (rendered ??= renderStatement());

function renderStatement() {
  const desk = aliasedColumns(deskSettings, 'd_');
  const service = aliasedColumns(services, 's_');
  const p = (name: string) => sql.placeholder(name);
  const bind = renderOnce(sql`select ${desk.select}, ${service.select},
      (select json_group_array(${volunteers.id}) from ${volunteers} where ${volunteers.active} = 1) as volunteers,
      (select json_group_array(json_array(${shifts.volunteerId}, ${shifts.weekday}, ${shifts.startMinute},
          ${shifts.endMinute}, ${shifts.allowsInPerson}, ${shifts.allowsRemote}, ${shifts.validFrom}, ${shifts.validTo}))
        from ${shifts}
        where ${shifts.volunteerId} in (select ${volunteers.id} from ${volunteers} where ${volunteers.active} = 1)
          and (${shifts.validFrom} is null or ${shifts.validFrom} <= ${p('to')})
          and (${shifts.validTo} is null or ${shifts.validTo} >= ${p('from')})) as shifts,
      (select json_group_array(json_array(${closures.volunteerId}, ${closures.dateFrom}, ${closures.dateTo}))
        from ${closures}
        where ${closures.dateFrom} <= ${p('to')} and ${closures.dateTo} >= ${p('from')}) as closures,
      (select json_group_array(json_array(${bookings.volunteerId}, ${bookings.startAt}, ${bookings.endAt}))
        from ${bookings}
        where ${bookings.status} in ('requested', 'confirmed')
          and ${bookings.startAt} < ${p('toInstant')} and ${bookings.endAt} > ${p('fromInstant')}
          and ${bookings.startAt} > ${p('earliestStart')}) as bookings
    from ${deskSettings} left join ${services} on ${services.id} = ${p('serviceId')}
    where ${deskSettings.id} = 1
    limit 1`);
  return { bind, desk, service };
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
  if (!row) return { configured: false };
  const { desk: deskColumns, service: serviceColumns } = statement();
  // The aliases are the tables' own keys, so these are the rows drizzle's select would have built.
  const desk = deskColumns.read(row) as DeskRow;
  const service = row.s_id === null || row.s_id === undefined ? undefined : (serviceColumns.read(row) as ServiceRow);
  const rules: BookingRules = {
    timeZone: desk.timeZone,
    minNoticeMinutes: desk.minNoticeMinutes,
    horizonDays: desk.horizonDays,
    slotGridMinutes: desk.slotGridMinutes,
  };
  const volunteerIds = JSON.parse(row.volunteers) as string[];
  const shiftRules: ShiftRule[] = (JSON.parse(row.shifts) as ShiftTuple[]).map(
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
  const closureRules: ClosureRule[] = (JSON.parse(row.closures) as [string | null, string, string][]).map(
    ([volunteerId, dateFrom, dateTo]) => ({ volunteerId, dateFrom, dateTo }),
  );
  const busy: BusyInterval[] = (JSON.parse(row.bookings) as [string, number, number][]).map(
    ([volunteerId, startAt, endAt]) => ({ volunteerId, startAt, endAt }),
  );
  return {
    configured: true,
    desk,
    service,
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
  return toLoadedAvailability(await availabilityRead(db, serviceId, window));
}
