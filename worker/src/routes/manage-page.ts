import { html, raw } from 'hono/html';
import type { BookingStatus, Mode } from '../domain/vocabulary';
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
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1.125rem;line-height:1.5;color:#1a1a1a;background:#fff}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
dl{margin:0 0 1rem}
dt{font-weight:700;margin-top:.75rem}
dd{margin:0;overflow-wrap:anywhere}
.note{font-size:1rem;color:#3d3d3d}
.msg{border-left:.35rem solid #0b4f8a;background:#eef4fa;padding:.75rem 1rem;margin:0 0 1rem}
.msg:empty{display:none}
.msg.warn{border-color:#a11d21;background:#fbeeee}
form{margin:0 0 1rem}
button{font:inherit;font-weight:700;min-height:2.75rem;padding:.6rem 1.1rem;border:2px solid transparent;border-radius:.4rem;cursor:pointer;color:#fff;background:#0b4f8a;max-width:100%;white-space:normal}
button.danger{background:#a11d21}
a{color:#0b4f8a}
a[href^="tel:"]{white-space:nowrap}
a.button{display:inline-block;font-weight:700;min-height:2.75rem;padding:.6rem 1.1rem;border-radius:.4rem;color:#fff;background:#0b4f8a;text-decoration:none}
a:focus-visible,button:focus-visible{outline:3px solid #1a1a1a;outline-offset:3px;box-shadow:0 0 0 6px #ffd84d}
sportello-booking{display:block;margin:1rem 0 2rem}
footer{border-top:1px solid #767676;margin-top:2rem;padding-top:1rem}`;

/** What the page shows; all texts still raw (escaped when rendered). */
export interface ManagePageModel {
  lang: Lang;
  code: string;
  deskName: string;
  reference: string;
  serviceName: string;
  when: string;
  timeZoneNote: string;
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
  /** The appointment is over or will not happen (cancelled, rejected, expired, past): booking again comes first. */
  ended: boolean;
  /** Where "book another appointment" leads: the desk's booking page, or the Worker's own /prenota. */
  bookAgainUrl: string;
  /** The outcome of the last action, announced in the role="status" region. */
  message?: { key: MessageKey; tone: 'info' | 'warn' };
  deskPhone: string;
}

// Issue 13 in progress: a language switch replaces this it/en toggle.
const OTHER: Record<Lang, Lang> = { it: 'en', en: 'it', ar: 'it', es: 'it', fr: 'it', uk: 'it', ro: 'it' };

/** The page around `body`; `head` adds to the document's head (the booking page's script). */
export function layout(lang: Lang, title: string, body: Html, head: Html | '' = ''): Html {
  return markup`<!doctype html>
<html lang="${lang}">
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

function statusRegion(lang: Lang, message: ManagePageModel['message']): Html {
  // The region is always present so assistive tech registers it; empty it is hidden by CSS.
  const cls = message?.tone === 'warn' ? 'msg warn' : 'msg';
  return markup`<div role="status" class="${cls}">${message ? markup`<p>${t(lang, message.key)}</p>` : ''}</div>`;
}

/** The desk's phone as a tap-to-call link (the href keeps only + and digits). */
export function telLink(phone: string): Html {
  return markup`<a href="tel:${phone.replace(/[^+\d]/g, '')}">${phone}</a>`;
}

/** A translated sentence with its `{phone}` placeholder (left unfilled by t()) as a tap-to-call link. */
export function withTel(sentence: string, phone: string): (string | Html)[] {
  const link = telLink(phone);
  return sentence.split('{phone}').flatMap((piece, i) => (i === 0 ? [piece] : [link, piece]));
}

/** "For questions call the desk: <tel link>" and the language switch; `path` is the page's own path. */
export function footer(lang: Lang, path: string | null, deskPhone: string): Html {
  const other = OTHER[lang];
  const help = deskPhone ? markup`<p>${withTel(t(lang, 'manage.help'), deskPhone)}</p>` : '';
  const href = path ? `${path}?lang=${other}` : `?lang=${other}`;
  const label = t(lang, 'manage.language_switch');
  const switcher = markup`<p><a href="${href}" lang="${other}" hreflang="${other}">${label}</a></p>`;
  return markup`<footer>\n${help}\n${switcher}\n</footer>`;
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

/** "Add to calendar" for an appointment still ahead of the person (requested or confirmed). */
function calendarLink(m: ManagePageModel): Html | '' {
  if (m.status !== 'requested' && m.status !== 'confirmed') return '';
  const href = `/m/${m.code}/calendar.ics?lang=${m.lang}`;
  return markup`<p><a href="${href}">${t(m.lang, 'manage.add_to_calendar')}</a></p>`;
}

/** Where a remote appointment happens: its link while it is ahead; no promise once it is closed. */
function remotePlace(m: ManagePageModel): Html | string {
  const L = (key: MessageKey) => t(m.lang, key);
  if (m.videoLink) return markup`${L('manage.remote_link')}<br><a href="${m.videoLink}">${m.videoLink}</a>`;
  return m.status === 'requested' || m.status === 'confirmed' ? L('manage.remote') : L('manage.remote_closed');
}

/** The page of one appointment. */
export function renderManagePage(m: ManagePageModel): Html {
  const L = (key: MessageKey) => t(m.lang, key);
  const place = m.mode === 'remote' ? remotePlace(m) : m.place;
  const statusNote = m.statusNote ? markup`<br><span class="note">${L(m.statusNote)}</span>` : '';
  const actions =
    m.canConfirm || m.canCancel
      ? markup`<h2>${L('manage.actions')}</h2>
${m.canConfirm ? actionForm(m, 'confirm') : ''}
${m.canCancel ? actionForm(m, 'cancel') : ''}`
      : '';
  const body = markup`<h1>${L('manage.title')}</h1>
${statusRegion(m.lang, m.message)}
<dl>
<dt>${L('manage.reference')}</dt><dd>${m.reference}</dd>
<dt>${L('manage.service')}</dt><dd>${m.serviceName}</dd>
<dt>${L('manage.when')}</dt><dd>${m.when}<br><span class="note">${m.timeZoneNote}</span></dd>
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
<p>${t(m.lang, 'manage.cancel_confirm_text', { when: m.when, service: m.serviceName })}</p>
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
