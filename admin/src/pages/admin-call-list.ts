import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { getCallList, recordCall, type CallList, type CallListBooking } from '../api';
import { CALL_OUTCOMES, type CallOutcome } from '../../../worker/src/domain/vocabulary';
import { formatDateOfInstant, formatDay, formatShortDateTime, formatTime } from '../format';
import { href } from '../links';
import { PageElement } from '../page-element';

/**
 * "Da chiamare": the confirmed appointments of a working day whose person has not confirmed, has no
 * mobile, or wants a call, from the desk's cut-off on the working day before. Reception phones each and
 * records what they said with one button; the outcome stays on the row.
 */
export class AdminCallList extends PageElement {
  @state() private reload = 0;

  private get date(): string | undefined {
    const d = this.route?.query.get('date') ?? '';
    return /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : undefined;
  }

  private data = new Task(this, {
    task: ([date], { signal }) => getCallList({ date }, signal),
    args: () => [this.date, this.reload, this.language] as const,
  });

  private record(b: CallListBooking, outcome: CallOutcome): void {
    void this.perform(async () => {
      await recordCall(b.id, outcome);
      this.announce(this.t('calls.saved', { outcome: this.t(`call_outcome.${outcome}`) }));
      this.reload++;
      this.dataChanged();
    });
  }

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('nav.call_list')}</h1>
      <p>${this.t('calls.intro')}</p>
      ${this.renderTask(this.data, (list) => this.page(list))}`;
  }

  private page(list: CallList) {
    const l = this.language;
    const when = {
      time: formatTime(list.cutoff, this.tz, l),
      day: formatDateOfInstant(list.cutoff, this.tz, l),
    };
    return html`${this.input({
        id: 'call-date',
        label: this.t('calls.date'),
        type: 'date',
        value: list.date,
        onInput: (v) => {
          if (v) location.hash = href('calls', { date: v });
        },
      })}
      <h2 id="calls-h">${formatDay(list.date, l)}</h2>
      <p>${this.t(list.due ? 'calls.due' : 'calls.not_due', when)}</p>
      ${
        list.bookings.length
          ? this.table({
              id: 'calls',
              caption: this.t('calls.caption', { n: list.bookings.length }),
              columns: [
                this.t('calls.col_time'),
                this.t('calls.col_person'),
                this.t('calls.col_why'),
                this.t('calls.col_outcome'),
              ],
              rows: list.bookings.map((b) => this.row(b)),
            })
          : html`<p>${this.t('calls.none')}</p>`
      }`;
  }

  private row(b: CallListBooking) {
    const l = this.language;
    const who = `who-${b.id}`;
    const outcome = b.callOutcome;
    return html`<tr>
      <th scope="row">${this.bookingLink(b.id, b.start, formatTime)}</th>
      <td id=${who}>
        ${b.person?.name ?? this.t('person.erased')}
        <br />${this.phoneLink(b.person?.phone, b.person?.phoneDisplay)} ${this.speaksMarker(b.language)} <br /><span
          class="muted"
          >${b.service.name} · ${b.volunteer?.name ?? '—'}</span
        >
      </td>
      <td>${b.reasons.map((r) => this.t(`calls.reason.${r}`)).join(' · ') || '—'}</td>
      <td>
        <p>
          ${
            outcome
              ? this.t('calls.outcome_by', {
                  outcome: this.t(`call_outcome.${outcome.outcome}`),
                  when: formatShortDateTime(outcome.at, this.tz, l),
                  name: outcome.byName ?? '—',
                })
              : html`<span class="muted">${this.t('calls.not_called')}</span>`
          }
        </p>
        ${
          b.status === 'confirmed'
            ? html`<div class="actions" role="group" aria-label=${this.t('calls.record')} aria-describedby=${who}>
                ${CALL_OUTCOMES.map(
                  (o) =>
                    html`<button
                      type="button"
                      class=${o === 'cancelled' ? 'danger' : nothing}
                      aria-describedby=${who}
                      ?disabled=${this.busy}
                      @click=${() => this.record(b, o)}
                    >
                      ${this.t(`call.${o}`)}
                    </button>`,
                )}
              </div>`
            : nothing
        }
      </td>
    </tr>`;
  }
}
