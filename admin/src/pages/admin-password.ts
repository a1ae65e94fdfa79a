import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { changePassword } from '../api';
import { PageElement } from '../page-element';

/** Change one's own password: the current one, the new one twice. */
export class AdminPassword extends PageElement {
  @state() private current = '';
  @state() private next = '';
  @state() private again = '';
  @state() private done = false;

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!this.current) errors.currentPassword = this.t('password.current_missing');
    if ([...this.next].length < 12) errors.newPassword = this.t('password.too_short');
    else if (this.next !== this.again) errors.again = this.t('password.mismatch');
    this.errors = errors;
    this.failure = '';
    this.done = false;
    if (Object.keys(errors).length) return this.focusFirstError();
    this.busy = true;
    try {
      await changePassword(this.current, this.next);
      this.current = this.next = this.again = '';
      this.done = true;
      this.announce(this.t('password.changed'));
    } catch (err) {
      this.errors = this.fieldErrors(err);
      this.failure = this.errorText(err);
      await this.focusFirstError();
    } finally {
      this.busy = false;
    }
  }

  /** This form has no summary: the first wrong field takes focus, its message read with it. */
  private async focusFirstError(): Promise<void> {
    const first = ['currentPassword', 'newPassword', 'again'].find((f) => this.errors[f]);
    if (first) await this.focusId(first);
  }

  private field(id: 'currentPassword' | 'newPassword' | 'again', label: string, autocomplete: string, hint = '') {
    const value = id === 'currentPassword' ? this.current : id === 'newPassword' ? this.next : this.again;
    return this.input({
      id,
      label,
      hint: hint || undefined,
      type: 'password',
      autocomplete,
      value,
      error: this.errors[id],
      onInput: (v) => {
        if (id === 'currentPassword') this.current = v;
        else if (id === 'newPassword') this.next = v;
        else this.again = v;
      },
    });
  }

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('password.title')}</h1>
      <div role="alert">${this.failure ? html`<p class="alert">${this.failure}</p>` : nothing}</div>
      ${this.done ? html`<p class="success">${this.t('password.changed')}</p>` : nothing}
      <form novalidate @submit=${this.submit}>
        ${this.field('currentPassword', this.t('password.current'), 'current-password')}
        ${this.field('newPassword', this.t('password.new'), 'new-password', this.t('password.new_hint'))}
        ${this.field('again', this.t('password.again'), 'new-password')}
        <button type="submit" class="primary" ?disabled=${this.busy}>${this.t('password.submit')}</button>
      </form>`;
  }
}
