import { html, nothing } from 'lit';

/** One choice of a radio group. */
export interface RadioChoice {
  id: string;
  label: unknown;
  checked: boolean;
  value?: string;
}

/**
 * A radio group: a fieldset with its legend, the group's error tied to it (aria-describedby) and one
 * labelled radio per choice. `onChoose` gets the index of the chosen one. Renders into the caller's root,
 * so the labels and the error stay next to their controls.
 */
export function radioGroup(o: {
  name: string;
  legend: unknown;
  errorId: string;
  error?: string;
  choices: readonly RadioChoice[];
  onChoose: (index: number) => void;
  /** A class for the box around the choices (the slot picker lays its times out in a grid). */
  listClass?: string;
  /** Help below the choices, tied to the group as its description. */
  hint?: { id: string; text: unknown };
}) {
  const radios = o.choices.map(
    (c, i) =>
      html`<div class="check">
        <input
          type="radio"
          id=${c.id}
          name=${o.name}
          value=${c.value ?? nothing}
          .checked=${c.checked}
          @change=${() => o.onChoose(i)}
        />
        <label for=${c.id}>${c.label}</label>
      </div>`,
  );
  const describedBy = [o.error ? o.errorId : '', o.hint?.id ?? ''].filter(Boolean).join(' ');
  return html`<fieldset aria-describedby=${describedBy || nothing}>
    <legend>${o.legend}</legend>
    ${o.error ? html`<p id=${o.errorId} class="field-error">${o.error}</p>` : nothing}
    ${o.listClass ? html`<div class=${o.listClass}>${radios}</div>` : radios}
    ${o.hint ? html`<p id=${o.hint.id} class="hint">${o.hint.text}</p>` : nothing}
  </fieldset>`;
}
