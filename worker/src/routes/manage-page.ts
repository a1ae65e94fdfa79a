import { html, raw } from 'hono/html';
import { LANGUAGE_ENDONYMS, LANGUAGES, textDirection, type BookingStatus, type Mode } from '../domain/vocabulary';
import { t, type Lang, type MessageKey } from '../i18n';

/**
 * HTML of the manage page: plain server-rendered markup, no script, no external asset, so it works on
 * a cheap phone, with a screen reader and at 320 px / 200 % zoom. Written with hono/html, so every
 * interpolated value is escaped unless it is itself markup built here.
 */

/** A rendered page or fragment (already escaped). */
export type Html = ReturnType<typeof html>;

/**
 * hono/html's tag under another name, so Prettier does not reformat the markup: the bytes sent are the
 * bytes written here, and the CSP hash of the inline style must match its text exactly.
 */
const markup = html;

// Colours checked for WCAG AA contrast (text #1a1a1a on #fff is 17:1; white on #0b4f8a is 8.6:1;
// white on #a11d21 is 7.4:1). The focus ring is thick and offset so it is visible on every background.
export const MANAGE_CSS = `*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",Tahoma,sans-serif;font-size:1.125rem;line-height:1.5;color:#1a1a1a;background:#fff}
main{max-inline-size:40rem;margin-inline:auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin-block:.5rem 1rem;margin-inline:0}
h2{font-size:1.25rem;margin-block:1.5rem .5rem;margin-inline:0}
dl{margin-block:0 1rem;margin-inline:0}
dt{font-weight:700;margin-block-start:.75rem}
dd{margin:0;overflow-wrap:anywhere}
.note{font-size:1rem;color:#3d3d3d}
.msg{border-inline-start:.35rem solid #0b4f8a;background:#eef4fa;padding-block:.75rem;padding-inline:1rem;margin-block:0 1rem;margin-inline:0}
.msg:empty{display:none}
.msg.warn{border-color:#a11d21;background:#fbeeee}
form{margin-block:0 1rem;margin-inline:0}
button{font:inherit;font-weight:700;min-block-size:2.75rem;padding-block:.6rem;padding-inline:1.1rem;border:2px solid transparent;border-radius:.4rem;cursor:pointer;color:#fff;background:#0b4f8a;max-inline-size:100%;white-space:normal}
button.danger{background:#a11d21}
a{color:#0b4f8a}
a[href^="tel:"]{white-space:nowrap}
a.button{display:inline-block;font-weight:700;min-block-size:2.75rem;padding-block:.6rem;padding-inline:1.1rem;border-radius:.4rem;color:#fff;background:#0b4f8a;text-decoration:none}
a:focus-visible,button:focus-visible{outline:3px solid #1a1a1a;outline-offset:3px;box-shadow:0 0 0 6px #ffd84d}
bdi{unicode-bidi:isolate}
sportello-booking{display:block;margin-block:1rem 2rem;margin-inline:0}
footer{border-block-start:1px solid #767676;margin-block-start:2rem;padding-block-start:1rem}
.langs{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.langs a,.langs [aria-current]{display:inline-block;min-block-size:2.75rem;padding-block:.5rem}
.langs [aria-current]{font-weight:700}
fieldset{border:1px solid #767676;border-radius:.4rem;margin-block:0 1rem;margin-inline:0;padding-block:.25rem .5rem;padding-inline:1rem}
legend{font-weight:700;padding-inline:.25rem}
.times{display:flex;flex-wrap:wrap;gap:0 1.25rem}
.times label{display:inline-flex;align-items:center;gap:.4rem;min-block-size:2.75rem;cursor:pointer}
input[type=radio]{inline-size:1.25rem;block-size:1.25rem;margin:0}
input:focus-visible{outline:3px solid #1a1a1a;outline-offset:3px;box-shadow:0 0 0 6px #ffd84d}`;

/** What the page shows; all texts still raw (escaped when rendered). */
export interface ManagePageModel {
  lang: Lang;
  code: string;
  deskName: string;
  reference: string;
  serviceName: string;
  /** Date and time in the booking's language, in the desk's time zone. */
  when: string;
  /** The desk's city ('' when unknown) and IANA time zone, for the note under the time. */
  city: string;
  timeZone: string;
  mode: Mode;
  /** The video link of a remote appointment still ahead; null otherwise. */
  videoLink: string | null;
  /** Address line for in-person appointments. */
  place: string;
  status: BookingStatus;
  /** An extra line under the status (e.g. "you confirmed you will come"). */
  statusNote?: MessageKey;
  canConfirm: boolean;
  canCancel: boolean;
  /** The person may move the appointment themselves (domain/person-move.ts). */
  canMove: boolean;
  /** The appointment is over or will not happen (cancelled, rejected, expired, past): booking again comes first. */
  ended: boolean;
  /** Where "book another appointment" leads: the desk's booking page, or the Worker's own /prenota. */
  bookAgainUrl: string;
  /** The outcome of the last action, announced in the role="status" region. */
  message?: { key: MessageKey; tone: 'info' | 'warn' };
  deskPhone: string;
}

/** The page around `body`; `head` adds to the document's head (the booking page's script). */
export function layout(lang: Lang, title: string, body: Html, head: Html | '' = ''): Html {
  return markup`<!doctype html>
<html lang="${lang}" dir="${textDirection(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${raw(MANAGE_CSS)}</style>
${head}</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function statusRegion(lang: Lang, message: ManagePageModel['message']): Html {
  // The region is always present so assistive tech registers it; empty it is hidden by CSS.
  const cls = message?.tone === 'warn' ? 'msg warn' : 'msg';
  return markup`<div role="status" class="${cls}">${message ? markup`<p>${t(lang, message.key)}</p>` : ''}</div>`;
}

/**
 * Text that keeps its own order inside a sentence of the other direction: a phone number, a link, a
 * reference or a time zone name reads left to right in an Arabic sentence (dir="ltr"); a date in words
 * takes the direction of its own letters (no dir).
 */
export function isolate(content: string | Html, dir?: 'ltr'): Html {
  return dir ? markup`<bdi dir="ltr">${content}</bdi>` : markup`<bdi>${content}</bdi>`;
}

/** The desk's phone as a tap-to-call link (the href keeps only + and digits), isolated from the sentence. */
export function telLink(phone: string): Html {
  return isolate(markup`<a href="tel:${phone.replace(/[^+\d]/g, '')}">${phone}</a>`, 'ltr');
}

/**
 * A translated sentence with its placeholders (left unfilled by t()) replaced by markup: "{phone}" by a
 * tap-to-call link, "{when}" by an isolated date. The text around them is escaped as usual.
 */
export function withMarkup(sentence: string, parts: Readonly<Record<string, Html>>): (string | Html)[] {
  const out: (string | Html)[] = [];
  let rest = sentence;
  for (;;) {
    const found = /\{(\w+)\}/.exec(rest);
    const part = found ? parts[found[1] ?? ''] : undefined;
    if (!found) break;
    out.push(rest.slice(0, found.index));
    out.push(part ?? found[0]);
    rest = rest.slice(found.index + found[0].length);
  }
  out.push(rest);
  return out;
}

/** A translated sentence with its `{phone}` placeholder as a tap-to-call link. */
export function withTel(sentence: string, phone: string): (string | Html)[] {
  return withMarkup(sentence, { phone: telLink(phone) });
}

/**
 * The language switch: every language the pages speak, each named in itself and marked with its own
 * `lang` and direction; the page's language is shown, not linked. `path` is the page's own path.
 */
export function languageSwitch(lang: Lang, path: string | null): Html {
  const items = LANGUAGES.map((other) => {
    const name = LANGUAGE_ENDONYMS[other];
    const dir = textDirection(other);
    if (other === lang) return markup`<li><span aria-current="true" lang="${other}" dir="${dir}">${name}</span></li>`;
    const href = `${path ?? ''}?lang=${other}`;
    return markup`<li><a href="${href}" lang="${other}" hreflang="${other}" dir="${dir}">${name}</a></li>`;
  });
  return markup`<nav aria-label="${t(lang, 'manage.language')}"><ul class="langs">${items}</ul></nav>`;
}

/** "For questions call the desk: <tel link>" and the language switch; `path` is the page's own path. */
export function footer(lang: Lang, path: string | null, deskPhone: string): Html {
  const help = deskPhone ? markup`<p>${withTel(t(lang, 'manage.help'), deskPhone)}</p>` : '';
  return markup`<footer>\n${help}\n${languageSwitch(lang, path)}\n</footer>`;
}

/**
 * "Book another appointment": the first thing to do once an appointment is over or will not happen, a
 * plain link under the actions while it is still ahead.
 */
function bookAgain(lang: Lang, url: string, prominent: boolean): Html {
  const label = t(lang, 'manage.book_again');
  if (!prominent) return markup`<p><a href="${url}">${label}</a></p>`;
  return markup`<h2>${t(lang, 'manage.book_again_heading')}</h2>
<p><a class="button" href="${url}">${label}</a></p>`;
}

function actionForm(m: ManagePageModel, action: 'confirm' | 'cancel'): Html {
  const question = action === 'confirm' ? 'manage.confirm_question' : 'manage.cancel_question';
  const button = action === 'confirm' ? 'manage.confirm_button' : 'manage.cancel_button';
  const cls = action === 'cancel' ? raw(' class="danger"') : '';
  return markup`<form method="post" action="/m/${m.code}/${action}">
<p>${t(m.lang, question)}</p>
<input type="hidden" name="lang" value="${m.lang}">
<button type="submit"${cls}>${t(m.lang, button)}</button>
</form>`;
}

/** "Change time": a link to the page of free times (opening it changes nothing). */
function moveLink(m: ManagePageModel): Html {
  return markup`<p>${t(m.lang, 'manage.move_question')}</p>
<p><a class="button" href="/m/${m.code}/move?lang=${m.lang}">${t(m.lang, 'manage.move_button')}</a></p>`;
}

/** "Add to calendar" for an appointment still ahead of the person (requested or confirmed). */
function calendarLink(m: ManagePageModel): Html | '' {
  if (m.status !== 'requested' && m.status !== 'confirmed') return '';
  const href = `/m/${m.code}/calendar.ics?lang=${m.lang}`;
  return markup`<p><a href="${href}">${t(m.lang, 'manage.add_to_calendar')}</a></p>`;
}

/** Where a remote appointment happens: its link while it is ahead; no promise once it is closed. */
function remotePlace(m: ManagePageModel): Html | string {
  const L = (key: MessageKey) => t(m.lang, key);
  if (m.videoLink)
    return markup`${L('manage.remote_link')}<br>${isolate(markup`<a href="${m.videoLink}">${m.videoLink}</a>`, 'ltr')}`;
  return m.status === 'requested' || m.status === 'confirmed' ? L('manage.remote') : L('manage.remote_closed');
}

/** "Times in Milano (Europe/Rome)." with the zone's name isolated. */
function timeZoneNote(m: ManagePageModel): (string | Html)[] {
  const key = m.city ? 'manage.time_zone_note' : 'manage.time_zone_note_plain';
  return withMarkup(t(m.lang, key), { city: isolate(m.city), timeZone: isolate(m.timeZone, 'ltr') });
}

/** The page of one appointment. */
export function renderManagePage(m: ManagePageModel): Html {
  const L = (key: MessageKey) => t(m.lang, key);
  const place = m.mode === 'remote' ? remotePlace(m) : m.place ? isolate(m.place) : '';
  const statusNote = m.statusNote ? markup`<br><span class="note">${L(m.statusNote)}</span>` : '';
  const actions =
    m.canConfirm || m.canCancel || m.canMove
      ? markup`<h2>${L('manage.actions')}</h2>
${m.canConfirm ? actionForm(m, 'confirm') : ''}
${m.canMove ? moveLink(m) : ''}
${m.canCancel ? actionForm(m, 'cancel') : ''}`
      : '';
  const body = markup`<h1>${L('manage.title')}</h1>
${statusRegion(m.lang, m.message)}
<dl>
<dt>${L('manage.reference')}</dt><dd>${isolate(m.reference, 'ltr')}</dd>
<dt>${L('manage.service')}</dt><dd>${m.serviceName}</dd>
<dt>${L('manage.when')}</dt><dd>${isolate(m.when)}<br><span class="note">${timeZoneNote(m)}</span></dd>
<dt>${L('manage.where')}</dt><dd>${place}</dd>
<dt>${L('manage.status')}</dt><dd>${L(`manage.status.${m.status}`)}${statusNote}</dd>
</dl>
${m.ended ? bookAgain(m.lang, m.bookAgainUrl, true) : ''}
${calendarLink(m)}
${actions}
${m.ended ? '' : bookAgain(m.lang, m.bookAgainUrl, false)}
${footer(m.lang, `/m/${m.code}`, m.deskPhone)}`;
  const title = t(m.lang, 'manage.document_title', { page: t(m.lang, 'manage.title'), desk: m.deskName });
  return layout(m.lang, title, body);
}

/** The second step of a cancel: what will be cancelled, "yes, cancel" (POST confirm=yes) or keep it. */
export function renderCancelQuestionPage(m: ManagePageModel): Html {
  const L = (key: MessageKey) => t(m.lang, key);
  const body = markup`<h1>${L('manage.cancel_confirm_title')}</h1>
<p>${withMarkup(t(m.lang, 'manage.cancel_confirm_text'), { when: isolate(m.when), service: isolate(m.serviceName) })}</p>
<form method="post" action="/m/${m.code}/cancel">
<input type="hidden" name="lang" value="${m.lang}">
<input type="hidden" name="confirm" value="yes">
<button type="submit" class="danger">${L('manage.cancel_confirm_button')}</button>
</form>
<p><a href="/m/${m.code}?lang=${m.lang}">${L('manage.cancel_keep')}</a></p>
${footer(m.lang, `/m/${m.code}`, m.deskPhone)}`;
  const title = t(m.lang, 'manage.document_title', {
    page: t(m.lang, 'manage.cancel_confirm_title'),
    desk: m.deskName,
  });
  return layout(m.lang, title, body);
}

/** The page for a link that matches no appointment: call the desk, or book a new appointment. */
export function renderNotFoundPage(lang: Lang, deskPhone: string, bookAgainUrl: string): Html {
  const body = markup`<h1>${t(lang, 'manage.not_found_title')}</h1>
<p>${t(lang, 'manage.not_found')}</p>
${bookAgain(lang, bookAgainUrl, false)}
${footer(lang, null, deskPhone)}`;
  return layout(lang, t(lang, 'manage.not_found_title'), body);
}
