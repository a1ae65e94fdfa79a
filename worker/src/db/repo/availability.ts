import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { aliasedColumns, renderedOnce } from '../prepared';
import {
  availabilityVersion,
  bookings,
  closures,
  deskSettings,
  services,
  shifts,
  volunteers,
  waitlistOffers,
} from '../schema';
import { addDays, localToInstant } from '../../domain/time';
import { takesVideoCalls } from '../../domain/video';
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
 * service, and the active volunteers (with their video links, which decide remote slots together with the
 * desk's video_room_base), the shifts in the window (any volunteer's: the engine keeps the active ones'),
 * closures and active bookings as JSON arrays.
 * Aggregating in SQLite sends one row instead of hundreds: building a row object per booking cost
 * ~10× more than the availability engine itself, in the local client and over Turso's HTTP protocol alike.
 * Returned unexecuted so callers can put it in one db.batch with their own statements.
 */
export function availabilityRead(db: Db, serviceId: string, window: DateWindow) {
  const fromInstant = localToInstant(window.from, 0, 'UTC') - MAX_ZONE_OFFSET_MS;
  const toInstant = localToInstant(addDays(window.to, 1), 0, 'UTC') + MAX_ZONE_OFFSET_MS;
  const values = { serviceId, from: window.from, to: window.to, fromInstant, toInstant };
  return db.all<AvailabilityRow>(statement({ ...values, earliestStart: fromInstant - MAX_BOOKING_MS }));
}

/**
 * The desk-wide availability version alone: one row by its primary key, the whole cost of answering a
 * repeat whose ETag (or cached copy) is still good. Zero when the row is missing (never, after 0013).
 */
export async function readAvailabilityVersion(db: Db): Promise<number> {
  // Straight to the client: every repeat of the widget's query makes this read, and drizzle around it
  // (a prepared query, a row mapping) cost a quarter of it in the Node process.
  const rs = await db.$client.execute(VERSION_SQL);
  const version = rs.rows[0]?.[0];
  return version === undefined || version === null ? 0 : Number(version);
}

const VERSION_SQL = `select ${availabilityVersion.version.name} from ${getTableName(availabilityVersion)} where ${availabilityVersion.id.name} = 1`;

/** The desk's columns as `d_<key>`, the service's as `s_<key>` (all null without it), then four JSON arrays. */
type AvailabilityRow = Record<string, unknown> & {
  version: number | null;
  volunteers: string;
  shifts: string;
  closures: string;
  bookings: string;
};

/** The desk's and the service's columns, read back as drizzle's rows. */
const deskColumns = aliasedColumns<DeskRow>(getTableColumns(deskSettings), 'd_');
const serviceColumns = aliasedColumns<ServiceRow>(getTableColumns(services), 's_');

/**
 * A waitlist offer that holds its slot (open, holds = 1) counts as a booking of its volunteer: the slot is
 * kept for the person offered it. Its end by time is written by the cron (lapse), whose status change
 * bumps the availability version, so the statement needs no clock.
 * Shifts are not joined to the active volunteers: the engine keeps only the listed volunteers' shifts
 * (indexShifts), and the join read every volunteer a second time (Turso bills rows read).
 * Rendered on first use, once per isolate (or process): for this statement (two whole tables and four
 * subqueries) rendering cost about 1 ms of CPU per request in the Worker (npm run bench: 6.5 → 5.4 ms for
 * the widget's availability), more than the engine needs for four weeks.
 */
const statement = renderedOnce('availability', () => {
  const p = (name: string) => sql.placeholder(name);
  return sql`select ${deskColumns.select}, ${serviceColumns.select},
      (select ${availabilityVersion.version} from ${availabilityVersion} where ${availabilityVersion.id} = 1) as version,
      (select json_group_array(json_array(${volunteers.id}, ${volunteers.videoLink}))
        from ${volunteers} where ${volunteers.active} = 1) as volunteers,
      (select json_group_array(json_array(${shifts.volunteerId}, ${shifts.weekday}, ${shifts.startMinute},
          ${shifts.endMinute}, ${shifts.allowsInPerson}, ${shifts.allowsRemote}, ${shifts.validFrom}, ${shifts.validTo}))
        from ${shifts}
        where (${shifts.validFrom} is null or ${shifts.validFrom} <= ${p('to')})
          and (${shifts.validTo} is null or ${shifts.validTo} >= ${p('from')})) as shifts,
      (select json_group_array(json_array(${closures.volunteerId}, ${closures.dateFrom}, ${closures.dateTo}))
        from ${closures}
        where ${closures.dateFrom} <= ${p('to')} and ${closures.dateTo} >= ${p('from')}) as closures,
      (select json_group_array(json_array(t.vid, t.s, t.e)) from (
        select ${bookings.volunteerId} as vid, ${bookings.startAt} as s, ${bookings.endAt} as e
        from ${bookings}
        where ${bookings.status} in ('requested', 'confirmed')
          and ${bookings.startAt} < ${p('toInstant')} and ${bookings.endAt} > ${p('fromInstant')}
          and ${bookings.startAt} > ${p('earliestStart')}
        union all
        select ${waitlistOffers.volunteerId}, ${waitlistOffers.startAt}, ${waitlistOffers.endAt}
        from ${waitlistOffers}
        where ${waitlistOffers.status} = 'open' and ${waitlistOffers.holds} = 1
          and ${waitlistOffers.startAt} < ${p('toInstant')} and ${waitlistOffers.endAt} > ${p('fromInstant')}) as t) as bookings
    from ${deskSettings} left join ${services} on ${services.id} = ${p('serviceId')}
    where ${deskSettings.id} = 1
    limit 1`;
});

/** What availabilityRead gives back (zero rows when the desk was never set up). */
export type AvailabilityReadResult = Awaited<ReturnType<typeof availabilityRead>>;

export interface LoadedAvailability {
  /** availability_version as of this very read (the same statement, so the same snapshot). */
  version: number;
  desk: DeskRow;
  /** Undefined when no service has that id (active or not: the caller decides). */
  service: ServiceRow | undefined;
  data: AvailabilityData;
  /** Each active volunteer's own video link (volunteers.video_link). */
  videoLinks: Map<string, string | null>;
}

/** Availability's inputs, or the explicit outcome that the desk was never set up (nothing can be booked). */
export type AvailabilityLoad = { configured: false } | ({ configured: true } & LoadedAvailability);

type ShiftTuple = [string, number, number, number, number, number, string | null, string | null];

/** Shapes the result of availabilityRead for computeAvailability; without a desk row, says so. */
export function toLoadedAvailability(result: AvailabilityReadResult): AvailabilityLoad {
  const row = result[0];
  if (!row) return { configured: false };
  // The aliases are the tables' own keys, so these are the rows drizzle's select would have built.
  const desk = deskColumns.read(row);
  const service = row.s_id === null || row.s_id === undefined ? undefined : serviceColumns.read(row);
  const rules: BookingRules = {
    timeZone: desk.timeZone,
    minNoticeMinutes: desk.minNoticeMinutes,
    horizonDays: desk.horizonDays,
    slotGridMinutes: desk.slotGridMinutes,
    reserved: { sharePercent: desk.reservedSharePercent, releaseHours: desk.reservedReleaseHours },
  };
  const volunteerRows = JSON.parse(row.volunteers) as [string, string | null][];
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
    version: row.version ?? 0,
    desk,
    service,
    videoLinks: new Map(volunteerRows),
    data: {
      rules,
      volunteers: volunteerRows.map(([id, link]) => ({
        id,
        active: true,
        takesVideoCalls: takesVideoCalls(link, desk.videoRoomBase),
      })),
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
