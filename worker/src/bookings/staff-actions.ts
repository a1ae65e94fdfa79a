/**
 * What staff do to an existing booking: confirm, reject, cancel, reschedule, record attendance, keep a
 * note. Each reads the booking once, decides with the pure lifecycle rules, then writes the change, its
 * audit event and its texts in one compare-and-swap batch (db/repo/booking-actions.ts).
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { StaffPrincipal } from '../auth/guard';
import type { AppDeps } from '../deps';
import { attendanceStep, canTransition, isActive, isLateCancellation } from '../domain/lifecycle';
import { zonedParts } from '../domain/time';
import { DEFAULT_DESK_TIME_ZONE } from '../db/repo/desk';
import { refuse, type Outcome } from '../domain/result';
import type { Language } from '../domain/vocabulary';
import type { Slot } from '../domain/types';
import { loadAvailability } from '../db/repo/availability';
import {
  cancelPlan,
  confirmPlan,
  languagePlan,
  notePlan,
  outcomePlan,
  rejectPlan,
  reschedulePlan,
  runAction,
  type ActionOutcome,
  type ActionPlan,
} from '../db/repo/booking-actions';
import { rewriteInLanguage, smsContext } from '../outbox/enqueue';
import { loadForAction, type BookingRow, type DeskRow } from '../db/repo/staff-bookings';
import { bookingVideoLink } from '../domain/video';
import { newRoomName } from '../lib/ids';
import { notifySlotsFreed } from '../waitlist/freed';
import { mayActOn } from './access';
import { textsFor } from './messages';
import { isReachable, serviceRule, slotAt, windowAround } from './slots';

/** Used only when the desk row is missing (a half set-up deployment); the schema's default. */
export const FALLBACK_CANCELLATION_NOTICE_HOURS = 24;

type Statement = BatchItem<'sqlite'>;

/** Who acts on which booking. */
export interface ActionCommand {
  actor: StaffPrincipal;
  bookingId: string;
}

/** Whether the action wrote anything (repeating an outcome, or moving a booking where it is, does not). */
export type Acted = Outcome<{ changed: boolean }>;

/** Confirm a request, possibly giving it to another volunteer; the person gets the confirmation text. */
export function confirmRequest(deps: AppDeps, cmd: ActionCommand & { volunteerId?: string }): Promise<Acted> {
  return onBooking(
    deps,
    cmd,
    async ({ booking, desk, volunteerActive, volunteerVideoLink }, now) => {
      // A request still unconfirmed at its start is moot (the expiry job closes it).
      if (booking.status !== 'requested' || booking.startAt <= now) return refuse('invalid_transition');
      if (cmd.volunteerId !== undefined && !volunteerActive)
        return refuse('invalid_input', { volunteerId: 'field.volunteer_unknown' });
      // The confirmation must carry the link: never confirm a remote request that would have none.
      const videoRoom = roomOf(booking);
      const videoLink = bookingVideoLink(linkParts(booking, videoRoom, volunteerVideoLink, desk?.videoRoomBase));
      if (booking.mode === 'remote' && !videoLink) return refuse('video_link_missing');
      // Shifts are not re-checked for a change of volunteer (the desk may know better; the page suggests free
      // ones), but the overlap trigger refuses anyone already busy then.
      const plan = confirmPlan(deps.db, {
        bookingId: booking.id,
        actorId: cmd.actor.userId,
        now,
        volunteerId: cmd.volunteerId ?? booking.volunteerId,
        videoRoom,
      });
      const ctx = textContext(deps, desk, { ...booking, videoLink });
      return act(deps, booking, plan, textsFor(deps.db, ctx, booking.id, { kind: 'confirmation' }, now, plan.guard));
    },
    cmd.volunteerId,
  );
}

/** Reject a request with a reason kept for the desk; the person is told. */
export function rejectRequest(deps: AppDeps, cmd: ActionCommand & { reason: string }): Promise<Acted> {
  return onBooking(deps, cmd, async ({ booking, desk }, now) => {
    if (!canTransition(booking.status, 'rejected')) return refuse('invalid_transition');
    const plan = rejectPlan(deps.db, { bookingId: booking.id, actorId: cmd.actor.userId, now, reason: cmd.reason });
    return freeing(
      deps,
      booking,
      now,
      act(
        deps,
        booking,
        plan,
        textsFor(deps.db, textContext(deps, desk, booking), booking.id, { kind: 'rejection' }, now, plan.guard),
      ),
    );
  });
}

/** Cancel on the desk's side, flagged late inside the desk's notice; the person is told. */
export function cancelByStaff(deps: AppDeps, cmd: ActionCommand & { reason: string }): Promise<Acted> {
  return onBooking(deps, cmd, async ({ booking, desk }, now) => {
    if (!canTransition(booking.status, 'cancelled')) return refuse('invalid_transition');
    const noticeHours = desk?.cancellationNoticeHours ?? FALLBACK_CANCELLATION_NOTICE_HOURS;
    const late = isLateCancellation(booking.startAt, now, noticeHours);
    const { plan, texts } = staffCancellation(deps, desk, booking, {
      actorId: cmd.actor.userId,
      now,
      reason: cmd.reason,
      late,
    });
    return freeing(deps, booking, now, act(deps, booking, plan, texts));
  });
}

/**
 * A cancellation by the desk as statements: the compare-and-swap plan (with its audit event) and the
 * cancellation text to the person, written only if the plan's guard still matches.
 */
export function staffCancellation(
  deps: AppDeps,
  desk: DeskRow | undefined,
  booking: BookingRow,
  c: { actorId: string; now: number; reason: string; late: boolean },
): { plan: ActionPlan; texts: Statement[] } {
  const plan = cancelPlan(deps.db, {
    bookingId: booking.id,
    ...c,
    fromStatus: booking.status,
    fromStartAt: booking.startAt,
  });
  const ctx = textContext(deps, desk, booking);
  const texts = textsFor(deps.db, ctx, booking.id, { kind: 'cancellation', by: 'desk' }, c.now, plan.guard);
  return { plan, texts };
}

/**
 * Move a booking to another free time: with the volunteer asked for, else with its own volunteer (the person
 * keeps the one who follows them), or, when the desk asks for the earliest time with anyone
 * (`anyVolunteer`), with its own volunteer if free, else the least loaded. Its own time does not count as
 * taken, so a half-hour shift within a shift works.
 */
export function reschedule(
  deps: AppDeps,
  cmd: ActionCommand & { start: number; volunteerId?: string; anyVolunteer?: true },
): Promise<Acted> {
  return onBooking(deps, cmd, async ({ booking, desk }, now) => {
    if (!isActive(booking.status)) return refuse('invalid_transition');
    const { start, volunteerId: wanted } = cmd;
    if (!isReachable(start, now)) return refuse('slot_unavailable');
    const loaded = await loadAvailability(deps.db, booking.serviceId, windowAround(start));
    if (!loaded.configured) return refuse('desk_not_configured');
    // The booking keeps its service and mode even if the service was retired since.
    const service = serviceRule(loaded.service, booking.mode, true);
    if (!service.ok) return refuse('slot_unavailable');
    const chosen = wanted === undefined ? undefined : loaded.data.volunteers.find((v) => v.id === wanted);
    if (wanted !== undefined && !chosen) return refuse('invalid_input', { volunteerId: 'field.volunteer_unknown' });
    if (booking.mode === 'remote' && chosen && !chosen.takesVideoCalls) return refuse('video_link_missing');
    const found = slotAt(loaded, start, {
      rule: service.rule,
      mode: booking.mode,
      now,
      booker: 'staff',
      exclude: booking,
    });
    const volunteerId = found && pickVolunteer(found.slot, wanted, booking.volunteerId, cmd.anyVolunteer === true);
    if (!found || !volunteerId) return refuse('slot_unavailable');
    const { slot, localDate } = found;
    // Nothing moves: no event, no new calendar sequence.
    if (slot.start === booking.startAt && volunteerId === booking.volunteerId) return { ok: true, changed: false };
    const videoRoom = roomOf(booking);

    const plan = reschedulePlan(deps.db, {
      bookingId: booking.id,
      actorId: cmd.actor.userId,
      now,
      fromStatus: booking.status,
      fromStartAt: booking.startAt,
      fromVolunteerId: booking.volunteerId,
      startAt: slot.start,
      endAt: slot.end,
      localDate,
      localTime: slot.localTime,
      volunteerId,
      videoRoom,
    });
    const moved = { kind: 'reschedule', startAt: slot.start, wasConfirmed: booking.status === 'confirmed' } as const;
    const parts = linkParts(booking, videoRoom, loaded.videoLinks.get(volunteerId) ?? null, loaded.desk.videoRoomBase);
    const ctx = textContext(deps, desk, { ...booking, videoLink: bookingVideoLink(parts) });
    return freeing(
      deps,
      booking,
      now,
      act(deps, booking, plan, textsFor(deps.db, ctx, booking.id, moved, now, plan.guard)),
    );
  });
}

/**
 * Record whether the person came, from the appointment's start; correct a wrong mark the same day (desk's
 * calendar), audited as a correction.
 */
export function recordAttendance(
  deps: AppDeps,
  cmd: ActionCommand & { outcome: 'attended' | 'no_show' },
): Promise<Acted> {
  return onBooking(deps, cmd, async ({ booking, desk }, now) => {
    const tz = desk?.timeZone ?? DEFAULT_DESK_TIME_ZONE;
    const sameDay = (a: number, b: number) => zonedParts(a, tz).date === zonedParts(b, tz).date;
    const decided = attendanceStep(booking, cmd.outcome, now, sameDay);
    if (!decided.ok) return decided;
    // Marking the same outcome twice is harmless.
    if (decided.step === 'none') return { ok: true, changed: false };
    const plan = outcomePlan(deps.db, {
      bookingId: booking.id,
      actorId: cmd.actor.userId,
      now,
      fromStatus: booking.status,
      fromOutcomeAt: booking.outcomeAt,
      outcome: cmd.outcome,
      correction: decided.step === 'correct',
    });
    return act(deps, booking, plan);
  });
}

/** Set or clear the internal note (null clears it). */
export function setStaffNote(deps: AppDeps, cmd: ActionCommand & { note: string | null }): Promise<Acted> {
  return onBooking(deps, cmd, ({ booking }, now) => {
    const plan = notePlan(deps.db, { bookingId: booking.id, actorId: cmd.actor.userId, now, note: cmd.note });
    return act(deps, booking, plan);
  });
}

/**
 * Change the language of the booking's texts and pages (the person speaks another): the texts still
 * waiting are rewritten in it in the same change, and every later one reads it from the booking.
 */
export function changeLanguage(deps: AppDeps, cmd: ActionCommand & { language: Language }): Promise<Acted> {
  return onBooking(deps, cmd, async ({ booking, desk, volunteerVideoLink }, now) => {
    if (booking.language === cmd.language) return { ok: true, changed: false };
    const plan = languagePlan(deps.db, {
      bookingId: booking.id,
      actorId: cmd.actor.userId,
      now,
      fromLanguage: booking.language,
      language: cmd.language,
    });
    const videoLink = bookingVideoLink(linkParts(booking, booking.videoRoom, volunteerVideoLink, desk?.videoRoomBase));
    const ctx = textContext(deps, desk, { ...booking, videoLink });
    const rewrite = ctx && {
      booking: { ...ctx.booking, id: booking.id, cancelledBy: booking.cancelledBy },
      desk: ctx.desk,
      language: cmd.language,
      now,
      guard: plan.guard,
    };
    const texts = rewrite ? [rewriteInLanguage(deps.db, rewrite)] : [];
    // Nothing new to send: the rewritten texts keep their turn.
    return act(deps, booking, plan, texts, false);
  });
}

/** The booking an action is about, as read once before deciding. */
interface Opened {
  booking: BookingRow;
  desk: DeskRow | undefined;
  /** Whether the volunteer the action names is an active one. */
  volunteerActive: boolean;
  /** The video link of the volunteer the action names, else of the booking's volunteer. */
  volunteerVideoLink: string | null;
}

/**
 * Runs `step` on the booking and the desk, read in one round trip (with whether `volunteerId` is an active
 * volunteer); an unknown booking is not_found, a volunteer's hands on someone else's booking forbidden.
 */
export async function onBooking(
  deps: AppDeps,
  cmd: ActionCommand,
  step: (opened: Opened, now: number) => Promise<Acted>,
  volunteerId?: string,
): Promise<Acted> {
  const opened = await loadForAction(deps.db, cmd.bookingId, volunteerId);
  const { booking } = opened;
  if (!booking) return refuse('not_found');
  if (!mayActOn(cmd.actor, booking)) return refuse('forbidden');
  return step({ ...opened, booking }, deps.clock.now());
}

/** What the texts about `booking` need; undefined when the desk is not set up to send any. */
export function textContext(
  deps: AppDeps,
  desk: DeskRow | undefined,
  booking: BookingRow & { videoLink?: string | null },
) {
  return smsContext(desk, booking, deps.config.publicBaseUrl);
}

/** The parts of a booking's video link (domain/video.ts) with its room and the given volunteer's own link. */
function linkParts(booking: BookingRow, room: string | null, volunteerLink: string | null, roomBase?: string) {
  return { mode: booking.mode, volunteerLink, room, roomBase: roomBase ?? '' };
}

/** A remote booking's room; one written before rooms existed gets one now (stored only where none is). */
function roomOf(booking: BookingRow): string | null {
  return booking.videoRoom ?? (booking.mode === 'remote' ? newRoomName() : null);
}

/**
 * Writes the action with its texts; when it queued texts (`queues`), they go out now rather than at the next
 * cron tick. A lost compare-and-swap is told apart by reading the booking again: gone, moved on, or raced.
 */
export async function act(
  deps: AppDeps,
  before: BookingRow,
  plan: ActionPlan,
  texts: Statement[] = [],
  queues = texts.length > 0,
): Promise<Acted> {
  const outcome: ActionOutcome = await runAction(deps.db, plan, texts);
  if (outcome.ok) {
    if (queues) deps.outbox.sendSoon();
    return { ok: true, changed: true };
  }
  if (outcome.reason === 'overlap') return refuse('slot_unavailable');
  if (outcome.reason === 'transition') return refuse('invalid_transition');
  const { booking: now } = await loadForAction(deps.db, before.id);
  if (!now) return refuse('not_found');
  return refuse(now.status !== before.status ? 'invalid_transition' : 'conflict');
}

/** Once the action wrote, the booking's old time goes to the waitlist (after the response). */
async function freeing(deps: AppDeps, before: BookingRow, now: number, acted: Promise<Acted>): Promise<Acted> {
  const done = await acted;
  if (done.ok && done.changed) {
    notifySlotsFreed(deps, [
      {
        bookingId: before.id,
        volunteerId: before.volunteerId,
        startAt: before.startAt,
        endAt: before.endAt,
        freedAt: now,
      },
    ]);
  }
  return done;
}

/**
 * The volunteer for a moved booking: the one asked for, else the current one if free; anyone else (the
 * least loaded) only when the desk chose "earliest with anyone".
 */
function pickVolunteer(slot: Slot, wanted: string | undefined, current: string, anyone: boolean): string | undefined {
  if (wanted !== undefined) return slot.volunteerIds.includes(wanted) ? wanted : undefined;
  if (slot.volunteerIds.includes(current)) return current;
  return anyone ? slot.volunteerIds[0] : undefined;
}
