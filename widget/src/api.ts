/**
 * Client of the public API (GET desk, GET availability, POST requests) with a timeout. Its types come from
 * the server's own routes and validation (type-only imports: nothing of the server or of hono is bundled),
 * so a change of contract breaks this build instead of the widget in production.
 */
import type { hc, InferResponseType } from 'hono/client';
import type { App } from '../../worker/src/app';
import type { ErrorBody, ErrorCode } from '../../worker/src/errors';
import type { AvailabilityParams, RequestBody } from '../../worker/src/validation/public';
import type { Lang } from './i18n';

export type { Mode } from '../../worker/src/domain/vocabulary';
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
/** POST /api/public/requests: the stored request. */
export type Created = InferResponseType<PublicApi['requests']['$post'], 201>;

/** A slow answer on a bad mobile connection is reported (with a retry) rather than waited on forever. */
export const TIMEOUT_MS = 15_000;

/** A failed call: `status` 0 means the network (down, blocked or too slow), otherwise the API's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
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
      throw new ApiError(0, 'network', '');
    }
    if (res.ok) return body as T;
    const error = (body as Partial<ErrorBody> | null)?.error;
    throw new ApiError(res.status, error?.code ?? 'internal_error', error?.message ?? '', error?.fields);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
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
  return call(base, `availability?${params}`, lang, signal);
}

/**
 * Asks for the appointment; the answer is a stored request waiting for a volunteer's confirmation.
 * The language travels in the body (the server answers errors in it too), so the URL stays plain.
 */
export function postRequest(base: string, body: RequestBody): Promise<Created> {
  return call(base, 'requests', undefined, undefined, {
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
