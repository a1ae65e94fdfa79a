import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import {
  escapeText,
  eventUid,
  feedEvent,
  feedWindow,
  foldLine,
  icalStatusOf,
  icalUtc,
  renderCalendar,
  renderFeed,
  renderPersonEvent,
  shortName,
  type FeedBooking,
  type FeedContext,
} from '../../worker/src/domain/ical';
import { localToInstant } from '../../worker/src/domain/time';
import { lineProblems, parseCalendar, unfold, wallClock } from '../fixtures/ical-helpers';

const ROME = 'Europe/Rome';
const NOW = Date.parse('2026-10-12T08:00:00Z');
const at = (date: string, hhmm: string) =>
  localToInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)), ROME);

function booking(overrides: Partial<FeedBooking> = {}): FeedBooking {
  const startAt = overrides.startAt ?? at('2026-10-14', '10:00');
  return {
    id: 'bk_9f2c',
    reference: 'AB12CD',
    status: 'confirmed',
    mode: 'in_person',
    startAt,
    endAt: startAt + 3_600_000,
    icalSequence: 0,
    createdAt: Date.parse('2026-10-01T09:00:00Z'),
    updatedAt: Date.parse('2026-10-02T09:00:00Z'),
    personName: 'Maria Rossi',
    phone: '+393471234567',
    serviceNameIt: 'Revisione CV',
    serviceNameEn: 'CV review',
    volunteerName: 'Giulia Bianchi',
    videoLink: null,
    ...overrides,
  };
}

const volunteerCtx: FeedContext = {
  lang: 'it',
  place: 'Via Bertoni 4, Roma',
  showVolunteer: false,
  includePhone: false,
};
const deskCtx: FeedContext = { ...volunteerCtx, showVolunteer: true };
const feedOf = (rows: FeedBooking[], ctx = volunteerCtx) =>
  renderFeed(
    {
      deskName: 'Sportello Lavoro',
      volunteerName: 'Giulia Bianchi',
      timeZone: ROME,
      deskEmail: 'sportello@example.org',
    },
    rows,
    ctx,
    NOW,
  );

/**
 * libical's RFC 5546 check (icalrestriction_check), the part our files touch: with METHOD:PUBLISH every
 * VEVENT needs exactly one ORGANIZER; without METHOD nothing iTIP applies. Checked once by hand with
 * Debian's libical 3.0.16 against the files these tests render.
 */
function itipProblems(ics: string): string[] {
  const text = unfold(ics).join('\n');
  const method = /^METHOD:(.*)$/m.exec(text)?.[1];
  if (method === undefined) return [];
  if (method !== 'PUBLISH') return [`unexpected METHOD ${method}`];
  return text
    .split('BEGIN:VEVENT')
    .slice(1)
    .filter((event) => (event.match(/^ORGANIZER[;:]/gm) ?? []).length !== 1)
    .map((event) => `no single ORGANIZER in ${/^UID:(.*)$/m.exec(event)?.[1]}`);
}

describe('the feed read by ical.js', () => {
  it('carries the calendar properties subscribers rely on', () => {
    const ics = feedOf([booking()]);
    const cal = parseCalendar(ics);
    expect(cal.prop('version')).toBe('2.0');
    expect(cal.prop('prodid')).toMatch(/Sportello/);
    expect(cal.prop('calscale')).toBe('GREGORIAN');
    expect(cal.prop('method')).toBe('PUBLISH');
    expect(itipProblems(ics)).toEqual([]);
    expect(cal.prop('x-wr-calname')).toBe('Sportello Lavoro – Giulia Bianchi');
    expect(cal.prop('name')).toBe('Sportello Lavoro – Giulia Bianchi');
    expect(cal.prop('x-wr-timezone')).toBe(ROME);
    expect(cal.prop('x-published-ttl')).toBe('PT1H');
    expect(unfold(ics)).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H');
    expect(lineProblems(ics)).toEqual([]);
  });

  it('places every event at its booked instants, on both sides of the autumn and spring DST changes', () => {
    const starts = [
      at('2026-10-24', '10:00'), // Saturday, still +02:00
      at('2026-10-25', '01:30'), // the night of the change, before it
      at('2026-10-25', '10:00'), // the Sunday the clocks go back, +01:00
      at('2026-10-26', '09:00'), // Monday after, +01:00
      at('2027-03-27', '10:00'), // Saturday before spring forward, +01:00
      at('2027-03-29', '10:00'), // Monday after, +02:00
    ];
    const rows = starts.map((startAt, i) => booking({ id: `bk${i}`, startAt, endAt: startAt + 45 * 60_000 }));
    const cal = parseCalendar(feedOf(rows));
    expect(cal.events).toHaveLength(rows.length);
    for (const row of rows) {
      const e = cal.byUid(eventUid(row.id));
      expect(e.start).toBe(row.startAt);
      expect(e.end).toBe(row.endAt);
    }
    // The wall clock in Rome is what the volunteer booked, whatever the offset that day.
    expect(rows.map((r) => wallClock(cal.byUid(eventUid(r.id)).start, ROME))).toEqual([
      '2026-10-24 10:00',
      '2026-10-25 01:30',
      '2026-10-25 10:00',
      '2026-10-26 09:00',
      '2027-03-27 10:00',
      '2027-03-29 10:00',
    ]);
    // 10:00 in Rome is 08:00Z in summer and 09:00Z in winter.
    expect(icalUtc(starts[0]!)).toBe('20261024T080000Z');
    expect(icalUtc(starts[2]!)).toBe('20261025T090000Z');
  });

  it('shows service, first name and initial and reference; no surname, no phone in a volunteer’s feed', () => {
    const ics = feedOf([booking()]);
    const e = parseCalendar(ics).events[0]!;
    expect(e.summary).toBe('Revisione CV – Maria R. – AB12CD');
    expect(e.description).toBe('Servizio: Revisione CV\nModalità: In presenza\nRiferimento: AB12CD');
    expect(e.location).toBe('Via Bertoni 4, Roma');
    expect(ics).not.toContain('Rossi');
    expect(ics).not.toContain('3471234567');
    expect(e.uid).toBe('bk_9f2c@sportello');
  });

  it('puts the volunteer’s video link as the location of a remote appointment', () => {
    const e = parseCalendar(feedOf([booking({ mode: 'remote', videoLink: 'https://meet.example.org/giulia;x,y' })]))
      .events[0]!;
    expect(e.location).toBe('https://meet.example.org/giulia;x,y');
    expect(e.description).toContain('Modalità: Videochiamata');
    const withoutLink = parseCalendar(feedOf([booking({ mode: 'remote' })])).events[0]!;
    expect(withoutLink.location).toBe('Videochiamata');
  });

  it('names the volunteer in the desk feed, and the phone only when the desk asked for it', () => {
    const plain = parseCalendar(feedOf([booking()], deskCtx)).events[0]!;
    expect(plain.summary).toBe('Revisione CV – Maria R. – AB12CD (Giulia Bianchi)');
    expect(plain.description).toContain('Volontario/a: Giulia Bianchi');
    expect(plain.description).not.toContain('+39');
    const withPhone = parseCalendar(feedOf([booking()], { ...deskCtx, includePhone: true })).events[0]!;
    expect(withPhone.description).toContain('Telefono: +393471234567');
    // The setting never leaks the phone into a volunteer's own feed.
    const own = parseCalendar(feedOf([booking()], { ...volunteerCtx, includePhone: true })).events[0]!;
    expect(own.description).not.toContain('+39');
  });

  it('marks requests tentative and closed bookings cancelled, keeping UID and SEQUENCE', () => {
    const cal = parseCalendar(
      feedOf([
        booking({ id: 'a', status: 'requested' }),
        booking({ id: 'b', status: 'confirmed', icalSequence: 2 }),
        booking({ id: 'c', status: 'cancelled', icalSequence: 3 }),
      ]),
    );
    expect(cal.byUid('a@sportello')).toMatchObject({ status: 'TENTATIVE', sequence: 0 });
    expect(cal.byUid('a@sportello').summary).toMatch(/^\[Da confermare\] /);
    expect(cal.byUid('b@sportello')).toMatchObject({ status: 'CONFIRMED', sequence: 2 });
    expect(cal.byUid('c@sportello')).toMatchObject({ status: 'CANCELLED', sequence: 3 });
    expect(cal.byUid('c@sportello').summary).toMatch(/^\[Annullato\] /);
    expect(cal.byUid('b@sportello').lastModified).toBe(Date.parse('2026-10-02T09:00:00Z'));
  });

  it('speaks English when asked', () => {
    const e = parseCalendar(feedOf([booking({ status: 'requested' })], { ...volunteerCtx, lang: 'en' })).events[0]!;
    expect(e.summary).toBe('[To be confirmed] CV review – Maria R. – AB12CD');
    expect(e.description).toContain('How: In person');
  });
});

describe('escaping and folding', () => {
  const nasty =
    'Àlvaro-José Ñúñez-Müller de’ Ponti, detto "il Rosso"; via dell’Università 12\\b, scala C; 😀 ça va? ' +
    'Perché sì, è così: àèìòù ÀÈÌÒÙ'.repeat(3);

  it('round-trips long accented names full of commas and semicolons through ical.js', () => {
    const service = `Orientamento, bilancio di competenze; colloquio “lungo” – ${'èà'.repeat(40)}`;
    const ics = renderCalendar(
      {
        name: nasty,
        timeZone: ROME,
        events: [
          {
            bookingId: 'x1',
            sequence: 1,
            status: 'CONFIRMED',
            startAt: at('2026-10-14', '10:00'),
            endAt: at('2026-10-14', '11:00'),
            lastModified: NOW,
            summary: `${service} – ${nasty}`,
            description: `${nasty}\nseconda riga\r\nterza\\riga`,
            location: nasty,
          },
        ],
      },
      NOW,
    );
    expect(lineProblems(ics)).toEqual([]);
    const cal = parseCalendar(ics);
    const e = cal.events[0]!;
    expect(cal.prop('name')).toBe(nasty);
    expect(cal.prop('x-wr-calname')).toBe(nasty);
    expect(e.summary).toBe(`${service} – ${nasty}`);
    expect(e.description).toBe(`${nasty}\nseconda riga\nterza\\riga`);
    expect(e.location).toBe(nasty);
  });

  it('escapes backslash, semicolon, comma and newline, not colon', () => {
    expect(escapeText('a,b;c\\d\ne:f')).toBe('a\\,b\\;c\\\\d\\ne:f');
    expect(escapeText('x\u0000y\u0007z\tw')).toBe('xyz\tw');
  });

  it('folds any text into lines of at most 75 octets that unfold to the original', () => {
    // Characters of every UTF-8 length, with the ones TEXT escapes, over-weighted.
    const unit = fc.oneof(
      fc.constantFrom(',', ';', '\\', '\n', '\r\n', ':', 'è', '’', '😀', '\t', '\u0001', 'a', ' '),
      fc
        .integer({ min: 0x20, max: 0x10ffff })
        .filter((n) => n < 0xd800 || n > 0xdfff)
        .map((n) => String.fromCodePoint(n)),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 300 }), fc.integer({ min: 0, max: 74 }), (s, pad) => {
        const line = `${'X'.repeat(pad)}SUMMARY:${escapeText(s)}`;
        const folded = foldLine(line);
        expect(lineProblems(`${folded}\r\n`)).toEqual([]);
        expect(folded.replace(/\r\n /g, '')).toBe(line);
      }),
      { numRuns: 300 },
    );
  });

  it('cuts at exactly 75 octets and never inside a multi-octet character', () => {
    const line = `SUMMARY:${'a'.repeat(66)}èèè`; // 74 octets + 'è' would make 76
    const [first, second] = foldLine(line).split('\r\n');
    expect(first).toBe(`SUMMARY:${'a'.repeat(66)}`); // 74 octets: the 2-octet 'è' would not fit
    expect(second).toBe(' èèè');
    expect(foldLine('SHORT:ok')).toBe('SHORT:ok');
    const emoji = foldLine(`SUMMARY:${'😀'.repeat(40)}`);
    for (const l of emoji.split('\r\n')) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
    expect(emoji.replace(/\r\n /g, '')).toBe(`SUMMARY:${'😀'.repeat(40)}`);
  });
});

describe('helpers', () => {
  it('shortens names to first name and initial', () => {
    expect(shortName('Maria Rossi')).toBe('Maria R.');
    expect(shortName('  anna  maria   de luca ')).toBe('anna L.');
    expect(shortName('Cher')).toBe('Cher');
    expect(shortName('Ömer Çelik')).toBe('Ömer Ç.');
    expect(shortName(null)).toBe('');
  });

  it('formats UTC instants like the calendar date they are', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(icalUtc(ms)).toBe(`${iso.slice(0, 19).replace(/[-:]/g, '')}Z`);
      }),
      { numRuns: 2000 },
    );
    expect(icalUtc(Date.parse('2028-02-29T23:59:59.999Z'))).toBe('20280229T235959Z');
  });

  it('maps every booking status', () => {
    expect(icalStatusOf('requested')).toBe('TENTATIVE');
    for (const s of ['confirmed', 'attended', 'no_show'] as const) expect(icalStatusOf(s)).toBe('CONFIRMED');
    for (const s of ['cancelled', 'rejected', 'expired'] as const) expect(icalStatusOf(s)).toBe('CANCELLED');
  });

  it('covers the last 30 and the next 180 days', () => {
    const w = feedWindow(NOW);
    expect(NOW - w.from).toBe(30 * 86_400_000);
    expect(w.to - NOW).toBe(180 * 86_400_000);
    expect(NOW - w.closedSince).toBe(30 * 86_400_000);
  });

  it('leaves an erased name out of the summary', () => {
    expect(feedEvent(booking({ personName: null }), volunteerCtx).summary).toBe('Revisione CV – AB12CD');
  });
});

describe('METHOD and ORGANIZER (RFC 5546, as libical checks them)', () => {
  const feed = (deskName: string, deskEmail: string) =>
    renderFeed(
      { deskName, volunteerName: null, timeZone: ROME, deskEmail },
      [booking(), booking({ id: 'b2' })],
      deskCtx,
      NOW,
    );

  it('publishes a feed as the desk, named and quoted, in every event', () => {
    const ics = feed('Sportello "Lavoro"; Roma, Nord', 'sportello@example.org');
    expect(itipProblems(ics)).toEqual([]);
    expect(unfold(ics)).toContain('ORGANIZER;CN="Sportello ^\'Lavoro^\'; Roma, Nord":mailto:sportello@example.org');
    const root = new ICAL.Component(ICAL.parse(ics));
    const organizer = root.getFirstSubcomponent('vevent')!.getFirstProperty('organizer')!;
    expect(organizer.getParameter('cn')).toBe('Sportello "Lavoro"; Roma, Nord');
    expect(organizer.getFirstValue()).toBe('mailto:sportello@example.org');
  });

  it.each(['', 'not an address', 'a@b', 'x@example.org\r\nATTENDEE:mailto:y@z.org', 'mària@example.org'])(
    'without a usable desk address (%j) the desk publishes by its web address',
    (email) => {
      const ics = renderFeed(
        {
          deskName: 'Sportello',
          volunteerName: null,
          timeZone: ROME,
          deskEmail: email,
          deskUrl: 'https://sportello.test',
        },
        [booking(), booking({ id: 'b2' })],
        deskCtx,
        NOW,
      );
      expect(parseCalendar(ics).prop('method')).toBe('PUBLISH');
      expect(unfold(ics)).toContain('ORGANIZER;CN="Sportello":https://sportello.test');
      expect(ics).not.toMatch(/ATTENDEE|mailto/);
      expect(itipProblems(ics)).toEqual([]);
    },
  );

  it('without any address to name, the calendar carries no METHOD and no ORGANIZER', () => {
    const ics = feed('Sportello', '');
    expect(parseCalendar(ics).prop('method')).toBe('');
    expect(ics).not.toContain('ORGANIZER');
    expect(itipProblems(ics)).toEqual([]);
  });
});

describe('the single-appointment file', () => {
  it('has the same UID and SEQUENCE as the feeds, the manage link, and the video link as place and URL', () => {
    const b = booking({ icalSequence: 4, mode: 'remote', videoLink: 'https://meet.example.org/secret' });
    const ics = renderPersonEvent(
      b,
      { name: 'Sportello Lavoro', place: 'Via Bertoni 4, Roma', phone: '+39 06 1234 5678', timeZone: ROME },
      'https://sportello.test/m/abc',
      'it',
      NOW,
    );
    expect(lineProblems(ics)).toEqual([]);
    const cal = parseCalendar(ics);
    // A file to import, not an iTIP message: no METHOD, no ORGANIZER (see renderPersonEvent).
    expect(cal.prop('method')).toBe('');
    expect(ics).not.toContain('ORGANIZER');
    expect(itipProblems(ics)).toEqual([]);
    expect(cal.prop('x-wr-calname')).toBe(''); // an import, not a subscription
    const e = cal.events[0]!;
    expect(e).toMatchObject({ uid: 'bk_9f2c@sportello', sequence: 4, status: 'CONFIRMED', start: b.startAt });
    expect(e.summary).toBe('Sportello Lavoro: Revisione CV');
    expect(e.url).toBe('https://meet.example.org/secret');
    expect(e.description).toContain('https://sportello.test/m/abc');
    expect(e.location).toBe('https://meet.example.org/secret');
    // Without a link (a closed appointment): no promise of one beyond the words, and the manage link as URL.
    const closed = parseCalendar(
      renderPersonEvent(
        { ...b, videoLink: null },
        { name: 'Sportello Lavoro', place: 'Via Bertoni 4, Roma', phone: '', timeZone: ROME },
        'https://sportello.test/m/abc',
        'it',
        NOW,
      ),
    ).events[0]!;
    expect(closed.url).toBe('https://sportello.test/m/abc');
    expect(closed.location).toBe('Videochiamata: ti mandiamo il link per collegarti');
  });
});
