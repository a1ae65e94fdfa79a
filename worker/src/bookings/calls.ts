/**
 * Reminder plans and the call list (issue 14): reception changes which reminders a booking gets, and
 * records what the person said on the phone. Each is one compare-and-swap batch with its audit event,
 * like every staff action (bookings/staff-actions.ts).
 */
import type { AppDeps } from '../deps';
import { callPlan, reminderPlanPlan } from '../db/repo/calls';
import { isActive, isLateCancellation } from '../domain/lifecycle';
import { refuse } from '../domain/result';
import type { CallOutcome, ReminderPlan } from '../domain/vocabulary';
import { PLAN_REMINDERS, REMINDER_KINDS } from '../outbox/policy';
import { supersedePending } from '../outbox/store';
import { notifySlotsFreed } from '../waitlist/freed';
import { textsFor } from './messages';
import {
  act,
  FALLBACK_CANCELLATION_NOTICE_HOURS,
  onBooking,
  textContext,
  type Acted,
  type ActionCommand,
} from './staff-actions';

/**
 * Change the booking's reminder plan. Reminders already waiting that the new plan does not want are
 * cancelled in the same batch (a reminder the morning of the day must not follow a switch to `call`);
 * the new plan's reminders are written by the next cron tick in their window.
 */
export function changeReminderPlan(deps: AppDeps, cmd: ActionCommand & { plan: ReminderPlan }): Promise<Acted> {
  return onBooking(deps, cmd, async ({ booking }, now) => {
    if (!isActive(booking.status)) return refuse('invalid_transition');
    if (booking.reminderPlan === cmd.plan) return { ok: true, changed: false };
    const plan = reminderPlanPlan(deps.db, {
      bookingId: booking.id,
      actorId: cmd.actor.userId,
      now,
      fromPlan: booking.reminderPlan,
      plan: cmd.plan,
    });
    const dropped = REMINDER_KINDS.filter((k) => !PLAN_REMINDERS[cmd.plan].includes(k));
    const stale = dropped.length > 0 ? [supersedePending(deps.db, booking.id, dropped, now, plan.guard)] : [];
    return act(deps, booking, plan, stale, false);
  });
}

/**
 * Record a call to the person from the call list, in one tap. `confirmed` confirms their attendance;
 * `cancelled` cancels the booking (they get the acknowledgement text, the slot goes to the waitlist);
 * `another_time` and `no_answer` are recorded for reception to follow up. Only a confirmed booking that
 * has not started can be called about; a later call's outcome replaces an earlier one.
 */
export function recordCall(deps: AppDeps, cmd: ActionCommand & { outcome: CallOutcome }): Promise<Acted> {
  return onBooking(deps, cmd, async ({ booking, desk }, now) => {
    if (booking.status !== 'confirmed' || booking.startAt <= now) return refuse('invalid_transition');
    const noticeHours = desk?.cancellationNoticeHours ?? FALLBACK_CANCELLATION_NOTICE_HOURS;
    const cancelled = cmd.outcome === 'cancelled';
    const plan = callPlan(deps.db, {
      bookingId: booking.id,
      actorId: cmd.actor.userId,
      now,
      fromStartAt: booking.startAt,
      fromCallAt: booking.callOutcomeAt,
      outcome: cmd.outcome,
      late: cancelled && isLateCancellation(booking.startAt, now, noticeHours),
    });
    const texts = cancelled
      ? textsFor(
          deps.db,
          textContext(deps, desk, booking),
          booking.id,
          { kind: 'cancellation', by: 'person' },
          now,
          plan.guard,
        )
      : [];
    const outcome = await act(deps, booking, plan, [...(plan.cancelEvent ? [plan.cancelEvent] : []), ...texts]);
    if (outcome.ok && cancelled) {
      notifySlotsFreed(deps, [
        {
          bookingId: booking.id,
          volunteerId: booking.volunteerId,
          startAt: booking.startAt,
          endAt: booking.endAt,
          freedAt: now,
        },
      ]);
    }
    return outcome;
  });
}
