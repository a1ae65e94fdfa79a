import { css, html, nothing, svg } from 'lit';
import { Task } from '@lit/task';
import { getDashboard, type Dashboard } from '../api';
import { formatDay, formatMonth, formatNumber, formatShortDay } from '../format';
import { PageElement } from '../page-element';
import { shared } from '../shared.styles';
import { href } from '../links';

type Series = 'requests' | 'attended' | 'noShows';
const SERIES: Series[] = ['requests', 'attended', 'noShows'];

function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * The desk at a glance: today's appointments, requests waiting, the month's figures and the last 12 weeks
 * as a bar chart (an SVG image with a summary, patterns as well as colours, and the same data as a table).
 */
export class AdminDashboard extends PageElement {
  static override styles = [
    shared,
    css`
      .figures {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
        gap: 0.75rem;
        margin: 0 0 1rem;
        padding: 0;
        list-style: none;
      }
      .figures li {
        background: var(--surface);
        border: 1px solid var(--line);
        border-radius: var(--radius);
        padding: 0.75rem;
      }
      .figure {
        display: block;
        font-size: 1.6rem;
        font-weight: 700;
      }
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

  private get month(): string | undefined {
    const m = this.route?.query.get('month');
    return m && /^\d{4}-(0[1-9]|1[0-2])$/.test(m) ? m : undefined;
  }

  private data = new Task(this, {
    task: ([month], { signal }) => getDashboard(month, signal),
    args: () => [this.month, this.language] as const,
  });

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('nav.dashboard')}</h1>
      ${this.renderTask(this.data, (d) => html`${this.today(d)} ${this.monthView(d)} ${this.chart(d)}`)}`;
  }

  private today(d: Dashboard) {
    return html`<section aria-labelledby="today-h">
      <h2 id="today-h">${this.t('dashboard.today', { day: formatDay(d.date, this.language) })}</h2>
      <p>
        <a href=${href('inbox')}
          >${this.t(d.pendingRequests === 1 ? 'dashboard.pending_one' : 'dashboard.pending', { n: d.pendingRequests })}</a
        >
      </p>
      ${
        d.today.length
          ? html`<ul>
              ${d.today.map(
                (b) =>
                  html`<li>
                    <a href=${href(`bookings/${b.id}`)}>${b.time}</a> · ${b.service.name} · ${this.modeText(b.mode)} ·
                    ${b.volunteer.name} · ${this.statusBadge(b.status)}
                  </li>`,
              )}
            </ul>`
          : html`<p>${this.t('dashboard.today_none')}</p>`
      }
    </section>`;
  }

  private monthView(d: Dashboard) {
    const m = d.month;
    const n = (x: number) => formatNumber(x, this.language);
    const rate =
      m.noShowRate === null
        ? '—'
        : formatNumber(m.noShowRate, this.language, { style: 'percent', maximumFractionDigits: 1 });
    const median = m.medianTimeToConfirmMinutes === null ? '—' : this.duration(m.medianTimeToConfirmMinutes);
    const figures: [string, string, string?][] = [
      [this.t('dashboard.requests'), n(m.requests)],
      [this.t('dashboard.confirmations'), n(m.confirmations)],
      [this.t('dashboard.cancellations'), n(m.cancellations), this.t('dashboard.late', { n: n(m.lateCancellations) })],
      [this.t('dashboard.attended'), n(m.attended)],
      [this.t('dashboard.no_shows'), n(m.noShows), this.t('dashboard.no_show_rate', { rate })],
      [this.t('dashboard.median_confirm'), median],
    ];
    return html`<section aria-labelledby="month-h">
      <h2 id="month-h">${this.t('dashboard.month', { month: formatMonth(`${m.month}-01`, this.language) })}</h2>
      <nav class="actions" aria-label=${this.t('dashboard.month_nav')}>
        <a class="button" href=${href('dashboard', { month: shiftMonth(m.month, -1) })}
          >${this.t('dashboard.prev_month')}</a
        >
        <a class="button" href=${href('dashboard', { month: shiftMonth(m.month, 1) })}
          >${this.t('dashboard.next_month')}</a
        >
      </nav>
      <ul class="figures">
        ${figures.map(
          ([label, value, extra]) =>
            html`<li>
              <span>${label}</span
              ><span class="figure">${value}</span>${extra ? html`<span class="muted">${extra}</span>` : nothing}
            </li>`,
        )}
      </ul>
    </section>`;
  }

  private duration(minutes: number): string {
    if (minutes < 60) return this.t('dashboard.minutes', { n: minutes });
    const h = Math.floor(minutes / 60);
    if (h < 48) return this.t('dashboard.hours', { n: h, m: minutes % 60 });
    return this.t('dashboard.days', { n: Math.round(h / 24) });
  }

  private seriesName(s: Series): string {
    return this.t(
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

  private chart(d: Dashboard) {
    const weeks = d.weekly;
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
        ? this.t('dashboard.chart_summary', {
            from: formatDay(first.weekStart, this.language),
            to: formatDay(last.weekEnd, this.language),
            requests: total('requests'),
            attended: total('attended'),
            noShows: total('noShows'),
            max: Math.max(...weeks.map((w) => w.requests)),
          })
        : '';
    return html`<section aria-labelledby="chart-h">
      <h2 id="chart-h">${this.t('dashboard.chart')}</h2>
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
        <summary>${this.t('dashboard.chart_table')}</summary>
        <div class="table-wrap" role="region" tabindex="0" aria-labelledby="chart-table-caption">
          <table>
            <caption id="chart-table-caption">
              ${this.t('dashboard.chart')}
            </caption>
            <thead>
              <tr>
                <th scope="col">${this.t('dashboard.week')}</th>
                ${SERIES.map((s) => html`<th scope="col">${this.seriesName(s)}</th>`)}
                <th scope="col">${this.t('dashboard.cancellations')}</th>
              </tr>
            </thead>
            <tbody>
              ${weeks.map(
                (w) =>
                  html`<tr>
                    <th scope="row">
                      ${this.t('closures.range', { from: formatDay(w.weekStart, this.language, false), to: formatDay(w.weekEnd, this.language) })}
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
