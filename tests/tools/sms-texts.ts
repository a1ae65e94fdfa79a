/**
 * Prints every SMS text of one language (or all) at the longest realistic values, with its encoding and
 * segment count: what a native-speaker reviewer reads (LANGUAGES.md). `npm run sms:texts -- ar`
 */
import { LANGUAGES, type Language } from '../../worker/src/domain/vocabulary';
import { SMS_TEMPLATES, countSegments, renderSms } from '../../worker/src/outbox/texts';
import { at, CAP_ROOM_LINK, LONG_ROOM_LINK, smsData, WEEK, ZOOM_LINK } from '../fixtures/sms-samples';

const asked = process.argv[2];
const langs = asked ? LANGUAGES.filter((l) => l === asked) : LANGUAGES;
if (langs.length === 0) {
  console.error(`Unknown language "${asked}". One of: ${LANGUAGES.join(', ')}`);
  process.exit(1);
}

/** The text with the most units among the seven weekdays at 23:45. */
function longest(lang: Language, make: (startAt: number) => string): string {
  return WEEK.map((d) => make(at(d, '23:45'))).sort((a, b) => countSegments(b).length - countSegments(a).length)[0]!;
}

for (const lang of langs) {
  console.log(`\n=== ${lang} ===`);
  const cases: [string, (startAt: number) => string][] = [];
  for (const template of SMS_TEMPLATES) {
    cases.push([`${template}, in person`, (startAt) => renderSms(template, lang, smsData({ startAt }))]);
    cases.push([`${template}, remote`, (startAt) => renderSms(template, lang, smsData({ startAt, mode: 'remote' }))]);
  }
  for (const template of ['confirmation', 'reminder', 'reschedule'] as const) {
    for (const [name, videoLink] of [
      ['Zoom link', ZOOM_LINK],
      ['long room link', LONG_ROOM_LINK],
      ['link at the cap', CAP_ROOM_LINK],
    ] as const) {
      cases.push([
        `${template}, remote with ${name}`,
        (startAt) => renderSms(template, lang, smsData({ startAt, mode: 'remote', videoLink })),
      ]);
    }
  }
  for (const [name, make] of cases) {
    const text = longest(lang, make);
    const c = countSegments(text);
    console.log(`\n--- ${name}: ${c.encoding}, ${c.length} units, ${c.segments} segment(s)\n${text}`);
  }
}
