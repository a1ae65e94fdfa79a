import { LitElement, css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { getSmsAlert, type SmsAlert } from '../api';
import { define } from '../define';
import { formatDateTime } from '../format';
import { t, type Lang, type MessageKey } from '../i18n';
import { shared } from '../shared.styles';

/** How the portal names the providers, and the variable that holds each one's sender. */
const PROVIDERS: Record<string, { name: string; sender: string }> = {
  twilio: { name: 'Twilio', sender: 'TWILIO_FROM' },
  smshosting: { name: 'SMSHosting', sender: 'SMSHOSTING_FROM' },
};

/**
 * The SMS alert banner: when the SMS provider refuses the account rather than a message (sender name,
 * country, credentials, configuration, credit), one banner says so, what to do, and how many messages
 * wait. Nothing while SMS flow. Read again on every navigation, so it goes once a tick has sent again.
 */
export class AdminSmsAlert extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        max-width: 80rem;
        margin: 0 auto;
        padding: 1rem 1rem 0;
      }
      .alert {
        margin: 0;
      }
      h2 {
        display: inline;
        font-size: 1.05rem;
        margin: 0;
      }
      p {
        margin: 0.4rem 0 0;
      }
    `,
  ];

  @property({ attribute: false }) language: Lang = 'it';
  /** The desk's time zone, for "since". */
  @property({ attribute: false }) timeZone = 'Europe/Rome';

  private data = new Task(this, {
    task: async (_args: readonly [], { signal }) => (await getSmsAlert(signal)).alert,
    args: () => [] as const,
  });

  private reload = () => void this.data.run();

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.reload);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.reload);
    super.disconnectedCallback();
  }

  protected override render() {
    // A failed read shows nothing: the banner must never stand in the way of the page.
    return this.data.render({ complete: (a) => (a ? this.banner(a) : nothing) });
  }

  private banner(a: SmsAlert) {
    const l = this.language;
    const p = PROVIDERS[a.provider] ?? { name: a.provider, sender: 'TWILIO_FROM' };
    const kind = a.code === 'sender_invalid' ? 'sender_invalid' : a.reason;
    const params = { provider: p.name, variable: p.sender, country: this.countryName(a.country) };
    return html`<section class="alert" aria-labelledby="sms-alert-h" data-sms-alert=${kind}>
      <h2 id="sms-alert-h">${t(l, `sms_alert.${kind}` as MessageKey, params)}</h2>
      <p>${t(l, `sms_alert.${kind}_fix` as MessageKey, params)}</p>
      <p>${t(l, 'sms_alert.waiting', { n: a.waiting, since: formatDateTime(a.since, this.timeZone, l) })}</p>
    </section>`;
  }

  private countryName(code: string | null): string {
    if (!code) return '';
    try {
      return new Intl.DisplayNames([this.language], { type: 'region' }).of(code) ?? code;
    } catch {
      return code;
    }
  }
}

define('admin-sms-alert', AdminSmsAlert);
