import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TaskStatus, type Task } from '@lit/task';
import { ApiError, type Desk, type SessionUser } from './api';
import { AnnounceEvent, DataChangedEvent } from './events';
import { hasKey, t, type Lang, type MessageKey } from './i18n';
import type { Route } from './router';
import './components/admin-copy-link';
import { shared } from './shared.styles';

/**
 * What every page of the portal has: the UI language, the signed-in user, the desk (name, zone, services)
 * and the current route, given down by the shell; a focusable h1; announcements sent up to the shell.
 */
export abstract class PageElement extends LitElement {
  static override styles = [shared];

  /** UI language. */
  @property({ attribute: false }) language: Lang = 'it';
  /** The signed-in staff member. */
  @property({ attribute: false }) user: SessionUser | null = null;
  /** The desk (public desk endpoint): name, time zone, active services. */
  @property({ attribute: false }) desk: Desk | null = null;
  /** The route that shows this page (id and query). */
  @property({ attribute: false }) route: Route | null = null;

  protected t(key: MessageKey, params?: Record<string, string | number>): string {
    return t(this.language, key, params);
  }

  /** The desk's time zone: every date and time on the portal is the desk's wall clock. */
  protected get tz(): string {
    return this.desk?.timeZone ?? 'Europe/Rome';
  }

  protected get staffRole() {
    return this.user?.role ?? 'volunteer';
  }

  /** Reads `message` out in the shell's live region. */
  protected announce(message: string, assertive = false): void {
    this.dispatchEvent(new AnnounceEvent(message, assertive));
  }

  /** Tells the shell that counts it shows (the inbox badge) may have changed. */
  protected dataChanged(): void {
    this.dispatchEvent(new DataChangedEvent());
  }

  /** Moves focus to the page's h1 (after navigation, so screen readers start at the new page). */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
  }

  /** Words for a failed call: our own wording for known codes, else the server's message, else a generic one. */
  protected errorText(e: unknown): string {
    if (e instanceof ApiError) {
      const key = `error.${e.code}`;
      if (hasKey(key)) return this.t(key);
      if (e.message) return e.message;
    }
    return this.t('error.generic');
  }

  /** Field messages of a 422, keyed by the API's field names. */
  protected fieldErrors(e: unknown): Record<string, string> {
    return e instanceof ApiError ? e.fields : {};
  }

  /** Pending / error (with a retry) / complete rendering of a data task. */
  protected renderTask<T>(task: Task<readonly unknown[], T>, complete: (value: T) => TemplateResult | typeof nothing) {
    switch (task.status) {
      case TaskStatus.INITIAL:
      case TaskStatus.PENDING:
        return task.value === undefined
          ? html`<p class="loading" role="status">${this.t('common.loading')}</p>`
          : complete(task.value);
      case TaskStatus.ERROR:
        return html`<div class="alert" role="alert">
          <p>${this.errorText(task.error)}</p>
          <button type="button" @click=${() => task.run()}>${this.t('common.retry')}</button>
        </div>`;
      case TaskStatus.COMPLETE:
        return complete(task.value as T);
    }
  }

  /** A status badge with its name in words (never colour alone). */
  protected statusBadge(status: string) {
    const key = `status.${status}`;
    return html`<span class="status status-${status}">${hasKey(key) ? this.t(key) : status}</span>`;
  }

  /** A labelled input with its hint and error tied to it (aria-describedby, aria-invalid). */
  protected input(o: InputOptions) {
    const describedBy = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${o.id}
        >${o.label}${o.optional ? html` <span class="hint">${this.t('common.optional')}</span>` : nothing}</label
      >
      ${o.hint ? html`<span id="${o.id}-hint" class="hint">${o.hint}</span>` : nothing}
      ${
        o.multiline
          ? html`<textarea
              id=${o.id}
              ?disabled=${o.disabled ?? false}
              maxlength=${o.maxlength ?? nothing}
              aria-invalid=${o.error ? 'true' : 'false'}
              aria-describedby=${describedBy || nothing}
              .value=${o.value === null ? '' : String(o.value)}
              @input=${(e: Event) => o.onInput((e.target as HTMLTextAreaElement).value)}
            ></textarea>`
          : html`<input
              id=${o.id}
              type=${o.type ?? 'text'}
              inputmode=${o.inputmode ?? nothing}
              autocomplete=${o.autocomplete ?? 'off'}
              min=${o.min ?? nothing}
              max=${o.max ?? nothing}
              step=${o.step ?? nothing}
              maxlength=${o.maxlength ?? nothing}
              ?disabled=${o.disabled ?? false}
              ?readonly=${o.readonly ?? false}
              aria-invalid=${o.error ? 'true' : 'false'}
              aria-describedby=${describedBy || nothing}
              .value=${o.value === null ? '' : String(o.value)}
              @input=${(e: Event) => o.onInput((e.target as HTMLInputElement).value)}
            />`
      }
      ${o.error ? html`<span id="${o.id}-error" class="field-error">${o.error}</span>` : nothing}
    </div>`;
  }

  /** A checkbox with its label on the right and an optional hint/error below. */
  protected checkbox(o: {
    id: string;
    label: string;
    checked: boolean;
    onChange: (checked: boolean) => void;
    hint?: string;
    error?: string;
    disabled?: boolean;
  }) {
    const describedBy = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="check">
        <input
          type="checkbox"
          id=${o.id}
          .checked=${o.checked}
          ?disabled=${o.disabled ?? false}
          aria-invalid=${o.error ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          @change=${(e: Event) => o.onChange((e.target as HTMLInputElement).checked)}
        />
        <label for=${o.id}>${o.label}</label>
      </div>
      ${o.hint ? html`<p id="${o.id}-hint" class="hint">${o.hint}</p>` : nothing}
      ${o.error ? html`<p id="${o.id}-error" class="field-error">${o.error}</p>` : nothing}`;
  }

  /** A labelled select. */
  protected select(o: {
    id: string;
    label: string;
    value: string;
    options: readonly (readonly [string, string])[];
    onChange: (value: string) => void;
    error?: string;
    hint?: string;
    disabled?: boolean;
    optional?: boolean;
  }) {
    const describedBy = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
      <label for=${o.id}
        >${o.label}${o.optional ? html` <span class="hint">${this.t('common.optional')}</span>` : nothing}</label
      >
      ${o.hint ? html`<span id="${o.id}-hint" class="hint">${o.hint}</span>` : nothing}
      <select
        id=${o.id}
        ?disabled=${o.disabled ?? false}
        aria-invalid=${o.error ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        @change=${(e: Event) => o.onChange((e.target as HTMLSelectElement).value)}
      >
        ${o.options.map(([v, label]) => html`<option value=${v} ?selected=${v === o.value}>${label}</option>`)}
      </select>
      ${o.error ? html`<span id="${o.id}-error" class="field-error">${o.error}</span>` : nothing}
    </div>`;
  }

  /**
   * The error summary at the top of a form: the failure in words and one link per field problem (in
   * `order`), each moving focus to its field. Give it focus after a failed submit.
   */
  protected errorSummary(id: string, failure: string, errors: Record<string, string>, order: readonly string[] = []) {
    const keys = [...order.filter((k) => errors[k]), ...Object.keys(errors).filter((k) => !order.includes(k))];
    if (!failure && !keys.length) return nothing;
    return html`<div class="alert" id=${id} tabindex="-1" role="alert">
      <p><strong>${failure || this.t('common.fix_errors')}</strong></p>
      ${
        keys.length
          ? html`<ul>
              ${keys.map(
                (k) =>
                  html`<li>
                    <a
                      href="#"
                      @click=${(e: Event) => {
                        e.preventDefault();
                        this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(k)}`)?.focus();
                      }}
                      >${errors[k]}</a
                    >
                  </li>`,
              )}
            </ul>`
          : nothing
      }
    </div>`;
  }

  /** Focuses an element by id once the current render is done (after an error summary appears, a form opens…). */
  /** Whether a feed link's "rotate it?" question is open (see feedLinks). */
  @state() protected confirmRotate = false;

  /**
   * A calendar feed's links (copy, open in the calendar app) and its two-step rotation: the question
   * takes focus when asked, and focus goes back to the rotate button when it is dismissed.
   */
  protected feedLinks(name: string, urls: { icalUrl: string; webcalUrl: string }, busy: boolean, rotate: () => void) {
    return html`<admin-copy-link
        name=${name}
        .language=${this.language}
        label=${this.t('volunteer.ical_url')}
        value=${urls.icalUrl}
      ></admin-copy-link>
      <p><a href=${urls.webcalUrl}>${this.t('volunteer.ical_open')}</a></p>
      ${
        this.confirmRotate
          ? html`<div class="card" role="group" aria-labelledby="rotate-q">
              <p id="rotate-q"><strong>${this.t('volunteer.rotate_question')}</strong></p>
              <div class="actions">
                <button type="button" id="rotate-yes" class="danger primary" ?disabled=${busy} @click=${rotate}>
                  ${this.t('volunteer.rotate_confirm')}
                </button>
                <button
                  type="button"
                  @click=${() => {
                    this.confirmRotate = false;
                    void this.focusId('rotate');
                  }}
                >
                  ${this.t('common.cancel')}
                </button>
              </div>
            </div>`
          : html`<button
              type="button"
              id="rotate"
              @click=${() => {
                this.confirmRotate = true;
                void this.focusId('rotate-yes');
              }}
            >
              ${this.t('volunteer.rotate')}
            </button>`
      }`;
  }

  protected async focusId(id: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`)?.focus();
  }

  protected modeText(mode: string): string {
    const key = `mode.${mode}`;
    return hasKey(key) ? this.t(key) : mode;
  }
}

export interface InputOptions {
  id: string;
  label: string;
  value: string | number | null;
  onInput: (value: string) => void;
  error?: string;
  hint?: string;
  type?: string;
  inputmode?: string;
  autocomplete?: string;
  min?: string | number;
  max?: string | number;
  step?: string | number;
  maxlength?: number;
  optional?: boolean;
  disabled?: boolean;
  readonly?: boolean;
  multiline?: boolean;
}
