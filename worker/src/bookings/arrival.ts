/**
 * The desk's day: a booked person arrives (check-in), their meeting begins (start), and someone without a
 * booking walks in. Waiting time is the start minus the arrival.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { StaffPrincipal } from '../auth/guard';
import type { AppDeps } from '../deps';
import { refuse, type Outcome } from '../domain/result';
import { zonedParts } from '../domain/time';
import { checkInPlan, startPlan } from '../db/repo/arrival';
import { loadAvailability } from '../db/repo/availability';
import { DEFAULT_DESK_TIME_ZONE } from '../db/repo/desk';
import type { WalkInInput } from '../validation/walk-ins';
import { insertRefusal, insertWithFreshKeys, staffMade } from './create';
import { act, onBooking, type Acted, type ActionCommand } from './staff-actions';
import { freeDays, serviceRule, windowAround } from './slots';

const MINUTE = 60_000;

/** Today in the desk's calendar. */
function todayOf(now: number, timeZone: string | undefined): string {
  return zonedParts(now, timeZone ?? DEFAULT_DESK_TIME_ZONE).date;
}

/** The person arrived: only a confirmed booking of today, once (a second check-in is refused). */
export function checkIn(deps: AppDeps, cmd: ActionCommand): Promise<Acted> {
  return onBooking(deps, cmd, ({ booking, desk }, now) => {
    const today = todayOf(now, desk?.timeZone);
    if (booking.status !== 'confirmed' || booking.localDate !== today || booking.checkedInAt !== null)
      return Promise.resolve(refuse('invalid_transition'));
    return act(deps, booking, checkInPlan(deps.db, { bookingId: booking.id, actorId: cmd.actor.userId, now, today }));
  });
}

/**
 * The meeting began: records the start and marks the booking attended (the person is there), on its own day
 * only and once. A volunteer starts only their own meetings (onBooking checks it).
 */
export function startMeeting(deps: AppDeps, cmd: ActionCommand): Promise<Acted> {
  return onBooking(deps, cmd, ({ booking, desk }, now) => {
    const today = todayOf(now, desk?.timeZone);
    const startable = booking.status === 'confirmed' || booking.status === 'attended';
    if (!startable || booking.localDate !== today || booking.startedAt !== null)
      return Promise.resolve(refuse('invalid_transition'));
    return act(deps, booking, startPlan(deps.db, { bookingId: booking.id, actorId: cmd.actor.userId, now, today }));
  });
}

/** Who records a walk-in, and the form. */
export interface WalkInCommand {
  actor: StaffPrincipal;
  walkIn: WalkInInput;
}

/**
 * Someone without a booking is at the desk: they get the first free slot of today for the service (the
 * one under way while less than half of it has passed, else the next), with the volunteer named or any
 * free one. The walk-in holds that slot like any booking, so the overlap rule holds and no booked person
 * loses time; it is confirmed and checked in at once, and never texted (the outbox skips the walk_in
 * channel). No free slot left today: slot_unavailable.
 */
export async function walkIn(deps: AppDeps, cmd: WalkInCommand): Promise<Outcome<{ bookingId: string }>> {
  const input = cmd.walkIn;
  const now = deps.clock.now();
  const loaded = await loadAvailability(deps.db, input.service, windowAround(now));
  if (!loaded.configured) return refuse('desk_not_configured');
  const service = serviceRule(loaded.service, input.mode);
  if (!service.ok) return service;
  const wanted = input.volunteerId;
  if (wanted !== undefined && !loaded.data.volunteers.some((v) => v.id === wanted))
    return refuse('invalid_input', { volunteerId: 'field.volunteer_unknown' });
  const today = todayOf(now, loaded.desk.timeZone);
  const graceMs = Math.floor(service.rule.durationMinutes / 2) * MINUTE;
  const days = freeDays(loaded.data, {
    rule: service.rule,
    mode: input.mode,
    from: today,
    to: today,
    now: now - graceMs,
    booker: 'staff',
  });
  const slot = days
    .find((d) => d.date === today)
    ?.slots.find((s) => wanted === undefined || s.volunteerIds.includes(wanted));
  if (!slot) return refuse('slot_unavailable');
  const candidates = wanted === undefined ? slot.volunteerIds : [wanted];
  const checkedIn = (created: SQL) => [
    deps.db.run(sql`UPDATE bookings SET checked_in_at = ${now} WHERE ${created}`),
    deps.db.run(sql`
      INSERT INTO booking_events (booking_id, at, actor_type, actor_id, type, from_status, to_status, data)
      SELECT id, ${now}, 'staff', ${cmd.actor.userId}, 'checked_in', NULL, NULL, NULL FROM bookings WHERE ${created}`),
  ];
  const stored = await insertWithFreshKeys(
    deps,
    {
      serviceId: input.service,
      mode: input.mode,
      startAt: slot.start,
      endAt: slot.end,
      localDate: today,
      localTime: slot.localTime,
      ...staffMade(cmd.actor.userId, now),
      channel: 'walk_in',
      language: input.language,
      personName: input.name,
      phone: input.phone,
      phoneKind: input.phoneKind,
      videoRoom: null,
      // No reminder of any kind: the outbox skips the walk_in channel whatever the plan.
      reminderPlan: 'standard',
    },
    candidates,
    { alongside: (created) => checkedIn(created) },
  );
  if (!stored.ok) return insertRefusal(stored.reason);
  return { ok: true, bookingId: stored.booking.id };
}
