/**
 * The SMS texts: rendering the catalogs of texts-catalogs.ts, the GSM-7 alphabet and a segment counter.
 *
 * Why GSM-7: a single character outside it (a capital È, a typographic apostrophe) turns the whole text
 * into UCS-2, whose segments hold 70 characters instead of 160, so one message becomes three. The Italian,
 * English, Spanish, French and Romanian catalogs are written in GSM-7 and fit one segment; Arabic and
 * Ukrainian cannot be, so theirs are UCS-2 and fit two. Anything that comes from settings (the desk's
 * address, the manage link) goes through `toGsm7` first. A character with no GSM-7 form is never sent as
 * '?': a letter becomes its base Latin letter (Ł → L, đ → d, Œ → OE), and what has no Latin form
 * (emoji, symbols, a letter of another script) is dropped. We chose dropping over switching the text to
 * UCS-2: an Italian desk's address is Latin, and a stray emoji must not triple the cost of every text.
 *
 * What a text never holds: the person's name or any health data (data minimisation; names also bring
 * non-GSM characters), and any invitation to reply with a keyword ("reply CANCEL" opts the person out of
 * every SMS at the carrier). Cancelling happens through the manage link.
 *
 * Pure: no clock, no env. The caller passes the appointment's instant and the desk's time zone.
 * Repositories never render: the outbox renders here and hands finished bodies to its statements.
 */
import { isValidTimeZone } from '../domain/format';
import { zonedParts } from '../domain/time';
import { usableVideoLink } from '../domain/video';
import type { Language, Mode } from '../domain/vocabulary';
import type { Lang } from '../i18n';
import { SMS_CATALOGS, type SmsCatalog, type VideoTemplate } from './texts-catalogs';

/** Which text: the message kinds, with the person's own cancellation told apart from the desk's. */
export type SmsTemplate =
  | 'confirmation'
  | 'reminder'
  | 'cancellation'
  | 'cancellation_ack'
  | 'reschedule'
  | 'rejection'
  | 'expiry'
  /** A freed time offered to a person on the waitlist; its link is the offer's page /w/<code>. */
  | 'waitlist_offer';

export const SMS_TEMPLATES: readonly SmsTemplate[] = [
  'confirmation',
  'reminder',
  'cancellation',
  'cancellation_ack',
  'reschedule',
  'rejection',
  'expiry',
  'waitlist_offer',
];

/** What a text is about. */
export interface SmsData {
  /** The appointment's start, epoch ms. */
  startAt: number;
  /** The desk's IANA time zone. */
  timeZone: string;
  mode: Mode;
  /** The desk's address as configured (shortened here if the text would not fit one segment). */
  address: string;
  /** The full manage link, e.g. https://host/m/<code>. */
  manageUrl: string;
  /**
   * The booking's video link (domain/video.ts bookingVideoLink): the confirmation, the reminder and the
   * move of a remote appointment carry it.
   */
  videoLink?: string | null;
}

/** One GSM-7 segment. */
export const SINGLE_SEGMENT = 160;
/** A place is never cut shorter than this: below it the text goes to two segments instead. */
export const PLACE_MIN = 16;
/** When the text takes two segments anyway, the place keeps at most this much. */
export const PLACE_MAX_MULTI = 80;

/** UCS-2 units in one segment and in each part of a longer text. */
const UCS2_SINGLE = 70;
const UCS2_PART = 67;

/** The most segments a catalog's texts may take: one in GSM-7, two in UCS-2; a text with its video link one more. */
export function segmentBudget(c: Pick<SmsCatalog, 'encoding'>, withVideo = false): number {
  return (c.encoding === 'GSM-7' ? 1 : 2) + (withVideo ? 1 : 0);
}

/** How many units `segments` segments hold in the encoding. */
function capacity(encoding: SmsCatalog['encoding'], segments: number): number {
  if (encoding === 'GSM-7') return segments === 1 ? SINGLE_SEGMENT : 153 * segments;
  return segments === 1 ? UCS2_SINGLE : UCS2_PART * segments;
}

/** Length of `s` in the encoding's units: septets in GSM-7, UTF-16 code units in UCS-2. */
function units(encoding: SmsCatalog['encoding'], s: string): number {
  return encoding === 'GSM-7' ? septets(s) : s.length;
}

/**
 * Renders a text in the given language, within the language's segment budget wherever the data allows:
 * one GSM-7 segment (it, en, es, fr, ro), two UCS-2 segments (ar, uk), one more for a remote text with
 * its video link. A remote appointment's confirmation, reminder and move always carry a usable video link
 * (PRODUCT.md), even when a link near the 120-character cap takes a UCS-2 text to a fourth segment.
 */
export function renderSms(template: SmsTemplate, lang: Lang, data: SmsData): string {
  const c = SMS_CATALOGS[lang];
  const p = zonedParts(data.startAt, data.timeZone);
  const when = fill(c.when, {
    weekday: c.weekdays[p.weekday - 1] ?? '',
    day: p.date.slice(8, 10),
    month: p.date.slice(5, 7),
    time: p.time,
  });
  const link = toGsm7(data.manageUrl);
  if (data.mode === 'remote' && isVideoTemplate(template)) {
    const video = usableVideoLink(data.videoLink);
    if (video) return fill(c.video[template], { when, video, link });
  }
  const text = c.templates[template];
  if (data.mode === 'remote') return fill(text, { when, place: c.remote, link });
  const bare = fill(text, { when, place: '', link });
  const budget = capacity(c.encoding, segmentBudget(c)) - units(c.encoding, bare);
  const place = fitPlace(oneLine(toGsm7(data.address)), budget, (x) => units(c.encoding, x));
  return fill(text, { when, place, link });
}

/** What the texts need from the desk and the deployment. */
export interface OutboxDesk {
  /** PUBLIC_BASE_URL, no trailing slash. */
  baseUrl: string;
  timeZone: string;
  address: string;
}

/** What the texts need from the booking. */
export interface OutboxBooking {
  manageCode: string;
  language: Language;
  mode: Mode;
  startAt: number;
  /** The booking's video link (bookingVideoLink), for the texts of a remote appointment. */
  videoLink?: string | null;
}

/** Everything needed to render a booking's texts. */
export interface SmsContext {
  desk: OutboxDesk;
  booking: OutboxBooking;
}

/** The desk part of an SmsContext; undefined when the desk is not set up (nothing can be sent then). */
export function outboxDesk(
  desk: { address: string | null; timeZone: string | null } | null | undefined,
  baseUrl: string,
): OutboxDesk | undefined {
  if (!desk || desk.address === null || desk.timeZone === null) return undefined;
  // A zone Intl does not know would make rendering throw; the settings form refuses one, this is a backstop.
  if (!isValidTimeZone(desk.timeZone)) return undefined;
  return { baseUrl, timeZone: desk.timeZone, address: desk.address };
}

/** The SmsContext of an action on an existing booking; undefined when the desk is not set up. */
export function smsContext(
  desk: { address: string | null; timeZone: string | null } | null | undefined,
  booking: OutboxBooking,
  baseUrl: string,
): SmsContext | undefined {
  const d = outboxDesk(desk, baseUrl);
  return d ? { desk: d, booking } : undefined;
}

/** A booking's text of the given template, in its language. */
export function renderFor(template: SmsTemplate, ctx: SmsContext, opts: { startAt?: number } = {}): string {
  return renderSms(template, ctx.booking.language, {
    startAt: opts.startAt ?? ctx.booking.startAt,
    timeZone: ctx.desk.timeZone,
    mode: ctx.booking.mode,
    address: ctx.desk.address,
    manageUrl: `${ctx.desk.baseUrl}/m/${ctx.booking.manageCode}`,
    videoLink: ctx.booking.videoLink ?? null,
  });
}

/** The text offering a freed time to a person on the waitlist, linking to the offer's page. */
export function renderOffer(
  desk: OutboxDesk,
  offer: { code: string; language: Language; mode: Mode; startAt: number },
): string {
  return renderSms('waitlist_offer', offer.language, {
    startAt: offer.startAt,
    timeZone: desk.timeZone,
    mode: offer.mode,
    address: desk.address,
    manageUrl: `${desk.baseUrl}/w/${offer.code}`,
  });
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function isVideoTemplate(template: SmsTemplate): template is VideoTemplate {
  return template === 'confirmation' || template === 'reminder' || template === 'reschedule';
}

/**
 * The place shortened to `budget` septets: first by dropping trailing comma-separated parts (city,
 * floor), then trailing words, never below PLACE_MIN. When that cannot work (a very long base URL leaves
 * too little room) the text takes two segments anyway, so the place keeps up to PLACE_MAX_MULTI instead.
 */
export function fitPlace(place: string, budget: number, measure: (s: string) => number = septets): string {
  if (measure(place) <= budget) return place;
  if (budget >= PLACE_MIN) {
    const cut = cutAtBoundary(place, budget, measure);
    if (cut) return cut;
  }
  if (measure(place) <= PLACE_MAX_MULTI) return place;
  const cut = cutAtBoundary(place, PLACE_MAX_MULTI, measure);
  if (cut) return cut;
  let hard = place;
  while (hard.length > 0 && measure(hard) > PLACE_MAX_MULTI) hard = hard.slice(0, -1);
  return hard.trimEnd();
}

/** The longest head of `place` ending at a comma (else at a space) that fits `max`; '' when none is long enough. */
function cutAtBoundary(place: string, max: number, measure: (s: string) => number): string {
  for (const sep of [',', ' ']) {
    let best = '';
    for (let i = place.indexOf(sep); i > 0; i = place.indexOf(sep, i + 1)) {
      const head = place.slice(0, i).replace(/[\s,;.:-]+$/, '');
      if (head.length >= PLACE_MIN && measure(head) <= max) best = head;
    }
    if (best) return best;
  }
  return '';
}

// ------------------------------------------------------------------ GSM-7

/** GSM 03.38 basic character set (one septet each). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** GSM 03.38 extension table: an escape plus the character, two septets each. */
const GSM_EXTENSION = '\f^{}\\[~]|€';
const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

// Capital accented vowels are not GSM-7; Italian writes them as the letter and an apostrophe ("E' chiuso").
const REPLACEMENTS: Record<string, string> = {
  À: "A'",
  È: "E'",
  Ì: "I'",
  Ò: "O'",
  Ù: "U'",
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u02BC': "'",
  '`': "'",
  '´': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '«': '"',
  '»': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '°': 'o',
  º: 'o',
  ª: 'a',
  '\t': ' ',
  '\u2044': '/',
  // Latin letters Unicode does not decompose into a base letter and a mark.
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ð: 'D',
  ð: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ŀ: 'L',
  ŀ: 'l',
  Ŋ: 'N',
  ŋ: 'n',
  Ŧ: 'T',
  ŧ: 't',
  Þ: 'Th',
  þ: 'th',
  Œ: 'OE',
  œ: 'oe',
  ẞ: 'SS',
  ſ: 's',
  ĸ: 'k',
  ƒ: 'f',
  Ɖ: 'D',
  ɖ: 'd',
  Ƶ: 'Z',
  ƶ: 'z',
  Ȼ: 'C',
  ȼ: 'c',
  Ɍ: 'R',
  ɍ: 'r',
  ȷ: 'j',
};

/** True when every character of `s` is in GSM-7 (basic or extension table). */
export function isGsm7(s: string): boolean {
  for (const ch of s) if (!BASIC.has(ch) && !EXTENSION.has(ch)) return false;
  return true;
}

/**
 * `s` with every character outside GSM-7 replaced: typographic quotes and dashes by plain ones, capital
 * accented vowels by letter + apostrophe, other letters by their base Latin letter (é → e, Ł → L,
 * ﬁ → fi), spaces of any kind by a space. Anything left over (emoji, symbols, control characters,
 * letters of other scripts) is dropped: the output never holds a '?' the input did not.
 */
export function toGsm7(s: string): string {
  let out = '';
  for (const ch of s) out += gsm7Form(ch);
  return out;
}

/** One character's GSM-7 form: itself, a replacement, its compatibility decomposition's letters, or ''. */
function gsm7Form(ch: string): string {
  if (BASIC.has(ch) || EXTENSION.has(ch)) return ch;
  const mapped = REPLACEMENTS[ch];
  if (mapped !== undefined) return mapped;
  if (/\s/u.test(ch)) return ' ';
  // Decompose (é → e + ´, ﬁ → f + i, Ǆ → D + Z + ˇ), drop the marks, and keep what has a GSM-7 form. A
  // '?' that only a decomposition produced (a full-width ？) is dropped too: it would read as a lost letter.
  const parts = ch.normalize('NFKD').replace(/\p{M}+/gu, '');
  if (parts === ch) return '';
  let out = '';
  for (const p of parts) {
    if (p === '?') continue;
    out += BASIC.has(p) || EXTENSION.has(p) ? p : (REPLACEMENTS[p] ?? '');
  }
  return out;
}

/** Septets `s` takes in GSM-7 (extension characters count two); meaningful only when isGsm7(s). */
export function septets(s: string): number {
  let n = 0;
  for (const ch of s) n += EXTENSION.has(ch) ? 2 : 1;
  return n;
}

export interface SegmentCount {
  encoding: 'GSM-7' | 'UCS-2';
  /** How many SMS the provider will bill. */
  segments: number;
  /** Length in the encoding's units: septets for GSM-7, UTF-16 code units for UCS-2. */
  length: number;
}

/**
 * How a text travels: GSM-7 when every character allows it (160 septets in one SMS, 153 per part of a
 * concatenated one, an escape pair never split), otherwise UCS-2 (70 code units, 67 per part, a
 * surrogate pair never split).
 */
export function countSegments(text: string): SegmentCount {
  if (isGsm7(text)) {
    const units = [...text].map((ch) => (EXTENSION.has(ch) ? 2 : 1));
    const length = units.reduce((a, b) => a + b, 0);
    return { encoding: 'GSM-7', length, segments: length <= 160 ? 1 : pack(units, 153) };
  }
  const units = [...text].map((ch) => ch.length);
  const length = units.reduce((a, b) => a + b, 0);
  return { encoding: 'UCS-2', length, segments: length <= 70 ? 1 : pack(units, 67) };
}

/** Segments needed when characters of the given widths fill parts of `size` units without being split. */
function pack(units: readonly number[], size: number): number {
  let parts = 1;
  let used = 0;
  for (const u of units) {
    if (used + u > size) {
      parts++;
      used = 0;
    }
    used += u;
  }
  return parts;
}
