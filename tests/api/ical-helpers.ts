import ICAL from 'ical.js';

// ical.js knows RFC 5545 only: teach it that RFC 7986's NAME and the de-facto X-WR-CALNAME are TEXT, so
// it unescapes them like SUMMARY (unknown properties come back raw).
for (const name of ['name', 'x-wr-calname']) ICAL.design.icalendar.property[name] = { defaultType: 'text' };

/** One VEVENT as an independent parser (ical.js) reads it. */
export interface ParsedEvent {
  uid: string;
  sequence: number;
  status: string;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  /** Epoch ms. */
  start: number;
  end: number;
  lastModified: number | null;
}

export interface ParsedCalendar {
  /** A calendar-level property's value as text (empty when absent). */
  prop(name: string): string;
  events: ParsedEvent[];
  /** The event with this UID; throws when there is none. */
  byUid(uid: string): ParsedEvent;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

/** Parses an iCalendar text with ical.js; throws on anything it rejects. */
export function parseCalendar(ics: string): ParsedCalendar {
  const root = new ICAL.Component(ICAL.parse(ics));
  const events = root.getAllSubcomponents('vevent').map((vevent): ParsedEvent => {
    const event = new ICAL.Event(vevent);
    const lastModified = vevent.getFirstPropertyValue('last-modified');
    const location = vevent.getFirstPropertyValue('location');
    const url = vevent.getFirstPropertyValue('url');
    return {
      uid: event.uid,
      sequence: event.sequence,
      status: text(vevent.getFirstPropertyValue('status')),
      summary: event.summary,
      description: text(event.description),
      location: location === null ? null : text(location),
      url: url === null ? null : text(url),
      start: event.startDate.toUnixTime() * 1000,
      end: event.endDate.toUnixTime() * 1000,
      lastModified: lastModified instanceof ICAL.Time ? lastModified.toUnixTime() * 1000 : null,
    };
  });
  return {
    prop: (name) => text(root.getFirstPropertyValue(name.toLowerCase())),
    events,
    byUid: (uid) => {
      const found = events.find((e) => e.uid === uid);
      if (!found) throw new Error(`no event ${uid} in the calendar (${events.map((e) => e.uid).join(', ')})`);
      return found;
    },
  };
}

/** The wall-clock "YYYY-MM-DD HH:MM" of an instant in `timeZone`. */
export function wallClock(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(epochMs);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Asserts the RFC 5545 line rules by hand: CRLF everywhere, every physical line at most 75 octets. */
export function lineProblems(ics: string): string[] {
  const problems: string[] = [];
  if (!ics.endsWith('\r\n')) problems.push('does not end with CRLF');
  if (/\r(?!\n)|(?<!\r)\n/.test(ics)) problems.push('bare CR or LF');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const line of ics.split('\r\n')) {
    const bytes = new TextEncoder().encode(line);
    if (bytes.length > 75) problems.push(`${bytes.length} octets: ${line}`);
    // A line that does not survive a strict UTF-8 round trip was cut inside a character.
    if (decoder.decode(bytes) !== line || /[\uD800-\uDFFF]/.test(line.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
      problems.push(`split character: ${line}`);
    }
  }
  return problems;
}

/** Undoes folding (RFC 5545 §3.1): CRLF followed by one space or tab disappears. */
export function unfold(ics: string): string[] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => l !== '');
}
