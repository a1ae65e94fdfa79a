import { html, nothing } from 'lit';
import { Task } from '@lit/task';
import { listBookings, listClosures, volunteerChoices, type BookingSummary } from '../api';
import { addDays, formatDay, formatTime, isDate, localDate, mondayOf, formatPhone } from '../format';
import { PageElement } from '../page-element';
import { href } from '../links';

/** Statuses that leave a booking out of the agenda unless asked for. */
const CLOSED = new Set(['cancelled', 'rejected', 'expired']);

/**
 * The agenda: a day or a week of appointments across volunteers (a volunteer sees their own), as tables
 * grouped by day and volunteer; previous/next, today, a date to jump to. Each booking links to its page.
 */
export class AdminAgenda extends PageElement {
  private get view(): 'day' | 'week' {
    return this.route?.query.get('view') === 'day' ? 'day' : 'week';
  }

  private get date(): string {
    const d = this.route?.query.get('date');
    return isDate(d) ? d : localDate(Date.now(), this.tz);
  }

  private get showAll(): boolean {
    return this.route?.query.get('all') === '1';
  }

  private get volunteerFilter(): string {
    return this.staffRole === 'volunteer' ? '' : (this.route?.query.get('volunteer') ?? '');
  }

  private get range(): { from: string; to: string } {
    if (this.view === 'day') return { from: this.date, to: this.date };
    const from = mondayOf(this.date);
    return { from, to: addDays(from, 6) };
  }

  private bookings = new Task(this, {
    task: async ([from, to, volunteer], { signal }) => {
      const { bookings } = await listBookings({ from, to, volunteer: volunteer || undefined }, signal);
      return bookings;
    },
    args: () => [this.range.from, this.range.to, this.volunteerFilter, this.language] as const,
  });

  /** Why the desk is closed on each closed day of the period (a holiday's name, a closure's reason or ''). */
  private closed = new Task(this, {
    task: async ([from, to, lang], { signal }) => {
      const years = [...new Set([from.slice(0, 4), to.slice(0, 4)])].map(Number);
      const lists = await Promise.all(years.map((y) => listClosures(y, signal)));
      const days = new Map<string, string>();
      for (let d = from; d <= to; d = addDays(d, 1)) {
        for (const { closures, holidays } of lists) {
          const holiday = holidays.find((h) => h.date === d);
          const closure = closures.find((c) => c.dateFrom <= d && c.dateTo >= d);
          if (holiday) days.set(d, holiday.name[lang]);
          else if (closure && !days.has(d)) days.set(d, closure.reason);
        }
      }
      return days;
    },
    args: () => [this.range.from, this.range.to, this.language] as const,
  });

  private volunteers = new Task(this, {
    task: ([role], { signal }) => volunteerChoices(role, signal),
    args: () => [this.staffRole] as const,
  });

  private link(query: Record<string, string | undefined>): string {
    return href('agenda', {
      view: this.view,
      date: this.route?.query.get('date') ?? undefined,
      volunteer: this.volunteerFilter || undefined,
      all: this.showAll ? '1' : undefined,
      ...query,
    });
  }

  private heading(): string {
    const { from, to } = this.range;
    return this.view === 'day'
      ? this.t('agenda.title_day', { day: formatDay(from, this.language) })
      : this.t('agenda.title_week', {
          from: formatDay(from, this.language, false),
          to: formatDay(to, this.language),
        });
  }

  private jump(e: Event): void {
    e.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#jump');
    const value = input?.value ?? '';
    if (isDate(value)) location.hash = this.link({ date: value });
  }

  protected override render() {
    const step = this.view === 'day' ? 1 : 7;
    const today = localDate(Date.now(), this.tz);
    const vols = this.volunteers.value ?? [];
    return html`<h1 tabindex="-1">${this.heading()}</h1>
      <nav class="actions" aria-label=${this.t('agenda.period_nav')}>
        <a class="button" href=${this.link({ date: addDays(this.date, -step) })}>
          ${this.t(this.view === 'day' ? 'agenda.prev_day' : 'agenda.prev_week')}
        </a>
        <a class="button" href=${this.link({ date: today })} aria-current=${this.date === today ? 'date' : nothing}>
          ${this.t('agenda.today')}
        </a>
        <a class="button" href=${this.link({ date: addDays(this.date, step) })}>
          ${this.t(this.view === 'day' ? 'agenda.next_day' : 'agenda.next_week')}
        </a>
      </nav>
      <div class="actions">
        <span id="view-label">${this.t('agenda.view')}</span>
        <a
          class="button ${this.view === 'day' ? 'primary' : ''}"
          href=${this.link({ view: 'day' })}
          aria-current=${this.view === 'day' ? 'true' : nothing}
          >${this.t('agenda.view_day')}</a
        >
        <a
          class="button ${this.view === 'week' ? 'primary' : ''}"
          href=${this.link({ view: 'week' })}
          aria-current=${this.view === 'week' ? 'true' : nothing}
          >${this.t('agenda.view_week')}</a
        >
      </div>
      <form class="actions" @submit=${this.jump}>
        <label for="jump">${this.t('agenda.go_to')}</label>
        <input id="jump" type="date" .value=${this.date} />
        <button type="submit">${this.t('agenda.go')}</button>
      </form>
      ${this.volunteerSelect(vols, this.volunteerFilter, (volunteer) => (location.hash = this.link({ volunteer })))}
      <div class="check">
        <input
          id="all"
          type="checkbox"
          .checked=${this.showAll}
          @change=${(e: Event) =>
            (location.hash = this.link({ all: (e.target as HTMLInputElement).checked ? '1' : undefined }))}
        />
        <label for="all">${this.t('agenda.show_closed')}</label>
      </div>
      ${this.renderTask(this.bookings, (list) => this.days(list))}`;
  }

  private days(list: BookingSummary[]) {
    const { from } = this.range;
    const n = this.view === 'day' ? 1 : 7;
    const visible = list.filter((b) => this.showAll || !CLOSED.has(b.status));
    const byDay = new Map<string, BookingSummary[]>();
    for (const b of visible) {
      const d = localDate(b.start, this.tz);
      byDay.set(d, [...(byDay.get(d) ?? []), b]);
    }
    const total = [...Array(n).keys()].reduce((sum, i) => sum + (byDay.get(addDays(from, i))?.length ?? 0), 0);
    return html`<p role="status">${this.t(total === 1 ? 'agenda.count_one' : 'agenda.count', { n: total })}</p>
      ${[...Array(n).keys()].map((i) => {
        const day = addDays(from, i);
        const items = (byDay.get(day) ?? []).sort((a, b) => (a.start < b.start ? -1 : 1));
        return html`<section aria-labelledby="d-${day}">
          <h2 id="d-${day}">${formatDay(day, this.language)}</h2>
          ${this.closedNote(day)}
          <p>
            <a href=${href(`day/${day}`, { volunteer: this.volunteerFilter || undefined, print: '1' })}
              >${this.t('agenda.day_list')}<span class="visually-hidden">: ${formatDay(day, this.language)}</span></a
            >
          </p>
          ${items.length ? this.dayTables(day, items) : html`<p class="muted">${this.t('agenda.day_empty')}</p>`}
        </section>`;
      })}`;
  }

  /** "Desk closed" under a closed day's heading (in words, not only a colour). */
  private closedNote(day: string) {
    const reason = this.closed.value?.get(day);
    if (reason === undefined) return nothing;
    return html`<p class="notice">${reason ? this.t('agenda.closed_reason', { reason }) : this.t('agenda.closed')}</p>`;
  }

  private dayTables(day: string, items: BookingSummary[]) {
    const groups = new Map<string, { name: string; items: BookingSummary[] }>();
    for (const b of items) {
      const key = b.volunteer?.id ?? '';
      const g = groups.get(key) ?? { name: b.volunteer?.name ?? '—', items: [] };
      g.items.push(b);
      groups.set(key, g);
    }
    const sorted = [...groups.entries()].sort((a, b) => a[1].name.localeCompare(b[1].name, this.language));
    return sorted.map(([vid, g]) =>
      this.table({
        id: `c-${day}-${vid}`,
        caption: html`${g.name}<span class="visually-hidden">, ${formatDay(day, this.language)}</span>`,
        columns: [this.t('agenda.col_time_status'), this.t('agenda.col_appointment'), this.t('agenda.col_person')],
        rows: g.items.map(
          (b) =>
            html`<tr>
              <th scope="row">
                <a href=${href(`bookings/${b.id}`)}
                  >${formatTime(b.start, this.tz, this.language)}–${formatTime(b.end, this.tz, this.language)}<span
                    class="visually-hidden"
                    >, ${this.t('agenda.open_booking')}</span
                  ></a
                ><br />${this.statusBadge(b.status)}${
                  b.attendanceConfirmedAt
                    ? html`<br /><span class="flag">✓ ${this.t('agenda.confirmed_flag')}</span>`
                    : nothing
                }
              </th>
              <td>${b.service.name}<br /><span class="muted">${this.modeText(b.mode)}</span></td>
              <td>
                ${b.person?.name ?? this.t('person.erased')}${
                  b.person?.phone
                    ? html`<br /><a href="tel:${b.person.phone}"
                          >${b.person.phoneDisplay || formatPhone(b.person.phone)}</a
                        >`
                    : nothing
                }${b.phoneKind === 'mobile' ? nothing : html`<br />${this.noSmsMarker(b.phoneKind)}`}${
                  b.language === 'it' ? nothing : html`<br />${this.speaksMarker(b.language)}`
                }
              </td>
            </tr>`,
        ),
      }),
    );
  }
}
