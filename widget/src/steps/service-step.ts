import { html, type TemplateResult } from 'lit';
import type { Service } from '../api';
import { choice, nav, noSlots, type StepView } from './parts';

export interface ServiceStepView extends StepView {
  /** The id of the service chosen so far. */
  selected?: string;
  pick(service: Service): void;
}

/** Step "service": the desk's services as choices, with their duration and description. */
export function serviceStep(v: ServiceStepView): TemplateResult {
  const { desk, lang, tr } = v;
  if (!desk.services.length) return noSlots(v);
  const current = desk.services.find((s) => s.id === v.selected);
  return html`<ul class="choices" role="list">
      ${desk.services.map((s) =>
        choice(
          s.id === v.selected,
          () => v.pick(s),
          s.names[lang],
          tr('service.duration', { minutes: s.durationMinutes }),
          s.descriptions[lang],
        ),
      )}
    </ul>
    ${nav(v, current ? () => v.pick(current) : undefined)}`;
}
