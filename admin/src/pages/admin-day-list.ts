import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import {
  checkInBooking,
  createWalkIn,
  getDayList,
  startBooking,
  volunteerChoices,
  type DayListBooking,
  type NewWalkIn,
  type Language,
} from '../api';
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
 * confirmed they will come, and the arrival. "Print" opens the browser's print dialog; the print stylesheet
 * leaves out the portal's header, menu and buttons.
 * On today's list the desk marks arrivals ("Arrivato") and records walk-ins (today's first free time, no
 * SMS); the desk and the booking's volunteer start meetings ("Inizia"), which marks them attended.
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
      .arrival button {
        margin-block: 0.15rem;
      }
      .walk-in-form {
        max-width: 32rem;
      }
      @media print {
        .arrival,
        thead th:last-child {
          /* Arrivals are recorded on screen during the day; the sheet is printed before it. */
          display: none !important;
        }
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

  /** The walk-in form being filled in; null when it is closed. */
  @state() private walkIn: {
    name: string;
    service: string;
    phone: string;
    language: Language;
    volunteerId: string;
  } | null = null;

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
        ${this.isToday && this.isDesk ? this.walkInSection() : nothing}
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
                this.t('day.col_arrival'),
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
      <td class="arrival">${this.arrival(b)}</td>
    </tr>`;
  }

  private get isToday(): boolean {
    return this.date === localDate(Date.now(), this.tz);
  }

  private get isDesk(): boolean {
    return this.staffRole === 'admin' || this.staffRole === 'reception';
  }

  /** Arrival and start times, with the buttons that record them (today only, on screen only). */
  private arrival(b: DayListBooking) {
    const l = this.language;
    const who = { name: b.person?.name ?? this.t('person.erased'), time: formatTime(b.start, this.tz, l) };
    const mine = this.isDesk || (this.user?.volunteerId != null && b.volunteer?.id === this.user.volunteerId);
    const canCheckIn = this.isToday && this.isDesk && b.status === 'confirmed' && !b.checkedInAt;
    const canStart = this.isToday && mine && (b.status === 'confirmed' || b.status === 'attended') && !b.startedAt;
    return html`${b.channel === 'walk_in' ? html`<span class="flag">${this.t('day.walk_in')}</span><br />` : nothing}
    ${b.checkedInAt ? html`${this.t('day.arrived_at', { time: formatTime(b.checkedInAt, this.tz, l) })}<br />` : nothing}
    ${b.startedAt ? html`${this.t('day.started_at', { time: formatTime(b.startedAt, this.tz, l) })}` : nothing}
    ${
      canCheckIn
        ? this.stepButton(`check-in-${b.id}`, this.t('day.check_in'), this.t('day.check_in_for', who), () =>
            this.act(() => checkInBooking(b.id), this.t('day.checked_in_done', who), `start-${b.id}`),
          )
        : nothing
    }
    ${
      canStart
        ? this.stepButton(`start-${b.id}`, this.t('day.start'), this.t('day.start_for', who), () =>
            this.act(() => startBooking(b.id), this.t('day.started_done', who), 'print'),
          )
        : nothing
    }
    ${!b.checkedInAt && !b.startedAt && !canCheckIn && !canStart && b.channel !== 'walk_in' ? '—' : nothing}`;
  }

  /** A row's arrival button: its visible word, and a name that says whose row (the word first). */
  private stepButton(id: string, label: string, name: string, run: () => void) {
    return html`<button
      type="button"
      class="screen-only"
      id=${id}
      aria-label=${name}
      ?disabled=${this.busy}
      @click=${run}
    >
      ${label}
    </button>`;
  }

  /** Runs an arrival step, reloads the list, says so, and puts focus where the next step is. */
  private async act(work: () => Promise<unknown>, done: string, next: string): Promise<void> {
    let ok = false;
    await this.perform(async () => {
      await work();
      await this.list.run();
      this.announce(done);
      this.dataChanged();
      ok = true;
    });
    if (!ok) return;
    // Once the buttons are enabled again: the next button of the same row, else the print button.
    await this.updateComplete;
    await this.focusId(this.renderRoot.querySelector(`#${CSS.escape(next)}`) ? next : 'print');
  }

  /** The walk-in button, or its form: name, service, optional phone and volunteer. */
  private walkInSection() {
    const f = this.walkIn;
    if (!f)
      return html`<p>
        <button type="button" id="walk-in-open" @click=${this.openWalkIn}>${this.t('day.walk_in_add')}</button>
      </p>`;
    const services = this.desk?.services ?? [];
    const vols = this.volunteers.value ?? [];
    const set = (patch: Partial<typeof f>) => (this.walkIn = { ...f, ...patch });
    return html`<form class="card walk-in-form" novalidate @submit=${this.submitWalkIn} aria-labelledby="walk-in-title">
      <h2 id="walk-in-title">${this.t('day.walk_in_title')}</h2>
      <p class="hint">${this.t('day.walk_in_intro')}</p>
      ${this.errorSummary('walk-in-summary', this.failure, this.errors, ['name', 'service', 'phone', 'language', 'volunteerId'])}
      ${this.input({ id: 'name', label: this.t('book.name'), value: f.name, error: this.errors.name, onInput: (v) => set({ name: v }) })}
      ${this.select({
        id: 'service',
        label: this.t('booking.service'),
        value: f.service,
        options: services.map((s) => [s.id, this.language === 'en' ? s.names.en : s.names.it] as const),
        error: this.errors.service,
        onChange: (v) => set({ service: v }),
      })}
      ${this.input({
        id: 'phone',
        label: this.t('day.walk_in_phone'),
        type: 'tel',
        optional: true,
        hint: this.t('day.walk_in_phone_hint'),
        value: f.phone,
        error: this.errors.phone,
        onInput: (v) => set({ phone: v }),
      })}
      ${this.select({
        id: 'language',
        label: this.t('book.language'),
        value: f.language,
        options: this.bookingLanguageOptions(),
        onChange: (v) => set({ language: v as Language }),
      })}
      ${this.select({
        id: 'volunteerId',
        label: this.t('booking.volunteer'),
        value: f.volunteerId,
        options: [['', this.t('day.any_volunteer')] as const, ...vols.map((v) => [v.id, v.name] as const)],
        error: this.errors.volunteerId,
        onChange: (v) => set({ volunteerId: v }),
      })}
      ${this.formButtons(this.t('day.walk_in_save'), () => this.closeWalkIn())}
    </form>`;
  }

  private openWalkIn = (): void => {
    this.walkIn = { name: '', service: this.desk?.services[0]?.id ?? '', phone: '', language: 'it', volunteerId: '' };
    this.openForm('name');
  };

  private closeWalkIn(): void {
    this.walkIn = null;
    this.errors = {};
    this.failure = '';
    void this.focusId('walk-in-open');
  }

  private submitWalkIn = async (e: Event): Promise<void> => {
    e.preventDefault();
    const f = this.walkIn;
    if (!f) return;
    const body: NewWalkIn = { name: f.name, service: f.service, language: f.language };
    if (f.phone.trim()) body.phone = f.phone;
    if (f.volunteerId) body.volunteerId = f.volunteerId;
    await this.attempt(async () => {
      const made = await createWalkIn(body);
      this.walkIn = null;
      this.errors = {};
      this.failure = '';
      await this.list.run();
      this.announce(
        this.t('day.walk_in_done', {
          name: made.person.name ?? '',
          time: formatTime(made.start, this.tz, this.language),
          volunteer: made.volunteer.name,
        }),
      );
      this.dataChanged();
      await this.focusId('walk-in-open');
    }, 'walk-in-summary');
  };
}
