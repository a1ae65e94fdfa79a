import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../worker/src/domain/vocabulary';
import {
  PLACE_MIN,
  SMS_TEMPLATES,
  countSegments,
  fitPlace,
  isGsm7,
  renderSms,
  segmentBudget,
  toGsm7,
} from '../../worker/src/outbox/texts';
import { LINK_LABELS, OPT_OUT_WORDS, SMS_CATALOGS } from '../../worker/src/outbox/texts-catalogs';
import {
  at,
  BASE_URL,
  CAP_ROOM_LINK,
  CODE,
  LONG_ADDRESS,
  LONG_ROOM_LINK,
  MANAGE_URL,
  smsData as data,
  STREET,
  WEEK,
  ZOOM_LINK,
} from '../fixtures/sms-samples';

// The desk setting allows 200 characters of address, so one at the cap too.
const ADDRESS_AT_CAP =
  `${LONG_ADDRESS}, presso il Centro Servizi per il Lavoro e la Formazione Professionale, secondo piano, ingresso dal cortile interno, citofono Sportello Lavoro Volontari`.slice(
    0,
    200,
  );

/**
 * The opt-out keywords and reply invitations of a language found as words of their own in `text`, once
 * the language's link label (the one place a keyword-like verb may appear: it names what the link does)
 * is taken out. Word boundaries are Unicode letters, so Cyrillic and Arabic words are matched whole.
 */
function optOutWords(lang: Language, text: string): string[] {
  const label = LINK_LABELS[lang];
  const rest = (label ? text.replaceAll(label, '') : text).toLowerCase();
  return OPT_OUT_WORDS[lang].filter((word) =>
    new RegExp(`(?<![\\p{L}\\p{M}])${word.toLowerCase()}(?![\\p{L}\\p{M}])`, 'u').test(rest),
  );
}

/** The day and month as the language writes them in a text: 14/10, or 14.10 in Ukrainian and Romanian. */
const dayMonth = (lang: Language, date: string) =>
  `${date.slice(8, 10)}${lang === 'uk' || lang === 'ro' ? '.' : '/'}${date.slice(5, 7)}`;

describe('SMS texts in every language', () => {
  it("fit the language's budget for every kind, mode and weekday at the longest realistic values", () => {
    expect(BASE_URL).toHaveLength(40);
    expect(CODE).toHaveLength(22);
    for (const lang of LANGUAGES) {
      const catalog = SMS_CATALOGS[lang];
      for (const mode of ['in_person', 'remote'] as const) {
        for (const template of SMS_TEMPLATES) {
          for (const date of WEEK) {
            const text = renderSms(template, lang, data({ mode, startAt: at(date, '23:45') }));
            const count = countSegments(text);
            const what = `${lang} ${mode} ${template}: ${text}`;
            expect(count.encoding, what).toBe(catalog.encoding);
            // One GSM-7 segment (it, en, es, fr, ro), two UCS-2 segments at most (ar, uk).
            if (catalog.encoding === 'GSM-7') expect(count.segments, what).toBe(1);
            else expect(count.segments, what).toBeLessThanOrEqual(2);
            expect(segmentBudget(catalog)).toBe(catalog.encoding === 'GSM-7' ? 1 : 2);
            expect(text.endsWith(MANAGE_URL), what).toBe(true);
            expect(text, what).toContain(dayMonth(lang, date));
            expect(text, what).toContain('23:45');
            expect(text, what).toContain(catalog.weekdays[WEEK.indexOf(date)]);
            expect(optOutWords(lang, text), what).toEqual([]);
            // The place, never cut below PLACE_MIN: at least the first three words of the street.
            if (mode === 'in_person' && !['rejection', 'expiry'].includes(template))
              expect(text, what).toContain('Via Giovanni Battista');
            if (mode === 'remote' && !['rejection', 'expiry'].includes(template))
              expect(text, what).toContain(catalog.remote);
          }
        }
      }
    }
  });

  it('are written in GSM-7 for Spanish, French and Romanian (no á í ó ú ç ê, no Romanian diacritics)', () => {
    for (const lang of ['it', 'en', 'es', 'fr', 'ro'] as const) {
      const c = SMS_CATALOGS[lang];
      const all = [c.when, c.remote, ...c.weekdays, ...Object.values(c.templates), ...Object.values(c.video)];
      for (const text of all) expect(isGsm7(text), `${lang}: ${text}`).toBe(true);
    }
    const romanian = Object.values(SMS_CATALOGS.ro.templates).join(' ');
    expect(romanian).not.toMatch(/[ăâîșşțţĂÂÎȘŞȚŢ]/);
    // Arabic and Ukrainian cannot be GSM-7: every text of theirs is UCS-2, however short the data.
    for (const lang of ['ar', 'uk'] as const)
      for (const template of SMS_TEMPLATES)
        expect(countSegments(renderSms(template, lang, data({ address: 'Via Roma 1' }))).encoding).toBe('UCS-2');
  });

  it("carry the video link of a remote appointment within one more segment than the language's budget", () => {
    for (const lang of LANGUAGES) {
      const catalog = SMS_CATALOGS[lang];
      for (const template of ['confirmation', 'reminder', 'reschedule'] as const) {
        for (const videoLink of [ZOOM_LINK, LONG_ROOM_LINK]) {
          for (const date of WEEK) {
            const text = renderSms(template, lang, data({ mode: 'remote', videoLink, startAt: at(date, '23:45') }));
            const what = `${lang} ${template}: ${text}`;
            expect(text, what).toContain(`${videoLink}\n`);
            expect(text.endsWith(MANAGE_URL), what).toBe(true);
            const count = countSegments(text);
            expect(count.encoding, what).toBe(catalog.encoding);
            // GSM-7: two segments; UCS-2 (ar, uk): three at most.
            expect(count.segments, what).toBeLessThanOrEqual(segmentBudget(catalog, true));
            expect(optOutWords(lang, text), what).toEqual([]);
          }
        }
        // A link at the 120-character cap is carried too (PRODUCT.md: every remote confirmation and reminder
        // holds its link): two GSM-7 segments, but four UCS-2 ones in Arabic and Ukrainian.
        const capped = renderSms(
          template,
          lang,
          data({ mode: 'remote', videoLink: CAP_ROOM_LINK, startAt: at(WEEK[1]!, '23:45') }),
        );
        expect(capped).toContain(`${CAP_ROOM_LINK}\n`);
        expect(countSegments(capped).segments).toBe(catalog.encoding === 'GSM-7' ? 2 : 4);
      }
    }
  });

  it("shorten an address at the desk setting cap to the language's budget, at a comma or a space", () => {
    for (const lang of LANGUAGES) {
      for (const template of SMS_TEMPLATES) {
        const text = renderSms(template, lang, data({ address: ADDRESS_AT_CAP }));
        expect(countSegments(text).segments, text).toBeLessThanOrEqual(segmentBudget(SMS_CATALOGS[lang]));
      }
    }
  });

  it('read as a person of each language expects: local weekday, day and time', () => {
    const wed = data({ address: 'Via Bertoni 4' });
    const link = MANAGE_URL;
    expect(renderSms('confirmation', 'es', wed)).toBe(
      `Cita confirmada: mie 14/10 a las 10:30, Via Bertoni 4. Ver o anular: ${link}`,
    );
    expect(renderSms('reminder', 'fr', wed)).toBe(
      `Rappel de rendez-vous: mer 14/10 à 10:30, Via Bertoni 4. Voir/annuler: ${link}`,
    );
    expect(renderSms('reminder', 'ro', wed)).toBe(
      `Nu uita: mie 14.10 ora 10:30, Via Bertoni 4. Vezi/anuleaza: ${link}`,
    );
    expect(renderSms('reminder', 'uk', wed)).toBe(`Нагадування: ср 14.10 о 10:30, Via Bertoni 4. Деталі:\n${link}`);
    expect(renderSms('reminder', 'ar', wed)).toBe(`تذكير: الأربعاء 14/10، 10:30، Via Bertoni 4. تفاصيل:\n${link}`);
  });

  it('refuse opt-out keywords standing alone (the check itself finds them)', () => {
    expect(optOutWords('es', 'Envia BAJA para salir')).toEqual(['BAJA']);
    expect(optOutWords('fr', 'Pour annuler: lien')).toEqual(['ANNULER']);
    expect(optOutWords('fr', 'Voir/annuler: lien')).toEqual([]);
    expect(optOutWords('uk', 'Напишіть СТОП')).toEqual(['СТОП']);
    expect(optOutWords('ar', 'أرسل توقف')).toEqual(['توقف', 'أرسل']);
    expect(optOutWords('en', 'Manage/cancel: x')).toEqual([]);
    expect(optOutWords('en', 'Reply CANCEL')).toEqual(['CANCEL', 'reply']);
  });
});

describe('SMS texts in Italian and English', () => {
  it('carry the place: the street of a long address, or "videochiamata" for a remote appointment', () => {
    for (const template of ['confirmation', 'reminder', 'cancellation', 'cancellation_ack', 'reschedule'] as const) {
      const inPerson = renderSms(template, 'it', data());
      expect(inPerson, template).toContain(`, ${STREET}.`);
      expect(inPerson).not.toContain('Milano');
      expect(renderSms(template, 'it', data({ mode: 'remote' }))).toContain('videochiamata');
      expect(renderSms(template, 'en', data({ mode: 'remote' }))).toContain('video call');
    }
    // A short address is used whole.
    expect(renderSms('confirmation', 'it', data({ address: 'Via Bertoni 4, Roma' }))).toContain('Via Bertoni 4, Roma.');
  });

  it('shorten an address at the desk setting cap to fit one segment, at a comma, never inside a word', () => {
    expect(ADDRESS_AT_CAP).toHaveLength(200);
    for (const lang of ['it', 'en'] as const) {
      for (const template of SMS_TEMPLATES) {
        const text = renderSms(template, lang, data({ address: ADDRESS_AT_CAP }));
        expect(countSegments(text).segments, text).toBe(1);
      }
    }
    expect(renderSms('reminder', 'it', data({ address: ADDRESS_AT_CAP }))).toContain(`, ${STREET}. Vedi o disdici:`);
  });

  it('read as the person expects in each language, in the desk time zone', () => {
    expect(renderSms('confirmation', 'it', data())).toBe(
      `Confermato: mer 14/10 ore 10:30, ${STREET}. Vedi o disdici: ${MANAGE_URL}`,
    );
    expect(renderSms('reminder', 'en', data({ address: 'Via Bertoni 4' }))).toBe(
      `Reminder: Wed 14/10 at 10:30, Via Bertoni 4. Manage/cancel: ${MANAGE_URL}`,
    );
    // The Sunday the clocks go back and the Sunday they go forward: the local time, not UTC.
    expect(renderSms('reminder', 'it', data({ startAt: Date.parse('2026-10-25T09:30:00Z') }))).toContain(
      'dom 25/10 ore 10:30',
    );
    expect(renderSms('reminder', 'it', data({ startAt: Date.parse('2026-03-29T08:30:00Z') }))).toContain(
      'dom 29/03 ore 10:30',
    );
  });

  it('label the link by what it does: manage or cancel an appointment ahead, book again after one ends', () => {
    for (const template of ['confirmation', 'reminder', 'reschedule'] as const) {
      expect(renderSms(template, 'it', data())).toContain(` Vedi o disdici: ${MANAGE_URL}`);
      expect(renderSms(template, 'en', data())).toContain(` Manage/cancel: ${MANAGE_URL}`);
      // The street of the longest realistic address still fits next to the longer label, in both languages.
      expect(renderSms(template, 'en', data())).toContain(`, ${STREET}`);
    }
    expect(renderSms('reminder', 'it', data({ mode: 'remote', videoLink: ZOOM_LINK }))).toContain(
      `\nVedi o disdici: ${MANAGE_URL}`,
    );
    for (const template of ['cancellation', 'cancellation_ack', 'expiry'] as const) {
      expect(renderSms(template, 'it', data())).toContain(` Prenota di nuovo: ${MANAGE_URL}`);
    }
    expect(renderSms('rejection', 'it', data())).toContain(` Prenota un altro orario: ${MANAGE_URL}`);
    for (const template of ['cancellation', 'cancellation_ack'] as const) {
      expect(renderSms(template, 'en', data())).toContain(` Book again: ${MANAGE_URL}`);
    }
    for (const template of ['rejection', 'expiry'] as const) {
      expect(renderSms(template, 'en', data())).toContain(` Book another time: ${MANAGE_URL}`);
    }
  });

  it('tell apart the desk cancelling and the acknowledgement of the person cancelling', () => {
    expect(renderSms('cancellation', 'it', data())).toMatch(/^Annullato: /);
    expect(renderSms('cancellation_ack', 'it', data())).toMatch(/^Hai disdetto: /);
    expect(renderSms('cancellation_ack', 'en', data())).toMatch(/^You cancelled: /);
  });

  it('put the video link in the confirmation, reminder and move of a remote appointment, in at most two segments', () => {
    for (const lang of ['it', 'en'] as const) {
      for (const template of ['confirmation', 'reminder', 'reschedule'] as const) {
        // CAP_ROOM_LINK: the longest link that travels (VIDEO_LINK_MAX).
        for (const videoLink of [ZOOM_LINK, CAP_ROOM_LINK]) {
          const text = renderSms(
            template,
            lang,
            data({ mode: 'remote', videoLink, startAt: at('2026-10-14', '23:45') }),
          );
          expect(text, text).toContain(` ${videoLink}\n`);
          expect(text.endsWith(MANAGE_URL)).toBe(true);
          expect(countSegments(text), text).toMatchObject({ encoding: 'GSM-7', segments: 2 });
          expect(optOutWords(lang, text)).toEqual([]);
        }
      }
      // A cancellation promises no link.
      expect(renderSms('cancellation', lang, data({ mode: 'remote', videoLink: ZOOM_LINK }))).not.toContain(ZOOM_LINK);
    }
  });

  it('leave out a video link that would have to be altered or is too long, rather than send a broken one', () => {
    for (const videoLink of [
      'https://meet.example.org/stanza-ÈÙ',
      `https://meet.example.org/${'a'.repeat(200)}`,
      'not a link',
    ]) {
      const text = renderSms('reminder', 'it', data({ mode: 'remote', videoLink }));
      expect(text).not.toContain('meet.example.org');
      expect(text).toContain('videochiamata');
      expect(countSegments(text).segments).toBe(1);
    }
  });

  it('turn non-GSM characters of the address into GSM-7 ones', () => {
    const text = renderSms('confirmation', 'it', data({ address: 'Piazza dell’Unità d’Italia 1 – È aperto «sempre»' }));
    expect(isGsm7(text)).toBe(true);
    expect(text).toContain("Piazza dell'Unità d'Italia 1");
  });

  it('go to two segments rather than mutilate the place when the base URL leaves no room', () => {
    const longBase = `https://${'x'.repeat(100)}.example.org/m/${CODE}`;
    const text = renderSms('confirmation', 'it', data({ manageUrl: longBase }));
    expect(text).toContain(STREET);
    expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 2 });
  });
});

describe('toGsm7', () => {
  it('keeps GSM-7 text as is, Italian lowercase accents included', () => {
    const s = 'perché è già là, più giù: ù ì ò à é É @£$¥ {}[]~|€^\\';
    expect(isGsm7(s)).toBe(true);
    expect(toGsm7(s)).toBe(s);
  });

  it('replaces what is not GSM-7', () => {
    expect(toGsm7('È Ù À Ì Ò')).toBe("E' U' A' I' O'");
    expect(toGsm7('l’ora ‘x’ “y” «z» a–b—c …')).toBe('l\'ora \'x\' "y" "z" a-b-c ...');
    expect(toGsm7('ç á ê ñ Ç')).toBe('c a e ñ Ç');
    expect(toGsm7('n° 5\u00a0bis\tint')).toBe('no 5 bis int');
    expect(isGsm7(toGsm7('Ünïcödé ¿¡ Straße ŁÓDŹ 北京'))).toBe(true);
  });

  it('gives letters their base Latin letter, never a question mark', () => {
    expect(toGsm7('Łódź, ulica Żółta')).toBe('Lodz, ulica Zolta');
    expect(toGsm7('đ Đ ð Þór Œuvre ẞ ß ı')).toBe('d D d Thor OEuvre SS ß i');
    expect(toGsm7('Ørsted Ærø Åre Ñandú')).toBe('Ørsted Ærø Åre Ñandu');
    expect(toGsm7('ﬁera ½ Ⅳ')).toBe('fiera 1/2 IV');
  });

  it('drops what has no GSM-7 form: emoji, symbols, letters of other scripts', () => {
    expect(toGsm7('😀 ok')).toBe(' ok');
    expect(toGsm7('📍Via Roma 1 👍🏽❤️')).toBe('Via Roma 1 ');
    expect(toGsm7('Київ 北京 Roma')).toBe('  Roma');
    expect(toGsm7('？ ⁇ ✓ ? ™')).toBe('   ? TM');
  });

  it('never puts in a question mark the input did not have, and always yields GSM-7 (property)', () => {
    const tricky = fc.constantFrom(
      ...'?？⁇¿ŁłđĐßẞŒœÞþıÆØÅ€[]{}^~|\\ÈÀÙ’“”–…😀👍🏽❤️\u200d\ufe0f北京Київ\ud800\u0000\t\n',
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 40 }),
    );
    const marks = (x: string) => x.split('?').length - 1;
    fc.assert(
      fc.property(text, (s) => {
        const out = toGsm7(s);
        expect(isGsm7(out)).toBe(true);
        expect(marks(out)).toBe(marks(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('renders every text in GSM-7 with no added question mark, and counts its segments as encoded (property)', () => {
    const address = fc.string({
      unit: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 1 }), fc.constantFrom('Ł', '😀', ' ', ',', '€')),
      minLength: 1,
      maxLength: 120,
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...SMS_TEMPLATES),
        fc.constantFrom('it' as const, 'en' as const, 'es' as const, 'fr' as const, 'ro' as const),
        address,
        (template, lang, place) => {
          const text = renderSms(template, lang, data({ address: place }));
          expect(isGsm7(text)).toBe(true);
          // The catalogs and the manage link hold none: a question mark can only come from the address.
          if (!place.includes('?')) expect(text).not.toContain('?');
          expect(countSegments(text)).toEqual(encodedSegments(text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('counts segments as the encoded bytes fill them, for any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '€', '[', 'È', '😀', ' ', '\n'), maxLength: 400 }), (s) => {
        expect(countSegments(s)).toEqual(encodedSegments(s));
      }),
      { numRuns: 1000 },
    );
  });
});

/**
 * An independent count: encode the text (GSM-7 septets with 0x1B escapes, or UTF-16 code units) and fill
 * parts the way a phone does, never ending a part on an escape or a high surrogate.
 */
function encodedSegments(text: string): { encoding: 'GSM-7' | 'UCS-2'; segments: number; length: number } {
  const extension = '\f^{}\\[~]|€';
  const gsm = isGsm7(text);
  const units: number[] = [];
  if (gsm) for (const ch of text) units.push(...(extension.includes(ch) ? [0x1b, 1] : [0]));
  else for (let i = 0; i < text.length; i++) units.push(text.charCodeAt(i));
  const single = gsm ? 160 : 70;
  const part = gsm ? 153 : 67;
  if (units.length <= single) return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments: 1, length: units.length };
  let segments = 0;
  for (let i = 0; i < units.length; segments++) {
    let end = Math.min(i + part, units.length);
    const last = units[end - 1]!;
    if (end < units.length && (gsm ? last === 0x1b : last >= 0xd800 && last <= 0xdbff)) end -= 1;
    i = end;
  }
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments, length: units.length };
}

describe('countSegments', () => {
  const a = (n: number) => 'a'.repeat(n);

  it('counts GSM-7: 160 in one, 153 per part after that', () => {
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', segments: 1, length: 0 });
    expect(countSegments(a(160))).toEqual({ encoding: 'GSM-7', segments: 1, length: 160 });
    expect(countSegments(a(161))).toEqual({ encoding: 'GSM-7', segments: 2, length: 161 });
    expect(countSegments(a(306)).segments).toBe(2);
    expect(countSegments(a(307)).segments).toBe(3);
  });

  it('counts extension characters as two septets and never splits one across parts', () => {
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, length: 160 });
    expect(countSegments('€'.repeat(81))).toEqual({ encoding: 'GSM-7', segments: 2, length: 162 });
    // 306 septets would fit two parts of 153, but the € cannot straddle the boundary after 152 'a'.
    expect(countSegments(`${a(152)}€${a(152)}`)).toEqual({ encoding: 'GSM-7', segments: 3, length: 306 });
  });

  it('counts UCS-2 when one character is not GSM-7: 70 in one, 67 per part, surrogate pairs kept whole', () => {
    expect(countSegments(`È${a(69)}`)).toEqual({ encoding: 'UCS-2', segments: 1, length: 70 });
    expect(countSegments(`È${a(70)}`)).toEqual({ encoding: 'UCS-2', segments: 2, length: 71 });
    expect(countSegments(`’${a(133)}`).segments).toBe(2);
    expect(countSegments(`’${a(134)}`).segments).toBe(3);
    expect(countSegments(`${a(66)}😀${a(66)}`)).toEqual({ encoding: 'UCS-2', segments: 3, length: 134 });
  });
});

describe('fitPlace', () => {
  it('drops trailing parts at commas first, then words, and keeps at least PLACE_MIN characters', () => {
    expect(fitPlace(LONG_ADDRESS, 100)).toBe(LONG_ADDRESS);
    expect(fitPlace(LONG_ADDRESS, 50)).toBe(`${STREET}, scala C`);
    expect(fitPlace(LONG_ADDRESS, 40)).toBe(STREET);
    expect(fitPlace(LONG_ADDRESS, 33)).toBe('Via Giovanni Battista Pergolesi');
    // Too little room for a useful place: kept whole (the text takes two segments) rather than cut to a stub.
    expect(fitPlace(LONG_ADDRESS, PLACE_MIN - 1)).toBe(LONG_ADDRESS);
    expect(fitPlace('Viale della Repubblica 1', 20)).toBe('Viale della Repubblica 1');
  });
});
