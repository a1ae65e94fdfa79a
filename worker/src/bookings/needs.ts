/**
 * Staff record what a person needs to take part: accessibility needs, a longer appointment (the service's
 * duration doubled) and an interpreter's language. All three are special-category data, kept only with the
 * person's accessibility consent.
 */
import type { AppDeps } from '../deps';
import { isActive } from '../domain/lifecycle';
import { refuse } from '../domain/result';
import { needsPlan } from '../db/repo/needs';
import type { NeedsChange } from '../validation/needs';
import { notifySlotsFreed } from '../waitlist/freed';
import { act, onBooking, type Acted, type ActionCommand } from './staff-actions';

/**
 * Changes the needs named in `cmd` (the others stay). A longer appointment keeps its start and doubles its
 * length; only an appointment still to be held may change length, and only where the longer one does not
 * run into the volunteer's next (the database's overlap trigger decides: 409 slot_unavailable). Needs kept
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
