import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import {
  createAbsence,
  createShift,
  deleteAbsence,
  deleteShift,
  getVolunteer,
  rotateVolunteerIcal,
  updateShift,
  updateVolunteer,
  type Closure,
  type Shift,
  type ShiftInput,
  type Volunteer,
  type VolunteerInput,
} from '../api';
import { formatDay, weekdayName } from '../format';
import type { AdminFeedLinks } from '../components/admin-feed-links';
import { PageElement } from '../page-element';
import { href } from '../links';

const NEW_SHIFT: ShiftInput = {
  weekday: 1,
  start: '09:00',
  end: '13:00',
  modes: ['in_person', 'remote'],
  validFrom: null,
  validTo: null,
};
const SHIFT_ORDER = ['weekday', 'start', 'end', 'modes', 'validFrom', 'validTo'];
const ABSENCE_ORDER = ['dateFrom', 'dateTo', 'reason'];
/** The page's three forms; each has its own error summary, `<form>-summary`. */
type Form = 'detail' | 'shift' | 'absence';
interface Problems {
  errors: Record<string, string>;
  failure: string;
}
const NONE: Problems = { errors: {}, failure: '' };
const DETAIL_ORDER = ['name', 'phone', 'email', 'videoLink', 'active'];

/**
 * One volunteer: details (deactivation included), the iCal link with copy and rotate, the weekly shifts
 * and the absences. A volunteer opening their own page may add absences and rotate their link.
 */
export class AdminVolunteer extends PageElement {
  @state() private reload = 0;
  @state() private details: VolunteerInput | null = null;
  @state() private notice = '';
  @state() private icalOverride: { icalUrl: string; webcalUrl: string } | null = null;
  @state() private shift: ShiftInput = { ...NEW_SHIFT };
  @state() private absenceOpen = false;
  @state() private absence = { dateFrom: '', dateTo: '', reason: '' };
  /** What went wrong in each of the page's three forms. */
  @state() private problems: Record<Form, Problems> = { detail: NONE, shift: NONE, absence: NONE };

  private data = new Task(this, {
    task: ([id], { signal }) => getVolunteer(id, signal),
    args: () => [this.route?.id ?? '', this.reload] as const,
    onComplete: (d) => {
      const v = d.volunteer;
      this.details = { name: v.name, phone: v.phone, email: v.email, videoLink: v.videoLink, active: v.active };
    },
  });

  private get isDesk(): boolean {
    return this.staffRole !== 'volunteer';
  }

  // ------------------------------------------------------------ details

  private async saveDetails(e: Event, v: Volunteer): Promise<void> {
    e.preventDefault();
    const d = this.details!;
    this.notice = '';
    const errors: Record<string, string> = d.name.trim().length < 2 ? { name: this.t('volunteers.name_missing') } : {};
    await this.save('detail', errors, async () => {
      const r = await updateVolunteer(v.id, { ...d, name: d.name.trim() });
      this.announce(this.t('common.saved'));
      if (!r.volunteer.active && r.upcomingActiveBookings > 0)
        this.notice = this.t('volunteer.deactivated_with_bookings', { n: r.upcomingActiveBookings });
      this.reload++;
    });
  }

  /** Where a form's problems go: its entry in `problems`, read by its summary `<form>-summary`. */
  private show(form: Form) {
    return (errors: Record<string, string>, failure: string) =>
      (this.problems = { ...this.problems, [form]: { errors, failure } });
  }

  /** Checks, then sends, one of the page's forms; its own summary shows what went wrong. */
  private async save(form: Form, errors: Record<string, string>, work: () => Promise<void>): Promise<void> {
    if (await this.refused(errors, `${form}-summary`, this.show(form))) return;
    await this.attempt(work, `${form}-summary`, this.show(form));
  }

  // ------------------------------------------------------------ iCal

  private rotate(v: Volunteer, links: AdminFeedLinks): Promise<void> {
    return this.perform(async () => {
      this.icalOverride = await rotateVolunteerIcal(v.id);
      this.announce(this.t('volunteer.rotated'));
      await links.done();
    });
  }

  // ------------------------------------------------------------ shifts

  private openShift(s?: Shift): void {
    this.editing = s ? s.id : 'new';
    this.shift = s
      ? {
          weekday: s.weekday,
          start: s.start,
          end: s.end,
          modes: [...s.modes],
          validFrom: s.validFrom,
          validTo: s.validTo,
        }
      : { ...NEW_SHIFT, modes: [...NEW_SHIFT.modes] };
    this.openForm('weekday', this.show('shift'));
  }

  private async saveShift(e: Event, v: Volunteer): Promise<void> {
    e.preventDefault();
    const s = this.shift;
    const errors: Record<string, string> = {};
    if (!s.modes.length) errors.modes = this.t('volunteer.modes_missing');
    if (s.start >= s.end && s.end !== '24:00') errors.end = this.t('volunteer.time_order');
    const body = { ...s, validFrom: s.validFrom || null, validTo: s.validTo || null };
    await this.save('shift', errors, async () => {
      await (this.editing === 'new' ? createShift(v.id, body) : updateShift(v.id, this.editing, body));
      this.announce(this.t(this.editing === 'new' ? 'volunteer.shift_added' : 'volunteer.shift_saved'));
      this.editing = '';
      await this.reloaded('add-shift');
    });
  }

  private removeShift(v: Volunteer, s: Shift): Promise<void> {
    return this.perform(async () => {
      await deleteShift(v.id, s.id);
      this.announce(this.t('volunteer.shift_deleted', { shift: this.shiftText(s) }));
      await this.reloaded('shifts-h');
    });
  }

  /** Reloads the volunteer, then focuses `id` (the list the change shows in). */
  private async reloaded(id: string): Promise<void> {
    this.reload++;
    await this.data.taskComplete.catch(() => undefined);
    await this.focusId(id);
  }

  private shiftText(s: Shift): string {
    return `${weekdayName(s.weekday, this.language)} ${s.start}–${s.end}`;
  }

  // ------------------------------------------------------------ absences

  private async saveAbsence(e: Event, v: Volunteer): Promise<void> {
    e.preventDefault();
    const a = this.absence;
    const errors: Record<string, string> = a.dateFrom ? {} : { dateFrom: this.t('closures.from_missing') };
    await this.save('absence', errors, async () => {
      const r = await createAbsence(v.id, {
        dateFrom: a.dateFrom,
        dateTo: a.dateTo || a.dateFrom,
        reason: a.reason.trim(),
      });
      this.absenceOpen = false;
      this.absence = { dateFrom: '', dateTo: '', reason: '' };
      this.announce(this.t('volunteer.absence_added'));
      if (r.affectedBookings > 0) this.notice = this.t('closures.affected', { n: r.affectedBookings });
      await this.reloaded('add-absence');
    });
  }

  private removeAbsence(v: Volunteer, a: Closure): Promise<void> {
    return this.perform(async () => {
      await deleteAbsence(v.id, a.id);
      this.announce(this.t('volunteer.absence_deleted'));
      await this.reloaded('absences-h');
    });
  }

  // ------------------------------------------------------------ render

  protected override render() {
    return this.renderTask(this.data, (d) => {
      const v = d.volunteer;
      return html`${this.isDesk ? html`<p><a href=${href('volunteers')}>${this.t('volunteer.back')}</a></p>` : nothing}
        <h1 tabindex="-1">${v.name}</h1>
        <p>${v.active ? this.t('common.active') : html`<strong>${this.t('common.inactive')}</strong>`}</p>
        ${v.active && v.videoLinkMissing ? html`<p class="alert" id="video-missing">${this.t('volunteer.video_missing')}</p>` : nothing}
        ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing} ${this.detailsSection(v)}
        ${this.icalSection(v)} ${this.shiftsSection(v, d.shifts)} ${this.absencesSection(v, d.absences)}`;
    });
  }

  private detailsSection(v: Volunteer) {
    const d = this.details;
    if (!d) return nothing;
    if (!this.isDesk) {
      return html`<section aria-labelledby="details-h">
        <h2 id="details-h">${this.t('volunteer.details')}</h2>
        ${this.facts([
          [this.t('volunteers.phone'), v.phone ?? '—'],
          [this.t('volunteers.email'), v.email ?? '—'],
          [this.t('volunteers.video_link'), v.videoLink ?? '—'],
        ])}
      </section>`;
    }
    const set = (k: keyof VolunteerInput) => (val: string) =>
      (this.details = { ...d, [k]: val.trim() === '' && k !== 'name' ? null : val });
    const e = this.problems.detail.errors;
    return html`<section aria-labelledby="details-h">
      <h2 id="details-h">${this.t('volunteer.details')}</h2>
      <form novalidate @submit=${(ev: Event) => this.saveDetails(ev, v)}>
        ${this.errorSummary('detail-summary', this.problems.detail.failure, e, DETAIL_ORDER)}
        ${this.input({ id: 'name', label: this.t('volunteers.name'), value: d.name, error: e.name, onInput: set('name') })}
        ${this.input({ id: 'phone', label: this.t('volunteers.phone'), value: d.phone, type: 'tel', optional: true, error: e.phone, onInput: set('phone') })}
        ${this.input({ id: 'email', label: this.t('volunteers.email'), value: d.email, type: 'email', optional: true, error: e.email, onInput: set('email') })}
        ${this.input({
          id: 'videoLink',
          label: this.t('volunteers.video_link'),
          hint: this.t('volunteers.video_link_hint'),
          value: d.videoLink,
          type: 'url',
          optional: true,
          error: e.videoLink,
          onInput: set('videoLink'),
        })}
        ${this.checkbox({
          id: 'active',
          label: this.t('volunteer.active'),
          hint: this.t('volunteer.active_hint'),
          checked: d.active,
          error: e.active,
          onChange: (c) => (this.details = { ...d, active: c }),
        })}
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.t('common.save')}</button>
      </form>
    </section>`;
  }

  private icalSection(v: Volunteer) {
    const urls = this.icalOverride ?? v;
    return html`<admin-feed-links
      name="ical-url"
      heading=${this.t('volunteer.ical')}
      intro=${this.t('volunteer.ical_intro')}
      .language=${this.language}
      .urls=${urls}
      ?busy=${this.busy}
      @admin-feed-rotate=${(e: Event) => void this.rotate(v, e.currentTarget as AdminFeedLinks)}
    ></admin-feed-links>`;
  }

  private shiftsSection(v: Volunteer, shifts: Shift[]) {
    const sorted = [...shifts].sort((a, b) => a.weekday - b.weekday || (a.start < b.start ? -1 : 1));
    return html`<section aria-labelledby="shifts-h">
      <h2 id="shifts-h" tabindex="-1">${this.t('volunteer.shifts')}</h2>
      ${
        sorted.length
          ? this.table({
              id: 'shifts',
              caption: this.t('volunteer.shifts_caption', { name: v.name }),
              hideCaption: true,
              columns: [
                this.t('volunteer.weekday'),
                this.t('volunteer.hours'),
                this.t('booking.mode'),
                this.t('volunteer.validity'),
                this.isDesk ? this.t('common.actions') : nothing,
              ],
              rows: sorted.map(
                (s) =>
                  html`<tr>
                    <th scope="row">${weekdayName(s.weekday, this.language)}</th>
                    <td>${s.start}–${s.end}</td>
                    <td>${s.modes.map((m) => this.modeText(m)).join(', ')}</td>
                    <td>${this.validity(s)}</td>
                    ${
                      this.isDesk
                        ? html`<td>
                            <div class="actions" style="margin:0">
                              <button type="button" id="edit-${s.id}" @click=${() => this.openShift(s)}>
                                ${this.t('common.edit')}<span class="visually-hidden">: ${this.shiftText(s)}</span>
                              </button>
                              <button
                                type="button"
                                class="danger"
                                ?disabled=${this.busy}
                                @click=${() => this.removeShift(v, s)}
                              >
                                ${this.t('common.delete')}<span class="visually-hidden">: ${this.shiftText(s)}</span>
                              </button>
                            </div>
                          </td>`
                        : nothing
                    }
                  </tr>`,
              ),
            })
          : html`<p>${this.t('volunteer.no_shifts')}</p>`
      }
      ${
        this.isDesk
          ? this.editing
            ? this.shiftForm(v)
            : html`<button type="button" id="add-shift" @click=${() => this.openShift()}>
                ${this.t('volunteer.add_shift')}
              </button>`
          : nothing
      }
    </section>`;
  }

  private validity(s: Shift): string {
    if (!s.validFrom && !s.validTo) return this.t('volunteer.always');
    if (s.validFrom && s.validTo)
      return this.t('volunteer.valid_between', {
        from: formatDay(s.validFrom, this.language),
        to: formatDay(s.validTo, this.language),
      });
    if (s.validFrom) return this.t('volunteer.valid_from', { from: formatDay(s.validFrom, this.language) });
    return this.t('volunteer.valid_to', { to: formatDay(s.validTo!, this.language) });
  }

  private shiftForm(v: Volunteer) {
    const s = this.shift;
    const e = this.problems.shift.errors;
    return html`<form
      class="card"
      novalidate
      @submit=${(ev: Event) => this.saveShift(ev, v)}
      aria-labelledby="shift-form-h"
    >
      <h3 id="shift-form-h">${this.t(this.editing === 'new' ? 'volunteer.add_shift' : 'volunteer.edit_shift')}</h3>
      ${this.errorSummary('shift-summary', this.problems.shift.failure, e, SHIFT_ORDER)}
      ${this.select({
        id: 'weekday',
        label: this.t('volunteer.weekday'),
        value: String(s.weekday),
        options: [1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), weekdayName(d, this.language)] as const),
        error: e.weekday,
        onChange: (val) => (this.shift = { ...s, weekday: Number(val) }),
      })}
      ${this.input({ id: 'start', label: this.t('volunteer.from'), type: 'time', value: s.start, error: e.start, onInput: (val) => (this.shift = { ...s, start: val }) })}
      ${this.input({ id: 'end', label: this.t('volunteer.to'), type: 'time', value: s.end, error: e.end, onInput: (val) => (this.shift = { ...s, end: val }) })}
      ${this.modesFieldset(s.modes, e.modes, (modes) => (this.shift = { ...s, modes }))}
      ${this.input({ id: 'validFrom', label: this.t('volunteer.valid_from_label'), type: 'date', optional: true, value: s.validFrom, error: e.validFrom, onInput: (val) => (this.shift = { ...s, validFrom: val || null }) })}
      ${this.input({ id: 'validTo', label: this.t('volunteer.valid_to_label'), type: 'date', optional: true, value: s.validTo, error: e.validTo, onInput: (val) => (this.shift = { ...s, validTo: val || null }) })}
      ${this.formButtons(this.t('common.save'), () => this.closeForm('add-shift'))}
    </form>`;
  }

  private absencesSection(v: Volunteer, absences: Closure[]) {
    const a = this.absence;
    const e = this.problems.absence.errors;
    return html`<section aria-labelledby="absences-h">
      <h2 id="absences-h" tabindex="-1">${this.t('volunteer.absences')}</h2>
      ${
        absences.length
          ? html`<ul>
              ${absences.map(
                (x) =>
                  html`<li>
                    ${this.rangeText(x)}${x.reason ? ` – ${x.reason}` : ''}
                    <button type="button" class="link" ?disabled=${this.busy} @click=${() => this.removeAbsence(v, x)}>
                      ${this.t('common.delete')}<span class="visually-hidden">: ${this.rangeText(x)}</span>
                    </button>
                  </li>`,
              )}
            </ul>`
          : html`<p>${this.t('volunteer.no_absences')}</p>`
      }
      ${
        this.absenceOpen
          ? html`<form
              class="card"
              novalidate
              @submit=${(ev: Event) => this.saveAbsence(ev, v)}
              aria-labelledby="absence-form-h"
            >
              <h3 id="absence-form-h">${this.t('volunteer.add_absence')}</h3>
              ${this.errorSummary('absence-summary', this.problems.absence.failure, e, ABSENCE_ORDER)}
              ${this.rangeFields(a, e, (r) => (this.absence = r))}
              ${this.formButtons(this.t('common.save'), () => {
                this.absenceOpen = false;
                void this.focusId('add-absence');
              })}
            </form>`
          : html`<button
              type="button"
              id="add-absence"
              @click=${() => {
                this.absenceOpen = true;
                this.openForm('dateFrom', this.show('absence'));
              }}
            >
              ${this.t('volunteer.add_absence')}
            </button>`
      }
    </section>`;
  }
}
