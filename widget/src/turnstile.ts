/** Loads Cloudflare Turnstile's script on demand (only when the desk requires it) and types its API. */

/** The part of Turnstile's explicit-rendering API the widget uses. */
export interface TurnstileApi {
  render(container: HTMLElement, options: TurnstileOptions): string | null | undefined;
  reset(widgetId?: string): void;
  remove(widgetId?: string): void;
}

export interface TurnstileOptions {
  sitekey: string;
  language?: string;
  size?: 'normal' | 'compact' | 'flexible';
  callback?: (token: string) => void;
  'expired-callback'?: () => void;
  'error-callback'?: () => void;
}

declare global {
  interface Window {
    /** Set by Turnstile's script once loaded. */
    turnstile?: TurnstileApi;
  }
}

const globalApi = () => window.turnstile;

/** One load per page, shared by every widget on it; cleared on failure so a retry loads again. */
let loading: Promise<TurnstileApi> | undefined;

/**
 * Turnstile's API, appending its <script> to document.head the first time: the widget's only global side
 * effect, and only on desks that require the challenge. A page that already loaded Turnstile is reused.
 */
export function loadTurnstile(scriptUrl: string): Promise<TurnstileApi> {
  const ready = globalApi();
  if (ready) return Promise.resolve(ready);
  if (loading) return loading;
  const attempt = new Promise<TurnstileApi>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = scriptUrl;
    script.async = true;
    script.addEventListener('load', () => {
      const api = globalApi();
      if (api) resolve(api);
      else reject(new Error('turnstile_missing'));
    });
    script.addEventListener('error', () => {
      // Removed so the retry appends a fresh tag rather than waiting on a dead one.
      script.remove();
      reject(new Error('turnstile_unreachable'));
    });
    document.head.appendChild(script);
  });
  loading = attempt;
  attempt.catch(() => {
    if (loading === attempt) loading = undefined;
  });
  return attempt;
}
