import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { define } from '../define';
import { AnnounceEvent } from '../events';
import { t, type Lang } from '../i18n';
import { shared } from '../shared.styles';

/**
 * A link to hand on (an iCal feed): shown read-only and selectable, with a copy button (the Clipboard
 * API, or the selection and execCommand where that is missing) and an announcement of the result.
 *
 * @event sportello-announce - AnnounceEvent after copying (or failing to).
 */
export class AdminCopyLink extends LitElement {
  static override styles = [shared];

  @property({ attribute: false }) language: Lang = 'it';
  /** The field's label. */
  @property() label = '';
  @property() value = '';
  /** The copy button's text; default "Copia il link". */
  @property() button = '';
  /** Id of the input (unique on the page). */
  @property() name = 'link';
  @state() private copied = false;

  private async copy(): Promise<void> {
    const input = this.renderRoot.querySelector<HTMLInputElement>('input');
    let ok = false;
    try {
      await navigator.clipboard.writeText(this.value);
      ok = true;
    } catch {
      // No Clipboard API (plain http, old browser): select the text and use the legacy command.
      if (input) {
        input.focus();
        input.select();
        try {
          ok = document.execCommand('copy');
        } catch {
          ok = false;
        }
      }
    }
    this.copied = ok;
    this.dispatchEvent(new AnnounceEvent(t(this.language, ok ? 'copy.done' : 'copy.failed'), !ok));
    if (!ok && input) {
      input.focus();
      input.select();
    }
  }

  protected override render() {
    const id = this.name;
    return html`<div class="field" style="max-width: 48rem">
      <label for=${id}>${this.label}</label>
      <input
        id=${id}
        type="text"
        readonly
        .value=${this.value}
        @focus=${(e: Event) => (e.target as HTMLInputElement).select()}
      />
      <div class="actions">
        <button type="button" @click=${this.copy}>${this.button || t(this.language, 'copy.button')}</button>
        ${this.copied ? html`<span>${t(this.language, 'copy.done')}</span>` : nothing}
      </div>
    </div>`;
  }
}

define('admin-copy-link', AdminCopyLink);
