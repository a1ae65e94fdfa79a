import { html, nothing } from 'lit';
import type { Mode, PublicService, StaffSlot } from '../api';
import type { Lang } from '../i18n';
import type { SlotChangeEvent } from './admin-slot-picker';
import './admin-slot-picker';
import { radioGroup } from './radio-group';

/**
 * The parts the staff booking forms share (booking on behalf, the follow-up): the service and mode radio
 * groups and the free times of the slot picker. Each renders into the caller's root, so the error
 * summary's links find the fields (the first radio carries the group's id).
 */
export function serviceRadios(o: {
  services: readonly PublicService[];
  chosen: string;
  language: Lang;
  legend: string;
  error?: string;
  hint?: { id: string; text: unknown };
  /** Extra words after a service's name (e.g. its duration). */
  detail?: (s: PublicService) => unknown;
  onChoose: (s: PublicService) => void;
}) {
  return radioGroup({
    name: 'service',
    legend: o.legend,
    errorId: 'service-error',
    error: o.error,
    hint: o.hint,
    choices: o.services.map((s, i) => ({
      id: i === 0 ? 'service' : `service-${s.id}`,
      checked: o.chosen === s.id,
      label: html`${s.names[o.language]} ${o.detail?.(s) ?? nothing}`,
    })),
    onChoose: (i) => o.onChoose(o.services[i]!),
  });
}

/** The modes a service offers, as a radio group. */
export function modeRadios(o: {
  modes: readonly Mode[];
  chosen: Mode | '';
  legend: string;
  error?: string;
  text: (m: Mode) => string;
  onChoose: (m: Mode) => void;
}) {
  return radioGroup({
    name: 'mode',
    legend: o.legend,
    errorId: 'mode-error',
    error: o.error,
    choices: o.modes.map((m, i) => ({ id: i === 0 ? 'mode' : `mode-${m}`, checked: o.chosen === m, label: o.text(m) })),
    onChoose: (i) => o.onChoose(o.modes[i]!),
  });
}

/** "When": the free times of a service and mode (of one volunteer, if named), and what follows the picker. */
export function slotFieldset(o: {
  name: string;
  legend: string;
  language: Lang;
  service: string;
  mode: Mode;
  volunteer?: string;
  /** Only times with room for a longer appointment. */
  long?: boolean;
  timeZone: string;
  error: string;
  onSlot: (slot: StaffSlot | null) => void;
  after?: unknown;
}) {
  return html`<fieldset>
    <legend id="start">${o.legend}</legend>
    <admin-slot-picker
      name=${o.name}
      .language=${o.language}
      .service=${o.service}
      .mode=${o.mode}
      .volunteer=${o.volunteer ?? ''}
      ?long=${o.long === true}
      .timeZone=${o.timeZone}
      .error=${o.error}
      @slot-change=${(e: SlotChangeEvent) => o.onSlot(e.slot)}
    ></admin-slot-picker>
    ${o.after ?? nothing}
  </fieldset>`;
}
