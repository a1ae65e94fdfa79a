import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { createClosure, deleteClosure, listClosures, type Closure } from '../api';
import { formatDay, localDate } from '../format';
import { PageElement } from '../page-element';
import { href } from '../links';

const ORDER = ['dateFrom', 'dateTo', 'reason'];

/**
 * The days the desk is closed in a year: the national holidays (built in, read-only) and the desk's own
 * closures (local patron day, holidays), which admin and reception add and remove.
 */
export class AdminClosures extends PageElement {
  @state() private reload = 0;
  @state() private adding = false;
  @state() private form = { dateFrom: '', dateTo: '', reason: '' };
  /** Cancel the appointments of those days and text the people, in the same step. */
  @state() private cancelBookings = false;
  /** The closure whose deletion is being asked about ('' none). */
  @state() private confirmingDelete = '';
  @state() private notice = '';

  private get year(): number {
    const y = Number(this.route?.query.get('year'));
    return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : Number(localDate(Date.now(), this.tz).slice(0, 4));
  }

  private data = new Task(this, {
    task: ([year], { signal }) => listClosures(year, signal),
    args: () => [this.year, this.reload] as const,
  });

  private get canEdit(): boolean {
    return this.staffRole !== 'volunteer';
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const f = this.form;
    this.notice = '';
    if (await this.refused(f.dateFrom ? {} : { dateFrom: this.t('closures.from_missing') })) return;
    await this.attempt(async () => {
      const r = await createClosure({
        dateFrom: f.dateFrom,
        dateTo: f.dateTo || f.dateFrom,
        reason: f.reason.trim(),
        cancelBookings: this.cancelBookings,
      });
      this.adding = false;
      this.form = { dateFrom: '', dateTo: '', reason: '' };
      this.cancelBookings = false;
      this.errors = {};
      this.announce(this.t('closures.added', { range: this.rangeText(r.closure) }));
      const notes = [
        r.cancelledBookings > 0 ? this.t('closures.cancelled', { n: r.cancelledBookings }) : '',
        r.affectedBookings > 0 ? this.t('closures.affected', { n: r.affectedBookings }) : '',
      ];
      this.notice = notes.filter(Boolean).join(' ');
      this.reload++;
      await this.data.taskComplete.catch(() => undefined);
      await this.focusId('add');
    });
  }

  /** Asks before deleting: the question and the two buttons take the delete button's place. */
  private askDelete(c: Closure): void {
    this.confirmingDelete = c.id;
    void this.focusId(`ask-${c.id}`);
  }

  private keepClosure(c: Closure): void {
    this.confirmingDelete = '';
    void this.focusId(`del-${c.id}`);
  }

  private removeClosure(c: Closure): Promise<void> {
    return this.perform(async () => {
      await deleteClosure(c.id);
      this.confirmingDelete = '';
      this.announce(this.t('closures.deleted', { range: this.rangeText(c) }));
      this.reload++;
      await this.data.taskComplete.catch(() => undefined);
      await this.focusId('desk-h');
    });
  }

  protected override render() {
    const y = this.year;
    return html`<h1 tabindex="-1">${this.t('closures.title', { year: y })}</h1>
      <nav class="actions" aria-label=${this.t('closures.year_nav')}>
        <a class="button" href=${href('closures', { year: String(y - 1) })}
          >${this.t('closures.year_prev', { year: y - 1 })}</a
        >
        <a class="button" href=${href('closures', { year: String(y + 1) })}
          >${this.t('closures.year_next', { year: y + 1 })}</a
        >
      </nav>
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      ${this.renderTask(
        this.data,
        (d) =>
          html`<section aria-labelledby="desk-h">
              <h2 id="desk-h" tabindex="-1">${this.t('closures.desk')}</h2>
              ${
                d.closures.length
                  ? html`<ul>
                      ${d.closures.map(
                        (c) =>
                          html`<li>
                            ${this.rangeText(c)}${c.reason ? ` – ${c.reason}` : ''}
                            ${this.canEdit ? this.deleteControls(c) : nothing}
                          </li>`,
                      )}
                    </ul>`
                  : html`<p>${this.t('closures.none')}</p>`
              }
              ${this.canEdit ? (this.adding ? this.formView() : html`<button type="button" id="add" class="primary" @click=${this.open}>${this.t('closures.add')}</button>`) : nothing}
            </section>
            <section aria-labelledby="holidays-h">
              <h2 id="holidays-h">${this.t('closures.holidays')}</h2>
              <p class="hint">${this.t('closures.holidays_hint')}</p>
              ${this.table({
                id: 'holidays',
                caption: `${this.t('closures.holidays')} ${y}`,
                hideCaption: true,
                columns: [this.t('closures.date'), this.t('closures.holiday')],
                rows: d.holidays.map(
                  (h) =>
                    html`<tr>
                      <td>${formatDay(h.date, this.language)}</td>
                      <td>${h.name[this.language]}</td>
                    </tr>`,
                ),
              })}
            </section>`,
      )}`;
  }

  private deleteControls(c: Closure) {
    if (this.confirmingDelete !== c.id)
      return html`<button type="button" class="link" id="del-${c.id}" @click=${() => this.askDelete(c)}>
        ${this.t('common.delete')}<span class="visually-hidden">: ${this.rangeText(c)}</span>
      </button>`;
    return html`<div class="card" role="group" aria-labelledby="ask-${c.id}">
      <p id="ask-${c.id}" tabindex="-1">${this.t('closures.delete_question', { range: this.rangeText(c) })}</p>
      <div class="actions">
        <button type="button" class="danger primary" ?disabled=${this.busy} @click=${() => this.removeClosure(c)}>
          ${this.t('closures.delete_yes')}
        </button>
        <button type="button" @click=${() => this.keepClosure(c)}>${this.t('closures.delete_no')}</button>
      </div>
    </div>`;
  }

  private open = () => {
    this.adding = true;
    this.openForm('dateFrom');
  };

  private formView() {
    const f = this.form;
    const e = this.errors;
    return html`<form class="card" novalidate @submit=${this.submit} aria-labelledby="form-h">
      <h3 id="form-h">${this.t('closures.add')}</h3>
      ${this.errorSummary('summary', this.failure, e, ORDER)}
      ${this.rangeFields(f, e, (r) => (this.form = r), this.t('closures.reason_hint'))}
      ${this.checkbox({
        id: 'cancelBookings',
        label: this.t('closures.cancel_bookings'),
        hint: this.t('closures.cancel_bookings_hint'),
        checked: this.cancelBookings,
        onChange: (c) => (this.cancelBookings = c),
      })}
      ${this.formButtons(this.t('common.save'), () => {
        this.adding = false;
        void this.focusId('add');
      })}
    </form>`;
  }
}
