import { html, type TemplateResult } from 'lit';
import type { Mode } from '../api';
import { choice, nav, type StepView } from './parts';

export interface ModeStepView extends StepView {
  /** The modes the chosen service offers. */
  modes: Mode[];
  selected?: Mode;
  pick(mode: Mode): void;
}

/** Step "mode": in person (with the desk's address) or remote. */
export function modeStep(v: ModeStepView): TemplateResult {
  const { desk, tr, selected } = v;
  const hint = (m: Mode) =>
    m === 'in_person' ? tr('mode.in_person_hint', { address: desk.address, city: desk.city }) : tr('mode.remote_hint');
  return html`<ul class="choices" role="list">
      ${v.modes.map((m) => choice(m === selected, () => v.pick(m), tr(`mode.${m}`), hint(m)))}
    </ul>
    ${nav(v, selected ? () => v.pick(selected) : undefined)}`;
}
