/**
 * The funders' report and the booking register, as read from the database. The report reads only
 * report_counts (kept by triggers, drizzle/0017_report_counts.sql), never the bookings: erasure cannot move
 * it. Each read is one round trip.
 */
import { and, asc, eq, gt, gte, lte } from 'drizzle-orm';
import type { Db } from '../client';
import type { ReportCount } from '../../domain/reports';
import { bookings, reportCounts, services } from '../schema';
import { bookingNames, withNames } from './booking-joins';
import { deskQuery, deskRead, type DeskRead } from './desk';

/** The counts of the months `from`..`to` ('YYYY-MM', inclusive) and every service's names: one round trip. */
export async function readReportCounts(
  db: Db,
  from: string,
  to: string,
): Promise<{ counts: ReportCount[]; services: { id: string; nameIt: string; nameEn: string }[] }> {
  const [counts, names] = await db.batch([
    db
      .select()
      .from(reportCounts)
      .where(and(gte(reportCounts.month, from), lte(reportCounts.month, to), gt(reportCounts.n, 0))),
    db.select({ id: services.id, nameIt: services.nameIt, nameEn: services.nameEn }).from(services),
  ]);
  return { counts: counts.map((c) => ({ ...c, n: Number(c.n) })), services: names };
}

/** The columns of the register (README "Register export"); needs are read only when the caller may see them. */
const registerColumns = {
  id: bookings.id,
  reference: bookings.reference,
  status: bookings.status,
  localDate: bookings.localDate,
  localTime: bookings.localTime,
  startAt: bookings.startAt,
  endAt: bookings.endAt,
  mode: bookings.mode,
  channel: bookings.channel,
  language: bookings.language,
  personName: bookings.personName,
  phone: bookings.phone,
  email: bookings.email,
  note: bookings.note,
  staffNote: bookings.staffNote,
  lateCancellation: bookings.lateCancellation,
  followUpOf: bookings.followUpOf,
  checkedInAt: bookings.checkedInAt,
  accessibilityNeeds: bookings.accessibilityNeeds,
  longAppointment: bookings.longAppointment,
  interpreterLanguage: bookings.interpreterLanguage,
  erasedAt: bookings.erasedAt,
  ...bookingNames,
};

/** One booking of the register. */
export type RegisterRow = Awaited<ReturnType<typeof listRegister>>['rows'][number];

/**
 * The bookings dated `from`..`to` (local dates, inclusive), of one volunteer or all, by date and time, with
 * the desk (its zone): one round trip.
 */
export async function listRegister(db: Db, q: { from: string; to: string; volunteerId: string | undefined }) {
  const inRange = and(gte(bookings.localDate, q.from), lte(bookings.localDate, q.to));
  const [desk, rows] = await db.batch([
    deskQuery(db),
    withNames(db.select(registerColumns).from(bookings).$dynamic())
      .where(q.volunteerId === undefined ? inRange : and(inRange, eq(bookings.volunteerId, q.volunteerId)))
      .orderBy(asc(bookings.startAt), asc(bookings.id)),
  ]);
  return { desk: deskRead(desk[0]) as DeskRead, rows };
}
