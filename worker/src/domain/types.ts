/** Shared shapes of the pure domain. Times are epoch milliseconds (UTC instants) unless named *Minute or *Date. */

import type { Mode } from './vocabulary';

/** A local calendar date, YYYY-MM-DD. */
export type LocalDate = string;

export interface ServiceRule {
  id: string;
  durationMinutes: number;
  allowsInPerson: boolean;
  allowsRemote: boolean;
}

export interface VolunteerRule {
  id: string;
  active: boolean;
  /** Whether a remote appointment with them would have a video link (domain/video.ts takesVideoCalls). */
  takesVideoCalls: boolean;
}

/** Weekly shift in wall-clock minutes; weekday is ISO (1 = Monday … 7 = Sunday). */
export interface ShiftRule {
  volunteerId: string;
  weekday: number;
  startMinute: number;
  endMinute: number;
  allowsInPerson: boolean;
  allowsRemote: boolean;
  validFrom: LocalDate | null;
  validTo: LocalDate | null;
}

/** Inclusive local dates; volunteerId null closes the whole desk. */
export interface ClosureRule {
  volunteerId: string | null;
  dateFrom: LocalDate;
  dateTo: LocalDate;
}

/** An active booking holding a volunteer's time, [startAt, endAt). */
export interface BusyInterval {
  volunteerId: string;
  startAt: number;
  endAt: number;
}

export interface BookingRules {
  timeZone: string;
  minNoticeMinutes: number;
  horizonDays: number;
  /** null: the grid step is the service's duration. */
  slotGridMinutes: number | null;
  /** Capacity kept for phone callers and walk-ins (issue 15); absent or a share of 0: none. */
  reserved?: ReservedCapacity;
}

/**
 * A share of each volunteer's slot positions (spread evenly along each shift, see isReservedPosition) is
 * kept out of a person's availability until `releaseHours` before its start.
 */
export interface ReservedCapacity {
  sharePercent: number;
  releaseHours: number;
}

export interface AvailabilityQuery {
  service: ServiceRule;
  mode: Mode;
  /** Inclusive local dates in the desk's time zone. */
  from: LocalDate;
  to: LocalDate;
  now: number;
  /** A longer appointment: slots of twice the service's duration, on the service's usual grid. */
  long?: boolean;
  /**
   * Reserved slots not yet released: left out (a person's view, the default) or offered marked `reserved`
   * (staff, who book them for phone callers and walk-ins).
   */
  reservedSlots?: 'hide' | 'mark';
}

export interface AvailabilityData {
  rules: BookingRules;
  volunteers: VolunteerRule[];
  shifts: ShiftRule[];
  closures: ClosureRule[];
  bookings: BusyInterval[];
}

export interface Slot {
  start: number;
  end: number;
  /** The desk's UTC offset at the start, in minutes (e.g. 60 in winter in Rome, 120 in summer). */
  offsetMinutes: number;
  /** Local wall-clock start, HH:MM. */
  localTime: string;
  /** Volunteers free for the whole slot, least loaded that day first (ties broken by id). */
  volunteerIds: string[];
  /** Staff view only: every volunteer listed holds the slot as reserved capacity not yet released. */
  reserved?: boolean;
}

export interface AvailabilityDay {
  date: LocalDate;
  slots: Slot[];
}
