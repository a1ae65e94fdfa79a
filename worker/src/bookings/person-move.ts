/**
 * The person moves their own appointment from the manage link (issue 14): the free times of the same service
 * and mode within the horizon, found as the widget finds them, and the move itself as one compare-and-swap
 * batch (the event, the reschedule text, the UPDATE). The old time then goes to the waitlist.
 */
import type { AppDeps } from '../deps';
import { isValidTimeZone } from '../domain/format';
import { MAX_PERSON_MOVES, moveRefusal, statusAfterMove, type MoveRefusal } from '../domain/person-move';
import { addDays, zonedParts } from '../domain/time';
import type { AvailabilityDay } from '../domain/types';
import { bookingVideoLink } from '../domain/video';
import { loadAvailability } from '../db/repo/availability';
import { runAction } from '../db/repo/booking-actions';
import { DEFAULT_DESK_TIME_ZONE } from '../db/repo/desk';
import { findManageView, personMovePlan, type ManageView } from '../db/repo/manage';
import { smsContext } from '../outbox/enqueue';
import { notifySlotsFreed } from '../waitlist/freed';
import { textsFor } from './messages';
import { freeDays, isReachable, serviceRule, slotAt, windowAround, windowOf } from './slots';

const HOUR = 3_600_000;
/** Used only when the desk row is missing (a half set-up deployment); the schema's defaults. */
const FALLBACK_NOTICE_HOURS = 24;
const FALLBACK_HORIZON_DAYS = 42;
const FALLBACK_HOLD_HOURS = 48;

/** Why a move did not happen: the rules (MoveRefusal), the time went meanwhile, or the booking changed. */
export type MoveFailure = MoveRefusal | 'taken' | 'changed';

export type MoveOutcome<T = object> =
  | ({ ok: true; view: ManageView } & T)
  | { ok: false; code: 'not_found' }
  | { ok: false; code: MoveFailure; view: ManageView };

function noticeHours(view: ManageView): number {
  return view.cancellationNoticeHours ?? FALLBACK_NOTICE_HOURS;
}

function zoneOf(view: ManageView): string {
  return view.deskTimeZone && isValidTimeZone(view.deskTimeZone) ? view.deskTimeZone : DEFAULT_DESK_TIME_ZONE;
}

/** The free times the person may move to: the same service and mode, from today to the desk's horizon. */
export async function moveChoices(deps: AppDeps, code: string): Promise<MoveOutcome<{ days: AvailabilityDay[] }>> {
  const view = await findManageView(deps.db, code);
  if (!view) return { ok: false, code: 'not_found' };
  const now = deps.clock.now();
  const refusal = moveRefusal(view, now, noticeHours(view));
  if (refusal) return { ok: false, code: refusal, view };
  const from = zonedParts(now, zoneOf(view)).date;
  const to = addDays(from, view.horizonDays ?? FALLBACK_HORIZON_DAYS);
  const loaded = await loadAvailability(deps.db, view.serviceId, windowOf({ from, to }, now));
  if (!loaded.configured) return { ok: true, view, days: [] };
  const service = serviceRule(loaded.service, view.mode, true);
  if (!service.ok) return { ok: true, view, days: [] };
  const long = view.longAppointment;
  const days = freeDays(loaded.data, { rule: service.rule, mode: view.mode, from, to, now, booker: 'person', long });
  return { ok: true, view, days };
}

/**
 * The question before a move to `start`: still allowed, the page's sequence still the booking's, and whether
 * the desk will confirm the new time again. Whether the time is still free is settled by the move itself.
 */
export async function moveQuestion(
  deps: AppDeps,
  cmd: { code: string; start: number; seq: number },
): Promise<MoveOutcome<{ needsDesk: boolean; timeZone: string }>> {
  const view = await findManageView(deps.db, cmd.code);
  if (!view) return { ok: false, code: 'not_found' };
  const refusal = moveRefusal(view, deps.clock.now(), noticeHours(view));
  if (refusal) return { ok: false, code: refusal, view };
  if (view.icalSequence !== cmd.seq) return { ok: false, code: 'changed', view };
  const timeZone = zoneOf(view);
  const toDate = zonedParts(cmd.start, timeZone).date;
  const toStatus = statusAfterMove(view.status, view.moveConfirmation ?? 'other_day', view.localDate, toDate);
  return { ok: true, view, needsDesk: toStatus === 'requested', timeZone };
}

/**
 * Moves the booking to `start`, decided on the calendar sequence the person's page showed (`seq`): a
 * booking moved meanwhile (by staff, or in another tab) is not moved again blindly.
 */
export async function moveAsPerson(
  deps: AppDeps,
  cmd: { code: string; start: number; seq: number },
): Promise<MoveOutcome<{ toStatus: ManageView['status'] }>> {
  const view = await findManageView(deps.db, cmd.code);
  if (!view) return { ok: false, code: 'not_found' };
  const now = deps.clock.now();
  const refusal = moveRefusal(view, now, noticeHours(view));
  if (refusal) return { ok: false, code: refusal, view };
  if (view.icalSequence !== cmd.seq) return { ok: false, code: 'changed', view };
  if (!isReachable(cmd.start, now)) return { ok: false, code: 'taken', view };
  const loaded = await loadAvailability(deps.db, view.serviceId, windowAround(cmd.start));
  if (!loaded.configured) return { ok: false, code: 'taken', view };
  const service = serviceRule(loaded.service, view.mode, true);
  const found = service.ok
    ? slotAt(loaded, cmd.start, {
        rule: service.rule,
        mode: view.mode,
        now,
        booker: 'person',
        long: view.longAppointment,
      })
    : undefined;
  if (!found) return { ok: false, code: 'taken', view };
  const { slot, localDate } = found;
  const volunteerId = slot.volunteerIds.includes(view.volunteerId) ? view.volunteerId : slot.volunteerIds[0];
  if (!volunteerId) return { ok: false, code: 'taken', view };
  const toStatus = statusAfterMove(view.status, view.moveConfirmation ?? 'other_day', view.localDate, localDate);

  const plan = personMovePlan(deps.db, {
    bookingId: view.id,
    status: view.status,
    icalSequence: view.icalSequence,
    now,
    noticeMs: noticeHours(view) * HOUR,
    maxMoves: MAX_PERSON_MOVES,
    startAt: slot.start,
    endAt: slot.end,
    localDate,
    localTime: slot.localTime,
    volunteerId,
    toStatus,
    holdHours: view.requestHoldHours ?? FALLBACK_HOLD_HOURS,
  });
  const videoLink = bookingVideoLink({
    mode: view.mode,
    volunteerLink: loaded.videoLinks.get(volunteerId) ?? null,
    room: view.videoRoom,
    roomBase: loaded.desk.videoRoomBase,
  });
  const ctx = smsContext(
    { address: view.deskAddress, timeZone: view.deskTimeZone },
    { manageCode: cmd.code, language: view.language, mode: view.mode, startAt: slot.start, videoLink },
    deps.config.publicBaseUrl,
  );
  // As a staff move: a confirmed booking is told its new time; a request hears once it is confirmed.
  const moved = { kind: 'reschedule', startAt: slot.start, wasConfirmed: view.status === 'confirmed' } as const;
  const texts = textsFor(deps.db, ctx, view.id, moved, now, plan.guard);
  const outcome = await runAction(deps.db, plan, texts);
  if (!outcome.ok) {
    const fresh = (await findManageView(deps.db, cmd.code)) ?? view;
    // The overlap trigger: someone took the time between the read and the write.
    if (outcome.reason === 'overlap') return { ok: false, code: 'taken', view: fresh };
    return { ok: false, code: moveRefusal(fresh, now, noticeHours(fresh)) ?? 'changed', view: fresh };
  }
  deps.log.info('booking_moved_by_person', { bookingId: view.id, backToRequest: toStatus !== view.status });
  if (moved.wasConfirmed && ctx) deps.outbox.sendSoon();
  notifySlotsFreed(deps, [
    { bookingId: view.id, volunteerId: view.volunteerId, startAt: view.startAt, endAt: view.endAt, freedAt: now },
  ]);
  return { ok: true, view, toStatus };
}
