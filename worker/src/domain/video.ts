/**
 * The video link of a remote appointment. A remote booking is joined through the volunteer's own link when
 * they have a usable one, else through a room the desk opens on its video server (the desk setting
 * video_room_base) under the booking's unguessable room name. Every text, page, feed and API answer asks
 * `bookingVideoLink`; availability asks `takesVideoCalls`, so nobody is offered for a remote slot whose
 * appointment could not carry a link. Pure: no clock, no env.
 */
import type { Mode } from './vocabulary';

/**
 * The longest link that travels in an SMS: longer ones would push the confirmation and the reminder past
 * two segments (see outbox/texts.ts), so such a link counts as none.
 */
export const VIDEO_LINK_MAX = 120;

/** What a generated link puts between the base and the room name: readable in an SMS, a calendar, a URL bar. */
export const ROOM_PREFIX = 'sportello-';

/** Length of a room name: 128 random bits in lower-case base32 (26 characters, see newRoomName in lib/ids.ts). */
export const ROOM_NAME_LENGTH = 26;

/** The longest desk video base: base + '/' + prefix + room name stays within VIDEO_LINK_MAX. */
export const VIDEO_ROOM_BASE_MAX = VIDEO_LINK_MAX - 1 - ROOM_PREFIX.length - ROOM_NAME_LENGTH;

// Characters a link may hold to travel unchanged in a GSM-7 SMS and a calendar file: plain ASCII URL
// characters only (no space, no backtick, no quotes or angle brackets).
const LINK = /^https:\/\/[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%[\]]+$/;
// A base is a server and optionally a path: no query, fragment or credentials to append a room to.
const BASE = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9\-._~%]+)*$/;

/** The link as it may be sent, or null when it is missing or would be altered or cut on the way. */
export function usableVideoLink(link: string | null | undefined): string | null {
  const s = link?.trim();
  if (!s || s.length > VIDEO_LINK_MAX || !LINK.test(s)) return null;
  return parsesAsUrl('link', s) ? s : null;
}

// Every availability read asks about each volunteer's link and the desk's base: the same few strings, each
// a URL parse. The verdict is a pure function of the string, so a small memo keeps it. Cleared when full.
const URL_MEMO_LIMIT = 512;
const urlVerdicts = new Map<string, boolean>();

/** What a URL must be: a volunteer's link has a host; the desk's base is an https server with a dotted host. */
const URL_RULES = {
  link: (u: URL) => u.hostname !== '',
  base: (u: URL) => u.protocol === 'https:' && u.hostname.includes('.') && !u.hostname.startsWith('.'),
};

/** Whether `s` parses as a URL that the rule of `kind` accepts. */
function parsesAsUrl(kind: keyof typeof URL_RULES, s: string): boolean {
  const key = `${kind} ${s}`;
  const known = urlVerdicts.get(key);
  if (known !== undefined) return known;
  let verdict: boolean;
  try {
    verdict = URL_RULES[kind](new URL(s));
  } catch {
    verdict = false;
  }
  if (urlVerdicts.size >= URL_MEMO_LIMIT) urlVerdicts.clear();
  urlVerdicts.set(key, verdict);
  return verdict;
}

/** The desk setting as stored: '' (none) or an https server with an optional path, without a trailing slash. */
export function normalVideoRoomBase(s: string): string {
  return s.trim().replace(/\/+$/, '');
}

/** True for a usable desk video base (after normalVideoRoomBase): https, host and path only, short enough. */
export function isVideoRoomBase(s: string): boolean {
  if (s.length > VIDEO_ROOM_BASE_MAX || !BASE.test(s)) return false;
  return parsesAsUrl('base', s);
}

/** What decides a remote booking's link. */
export interface VideoLinkParts {
  mode: Mode;
  /** The volunteer's own link (volunteers.video_link). */
  volunteerLink: string | null;
  /** The booking's room name (bookings.video_room). */
  room: string | null;
  /** The desk's video server (desk_settings.video_room_base), '' for none. */
  roomBase: string | null;
}

/**
 * The https link of a remote booking: the volunteer's own when usable, else the desk's room for it; null
 * for an in-person booking, or a remote one that has neither (availability and staff actions prevent it).
 */
export function bookingVideoLink(p: VideoLinkParts): string | null {
  if (p.mode !== 'remote') return null;
  const own = usableVideoLink(p.volunteerLink);
  if (own) return own;
  const base = normalVideoRoomBase(p.roomBase ?? '');
  if (!base || !p.room || !isVideoRoomBase(base)) return null;
  return `${base}/${ROOM_PREFIX}${p.room}`;
}

/** Whether a volunteer can be given remote appointments: a usable link of their own, or a desk video server. */
export function takesVideoCalls(
  volunteerLink: string | null | undefined,
  roomBase: string | null | undefined,
): boolean {
  if (usableVideoLink(volunteerLink)) return true;
  const base = normalVideoRoomBase(roomBase ?? '');
  return base !== '' && isVideoRoomBase(base);
}
