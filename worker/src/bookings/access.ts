/** Who among staff may act on, and read, which booking (the README's role matrix, per booking). */
import type { StaffPrincipal } from '../auth/guard';

/** Volunteers act only on their own appointments; the desk on all. */
export function mayActOn(staff: StaffPrincipal, booking: { volunteerId: string }): boolean {
  return staff.role !== 'volunteer' || (staff.volunteerId !== null && booking.volunteerId === staff.volunteerId);
}

/**
 * The texts sent to the person carry their manage link, with which anyone can cancel "as the person":
 * only the desk reads them. Volunteers see that a text went out, not what it said.
 */
export function mayReadMessageBodies(staff: StaffPrincipal): boolean {
  return staff.role === 'admin' || staff.role === 'reception';
}

/**
 * Accessibility needs are special-category data: shown to the desk (admin, reception), who arranges the
 * visit, and to the volunteer holding the appointment, who prepares for it; never in lists.
 */
export function mayReadAccessibility(staff: StaffPrincipal, booking: { volunteerId: string }): boolean {
  return staff.role === 'admin' || staff.role === 'reception' || booking.volunteerId === staff.volunteerId;
}

/**
 * The printed day list carries accessibility needs only for the desk: a sheet of paper outlives the screen
 * and lies on a table. A volunteer reads the needs of their own appointments on the booking's page.
 */
export function mayPrintAccessibility(staff: StaffPrincipal): boolean {
  return staff.role === 'admin' || staff.role === 'reception';
}

/**
 * Whose appointments a list shows: staff at the desk see the volunteer they ask for (or all); a volunteer
 * sees their own, and asking for someone else's is refused ('forbidden') rather than silently narrowed.
 */
export function listScope(
  staff: StaffPrincipal,
  asked: string | undefined,
): { ok: true; volunteerId: string | undefined } | { ok: false } {
  if (staff.role !== 'volunteer') return { ok: true, volunteerId: asked };
  if (!staff.volunteerId || (asked !== undefined && asked !== staff.volunteerId)) return { ok: false };
  return { ok: true, volunteerId: staff.volunteerId };
}
