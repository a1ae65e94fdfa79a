import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import {
  ApiError,
  cancelBooking,
  confirmBooking,
  getBooking,
  listVolunteers,
  changeBookingLanguage,
  changeReminderPlan,
  markAttendance,
  checkInBooking,
  startBooking,
  rejectBooking,
  rescheduleBooking,
  saveNote,
  saveNeeds,
  type BookingDetail,
  type BookingEvent,
  type Language,
  type Message,
  type StaffSlot,
  type Volunteer,
} from '../api';
import '../components/admin-slot-picker';
import '../components/admin-arrival';
import type { SlotChangeEvent } from '../components/admin-slot-picker';
import type { NeedsSubmitEvent } from '../components/admin-booking-needs';
import '../components/admin-booking-needs';
import type { ArrivalStepEvent } from '../components/admin-arrival';
import { formatDateTime, formatShortDateTime, formatTime, localDate } from '../format';
import { hasKey } from '../i18n';
import { REMINDER_PLANS, type ReminderPlan } from '../../../worker/src/domain/vocabulary';
import { PageElement } from '../page-element';
import { href } from '../links';
import { nextStep } from '../components/next-step';

type Panel = '' | 'reject' | 'cancel' | 'reschedule';

/**
 * One booking: its details, its history (every status change and message: who, when, what) and the
 * actions its status allows: confirm/reject a request, reschedule to a free slot, cancel with a reason,
 * attended / no-show, internal note.
 */
/** A button of the actions row: what it says and does; `waits` disables it while a call runs. */
interface ActionButton {
  label: string;
  run: () => unknown;
  id?: string;
  cls?: string;
  waits?: boolean;
}

export class AdminBooking extends PageElement {
  @state() private panel: Panel = '';
  @state() private reason = '';
  @state() private reasonError = '';
  @state() private chosenSlot: StaffSlot | null = null;
  /** Volunteer chosen for confirming a request (empty: the suggested one). */
  @state() private confirmVolunteer = '';
  @state() private slotError = '';
  @state() private rescheduleVolunteer = '';
  /** "Earliest with anyone": without it a move keeps the booking's volunteer (and shows only their times). */
  @state() private rescheduleAnyone = false;
  @state() private note: string | null = null;
  /** The language form is open, with the language chosen in it. */
  @state() private languageChoice: Language | null = null;
  /** The reminder plan form is open, with the plan chosen in it. */
  @state() private planChoice: ReminderPlan | null = null;
  @state() private reload = 0;

  private booking = new Task(this, {
    task: ([id], { signal }) => getBooking(id, signal),
    args: () => [this.route?.id ?? '', this.reload, this.language] as const,
    onComplete: (b) => {
      this.note = b.staffNote ?? '';
    },
  });

  private volunteers = new Task(this, {
    task: async ([role], { signal }) => {
      if (role === 'volunteer') return [] as Volunteer[];
      try {
        return (await listVolunteers(signal)).volunteers.filter((v) => v.active);
      } catch (e) {
        if (e instanceof ApiError && e.status === 403) return [] as Volunteer[];
        throw e;
      }
    },
    args: () => [this.staffRole] as const,
  });

  private open(panel: Panel, focusId: string): void {
    this.panel = panel;
    this.reason = '';
    this.reasonError = '';
    this.chosenSlot = null;
    this.slotError = '';
    this.failure = '';
    this.rescheduleAnyone = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${focusId}`)?.focus());
  }

  private close(returnTo: string): void {
    this.panel = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${returnTo}`)?.focus());
  }

  /** Runs an action, then reloads the booking and reads the result out (or shows why it failed). */
  private async act(run: () => Promise<unknown>, done: string): Promise<void> {
    this.busy = true;
    this.failure = '';
    try {
      await run();
      this.panel = '';
      this.reload++;
      this.dataChanged();
      this.announce(done);
      await this.booking.taskComplete.catch(() => undefined);
      await this.focusHeading();
    } catch (e) {
      this.failure = this.errorText(e);
      this.announce(this.failure, true);
      if (e instanceof ApiError && (e.code === 'invalid_transition' || e.code === 'conflict')) this.reload++;
    } finally {
      this.busy = false;
    }
  }

  private submitReason(e: Event, b: BookingDetail, kind: 'reject' | 'cancel'): void {
    e.preventDefault();
    if (!this.reason.trim()) {
      this.reasonError = this.t(kind === 'reject' ? 'inbox.reason_missing' : 'booking.cancel_reason_missing');
      this.renderRoot.querySelector<HTMLElement>('#reason')?.focus();
      return;
    }
    const reason = this.reason.trim();
    void this.act(
      () => (kind === 'reject' ? rejectBooking(b.id, reason) : cancelBooking(b.id, reason)),
      this.t(kind === 'reject' ? 'booking.rejected' : 'booking.cancelled'),
    );
  }

  private submitReschedule(e: Event, b: BookingDetail): void {
    e.preventDefault();
    if (!this.chosenSlot) {
      this.slotError = this.t('booking.slot_missing');
      return;
    }
    const slot = this.chosenSlot;
    void this.act(
      () => rescheduleBooking(b.id, slot.start, this.rescheduleVolunteer || undefined, this.rescheduleAnyone),
      this.t('booking.rescheduled', { when: formatDateTime(slot.start, this.tz, this.language) }),
    );
  }

  private submitLanguage(e: Event, b: BookingDetail): void {
    e.preventDefault();
    const language = this.languageChoice ?? b.language;
    const name = this.keyText(`language.${language}`, language);
    void this.act(
      async () => {
        await changeBookingLanguage(b.id, language);
        this.languageChoice = null;
      },
      this.t('booking.language_saved', { language: name }),
    );
  }

  private openLanguage(b: BookingDetail): void {
    this.languageChoice = b.language;
    this.failure = '';
    void this.focusId('language-choice');
  }

  private closeLanguage(): void {
    this.languageChoice = null;
    void this.focusId('open-language');
  }

  /** The person's language, and for the desk a button that opens the form to change it. */
  private languageFact(b: BookingDetail) {
    const name = this.keyText(`language.${b.language}`, b.language);
    if (this.staffRole === 'volunteer') return name;
    return html`${name}
      <button type="button" id="open-language" @click=${() => this.openLanguage(b)}>
        ${this.t('booking.change_language')}
      </button>`;
  }

  private languageForm(b: BookingDetail) {
    if (this.languageChoice === null) return nothing;
    return html`<form
      class="card"
      novalidate
      aria-labelledby="language-h"
      @submit=${(e: Event) => this.submitLanguage(e, b)}
    >
      <h2 id="language-h">${this.t('booking.language_heading')}</h2>
      ${this.select({
        id: 'language-choice',
        label: this.t('booking.language'),
        hint: this.t('booking.language_hint'),
        value: this.languageChoice,
        options: this.bookingLanguageOptions(),
        onChange: (v) => (this.languageChoice = v as Language),
      })}
      ${this.formButtons(this.t('booking.language_submit'), () => this.closeLanguage(), { cancelLabel: this.t('common.back') })}
    </form>`;
  }

  /** The booking's reminders in words, and for the desk a button that opens the form to change them. */
  private planFact(b: BookingDetail) {
    const name = this.t(`plan.${b.reminderPlan}`);
    if (this.staffRole === 'volunteer' || (b.status !== 'requested' && b.status !== 'confirmed')) return name;
    return html`${name}
      <button type="button" id="open-plan" @click=${() => this.openPlan(b)}>${this.t('booking.change_plan')}</button>`;
  }

  private openPlan(b: BookingDetail): void {
    this.planChoice = b.reminderPlan;
    this.failure = '';
    void this.focusId(`plan-${b.reminderPlan}`);
  }

  private closePlan(): void {
    this.planChoice = null;
    void this.focusId('open-plan');
  }

  /** The five plans as radio buttons: one click to choose, one to save. */
  private planForm(b: BookingDetail) {
    if (this.planChoice === null) return nothing;
    const chosen = this.planChoice;
    return html`<form
      class="card"
      novalidate
      aria-labelledby="plan-h"
      @submit=${(e: Event) => {
        e.preventDefault();
        void this.act(
          async () => {
            await changeReminderPlan(b.id, chosen);
            this.planChoice = null;
          },
          this.t('booking.plan_saved', { plan: this.t(`plan.${chosen}`) }),
        );
      }}
    >
      <fieldset>
        <legend><h2 id="plan-h">${this.t('booking.plan_heading')}</h2></legend>
        ${REMINDER_PLANS.map(
          (p) =>
            html`<div class="check">
              <input
                type="radio"
                name="plan"
                id="plan-${p}"
                .checked=${p === chosen}
                @change=${() => (this.planChoice = p)}
              />
              <label for="plan-${p}">${this.t(`plan.${p}`)}</label>
            </div>`,
        )}
      </fieldset>
      ${this.formButtons(this.t('booking.plan_submit'), () => this.closePlan(), { cancelLabel: this.t('common.back') })}
    </form>`;
  }

  /** The last call from the call list, in words. */
  private callFact(b: BookingDetail) {
    const c = b.callOutcome;
    return c ? `${this.t(`call_outcome.${c.outcome}`)}, ${formatDateTime(c.at, this.tz, this.language)}` : null;
  }

  private submitNote(e: Event, b: BookingDetail): void {
    e.preventDefault();
    void this.act(() => saveNote(b.id, (this.note ?? '').trim()), this.t('booking.note_saved'));
  }

  protected override render() {
    return this.renderTask(this.booking, (b) => this.page(b));
  }

  private page(b: BookingDetail) {
    const l = this.language;
    return html`<p><a href=${href('agenda', { date: undefined })}>${this.t('booking.back_agenda')}</a></p>
      <h1 tabindex="-1">${this.t('booking.heading', { ref: b.reference })}</h1>
      <p>
        ${this.statusBadge(b.status)}${b.lateCancellation ? html` <span class="status">${this.t('booking.late')}</span>` : nothing}
        ${this.noSmsMarker(b.phoneKind)} ${this.speaksMarker(b.language)}
      </p>
      ${this.facts([
        [this.t('booking.when'), `${formatDateTime(b.start, this.tz, l)}–${formatTime(b.end, this.tz, l)}`],
        [this.t('booking.service'), b.service.name],
        [this.t('booking.mode'), this.modeText(b.mode)],
        [this.t('booking.volunteer'), b.volunteer?.name ?? '—'],
        [this.t('booking.person'), b.person?.name ?? this.t('person.erased')],
        [
          this.t(b.phoneKind === 'landline' ? 'book.phone_kind_landline' : 'booking.phone'),
          b.phoneKind === 'none'
            ? this.t('book.phone_kind_none')
            : this.phoneLink(b.person?.phone, b.person?.phoneDisplay),
        ],
        [
          this.t('booking.email'),
          b.person?.email ? html`<a href="mailto:${b.person.email}">${b.person.email}</a>` : null,
        ],
        [this.t('booking.note'), b.note],
        [this.t('booking.accessibility'), b.accessibilityNeeds],
        [this.t('booking.channel'), this.keyText(`channel.${b.channel}`, b.channel)],
        [this.t('booking.language'), this.languageFact(b)],
        [this.t('booking.reminder_plan'), this.planFact(b)],
        [this.t('booking.call_outcome'), this.callFact(b)],
        [this.t('booking.cancel_reason'), b.cancelReason],
        [this.t('booking.reject_reason'), b.rejectReason],
      ])}
      ${this.languageForm(b)} ${this.planForm(b)}
      <admin-booking-needs
        .language=${l}
        .booking=${b}
        ?editable=${this.staffRole !== 'volunteer' && !b.erased}
        ?busy=${this.busy}
        @needs-submit=${(e: NeedsSubmitEvent) => void this.act(() => saveNeeds(b.id, e.change), this.t('needs.saved'))}
      ></admin-booking-needs>
      <div role="alert">${this.failure ? html`<p class="alert">${this.failure}</p>` : nothing}</div>
      ${this.actions(b)} ${this.arrival(b)} ${nextStep(b, (k) => this.t(k))} ${this.noteForm(b)} ${this.history(b)}`;
  }

  /** Arrival and start on the booking's day (issue 15): the desk checks in; the desk or its volunteer starts. */
  private arrival(b: BookingDetail) {
    const today = b.localDate === localDate(Date.now(), this.tz);
    const desk = this.staffRole !== 'volunteer';
    const open = b.status === 'confirmed' || b.status === 'attended';
    return html`<admin-arrival
      .language=${this.language}
      .timeZone=${this.tz}
      .checkedInAt=${b.checkedInAt}
      .startedAt=${b.startedAt}
      ?canCheckIn=${today && desk && b.status === 'confirmed' && !b.checkedInAt}
      ?canStart=${today && open && !b.startedAt}
      ?busy=${this.busy}
      @admin-arrival-step=${(e: ArrivalStepEvent) =>
        e.step === 'check_in'
          ? this.act(() => checkInBooking(b.id), this.t('day.checked_in_done', { name: b.person?.name ?? '' }))
          : this.act(() => startBooking(b.id), this.t('day.started_done', { name: b.person?.name ?? '' }))}
    ></admin-arrival>`;
  }

  private keyText(key: string, fallback: string): string {
    return hasKey(key) ? this.t(key) : fallback;
  }

  private actions(b: BookingDetail): TemplateResult | typeof nothing {
    const s = b.status;
    if (s === 'attended' || s === 'no_show') return this.correction(b, s);
    if (s !== 'requested' && s !== 'confirmed') return nothing;
    const desk = this.staffRole !== 'volunteer';
    // Volunteers record outcomes of their own appointments; deciding, moving and cancelling is the desk's job.
    if (!desk && s !== 'confirmed') return nothing;
    const free = b.availableVolunteers ?? [];
    const suggested = b.suggestedVolunteerId ?? b.volunteer.id;
    return html`<section aria-labelledby="actions-h">
      <h2 id="actions-h">${this.t('booking.actions')}</h2>
      ${
        this.panel === ''
          ? html`${
                s === 'requested' && free.length
                  ? html`<div class="field">
                      <label for="confirm-vol">${this.t('inbox.volunteer')}</label>
                      <select
                        id="confirm-vol"
                        aria-describedby="confirm-vol-hint"
                        @change=${(e: Event) => (this.confirmVolunteer = (e.target as HTMLSelectElement).value)}
                      >
                        ${free.map(
                          (v) =>
                            html`<option value=${v.id} ?selected=${v.id === (this.confirmVolunteer || suggested)}>
                              ${v.name}
                            </option>`,
                        )}
                      </select>
                      <span id="confirm-vol-hint" class="hint">${this.t('inbox.volunteer_hint')}</span>
                    </div>`
                  : nothing
              }
              <div class="actions">${this.actionButtons(b, s, desk, free.length ? suggested : undefined)}</div>
              ${s === 'confirmed' ? html`<p class="hint">${this.t('booking.outcome_hint')}</p>` : nothing}`
          : nothing
      }
      ${this.panel === 'reject' || this.panel === 'cancel' ? this.reasonForm(b, this.panel) : nothing}
      ${this.panel === 'reschedule' ? this.rescheduleForm(b) : nothing}
    </section>`;
  }

  /** The buttons of a request (confirm, reject) or an appointment (attended, no-show), and the desk's own. */
  private actionButtons(b: BookingDetail, s: BookingDetail['status'], desk: boolean, suggested: string | undefined) {
    const buttons: ActionButton[] =
      s === 'requested'
        ? [
            {
              label: this.t('inbox.confirm'),
              cls: 'primary',
              waits: true,
              run: () =>
                this.act(() => confirmBooking(b.id, this.confirmVolunteer || suggested), this.t('booking.confirmed')),
            },
            {
              label: this.t('inbox.reject'),
              id: 'open-reject',
              cls: 'danger',
              run: () => this.open('reject', 'reason'),
            },
          ]
        : Date.parse(b.start) > Date.now()
          ? // Attendance is marked from the start (the server refuses earlier marks too).
            []
          : [
              {
                label: this.t('booking.attended'),
                cls: 'primary',
                waits: true,
                run: () => this.act(() => markAttendance(b.id, 'attended'), this.t('booking.marked_attended')),
              },
              {
                label: this.t('booking.no_show'),
                waits: true,
                run: () => this.act(() => markAttendance(b.id, 'no_show'), this.t('booking.marked_no_show')),
              },
            ];
    if (desk)
      buttons.push(
        {
          label: this.t('booking.reschedule'),
          id: 'open-reschedule',
          run: () => this.open('reschedule', 'reschedule-h'),
        },
        { label: this.t('booking.cancel'), id: 'open-cancel', cls: 'danger', run: () => this.open('cancel', 'reason') },
      );
    return buttons.map(
      (x) =>
        html`<button
          type="button"
          id=${x.id ?? nothing}
          class=${x.cls ?? nothing}
          ?disabled=${x.waits === true && this.busy}
          @click=${x.run}
        >
          ${x.label}
        </button>`,
    );
  }

  /** A wrong attendance mark can be switched to the other outcome the same day it was made (desk's calendar). */
  private correction(b: BookingDetail, s: 'attended' | 'no_show'): TemplateResult | typeof nothing {
    if (!b.outcomeAt || localDate(b.outcomeAt, this.tz) !== localDate(Date.now(), this.tz)) return nothing;
    const to = s === 'attended' ? 'no_show' : 'attended';
    return html`<section aria-labelledby="actions-h">
      <h2 id="actions-h">${this.t('booking.actions')}</h2>
      <div class="actions">
        <button
          type="button"
          ?disabled=${this.busy}
          @click=${() =>
            this.act(
              () => markAttendance(b.id, to),
              this.t(to === 'attended' ? 'booking.marked_attended' : 'booking.marked_no_show'),
            )}
        >
          ${this.t(to === 'attended' ? 'booking.correct_to_attended' : 'booking.correct_to_no_show')}
        </button>
      </div>
      <p class="hint">${this.t('booking.correct_hint')}</p>
    </section>`;
  }

  private reasonForm(b: BookingDetail, kind: 'reject' | 'cancel') {
    return html`<form class="card" novalidate @submit=${(e: Event) => this.submitReason(e, b, kind)}>
      ${this.reasonField(
        'reason',
        kind === 'reject' ? 'inbox.reason' : 'booking.cancel_reason_label',
        kind === 'reject' ? 'inbox.reason_hint' : 'booking.cancel_hint',
        { value: this.reason, error: this.reasonError, onInput: (v) => (this.reason = v) },
      )}
      ${this.formButtons(
        this.t(kind === 'reject' ? 'inbox.reject_submit' : 'booking.cancel_submit'),
        () => this.close(kind === 'reject' ? 'open-reject' : 'open-cancel'),
        { danger: true, cancelLabel: this.t('common.back') },
      )}
    </form>`;
  }

  private rescheduleForm(b: BookingDetail) {
    const names = new Map((this.volunteers.value ?? []).map((v) => [v.id, v.name]));
    const free = this.chosenSlot?.volunteerIds ?? [];
    return html`<form class="card" novalidate @submit=${(e: Event) => this.submitReschedule(e, b)}>
      <h3 id="reschedule-h" tabindex="-1">${this.t('booking.reschedule_heading')}</h3>
      ${this.checkbox({
        id: 'resched-anyone',
        label: this.t('booking.reschedule_anyone'),
        hint: this.t('booking.reschedule_anyone_hint'),
        checked: this.rescheduleAnyone,
        onChange: (c) => {
          this.rescheduleAnyone = c;
          this.rescheduleVolunteer = '';
        },
      })}
      <admin-slot-picker
        name="resched"
        .language=${this.language}
        .service=${b.service.id}
        .mode=${b.mode}
        .volunteer=${this.rescheduleAnyone ? '' : b.volunteer.id}
        .exclude=${b.id}
        .timeZone=${this.tz}
        .error=${this.slotError}
        @slot-change=${(e: SlotChangeEvent) => {
          this.chosenSlot = e.slot;
          this.rescheduleVolunteer = '';
          if (e.slot) this.slotError = '';
        }}
      ></admin-slot-picker>
      ${
        this.rescheduleAnyone && (free.length > 1 || (free.length === 1 && free[0] !== b.volunteer.id))
          ? html`<div class="field">
              <label for="resched-vol">${this.t('booking.reschedule_volunteer')}</label>
              <select
                id="resched-vol"
                @change=${(e: Event) => (this.rescheduleVolunteer = (e.target as HTMLSelectElement).value)}
              >
                <option value="">${this.t('booking.reschedule_any')}</option>
                ${free.map((id) => html`<option value=${id}>${names.get(id) ?? id}</option>`)}
              </select>
            </div>`
          : nothing
      }
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.t('booking.reschedule_submit')}</button>
        <button type="button" @click=${() => this.close('open-reschedule')}>${this.t('common.back')}</button>
      </div>
    </form>`;
  }

  private noteForm(b: BookingDetail) {
    return html`<section aria-labelledby="note-h">
      <h2 id="note-h">${this.t('booking.staff_note')}</h2>
      <form novalidate @submit=${(e: Event) => this.submitNote(e, b)}>
        <div class="field">
          <label for="staff-note">${this.t('booking.staff_note_label')}</label>
          <span id="staff-note-hint" class="hint">${this.t('booking.staff_note_hint')}</span>
          <textarea
            id="staff-note"
            maxlength="2000"
            aria-describedby="staff-note-hint"
            .value=${this.note ?? ''}
            @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
        </div>
        <button type="submit" ?disabled=${this.busy}>${this.t('booking.note_save')}</button>
      </form>
    </section>`;
  }

  private history(b: BookingDetail) {
    type Line = { at: string; html: TemplateResult };
    const lines: Line[] = [
      ...b.events.map((e) => ({ at: e.at, html: this.eventLine(e) })),
      ...b.messages.map((m) => ({ at: m.createdAt ?? m.sentAt ?? '', html: this.messageLine(m) })),
    ].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
    return html`<section aria-labelledby="history-h">
      <h2 id="history-h">${this.t('booking.history')}</h2>
      ${
        lines.length
          ? html`<ol class="plain history">
              ${lines.map(
                (x) =>
                  html`<li class="card">
                    <p>
                      <strong>${x.at ? formatShortDateTime(x.at, this.tz, this.language) : '—'}</strong>
                    </p>
                    ${x.html}
                  </li>`,
              )}
            </ol>`
          : html`<p class="muted">${this.t('booking.history_empty')}</p>`
      }
    </section>`;
  }

  private actorText(e: BookingEvent): string {
    if (e.actor.type === 'staff') return e.actor.name ?? this.t('actor.staff');
    return this.keyText(`actor.${e.actor.type}`, e.actor.type);
  }

  private eventLine(e: BookingEvent) {
    const what = this.keyText(`event.${e.type}`, e.type);
    const status =
      e.from || e.to
        ? this.t('event.status_change', {
            from: e.from ? this.keyText(`status.${e.from}`, e.from) : '—',
            to: e.to ? this.keyText(`status.${e.to}`, e.to) : '—',
          })
        : '';
    // The event's data is free-form JSON (what moved, why); only the known fields are read.
    const d = e.data && typeof e.data === 'object' && !Array.isArray(e.data) ? e.data : {};
    const moved =
      typeof d.fromStart === 'number' && typeof d.toStart === 'number'
        ? this.t('event.moved', {
            from: formatShortDateTime(d.fromStart, this.tz, this.language),
            to: formatShortDateTime(d.toStart, this.tz, this.language),
          })
        : '';
    const relanguaged =
      typeof d.fromLanguage === 'string' && typeof d.toLanguage === 'string'
        ? this.t('event.moved', {
            from: this.keyText(`language.${d.fromLanguage}`, d.fromLanguage),
            to: this.keyText(`language.${d.toLanguage}`, d.toLanguage),
          })
        : '';
    const reason = typeof d.reason === 'string' ? d.reason : '';
    // SMS events carry the message's kind ("SMS inviato · conferma").
    const kind = typeof d.kind === 'string' ? this.keyText(`message.kind.${d.kind}`, '') : '';
    // A booking made without a mobile says so where it was made: the audit shows why no text ever went out.
    const noSms = d.noSms === 'landline' || d.noSms === 'none' ? this.t(`event.no_sms_${d.noSms}`) : '';
    return html`<p>
        ${what}${kind ? html` · ${kind}` : nothing}${status ? html` · ${status}` : nothing}${d.late === true ? html` · ${this.t('booking.late')}` : nothing}
      </p>
      ${moved ? html`<p>${moved}</p>` : nothing} ${relanguaged ? html`<p>${relanguaged}</p>` : nothing}
      ${noSms ? html`<p>${noSms}</p>` : nothing}
      <p class="muted">${this.t('event.by', { who: this.actorText(e) })}</p>
      ${reason ? html`<p>${this.t('event.reason', { reason })}</p>` : nothing}`;
  }

  private messageLine(m: Message) {
    return html`<p>
        ${this.t('message.line', { kind: this.keyText(`message.kind.${m.kind}`, m.kind), to: m.to ?? '—' })} ·
        ${this.keyText(`message.status.${m.status}`, m.status)}
      </p>
      ${this.messageErrorText(m) ? html`<p class="error">${this.messageErrorText(m)}</p>` : nothing}
      ${
        m.body
          ? html`<details>
              <summary>${this.t('message.body')}</summary>
              <p>${m.body}</p>
            </details>`
          : nothing
      }`;
  }
}
