import { LitElement, css, html, svg } from 'lit';
import { property } from 'lit/decorators.js';
import { define } from '../define';
import { t, type Lang } from '../i18n';
import { shared } from '../shared.styles';

/** One bar and its table row: the bar's length (null: no data), its figure in words, the row's other cells. */
export interface RateRow {
  label: string;
  value: number | null;
  valueText: string;
  cells: string[];
}

/**
 * A small horizontal bar chart with its table right under it: the chart is an image named by the same
 * figures in words; the table is the data for everyone (one series, so colour carries no meaning).
 */
export class AdminRateChart extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        margin-block: 0 1.5rem;
      }
      h3 {
        margin-block: 1rem 0.5rem;
      }
      svg {
        display: block;
        inline-size: 100%;
        max-inline-size: 36rem;
        block-size: auto;
        background: var(--surface);
        border: 1px solid var(--line);
      }
    `,
  ];

  @property({ attribute: false }) language: Lang = 'it';
  @property() heading = '';
  /** The header of the first column (what each row is). */
  @property({ attribute: false }) rowHeader = '';
  /** Headers of the other columns. */
  @property({ attribute: false }) columns: string[] = [];
  @property({ attribute: false }) rows: RateRow[] = [];
  /** The value of a full bar (1 for a share). */
  @property({ type: Number }) max = 1;

  protected override render() {
    const W = 360;
    const rowH = 40;
    const H = Math.max(1, this.rows.length) * rowH + 8;
    const barMax = W - 90;
    const items = this.rows.map((r) => `${r.label}: ${r.valueText}`).join('; ');
    const summary = t(this.language, 'dashboard.ns_summary', { title: this.heading, items });
    return html`<section aria-labelledby="h">
      <h3 id="h">${this.heading}</h3>
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${summary}>
        ${this.rows.map((r, i) => {
          const y = 4 + i * rowH;
          const w =
            r.value === null || this.max <= 0 ? 0 : Math.max(1, (Math.min(r.value, this.max) / this.max) * barMax);
          return svg`<text x="6" y=${y + 14} font-size="14" fill="#1a1a1a">${r.label}</text>
            <rect x="6" y=${y + 20} width=${w} height="14" fill="#0b5394" stroke="#1a1a1a" stroke-width="0.5"></rect>
            <text x=${w + 12} y=${y + 32} font-size="14" fill="#1a1a1a">${r.valueText}</text>`;
        })}
      </svg>
      <div class="table-wrap" role="region" tabindex="0" aria-labelledby="c">
        <table>
          <caption id="c">
            ${this.heading}
          </caption>
          <thead>
            <tr>
              <th scope="col">${this.rowHeader}</th>
              ${this.columns.map((c) => html`<th scope="col">${c}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${this.rows.map(
              (r) =>
                html`<tr>
                  <th scope="row">${r.label}</th>
                  ${r.cells.map((c) => html`<td>${c}</td>`)}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }
}

define('admin-rate-chart', AdminRateChart);
