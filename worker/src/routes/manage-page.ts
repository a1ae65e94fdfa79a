import type { BookingStatus, Mode } from '../domain/vocabulary';
import { t, type Lang, type MessageKey } from '../i18n';

/**
 * HTML of the manage page: plain server-rendered markup, no script, no external asset, so it works on
 * a cheap phone, with a screen reader and at 320 px / 200 % zoom. Every interpolated value is escaped.
 */

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

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
a:focus-visible,button:focus-visible{outline:3px solid #1a1a1a;outline-offset:3px;box-shadow:0 0 0 6px #ffd84d}
footer{border-top:1px solid #767676;margin-top:2rem;padding-top:1rem}`;

/** What the page shows; all texts still raw (escaped here). */
export interface ManagePageModel {
  lang: Lang;
  code: string;
  deskName: string;
  reference: string;
  serviceName: string;
  when: string;
  timeZoneNote: string;
  mode: Mode;
  /** Address line for in-person appointments. */
  place: string;
  status: BookingStatus;
  /** An extra line under the status (e.g. "you confirmed you will come"). */
  statusNote?: MessageKey;
  canConfirm: boolean;
  canCancel: boolean;
  /** The outcome of the last action, announced in the role="status" region. */
  message?: { key: MessageKey; tone: 'info' | 'warn' };
  deskPhone: string;
}

const OTHER: Record<Lang, Lang> = { it: 'en', en: 'it' };

function layout(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${MANAGE_CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function statusRegion(lang: Lang, message: ManagePageModel['message']): string {
  // The region is always present so assistive tech registers it; empty it is hidden by CSS.
  const cls = message?.tone === 'warn' ? 'msg warn' : 'msg';
  return `<div role="status" class="${cls}">${message ? `<p>${escapeHtml(t(lang, message.key))}</p>` : ''}</div>`;
}

function footer(lang: Lang, code: string | null, deskPhone: string): string {
  const other = OTHER[lang];
  // The phone becomes a tap-to-call link inside the translated sentence: escape the pieces around it.
  const link = `<a href="tel:${escapeHtml(deskPhone.replace(/[^+\d]/g, ''))}">${escapeHtml(deskPhone)}</a>`;
  const help = deskPhone ? `<p>${t(lang, 'manage.help').split('{phone}').map(escapeHtml).join(link)}</p>` : '';
  const switcher = code
    ? `<p><a href="/m/${escapeHtml(code)}?lang=${other}" lang="${other}" hreflang="${other}">${escapeHtml(t(lang, 'manage.language_switch'))}</a></p>`
    : `<p><a href="?lang=${other}" lang="${other}" hreflang="${other}">${escapeHtml(t(lang, 'manage.language_switch'))}</a></p>`;
  return `<footer>\n${help}\n${switcher}\n</footer>`;
}

function actionForm(m: ManagePageModel, action: 'confirm' | 'cancel'): string {
  const question = action === 'confirm' ? 'manage.confirm_question' : 'manage.cancel_question';
  const button = action === 'confirm' ? 'manage.confirm_button' : 'manage.cancel_button';
  const cls = action === 'cancel' ? ' class="danger"' : '';
  return `<form method="post" action="/m/${escapeHtml(m.code)}/${action}">
<p>${escapeHtml(t(m.lang, question))}</p>
<input type="hidden" name="lang" value="${m.lang}">
<button type="submit"${cls}>${escapeHtml(t(m.lang, button))}</button>
</form>`;
}

/** "Add to calendar" for an appointment still ahead of the person (requested or confirmed). */
function calendarLink(m: ManagePageModel): string {
  if (m.status !== 'requested' && m.status !== 'confirmed') return '';
  const href = `/m/${escapeHtml(m.code)}/calendar.ics?lang=${m.lang}`;
  return `<p><a href="${href}">${escapeHtml(t(m.lang, 'manage.add_to_calendar'))}</a></p>`;
}

/** The page of one appointment. */
export function renderManagePage(m: ManagePageModel): string {
  const L = (key: MessageKey) => escapeHtml(t(m.lang, key));
  const place = m.mode === 'remote' ? L('manage.remote') : escapeHtml(m.place);
  const statusNote = m.statusNote ? `<br><span class="note">${L(m.statusNote)}</span>` : '';
  const actions =
    m.canConfirm || m.canCancel
      ? `<h2>${L('manage.actions')}</h2>
${m.canConfirm ? actionForm(m, 'confirm') : ''}
${m.canCancel ? actionForm(m, 'cancel') : ''}`
      : '';
  const body = `<h1>${L('manage.title')}</h1>
${statusRegion(m.lang, m.message)}
<dl>
<dt>${L('manage.reference')}</dt><dd>${escapeHtml(m.reference)}</dd>
<dt>${L('manage.service')}</dt><dd>${escapeHtml(m.serviceName)}</dd>
<dt>${L('manage.when')}</dt><dd>${escapeHtml(m.when)}<br><span class="note">${escapeHtml(m.timeZoneNote)}</span></dd>
<dt>${L('manage.where')}</dt><dd>${place}</dd>
<dt>${L('manage.status')}</dt><dd>${L(`manage.status.${m.status}`)}${statusNote}</dd>
</dl>
${calendarLink(m)}
${actions}
${footer(m.lang, m.code, m.deskPhone)}`;
  const title = t(m.lang, 'manage.document_title', { page: t(m.lang, 'manage.title'), desk: m.deskName });
  return layout(m.lang, title, body);
}

/** The second step of a cancel: what will be cancelled, "yes, cancel" (POST confirm=yes) or keep it. */
export function renderCancelQuestionPage(m: ManagePageModel): string {
  const L = (key: MessageKey) => escapeHtml(t(m.lang, key));
  const code = escapeHtml(m.code);
  const body = `<h1>${L('manage.cancel_confirm_title')}</h1>
<p>${escapeHtml(t(m.lang, 'manage.cancel_confirm_text', { when: m.when, service: m.serviceName }))}</p>
<form method="post" action="/m/${code}/cancel">
<input type="hidden" name="lang" value="${m.lang}">
<input type="hidden" name="confirm" value="yes">
<button type="submit" class="danger">${L('manage.cancel_confirm_button')}</button>
</form>
<p><a href="/m/${code}?lang=${m.lang}">${L('manage.cancel_keep')}</a></p>
${footer(m.lang, m.code, m.deskPhone)}`;
  const title = t(m.lang, 'manage.document_title', {
    page: t(m.lang, 'manage.cancel_confirm_title'),
    desk: m.deskName,
  });
  return layout(m.lang, title, body);
}

/** The page for a link that matches no appointment. */
export function renderNotFoundPage(lang: Lang, deskPhone = ''): string {
  const body = `<h1>${escapeHtml(t(lang, 'manage.not_found_title'))}</h1>
<p>${escapeHtml(t(lang, 'manage.not_found'))}</p>
${footer(lang, null, deskPhone)}`;
  return layout(lang, t(lang, 'manage.not_found_title'), body);
}
