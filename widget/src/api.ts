/**
 * Client of the public API (GET desk, GET availability, POST phone-check, POST requests, POST waitlist) with a timeout. Its types come from
 * the server's own routes and validation (type-only imports: nothing of the server or of hono is bundled),
 * so a change of contract breaks this build instead of the widget in production.
 */
import type { hc, InferResponseType } from 'hono/client';
import type { App } from '../../worker/src/app';
import type { ErrorBody, ErrorCode } from '../../worker/src/errors';
import type { AvailabilityParams, RequestBody } from '../../worker/src/validation/public';
import type { WaitlistBody } from '../../worker/src/validation/waitlist';
import type { Mode } from '../../worker/src/domain/vocabulary';
import type { Lang } from './i18n';

export type { Mode };
export type { RequestBody };

type PublicApi = ReturnType<typeof hc<App>>['api']['public'];

/** GET /api/public/desk: the desk, its services and rules. */
export type Desk = InferResponseType<PublicApi['desk']['$get'], 200>;
export type Service = Desk['services'][number];
/** The Turnstile settings, present when the server requires a token with each request. */
export type TurnstileSettings = NonNullable<Desk['turnstile']>;
/** GET /api/public/availability: free slots per local date, and the dates searched (inclusive). */
export type Availability = InferResponseType<PublicApi['availability']['$get'], 200>;
/** A slot; start and end are ISO 8601 with the desk's offset. */
export type Slot = Availability['days'][number]['slots'][number];
/** POST /api/public/phone-check: whether a number will do, and if not why (the request's own rules). */
export type PhoneCheck = InferResponseType<PublicApi['phone-check']['$post'], 200>;
/** POST /api/public/requests: the stored request. */
export type Created = InferResponseType<PublicApi['requests']['$post'], 201>;

/** A slow answer on a bad mobile connection is reported (with a retry) rather than waited on forever. */
export const TIMEOUT_MS = 15_000;

/**
 * A failed call: `status` 0 means no answer could be read, `code` says why: 'network' (down or too slow)
 * or 'refused' (the server answered, but not to this site: its origin is not in ALLOWED_ORIGINS);
 * otherwise the API's error body.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network' | 'refused',
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function call<T>(base: string, path: string, lang?: Lang, signal?: AbortSignal, init?: RequestInit): Promise<T> {
  const url = new URL(`api/public/${path}`, base);
  if (lang) url.searchParams.set('lang', lang);
  const ctrl = new AbortController();
  const onAbort = () => ctrl.abort();
  signal?.addEventListener('abort', onAbort);
  const timer = setTimeout(onAbort, TIMEOUT_MS);
  try {
    let res: Response;
    let body: unknown;
    try {
      res = await fetch(url, { ...init, signal: ctrl.signal, credentials: 'omit' });
      body = await res.json().catch(() => null);
    } catch (e) {
      // The caller gave up (a newer request replaced this one): not an error to show.
      if (signal?.aborted) throw e;
      const refused = !ctrl.signal.aborted && (await answers(url, ctrl.signal));
      if (refused) warnRefused(url);
      throw new ApiError(0, refused ? 'refused' : 'network', '');
    }
    if (res.ok) return body as T;
    const error = (body as Partial<ErrorBody> | null)?.error;
    throw new ApiError(res.status, error?.code ?? 'internal_error', error?.message ?? '', error?.fields);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Whether the server answers at all. A browser hides why a cross-origin call failed; a plain `no-cors` GET
 * (no body, nothing changed on the server) to the same address gets an opaque answer when only this site's
 * origin is refused, and fails too when the network is down.
 */
function answers(url: URL, signal: AbortSignal): Promise<boolean> {
  return fetch(url, { mode: 'no-cors', credentials: 'omit', signal }).then(
    () => true,
    () => false,
  );
}

let warned = false;

/** Tells the site's owner (once per page) what to fix: the person booking cannot. */
function warnRefused(url: URL): void {
  if (warned) return;
  warned = true;
  console.warn(
    `Sportello: the server ${url.origin} refuses calls from this site. Add ${location.origin} to its ALLOWED_ORIGINS.`,
  );
}

/** The desk, its services and rules. */
export function getDesk(base: string, lang: Lang, signal?: AbortSignal): Promise<Desk> {
  return call(base, 'desk', lang, signal);
}

/** Free slots; without `from` the server starts today in the desk's zone and covers four weeks. */
export function getAvailability(
  base: string,
  lang: Lang,
  q: AvailabilityParams,
  signal?: AbortSignal,
): Promise<Availability> {
  const params = new URLSearchParams({ service: q.service, mode: q.mode });
  if (q.from) params.set('from', q.from);
  if (q.to) params.set('to', q.to);
  if (q.long) params.set('long', '1');
  return call(base, `availability?${params}`, lang, signal);
}

/**
 * Asks for the appointment; the answer is a stored request waiting for a volunteer's confirmation.
 * The language travels in the body (the server answers errors in it too), so the URL stays plain.
 */
export function postRequest(base: string, body: RequestBody): Promise<Created> {
  return postJson(base, 'requests', body);
}

/** POST /api/public/waitlist (PRODUCT.md, "Waitlist (public)"): the body and the answer, from the route. */
export type { WaitlistBody };
export type WaitlistJoined = InferResponseType<PublicApi['waitlist']['$post'], 201>;

/** Puts the person on the waitlist; no SMS comes until a time frees. */
export function postWaitlist(base: string, body: WaitlistBody): Promise<WaitlistJoined> {
  return postJson(base, 'waitlist', body);
}

/** Checks a number as the person types it; nothing is stored. */
export function checkPhone(base: string, phone: string, signal?: AbortSignal): Promise<PhoneCheck> {
  return postJson(base, 'phone-check', { phone }, signal);
}

function postJson<T>(base: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return call(base, path, undefined, signal, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A fresh idempotency key: 128 random bits, base64url. */
export function newRequestKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
