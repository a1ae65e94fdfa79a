/**
 * Free appointment slots from weekly shifts, closures, holidays and existing bookings. Pure: the
 * caller passes "now" and every row it needs; nothing here reads a clock or a database.
 */
import { isNationalHoliday } from './holidays';
import { addDays, isoWeekday, isValidDate, resolveLocal, zonedParts } from './time';
import type {
  AvailabilityData,
  AvailabilityDay,
  AvailabilityQuery,
  BookingRules,
  BusyInterval,
  ClosureRule,
  LocalDate,
  ShiftRule,
  Slot,
} from './types';

const MINUTE = 60_000;
const DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;
/** The longest local day (a fall-back day has 25 hours) with room to spare for odd zones. */
const MAX_DAY_MINUTES = 27 * 60;

/**
 * A volunteer's bookings as two independently sorted arrays. Every booking has start < end, so the
 * number overlapping [s, e) is #(start < e) − #(end <= s): no pairing, and both sorts are native
 * numeric sorts of typed arrays rather than comparator sorts of objects.
 */
interface BusyIndex {
  starts: Float64Array;
  ends: Float64Array;
}

/** One local date's frame: its first instant, the next date's first instant, and whether its offset is constant. */
interface DayFrame {
  start: number;
  end: number;
  /** Offset over the whole day, or null on a day with a clock change (slots then ask Intl one by one). */
  offset: number | null;
}

/** Index of the first element >= x in a sorted array. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > x in a sorted array. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function buildBusyIndex(intervals: BusyInterval[]): BusyIndex {
  let n = 0;
  for (const b of intervals) if (b.endAt > b.startAt) n++;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  let i = 0;
  for (const b of intervals) {
    if (!(b.endAt > b.startAt)) continue; // an empty or inverted interval holds no time
    starts[i] = b.startAt;
    ends[i] = b.endAt;
    i++;
  }
  return { starts: starts.sort(), ends: ends.sort() };
}

/** True when some booking overlaps [start, end); touching (end == start) does not count. */
function isBusy(idx: BusyIndex, start: number, end: number): boolean {
  return lowerBound(idx.starts, end) > upperBound(idx.ends, start);
}

function inClosure(closures: readonly ClosureRule[] | undefined, date: LocalDate): boolean {
  if (!closures) return false;
  for (const c of closures) if (c.dateFrom <= date && date <= c.dateTo) return true;
  return false;
}

function hhmm(minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

/** Appends `value` to the list under `key`, creating it on first use. */
function pushTo<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The dates to walk and the slot geometry, or null when the query can have no slot at all. */
interface SlotWindow {
  from: LocalDate;
  to: LocalDate;
  durationMs: number;
  stepMs: number;
  /** No slot may start before this instant (now + minimum notice). */
  earliestStart: number;
  /** Reserved capacity in force, or null (none, or a share of 0). */
  reserve: Reserve | null;
}

/** Reserved capacity as the day walk applies it. */
interface Reserve {
  sharePercent: number;
  releaseMs: number;
  now: number;
  /** Offer held slots marked (staff) rather than leave them out (a person). */
  mark: boolean;
}

/**
 * Whether position `k` (0 for a shift's first grid step, 1 for the next, …) is reserved for a share of
 * `sharePercent`: the positions where the rounded running total k × share / 100 steps up, so reserved
 * positions are spread evenly along the shift (30 %: the 2nd, 5th and 9th of ten; the 2nd of three).
 * It depends on the shift and the grid alone, never on bookings, so the choice stays put as the day fills.
 */
export function isReservedPosition(k: number, sharePercent: number): boolean {
  return Math.floor(((k + 1) * sharePercent + 50) / 100) > Math.floor((k * sharePercent + 50) / 100);
}

/**
 * When the slot [start, end) stops being held for phone and walk-ins: the latest release instant of the
 * reserved positions it covers that are not released at `reserve.now`, or null when it covers none.
 */
function heldUntil(reserve: Reserve, start: number, end: number, shiftStart: number, stepMs: number): number | null {
  let until: number | null = null;
  for (let k = Math.round((start - shiftStart) / stepMs), at = start; at < end; k++, at += stepMs) {
    const release = at - reserve.releaseMs;
    if (reserve.now < release && isReservedPosition(k, reserve.sharePercent))
      until = Math.max(until ?? release, release);
  }
  return until;
}

/** Reserved capacity of `rules` for a query, or null when none is in force. */
function reserveOf(query: AvailabilityQuery, rules: BookingRules): Reserve | null {
  const r = rules.reserved;
  if (!r || !(r.sharePercent > 0)) return null;
  return {
    sharePercent: r.sharePercent,
    releaseMs: Math.max(0, r.releaseHours) * 3_600_000,
    now: query.now,
    mark: query.reservedSlots === 'mark',
  };
}

/** Clamps the query's dates to [today, today + horizon] and checks the service can be booked in this mode. */
function windowOf(query: AvailabilityQuery, rules: AvailabilityData['rules']): SlotWindow | null {
  const { service, mode, now } = query;
  if (mode === 'remote' ? !service.allowsRemote : !service.allowsInPerson) return null;
  if (!isValidDate(query.from) || !isValidDate(query.to) || !Number.isFinite(now)) return null;

  const duration = service.durationMinutes;
  const step = rules.slotGridMinutes ?? duration;
  // Whole positive minutes keep every slot start on a minute of its day (see SlotBucket).
  if (!Number.isInteger(duration) || !Number.isInteger(step) || duration <= 0 || step <= 0) return null;

  const today = zonedParts(now, rules.timeZone).date;
  const lastDay = addDays(today, Math.max(0, Math.floor(rules.horizonDays)));
  const from = query.from < today ? today : query.from;
  const to = query.to > lastDay ? lastDay : query.to;
  if (from > to) return null;
  return {
    from,
    to,
    // A longer appointment keeps the service's grid (its starts are the usual ones) and only needs more room.
    durationMs: (query.long ? 2 : 1) * duration * MINUTE,
    stepMs: step * MINUTE,
    earliestStart: now + Math.max(0, rules.minNoticeMinutes) * MINUTE,
    reserve: reserveOf(query, rules),
  };
}

/** Shifts per ISO weekday (index 1–7), grouped by volunteer: only active volunteers, this mode, well-formed rows. */
type ShiftsByWeekday = Array<Map<string, ShiftRule[]>>;

/**
 * Step 1: index the shifts usable for this mode by weekday and volunteer. For a remote slot only volunteers
 * whose appointment would carry a video link count: a remote booking without one cannot be joined.
 */
function indexShifts(data: AvailabilityData, remote: boolean): ShiftsByWeekday {
  const active = new Set<string>();
  for (const v of data.volunteers) if (v.active && (!remote || v.takesVideoCalls)) active.add(v.id);
  const byWeekday: ShiftsByWeekday = [];
  for (let wd = 0; wd <= 7; wd++) byWeekday.push(new Map());
  for (const s of data.shifts) {
    if (!active.has(s.volunteerId)) continue;
    if (remote ? !s.allowsRemote : !s.allowsInPerson) continue;
    if (!Number.isInteger(s.weekday) || s.weekday < 1 || s.weekday > 7) continue;
    if (!Number.isInteger(s.startMinute) || !Number.isInteger(s.endMinute)) continue;
    if (!(s.startMinute >= 0 && s.endMinute <= MINUTES_PER_DAY && s.startMinute < s.endMinute)) continue;
    pushTo(byWeekday[s.weekday] as Map<string, ShiftRule[]>, s.volunteerId, s);
  }
  return byWeekday;
}

/** Desk closures, and each volunteer's own absences. */
interface ClosureIndex {
  desk: ClosureRule[];
  absences: Map<string, ClosureRule[]>;
}

/** Step 2: split the closures into the desk's and each volunteer's absences. */
function indexClosures(closures: readonly ClosureRule[]): ClosureIndex {
  const index: ClosureIndex = { desk: [], absences: new Map() };
  for (const c of closures) {
    if (c.volunteerId === null) index.desk.push(c);
    else pushTo(index.absences, c.volunteerId, c);
  }
  return index;
}

/** Step 3: each volunteer's bookings as a BusyIndex. */
function indexBookings(bookings: readonly BusyInterval[]): Map<string, BusyIndex> {
  const byVolunteer = new Map<string, BusyInterval[]>();
  for (const b of bookings) pushTo(byVolunteer, b.volunteerId, b);
  const busy = new Map<string, BusyIndex>();
  for (const [id, list] of byVolunteer) busy.set(id, buildBusyIndex(list));
  return busy;
}

const NO_BOOKINGS: BusyIndex = { starts: new Float64Array(0), ends: new Float64Array(0) };

/** The DayFrame of a local date; local midnights are resolved once and shared by the two days they bound. */
function dayFrames(tz: string): (date: LocalDate) => DayFrame {
  const midnights = new Map<LocalDate, { epochMs: number; offsetMinutes: number }>();
  const midnight = (date: LocalDate) => {
    let m = midnights.get(date);
    if (!m) {
      m = resolveLocal(date, 0, tz);
      midnights.set(date, m);
    }
    return m;
  };
  return (date) => {
    const s = midnight(date);
    const e = midnight(addDays(date, 1));
    const ordinary = e.epochMs - s.epochMs === DAY && s.offsetMinutes === e.offsetMinutes;
    return { start: s.epochMs, end: e.epochMs, offset: ordinary ? s.offsetMinutes : null };
  };
}

/** A volunteer working on one date: their shifts valid that day and their bookings. */
interface Working {
  id: string;
  shifts: ShiftRule[];
  idx: BusyIndex;
}

/** Step 4: the volunteers working on `date`, not absent, with the shifts valid that day. */
function workingOn(
  date: LocalDate,
  byVolunteer: Map<string, ShiftRule[]>,
  absences: Map<string, ClosureRule[]>,
  busy: Map<string, BusyIndex>,
): Working[] {
  const working: Working[] = [];
  for (const [id, list] of byVolunteer) {
    if (inClosure(absences.get(id), date)) continue;
    const valid = list.filter(
      (s) => (s.validFrom === null || s.validFrom <= date) && (s.validTo === null || date <= s.validTo),
    );
    if (valid.length > 0) working.push({ id, shifts: valid, idx: busy.get(id) ?? NO_BOOKINGS });
  }
  return working;
}

/** Step 5: who is offered first: fewer bookings starting that local day, then id. */
function rankVolunteers(working: readonly Working[], frame: DayFrame): Working[] {
  const ranked = working.map((w) => ({
    ...w,
    load: lowerBound(w.idx.starts, frame.end) - lowerBound(w.idx.starts, frame.start),
  }));
  return ranked.sort((a, b) => a.load - b.load || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Slots of the day being built, indexed by elapsed minutes since local midnight (a 25-hour day fits):
 * cheaper than a Map keyed by epoch ms, and reused across days.
 */
interface SlotBucket {
  slots: Array<Slot | undefined>;
  used: number[];
}

/** Step 6: walk one day's shifts in rank order and return its free slots in time order (empties the bucket). */
function walkDay(
  date: LocalDate,
  frame: DayFrame,
  ranked: readonly Working[],
  win: SlotWindow,
  tz: string,
  bucket: SlotBucket,
  released: { at: number } | undefined,
): Slot[] {
  const { durationMs, stepMs, earliestStart, reserve } = win;
  // On an ordinary day minutes map linearly to instants; on a clock-change day ask the zone.
  const instantOf = (minute: number) =>
    frame.offset !== null ? frame.start + minute * MINUTE : resolveLocal(date, minute, tz).epochMs;

  const used = bucket.used;
  used.length = 0;
  for (const v of ranked) {
    for (const shift of v.shifts) {
      const shiftStart = instantOf(shift.startMinute);
      const shiftEnd = instantOf(shift.endMinute);
      // Skip whole grid steps that fall before the notice limit, keeping the grid anchored at the shift start.
      let s = shiftStart;
      if (s < earliestStart) s += Math.ceil((earliestStart - s) / stepMs) * stepMs;
      for (; s + durationMs <= shiftEnd; s += stepMs) {
        if (isBusy(v.idx, s, s + durationMs)) continue;
        // A reserved position is held until its release instant (its start − release hours), and so is any
        // slot that covers one: a longer appointment, or a grid finer than the duration, must not eat it.
        const heldTill = reserve === null ? null : heldUntil(reserve, s, s + durationMs, shiftStart, stepMs);
        const held = heldTill !== null;
        if (held && !reserve!.mark) {
          if (released && heldTill < released.at) released.at = heldTill;
          continue;
        }
        const key = (s - frame.start) / MINUTE;
        let slot = bucket.slots[key];
        if (!slot) {
          let offsetMinutes: number;
          let localTime: string;
          if (frame.offset !== null) {
            offsetMinutes = frame.offset;
            localTime = hhmm(key);
          } else {
            const p = zonedParts(s, tz);
            offsetMinutes = p.offsetMinutes;
            localTime = p.time;
          }
          slot = { start: s, end: s + durationMs, offsetMinutes, localTime, volunteerIds: [] };
          if (reserve?.mark) slot.reserved = true;
          bucket.slots[key] = slot;
          used.push(key);
        }
        if (!held && slot.reserved) slot.reserved = false;
        // Two overlapping shifts of one volunteer yield the same start twice; list them once.
        if (slot.volunteerIds[slot.volunteerIds.length - 1] !== v.id) slot.volunteerIds.push(v.id);
      }
    }
  }
  used.sort((a, b) => a - b);
  const slots: Slot[] = [];
  for (const key of used) {
    slots.push(bucket.slots[key] as Slot);
    bucket.slots[key] = undefined;
  }
  return slots;
}

/**
 * Free slots per local date for a service and mode, one entry per date in [from, to] that has any.
 * Dates before today (local at `now`) or after today + horizonDays are left out, and so are slots
 * starting before now + minimum notice, and reserved slots not yet released unless the query marks them.
 * `released.at` is lowered to the first instant a slot left out as reserved is released (the answer's
 * validity ends there: domain/answer-validity.ts).
 */
export function computeAvailability(
  query: AvailabilityQuery,
  data: AvailabilityData,
  released?: { at: number },
): AvailabilityDay[] {
  const { rules } = data;
  const win = windowOf(query, rules);
  if (!win) return [];
  const tz = rules.timeZone;
  const shiftsByWeekday = indexShifts(data, query.mode === 'remote');
  const closures = indexClosures(data.closures);
  const busy = indexBookings(data.bookings);
  const frameOf = dayFrames(tz);
  const bucket: SlotBucket = { slots: new Array<Slot | undefined>(MAX_DAY_MINUTES).fill(undefined), used: [] };

  const days: AvailabilityDay[] = [];
  let weekday = isoWeekday(win.from);
  for (let date = win.from; date <= win.to; date = addDays(date, 1), weekday = (weekday % 7) + 1) {
    const byVolunteer = shiftsByWeekday[weekday] as Map<string, ShiftRule[]>;
    if (byVolunteer.size === 0 || isNationalHoliday(date) || inClosure(closures.desk, date)) continue;
    const working = workingOn(date, byVolunteer, closures.absences, busy);
    if (working.length === 0) continue;
    const frame = frameOf(date);
    const slots = walkDay(date, frame, rankVolunteers(working, frame), win, tz, bucket, released);
    if (slots.length > 0) days.push({ date, slots });
  }
  return days;
}

/** The slot starting exactly at `start` (epoch ms), if any day offers it. */
export function findSlot(days: AvailabilityDay[], start: number): Slot | undefined {
  for (const day of days) {
    for (const slot of day.slots) {
      if (slot.start === start) return slot;
      if (slot.start > start) break;
    }
  }
  return undefined;
}
