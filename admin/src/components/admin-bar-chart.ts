import { LitElement, css, html, svg } from 'lit';
import { property } from 'lit/decorators.js';
import type { Dashboard } from '../api';
import { define } from '../define';
import { formatDay, formatShortDay } from '../format';
import { t, type Lang } from '../i18n';
import { shared } from '../shared.styles';

type Week = Dashboard['weekly'][number];
type Series = 'requests' | 'attended' | 'noShows';
const SERIES: Series[] = ['requests', 'attended', 'noShows'];

/**
 * Weekly figures as a bar chart: an SVG image named by a summary in words, bars told apart by pattern as
 * well as colour, a legend, and the same data as a table behind a disclosure.
 */
export class AdminBarChart extends LitElement {
  static override styles = [
    shared,
    css`
      svg {
        width: 100%;
        height: auto;
        max-width: 48rem;
        background: var(--surface);
        border: 1px solid var(--line);
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.25rem;
        list-style: none;
        padding: 0;
      }
      .legend svg {
        width: 1.5rem;
        height: 1rem;
        border: 1px solid var(--ink);
        vertical-align: middle;
        margin-right: 0.35rem;
      }
    `,
  ];

  /** UI language. */
  @property({ attribute: false }) language: Lang = 'it';
  /** The weeks to draw, oldest first. */
  @property({ attribute: false }) weeks: Week[] = [];

  private seriesName(s: Series): string {
    return t(
      this.language,
      s === 'requests' ? 'dashboard.requests' : s === 'attended' ? 'dashboard.attended' : 'dashboard.no_shows',
    );
  }

  /** A pattern or fill per series, so the bars differ by texture as well as colour. */
  private fill(s: Series): string {
    return s === 'requests' ? '#0b5394' : s === 'attended' ? 'url(#p-attended)' : 'url(#p-noshows)';
  }

  private patterns() {
    return svg`<defs>
      <pattern id="p-attended" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#1d6b2c"></rect>
        <rect width="2" height="6" fill="#ffffff"></rect>
      </pattern>
      <pattern id="p-noshows" width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#ffffff"></rect>
        <circle cx="3" cy="3" r="1.8" fill="#8a1c1c"></circle>
      </pattern>
    </defs>`;
  }

  protected override render() {
    const weeks = this.weeks;
    const max = Math.max(1, ...weeks.flatMap((w) => SERIES.map((s) => w[s])));
    const W = 640;
    const H = 260;
    const left = 36;
    const bottom = 40;
    const top = 16;
    const plotH = H - bottom - top;
    const group = (W - left - 8) / Math.max(1, weeks.length);
    const bar = Math.max(3, (group - 8) / SERIES.length);
    const y = (v: number) => top + plotH - (v / max) * plotH;
    const ticks = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
    const total = (s: Series) => weeks.reduce((sum, w) => sum + w[s], 0);
    const first = weeks[0];
    const last = weeks[weeks.length - 1];
    const summary =
      first && last
        ? t(this.language, 'dashboard.chart_summary', {
            from: formatDay(first.weekStart, this.language),
            to: formatDay(last.weekEnd, this.language),
            requests: total('requests'),
            attended: total('attended'),
            noShows: total('noShows'),
            max: Math.max(...weeks.map((w) => w.requests)),
          })
        : '';
    return html`<section aria-labelledby="chart-h">
      <h2 id="chart-h">${t(this.language, 'dashboard.chart')}</h2>
      <ul class="legend" aria-hidden="true">
        ${SERIES.map(
          (s) =>
            html`<li>
              <svg viewBox="0 0 24 16"><rect width="24" height="16" fill=${this.fill(s)}></rect></svg
              >${this.seriesName(s)}
            </li>`,
        )}
      </ul>
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${summary}>
        ${this.patterns()}
        ${ticks.map(
          (v) => svg`<line x1=${left} x2=${W - 4} y1=${y(v)} y2=${y(v)} stroke="#c9c9c9"></line>
            <text x=${left - 6} y=${y(v) + 4} text-anchor="end" font-size="13" fill="#1a1a1a">${v}</text>`,
        )}
        ${weeks.map((w, i) => {
          const x0 = left + i * group + 4;
          return svg`${SERIES.map((s, j) => {
            const h = (w[s] / max) * plotH;
            return svg`<rect x=${x0 + j * bar} y=${top + plotH - h} width=${bar - 1} height=${h} fill=${this.fill(s)} stroke="#1a1a1a" stroke-width="0.5"></rect>`;
          })}
            <text x=${x0 + (bar * SERIES.length) / 2} y=${H - bottom + 14} text-anchor="middle" font-size="13" fill="#1a1a1a">${formatShortDay(w.weekStart, this.language)}</text>`;
        })}
        <line x1=${left} x2=${W - 4} y1=${top + plotH} y2=${top + plotH} stroke="#1a1a1a"></line>
      </svg>
      <details>
        <summary>${t(this.language, 'dashboard.chart_table')}</summary>
        <div class="table-wrap" role="region" tabindex="0" aria-labelledby="chart-table-caption">
          <table>
            <caption id="chart-table-caption">
              ${t(this.language, 'dashboard.chart')}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t(this.language, 'dashboard.week')}</th>
                ${SERIES.map((s) => html`<th scope="col">${this.seriesName(s)}</th>`)}
                <th scope="col">${t(this.language, 'dashboard.cancellations')}</th>
              </tr>
            </thead>
            <tbody>
              ${weeks.map(
                (w) =>
                  html`<tr>
                    <th scope="row">
                      ${t(this.language, 'closures.range', { from: formatDay(w.weekStart, this.language, false), to: formatDay(w.weekEnd, this.language) })}
                    </th>
                    ${SERIES.map((s) => html`<td>${w[s]}</td>`)}
                    <td>${w.cancellations}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>
    </section>`;
  }
}

define('admin-bar-chart', AdminBarChart);
