/**
 * What the iCal feeds and the person's add-to-calendar download share: the desk's place and zone as a
 * calendar shows them, the headers of a calendar file, and ETag matching.
 */
import type { Context } from 'hono';
import { DEFAULT_DESK_TIME_ZONE } from '../db/repo/desk';
import type { CalendarDesk } from '../db/repo/ical';
import { isValidTimeZone } from '../domain/format';
import type { AppEnv } from '../env';

/** The address line of in-person appointments: "Via Bertoni 4, Roma". */
export function deskPlace(desk: CalendarDesk | null): string {
  return desk ? [desk.address, desk.city].filter(Boolean).join(', ') : '';
}

/**
 * The desk's zone when it is a real IANA zone (clients would mis-place events under a bogus one); before
 * the desk exists, the zone it will be created with.
 */
export function deskTimeZone(desk: CalendarDesk | null): string {
  return desk && isValidTimeZone(desk.timeZone) ? desk.timeZone : DEFAULT_DESK_TIME_ZONE;
}

/** Sets the headers every calendar answer shares: its type, how to save it, how long to keep it, no indexing. */
export function calendarHeaders(c: Context<AppEnv>, disposition: string, cacheControl: string): void {
  c.header('Content-Type', 'text/calendar; charset=utf-8');
  c.header('Content-Disposition', disposition);
  c.header('Cache-Control', cacheControl);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Robots-Tag', 'noindex, nofollow');
}

/** If-None-Match against our ETag (weak comparison, as RFC 9110 prescribes for GET). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}
