import { html, nothing, type TemplateResult } from 'lit';
import type { Availability, Slot } from '../api';
import { clockTime, dayName } from '../format';
import type { MessageKey } from '../i18n';
import { button, choice, nav, noSlots, tzLabel, type SlotsView, type StepView } from './parts';

export interface DayStepView extends StepView {
  slots: SlotsView;
  /** The days of the week on screen, from the availability answer. */
  shown(a: Availability): Availability['days'];
  /** First date of the first week; unset until the first free day is known. */
  anchor?: string;
  /** The week on screen, 0 for the first. */
  week: number;
  /** "From … to …" of the week on screen. */
  range: string;
  /** The day pressed; the week's first free day when unset or not in this week. */
  day?: string;
  /** The time chosen before (kept when the person comes back from the details). */
  slot?: Slot;
  pickDay(date: string): void;
  pickSlot(date: string, slot: Slot): void;
  changeWeek(delta: number, allowed: boolean): void;
  /** "Join the waiting list": no time suits, or none is free. */
  waitlist(): void;
}

/**
 * Step "day": the days with free slots, a week at a time, with paging across the booking horizon, and under
 * them the chosen day's free times, so the first ones are there without a click; then (or under "no free
 * times") the way onto the waiting list. Pressing a day changes the times in place.
 */
export function dayStep(v: DayStepView): TemplateResult {
  const { desk, lang, tr, week } = v;
  let next: (() => void) | undefined;
  let empty = false;
  const body = v.slots((a) => {
    const days = v.shown(a);
    if (!days.length && !week) {
      empty = true;
      return html`${noSlots(v)}${waitlistLink(v)}`;
    }
    const day = days.find((d) => d.date === v.day) ?? days[0];
    if (!day) return html`<p class="notice">${tr('week.empty')}</p>`;
    const name = dayName(day.date, lang);
    const kept = day.slots.find((s) => s.start === v.slot?.start);
    if (kept) next = () => v.pickSlot(day.date, kept);
    return html`<ul class="choices days" role="list">
        ${days.map((d) => choice(d === day, () => v.pickDay(d.date), dayName(d.date, lang)))}
      </ul>
      <h3>${tr('day.slots', { count: day.slots.length, day: name })}</h3>
      <ul class="choices slots" role="list">
        ${day.slots.map((s) => {
          const time = clockTime(s.start, desk.timeZone, lang);
          return html`<li>
            <button
              type="button"
              part="button choice slot"
              aria-pressed=${s === kept ? 'true' : 'false'}
              aria-label=${tr('slot.name', { date: name, time })}
              @click=${() => v.pickSlot(day.date, s)}
            >
              ${time}
            </button>
          </li>`;
        })}
      </ul>`;
  });
  // Kept on screen while the next week loads, so the focused button stays where it was.
  const paging = v.anchor && !empty;
  const weekButton = (key: MessageKey, delta: number, ok: boolean) =>
    html`<button
      type="button"
      part="button"
      class=${delta < 0 ? 'back' : 'next'}
      aria-disabled=${ok ? 'false' : 'true'}
      @click=${() => v.changeWeek(delta, ok)}
    >
      ${tr(key)}
    </button>`;
  // The week's buttons come before its days, so Tab goes from the days straight into the times.
  return html`${
    paging
      ? html`${tzLabel(v, v.anchor)}
          <p><strong>${v.range}</strong></p>
          <div class="weeks">
            ${weekButton('action.previous_week', -1, week > 0)}
            ${weekButton('action.next_week', 1, 7 * (week + 1) <= desk.rules.horizonDays)}
          </div>`
      : nothing
  }
  ${body} ${paging ? waitlistLink(v) : nothing} ${nav(v, next)}`;
}

/** "No time suits you? Join the waiting list": a question, then the button that opens the form. */
function waitlistLink(v: DayStepView): TemplateResult | typeof nothing {
  // A desk that turned the waitlist off (an older server says nothing: the list is there).
  if (v.desk.rules.waitlist === false) return nothing;
  return html`<p>${v.tr('waitlist.offer')} ${button(v.tr, 'action.waitlist', v.waitlist)}</p>`;
}
