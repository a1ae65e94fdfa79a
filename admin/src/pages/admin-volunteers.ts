import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { createVolunteer, listVolunteers, type VolunteerInput } from '../api';
import { PageElement } from '../page-element';
import { href } from '../links';

const EMPTY: VolunteerInput = { name: '', phone: null, email: null, videoLink: null, active: true };
const ORDER = ['name', 'phone', 'email', 'videoLink'];

/** The volunteers: who is active, how many weekly shifts, a link to each one's page; a form to add one. */
export class AdminVolunteers extends PageElement {
  @state() private reload = 0;
  @state() private adding = false;
  @state() private form: VolunteerInput = { ...EMPTY };

  private volunteers = new Task(this, {
    task: async (_args, { signal }) => (await listVolunteers(signal)).volunteers,
    args: () => [this.reload] as const,
  });

  private get canEdit(): boolean {
    return this.staffRole !== 'volunteer';
  }

  private open(): void {
    this.adding = true;
    this.form = { ...EMPTY };
    this.openForm('name');
  }

  private close(): void {
    this.adding = false;
    void this.focusId('add');
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (await this.refused(this.form.name.trim().length < 2 ? { name: this.t('volunteers.name_missing') } : {})) return;
    await this.attempt(async () => {
      const { volunteer } = await createVolunteer({ ...this.form, name: this.form.name.trim() });
      this.adding = false;
      this.reload++;
      this.announce(this.t('volunteers.created', { name: volunteer.name }));
      location.hash = href(`volunteers/${volunteer.id}`);
    });
  }

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('nav.volunteers')}</h1>
      ${
        this.canEdit && !this.adding
          ? html`<p>
              <button type="button" id="add" class="primary" @click=${this.open}>${this.t('volunteers.add')}</button>
            </p>`
          : nothing
      }
      ${this.adding ? this.addForm() : nothing}
      ${this.renderTask(this.volunteers, (list) =>
        list.length === 0
          ? html`<p>${this.t('volunteers.empty')}</p>`
          : this.table({
              id: 'vol',
              caption: this.t('volunteers.caption', { n: list.length }),
              columns: [
                this.t('common.name'),
                this.t('volunteers.status'),
                this.t('volunteers.shifts'),
                this.t('volunteers.contacts'),
              ],
              rows: list.map(
                (v) =>
                  html`<tr>
                    <th scope="row"><a href=${href(`volunteers/${v.id}`)}>${v.name}</a></th>
                    <td>
                      ${v.active ? this.t('common.active') : html`<strong>${this.t('common.inactive')}</strong>`}
                      ${v.active && v.videoLinkMissing ? html`<br /><strong>${this.t('volunteers.video_missing')}</strong>` : nothing}
                    </td>
                    <td>${v.shiftsCount}</td>
                    <td>
                      ${v.phone ? html`<a href="tel:${v.phone}">${v.phone}</a>` : nothing}
                      ${v.phone && v.email ? html`<br />` : nothing}
                      ${v.email ? html`<a href="mailto:${v.email}">${v.email}</a>` : nothing}
                      ${!v.phone && !v.email ? '—' : nothing}
                    </td>
                  </tr>`,
              ),
            }),
      )}`;
  }

  private addForm() {
    const f = this.form;
    const set = (k: keyof VolunteerInput) => (v: string) =>
      (this.form = { ...this.form, [k]: v.trim() === '' && k !== 'name' ? null : v });
    return html`<form class="card" novalidate @submit=${this.submit} aria-labelledby="add-h">
      <h2 id="add-h">${this.t('volunteers.add')}</h2>
      ${this.errorSummary('summary', this.failure, this.errors, ORDER)}
      ${this.input({ id: 'name', label: this.t('volunteers.name'), value: f.name, error: this.errors.name, onInput: set('name') })}
      ${this.input({ id: 'phone', label: this.t('volunteers.phone'), value: f.phone, type: 'tel', optional: true, error: this.errors.phone, onInput: set('phone') })}
      ${this.input({ id: 'email', label: this.t('volunteers.email'), value: f.email, type: 'email', optional: true, error: this.errors.email, onInput: set('email') })}
      ${this.input({
        id: 'videoLink',
        label: this.t('volunteers.video_link'),
        hint: this.t('volunteers.video_link_hint'),
        value: f.videoLink,
        type: 'url',
        optional: true,
        error: this.errors.videoLink,
        onInput: set('videoLink'),
      })}
      ${this.formButtons(this.t('volunteers.create'), () => this.close())}
    </form>`;
  }
}
