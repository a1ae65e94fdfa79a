/** Server-side check of a Cloudflare Turnstile token (the widget's anti-bot challenge). */

export interface TurnstileCheck {
  fetch: typeof fetch;
  verifyUrl: string;
  secret: string;
  token: string;
  /** The client IP, when known: Turnstile uses it as an extra signal. */
  remoteIp?: string;
}

/** Tokens are at most 2048 characters; anything longer cannot be valid. */
export const MAX_TURNSTILE_TOKEN_LENGTH = 2048;

/** Don't keep a person waiting on a slow verifier: after this the check counts as failed. */
const VERIFY_TIMEOUT_MS = 5_000;

/**
 * True only when the verifier answered `success: true`. Any network error, timeout, non-2xx or odd body is
 * a failure (the caller answers 403 captcha_failed, never a 5xx): failing closed keeps bots out when
 * Turnstile is down, at the price of refusing people for that time.
 */
export async function verifyTurnstile(check: TurnstileCheck): Promise<boolean> {
  if (!check.token || check.token.length > MAX_TURNSTILE_TOKEN_LENGTH) return false;
  const form = new URLSearchParams({ secret: check.secret, response: check.token });
  if (check.remoteIp && check.remoteIp !== 'unknown') form.set('remoteip', check.remoteIp);
  try {
    const res = await check.fetch(check.verifyUrl, {
      method: 'POST',
      body: form,
      signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
    });
    if (!res.ok) return false;
    const body = (await res.json()) as { success?: unknown } | null;
    return body?.success === true;
  } catch {
    return false;
  }
}
