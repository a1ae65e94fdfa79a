import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { browserSupportsWebAuthn, startAuthentication } from '@simplewebauthn/browser';
import { ApiError, login, passkeySignInOptions, signInWithPasskey } from '../api';
import { SessionEvent } from '../events';
import { PageElement } from '../page-element';

/**
 * The login page: e-mail and password, or a passkey (no e-mail needed: the passkeys are discoverable); a wrong password, a locked account (429) or a network failure is
 * shown and read out; on success the shell takes over.
 *
 * @event sportello-session - SessionEvent with the signed-in user.
 */
export class AdminLogin extends PageElement {
  @state() private email = '';
  @state() private password = '';
  private readonly webauthn = browserSupportsWebAuthn();

  private async passkey(): Promise<void> {
    this.errors = {};
    this.failure = '';
    this.busy = true;
    try {
      const optionsJSON = await passkeySignInOptions();
      const answer = await startAuthentication({ optionsJSON });
      const { user } = await signInWithPasskey(answer);
      this.dispatchEvent(new SessionEvent(user));
    } catch (err) {
      this.failure =
        err instanceof ApiError && err.status === 429
          ? this.t('login.throttled')
          : err instanceof ApiError && err.status !== 401 && err.status !== 422
            ? this.errorText(err)
            : this.t('login.passkey_failed');
    } finally {
      this.busy = false;
    }
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!this.email.trim()) errors.email = this.t('login.email_missing');
    if (!this.password) errors.password = this.t('login.password_missing');
    this.errors = errors;
    this.failure = '';
    if (errors.email || errors.password) {
      await this.focusId(errors.email ? 'email' : 'password');
      return;
    }
    this.busy = true;
    try {
      const { user } = await login(this.email.trim(), this.password);
      this.password = '';
      this.dispatchEvent(new SessionEvent(user));
    } catch (err) {
      this.failure =
        err instanceof ApiError && err.status === 429
          ? this.t('login.throttled')
          : err instanceof ApiError && (err.status === 401 || err.status === 422)
            ? this.t('login.failed')
            : this.errorText(err);
      this.password = '';
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    const e = this.errors;
    return html`<div class="card" style="max-width: 28rem; margin: 1rem auto;">
      <h1 tabindex="-1">${this.t('login.title')}</h1>
      <p>${this.t('login.intro')}</p>
      <div role="alert">${this.failure ? html`<p class="alert">${this.failure}</p>` : nothing}</div>
      <form novalidate @submit=${this.submit}>
        ${this.input({ id: 'email', name: 'email', label: this.t('login.email'), type: 'email', autocomplete: 'username', inputmode: 'email', required: true, value: this.email, error: e.email, onInput: (v) => (this.email = v) })}
        ${this.input({ id: 'password', name: 'password', label: this.t('login.password'), type: 'password', autocomplete: 'current-password', required: true, value: this.password, error: e.password, onInput: (v) => (this.password = v) })}
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? this.t('login.signing_in') : this.t('login.submit')}
        </button>
      </form>
      <p>${this.t('login.passkey_or')}</p>
      ${
        this.webauthn
          ? html`<button type="button" ?disabled=${this.busy} @click=${this.passkey}>
              ${this.t('login.passkey')}
            </button>`
          : html`<p>${this.t('login.passkey_unsupported')}</p>`
      }
    </div>`;
  }
}
