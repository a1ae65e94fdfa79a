import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import {
  ApiError,
  bookFollowUp,
  getFollowUp,
  previewFollowUp,
  volunteerChoices,
  type FollowUpMade,
  type FollowUpPrefill,
  type FollowUpRequest,
  type Mode,
  type Occurrence,
  type StaffSlot,
} from '../api';
import { modeRadios, serviceRadios, slotFieldset } from '../components/booking-fields';
import { define } from '../define';
import { formatDateTime } from '../format';
import { hasKey } from '../i18n';
import { href } from '../links';
import { PageElement } from '../page-element';
import { MAX_SERIES_COUNT, MAX_SERIES_EVERY_WEEKS } from '../../../worker/src/domain/series';

interface Form {
  service: string;
  mode: Mode | '';
  /** '' lets each meeting go to whoever is free. */
  volunteerId: string;
  count: number;
  everyWeeks: number;
}

const ORDER = ['service', 'mode', 'volunteerId', 'start', 'count', 'everyWeeks'];

/**
 * The next step of a person's path, inside the booking form (`#/book?followUp=<id>`): the path's next service
 * and the same volunteer preselected, their free times shown, the person's details carried over (read only
 * here: the server copies them from the booking). A series is checked meeting by meeting before it is booked.
 * Three clicks for one meeting: "Next step" on the booking's page, a time, "Book".
 */
export class AdminFollowUp extends PageElement {
  /** The attended booking this one continues. */
  @property() source = '';

  @state() private form: Form = { service: '', mode: '', volunteerId: '', count: 1, everyWeeks: 2 };
  @state() private chosenSlot: StaffSlot | null = null;
  /** The meetings as last checked, for the form as it is now (null: not checked, or changed since). */
  @state() private occurrences: Occurrence[] | null = null;
  @state() private made: FollowUpMade | null = null;

  private prefill = new Task(this, {
    task: ([id], { signal }) => getFollowUp(id, signal),
    args: () => [this.source] as const,
    onComplete: (p) => {
      this.form = { ...this.form, service: p.serviceId ?? '', mode: p.mode ?? '', volunteerId: p.volunteerId };
    },
  });

  private volunteers = new Task(this, {
    task: ([role], { signal }) => volunteerChoices(role, signal),
    args: () => [this.staffRole] as const,
  });

  private change(patch: Partial<Form>, keepSlot = true): void {
    this.form = { ...this.form, ...patch };
    if (!keepSlot) this.chosenSlot = null;
    this.occurrences = null;
  }

  private get services() {
    return this.desk?.services ?? [];
  }

  private request(): FollowUpRequest {
    const f = this.form;
    return {
      service: f.service,
      mode: f.mode as Mode,
      start: this.chosenSlot!.start,
      ...(f.volunteerId ? { volunteerId: f.volunteerId } : {}),
      ...(f.count > 1 ? { repeat: { count: f.count, everyWeeks: f.everyWeeks } } : {}),
    };
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!this.form.service) errors.service = this.t('book.service_missing');
    if (!this.form.mode) errors.mode = this.t('book.mode_missing');
    if (!this.chosenSlot) errors.start = this.t('booking.slot_missing');
    if (await this.refused(errors)) return;
    // A series is shown meeting by meeting before anything is written.
    if (this.form.count > 1 && !this.occurrences) return this.check();
    await this.attempt(async () => {
      try {
        this.made = await bookFollowUp(this.source, this.request());
      } catch (err) {
        if (err instanceof ApiError && err.code === 'series_conflict')
          this.occurrences = await previewFollowUp(this.source, this.request());
        throw this.asSlotError(err);
      }
      this.announce(this.t('followup.made', { n: this.made.bookings.length }));
      this.dataChanged();
      await this.focusId('made');
    });
  }

  /** Every meeting of the series checked and free, for the form as it is now. */
  private get seriesReady(): boolean {
    return this.occurrences?.every((o) => o.ok) === true;
  }

  private async check(): Promise<void> {
    await this.attempt(async () => {
      this.occurrences = await previewFollowUp(this.source, this.request());
      const bad = this.occurrences.filter((o) => !o.ok).length;
      this.announce(bad ? this.t('followup.checked_problems', { n: bad }) : this.t('followup.checked_ok'));
      await this.focusId('occurrences-h');
    });
  }

  protected override render() {
    if (this.made) return this.madeView(this.made);
    return this.renderTask(this.prefill, (p) => this.formView(p));
  }

  private madeView(m: FollowUpMade) {
    return html`<div class="success" id="made" tabindex="-1">
      <p>${this.t('followup.made', { n: m.bookings.length })}</p>
      <ul>
        ${m.bookings.map(
          (b) =>
            html`<li>
              <a href=${href(`bookings/${b.id}`)}>${formatDateTime(b.start, this.tz, this.language)}</a> ·
              ${b.volunteer.name} · <bdi>${b.reference}</bdi>
            </li>`,
        )}
      </ul>
      <p><a href=${href(`bookings/${this.source}`)}>${this.t('followup.back')}</a></p>
    </div>`;
  }

  /** What travels from the source booking, as the server will copy it. */
  private carried(p: FollowUpPrefill) {
    const phone = p.person.phoneKind === 'none' ? this.t('book.phone_kind_none') : p.person.phoneDisplay;
    return html`<section aria-labelledby="carried-h">
      <h2 id="carried-h">${this.t('followup.carried')}</h2>
      ${this.facts([
        [this.t('booking.person'), p.person.name],
        [this.t('booking.phone'), phone ? html`<bdi>${phone}</bdi>` : null],
        [this.t('booking.language'), this.t(`language.${p.language}`)],
        [this.t('booking.reminder_plan'), this.t(`plan.${p.reminderPlan}`)],
        [this.t('booking.accessibility'), p.accessibilityNeeds],
        [this.t('followup.interpreter'), p.interpreterLanguage],
        [this.t('followup.long'), p.longAppointment ? this.t('followup.long_yes') : null],
      ])}
    </section>`;
  }

  private formView(p: FollowUpPrefill) {
    const f = this.form;
    const svc = this.services.find((s) => s.id === f.service);
    const desk = this.staffRole !== 'volunteer';
    return html`<p>
        ${this.t('followup.intro', { ref: p.source.reference })}
        <a href=${href(`bookings/${p.source.id}`)}>${this.t('followup.back')}</a>
      </p>
      ${this.carried(p)} ${this.errorSummary('summary', this.failure, this.errors, ORDER, this.slotPickerTarget)}
      <form novalidate @submit=${this.submit}>
        ${serviceRadios({
          services: this.services,
          chosen: f.service,
          language: this.language,
          legend: this.t('booking.service'),
          error: this.errors.service,
          hint: { id: 'service-hint', text: this.t('followup.service_hint') },
          onChoose: (next) => {
            const mode = f.mode && next.modes.includes(f.mode) ? f.mode : (next.modes[0] ?? '');
            this.change({ service: next.id, mode }, false);
          },
        })}
        ${
          svc && svc.modes.length > 1
            ? modeRadios({
                modes: svc.modes,
                chosen: f.mode,
                legend: this.t('booking.mode'),
                error: this.errors.mode,
                text: (m) => this.modeText(m),
                onChoose: (mode) => this.change({ mode }, false),
              })
            : nothing
        }
        ${desk ? this.volunteerField(p) : nothing}
        ${
          svc && f.mode
            ? slotFieldset({
                name: 'followup',
                legend: this.t(f.volunteerId ? 'followup.when_same' : 'book.when'),
                language: this.language,
                service: f.service,
                mode: f.mode,
                volunteer: f.volunteerId,
                long: p.longAppointment,
                timeZone: this.tz,
                error: this.errors.start ?? '',
                onSlot: (slot) => {
                  this.chosenSlot = slot;
                  this.occurrences = null;
                },
              })
            : nothing
        }
        ${this.repeatFields()} ${this.occurrenceTable()}
        <button type="submit" class="primary" ?disabled=${this.busy}>
          ${this.t(f.count < 2 ? 'book.submit' : this.seriesReady ? 'followup.book_all' : 'followup.check')}
        </button>
      </form>`;
  }

  /** The same volunteer by default; another, or whoever is free ("earliest with anyone"). */
  private volunteerField(p: FollowUpPrefill) {
    const vols = (this.volunteers.value ?? []).filter((v) => v.active || v.id === p.volunteerId);
    return this.select({
      id: 'volunteerId',
      label: this.t('booking.volunteer'),
      hint: this.t('followup.volunteer_hint'),
      value: this.form.volunteerId,
      options: [['', this.t('followup.anyone')] as const, ...vols.map((v) => [v.id, v.name] as const)],
      onChange: (v) => this.change({ volunteerId: v }, false),
    });
  }

  private repeatFields() {
    const f = this.form;
    const counts = Array.from({ length: MAX_SERIES_COUNT }, (_, i) => i + 1);
    const weeks = Array.from({ length: MAX_SERIES_EVERY_WEEKS }, (_, i) => i + 1);
    return html`<fieldset>
      <legend>${this.t('followup.repeat')}</legend>
      ${this.select({
        id: 'count',
        label: this.t('followup.count'),
        value: String(f.count),
        options: counts.map((n) => [String(n), this.t('followup.count_n', { n })] as const),
        onChange: (v) => this.change({ count: Number(v) }),
      })}
      ${
        f.count > 1
          ? this.select({
              id: 'everyWeeks',
              label: this.t('followup.every'),
              hint: this.t('followup.every_hint'),
              value: String(f.everyWeeks),
              options: weeks.map((n) => [String(n), this.t('followup.every_n', { n })] as const),
              onChange: (v) => this.change({ everyWeeks: Number(v) }),
            })
          : nothing
      }
    </fieldset>`;
  }

  private problemText(problem: string | undefined): string {
    const key = `followup.problem.${problem ?? 'taken'}`;
    return hasKey(key) ? this.t(key) : (problem ?? '');
  }

  /** The checked meetings: each with its time and whether it can be booked, in words. */
  private occurrenceTable() {
    const list = this.occurrences;
    if (!list || this.form.count < 2) return nothing;
    const names = new Map((this.volunteers.value ?? []).map((v) => [v.id, v.name]));
    return html`<h2 id="occurrences-h" tabindex="-1">${this.t('followup.occurrences')}</h2>
      ${this.table({
        id: 'occurrences',
        caption: this.t('followup.occurrences_caption', { n: list.length }),
        hideCaption: true,
        columns: [this.t('booking.when'), this.t('booking.volunteer'), this.t('followup.state')],
        rows: list.map(
          (o) =>
            html`<tr>
              <th scope="row">${formatDateTime(o.start, this.tz, this.language)}</th>
              <td>${(o.volunteerId && names.get(o.volunteerId)) ?? '—'}</td>
              <td>
                ${
                  o.ok
                    ? this.t('followup.free')
                    : html`<strong>${this.t('followup.not_free')}:</strong> ${this.problemText(o.problem)}`
                }
              </td>
            </tr>`,
        ),
      })}`;
  }
}

define('admin-follow-up', AdminFollowUp);
