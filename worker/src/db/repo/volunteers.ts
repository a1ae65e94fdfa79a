/** Volunteers and their weekly shifts, for the staff management API. Plain functions with `db` first. */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { bookings, deskSettings, shifts, staffUsers, volunteers } from '../schema';
import { ACTIVE_STATUSES } from '../../domain/vocabulary';

export type VolunteerRow = typeof volunteers.$inferSelect;
export type ShiftRow = typeof shifts.$inferSelect;

/** A volunteer with what the list shows next to it. */
export interface VolunteerListRow extends VolunteerRow {
  shiftsCount: number;
  staffUserId: string | null;
  /** Shifts open to remote appointments, and the desk's video server: with the link, whether they get any. */
  remoteShiftsCount?: number;
  videoRoomBase?: string | null;
}

function volunteerListQuery(db: Db, where?: SQL) {
  const q = db
    .select({
      volunteer: volunteers,
      staffUserId: staffUsers.id,
      shiftsCount: sql<number>`(select count(*) from ${shifts} where ${shifts.volunteerId} = ${volunteers.id})`,
      remoteShiftsCount: sql<number>`(select count(*) from ${shifts}
        where ${shifts.volunteerId} = ${volunteers.id} and ${shifts.allowsRemote} = 1)`,
      videoRoomBase: sql<
        string | null
      >`(select ${deskSettings.videoRoomBase} from ${deskSettings} where ${deskSettings.id} = 1)`,
    })
    .from(volunteers)
    .leftJoin(staffUsers, eq(staffUsers.volunteerId, volunteers.id));
  return (where ? q.where(where) : q).orderBy(asc(volunteers.displayName), asc(volunteers.id));
}

function flatten(rows: Awaited<ReturnType<typeof volunteerListQuery>>): VolunteerListRow[] {
  return rows.map((r) => ({
    ...r.volunteer,
    shiftsCount: Number(r.shiftsCount),
    staffUserId: r.staffUserId,
    remoteShiftsCount: Number(r.remoteShiftsCount),
    videoRoomBase: r.videoRoomBase,
  }));
}

/** Every volunteer (active or not) by name; `onlyId` narrows to one (a volunteer's own view). */
export async function listVolunteers(db: Db, onlyId?: string): Promise<VolunteerListRow[]> {
  return flatten(await volunteerListQuery(db, onlyId === undefined ? undefined : eq(volunteers.id, onlyId)));
}

/** The unexecuted count of a volunteer's active bookings that start at or after `now`. */
export function upcomingActiveBookingsQuery(db: Db, volunteerId: string, now: number) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(bookings)
    .where(
      and(
        eq(bookings.volunteerId, volunteerId),
        inArray(bookings.status, [...ACTIVE_STATUSES]),
        sql`${bookings.startAt} >= ${now}`,
      ),
    );
}

export interface VolunteerDetail {
  volunteer: VolunteerListRow;
  shifts: ShiftRow[];
  upcomingActiveBookings: number;
}

/** One volunteer with its shifts and upcoming active bookings count, in one round trip; undefined when unknown. */
export async function getVolunteerDetail(db: Db, id: string, now: number): Promise<VolunteerDetail | undefined> {
  const [rows, shiftRows, counted] = await db.batch([
    volunteerListQuery(db, eq(volunteers.id, id)),
    shiftsQuery(db, id),
    upcomingActiveBookingsQuery(db, id, now),
  ]);
  const volunteer = flatten(rows)[0];
  if (!volunteer) return undefined;
  return { volunteer, shifts: shiftRows, upcomingActiveBookings: Number(counted[0]?.n ?? 0) };
}

/** The bare volunteer row, or undefined. */
export async function getVolunteer(db: Db, id: string): Promise<VolunteerRow | undefined> {
  const [row] = await db.select().from(volunteers).where(eq(volunteers.id, id)).limit(1);
  return row;
}

/** Inserts a volunteer (its iCal hash included). */
export async function insertVolunteer(db: Db, row: typeof volunteers.$inferInsert): Promise<void> {
  await db.insert(volunteers).values(row);
}

/** An edit; the feed columns change only when the edit rotates the feed (activation changes). */
export type VolunteerChanges = Pick<VolunteerRow, 'displayName' | 'phone' | 'email' | 'videoLink' | 'active'> &
  Partial<Pick<VolunteerRow, 'icalTokenRotatedAt' | 'icalTokenHash'>>;

/**
 * Saves an edit. Bookings are left alone, also on deactivation: reception reassigns them, guided by the
 * upcoming active bookings count read in the same batch.
 */
export async function updateVolunteer(
  db: Db,
  id: string,
  changes: VolunteerChanges,
  now: number,
): Promise<{ updated: boolean; upcomingActiveBookings: number }> {
  const [updated, counted] = await db.batch([
    db.update(volunteers).set(changes).where(eq(volunteers.id, id)).returning({ id: volunteers.id }),
    upcomingActiveBookingsQuery(db, id, now),
  ]);
  return { updated: updated.length > 0, upcomingActiveBookings: Number(counted[0]?.n ?? 0) };
}

/**
 * Stores a volunteer's feed key and token hash, provided the stored key is still `expectedKey` (null for
 * none): of two concurrent rotations one wins and its hash stays. Returns whether it was written.
 */
export async function setVolunteerIcal(
  db: Db,
  id: string,
  expectedKey: number | null,
  next: { key: number; hash: string },
): Promise<boolean> {
  const rows = await db
    .update(volunteers)
    .set({ icalTokenRotatedAt: next.key, icalTokenHash: next.hash })
    .where(and(eq(volunteers.id, id), sql`${volunteers.icalTokenRotatedAt} is ${expectedKey}`))
    .returning({ id: volunteers.id });
  return rows.length > 0;
}

// ---------------------------------------------------------------- shifts

function shiftsQuery(db: Db, volunteerId: string) {
  return db
    .select()
    .from(shifts)
    .where(eq(shifts.volunteerId, volunteerId))
    .orderBy(asc(shifts.weekday), asc(shifts.startMinute), asc(shifts.id));
}

/** A volunteer's shifts by weekday and start. */
export async function listShifts(db: Db, volunteerId: string): Promise<ShiftRow[]> {
  return shiftsQuery(db, volunteerId);
}

/** One shift of a volunteer, or undefined (also when it belongs to someone else). */
export async function getShift(db: Db, volunteerId: string, shiftId: string): Promise<ShiftRow | undefined> {
  const [row] = await db
    .select()
    .from(shifts)
    .where(and(eq(shifts.id, shiftId), eq(shifts.volunteerId, volunteerId)))
    .limit(1);
  return row;
}

/**
 * True when another shift of the same volunteer on the same weekday overlaps `s` in time and in validity
 * (a null bound is open-ended). Used inside the conditional writes, so the check and the write are one statement.
 */
function overlapsAnother(s: ShiftRow): SQL {
  return sql`exists (select 1 from ${shifts} o
    where o.volunteer_id = ${s.volunteerId} and o.weekday = ${s.weekday} and o.id <> ${s.id}
      and o.start_minute < ${s.endMinute} and ${s.startMinute} < o.end_minute
      and coalesce(o.valid_from, '0000-01-01') <= coalesce(${s.validTo}, '9999-12-31')
      and coalesce(${s.validFrom}, '0000-01-01') <= coalesce(o.valid_to, '9999-12-31'))`;
}

/** Inserts the shift unless it overlaps another of the volunteer's; false when it would. */
export async function insertShiftIfFree(db: Db, s: ShiftRow): Promise<boolean> {
  const rows = await db.all<{ id: string }>(sql`
    insert into ${shifts} (id, volunteer_id, weekday, start_minute, end_minute, allows_in_person, allows_remote, valid_from, valid_to)
    select ${s.id}, ${s.volunteerId}, ${s.weekday}, ${s.startMinute}, ${s.endMinute},
      ${s.allowsInPerson ? 1 : 0}, ${s.allowsRemote ? 1 : 0}, ${s.validFrom}, ${s.validTo}
    where not ${overlapsAnother(s)}
    returning id`);
  return rows.length > 0;
}

/** Saves an edited shift unless it would overlap another of the volunteer's; false when it would (or is gone). */
export async function updateShiftIfFree(db: Db, s: ShiftRow): Promise<boolean> {
  const rows = await db
    .update(shifts)
    .set({
      weekday: s.weekday,
      startMinute: s.startMinute,
      endMinute: s.endMinute,
      allowsInPerson: s.allowsInPerson,
      allowsRemote: s.allowsRemote,
      validFrom: s.validFrom,
      validTo: s.validTo,
    })
    .where(and(eq(shifts.id, s.id), eq(shifts.volunteerId, s.volunteerId), sql`not ${overlapsAnother(s)}`))
    .returning({ id: shifts.id });
  return rows.length > 0;
}

/** Deletes a shift; bookings made in it stay. False when the volunteer has no such shift. */
export async function deleteShift(db: Db, volunteerId: string, shiftId: string): Promise<boolean> {
  const rows = await db
    .delete(shifts)
    .where(and(eq(shifts.id, shiftId), eq(shifts.volunteerId, volunteerId)))
    .returning({ id: shifts.id });
  return rows.length > 0;
}
