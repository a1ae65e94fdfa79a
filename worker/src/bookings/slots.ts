/**
 * The one slot finder of every booking path: which service rule applies, which dates to read, which
 * times are free as a person or as staff may take them. The widget's request, booking on behalf, a
 * reschedule and the availability reads all go through here.
 */
import { computeAvailability, findSlot } from '../domain/availability';
import { refuse, type Outcome } from '../domain/result';
import { addDays, zonedParts } from '../domain/time';
import type { AvailabilityData, AvailabilityDay, BusyInterval, ServiceRule, Slot } from '../domain/types';
import type { Mode } from '../domain/vocabulary';
import type { DateWindow, LoadedAvailability } from '../db/repo/availability';
import type { ServiceRow } from '../db/repo/desk';
import { DEFAULT_RANGE_DAYS } from '../validation/public';

const HOUR = 3_600_000;
/** No desk horizon exceeds 366 days: a start further out cannot be a slot and costs no database work. */
const MAX_START_AHEAD_MS = 367 * 24 * HOUR;

/**
 * Who is booking: a person through the widget gets the desk's rules as they are; staff may book without
 * the minimum notice (a walk-in may be seen right away), never in the past.
 */
export type Booker = 'person' | 'staff';

/** False for a start in the past or beyond any horizon: no slot can be there, so nothing is read. */
export function isReachable(start: number, now: number): boolean {
  return start >= now && start <= now + MAX_START_AHEAD_MS;
}

/** The dates to read for one start: its local date is within a day of its UTC date whatever the desk's zone. */
export function windowAround(start: number): DateWindow {
  const utcDate = zonedParts(start, 'UTC').date;
  return { from: addDays(utcDate, -1), to: addDays(utcDate, 1) };
}

/** A range a client asked for; absent ends default to today and four weeks on. */
export interface AskedRange {
  from?: string;
  to?: string;
}

/**
 * The dates to read for an asked range: the desk's zone arrives in the same round trip, so a day more on
 * each side than the asked dates could be in any zone; `datesOf` settles the exact local dates afterwards.
 */
export function windowOf(asked: AskedRange, now: number): DateWindow {
  const askedFrom = asked.from ?? zonedParts(now, 'UTC').date;
  return { from: addDays(askedFrom, -1), to: addDays(asked.to ?? addDays(askedFrom, DEFAULT_RANGE_DAYS - 1), 1) };
}

/** The local dates of an asked range in the desk's zone `tz`. */
export function datesOf(asked: AskedRange, now: number, tz: string): { from: string; to: string } {
  const from = asked.from ?? zonedParts(now, tz).date;
  return { from, to: asked.to ?? addDays(from, DEFAULT_RANGE_DAYS - 1) };
}

/** The modes a service offers. */
export function serviceModes(s: Pick<ServiceRow, 'allowsInPerson' | 'allowsRemote'>): Mode[] {
  const modes: Mode[] = [];
  if (s.allowsInPerson) modes.push('in_person');
  if (s.allowsRemote) modes.push('remote');
  return modes;
}

/**
 * The service as the availability rules see it; refuses an unknown one (and a retired one unless
 * `allowRetired`: a booking keeps its service) as invalid_input, and a mode it does not offer.
 */
export function serviceRule(
  service: ServiceRow | undefined,
  mode: Mode,
  allowRetired = false,
): Outcome<{ rule: ServiceRule }> {
  if (!service || (!service.active && !allowRetired))
    return refuse('invalid_input', { service: 'field.service_unknown' });
  if (!serviceModes(service).includes(mode))
    return refuse('service_unavailable', { mode: 'error.service_unavailable' });
  const { id, durationMinutes, allowsInPerson, allowsRemote } = service;
  return { ok: true, rule: { id, durationMinutes, allowsInPerson, allowsRemote } };
}

/** What to compute: the service, the mode, the local dates and who books. */
export interface SlotQuery {
  rule: ServiceRule;
  mode: Mode;
  from: string;
  to: string;
  now: number;
  booker: Booker;
  /** A booking being moved: its own time does not count as taken. */
  exclude?: BusyInterval;
  /** A longer appointment (the service's duration doubled): only starts where the double fits. */
  long?: boolean;
  /** Lowered to the first instant a reserved slot left out of a person's answer is released. */
  released?: { at: number };
}

/**
 * The free slots of each day, as `q.booker` may take them: a person never sees reserved capacity before its
 * release; staff see it, marked.
 */
export function freeDays(data: AvailabilityData, q: SlotQuery): AvailabilityDay[] {
  const query = { service: q.rule, mode: q.mode, from: q.from, to: q.to, now: q.now, long: q.long === true };
  if (q.booker === 'person') return computeAvailability(query, data, q.released);
  return computeAvailability(
    { ...query, reservedSlots: 'mark' },
    {
      ...data,
      rules: { ...data.rules, minNoticeMinutes: 0 },
      bookings: q.exclude ? withoutInterval(data.bookings, q.exclude) : data.bookings,
    },
  );
}

/** The slot starting exactly at `start`, with its local date, if it is free for `q.booker`. */
export function slotAt(
  loaded: LoadedAvailability,
  start: number,
  q: Omit<SlotQuery, 'from' | 'to'>,
): { slot: Slot; localDate: string } | undefined {
  const localDate = zonedParts(start, loaded.desk.timeZone).date;
  const slot = findSlot(freeDays(loaded.data, { ...q, from: localDate, to: localDate }), start);
  return slot ? { slot, localDate } : undefined;
}

/** No two active bookings of a volunteer overlap, so the first interval equal to `b` is the booking itself. */
function withoutInterval(bookings: BusyInterval[], b: BusyInterval): BusyInterval[] {
  const i = bookings.findIndex(
    (x) => x.volunteerId === b.volunteerId && x.startAt === b.startAt && x.endAt === b.endAt,
  );
  return i < 0 ? bookings : [...bookings.slice(0, i), ...bookings.slice(i + 1)];
}
