/**
 * iCalendar (RFC 5545) rendering of bookings: the volunteers' and the desk's subscription feeds and the
 * one-event file a job seeker adds to their own calendar. Pure: rows, texts and "now" come in as arguments.
 *
 * Times are written in UTC ("Z") rather than with a TZID: a TZID needs a full VTIMEZONE, and a wrong or
 * missing one is the classic cause of events shifted by an hour. X-WR-TIMEZONE still tells clients which
 * zone to display in.
 */
import type { BookingStatus, Mode } from './vocabulary';
import { t, type Lang } from '../i18n';
import { serviceNameIn } from '../i18n/service-name';

const DAY_MS = 86_400_000;

/** The feed shows appointments from this many days ago… */
export const FEED_PAST_DAYS = 30;
/** …to this many days ahead. */
export const FEED_FUTURE_DAYS = 180;
/**
 * A cancelled (rejected, expired) booking stays in the feed as STATUS:CANCELLED this long after it was
 * closed, so clients that keep their copy (Apple strikes it through) learn of it; then it is dropped.
 */
export const CANCELLED_KEEP_DAYS = 30;
/** Suggested refresh interval for clients that honour one (Apple, Outlook desktop). Google ignores it. */
export const FEED_REFRESH_MINUTES = 60;

export const PRODID = '-//Sportello Lavoro//Sportello Lavoro Calendar//IT';

export type IcalStatus = 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';

/** One VEVENT, texts still raw (escaped when rendered). */
export interface IcalEvent {
  /** The booking id: the UID is derived from it, so it is stable across fetches and holds no personal data. */
  bookingId: string;
  /** Must rise on every change a calendar shows, or clients keep their old copy. */
  sequence: number;
  status: IcalStatus;
  startAt: number;
  endAt: number;
  createdAt?: number;
  lastModified: number;
  summary: string;
  description: string;
  location?: string | null;
  /** An http(s) link shown with the event; anything else is left out. */
  url?: string | null;
}

/** Who publishes the events: the desk, by its e-mail address or its web address. */
export interface IcalOrganizer {
  name: string;
  /** The organizer's address as a mailbox (mailto:), when it has a usable one. */
  email?: string;
  /**
   * Otherwise an https:// address of the organizer: RFC 5545 types ORGANIZER as a CAL-ADDRESS, which is any
   * URI, so a desk without an e-mail is still named by where it is reached.
   */
  url?: string;
}

/** One VCALENDAR. */
export interface IcalCalendar {
  /**
   * METHOD:PUBLISH, which RFC 5546 allows only with an ORGANIZER in every event (libical checks it): so a
   * calendar is published only together with its organizer. Feeds always have one (PRODUCT.md: feeds carry
   * METHOD:PUBLISH); a calendar without an organizer carries no METHOD, which RFC 5545 allows for any
   * calendar that is not an iTIP message (the single-appointment file).
   */
  publishedBy?: IcalOrganizer;
  /** IANA zone the client should display in (X-WR-TIMEZONE). */
  timeZone: string;
  /** Calendar name for subscriptions; a single-event file has none (an import asks where to put it). */
  name?: string;
  /** Refresh hint in minutes for subscriptions. */
  refreshMinutes?: number;
  events: readonly IcalEvent[];
}

/** The UID of a booking's event in every file and feed. */
export function eventUid(bookingId: string): string {
  return `${bookingId}@sportello`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** An instant as an RFC 5545 UTC DATE-TIME: 20261014T083000Z. */
export function icalUtc(epochMs: number): string {
  // Plain arithmetic (days → civil date, H. Hinnant's algorithm): a feed formats thousands of these and
  // Date#toISOString dominated the render time.
  const ms = Math.floor(epochMs);
  const days = Math.floor(ms / 86_400_000);
  const secs = Math.floor((ms - days * 86_400_000) / 1000);
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  return `${String(year).padStart(4, '0')}${pad2(month)}${pad2(day)}T${pad2(h)}${pad2(m)}${pad2(secs % 60)}Z`;
}

// What TEXT escapes (RFC 5545 §3.3.11) or drops: TEXT allows no control character but HTAB.
// eslint-disable-next-line no-control-regex
const TEXT_SPECIAL_RE = /\r\n?|[\\;,\n]|[\u0000-\u0008\u000b-\u001f\u007f]/g;
// eslint-disable-next-line no-control-regex
const NEEDS_WORK_RE = /[\\;,\n\r\u0000-\u0008\u000b-\u001f\u007f\uD800-\uDFFF]/;
// A lone surrogate has no UTF-8 encoding; it would turn into U+FFFD on the wire anyway.
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeChar(ch: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case ';':
      return '\\;';
    case ',':
      return '\\,';
    case '\n':
    case '\r':
    case '\r\n':
      return '\\n';
    default:
      return '';
  }
}

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines; drops control characters. */
export function escapeText(value: string): string {
  if (!NEEDS_WORK_RE.test(value)) return value;
  const wellFormed = /[\uD800-\uDFFF]/.test(value) ? value.replace(LONE_SURROGATE_RE, '\uFFFD') : value;
  return wellFormed.replace(TEXT_SPECIAL_RE, escapeChar);
}

const MAX_OCTETS = 75;
const PRINTABLE_ASCII_RE = /^[\x20-\x7e]*$/;

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): CRLF plus one space, the space counting towards the
 * next line's 75. Octets, not UTF-16 units, and never inside a character's UTF-8 sequence.
 */
export function foldLine(line: string): string {
  // Fast paths: a UTF-16 unit is at most 3 octets, and printable ASCII is one octet per unit.
  if (line.length * 3 <= MAX_OCTETS) return line;
  if (line.length <= MAX_OCTETS && PRINTABLE_ASCII_RE.test(line)) return line;
  let out = '';
  let start = 0; // start (UTF-16 index) of the current physical line's content
  let octets = 0;
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line.charCodeAt(i);
    let size: number;
    let units = 1;
    if (c < 0x80) size = 1;
    else if (c < 0x800) size = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (line.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      size = 4; // a surrogate pair: one 4-octet character, never cut in two
      units = 2;
    } else size = 3;
    if (octets + size > MAX_OCTETS) {
      out += `${line.slice(start, i)}\r\n `;
      start = i;
      octets = 1; // the leading space
    }
    octets += size;
    i += units;
  }
  return out + line.slice(start);
}

/** A URI value: only http(s), and nothing that could break the line. */
function safeUrl(url: string | null | undefined): string | null {
  if (!url || !/^https?:\/\/[^\s\\"<>]+$/i.test(url)) return null;
  return url;
}

/** A mailbox that can stand in a mailto: URI as it is: printable ASCII, one @, a dot in the domain. */
const MAILBOX_RE = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** True when `email` can be an ORGANIZER address (mailto:), so the desk's feeds can be published by it. */
export function isOrganizerAddress(email: string | null | undefined): email is string {
  return !!email && email.length <= 254 && MAILBOX_RE.test(email);
}

/** A parameter value (RFC 5545 §3.2, RFC 6868): always quoted, its quote, caret and newlines caret-encoded. */
function paramValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  return `"${clean.replace(/\^/g, '^^').replace(/\n/g, '^n').replace(/"/g, "^'")}"`;
}

/** The ORGANIZER line: the mailbox when usable, else the https:// address; undefined when neither can be one. */
function organizerLine(o: IcalOrganizer): string | undefined {
  const address = isOrganizerAddress(o.email) ? `mailto:${o.email}` : safeUrl(o.url);
  if (!address) return undefined;
  const wellFormed = o.name.replace(LONE_SURROGATE_RE, '\uFFFD');
  return `ORGANIZER${o.name ? `;CN=${paramValue(wellFormed)}` : ''}:${address}`;
}

/** Renders a calendar as an iCalendar object: CRLF line ends, folded lines, escaped texts. */
export function renderCalendar(cal: IcalCalendar, dtstamp: number): string {
  const lines: string[] = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN'];
  const organizer = cal.publishedBy && organizerLine(cal.publishedBy);
  if (organizer) lines.push('METHOD:PUBLISH');
  if (cal.name !== undefined) {
    const name = escapeText(cal.name);
    lines.push(`X-WR-CALNAME:${name}`, `NAME:${name}`);
  }
  lines.push(`X-WR-TIMEZONE:${escapeText(cal.timeZone)}`);
  if (cal.refreshMinutes !== undefined) {
    const minutes = Math.max(1, Math.round(cal.refreshMinutes));
    const duration = minutes % 60 === 0 ? `PT${minutes / 60}H` : `PT${minutes}M`;
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:${duration}`, `X-PUBLISHED-TTL:${duration}`);
  }
  const stamp = icalUtc(dtstamp);
  for (const e of cal.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(eventUid(e.bookingId))}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icalUtc(e.startAt)}`,
      `DTEND:${icalUtc(e.endAt)}`,
      `SEQUENCE:${Math.max(0, Math.trunc(e.sequence))}`,
      `STATUS:${e.status}`,
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (organizer) lines.push(organizer);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    const url = safeUrl(e.url);
    if (url) lines.push(`URL:${url}`);
    // A cancelled event must not block the time in free/busy views.
    lines.push(`TRANSP:${e.status === 'CANCELLED' ? 'TRANSPARENT' : 'OPAQUE'}`);
    if (e.createdAt !== undefined) lines.push(`CREATED:${icalUtc(e.createdAt)}`);
    lines.push(`LAST-MODIFIED:${icalUtc(e.lastModified)}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  let out = '';
  for (const line of lines) out += `${foldLine(line)}\r\n`;
  return out;
}

/** How a booking's status shows in a calendar. */
export function icalStatusOf(status: BookingStatus): IcalStatus {
  switch (status) {
    case 'requested':
      return 'TENTATIVE';
    case 'confirmed':
    case 'attended':
    case 'no_show':
      return 'CONFIRMED';
    case 'cancelled':
    case 'rejected':
    case 'expired':
      return 'CANCELLED';
  }
}

/** Which bookings a feed shows at `now`: starts in [from, to), closed ones only if closed since `closedSince`. */
export function feedWindow(now: number): { from: number; to: number; closedSince: number } {
  return {
    from: now - FEED_PAST_DAYS * DAY_MS,
    to: now + FEED_FUTURE_DAYS * DAY_MS,
    closedSince: now - CANCELLED_KEEP_DAYS * DAY_MS,
  };
}

/** "Maria Rossi" → "Maria R.": the least a volunteer needs to greet the person. Empty for an erased name. */
export function shortName(fullName: string | null | undefined): string {
  const words = (fullName ?? '').trim().split(/\s+/).filter(Boolean);
  const first = words[0];
  if (!first) return '';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const initial = last ? Array.from(last)[0]?.toLocaleUpperCase('it') : undefined;
  return initial ? `${first} ${initial}.` : first;
}

/** A booking as a feed reads it (bookings joined with its service and volunteer). */
export interface FeedBooking {
  id: string;
  reference: string;
  status: BookingStatus;
  mode: Mode;
  startAt: number;
  endAt: number;
  icalSequence: number;
  createdAt: number;
  updatedAt: number;
  personName: string | null;
  /** Read only for the desk feed with the phone setting on; null otherwise. */
  phone: string | null;
  serviceNameIt: string;
  serviceNameEn: string;
  volunteerName: string;
  videoLink: string | null;
}

/** What a feed's events share. */
export interface FeedContext {
  lang: Lang;
  /** "Via Bertoni 4, Roma": the location of in-person appointments. */
  place: string;
  /** The desk feed names the volunteer of each appointment; a volunteer's own feed need not. */
  showVolunteer: boolean;
  /** The desk setting ical_include_phone, honoured only in the desk feed. */
  includePhone: boolean;
}

/** The catalog texts an event uses, looked up once per language rather than once per event. */
interface Labels {
  tentative: string;
  cancelled: string;
  service: string;
  mode: string;
  modes: Record<Mode, string>;
  reference: string;
  volunteer: string;
  phone: string;
}

const labelCache = new Map<Lang, Labels>();

function labels(lang: Lang): Labels {
  let l = labelCache.get(lang);
  if (!l) {
    l = {
      tentative: `${t(lang, 'ical.prefix_tentative')} `,
      cancelled: `${t(lang, 'ical.prefix_cancelled')} `,
      service: `${t(lang, 'ical.service')}: `,
      mode: `${t(lang, 'ical.mode')}: `,
      modes: { in_person: t(lang, 'ical.mode.in_person'), remote: t(lang, 'ical.mode.remote') },
      reference: `${t(lang, 'ical.reference')}: `,
      volunteer: `${t(lang, 'ical.volunteer')}: `,
      phone: `${t(lang, 'ical.phone')}: `,
    };
    labelCache.set(lang, l);
  }
  return l;
}

function statusPrefix(l: Labels, status: IcalStatus): string {
  return status === 'TENTATIVE' ? l.tentative : status === 'CANCELLED' ? l.cancelled : '';
}

/** A booking as an event of a volunteer's or the desk's feed: service, first name and initial, reference. */
export function feedEvent(b: FeedBooking, ctx: FeedContext): IcalEvent {
  const l = labels(ctx.lang);
  const status = icalStatusOf(b.status);
  const service = ctx.lang === 'en' ? b.serviceNameEn : b.serviceNameIt;
  const person = shortName(b.personName);
  let summary = person ? `${service} – ${person} – ${b.reference}` : `${service} – ${b.reference}`;
  let description = `${l.service}${service}\n${l.mode}${l.modes[b.mode]}\n${l.reference}${b.reference}`;
  if (ctx.showVolunteer) {
    summary += ` (${b.volunteerName})`;
    description += `\n${l.volunteer}${b.volunteerName}`;
    if (ctx.includePhone && b.phone) description += `\n${l.phone}${b.phone}`;
  }
  return {
    bookingId: b.id,
    sequence: b.icalSequence,
    status,
    startAt: b.startAt,
    endAt: b.endAt,
    createdAt: b.createdAt,
    lastModified: b.updatedAt,
    summary: statusPrefix(l, status) + summary,
    description,
    location: b.mode === 'remote' ? (b.videoLink ?? l.modes.remote) : ctx.place || null,
    url: b.mode === 'remote' ? b.videoLink : null,
  };
}

/** A feed: the volunteer's own (named after them) or the desk-wide one. */
export function renderFeed(
  feed: {
    deskName: string;
    volunteerName: string | null;
    timeZone: string;
    deskEmail?: string;
    deskUrl?: string;
    /** False for a file saved once (the register export): no refresh interval for a subscription. */
    subscribed?: boolean;
  },
  rows: readonly FeedBooking[],
  ctx: FeedContext,
  now: number,
): string {
  const name =
    feed.volunteerName !== null
      ? t(ctx.lang, 'ical.calendar_volunteer', { desk: feed.deskName, volunteer: feed.volunteerName })
      : t(ctx.lang, 'ical.calendar_desk', { desk: feed.deskName });
  return renderCalendar(
    {
      name,
      timeZone: feed.timeZone,
      ...(feed.subscribed === false ? {} : { refreshMinutes: FEED_REFRESH_MINUTES }),
      // Published by the desk: by its e-mail, or else by the deployment's address (see IcalCalendar.publishedBy).
      publishedBy: { name: feed.deskName, email: feed.deskEmail, url: feed.deskUrl },
      events: rows.map((r) => feedEvent(r, ctx)),
    },
    now,
  );
}

/** One booking as its job seeker sees it (the "add to calendar" file). */
export interface PersonBooking {
  id: string;
  reference: string;
  status: BookingStatus;
  mode: Mode;
  startAt: number;
  endAt: number;
  icalSequence: number;
  createdAt: number;
  updatedAt: number;
  serviceNameIt: string;
  serviceNameEn: string;
  /** services.translations: the service's name in the languages beyond Italian and English. */
  serviceTranslations?: string | null;
  /** The video link of a remote appointment still ahead (bookingVideoLink); null otherwise. */
  videoLink: string | null;
}

/**
 * The single-event file for the person who booked: same UID and SEQUENCE as the feeds, so importing it
 * again after a change updates the event instead of adding one. A remote appointment's video link is its
 * LOCATION and URL (the manage link stays in the description), as on the manage page. No METHOD and no ORGANIZER: it is a file to import, not an iTIP message,
 * and an organizer would make some clients present the appointment as an invitation to answer.
 */
export function renderPersonEvent(
  b: PersonBooking,
  desk: { name: string; place: string; phone: string; timeZone: string },
  manageUrl: string,
  lang: Lang,
  now: number,
): string {
  const status = icalStatusOf(b.status);
  const service = serviceNameIn(lang, b);
  const description = [`${t(lang, 'ical.reference')}: ${b.reference}`, t(lang, 'ical.manage', { url: manageUrl })];
  if (desk.phone) description.push(t(lang, 'ical.desk_phone', { phone: desk.phone }));
  const event: IcalEvent = {
    bookingId: b.id,
    sequence: b.icalSequence,
    status,
    startAt: b.startAt,
    endAt: b.endAt,
    createdAt: b.createdAt,
    lastModified: b.updatedAt,
    summary: statusPrefix(labels(lang), status) + [desk.name, service].filter(Boolean).join(': '),
    description: description.join('\n'),
    location: b.mode === 'remote' ? (b.videoLink ?? t(lang, 'ical.remote_person')) : desk.place || null,
    url: b.mode === 'remote' && b.videoLink ? b.videoLink : manageUrl,
  };
  return renderCalendar({ timeZone: desk.timeZone, events: [event] }, now);
}
