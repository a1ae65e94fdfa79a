import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { nameKey } from '../../../worker/src/domain/person-search';
import { ApiError, erasePerson, exportPerson, findPeople, searchPerson, type PersonBooking } from '../api';
import { formatDateOfInstant, formatPhone } from '../format';
import { PageElement } from '../page-element';
import { shared } from '../shared.styles';

/** The shortest search text the server takes (domain/person-search.ts MIN_QUERY_LENGTH). */
const MIN_QUERY = 2;

/** One person as the desk tells people apart: the same number and the same name (folded). */
interface Person {
  key: string;
  name: string;
  phone: string | null;
  /** The number as its country writes it, from the server. */
  phoneDisplay: string | null;
  /** Latest first. */
  bookings: PersonBooking[];
}

interface Found {
  q: string;
  people: Person[];
  /** The server listed only the latest bookings matching. */
  truncated: boolean;
}

/** The people in a list of bookings (latest first), each with their bookings, in order of their latest. */
function groupPeople(bookings: readonly PersonBooking[]): Person[] {
  const people = new Map<string, Person>();
  for (const b of bookings) {
    if (b.name === null) continue;
    const key = `${b.phone ?? ''} ${nameKey(b.name)}`;
    const person = people.get(key) ?? { key, name: b.name, phone: b.phone, phoneDisplay: b.phoneDisplay, bookings: [] };
    person.bookings.push(b);
    people.set(key, person);
  }
  return [...people.values()];
}

/**
 * The last search and the person open, kept in memory only (never the URL or storage: they are names and
 * numbers), so coming back from a booking's page shows them again. Cleared on sign-out.
 */
let remembered: { q: string; found: Found | null; person: Person | null } | null = null;

/** Forgets the last search (called when the user signs out or the session ends). */
export function forgetPeopleSearch(): void {
  remembered = null;
}

/**
 * Finding a person by a fragment of their name or number (also from the header's search): the people
 * found, then a person's appointments with their outcomes and counts. From a person with a number: an
 * export of their data as a JSON file, and erasure after an explicit confirmation (bookings keep
 * anonymous counts).
 */
export class AdminPeople extends PageElement {
  static override styles = [
    shared,
    css`
      .people li {
        margin: 0 0 0.75rem;
      }
      .people .muted {
        display: block;
        padding-inline-start: 0.25rem;
      }
    `,
  ];

  @state() private q = remembered?.q ?? '';
  @state() private qError = '';
  @state() private found: Found | null = remembered?.found ?? null;
  @state() private person: Person | null = remembered?.person ?? null;
  @state() private erasing = false;
  @state() private confirmed = false;
  @state() private cancelActive = false;
  @state() private eraseError = '';
  @state() private done = '';

  override updated(): void {
    remembered = { q: this.q, found: this.found, person: this.person };
  }

  /** Searches for `q` as if typed here (the header's search field hands it over). */
  async searchFor(q: string): Promise<void> {
    this.q = q;
    await this.runSearch();
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    await this.runSearch();
  }

  private async runSearch(): Promise<void> {
    this.failure = '';
    this.done = '';
    this.erasing = false;
    const q = this.q.trim();
    if (q.length < MIN_QUERY) {
      this.qError = this.t('people.query_short', { n: MIN_QUERY });
      return this.focusId('q');
    }
    this.busy = true;
    try {
      const r = await findPeople(q);
      this.qError = '';
      this.person = null;
      this.found = { q, people: groupPeople(r.bookings), truncated: r.truncated };
      this.announce(this.t('people.found_people', { n: this.found.people.length }));
      await this.focusId('found-h');
    } catch (err) {
      const fields = this.fieldErrors(err);
      if (fields.q) {
        this.qError = fields.q;
        await this.focusId('q');
      } else this.failure = this.errorText(err);
    } finally {
      this.busy = false;
    }
  }

  /** Every booking of a person: by their number when they have one (a landline is searched as text). */
  private async openPerson(p: Person): Promise<void> {
    this.busy = true;
    this.failure = '';
    this.done = '';
    this.erasing = false;
    try {
      const r = p.phone ? await this.byNumber(p.phone) : await findPeople(p.name);
      const key = nameKey(p.name);
      const bookings = r.bookings.filter((b) => b.name !== null && nameKey(b.name) === key && b.phone === p.phone);
      this.person = { ...p, bookings: bookings.length ? bookings : p.bookings };
      await this.focusId('person-h');
    } catch (err) {
      this.failure = this.errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private async byNumber(phone: string) {
    try {
      return await searchPerson(phone);
    } catch (err) {
      // Not a mobile (a landline booked by staff): the text search finds it by its digits.
      if (err instanceof ApiError && err.status === 422) return findPeople(phone);
      throw err;
    }
  }

  private async back(): Promise<void> {
    const key = this.person?.key;
    this.person = null;
    this.erasing = false;
    await this.updateComplete;
    if (key) await this.focusId(`person-${this.found?.people.findIndex((p) => p.key === key) ?? 0}`);
  }

  private async download(phone: string): Promise<void> {
    this.busy = true;
    try {
      const data = await exportPerson(phone);
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `sportello-${phone.replace(/\D/g, '')}.json`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.announce(this.t('people.exported'));
    } catch (err) {
      this.failure = this.errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private async erase(e: Event, phone: string): Promise<void> {
    e.preventDefault();
    if (!this.confirmed) {
      this.eraseError = this.t('people.confirm_missing');
      return this.focusId('confirm-erase');
    }
    this.busy = true;
    this.eraseError = '';
    try {
      const r = await erasePerson(phone, this.cancelActive);
      this.done = this.t('people.erased', { bookings: r.bookings, messages: r.messages, cancelled: r.cancelled });
      this.announce(this.done);
      this.erasing = false;
      this.person = null;
      if (this.found) {
        const again = await findPeople(this.found.q);
        this.found = { q: this.found.q, people: groupPeople(again.bookings), truncated: again.truncated };
      }
      this.dataChanged();
      await this.focusId('done');
    } catch (err) {
      const fields = this.fieldErrors(err);
      this.eraseError = fields.cancelActive ?? this.errorText(err);
      if (err instanceof ApiError && fields.cancelActive) await this.focusId('cancel-active');
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('nav.people')}</h1>
      <p>${this.t('people.intro')}</p>
      <form class="actions" novalidate @submit=${this.submit} role="search" aria-label=${this.t('people.search_label')}>
        ${this.input({
          id: 'q',
          label: this.t('people.query'),
          hint: this.t('people.query_hint'),
          type: 'search',
          value: this.q,
          error: this.qError,
          onInput: (v) => (this.q = v),
        })}
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.t('people.search')}</button>
      </form>
      <div role="alert">${this.failure ? html`<p class="alert">${this.failure}</p>` : nothing}</div>
      ${this.done ? html`<p class="success" id="done" tabindex="-1">${this.done}</p>` : nothing}
      ${this.person ? this.personView(this.person) : this.found ? this.foundView(this.found) : nothing}`;
  }

  private foundView(f: Found) {
    return html`<section aria-labelledby="found-h">
      <h2 id="found-h" tabindex="-1">${this.t('people.found_people', { n: f.people.length })}</h2>
      ${f.truncated ? html`<p class="notice">${this.t('people.truncated', { n: f.people.reduce((n, p) => n + p.bookings.length, 0) })}</p>` : nothing}
      <ul class="plain people">
        ${f.people.map(
          (p, i) =>
            html`<li>
              <button type="button" class="link" id="person-${i}" @click=${() => this.openPerson(p)}>
                ${p.name} ·
                ${p.phone ? html`<bdi>${p.phoneDisplay ?? formatPhone(p.phone)}</bdi>` : this.t('people.no_phone')}
              </button>
              <span class="muted"
                >${this.t('people.bookings_count', { n: p.bookings.length })} ·
                ${this.t('people.latest', { date: this.dateOf(p.bookings[0]?.start) })}</span
              >
            </li>`,
        )}
      </ul>
    </section>`;
  }

  private dateOf(start: string | null | undefined): string {
    return start ? formatDateOfInstant(start, this.tz, this.language) : '—';
  }

  private personView(p: Person) {
    const count = (ok: (b: PersonBooking) => boolean) => p.bookings.filter(ok).length;
    const outcomes = [
      this.t('people.attended_count', { n: count((b) => b.status === 'attended') }),
      this.t('people.no_show_count', { n: count((b) => b.status === 'no_show') }),
      this.t('people.late_count', { n: count((b) => b.status === 'cancelled' && b.lateCancellation) }),
    ];
    return html`<section aria-labelledby="person-h">
      ${this.found ? html`<p><button type="button" class="link" @click=${this.back}>${this.t('people.back')}</button></p>` : nothing}
      <h2 id="person-h" tabindex="-1">${p.name}</h2>
      ${this.facts([
        [this.t('people.phone_any'), p.phone ? this.phoneLink(p.phone, p.phoneDisplay) : this.t('people.no_phone')],
        [this.t('people.bookings'), this.t('people.bookings_count', { n: p.bookings.length })],
        [this.t('people.outcomes'), outcomes.join(', ')],
      ])}
      ${this.table({
        id: 'person-bookings',
        caption: this.t('people.person_bookings', { name: p.name }),
        hideCaption: true,
        // The outcome second: on a phone the last columns are a scroll away.
        columns: [this.t('booking.when'), this.t('people.outcome'), this.t('booking.service'), this.t('booking.mode')],
        rows: p.bookings.map(
          (b) =>
            html`<tr>
              <th scope="row">${this.bookingLink(b.id, b.start)}</th>
              <td>
                ${this.statusBadge(b.status)}
                ${b.status === 'cancelled' && b.lateCancellation ? html` · ${this.t('people.late')}` : nothing}
              </td>
              <td>${b.service.name}</td>
              <td>${this.modeText(b.mode)}</td>
            </tr>`,
        ),
      })}
      ${p.phone ? this.dataActions(p.phone) : nothing}
    </section>`;
  }

  private dataActions(phone: string) {
    return html`<div class="actions">
        <button type="button" ?disabled=${this.busy} @click=${() => this.download(phone)}>
          ${this.t('people.export')}
        </button>
        <button
          type="button"
          id="open-erase"
          class="danger"
          @click=${() => {
            this.erasing = true;
            this.confirmed = false;
            this.cancelActive = false;
            this.eraseError = '';
            void this.focusId('erase-h');
          }}
        >
          ${this.t('people.erase')}
        </button>
      </div>
      ${this.erasing ? this.eraseForm(phone) : nothing}`;
  }

  private eraseForm(phone: string) {
    const shown = formatPhone(phone);
    return html`<form class="card" novalidate @submit=${(e: Event) => this.erase(e, phone)} aria-labelledby="erase-h">
      <h3 id="erase-h" tabindex="-1">${this.t('people.erase_heading', { phone: shown })}</h3>
      <p>${this.t('people.erase_explain')}</p>
      ${this.checkbox({
        id: 'cancel-active',
        label: this.t('people.cancel_active'),
        hint: this.t('people.cancel_active_hint'),
        checked: this.cancelActive,
        onChange: (c) => (this.cancelActive = c),
      })}
      ${this.checkbox({
        id: 'confirm-erase',
        label: this.t('people.confirm', { phone: shown }),
        checked: this.confirmed,
        error: this.eraseError,
        onChange: (c) => (this.confirmed = c),
      })}
      ${this.formButtons(
        this.t('people.erase_submit'),
        () => {
          this.erasing = false;
          void this.focusId('open-erase');
        },
        { danger: true },
      )}
    </form>`;
  }
}
