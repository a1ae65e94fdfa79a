import { html, type TemplateResult } from 'lit';
import type { Slot } from '../api';
import { clockTime, dayName } from '../format';
import { nav, tzLabel, type SlotsView, type StepView } from './parts';

export interface TimeStepView extends StepView {
  slots: SlotsView;
  /** The chosen day. */
  day?: string;
  selected?: Slot;
  /** The chosen slot is still among the free ones (so "Next" can keep it). */
  available: boolean;
  pick(slot: Slot): void;
}

/** Step "time": the chosen day's free times, each named with its full date for screen readers. */
export function timeStep(v: TimeStepView): TemplateResult {
  const { desk, lang, tr, day, selected } = v;
  const body = v.slots((a) => {
    const slots = a.days.find((d) => d.date === day)?.slots ?? [];
    const name = day ? dayName(day, lang) : '';
    if (!slots.length) return html`<p class="notice">${tr('day.empty')}</p>`;
    return html`<p><strong>${tr('day.chosen', { day: name })}</strong></p>
      ${tzLabel(v, slots[0]?.start)}
      <ul class="choices slots" role="list">
        ${slots.map((s) => {
          const time = clockTime(s.start, desk.timeZone, lang);
          return html`<li>
            <button
              type="button"
              part="button choice slot"
              aria-pressed=${s.start === selected?.start ? 'true' : 'false'}
              aria-label=${tr('slot.name', { date: name, time })}
              @click=${() => v.pick(s)}
            >
              ${time}
            </button>
          </li>`;
        })}
      </ul>`;
  });
  return html`${body}${nav(v, v.available && selected ? () => v.pick(selected) : undefined)}`;
}
