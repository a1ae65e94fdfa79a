import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { browserSupportsWebAuthn, startRegistration } from '@simplewebauthn/browser';
import {
  addPasskey,
  changePassword,
  deletePasskey,
  listPasskeys,
  passkeyRegistrationOptions,
  type Passkey,
} from '../api';
import { formatDateTime } from '../format';
import { PageElement } from '../page-element';

/**
 * Change one's own password (the current one, the new one twice), and one's passkeys: the list, delete,
 * and "add a passkey", which asks the browser to make one (WebAuthn) for a server challenge.
 */
export class AdminPassword extends PageElement {
  @state() private current = '';
  @state() private next = '';
  @state() private again = '';
  @state() private done = false;
  @state() private passkeys: Passkey[] = [];
  @state() private passkeyName = '';
  @state() private passkeyBusy = false;
  @state() private passkeyFailure = '';
  private readonly webauthn = browserSupportsWebAuthn();

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadPasskeys();
  }

  private async loadPasskeys(): Promise<void> {
    try {
      this.passkeys = (await listPasskeys()).passkeys;
    } catch (err) {
      this.passkeyFailure = this.errorText(err);
    }
  }

  private async addPasskey(e: Event): Promise<void> {
    e.preventDefault();
    this.passkeyFailure = '';
    const name = this.passkeyName.trim();
    this.errors = name ? {} : { passkeyName: this.t('passkey.name_missing') };
    if (!name) return this.focusId('passkeyName');
    this.passkeyBusy = true;
    try {
      const optionsJSON = await passkeyRegistrationOptions();
      const answer = await startRegistration({ optionsJSON });
      await addPasskey(name, answer);
      this.passkeyName = '';
      this.announce(this.t('passkey.added'));
      await this.loadPasskeys();
    } catch (err) {
      // A cancelled or refused browser prompt is not a server error: say plainly that nothing was added.
      this.passkeyFailure =
        err instanceof Error && err.name !== 'ApiError' ? this.t('passkey.add_failed') : this.errorText(err);
    } finally {
      this.passkeyBusy = false;
    }
  }

  private async removePasskey(p: Passkey): Promise<void> {
    this.passkeyFailure = '';
    try {
      await deletePasskey(p.id);
      this.announce(this.t('passkey.deleted'));
      await this.loadPasskeys();
    } catch (err) {
      this.passkeyFailure = this.errorText(err);
    }
  }

  private renderPasskeys() {
    const when = (at: string) => formatDateTime(at, this.tz, this.language);
    return html`<section aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">${this.t('passkey.title')}</h2>
      <p>${this.t('passkey.intro')}</p>
      <div role="alert">${this.passkeyFailure ? html`<p class="alert">${this.passkeyFailure}</p>` : nothing}</div>
      <h3>${this.t('passkey.list')}</h3>
      ${
        this.passkeys.length
          ? html`<ul class="passkeys">
              ${this.passkeys.map(
                (p) =>
                  html`<li>
                    <strong>${p.name}</strong> — ${this.t('passkey.created', { date: when(p.createdAt) })},
                    ${p.lastUsedAt ? this.t('passkey.last_used', { date: when(p.lastUsedAt) }) : this.t('passkey.never_used')}
                    <button type="button" @click=${() => this.removePasskey(p)}>
                      ${this.t('passkey.delete', { name: p.name })}
                    </button>
                  </li>`,
              )}
            </ul>`
          : html`<p>${this.t('passkey.none')}</p>`
      }
      ${
        this.webauthn
          ? html`<form novalidate @submit=${this.addPasskey}>
              ${this.input({
                id: 'passkeyName',
                label: this.t('passkey.name'),
                hint: this.t('passkey.name_hint'),
                value: this.passkeyName,
                error: this.errors.passkeyName,
                onInput: (v) => (this.passkeyName = v),
              })}
              <button type="submit" class="primary" ?disabled=${this.passkeyBusy}>
                ${this.passkeyBusy ? this.t('passkey.adding') : this.t('passkey.add')}
              </button>
            </form>`
          : html`<p>${this.t('passkey.unsupported')}</p>`
      }
    </section>`;
  }

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
      </form>
      ${this.renderPasskeys()}`;
  }
}
