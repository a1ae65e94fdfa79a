import { css, html } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { getReport, registerExportPath, reportCsvPath, type Report, type ReportPeriod } from '../api';
import { formatMonth, formatNumber, localDate } from '../format';
import { href } from '../links';
import type { MessageKey } from '../i18n';
import { PageElement } from '../page-element';
import { printSheet } from '../print-sheet.styles';
import { shared } from '../shared.styles';

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** The register export's longest range (the server refuses more with 422). */
const MAX_EXPORT_DAYS = 366;
const DAY_MS = 86_400_000;

type Figures = Pick<ReportPeriod, 'bookings' | 'attended' | 'noShows' | 'cancellations' | 'lateCancellations'>;

/**
 * Rapporti (#/reports?from=YYYY-MM&to=YYYY-MM): the funders' report of a range of months, printable (tables
 * with captions, a print stylesheet as the day list's) and as a CSV, and the booking register of a date
 * range as CSV or .ics. Admin and reception.
 */
export class AdminReports extends PageElement {
  static override styles = [
    shared,
    printSheet,
    css`
      .range {
        display: flex;
        flex-wrap: wrap;
        gap: 0 1rem;
        align-items: flex-end;
      }
      .range > * {
        flex: 1 1 12rem;
      }
      td,
      th {
        text-align: end;
      }
      th[scope='row'],
      thead th:first-child {
        text-align: start;
      }
      @media print {
        h2 {
          font-size: 11pt;
          margin: 3mm 0 1mm;
        }
        .table-wrap {
          margin: 0 0 2mm;
        }
        caption {
          font-weight: 600;
          text-align: start;
        }
      }
    `,
  ];

  /** The months typed in the form (shown once "Mostra" puts them in the address). */
  @state() private fromMonth = '';
  @state() private toMonth = '';
  @state() private exportFrom = '';
  @state() private exportTo = '';
  @state() private exportFormat: 'csv' | 'ics' = 'csv';
  @state() private exportErrors: Record<string, string> = {};

  private get today(): string {
    return localDate(Date.now(), this.tz);
  }

  /** The range in the address, or this year up to this month. */
  private get range(): { from: string; to: string } {
    const q = this.route?.query;
    const month = this.today.slice(0, 7);
    const from = q?.get('from') ?? '';
    const to = q?.get('to') ?? '';
    return MONTH_RE.test(from) && MONTH_RE.test(to) && from <= to
      ? { from, to }
      : { from: `${month.slice(0, 4)}-01`, to: month };
  }

  private report = new Task(this, {
    task: ([from, to], { signal }) => getReport(from, to, signal),
    args: () => [this.range.from, this.range.to, this.language] as const,
  });

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // The form starts from the range shown; the register from the first to the last day of it.
    if (changed.has('route') || !this.fromMonth) {
      const { from, to } = this.range;
      this.fromMonth = from;
      this.toMonth = to;
      if (!this.exportFrom) {
        this.exportFrom = `${from}-01`;
        this.exportTo = this.today;
      }
    }
  }

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('nav.reports')}</h1>
      <p>${this.t('reports.intro')}</p>
      ${this.rangeForm()} ${this.renderTask(this.report, (r) => this.reportView(r))} ${this.registerForm()}`;
  }

  private rangeForm() {
    const e = this.errors;
    return html`<form class="card screen-only" novalidate @submit=${this.show} aria-labelledby="period-h">
      <h2 id="period-h">${this.t('reports.period')}</h2>
      ${this.errorSummary('summary', this.failure, e, ['from', 'to'])}
      <div class="range">
        ${this.input({
          id: 'from',
          label: this.t('reports.from'),
          type: 'month',
          hint: this.t('reports.month_hint'),
          value: this.fromMonth,
          error: e.from,
          onInput: (v) => (this.fromMonth = v),
        })}
        ${this.input({
          id: 'to',
          label: this.t('reports.to'),
          type: 'month',
          hint: this.t('reports.month_hint'),
          value: this.toMonth,
          error: e.to,
          onInput: (v) => (this.toMonth = v),
        })}
      </div>
      <div class="actions">
        <button type="submit" class="primary">${this.t('reports.show')}</button>
        <button type="button" id="print" @click=${() => window.print()}>${this.t('reports.print')}</button>
        <a class="button" id="csv" href=${reportCsvPath(this.range.from, this.range.to)} download
          >${this.t('reports.csv')}</a
        >
      </div>
    </form>`;
  }

  private show = async (ev: Event) => {
    ev.preventDefault();
    const from = this.fromMonth.trim();
    const to = this.toMonth.trim();
    const errors: Record<string, string> = {};
    if (!MONTH_RE.test(from)) errors.from = this.t('reports.error_month');
    if (!MONTH_RE.test(to)) errors.to = this.t('reports.error_month');
    else if (!errors.from && to < from) errors.to = this.t('reports.error_order');
    if (await this.refused(errors)) return;
    location.hash = href('reports', { from, to });
  };

  private reportView(r: Report) {
    const { from, to } = this.range;
    const monthName = (m: string) => formatMonth(`${m}-01`, this.language);
    return html`<h2 id="report-h">${this.t('reports.heading', { from: monthName(from), to: monthName(to) })}</h2>
      ${this.periodTable(
        'months',
        this.t('reports.by_month'),
        this.t('reports.col_month'),
        r.months.map((m) => [monthName(m.month), m] as const),
      )}
      ${this.periodTable(
        'years',
        this.t('reports.by_year'),
        this.t('reports.col_year'),
        r.years.map((y) => [this.t('reports.year_label', { year: y.year, n: y.months }), y] as const),
      )}
      ${r.years.map((y) => this.breakdown(y))}`;
  }

  /** A figure in the page's language. */
  private n(x: number): string {
    return formatNumber(x, this.language);
  }

  private cells(f: Figures) {
    return html`<td>${this.n(f.bookings)}</td>
      <td>${this.n(f.attended)}</td>
      <td>${this.n(f.noShows)}</td>
      <td>${this.n(f.cancellations)}</td>
      <td>${this.n(f.lateCancellations)}</td>`;
  }

  private figureColumns(): string[] {
    return [
      this.t('reports.col_bookings'),
      this.t('reports.col_attended'),
      this.t('reports.col_no_shows'),
      this.t('reports.col_cancellations'),
      this.t('reports.col_late'),
    ];
  }

  /** Months or years, one row each, with new and returning people and the follow-ups held. */
  private periodTable(id: string, caption: string, first: string, rows: readonly (readonly [string, ReportPeriod])[]) {
    const person = (p: ReportPeriod, key: string) => p.byPerson.find((g) => g.person === key)?.bookings ?? 0;
    return this.table({
      id,
      caption,
      columns: [
        first,
        ...this.figureColumns(),
        this.t('reports.person.new'),
        this.t('reports.person.returning'),
        this.t('reports.col_follow_ups'),
      ],
      rows: rows.map(
        ([label, p]) =>
          html`<tr>
            <th scope="row">${label}</th>
            ${this.cells(p)}
            <td>${this.n(person(p, 'new'))}</td>
            <td>${this.n(person(p, 'returning'))}</td>
            <td>${this.n(p.followUps.attended)}</td>
          </tr>`,
      ),
    });
  }

  /** A year's figures by service, mode, channel, language and person. */
  private breakdown(y: Report['years'][number]) {
    if (y.bookings === 0) return html`<p>${y.year}: ${this.t('reports.none')}</p>`;
    const period = y.year;
    const group = (id: string, caption: MessageKey, first: MessageKey, rows: { label: string; f: Figures }[]) =>
      this.table({
        id: `${id}-${y.year}`,
        caption: this.t(caption, { period }),
        columns: [this.t(first), ...this.figureColumns()],
        rows: rows.map(
          (r) =>
            html`<tr>
              <th scope="row">${r.label}</th>
              ${this.cells(r.f)}
            </tr>`,
        ),
      });
    const language = (l: string) => {
      const key = `language.${l}` as MessageKey;
      return this.t(key);
    };
    return html`${group(
      'service',
      'reports.by_service',
      'reports.col_service',
      y.byService.map((s) => ({ label: s.name, f: s })),
    )}
    ${group(
      'mode',
      'reports.by_mode',
      'reports.col_mode',
      y.byMode.map((g) => ({ label: this.modeText(g.mode), f: g })),
    )}
    ${group(
      'channel',
      'reports.by_channel',
      'reports.col_channel',
      y.byChannel.map((g) => ({ label: this.t(`channel.${g.channel}` as MessageKey), f: g })),
    )}
    ${group(
      'language',
      'reports.by_language',
      'reports.col_language',
      y.byLanguage.map((g) => ({ label: language(g.language), f: g })),
    )}
    ${group(
      'person',
      'reports.by_person',
      'reports.col_person',
      y.byPerson.map((g) => ({ label: this.t(`reports.person.${g.person}` as MessageKey), f: g })),
    )}`;
  }

  private registerForm() {
    const e = this.exportErrors;
    return html`<form class="card screen-only" novalidate @submit=${this.download} aria-labelledby="register-h">
      <h2 id="register-h">${this.t('reports.register')}</h2>
      <p>${this.t('reports.register_intro')}</p>
      ${this.errorSummary('register-summary', '', e, ['exportFrom', 'exportTo'])}
      <div class="range">
        ${this.input({
          id: 'exportFrom',
          label: this.t('reports.register_from'),
          type: 'date',
          value: this.exportFrom,
          error: e.exportFrom,
          onInput: (v) => (this.exportFrom = v),
        })}
        ${this.input({
          id: 'exportTo',
          label: this.t('reports.register_to'),
          type: 'date',
          value: this.exportTo,
          error: e.exportTo,
          onInput: (v) => (this.exportTo = v),
        })}
        ${this.select({
          id: 'exportFormat',
          label: this.t('reports.format'),
          value: this.exportFormat,
          options: [
            ['csv', this.t('reports.format_csv')],
            ['ics', this.t('reports.format_ics')],
          ],
          onChange: (v) => (this.exportFormat = v === 'ics' ? 'ics' : 'csv'),
        })}
      </div>
      <div class="actions">
        <button type="submit" class="primary" id="download">${this.t('reports.download')}</button>
      </div>
    </form>`;
  }

  private download = async (ev: Event) => {
    ev.preventDefault();
    const from = this.exportFrom.trim();
    const to = this.exportTo.trim();
    const errors: Record<string, string> = {};
    if (!DATE_RE.test(from)) errors.exportFrom = this.t('reports.error_date');
    if (!DATE_RE.test(to)) errors.exportTo = this.t('reports.error_date');
    else if (!errors.exportFrom) {
      const days = (Date.parse(to) - Date.parse(from)) / DAY_MS;
      if (days < 0) errors.exportTo = this.t('reports.error_order');
      else if (days + 1 > MAX_EXPORT_DAYS) errors.exportTo = this.t('reports.error_range');
    }
    this.exportErrors = errors;
    if (Object.keys(errors).length) {
      await this.focusId('register-summary');
      return;
    }
    // The answer is an attachment: the browser saves it and the page stays.
    const link = document.createElement('a');
    link.href = registerExportPath(from, to, this.exportFormat);
    link.download = '';
    link.click();
    this.announce(this.t('reports.downloading'));
  };
}
