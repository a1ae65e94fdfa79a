import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { createService, listServices, updateService, type Service, type ServiceInput } from '../api';
import { PageElement } from '../page-element';
import { TRANSLATED_LANGUAGES, textDirection } from '../../../worker/src/domain/vocabulary';

/** The people-facing languages beyond Italian and English: optional names and descriptions (blank: English shows). */

const EMPTY: ServiceInput = {
  names: { it: '', en: '' },
  descriptions: { it: '', en: '' },
  durationMinutes: 60,
  modes: ['in_person', 'remote'],
  active: true,
  sortOrder: 0,
  nextServiceId: null,
};
const ORDER = [
  'names.it',
  'names.en',
  'descriptions.it',
  'descriptions.en',
  ...TRANSLATED_LANGUAGES.flatMap((l) => [`names.${l}`, `descriptions.${l}`]),
  'durationMinutes',
  'modes',
  'active',
  'sortOrder',
  'nextServiceId',
];

/** The services people can book: names in both languages, duration, modes, active. Admin edits; reception reads. */
export class AdminServices extends PageElement {
  @state() private reload = 0;
  @state() private form: ServiceInput = EMPTY;

  private services = new Task(this, {
    task: async (_args, { signal }) =>
      (await listServices(signal)).services.sort(
        (a, b) => a.sortOrder - b.sortOrder || a.names.it.localeCompare(b.names.it),
      ),
    args: () => [this.reload] as const,
  });

  private get canEdit(): boolean {
    return this.staffRole === 'admin';
  }

  private open(s?: Service): void {
    this.editing = s ? s.id : 'new';
    this.form = s
      ? {
          names: { ...s.names },
          descriptions: { ...s.descriptions },
          durationMinutes: s.durationMinutes,
          modes: [...s.modes],
          active: s.active,
          sortOrder: s.sortOrder,
          nextServiceId: s.nextServiceId,
        }
      : { ...EMPTY, names: { it: '', en: '' }, descriptions: { it: '', en: '' }, modes: [...EMPTY.modes] };
    this.openForm('names.it');
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const f = this.form;
    const errors: Record<string, string> = {};
    if (f.names.it.trim().length < 2) errors['names.it'] = this.t('services.name_missing');
    if (f.names.en.trim().length < 2) errors['names.en'] = this.t('services.name_missing');
    if (!Number.isInteger(f.durationMinutes) || f.durationMinutes < 5 || f.durationMinutes > 480)
      errors.durationMinutes = this.t('services.duration_range');
    if (!f.modes.length) errors.modes = this.t('volunteer.modes_missing');
    if (await this.refused(errors)) return;
    await this.attempt(async () => {
      const { service } = this.editing === 'new' ? await createService(f) : await updateService(this.editing, f);
      this.announce(this.t('services.saved', { name: service.names[this.language] }));
      this.editing = '';
      this.reload++;
      this.dataChanged();
      await this.services.taskComplete.catch(() => undefined);
      await this.focusId(`edit-${service.id}`);
    });
  }

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('nav.services')}</h1>
      ${this.canEdit ? nothing : html`<p class="notice">${this.t('common.read_only')}</p>`}
      ${this.renderTask(this.services, (list) =>
        this.table({
          id: 'svc',
          caption: this.t('services.caption', { n: list.length }),
          columns: [
            this.t('common.name'),
            this.t('services.duration'),
            this.t('booking.mode'),
            this.t('volunteers.status'),
            this.t('services.next'),
            this.canEdit ? this.t('common.actions') : nothing,
          ],
          rows: list.map(
            (s) =>
              html`<tr>
                <th scope="row">${s.names.it}<br /><span class="muted" lang="en">${s.names.en}</span></th>
                <td>${this.t('book.minutes', { n: s.durationMinutes })}</td>
                <td>${s.modes.map((m) => this.modeText(m)).join(', ')}</td>
                <td>${s.active ? this.t('common.active') : html`<strong>${this.t('common.inactive')}</strong>`}</td>
                <td>${this.nameOf(list, s.nextServiceId) ?? this.t('services.next_none')}</td>
                ${
                  this.canEdit
                    ? html`<td>
                        <button type="button" id="edit-${s.id}" @click=${() => this.open(s)}>
                          ${this.t('common.edit')}<span class="visually-hidden">: ${s.names[this.language]}</span>
                        </button>
                      </td>`
                    : nothing
                }
              </tr>`,
          ),
        }),
      )}
      ${
        this.canEdit
          ? this.editing
            ? this.formView()
            : html`<button type="button" id="add" class="primary" @click=${() => this.open()}>
                ${this.t('services.add')}
              </button>`
          : nothing
      }`;
  }

  private nameOf(list: readonly Service[], id: string | null): string | undefined {
    return list.find((x) => x.id === id)?.names[this.language];
  }

  /** The path's next step: another service, or none. */
  private nextField() {
    const others = (this.services.value ?? []).filter((s) => s.id !== this.editing);
    return this.select({
      id: 'nextServiceId',
      label: this.t('services.next'),
      hint: this.t('services.next_hint'),
      value: this.form.nextServiceId ?? '',
      error: this.errors.nextServiceId,
      options: [['', this.t('services.next_none')], ...others.map((s) => [s.id, s.names[this.language]] as const)],
      onChange: (v) => (this.form = { ...this.form, nextServiceId: v || null }),
    });
  }

  /** Optional names and descriptions in the other people-facing languages, each typed in its own language and direction. */
  private translations() {
    const f = this.form;
    const e = this.errors;
    return html`<fieldset aria-describedby="other-languages-hint">
      <legend>${this.t('services.other_languages')}</legend>
      <p id="other-languages-hint" class="hint">${this.t('services.other_languages_hint')}</p>
      ${TRANSLATED_LANGUAGES.map(
        (l) =>
          html`${this.input({ id: `names.${l}`, label: this.t(`services.name_${l}`), lang: l, dir: textDirection(l), optional: true, maxlength: 100, value: f.names[l] ?? '', error: e[`names.${l}`], onInput: (v) => (this.form = { ...this.form, names: { ...this.form.names, [l]: v } }) })}
          ${this.input({ id: `descriptions.${l}`, label: this.t(`services.description_${l}`), lang: l, dir: textDirection(l), multiline: true, optional: true, maxlength: 1000, value: f.descriptions[l] ?? '', error: e[`descriptions.${l}`], onInput: (v) => (this.form = { ...this.form, descriptions: { ...this.form.descriptions, [l]: v } }) })}`,
      )}
    </fieldset>`;
  }

  private formView() {
    const f = this.form;
    const e = this.errors;
    return html`<form class="card" novalidate @submit=${this.submit} aria-labelledby="form-h">
      <h2 id="form-h">${this.t(this.editing === 'new' ? 'services.add' : 'services.edit')}</h2>
      ${this.errorSummary('summary', this.failure, e, ORDER)}
      ${this.input({ id: 'names.it', label: this.t('services.name_it'), lang: 'it', value: f.names.it, maxlength: 100, error: e['names.it'], onInput: (v) => (this.form = { ...f, names: { ...f.names, it: v } }) })}
      ${this.input({ id: 'names.en', label: this.t('services.name_en'), lang: 'en', value: f.names.en, maxlength: 100, error: e['names.en'], onInput: (v) => (this.form = { ...f, names: { ...f.names, en: v } }) })}
      ${this.input({ id: 'descriptions.it', label: this.t('services.description_it'), lang: 'it', multiline: true, optional: true, maxlength: 1000, value: f.descriptions.it, error: e['descriptions.it'], onInput: (v) => (this.form = { ...f, descriptions: { ...f.descriptions, it: v } }) })}
      ${this.input({ id: 'descriptions.en', label: this.t('services.description_en'), lang: 'en', multiline: true, optional: true, maxlength: 1000, value: f.descriptions.en, error: e['descriptions.en'], onInput: (v) => (this.form = { ...f, descriptions: { ...f.descriptions, en: v } }) })}
      ${this.translations()}
      ${this.input({ id: 'durationMinutes', label: this.t('services.duration_minutes'), type: 'number', inputmode: 'numeric', min: 5, max: 480, step: 5, value: f.durationMinutes, error: e.durationMinutes, onInput: (v) => (this.form = { ...f, durationMinutes: Number(v) }) })}
      ${this.modesFieldset(f.modes, e.modes, (modes) => (this.form = { ...f, modes }))}
      ${this.input({ id: 'sortOrder', label: this.t('services.sort_order'), hint: this.t('services.sort_order_hint'), type: 'number', inputmode: 'numeric', value: f.sortOrder, error: e.sortOrder, onInput: (v) => (this.form = { ...f, sortOrder: Number(v) || 0 }) })}
      ${this.nextField()}
      ${this.checkbox({ id: 'active', label: this.t('services.active'), hint: this.t('services.active_hint'), checked: f.active, error: e.active, onChange: (c) => (this.form = { ...f, active: c }) })}
      ${this.formButtons(this.t('common.save'), () => this.closeForm())}
    </form>`;
  }
}
