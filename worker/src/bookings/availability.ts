/** Reading free times: the widget's availability, the staff's slot picker and the volunteers free for a request. */
import type { StaffPrincipal } from '../auth/guard';
import type { AppDeps } from '../deps';
import { answerValidUntil } from '../domain/answer-validity';
import { isActive } from '../domain/lifecycle';
import { refuse, type Outcome } from '../domain/result';
import type { AvailabilityDay, BusyInterval } from '../domain/types';
import type { Mode } from '../domain/vocabulary';
import { loadAvailability } from '../db/repo/availability';
import { loadForAction, volunteerNames, type BookingRow } from '../db/repo/staff-bookings';
import { mayActOn } from './access';
import { datesOf, freeDays, serviceRule, slotAt, windowAround, windowOf, type AskedRange, type Booker } from './slots';

/** The free slots of a service in a range of local dates. */
export interface SlotsQuery extends AskedRange {
  service: string;
  mode: Mode;
  /** Only the starts where a longer appointment (the duration doubled) fits. */
  long?: boolean;
}

/** Free days in the desk's zone, with the range actually searched (defaults filled in). */
export interface FreeSlots {
  timeZone: string;
  from: string;
  to: string;
  days: AvailabilityDay[];
  /** availability_version as read with the data: the answer is this version's. */
  version: number;
  /** The instant the answer was computed for ("now"). */
  computedAt: number;
  /** The first instant at which this answer could change with no write at all (domain/answer-validity.ts). */
  validUntil: number;
}

/** What a person may request through the widget; an unknown or retired service is refused. */
export function availabilityForPerson(deps: AppDeps, q: SlotsQuery): Promise<Outcome<FreeSlots>> {
  return freeSlots(deps, q, 'person');
}

/** What staff may book or move into: no minimum notice, retired services still shown for existing bookings. */
export interface StaffSlotsQuery extends SlotsQuery {
  actor: StaffPrincipal;
  /** A booking being moved, whose own time counts as free (if the actor may act on it). */
  exclude?: string;
  /** Only this volunteer's slots; a volunteer always sees only their own. */
  volunteer?: string;
}

/** Free slots as staff may book them, keeping only the days and volunteers the actor may use. */
export async function slotsForStaff(deps: AppDeps, q: StaffSlotsQuery): Promise<Outcome<FreeSlots>> {
  const moving = q.exclude;
  const found = await freeSlots(
    deps,
    q,
    'staff',
    moving === undefined ? undefined : () => excludedInterval(deps, moving, q.actor),
  );
  if (!found.ok) return found;
  const onlyFor = q.actor.role === 'volunteer' ? q.actor.volunteerId : (q.volunteer ?? null);
  const days = found.days
    .map((d) => ({
      date: d.date,
      slots: d.slots
        .map((s) => ({ ...s, volunteerIds: onlyFor ? s.volunteerIds.filter((v) => v === onlyFor) : s.volunteerIds }))
        .filter((s) => s.volunteerIds.length > 0),
    }))
    .filter((d) => d.slots.length > 0);
  return { ...found, days };
}

async function freeSlots(
  deps: AppDeps,
  q: SlotsQuery,
  booker: Booker,
  excluded?: () => Promise<(BusyInterval & { longAppointment: boolean }) | undefined>,
): Promise<Outcome<FreeSlots>> {
  const now = deps.clock.now();
  const loaded = await loadAvailability(deps.db, q.service, windowOf(q, now));
  if (!loaded.configured) return refuse('desk_not_configured');
  const service = serviceRule(loaded.service, q.mode, booker === 'staff');
  if (!service.ok) return service;
  const exclude = await excluded?.();
  const timeZone = loaded.desk.timeZone;
  const { from, to } = datesOf(q, now, timeZone);
  const released = { at: Infinity };
  const days = freeDays(loaded.data, {
    rule: service.rule,
    mode: q.mode,
    from,
    to,
    now,
    booker,
    exclude,
    // A longer appointment being moved looks for room for its own length unless the query says otherwise.
    long: q.long ?? exclude?.longAppointment,
    released,
  });
  const notice = booker === 'person' ? loaded.data.rules.minNoticeMinutes : 0;
  // A reserved slot released by time alone changes the answer with no write: its release ends the validity.
  const validUntil = Math.min(answerValidUntil(days, now, notice, timeZone), released.at);
  return { ok: true, timeZone, from, to, days, version: loaded.version, computedAt: now, validUntil };
}

/** The booking whose time the slot picker should treat as free, if the actor may see it and it holds time. */
async function excludedInterval(deps: AppDeps, bookingId: string, actor: StaffPrincipal) {
  const { booking } = await loadForAction(deps.db, bookingId.slice(0, 64));
  if (!booking || !mayActOn(actor, booking) || !isActive(booking.status)) return undefined;
  return booking;
}

/**
 * For a request: the volunteers free at its time (least loaded that day first, its own time not counting
 * as taken) and the one to suggest: the current volunteer when still free, else the least loaded.
 */
export async function volunteerSuggestion(deps: AppDeps, booking: BookingRow) {
  const loaded = await loadAvailability(deps.db, booking.serviceId, windowAround(booking.startAt));
  if (!loaded.configured) return { suggestedVolunteerId: booking.volunteerId, availableVolunteers: [] };
  const service = serviceRule(loaded.service, booking.mode, true);
  const found = service.ok
    ? slotAt(loaded, booking.startAt, {
        rule: service.rule,
        mode: booking.mode,
        now: deps.clock.now(),
        booker: 'staff',
        exclude: booking,
        long: booking.longAppointment,
      })
    : undefined;
  const free = found?.slot.volunteerIds ?? [];
  const nameOf = await volunteerNames(deps.db, free);
  return {
    suggestedVolunteerId: free.includes(booking.volunteerId) ? booking.volunteerId : (free[0] ?? booking.volunteerId),
    availableVolunteers: free.map((id) => ({ id, name: nameOf.get(id) ?? '' })),
  };
}
