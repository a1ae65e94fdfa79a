import { css, html, nothing } from 'lit';
import { Task } from '@lit/task';
import { getDashboard, type Dashboard } from '../api';
import { formatDay, formatMonth, formatNumber } from '../format';
import '../components/admin-bar-chart';
import '../components/admin-rate-chart';
import type { RateRow } from '../components/admin-rate-chart';
import type { MessageKey } from '../i18n';
import { PageElement } from '../page-element';
import { shared } from '../shared.styles';
import { href } from '../links';

function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * The desk at a glance: today's appointments, requests waiting, the month's figures and the last 12 weeks
 * as a bar chart (<admin-bar-chart>).
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
      ${this.renderTask(this.data, (d) => html`${this.smsBudget(d)} ${this.today(d)} ${this.monthView(d)} ${this.waiting(d)} <admin-bar-chart .language=${this.language} .weeks=${d.weekly}></admin-bar-chart> ${this.noShows(d)}`)}`;
  }

  /** From 80 % of the monthly SMS budget reception is warned, before texts start to wait. */
  private smsBudget(d: Dashboard) {
    if (d.sms.state === 'ok') return nothing;
    const key = d.sms.state === 'near' ? 'dashboard.sms_budget_near' : 'dashboard.sms_budget_exhausted';
    return html`<p class="notice" role="status" data-sms-budget=${d.sms.state}>
      ${this.t(key, { sent: d.sms.sentThisMonth, budget: d.sms.budget })}
    </p>`;
  }

  private today(d: Dashboard) {
    return html`<section aria-labelledby="today-h">
      <h2 id="today-h">${this.t('dashboard.today', { day: formatDay(d.date, this.language) })}</h2>
      <p>
        <a href=${href('inbox')}>${this.t('dashboard.pending', { n: d.pendingRequests })}</a>
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
      [this.t('dashboard.cancellations'), n(m.cancellations), this.t('dashboard.late', { n: m.lateCancellations })],
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

  /** Waiting at the desk in the month: arrival to start, by channel, as a table (issue 15). */
  private waiting(d: Dashboard) {
    const n = (x: number) => formatNumber(x, this.language);
    return html`<section aria-labelledby="waiting-h">
      <h2 id="waiting-h">${this.t('dashboard.waiting')}</h2>
      <p>${this.t('dashboard.waiting_intro')}</p>
      ${
        d.waiting.length === 0
          ? html`<p class="muted">${this.t('dashboard.waiting_none')}</p>`
          : this.table({
              id: 'waiting',
              caption: this.t('dashboard.waiting_caption'),
              columns: [
                this.t('dashboard.waiting_channel'),
                this.t('dashboard.waiting_median'),
                this.t('dashboard.waiting_count'),
              ],
              rows: d.waiting.map(
                (w) =>
                  html`<tr>
                    <th scope="row">${this.t(`channel.${w.channel}`)}</th>
                    <td>${w.medianMinutes === null ? '—' : n(w.medianMinutes)}</td>
                    <td>${n(w.count)}</td>
                  </tr>`,
              ),
            })
      }
    </section>`;
  }

  private duration(minutes: number): string {
    if (minutes < 60) return this.t('dashboard.minutes', { n: minutes });
    const h = Math.floor(minutes / 60);
    if (h < 48) return this.t('dashboard.hours', { n: h, m: minutes % 60 });
    return this.t('dashboard.days', { n: Math.round(h / 24) });
  }

  /**
   * What the no-show tools do: the rate by month, then the chosen month's groups (reminder plan, attendance
   * confirmed, channel, language), the waitlist's refills and the call outcomes; a table under every chart.
   */
  private noShows(d: Dashboard) {
    const months = d.noShows;
    const current = months[months.length - 1];
    if (!current) return nothing;
    const L = (key: MessageKey) => this.t(key);
    const n = (x: number) => formatNumber(x, this.language);
    const pct = (x: number | null) =>
      x === null
        ? L('dashboard.ns_no_data')
        : formatNumber(x, this.language, { style: 'percent', maximumFractionDigits: 1 });
    const monthName = (m: string) => formatMonth(`${m}-01`, this.language);
    type Group = (typeof current.byChannel)[number];
    const rateRow = (label: string, g: Omit<Group, 'key'>): RateRow => ({
      label,
      value: g.rate,
      valueText: pct(g.rate),
      cells: [n(g.attended), n(g.noShows), pct(g.rate)],
    });
    const rateColumns = [L('dashboard.attended'), L('dashboard.no_shows'), L('dashboard.ns_rate')];
    const chart = (heading: MessageKey, rowHeader: MessageKey, columns: string[], rows: RateRow[], max = 1) =>
      html`<admin-rate-chart
        .language=${this.language}
        heading=${L(heading)}
        .rowHeader=${L(rowHeader)}
        .columns=${columns}
        .rows=${rows}
        .max=${max}
      ></admin-rate-chart>`;
    const byMonth = months.map((m) => ({
      ...rateRow(monthName(m.month), m.overall),
      cells: [...rateRow('', m.overall).cells, n(m.cancellations), n(m.lateCancellations)],
    }));
    const refill = months.map((m) => ({
      label: monthName(m.month),
      value: m.waitlist.refillShare,
      valueText: pct(m.waitlist.refillShare),
      cells: [
        n(m.waitlist.freedSlots),
        n(m.waitlist.refilled),
        pct(m.waitlist.refillShare),
        m.waitlist.medianRefillMinutes === null ? '—' : this.duration(m.waitlist.medianRefillMinutes),
      ],
    }));
    const outcomes = ['confirmed', 'cancelled', 'another_time', 'no_answer'] as const;
    const callMax = Math.max(1, ...outcomes.map((o) => current.calls[o]));
    const calls = outcomes.map((o) => ({
      label: L(`dashboard.ns_call.${o}`),
      value: current.calls[o],
      valueText: n(current.calls[o]),
      cells: months.map((m) => n(m.calls[o])),
    }));
    return html`<section aria-labelledby="ns-h">
      <h2 id="ns-h">${L('dashboard.ns_heading')}</h2>
      <p>${this.t('dashboard.ns_intro', { month: monthName(current.month) })}</p>
      ${chart('dashboard.ns_by_month', 'dashboard.ns_month', [...rateColumns, L('dashboard.cancellations'), L('dashboard.ns_late')], byMonth)}
      ${chart(
        'dashboard.ns_by_plan',
        'dashboard.ns_group',
        rateColumns,
        current.byReminderPlan.map((g) => rateRow(L(`dashboard.ns_plan.${g.key}`), g)),
      )}
      ${chart(
        'dashboard.ns_by_confirmed',
        'dashboard.ns_group',
        rateColumns,
        current.byAttendanceConfirmed.map((g) => rateRow(L(`dashboard.ns_${g.key}`), g)),
      )}
      ${chart(
        'dashboard.ns_by_channel',
        'dashboard.ns_group',
        rateColumns,
        current.byChannel.map((g) => rateRow(L(`channel.${g.key}`), g)),
      )}
      ${chart(
        'dashboard.ns_by_language',
        'dashboard.ns_group',
        rateColumns,
        current.byLanguage.map((g) => rateRow(L(`language.${g.key}`), g)),
      )}
      ${chart(
        'dashboard.ns_refill',
        'dashboard.ns_month',
        [L('dashboard.ns_freed'), L('dashboard.ns_refilled'), L('dashboard.ns_share'), L('dashboard.ns_median_refill')],
        refill,
      )}
      ${chart(
        'dashboard.ns_calls',
        'dashboard.ns_group',
        months.map((m) => monthName(m.month)),
        calls,
        callMax,
      )}
    </section>`;
  }
}
