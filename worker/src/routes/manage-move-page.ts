import { html } from 'hono/html';
import { t, type Lang, type MessageKey } from '../i18n';
import { footer, isolate, layout, statusRegion, withMarkup, type Html } from './manage-page';

/**
 * HTML of the person's move (/m/<code>/move): the free times as radio buttons, one group per day, then the
 * question "confirm the new time?". No script: two plain form posts.
 */

const markup = html;

/** One free time: the value posted (ISO instant with the desk's offset) and its local time. */
export interface MoveTime {
  value: string;
  label: string;
}

export interface MovePageModel {
  lang: Lang;
  code: string;
  deskName: string;
  deskPhone: string;
  /** The appointment's current date and time, in words. */
  when: string;
  /** Free days shown now, each with its date in words. */
  days: { label: string; times: MoveTime[] }[];
  /** The calendar sequence the page read: the move is decided on it. */
  seq: number;
  /** The first date of the next page of times, when there are more. */
  moreFrom: string | null;
  message?: { key: MessageKey; tone: 'info' | 'warn' };
}

function title(m: { lang: Lang; deskName: string }, page: MessageKey): string {
  return t(m.lang, 'manage.document_title', { page: t(m.lang, page), desk: m.deskName });
}

function day(d: MovePageModel['days'][number], first: boolean): Html {
  const times = d.times.map(
    (x, i) =>
      markup`<label><input type="radio" name="start" value="${x.value}"${first && i === 0 ? html` required` : ''}> ${isolate(x.label)}</label>`,
  );
  return markup`<fieldset><legend>${isolate(d.label)}</legend><div class="times">${times}</div></fieldset>`;
}

/** The free times of the same service and mode; choosing one leads to the question. */
export function renderMovePage(m: MovePageModel): Html {
  const L = (key: MessageKey) => t(m.lang, key);
  const back = markup`<p><a href="/m/${m.code}?lang=${m.lang}">${L('manage.move_back')}</a></p>`;
  const more = m.moreFrom
    ? markup`<p><a href="/m/${m.code}/move?lang=${m.lang}&amp;from=${m.moreFrom}">${L('manage.move_more')}</a></p>`
    : '';
  const form =
    m.days.length === 0
      ? markup`<p>${L('manage.move_none')}</p>`
      : markup`<form method="post" action="/m/${m.code}/move">
<h2>${L('manage.move_times')}</h2>
${m.days.map((d, i) => day(d, i === 0))}
<input type="hidden" name="lang" value="${m.lang}">
<input type="hidden" name="seq" value="${m.seq}">
<button type="submit">${L('manage.move_next')}</button>
</form>`;
  const body = markup`<h1>${L('manage.move_title')}</h1>
${statusRegion(m.lang, m.message)}
<p>${withMarkup(t(m.lang, 'manage.move_current'), { when: isolate(m.when) })}</p>
${form}
${more}
${back}
${footer(m.lang, `/m/${m.code}/move`, m.deskPhone)}`;
  return layout(m.lang, title(m, 'manage.move_title'), body);
}

/** The question before the move: the new time, whether the desk confirms it again, yes or keep. */
export function renderMoveQuestionPage(m: {
  lang: Lang;
  code: string;
  deskName: string;
  deskPhone: string;
  newWhen: string;
  start: string;
  seq: number;
  needsDesk: boolean;
}): Html {
  const L = (key: MessageKey) => t(m.lang, key);
  const body = markup`<h1>${L('manage.move_confirm_title')}</h1>
<p>${withMarkup(t(m.lang, 'manage.move_confirm_text'), { when: isolate(m.newWhen) })}</p>
${m.needsDesk ? markup`<p>${L('manage.move_needs_desk')}</p>` : ''}
<form method="post" action="/m/${m.code}/move">
<input type="hidden" name="lang" value="${m.lang}">
<input type="hidden" name="start" value="${m.start}">
<input type="hidden" name="seq" value="${m.seq}">
<input type="hidden" name="confirm" value="yes">
<button type="submit">${L('manage.move_confirm_button')}</button>
</form>
<p><a href="/m/${m.code}?lang=${m.lang}">${L('manage.move_keep')}</a></p>
${footer(m.lang, `/m/${m.code}`, m.deskPhone)}`;
  return layout(m.lang, title(m, 'manage.move_confirm_title'), body);
}
