import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { t } from '../i18n';
import { define } from '../define';
import { formatTime } from '../format';
import { LightElement } from './light-element';

/** Which arrival step was asked for: the person arrived, or the meeting began. */
export type ArrivalStep = 'check_in' | 'start';

/** Staff pressed "Arrivato" or "Inizia". */
export class ArrivalStepEvent extends Event {
  static readonly type = 'admin-arrival-step';
  constructor(readonly step: ArrivalStep) {
    super(ArrivalStepEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * A booking's arrival on its page: when the person arrived and when the meeting began, and the buttons
 * that record them on the day (the page decides who may press which and sends the call).
 *
 * @event admin-arrival-step - ArrivalStepEvent with the step asked for.
 */
export class AdminArrival extends LightElement {
  @property() checkedInAt: string | null = null;
  @property() startedAt: string | null = null;
  /** The desk's zone, for the times. */
  @property() timeZone = 'Europe/Rome';
  @property({ type: Boolean }) canCheckIn = false;
  @property({ type: Boolean }) canStart = false;
  /** A call is under way. */
  @property({ type: Boolean }) busy = false;

  protected override render() {
    const l = this.language;
    if (!this.checkedInAt && !this.startedAt && !this.canCheckIn && !this.canStart) return nothing;
    const time = (iso: string) => formatTime(iso, this.timeZone, l);
    const step = (s: ArrivalStep) => () => this.dispatchEvent(new ArrivalStepEvent(s));
    return html`<section aria-labelledby="arrival-h">
      <h2 id="arrival-h">${t(l, 'day.col_arrival')}</h2>
      ${this.checkedInAt ? html`<p>${t(l, 'day.arrived_at', { time: time(this.checkedInAt) })}</p>` : nothing}
      ${this.startedAt ? html`<p>${t(l, 'day.started_at', { time: time(this.startedAt) })}</p>` : nothing}
      ${
        this.canCheckIn || this.canStart
          ? html`<div class="actions">
              ${
                this.canCheckIn
                  ? html`<button type="button" id="check-in" ?disabled=${this.busy} @click=${step('check_in')}>
                      ${t(l, 'day.check_in')}
                    </button>`
                  : nothing
              }
              ${
                this.canStart
                  ? html`<button type="button" id="start" ?disabled=${this.busy} @click=${step('start')}>
                      ${t(l, 'day.start')}
                    </button>`
                  : nothing
              }
            </div>`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'admin-arrival-step': ArrivalStepEvent;
  }
}

define('admin-arrival', AdminArrival);
