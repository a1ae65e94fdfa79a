import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TurnstileSettings } from './api';
import { loadTurnstile, type TurnstileApi } from './turnstile';

/** What the controller asks of its host, and tells it. */
export interface TurnstileHooks {
  /** The desk's settings when it requires the challenge. */
  settings(): TurnstileSettings | null | undefined;
  /** True while the step that holds the challenge's container is on screen. */
  active(): boolean;
  lang(): string;
  /** A token arrived. */
  passed(): void;
  /** The token expired (already reset). */
  expired(): void;
  /** Turnstile reported an error (the token is gone). */
  failed(): void;
}

/**
 * Cloudflare Turnstile's lifecycle for an element: loads the script on demand, renders the challenge into the
 * `#turnstile` container of the host's shadow root (once per container: each visit to the step makes a new
 * one), holds the single-use token and frees the challenge when the host leaves the page.
 */
export class TurnstileController implements ReactiveController {
  /** The token for the next request: single use, so spent once the server has seen it. */
  token?: string;
  /** The script could not be loaded: the challenge area shows an error with a retry instead. */
  loadFailed = false;
  /** The container being rendered into. */
  private target?: HTMLElement;
  private widget?: { api: TurnstileApi; id?: string; container: HTMLElement };

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment },
    private readonly hooks: TurnstileHooks,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const settings = this.hooks.settings();
    if (!settings || !this.hooks.active() || this.token || this.loadFailed) return;
    const container = this.host.renderRoot.querySelector<HTMLElement>('#turnstile');
    if (!container || container === this.target) return;
    this.target = container;
    loadTurnstile(settings.scriptUrl).then(
      (api) => this.render(api, settings.siteKey, container),
      () => {
        if (this.target !== container) return;
        this.target = undefined;
        this.loadFailed = true;
        this.host.requestUpdate();
      },
    );
  }

  hostDisconnected(): void {
    this.remove();
    this.target = undefined;
  }

  /** Forgets the token: the server has seen it. */
  spend(): void {
    this.setToken(undefined);
  }

  /** Drops the token and asks for a new one: in place while the challenge is on screen, else on the next visit. */
  reset(): void {
    this.setToken(undefined);
    const w = this.widget;
    if (!w?.container.isConnected) return;
    try {
      w.api.reset(w.id);
    } catch {
      // A challenge Turnstile no longer knows: render a new one.
      this.target = undefined;
      this.host.requestUpdate();
    }
  }

  /** Tries loading the script again (after `loadFailed`). */
  retryLoad(): void {
    this.loadFailed = false;
    this.target = undefined;
    this.host.requestUpdate();
  }

  private setToken(token: string | undefined): void {
    this.token = token;
    this.host.requestUpdate();
  }

  private render(api: TurnstileApi, sitekey: string, container: HTMLElement): void {
    // The person may have left the step while the script loaded; the next visit renders again.
    if (this.target !== container || !container.isConnected) return;
    this.remove();
    const id = api.render(container, {
      sitekey,
      language: this.hooks.lang(),
      // Follows the form's width rather than a fixed 300px, for narrow screens.
      size: 'flexible',
      callback: (token) => {
        this.setToken(token);
        this.hooks.passed();
      },
      'expired-callback': () => {
        this.reset();
        this.hooks.expired();
      },
      'error-callback': () => {
        this.setToken(undefined);
        this.hooks.failed();
      },
    });
    this.widget = { api, id: id ?? undefined, container };
  }

  private remove(): void {
    const w = this.widget;
    this.widget = undefined;
    try {
      if (w) w.api.remove(w.id);
    } catch {
      // Already gone with its container: nothing to free.
    }
  }
}
