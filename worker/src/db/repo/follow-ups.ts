/**
 * Writing a follow-up (one booking, or a short series) from an attended booking: the person's details, their
 * language and reminder plan, and their needs with the consent that allows them are copied in SQL from the
 * source row, so what was agreed travels whole and nothing personal passes through the app to be re-sent.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Statement } from '../batch';
import type { Db } from '../client';
import { isNotNullViolation, isOverlapViolation, isUniqueViolation } from '../errors';
import type { Channel, Mode } from '../../domain/vocabulary';

/** One meeting of the follow-up, with the volunteer it goes to. */
export interface FollowUpMeeting {
  id: string;
  reference: string;
  manageCode: string;
  volunteerId: string;
  startAt: number;
  endAt: number;
  localDate: string;
  localTime: string;
  videoRoom: string | null;
}

/** What every meeting of the follow-up shares. */
export interface FollowUpWrite {
  sourceId: string;
  serviceId: string;
  mode: Mode;
  channel: Channel;
  /** Shared by the meetings of a series; null for a single follow-up. */
  seriesId: string | null;
  /** Whether each meeting is a longer one (the source's need, carried over). */
  longAppointment: boolean;
  consentVersion: string;
  actorId: string;
  now: number;
}

export type FollowUpOutcome = { ok: true } | { ok: false; reason: 'slot_taken' | 'source_changed' | 'duplicate_key' };

/**
 * The source must still be attended (or confirmed: the meeting under way) and not erased when the follow-up
 * is written. The check sits in a NOT NULL column (created_at): a source that changed meanwhile makes the
 * insert fail, and with it the whole batch.
 */
const sourceStillFits = (now: number) =>
  sql`CASE WHEN s.erased_at IS NULL AND s.status IN ('attended', 'confirmed') THEN ${now} END`;

function insertMeeting(db: Db, w: FollowUpWrite, m: FollowUpMeeting): Statement {
  return db.run(sql`
    INSERT INTO bookings (
      id, reference, manage_code, service_id, mode, volunteer_id, start_at, end_at, local_date, local_time,
      status, channel, language, person_name, name_key, phone, phone_kind, email, accessibility_needs,
      accessibility_consent_at, long_appointment, interpreter_language, consent_at, consent_version,
      confirmed_at, created_by, video_room, reminder_plan, follow_up_of, series_id, created_at, updated_at)
    SELECT ${m.id}, ${m.reference}, ${m.manageCode}, ${w.serviceId}, ${w.mode}, ${m.volunteerId}, ${m.startAt},
      ${m.endAt}, ${m.localDate}, ${m.localTime}, 'confirmed', ${w.channel}, s.language, s.person_name, s.name_key,
      s.phone, s.phone_kind, s.email, s.accessibility_needs, s.accessibility_consent_at, ${w.longAppointment ? 1 : 0},
      s.interpreter_language, ${w.now}, ${w.consentVersion}, ${w.now}, ${w.actorId}, ${m.videoRoom},
      s.reminder_plan, s.id, ${w.seriesId}, ${sourceStillFits(w.now)}, ${w.now}
    FROM bookings s WHERE s.id = ${w.sourceId}`);
}

function createdEvent(db: Db, w: FollowUpWrite, m: FollowUpMeeting): Statement {
  const data = JSON.stringify({ channel: w.channel, followUpOf: w.sourceId, seriesId: w.seriesId });
  return db.run(sql`
    INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
    VALUES (${m.id}, ${w.now}, 'staff', ${w.actorId}, 'created', NULL, 'confirmed', ${data})`);
}

/** The source's own audit line: which bookings continue it. */
function followUpEvent(db: Db, w: FollowUpWrite, meetings: readonly FollowUpMeeting[]): Statement {
  const data = JSON.stringify({ bookingIds: meetings.map((m) => m.id), seriesId: w.seriesId });
  return db.run(sql`
    INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
    SELECT s.id, ${w.now}, 'staff', ${w.actorId}, 'follow_up_booked', s.status, s.status, ${data}
    FROM bookings s WHERE s.id = ${w.sourceId}`);
}

/** Selects the new meeting `id`, for its texts (outbox statements written after the insert). */
export function meetingGuard(id: string): SQL {
  return sql`bookings.id = ${id}`;
}

/**
 * Writes every meeting with its 'created' event and texts, and the source's 'follow_up_booked' event: one
 * batch, so all or none. An overlap anywhere (the trigger of drizzle/0001) or a source changed meanwhile
 * writes nothing. A clash on a random key comes back as 'duplicate_key' for one retry with fresh keys.
 */
export async function writeFollowUp(
  db: Db,
  w: FollowUpWrite,
  meetings: readonly FollowUpMeeting[],
  textsOf: (m: FollowUpMeeting) => Statement[],
): Promise<FollowUpOutcome> {
  const statements = meetings.flatMap((m) => [insertMeeting(db, w, m), createdEvent(db, w, m), ...textsOf(m)]);
  const [first, ...rest] = [...statements, followUpEvent(db, w, meetings)];
  try {
    await db.batch([first!, ...rest]);
    return { ok: true };
  } catch (e) {
    if (isOverlapViolation(e)) return { ok: false, reason: 'slot_taken' };
    if (isNotNullViolation(e, 'bookings.created_at')) return { ok: false, reason: 'source_changed' };
    if (isUniqueViolation(e, 'bookings.')) return { ok: false, reason: 'duplicate_key' };
    throw e;
  }
}
