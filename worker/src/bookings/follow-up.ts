/**
 * The next step of a person's path, booked from an attended appointment: the next service of the path (or
 * the same), the same volunteer, the person's details, language, reminder plan and needs carried over;
 * optionally a short series at the same local time every few weeks. Every meeting is checked before
 * anything is written (a preview writes nothing), then all are written in one batch or none.
 */
import type { StaffPrincipal } from '../auth/guard';
import type { AppDeps } from '../deps';
import { refuse, type Outcome, type Refusal } from '../domain/result';
import { occurrenceProblem, seriesStarts, type OccurrenceProblem } from '../domain/series';
import { addDays, zonedParts } from '../domain/time';
import type { Slot } from '../domain/types';
import { bookingVideoLink } from '../domain/video';
import type { Mode } from '../domain/vocabulary';
import { loadAvailability, type LoadedAvailability } from '../db/repo/availability';
import { DEFAULT_DESK_TIME_ZONE, readDeskWithServices } from '../db/repo/desk';
import { meetingGuard, writeFollowUp, type FollowUpMeeting, type FollowUpWrite } from '../db/repo/follow-ups';
import { loadForAction, type BookingRow } from '../db/repo/staff-bookings';
import { newRoomName } from '../lib/ids';
import { outboxDesk } from '../outbox/enqueue';
import { mayActOn, mayReadAccessibility } from './access';
import { STAFF_CONSENT_VERSION } from './create';
import { textsFor } from './messages';
import { serviceModes, serviceRule, slotAt } from './slots';

/** Who continues which booking. */
export interface FollowUpSource {
  actor: StaffPrincipal;
  bookingId: string;
}

/**
 * A follow-up continues a meeting that took place: attended, or confirmed and already begun (booked at the
 * end of the meeting, before the outcome is marked).
 */
export function continues(b: Pick<BookingRow, 'status' | 'startAt' | 'erasedAt'>, now: number): boolean {
  if (b.erasedAt !== null) return false;
  return b.status === 'attended' || (b.status === 'confirmed' && b.startAt <= now);
}

/** The source booking, if the actor may continue it. */
async function openSource(deps: AppDeps, cmd: FollowUpSource, now: number) {
  const opened = await loadForAction(deps.db, cmd.bookingId);
  const { booking } = opened;
  if (!booking) return refuse('not_found');
  if (!mayActOn(cmd.actor, booking)) return refuse('forbidden');
  if (!continues(booking, now)) return refuse('invalid_transition');
  return { ok: true as const, booking, timeZone: opened.desk?.timeZone ?? DEFAULT_DESK_TIME_ZONE };
}

/** What the follow-up form starts from. */
export async function followUpPrefill(deps: AppDeps, cmd: FollowUpSource) {
  const now = deps.clock.now();
  const source = await openSource(deps, cmd, now);
  if (!source.ok) return source;
  const b = source.booking;
  const read = await readDeskWithServices(deps.db);
  if (!read.configured) return refuse('desk_not_configured');
  const own = read.services.find((s) => s.id === b.serviceId);
  const next = read.services.find((s) => s.id === own?.nextServiceId) ?? own ?? read.services[0];
  const modes = next ? serviceModes(next) : [];
  const mode: Mode | null = modes.includes(b.mode) ? b.mode : (modes[0] ?? null);
  return {
    ok: true as const,
    timeZone: source.timeZone,
    source: { id: b.id, reference: b.reference, serviceId: b.serviceId, start: b.startAt },
    serviceId: next?.id ?? null,
    mode,
    volunteerId: b.volunteerId,
    person: { name: b.personName, phone: b.phone, phoneKind: b.phoneKind, email: b.email },
    language: b.language,
    reminderPlan: b.reminderPlan,
    longAppointment: b.longAppointment,
    // Special-category data: only to those who may read it on the booking's page.
    ...(mayReadAccessibility(cmd.actor, b)
      ? { accessibilityNeeds: b.accessibilityNeeds, interpreterLanguage: b.interpreterLanguage }
      : {}),
  };
}

/** What staff ask for: the first meeting and, for a series, how many and how far apart. */
export interface FollowUpCommand extends FollowUpSource {
  service: string;
  mode: Mode;
  /** Absent: whoever is free at each meeting (a volunteer always books themselves). */
  volunteerId?: string;
  start: number;
  repeat?: { count: number; everyWeeks: number };
  /** Check every meeting and write nothing. */
  preview: boolean;
}

/** One meeting as checked: its time, who would hold it, and why it cannot be booked (if so). */
export interface Occurrence {
  start: number;
  end: number;
  volunteerId: string | null;
  problem?: OccurrenceProblem;
}

/** Some meeting cannot be booked: nothing was written; every meeting with its problem. */
export type SeriesConflict = Refusal & { code: 'series_conflict'; occurrences: Occurrence[]; timeZone: string };

export type FollowUpOutcome =
  | { ok: true; preview: true; timeZone: string; occurrences: Occurrence[] }
  | { ok: true; preview: false; timeZone: string; bookingIds: string[]; seriesId: string | null }
  | Refusal
  | SeriesConflict;

/** Check, and unless previewing, book the follow-up. */
export async function bookFollowUp(deps: AppDeps, cmd: FollowUpCommand): Promise<FollowUpOutcome> {
  const now = deps.clock.now();
  const source = await openSource(deps, cmd, now);
  if (!source.ok) return source;
  let wanted = cmd.volunteerId;
  if (cmd.actor.role === 'volunteer') {
    if (!cmd.actor.volunteerId || (wanted !== undefined && wanted !== cmd.actor.volunteerId))
      return refuse('forbidden');
    wanted = cmd.actor.volunteerId;
  }
  const checked = await check(deps, { ...cmd, volunteerId: wanted }, source.booking, source.timeZone, now);
  if (!checked.ok) return checked;
  const { occurrences, loaded } = checked;
  const timeZone = loaded.desk.timeZone;
  if (cmd.preview) return { ok: true, preview: true, timeZone, occurrences };
  if (occurrences.some((o) => o.problem)) return seriesConflict(occurrences, timeZone);

  const write: FollowUpWrite = {
    sourceId: source.booking.id,
    serviceId: cmd.service,
    mode: cmd.mode,
    channel: cmd.actor.role === 'volunteer' ? 'volunteer' : 'reception',
    seriesId: occurrences.length > 1 ? deps.ids.id() : null,
    longAppointment: source.booking.longAppointment,
    consentVersion: STAFF_CONSENT_VERSION,
    actorId: cmd.actor.userId,
    now,
  };
  const desk = outboxDesk(loaded.desk, deps.config.publicBaseUrl);
  const textsOf = (m: FollowUpMeeting) => {
    const volunteerLink = loaded.videoLinks.get(m.volunteerId) ?? null;
    const videoLink = bookingVideoLink({
      mode: cmd.mode,
      volunteerLink,
      room: m.videoRoom,
      roomBase: loaded.desk.videoRoomBase,
    });
    const booking = { manageCode: m.manageCode, language: source.booking.language, mode: cmd.mode, startAt: m.startAt };
    const ctx = desk && { desk, booking: { ...booking, videoLink } };
    return textsFor(deps.db, ctx, m.id, { kind: 'confirmation' }, now, meetingGuard(m.id));
  };
  for (let attempt = 1; ; attempt++) {
    const meetings = occurrences.map((o) => meetingOf(deps, o, cmd.mode, timeZone));
    const written = await writeFollowUp(deps.db, write, meetings, textsOf);
    if (written.ok) {
      // The confirmations go out now rather than at the next cron tick.
      deps.outbox.sendSoon();
      return { ok: true, preview: false, timeZone, bookingIds: meetings.map((m) => m.id), seriesId: write.seriesId };
    }
    if (written.reason === 'source_changed') return refuse('invalid_transition');
    if (written.reason === 'slot_taken') {
      // Someone took a time meanwhile: show the meetings as they stand now.
      const again = await check(deps, { ...cmd, volunteerId: wanted }, source.booking, source.timeZone, now);
      return again.ok ? seriesConflict(again.occurrences, timeZone) : again;
    }
    if (attempt === 2) return refuse('conflict');
  }
}

function seriesConflict(occurrences: Occurrence[], timeZone: string): SeriesConflict {
  return { ok: false, code: 'series_conflict', occurrences, timeZone };
}

function meetingOf(deps: AppDeps, o: Occurrence, mode: Mode, timeZone: string): FollowUpMeeting {
  const local = zonedParts(o.start, timeZone);
  return {
    id: deps.ids.id(),
    reference: deps.ids.reference(),
    manageCode: deps.ids.token(),
    volunteerId: o.volunteerId!,
    startAt: o.start,
    endAt: o.end,
    localDate: local.date,
    localTime: local.time,
    videoRoom: mode === 'remote' ? newRoomName() : null,
  };
}

/** Every meeting of the command checked against shifts, closures, holidays, absences and bookings. */
async function check(
  deps: AppDeps,
  cmd: FollowUpCommand,
  source: BookingRow,
  timeZone: string,
  now: number,
): Promise<Outcome<{ occurrences: Occurrence[]; loaded: LoadedAvailability }>> {
  const { count, everyWeeks } = cmd.repeat ?? { count: 1, everyWeeks: 1 };
  const starts = seriesStarts(cmd.start, timeZone, count, everyWeeks);
  const utcDate = (t: number) => zonedParts(t, 'UTC').date;
  const window = { from: addDays(utcDate(starts[0]!), -1), to: addDays(utcDate(starts[starts.length - 1]!), 1) };
  const load = await loadAvailability(deps.db, cmd.service, window);
  if (!load.configured) return refuse('desk_not_configured');
  const service = serviceRule(load.service, cmd.mode);
  if (!service.ok) return service;
  const wanted = cmd.volunteerId;
  const chosen = wanted === undefined ? undefined : load.data.volunteers.find((v) => v.id === wanted);
  if (wanted !== undefined && !chosen) return refuse('invalid_input', { volunteerId: 'field.volunteer_unknown' });
  if (cmd.mode === 'remote' && chosen && !chosen.takesVideoCalls) return refuse('video_link_missing');

  const { rule: base } = service;
  // A longer appointment (the source's need) takes twice the service's time on the same grid of starts.
  const rule = source.longAppointment ? { ...base, durationMinutes: base.durationMinutes * 2 } : base;
  const grid = load.data.rules.slotGridMinutes ?? base.durationMinutes;
  const loaded = { ...load, data: { ...load.data, rules: { ...load.data.rules, slotGridMinutes: grid } } };
  const unbooked = { ...loaded, data: { ...loaded.data, bookings: [] } };
  const q = { rule, mode: cmd.mode, now, booker: 'staff' as const };
  const pick = (slot: Slot | undefined) =>
    slot?.volunteerIds.find((v) => wanted === undefined || v === wanted) ?? undefined;
  const rules = { now, timeZone, horizonDays: loaded.data.rules.horizonDays, closures: loaded.data.closures };
  const occurrences = starts.map((start): Occurrence => {
    const found = slotAt(loaded, start, q);
    const volunteerId = pick(found?.slot);
    const end = start + rule.durationMinutes * 60_000;
    if (found && volunteerId) return { start, end: found.slot.end, volunteerId };
    const facts = {
      start,
      date: zonedParts(start, timeZone).date,
      volunteerId: wanted,
      free: false,
      freeWithoutBookings: pick(slotAt(unbooked, start, q)?.slot) !== undefined,
    };
    return { start, end, volunteerId: wanted ?? null, problem: occurrenceProblem(facts, rules) ?? 'taken' };
  });
  return { ok: true, occurrences, loaded };
}
