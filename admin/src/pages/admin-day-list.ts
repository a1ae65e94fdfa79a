import { css, html, nothing } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import { getDayList, volunteerChoices, type DayListBooking } from '../api';
import type { Route } from '../router';
import { formatDay, formatPhone, formatTime, isDate, localDate } from '../format';
import { href } from '../links';
import { PageElement } from '../page-element';
import { printSheet } from '../print-sheet.styles';
import { shared } from '../shared.styles';
import { needsText } from '../components/admin-booking-needs';

/** Fields other parts of the staff booking JSON carry once they land; read defensively until then. */
interface Extra {
  videoLink?: string | null;
  accessibilityNeeds?: string | null;
  interpreterLanguage?: string | null;
  longAppointment?: boolean;
}

/**
 * The day list (#/day/YYYY-MM-DD?volunteer=ID): one day's appointments, of one volunteer or everyone's, as
 * a table made to be printed on one A4 sheet: time, person and phone ("no SMS: call to remind" when the
 * person has no mobile), service and mode with the video link, needs (the desk only), whether the person
 * confirmed they will come. "Print" opens the browser's print dialog; the print stylesheet leaves out
 * the portal's header, menu and buttons.
 */
export class AdminDayList extends PageElement {
  static override styles = [
    shared,
    printSheet,
    css`
      .sub {
        margin: 0 0 0.5rem;
        font-weight: 600;
      }
      .link {
        overflow-wrap: anywhere;
      }
      td,
      th {
        overflow-wrap: break-word;
      }
      .time,
      .phone {
        white-space: nowrap;
      }
      @media print {
        .sub,
        [role='status'],
        .notice {
          margin: 0 0 2mm;
          font-size: 10pt;
        }
        .status {
          border: none;
          padding: 0;
          font-size: 9pt;
          background: none;
          color: #000;
        }
      }
    `,
  ];

  private get date(): string {
    return isDate(this.route?.id) ? this.route.id : localDate(Date.now(), this.tz);
  }

  private get volunteerFilter(): string {
    return this.staffRole === 'volunteer' ? '' : (this.route?.query.get('volunteer') ?? '');
  }

  private list = new Task(this, {
    task: ([date, volunteer], { signal }) => getDayList({ date, volunteer: volunteer || undefined }, signal),
    args: () => [this.date, this.volunteerFilter, this.language] as const,
  });

  private volunteers = new Task(this, {
    task: ([role], { signal }) => volunteerChoices(role, signal),
    args: () => [this.staffRole] as const,
  });

  /** The route whose `print=1` was honoured (the agenda's one-click print), so it prints once. */
  private printedRoute: Route | null = null;

  protected override updated(): void {
    if (this.route?.query.get('print') !== '1' || this.printedRoute === this.route) return;
    if (this.list.status !== TaskStatus.COMPLETE) return;
    this.printedRoute = this.route;
    // Reloading or going back to this address shows the list without printing it again.
    history.replaceState(history.state, '', href(`day/${this.date}`, { volunteer: this.volunteerFilter || undefined }));
    requestAnimationFrame(() => window.print());
  }

  private get volunteerName(): string {
    if (this.staffRole === 'volunteer') return this.user?.name ?? '';
    const id = this.volunteerFilter;
    return id ? (this.volunteers.value?.find((v) => v.id === id)?.name ?? '') : this.t('agenda.all_volunteers');
  }

  protected override render() {
    const day = this.date;
    const vols = this.volunteers.value ?? [];
    return html`<h1 tabindex="-1">${this.t('day.title', { day: formatDay(day, this.language) })}</h1>
      <p class="sub">
        ${this.desk?.name ? html`${this.desk.name} · ` : nothing}${
          this.staffRole === 'volunteer' || this.volunteerFilter
            ? this.t('day.volunteer', { name: this.volunteerName })
            : this.volunteerName
        }
      </p>
      <div class="screen-only">
        <div class="actions">
          <button type="button" class="primary" id="print" @click=${() => window.print()}>
            ${this.t('day.print')}
          </button>
          <a
            class="button"
            href=${href('agenda', { view: 'day', date: day, volunteer: this.volunteerFilter || undefined })}
            >${this.t('day.back')}</a
          >
        </div>
        ${this.volunteerSelect(vols, this.volunteerFilter, (volunteer) => (location.hash = href(`day/${day}`, { volunteer })))}
      </div>
      ${this.renderTask(this.list, (d) => this.sheet(d.bookings, d.closed, d.needsShown))}`;
  }

  private sheet(list: DayListBooking[], closed: string | null, needsShown: boolean) {
    const all = !this.volunteerFilter && this.staffRole !== 'volunteer';
    return html`${
        closed === null
          ? nothing
          : html`<p class="notice">
              ${closed ? this.t('agenda.closed_reason', { reason: closed }) : this.t('agenda.closed')}
            </p>`
      }
      <p role="status">${this.t('day.count', { n: list.length })}</p>
      ${
        list.length
          ? this.table({
              id: 'day',
              caption: this.t('day.caption'),
              hideCaption: true,
              columns: [
                this.t('day.col_time'),
                this.t('day.col_person'),
                all ? this.t('day.col_volunteer') : nothing,
                this.t('day.col_service'),
                needsShown ? this.t('day.col_needs') : nothing,
                this.t('day.col_confirmed'),
              ],
              rows: list.map((b) => this.row(b, all, needsShown)),
            })
          : nothing
      }`;
  }

  private row(b: DayListBooking, all: boolean, needsShown: boolean) {
    const x = b as Extra;
    const l = this.language;
    return html`<tr>
      <th scope="row" class="time">
        ${formatTime(b.start, this.tz, l)}–${formatTime(b.end, this.tz, l)}
        ${b.status === 'confirmed' ? nothing : html`<br />${this.statusBadge(b.status)}`}
      </th>
      <td>
        ${b.person?.name ?? this.t('person.erased')}
        <br />${
          b.person?.phone
            ? html`<a class="phone" href="tel:${b.person.phone}"
                >${b.person.phoneDisplay || formatPhone(b.person.phone)}</a
              >`
            : this.t('day.no_phone')
        }
        ${b.phoneKind === 'mobile' ? nothing : html`<br />${this.noSmsMarker(b.phoneKind)}`}
        ${b.language === 'it' ? nothing : html`<br />${this.speaksMarker(b.language)}`}
      </td>
      ${all ? html`<td>${b.volunteer?.name ?? '—'}</td>` : nothing}
      <td>
        ${b.service.name} · <span class="muted">${this.modeText(b.mode)}</span>
        ${x.videoLink ? html`<br /><a class="link" href=${x.videoLink}>${x.videoLink}</a>` : nothing}
      </td>
      ${needsShown ? html`<td>${needsText(x, l) || '—'}</td>` : nothing}
      <td>
        ${
          b.attendanceConfirmedAt
            ? html`<span class="flag">✓ ${this.t('agenda.confirmed_flag')}</span>`
            : html`<span class="muted">${this.t('day.not_confirmed')}</span>`
        }
        ${b.callOutcome ? html`<br />${this.t('booking.call_outcome')}: ${this.t(`call_outcome.${b.callOutcome.outcome}`)}` : nothing}
      </td>
    </tr>`;
  }
}
