import type { MessageKey } from '../i18n';

/**
 * The refusals the domain and the booking use cases speak. Each code is also an HTTP error code
 * (worker/src/errors.ts gives it a status; worker/src/http/failure.ts is where a refusal becomes an answer),
 * but the domain knows nothing of HTTP: it only says what went wrong.
 */
export type DomainCode =
  | 'invalid_input'
  | 'not_found'
  | 'forbidden'
  | 'slot_unavailable'
  | 'service_unavailable'
  | 'too_many_open_requests'
  /** A remote appointment would have no video link: the volunteer has none and the desk has no video server. */
  | 'video_link_missing'
  | 'rate_limited'
  | 'captcha_failed'
  | 'invalid_transition'
  /** Attendance marked before the appointment's start. */
  | 'not_started'
  /** An attendance mark changed after the day it was made. */
  | 'attendance_locked'
  | 'conflict'
  /** Some meeting of a follow-up series cannot be booked: nothing was written. */
  | 'series_conflict'
  /** The deployment's desk was never set up: nothing can be booked yet. */
  | 'desk_not_configured';

/** Which input field is wrong and why, as message keys; the edge translates them into the caller's language. */
export type FieldReasons = Record<string, MessageKey>;

/** An expected refusal, carried as a value. */
export interface Refusal {
  ok: false;
  code: DomainCode;
  reasons?: FieldReasons;
  /** Values the reasons' messages interpolate (e.g. the desk phone). */
  params?: Record<string, string>;
  /** For a refusal that passes with time (a rate limit): when to try again. */
  retryAfterSeconds?: number;
  /** A more precise message than the code's own, when one code covers different causes (rate limits). */
  message?: MessageKey;
}

/** A use case's answer: its value, or a refusal. */
export type Outcome<T> = ({ ok: true } & T) | Refusal;

/** A refusal with `code` (and the fields to blame, if any). */
export function refuse(code: DomainCode, reasons?: FieldReasons): Refusal {
  return reasons ? { ok: false, code, reasons } : { ok: false, code };
}
