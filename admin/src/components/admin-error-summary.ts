import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { t } from '../i18n';
import { define } from '../define';
import { LightElement, rootOf } from './light-element';

/**
 * The error summary at the top of a form: the failure in words and one link per field problem (in
 * `order`), each moving focus to its field. The page gives it focus (by `summaryId`) after a failed
 * submit. In the light DOM, so the links reach the fields by id.
 */
export class AdminErrorSummary extends LightElement {
  /** Id of the summary box (the page focuses it). */
  @property() summaryId = 'summary';
  /** What went wrong as a whole; empty: "fix the errors below". */
  @property() failure = '';
  /** Field messages, keyed by the field's id. */
  @property({ attribute: false }) errors: Record<string, string> = {};
  /** The fields in the form's order (the rest follow). */
  @property({ attribute: false }) order: readonly string[] = [];
  /** Where a field's link leads, when that is not the element with the field's id (a control in a shadow root). */
  @property({ attribute: false }) target?: (id: string) => HTMLElement | null | undefined;

  private focusField(e: Event, id: string): void {
    e.preventDefault();
    const el = this.target?.(id) ?? rootOf(this).querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    el?.focus();
  }

  protected override render() {
    const errors = this.errors;
    const order = this.order;
    const keys = [...order.filter((k) => errors[k]), ...Object.keys(errors).filter((k) => !order.includes(k))];
    if (!this.failure && !keys.length) return nothing;
    return html`<div class="alert" id=${this.summaryId} tabindex="-1" role="alert">
      <p><strong>${this.failure || t(this.language, 'common.fix_errors')}</strong></p>
      ${
        keys.length
          ? html`<ul>
              ${keys.map(
                (k) => html`<li><a href="#" @click=${(e: Event) => this.focusField(e, k)}>${errors[k]}</a></li>`,
              )}
            </ul>`
          : nothing
      }
    </div>`;
  }
}

define('admin-error-summary', AdminErrorSummary);
