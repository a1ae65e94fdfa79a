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

/**
 * Free slots per local date for a service and mode, one entry per date in [from, to] that has any.
 * Dates before today (local at `now`) or after today + horizonDays are left out, and so are slots
 * starting before now + minimum notice.
 */
export function computeAvailability(query: AvailabilityQuery, data: AvailabilityData): AvailabilityDay[] {
  const { service, mode, now } = query;
  const { rules } = data;
  const tz = rules.timeZone;
  const remote = mode === 'remote';
  if (remote ? !service.allowsRemote : !service.allowsInPerson) return [];
  if (!isValidDate(query.from) || !isValidDate(query.to) || !Number.isFinite(now)) return [];

  const duration = service.durationMinutes;
  const step = rules.slotGridMinutes ?? duration;
  // Whole positive minutes keep every slot start on a minute of its day (see `bucket` below).
  if (!Number.isInteger(duration) || !Number.isInteger(step) || duration <= 0 || step <= 0) return [];
  const durationMs = duration * MINUTE;
  const stepMs = step * MINUTE;
  const earliestStart = now + Math.max(0, rules.minNoticeMinutes) * MINUTE;

  const today = zonedParts(now, tz).date;
  const lastDay = addDays(today, Math.max(0, Math.floor(rules.horizonDays)));
  const from = query.from < today ? today : query.from;
  const to = query.to > lastDay ? lastDay : query.to;
  if (from > to) return [];

  // Shifts usable for this mode, grouped by volunteer and ISO weekday.
  const active = new Set<string>();
  for (const v of data.volunteers) if (v.active) active.add(v.id);
  const shiftsByWeekday: Array<Map<string, ShiftRule[]>> = [];
  for (let wd = 0; wd <= 7; wd++) shiftsByWeekday.push(new Map());
  for (const s of data.shifts) {
    if (!active.has(s.volunteerId)) continue;
    if (remote ? !s.allowsRemote : !s.allowsInPerson) continue;
    if (!Number.isInteger(s.weekday) || s.weekday < 1 || s.weekday > 7) continue;
    if (!Number.isInteger(s.startMinute) || !Number.isInteger(s.endMinute)) continue;
    if (!(s.startMinute >= 0 && s.endMinute <= MINUTES_PER_DAY && s.startMinute < s.endMinute)) continue;
    const byVolunteer = shiftsByWeekday[s.weekday] as Map<string, ShiftRule[]>;
    const list = byVolunteer.get(s.volunteerId);
    if (list) list.push(s);
    else byVolunteer.set(s.volunteerId, [s]);
  }

  const deskClosures: ClosureRule[] = [];
  const absences = new Map<string, ClosureRule[]>();
  for (const c of data.closures) {
    if (c.volunteerId === null) deskClosures.push(c);
    else {
      const list = absences.get(c.volunteerId);
      if (list) list.push(c);
      else absences.set(c.volunteerId, [c]);
    }
  }

  const bookingsByVolunteer = new Map<string, BusyInterval[]>();
  for (const b of data.bookings) {
    const list = bookingsByVolunteer.get(b.volunteerId);
    if (list) list.push(b);
    else bookingsByVolunteer.set(b.volunteerId, [b]);
  }
  const busy = new Map<string, BusyIndex>();
  for (const [id, list] of bookingsByVolunteer) busy.set(id, buildBusyIndex(list));
  const NO_BOOKINGS: BusyIndex = { starts: new Float64Array(0), ends: new Float64Array(0) };

  // Local midnights, each resolved once per request and shared by the two days it bounds.
  const midnights = new Map<LocalDate, { epochMs: number; offsetMinutes: number }>();
  const midnight = (date: LocalDate) => {
    let m = midnights.get(date);
    if (!m) {
      m = resolveLocal(date, 0, tz);
      midnights.set(date, m);
    }
    return m;
  };
  const frameOf = (date: LocalDate): DayFrame => {
    const s = midnight(date);
    const e = midnight(addDays(date, 1));
    const ordinary = e.epochMs - s.epochMs === DAY && s.offsetMinutes === e.offsetMinutes;
    return { start: s.epochMs, end: e.epochMs, offset: ordinary ? s.offsetMinutes : null };
  };

  // Slots of the day being built, indexed by elapsed minutes since local midnight (a 25-hour day
  // fits): cheaper than a Map keyed by epoch ms, and reused across days.
  const bucket: Array<Slot | undefined> = new Array<Slot | undefined>(MAX_DAY_MINUTES).fill(undefined);
  const used: number[] = [];

  const days: AvailabilityDay[] = [];
  let weekday = isoWeekday(from);
  for (let date = from; date <= to; date = addDays(date, 1), weekday = (weekday % 7) + 1) {
    const byVolunteer = shiftsByWeekday[weekday] as Map<string, ShiftRule[]>;
    if (byVolunteer.size === 0 || isNationalHoliday(date) || inClosure(deskClosures, date)) continue;

    const working: Array<{ id: string; shifts: ShiftRule[] }> = [];
    for (const [id, list] of byVolunteer) {
      if (inClosure(absences.get(id), date)) continue;
      const valid = list.filter(
        (s) => (s.validFrom === null || s.validFrom <= date) && (s.validTo === null || date <= s.validTo),
      );
      if (valid.length > 0) working.push({ id, shifts: valid });
    }
    if (working.length === 0) continue;

    const frame = frameOf(date);
    // The day's load decides who is offered first: fewer bookings starting that local day, then id.
    const ranked = working.map((w) => {
      const idx = busy.get(w.id) ?? NO_BOOKINGS;
      const load = lowerBound(idx.starts, frame.end) - lowerBound(idx.starts, frame.start);
      return { id: w.id, shifts: w.shifts, idx, load };
    });
    ranked.sort((a, b) => a.load - b.load || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

    // On an ordinary day minutes map linearly to instants; on a clock-change day ask the zone.
    const instantOf = (minute: number) =>
      frame.offset !== null ? frame.start + minute * MINUTE : resolveLocal(date, minute, tz).epochMs;

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
          const key = (s - frame.start) / MINUTE;
          let slot = bucket[key];
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
            bucket[key] = slot;
            used.push(key);
          }
          // Two overlapping shifts of one volunteer yield the same start twice; list them once.
          if (slot.volunteerIds[slot.volunteerIds.length - 1] !== v.id) slot.volunteerIds.push(v.id);
        }
      }
    }
    if (used.length === 0) continue;
    used.sort((a, b) => a - b);
    const slots: Slot[] = [];
    for (const key of used) {
      slots.push(bucket[key] as Slot);
      bucket[key] = undefined;
    }
    days.push({ date, slots });
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
