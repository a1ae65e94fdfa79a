/** Who among staff may act on, and read, which booking (the README's role matrix, per booking). */
import type { StaffPrincipal } from '../auth/guard';

/** Volunteers act only on their own appointments; the desk on all. */
export function mayActOn(staff: StaffPrincipal, booking: { volunteerId: string }): boolean {
  return staff.role !== 'volunteer' || (staff.volunteerId !== null && booking.volunteerId === staff.volunteerId);
}

/**
 * Accessibility needs are special-category data: shown to the desk (admin, reception), who arranges the
 * visit, and to the volunteer holding the appointment, who prepares for it; never in lists.
 */
export function mayReadAccessibility(staff: StaffPrincipal, booking: { volunteerId: string }): boolean {
  return staff.role === 'admin' || staff.role === 'reception' || booking.volunteerId === staff.volunteerId;
}
