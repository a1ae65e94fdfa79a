import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import {
  addToWaitlist,
  bookFromWaitlist,
  listWaitlist,
  removeFromWaitlist,
  volunteerChoices,
  type Language,
  type Mode,
  type StaffSlot,
  type WaitlistEntry,
  type WaitlistOffer,
} from '../api';
import '../components/admin-slot-picker';
import type { SlotChangeEvent } from '../components/admin-slot-picker';
import { radioGroup } from '../components/radio-group';
import { formatDateTime, formatTime, localDate } from '../format';
import { href } from '../links';
import { PageElement } from '../page-element';

/** The caller reception adds, as typed. */
interface AddForm {
  service: string;
  mode: Mode | '';
  from: string;
  to: string;
  name: string;
  phone: string;
  language: Language;
}

const EMPTY_ADD: AddForm = { service: '', mode: '', from: '', to: '', name: '', phone: '', language: 'it' };
const ADD_ORDER = ['service', 'mode', 'from', 'to', 'name', 'phone', 'language'];
const BOOK_ORDER = ['start', 'volunteerId'];

/**
 * The waiting list (admin, reception): the people waiting for a time to free, in the order they joined, each
 * with the offer made to them; remove one (after a question), book one on the phone (a free time picked as
 * on the booking form, booked at once), add a caller. Ended entries of the last 30 days on request.
 */
export class AdminWaitlist extends PageElement {
  @state() private reload = 0;
  @state() private showEnded = false;
  /** The entry whose removal is being asked about ('' none). */
  @state() private confirmingRemove = '';
  /** The entry being booked on the phone ('' none). */
  @state() private booking = '';
  @state() private chosenSlot: StaffSlot | null = null;
  @state() private volunteerId = '';
  @state() private adding = false;
  @state() private form: AddForm = { ...EMPTY_ADD };
  /** The last booking made from the list: a link to it. */
  @state() private booked: { id: string; name: string } | null = null;

  private data = new Task(this, {
    task: ([all], { signal }) => listWaitlist(all, signal),
    args: () => [this.showEnded, this.reload] as const,
  });

  private volunteers = new Task(this, {
    task: ([role], { signal }) => volunteerChoices(role, signal),
    args: () => [this.staffRole] as const,
  });

  private serviceName(id: string): string {
    return this.desk?.services.find((s) => s.id === id)?.names[this.language] ?? id;
  }

  private personName(e: WaitlistEntry): string {
    return e.name ?? '—';
  }

  private async refresh(focus: string): Promise<void> {
    this.reload++;
    await this.data.taskComplete.catch(() => undefined);
    await this.focusId(focus);
  }

  /* ---------- remove ---------- */

  private askRemove(e: WaitlistEntry): void {
    this.confirmingRemove = e.id;
    void this.focusId(`ask-${e.id}`);
  }

  private keep(e: WaitlistEntry): void {
    this.confirmingRemove = '';
    void this.focusId(`del-${e.id}`);
  }

  private removeEntry(e: WaitlistEntry): Promise<void> {
    return this.perform(async () => {
      await removeFromWaitlist(e.id);
      this.confirmingRemove = '';
      this.announce(this.t('waitlist.removed', { name: this.personName(e) }));
      await this.refresh('list-h');
    });
  }

  /* ---------- book on the phone ---------- */

  private openBooking(e: WaitlistEntry): void {
    this.booking = e.id;
    this.chosenSlot = null;
    this.volunteerId = '';
    this.booked = null;
    this.openForm('book-h');
  }

  private closeBooking(): void {
    const id = this.booking;
    this.booking = '';
    void this.focusId(`book-${id}`);
  }

  private async submitBooking(ev: Event, e: WaitlistEntry): Promise<void> {
    ev.preventDefault();
    if (await this.refused(this.chosenSlot ? {} : { start: this.t('booking.slot_missing') })) return;
    await this.attempt(async () => {
      try {
        const r = await bookFromWaitlist(e.id, this.chosenSlot!.start, this.volunteerId || undefined);
        this.booked = { id: r.bookingId, name: this.personName(e) };
      } catch (err) {
        throw this.asSlotError(err);
      }
      this.booking = '';
      this.announce(this.t('waitlist.booked', { name: this.booked.name }));
      this.dataChanged();
      await this.refresh('booked');
    });
  }

  /* ---------- add a caller ---------- */

  private openAdd = () => {
    this.adding = true;
    this.booked = null;
    this.openForm('service');
  };

  private closeAdd(): void {
    this.adding = false;
    void this.focusId('add');
  }

  private async submitAdd(ev: Event): Promise<void> {
    ev.preventDefault();
    const f = this.form;
    const errors: Record<string, string> = {};
    if (!f.service) errors.service = this.t('book.service_missing');
    if (!f.mode) errors.mode = this.t('book.mode_missing');
    if (!f.from) errors.from = this.t('waitlist.from_missing');
    if (!f.to) errors.to = this.t('waitlist.to_missing');
    else if (f.from && f.to < f.from) errors.to = this.t('waitlist.to_before_from');
    if (!f.name.trim()) errors.name = this.t('book.name_missing');
    if (!f.phone.trim()) errors.phone = this.t('book.phone_missing');
    if (await this.refused(errors)) return;
    await this.attempt(async () => {
      const r = await addToWaitlist({
        service: f.service,
        mode: f.mode as Mode,
        from: f.from,
        to: f.to,
        name: f.name.trim(),
        phone: f.phone.trim(),
        language: f.language,
      });
      this.adding = false;
      this.form = { ...EMPTY_ADD };
      this.announce(this.t('waitlist.added', { ref: r.reference }));
      await this.refresh('add');
    });
  }

  /* ---------- rendering ---------- */

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('nav.waitlist')}</h1>
      <p>${this.t('waitlist.intro')}</p>
      ${
        this.booked
          ? html`<div class="success" id="booked" tabindex="-1">
              <p>${this.t('waitlist.booked', { name: this.booked.name })}</p>
              <p><a href=${href(`bookings/${this.booked.id}`)}>${this.t('book.open_created')}</a></p>
            </div>`
          : nothing
      }
      ${this.checkbox({
        id: 'showEnded',
        label: this.t('waitlist.show_ended'),
        checked: this.showEnded,
        onChange: (c) => (this.showEnded = c),
      })}
      ${this.adding ? this.addForm() : html`<button type="button" id="add" class="primary" @click=${this.openAdd}>${this.t('waitlist.add')}</button>`}
      <section aria-labelledby="list-h">
        <h2 id="list-h" tabindex="-1">${this.t('waitlist.list')}</h2>
        ${this.renderTask(this.data, (d) => (d.entries.length ? this.list(d.entries) : html`<p>${this.t('waitlist.empty')}</p>`))}
      </section>`;
  }

  private list(entries: WaitlistEntry[]) {
    const open = entries.find((e) => e.id === this.booking);
    return html`${this.table({
      id: 'waitlist',
      caption: this.t('waitlist.caption'),
      hideCaption: true,
      columns: [
        this.t('waitlist.col.order'),
        this.t('waitlist.col.person'),
        this.t('booking.service'),
        this.t('waitlist.col.days'),
        this.t('waitlist.col.joined'),
        this.showEnded ? this.t('waitlist.col.status') : nothing,
        this.t('waitlist.col.offer'),
        this.t('common.actions'),
      ],
      rows: entries.map(
        (e, i) =>
          html`<tr>
            <td>${i + 1}</td>
            <td>
              ${this.personName(e)} <span class="hint" dir="ltr">${e.reference}</span><br />
              ${this.phoneLink(e.phone)} ${this.speaksMarker(e.language)}
            </td>
            <td>${this.serviceName(e.serviceId)}<br />${this.modeText(e.mode)}</td>
            <td>${this.rangeText({ dateFrom: e.from, dateTo: e.to })}</td>
            <td>${formatDateTime(e.createdAt, this.tz, this.language)}</td>
            ${this.showEnded ? html`<td><span class="status">${this.t(`waitlist.status.${e.status}`)}</span></td>` : nothing}
            <td>${this.offerText(e.offer)}</td>
            <td>${e.status === 'waiting' ? this.actions(e) : nothing}</td>
          </tr>`,
      ),
    })}
    ${open ? this.bookForm(open) : nothing}`;
  }

  /** The offer in words: when, and (while open) until when the person may answer; how it reached them. */
  private offerText(o: WaitlistOffer | null) {
    if (!o) return this.t('waitlist.offer.none');
    const time = formatDateTime(o.start, this.tz, this.language);
    const until = formatTime(o.holdUntil, this.tz, this.language);
    const sameDay = localDate(o.holdUntil, this.tz) === localDate(Date.now(), this.tz);
    return html`${this.t(`waitlist.offer.${o.status}`, { time })}
    ${o.status === 'open' ? html`<br />${this.t('waitlist.offer.until', { until: sameDay ? until : formatDateTime(o.holdUntil, this.tz, this.language) })}` : nothing}
    ${o.channel === 'phone' ? html`<br />${this.t('waitlist.offer.by_phone')}` : nothing}`;
  }

  private actions(e: WaitlistEntry) {
    const who = html`<span class="visually-hidden">: ${this.personName(e)}</span>`;
    if (this.confirmingRemove === e.id)
      return html`<div class="card" role="group" aria-labelledby="ask-${e.id}">
        <p id="ask-${e.id}" tabindex="-1">${this.t('waitlist.remove_question', { name: this.personName(e) })}</p>
        <div class="actions">
          <button type="button" class="danger primary" ?disabled=${this.busy} @click=${() => this.removeEntry(e)}>
            ${this.t('waitlist.remove_yes')}
          </button>
          <button type="button" @click=${() => this.keep(e)}>${this.t('waitlist.remove_no')}</button>
        </div>
      </div>`;
    return html`<div class="actions">
      <button type="button" id="book-${e.id}" @click=${() => this.openBooking(e)}>
        ${this.t('waitlist.book')}${who}
      </button>
      <button type="button" class="link" id="del-${e.id}" @click=${() => this.askRemove(e)}>
        ${this.t('waitlist.remove')}${who}
      </button>
    </div>`;
  }

  private bookForm(e: WaitlistEntry) {
    const free = this.chosenSlot?.volunteerIds ?? [];
    return html`<form
      class="card"
      novalidate
      aria-labelledby="book-h"
      @submit=${(ev: Event) => this.submitBooking(ev, e)}
    >
      <h3 id="book-h" tabindex="-1">${this.t('waitlist.book_title', { name: this.personName(e) })}</h3>
      <p class="hint">${this.t('waitlist.book_hint')}</p>
      <p>
        ${this.phoneLink(e.phone)} · ${this.serviceName(e.serviceId)}, ${this.modeText(e.mode)} ·
        ${this.rangeText({ dateFrom: e.from, dateTo: e.to })}
      </p>
      ${this.errorSummary('summary', this.failure, this.errors, BOOK_ORDER, this.slotPickerTarget)}
      <fieldset>
        <legend id="start">${this.t('book.when')}</legend>
        <admin-slot-picker
          name="wl"
          .language=${this.language}
          .service=${e.serviceId}
          .mode=${e.mode}
          .timeZone=${this.tz}
          .error=${this.errors.start ?? ''}
          @slot-change=${(ev: SlotChangeEvent) => {
            this.chosenSlot = ev.slot;
            this.volunteerId = '';
          }}
        ></admin-slot-picker>
        ${this.freeVolunteerSelect(free, this.volunteers.value, this.volunteerId, (v) => (this.volunteerId = v))}
      </fieldset>
      ${this.formButtons(this.t('waitlist.book_submit'), () => this.closeBooking())}
    </form>`;
  }

  private addForm() {
    const f = this.form;
    const e = this.errors;
    const services = this.desk?.services ?? [];
    const svc = services.find((s) => s.id === f.service);
    const set = <K extends keyof AddForm>(key: K, value: AddForm[K]) => (this.form = { ...this.form, [key]: value });
    return html`<form class="card" novalidate @submit=${this.submitAdd} aria-labelledby="add-h">
      <h2 id="add-h">${this.t('waitlist.add_title')}</h2>
      ${this.errorSummary('summary', this.failure, e, ADD_ORDER)}
      ${radioGroup({
        name: 'service',
        legend: this.t('booking.service'),
        errorId: 'service-error',
        error: e.service,
        choices: services.map((s, i) => ({
          id: i === 0 ? 'service' : `service-${s.id}`,
          checked: f.service === s.id,
          label: s.names[this.language],
        })),
        onChoose: (i) => {
          const s = services[i]!;
          this.form = { ...this.form, service: s.id, mode: s.modes.length === 1 ? s.modes[0]! : '' };
        },
      })}
      ${
        svc
          ? radioGroup({
              name: 'mode',
              legend: this.t('booking.mode'),
              errorId: 'mode-error',
              error: e.mode,
              choices: svc.modes.map((m, i) => ({
                id: i === 0 ? 'mode' : `mode-${m}`,
                checked: f.mode === m,
                label: this.modeText(m),
              })),
              onChoose: (i) => set('mode', svc.modes[i]!),
            })
          : nothing
      }
      ${this.input({ id: 'from', label: this.t('waitlist.from'), type: 'date', value: f.from, error: e.from, onInput: (v) => set('from', v) })}
      ${this.input({ id: 'to', label: this.t('waitlist.to'), type: 'date', value: f.to, error: e.to, onInput: (v) => set('to', v) })}
      ${this.input({ id: 'name', label: this.t('book.name'), value: f.name, error: e.name, onInput: (v) => set('name', v) })}
      ${this.input({ id: 'phone', label: this.t('book.phone'), type: 'tel', inputmode: 'tel', hint: this.t('waitlist.phone_hint'), value: f.phone, error: e.phone, onInput: (v) => set('phone', v) })}
      ${this.select({
        id: 'language',
        label: this.t('book.language'),
        hint: this.t('book.language_hint'),
        value: f.language,
        options: this.bookingLanguageOptions(),
        onChange: (v) => set('language', v as Language),
      })}
      ${this.formButtons(this.t('waitlist.add_submit'), () => this.closeAdd())}
    </form>`;
  }
}
