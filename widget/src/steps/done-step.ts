import { html, nothing, type TemplateResult } from 'lit';
import type { Created, Mode, Service } from '../api';
import { button, httpUrl, tzLabel, when, type StepView } from './parts';

export interface DoneStepView extends StepView {
  created: Created;
  service?: Service;
  mode?: Mode;
  /** "Book another appointment". */
  restart(): void;
}

/** The booking's "add to calendar" file, next to its manage page. */
const calendarUrl = (manageUrl: string) => `${manageUrl.replace(/\/+$/, '')}/calendar.ics`;

/** Step "done": the reference to keep, what was asked for (and where, in person), and the links to manage it or add it to a calendar. */
export function doneStep(v: DoneStepView): TemplateResult {
  const { desk, lang, tr, created: c, mode } = v;
  const manage = httpUrl(c.manageUrl);
  // In person, the address again: this is the page people photograph or print.
  const where = mode === 'in_person' ? [desk.address, desk.city].filter(Boolean).join(', ') : '';
  return html`<p>${tr('done.reference')} <strong class="ref" part="reference" dir="ltr">${c.reference}</strong></p>
    <p>${tr('done.keep')}</p>
    <dl>
      <dt>${tr('review.when')}</dt>
      <dd>${when(v, c.start)}</dd>
      <dt>${tr('review.service')}</dt>
      <dd>${v.service?.names[lang] ?? ''}</dd>
      <dt>${tr('review.mode')}</dt>
      <dd>${mode ? tr(`mode.${mode}`) : ''}</dd>
      ${
        where
          ? html`<dt>${tr('review.where')}</dt>
              <dd><bdi>${where}</bdi></dd>`
          : nothing
      }
    </dl>
    ${tzLabel(v, c.start)}
    <p>${tr('done.next')}</p>
    ${
      manage
        ? html`<p>
            ${tr('done.cancel')}
            <a href=${manage} target="_blank" rel="noopener">${tr('done.manage_link')} ${tr('link.new_window')}</a>
          </p>`
        : nothing
    }
    ${manage ? html`<p><a href=${calendarUrl(manage)}>${tr('done.add_to_calendar')}</a></p>` : nothing}
    <div class="nav">${button(tr, 'action.restart', v.restart)}</div>`;
}
