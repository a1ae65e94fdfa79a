import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import {
  createUser,
  listUsers,
  listVolunteers,
  resetUserPassword,
  updateUser,
  type Role,
  type StaffUser,
} from '../api';
import '../components/admin-copy-link';
import type { Lang } from '../i18n';
import { PageElement } from '../page-element';

interface Form {
  email: string;
  name: string;
  role: Role;
  volunteerId: string;
  language: Lang;
  password: string;
  active: boolean;
}
const EMPTY: Form = {
  email: '',
  name: '',
  role: 'reception',
  volunteerId: '',
  language: 'it',
  password: '',
  active: true,
};
const ORDER = ['email', 'name', 'role', 'volunteerId', 'language', 'password', 'active'];

/** Staff accounts (admin only): list, create (with a generated password shown once), edit role/link/active, reset password. */
export class AdminUsers extends PageElement {
  @state() private reload = 0;
  @state() private form: Form = { ...EMPTY };
  /** A password to hand over once (new account or reset). */
  @state() private issued: { name: string; password: string } | null = null;

  private data = new Task(this, {
    task: async (_args, { signal }) => {
      const [{ users }, { volunteers }] = await Promise.all([listUsers(signal), listVolunteers(signal)]);
      return { users, volunteers };
    },
    args: () => [this.reload] as const,
  });

  private open(u?: StaffUser): void {
    this.editing = u ? u.id : 'new';
    this.form = u
      ? {
          email: u.email,
          name: u.name,
          role: u.role,
          volunteerId: u.volunteerId ?? '',
          language: u.language,
          password: '',
          active: u.active,
        }
      : { ...EMPTY };
    this.issued = null;
    this.openForm(u ? 'name' : 'email');
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const f = this.form;
    const errors: Record<string, string> = {};
    if (this.editing === 'new' && !f.email.trim()) errors.email = this.t('users.email_missing');
    if (f.name.trim().length < 2) errors.name = this.t('volunteers.name_missing');
    if (f.role === 'volunteer' && !f.volunteerId) errors.volunteerId = this.t('users.volunteer_missing');
    if (f.password && [...f.password].length < 12) errors.password = this.t('password.too_short');
    if (await this.refused(errors)) return;
    await this.attempt(async () => {
      if (this.editing === 'new') {
        const r = await createUser({
          email: f.email.trim(),
          name: f.name.trim(),
          role: f.role,
          language: f.language,
          volunteerId: f.volunteerId || null,
          ...(f.password ? { password: f.password } : {}),
        });
        this.announce(this.t('users.created', { name: r.user.name }));
        if ('password' in r) this.issued = { name: r.user.name, password: r.password };
      } else {
        const r = await updateUser(this.editing, {
          name: f.name.trim(),
          role: f.role,
          language: f.language,
          volunteerId: f.volunteerId || null,
          active: f.active,
        });
        this.announce(this.t('users.saved', { name: r.user.name }));
      }
      this.editing = '';
      this.reload++;
      await this.data.taskComplete.catch(() => undefined);
      await this.focusId(this.issued ? 'issued' : 'list-h');
    });
  }

  private reset(u: StaffUser): Promise<void> {
    return this.perform(async () => {
      const r = await resetUserPassword(u.id);
      this.issued = { name: r.user.name, password: r.password };
      this.announce(this.t('users.reset_done', { name: r.user.name }));
      await this.focusId('issued');
    });
  }

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('nav.users')}</h1>
      ${
        this.issued
          ? html`<div class="success" id="issued" tabindex="-1">
              <p>${this.t('users.issued', { name: this.issued.name })}</p>
              <admin-copy-link
                name="issued-password"
                .language=${this.language}
                label=${this.t('users.password_once')}
                button=${this.t('users.copy_password')}
                value=${this.issued.password}
              ></admin-copy-link>
            </div>`
          : nothing
      }
      ${this.renderTask(this.data, (d) => {
        const names = new Map(d.volunteers.map((v) => [v.id, v.name]));
        return html`<h2 id="list-h" tabindex="-1">${this.t('users.caption', { n: d.users.length })}</h2>
          ${this.table({
            id: 'users',
            labelledBy: 'list-h',
            columns: [
              this.t('common.name'),
              this.t('users.email'),
              this.t('users.role'),
              this.t('volunteers.status'),
              this.t('common.actions'),
            ],
            rows: d.users.map(
              (u) =>
                html`<tr>
                  <th scope="row">${u.name}</th>
                  <td>${u.email}</td>
                  <td>
                    ${this.t(`role.${u.role}`)}${u.volunteerId ? html`<br /><span class="muted">${names.get(u.volunteerId) ?? ''}</span>` : nothing}
                  </td>
                  <td>${u.active ? this.t('common.active') : html`<strong>${this.t('common.inactive')}</strong>`}</td>
                  <td>
                    <div class="actions" style="margin:0">
                      <button type="button" id="edit-${u.id}" @click=${() => this.open(u)}>
                        ${this.t('common.edit')}<span class="visually-hidden">: ${u.name}</span>
                      </button>
                      <button type="button" ?disabled=${this.busy} @click=${() => this.reset(u)}>
                        ${this.t('users.reset')}<span class="visually-hidden">: ${u.name}</span>
                      </button>
                    </div>
                  </td>
                </tr>`,
            ),
          })}
          ${this.editing ? this.formView(d.volunteers.map((v) => [v.id, v.name] as const)) : html`<button type="button" id="add" class="primary" @click=${() => this.open()}>${this.t('users.add')}</button>`}`;
      })}`;
  }

  private formView(volunteers: (readonly [string, string])[]) {
    const f = this.form;
    const e = this.errors;
    const isNew = this.editing === 'new';
    return html`<form class="card" novalidate @submit=${this.submit} aria-labelledby="form-h">
      <h2 id="form-h">${this.t(isNew ? 'users.add' : 'users.edit')}</h2>
      ${this.errorSummary('summary', this.failure, e, ORDER)}
      ${
        isNew
          ? this.input({
              id: 'email',
              label: this.t('users.email'),
              type: 'email',
              value: f.email,
              error: e.email,
              onInput: (v) => (this.form = { ...f, email: v }),
            })
          : html`<p><strong>${this.t('users.email')}:</strong> ${f.email}</p>`
      }
      ${this.input({ id: 'name', label: this.t('common.name'), value: f.name, error: e.name, onInput: (v) => (this.form = { ...f, name: v }) })}
      ${this.select({
        id: 'role',
        label: this.t('users.role'),
        hint: this.t('users.role_hint'),
        value: f.role,
        options: (['admin', 'reception', 'volunteer'] as const).map((r) => [r, this.t(`role.${r}`)] as const),
        error: e.role,
        onChange: (v) => (this.form = { ...f, role: v as Role }),
      })}
      ${this.select({
        id: 'volunteerId',
        label: this.t('users.volunteer'),
        hint: this.t('users.volunteer_hint'),
        value: f.volunteerId,
        optional: f.role !== 'volunteer',
        options: [['', this.t('common.none')] as const, ...volunteers],
        error: e.volunteerId,
        onChange: (v) => (this.form = { ...f, volunteerId: v }),
      })}
      ${this.select({
        id: 'language',
        label: this.t('users.language'),
        value: f.language,
        options: this.languageOptions(),
        error: e.language,
        onChange: (v) => (this.form = { ...f, language: v as Lang }),
      })}
      ${
        isNew
          ? this.input({
              id: 'password',
              label: this.t('users.password'),
              hint: this.t('users.password_hint'),
              type: 'password',
              autocomplete: 'new-password',
              optional: true,
              value: f.password,
              error: e.password,
              onInput: (v) => (this.form = { ...f, password: v }),
            })
          : this.checkbox({
              id: 'active',
              label: this.t('users.active'),
              hint: this.t('users.active_hint'),
              checked: f.active,
              error: e.active,
              onChange: (c) => (this.form = { ...f, active: c }),
            })
      }
      ${this.formButtons(this.t('common.save'), () => this.closeForm())}
    </form>`;
  }
}
