/**
 * Staff record what a person needs to take part: accessibility needs, a longer appointment (the service's
 * duration doubled) and an interpreter's language. All three are special-category data, kept only with the
 * person's accessibility consent.
 */
import type { AppDeps } from '../deps';
import { isActive } from '../domain/lifecycle';
import { refuse } from '../domain/result';
import { loadAvailability } from '../db/repo/availability';
import type { BookingRow } from '../db/repo/staff-bookings';
import { needsPlan } from '../db/repo/needs';
import type { NeedsChange } from '../validation/needs';
import { notifySlotsFreed } from '../waitlist/freed';
import { serviceRule, slotAt, windowAround } from './slots';
import { act, onBooking, type Acted, type ActionCommand } from './staff-actions';

/** Whether the booking's volunteer has room, by the slot rules staff book with, for the booking made longer. */
async function roomForLonger(deps: AppDeps, booking: BookingRow, now: number): Promise<boolean> {
  const loaded = await loadAvailability(deps.db, booking.serviceId, windowAround(booking.startAt));
  if (!loaded.configured) return false;
  const service = serviceRule(loaded.service, booking.mode, true);
  if (!service.ok) return false;
  const q = { rule: service.rule, mode: booking.mode, now, booker: 'staff' as const, exclude: booking, long: true };
  return slotAt(loaded, booking.startAt, q)?.slot.volunteerIds.includes(booking.volunteerId) === true;
}

/**
 * Changes the needs named in `cmd` (the others stay). A longer appointment keeps its start and doubles its
 * length; only an appointment still to be held may change length, and only where the longer one fits the
 * slot rules staff book with (the shift, closures, absences; the overlap trigger still has the last word:
 * 409 slot_unavailable). Needs kept
 * where none were before need the consent the person gives to staff (`accessibilityConsent: true`).
 */
export function changeNeeds(deps: AppDeps, cmd: ActionCommand & NeedsChange): Promise<Acted> {
  return onBooking(deps, cmd, async ({ booking }, now) => {
    if (booking.erasedAt !== null) return refuse('invalid_transition');
    const next = {
      accessibilityNeeds: cmd.accessibilityNeeds !== undefined ? cmd.accessibilityNeeds : booking.accessibilityNeeds,
      longAppointment: cmd.longAppointment ?? booking.longAppointment,
      interpreterLanguage:
        cmd.interpreterLanguage !== undefined ? cmd.interpreterLanguage : booking.interpreterLanguage,
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== booking[k]);
    if (changed.length === 0) return { ok: true, changed: false };
    const keepsAny = next.accessibilityNeeds !== null || next.longAppointment || next.interpreterLanguage !== null;
    if (keepsAny && booking.accessibilityConsentAt === null && cmd.accessibilityConsent !== true)
      return refuse('invalid_input', { accessibilityConsent: 'field.accessibility_consent' });
    let endAt = booking.endAt;
    if (changed.includes('longAppointment')) {
      if (!isActive(booking.status)) return refuse('invalid_transition');
      // The stored length is the service's, doubled when long: no need to read the service again.
      const base = (booking.endAt - booking.startAt) / (booking.longAppointment ? 2 : 1);
      endAt = booking.startAt + base * (next.longAppointment ? 2 : 1);
      // Longer only where the slot rules allow it (shift, closures, absences, others' bookings), as a move.
      if (next.longAppointment && !(await roomForLonger(deps, booking, now))) return refuse('slot_unavailable');
    }
    const plan = needsPlan(deps.db, {
      bookingId: booking.id,
      actorId: cmd.actor.userId,
      now,
      fromUpdatedAt: booking.updatedAt,
      ...next,
      accessibilityConsentAt: keepsAny ? (booking.accessibilityConsentAt ?? now) : null,
      endAt,
      changed,
    });
    const done = await act(deps, booking, plan);
    // A shorter appointment gives back the time after its new end: the waiting list may take it.
    if (done.ok && endAt < booking.endAt) {
      const { id: bookingId, volunteerId } = booking;
      notifySlotsFreed(deps, [{ bookingId, volunteerId, startAt: endAt, endAt: booking.endAt, freedAt: now }]);
    }
    return done;
  });
}
