import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { ApiError, getStaffSlots, type Mode, type StaffSlot } from '../api';
import { define } from '../define';
import { radioGroup } from './radio-group';
import { addDays, formatDay, formatTime } from '../format';
import { hasKey, t, type Lang } from '../i18n';
import { shared } from '../shared.styles';

/** Fired when the user picks a free slot (or the choice is cleared: slot null). */
export class SlotChangeEvent extends Event {
  static readonly type = 'slot-change';
  constructor(readonly slot: StaffSlot | null) {
    super(SlotChangeEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * Free slots of a service and mode as staff may book them (the desk's shifts, closures and bookings, no
 * minimum notice):
 * a day select (only days with free times) and the day's times as one radio group. "Later dates" loads the
 * next four weeks.
 *
 * @event slot-change - SlotChangeEvent with the chosen slot.
 */
export class AdminSlotPicker extends LitElement {
  static override styles = [
    shared,
    css`
      .times {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr));
        gap: 0.25rem 1rem;
      }
      .times .check {
        margin: 0;
        align-items: center;
        min-height: 2.75rem;
      }
    `,
  ];

  @property({ attribute: false }) language: Lang = 'it';
  @property() service = '';
  @property() mode: Mode = 'in_person';
  @property({ attribute: false }) timeZone = 'Europe/Rome';
  /** A booking being moved: its own time counts as free. */
  @property() exclude = '';
  /** Only this volunteer's free times (empty: any volunteer). */
  @property() volunteer = '';
  /** Times with room for a longer appointment (the service's duration doubled). */
  @property({ type: Boolean }) long = false;
  /** Id prefix, so two pickers on one page keep unique ids. */
  @property() name = 'slot';
  /** A field error from the form that owns the picker. */
  @property({ attribute: false }) error = '';

  @state() private from: string | undefined = undefined;
  @state() private day = '';
  @state() private chosen = '';

  private slots = new Task(this, {
    task: async ([service, mode, from, exclude, volunteer, long], { signal }) => {
      if (!service) return { timeZone: this.timeZone, days: [] };
      const to = from ? addDays(from, 27) : undefined;
      return getStaffSlots({ service, mode, from, to, exclude, volunteer, ...(long ? { long: '1' } : {}) }, signal);
    },
    args: () => [this.service, this.mode, this.from, this.exclude, this.volunteer, this.long] as const,
    onComplete: (a) => {
      this.day = a.days[0]?.date ?? '';
      this.choose(null);
    },
  });

  private choose(slot: StaffSlot | null): void {
    this.chosen = slot?.start ?? '';
    this.dispatchEvent(new SlotChangeEvent(slot));
  }

  private later(): void {
    const days = this.slots.value?.days ?? [];
    const last = days[days.length - 1]?.date;
    this.from = last ? addDays(last, 1) : addDays(this.from ?? new Date().toISOString().slice(0, 10), 28);
  }

  protected override render() {
    const l = this.language;
    if (!this.service) return html`<p class="muted">${t(l, 'slots.pick_service')}</p>`;
    const v = this.slots.value;
    if (this.slots.error) {
      const e = this.slots.error;
      const key = e instanceof ApiError ? `error.${e.code}` : '';
      return html`<div class="alert" role="alert">
        <p>${key && hasKey(key) ? t(l, key) : t(l, 'error.generic')}</p>
        <button type="button" @click=${() => this.slots.run()}>${t(l, 'common.retry')}</button>
      </div>`;
    }
    if (!v) return html`<p class="loading" role="status">${t(l, 'slots.loading')}</p>`;
    const id = this.name;
    if (!v.days.length) {
      return html`<p role="status">${t(l, 'slots.none')}</p>
        ${
          this.from
            ? html`<button type="button" @click=${() => (this.from = undefined)}>${t(l, 'slots.first_dates')}</button>`
            : nothing
        }`;
    }
    const day = v.days.find((d) => d.date === this.day) ?? v.days[0]!;
    return html`<div class="field">
        <label for="${id}-day">${t(l, 'slots.day')}</label>
        <select
          id="${id}-day"
          @change=${(e: Event) => {
            this.day = (e.target as HTMLSelectElement).value;
            this.choose(null);
          }}
        >
          ${v.days.map(
            (d) =>
              html`<option value=${d.date} ?selected=${d.date === day.date}>
                ${formatDay(d.date, l, false)} (${t(l, 'slots.count', { n: d.slots.length })})
              </option>`,
          )}
        </select>
      </div>
      ${radioGroup({
        name: `${id}-time`,
        legend: t(l, 'slots.time', { day: formatDay(day.date, l) }),
        errorId: `${id}-error`,
        error: this.error,
        listClass: 'times',
        choices: day.slots.map((s, i) => ({
          id: `${id}-${i}`,
          value: s.start,
          checked: this.chosen === s.start,
          label: `${formatTime(s.start, this.timeZone, l)}–${formatTime(s.end, this.timeZone, l)}`,
        })),
        onChoose: (i) => this.choose(day.slots[i]!),
      })}
      <button type="button" @click=${this.later}>${t(l, 'slots.later')}</button>`;
  }
}

define('admin-slot-picker', AdminSlotPicker);
