/** Typed client of the public API (GET desk, GET availability, POST requests) with a timeout. */
import type { Lang } from './i18n';
import type { TurnstileSettings } from './turnstile';

export type Mode = 'in_person' | 'remote';

export interface Service {
  id: string;
  names: Record<Lang, string>;
  descriptions: Record<Lang, string | null>;
  durationMinutes: number;
  modes: Mode[];
}

export interface Desk {
  name: string;
  address: string;
  city: string;
  timeZone: string;
  phone: string | null;
  privacyUrl: string | null;
  languages: Lang[];
  services: Service[];
  rules: { minNoticeMinutes: number; horizonDays: number };
  /** Set when the server requires a Turnstile token with each request; absent on older servers. */
  turnstile?: TurnstileSettings | null;
}

export interface Slot {
  /** ISO 8601 with the desk's offset. */
  start: string;
  end: string;
}

export interface Availability {
  timeZone: string;
  /** The local dates the server searched (inclusive). */
  from: string;
  to: string;
  days: { date: string; slots: Slot[] }[];
}

export interface RequestBody {
  service: string;
  mode: Mode;
  start: string;
  name: string;
  phone: string;
  email?: string;
  note?: string;
  language: Lang;
  consent: true;
  accessibilityNeeds?: string;
  accessibilityConsent?: true;
  /** Idempotency key: the same request sent again (a retry) gets the booking already made. */
  requestKey?: string;
  /** The Turnstile challenge's token, when the desk requires one. */
  turnstileToken?: string;
}

export interface Created {
  reference: string;
  status: 'requested';
  start: string;
  end: string;
  manageUrl: string;
}

/** A slow answer on a bad mobile connection is reported (with a retry) rather than waited on forever. */
export const TIMEOUT_MS = 15_000;

/** A failed call: `status` 0 means the network (down, blocked or too slow), otherwise the API's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
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
    const error = (body as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | null)
      ?.error;
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
  q: { service: string; mode: Mode; from?: string; to?: string },
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
