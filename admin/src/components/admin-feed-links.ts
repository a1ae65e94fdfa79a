import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { t } from '../i18n';
import { define } from '../define';
import { LightElement } from './light-element';
import './admin-copy-link';

/** The person confirmed that the feed's address should be replaced. */
export class FeedRotateEvent extends Event {
  static readonly type = 'admin-feed-rotate';
  constructor() {
    super(FeedRotateEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * A calendar feed's section: heading, what it is for, its links (copy, open in the calendar app) and its
 * two-step rotation: the question takes focus when asked, and focus goes back to the rotate button when it
 * is dismissed.
 *
 * @event admin-feed-rotate - FeedRotateEvent when the rotation is confirmed.
 */
export class AdminFeedLinks extends LightElement {
  /** Id of the copyable field (unique on the page); the section's heading is `<name>-h`. */
  @property() name = 'ical';
  /** The section's heading. */
  @property() heading = '';
  /** What the feed is for, under the heading. */
  @property() intro = '';
  @property({ attribute: false }) urls: { icalUrl: string; webcalUrl: string } = { icalUrl: '', webcalUrl: '' };
  /** A rotation is being sent. */
  @property({ type: Boolean }) busy = false;
  /** Whether the "rotate it?" question is open. */
  @state() private asking = false;

  /** Closes the question (after a rotation the page calls this, and focus goes back to the button). */
  async done(): Promise<void> {
    await this.ask(false);
  }

  private async ask(open: boolean): Promise<void> {
    this.asking = open;
    await this.updateComplete;
    this.querySelector<HTMLElement>(open ? '#rotate-yes' : '#rotate')?.focus();
  }

  protected override render() {
    const l = this.language;
    return html`<section aria-labelledby="${this.name}-h">
      <h2 id="${this.name}-h">${this.heading}</h2>
      <p>${this.intro}</p>
      <admin-copy-link
        name=${this.name}
        .language=${l}
        label=${t(l, 'volunteer.ical_url')}
        value=${this.urls.icalUrl}
      ></admin-copy-link>
      <p><a href=${this.urls.webcalUrl}>${t(l, 'volunteer.ical_open')}</a></p>
      ${
        this.asking
          ? html`<div class="card" role="group" aria-labelledby="rotate-q">
              <p id="rotate-q"><strong>${t(l, 'volunteer.rotate_question')}</strong></p>
              <div class="actions">
                <button
                  type="button"
                  id="rotate-yes"
                  class="danger primary"
                  ?disabled=${this.busy}
                  @click=${() => this.dispatchEvent(new FeedRotateEvent())}
                >
                  ${t(l, 'volunteer.rotate_confirm')}
                </button>
                <button type="button" @click=${() => this.ask(false)}>${t(l, 'common.cancel')}</button>
              </div>
            </div>`
          : html`<button type="button" id="rotate" @click=${() => this.ask(true)}>${t(l, 'volunteer.rotate')}</button>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'admin-feed-rotate': FeedRotateEvent;
  }
}

define('admin-feed-links', AdminFeedLinks);
