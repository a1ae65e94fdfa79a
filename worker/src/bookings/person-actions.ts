/**
 * What the person does from the manage link /m/<code>: cancel (after being asked once more) and confirm
 * they will come. The link's code is the capability; the answers carry the booking as it now stands, for
 * the page to show.
 */
import type { AppDeps } from '../deps';
import { cancelByPerson, confirmAttendance } from '../domain/lifecycle';
import { applyPlan } from '../db/repo/booking-actions';
import { attendancePlan, findManageView, personCancelPlan, type ManageView } from '../db/repo/manage';
import { smsContext } from '../outbox/enqueue';
import { textsAbout } from '../outbox/policy';
import { notifySlotsFreed } from '../waitlist/freed';
import { textsFor } from './messages';

/** Used only when the desk row is missing (a half set-up deployment); the schema's default. */
const FALLBACK_NOTICE_HOURS = 24;

/**
 * The answer to a person's action: done (or, for a cancel not yet confirmed, the question to ask), an
 * unknown code, or a refusal with the booking as it is (invalid_transition: the rules say no; conflict: it
 * changed under the person's feet).
 */
export type PersonOutcome<T = object> =
  | ({ ok: true; view: ManageView } & T)
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'invalid_transition' | 'conflict'; view: ManageView };

/**
 * Cancel from the manage link. Cancelling gives the time to someone else and cannot be undone by the person,
 * so without `confirmed` nothing is written and the answer is `ask`.
 */
export async function cancelAsPerson(
  deps: AppDeps,
  cmd: { code: string; confirmed: boolean },
): Promise<PersonOutcome<{ ask: boolean }>> {
  const view = await findManageView(deps.db, cmd.code);
  if (!view) return { ok: false, code: 'not_found' };
  const now = deps.clock.now();
  const decision = cancelByPerson(view, now, view.cancellationNoticeHours ?? FALLBACK_NOTICE_HOURS);
  if (!decision.ok) return { ok: false, code: 'invalid_transition', view };
  if (!cmd.confirmed) return { ok: true, ask: true, view };

  const plan = personCancelPlan(deps.db, {
    bookingId: view.id,
    status: view.status,
    startAt: view.startAt,
    now,
    late: decision.late,
  });
  const ctx = smsContext(
    { address: view.deskAddress, timeZone: view.deskTimeZone },
    { manageCode: cmd.code, language: view.language, mode: view.mode, startAt: view.startAt },
    deps.config.publicBaseUrl,
  );
  // A request no staff member has confirmed gets no text unless the desk turned request SMS on.
  const texts = textsAbout(view.status, view.requestSms ?? false)
    ? textsFor(deps.db, ctx, view.id, { kind: 'cancellation', by: 'person' }, now, plan.guard)
    : [];
  if (await applyPlan(deps.db, plan, texts)) {
    deps.log.info('booking_cancelled_by_person', { bookingId: view.id, late: decision.late });
    notifySlotsFreed(deps, [
      { bookingId: view.id, volunteerId: view.volunteerId, startAt: view.startAt, endAt: view.endAt, freedAt: now },
    ]);
    // The acknowledgement SMS goes out now rather than at the next cron tick.
    if (texts.length > 0) deps.outbox.sendSoon();
    return { ok: true, ask: false, view };
  }
  // Lost a race (staff acted, or the booking moved): answer with the row as it is now.
  const fresh = (await findManageView(deps.db, cmd.code)) ?? view;
  const settled = fresh.status === 'cancelled' || fresh.startAt <= now;
  return { ok: false, code: settled ? 'invalid_transition' : 'conflict', view: fresh };
}

/** The person confirms they will come. Confirming twice (a link tapped twice) just confirms again. */
export async function confirmAttendanceAsPerson(deps: AppDeps, cmd: { code: string }): Promise<PersonOutcome> {
  const view = await findManageView(deps.db, cmd.code);
  if (!view) return { ok: false, code: 'not_found' };
  const now = deps.clock.now();
  const decision = confirmAttendance(view, now);
  if (!decision.ok) return { ok: false, code: 'invalid_transition', view };
  if (decision.already) return { ok: true, view };
  if (await applyPlan(deps.db, attendancePlan(deps.db, view.id, now))) {
    deps.log.info('attendance_confirmed_by_person', { bookingId: view.id });
    return { ok: true, view };
  }
  const fresh = (await findManageView(deps.db, cmd.code)) ?? view;
  if (fresh.status === 'confirmed' && fresh.attendanceConfirmedAt !== null) return { ok: true, view: fresh };
  return { ok: false, code: 'invalid_transition', view: fresh };
}
