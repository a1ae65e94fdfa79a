/** Until when a computed availability answer stays true while nothing is written (pure: `now` is passed in). */
import type { AvailabilityDay } from './types';
import { addDays, localToInstant, zonedParts } from './time';

const MINUTE = 60_000;

/**
 * The first instant at which the same query, with the same data, could answer differently: the first
 * listed slot falls inside the minimum notice one millisecond after `start - notice` (a slot is offered
 * while `start >= now + notice`), and at the next local midnight "today" moves, taking a day off the front
 * and adding one to the horizon. Slots left out for notice never come back as time passes, so they do not
 * count, and neither does anything outside the answer.
 */
export function answerValidUntil(
  days: readonly AvailabilityDay[],
  now: number,
  noticeMinutes: number,
  timeZone: string,
) {
  const nextMidnight = localToInstant(addDays(zonedParts(now, timeZone).date, 1), 0, timeZone);
  let earliest = Infinity;
  for (const day of days) for (const slot of day.slots) if (slot.start < earliest) earliest = slot.start;
  return Math.min(nextMidnight, earliest - Math.max(0, noticeMinutes) * MINUTE + 1);
}
