import { html, nothing } from 'lit';
import { Task } from '@lit/task';
import { listMessages } from '../api';
import { formatShortDateTime } from '../format';
import { hasKey } from '../i18n';
import { PageElement } from '../page-element';
import { href } from '../links';

const STATUSES = ['', 'pending', 'sending', 'sent', 'delivered', 'failed', 'cancelled'] as const;

/** The SMS outbox, newest first, filtered by status: what was sent, what waits, what failed and why. */
export class AdminMessages extends PageElement {
  private get status(): string {
    const s = this.route?.query.get('status') ?? '';
    return (STATUSES as readonly string[]).includes(s) ? s : '';
  }

  private data = new Task(this, {
    task: async ([status], { signal }) => (await listMessages({ status: status || undefined }, signal)).messages,
    args: () => [this.status, this.language] as const,
  });

  private keyText(key: string, fallback: string): string {
    return hasKey(key) ? this.t(key) : fallback;
  }

  protected override render() {
    return html`<h1 tabindex="-1">${this.t('nav.messages')}</h1>
      <p>${this.t('messages.intro')}</p>
      ${this.select({
        id: 'status',
        label: this.t('messages.filter'),
        value: this.status,
        options: STATUSES.map((s) => [s, s ? this.keyText(`message.status.${s}`, s) : this.t('messages.all')] as const),
        onChange: (v) => (location.hash = href('messages', { status: v || undefined })),
      })}
      ${this.renderTask(this.data, (list) =>
        list.length
          ? this.table({
              id: 'msg',
              caption: this.t('messages.caption', { n: list.length }),
              columns: [
                this.t('messages.when'),
                this.t('messages.kind'),
                this.t('messages.to'),
                this.t('agenda.col_status'),
                this.t('message.body'),
              ],
              rows: list.map(
                (m) =>
                  html`<tr>
                    <th scope="row">
                      ${
                        m.bookingId === null
                          ? formatShortDateTime(m.createdAt, this.tz, this.language)
                          : this.bookingLink(m.bookingId, m.createdAt, formatShortDateTime)
                      }
                    </th>
                    <td>${this.keyText(`message.kind.${m.kind}`, m.kind)}</td>
                    <td>${m.to ?? '—'}</td>
                    <td>
                      ${this.keyText(`message.status.${m.status}`, m.status)}${m.attempts > 1 ? html`<br /><span class="muted">${this.t('messages.attempts', { n: m.attempts })}</span>` : nothing}
                      ${this.messageErrorText(m) ? html`<br /><span class="error">${this.messageErrorText(m)}</span>` : nothing}
                    </td>
                    <td>${m.body ?? '—'}</td>
                  </tr>`,
              ),
            })
          : html`<p>${this.t('messages.none')}</p>`,
      )}`;
  }
}
