import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { t, type Lang, type MessageKey } from './i18n';

/** The closed set of error codes of the HTTP API. Each doubles as the i18n key `error.<code>`. */
export const ERROR_STATUS = {
  invalid_input: 422,
  invalid_json: 400,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  slot_unavailable: 409,
  service_unavailable: 422,
  too_many_open_requests: 409,
  /** A remote appointment for a volunteer without a video link while the desk has no video server. */
  video_link_missing: 409,
  rate_limited: 429,
  captcha_failed: 403,
  invalid_transition: 409,
  /** Attendance before the appointment's start. */
  not_started: 409,
  /** Changing an attendance outcome after the day it was marked. */
  attendance_locked: 409,
  conflict: 409,
  /** Some meeting of a follow-up series cannot be booked (the answer lists them all); nothing was written. */
  series_conflict: 409,
  unauthorized: 401,
  invalid_credentials: 401,
  /** A passkey answer that does not check out (unknown, expired challenge, bad signature). */
  passkey_failed: 401,
  forbidden: 403,
  internal_error: 500,
  /** The database is busy past its timeout or cannot be reached: try again shortly (with Retry-After). */
  unavailable: 503,
  /** The desk row does not exist yet (a deployment set up but never configured). */
  desk_not_configured: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** Per-field messages, already translated. */
export type FieldErrors = Record<string, string>;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors };
}

/** An expected failure carried as a value through the domain and repositories. */
export type Failure = { ok: false; code: ErrorCode; fields?: FieldErrors };
export type Result<T> = ({ ok: true } & T) | Failure;

export function fail(code: ErrorCode, fields?: FieldErrors): Failure {
  return fields ? { ok: false, code, fields } : { ok: false, code };
}

/** The error body of `code`; its message is the code's own unless a more precise one is named. */
export function errorBody(code: ErrorCode, lang: Lang, fields?: FieldErrors, messageKey?: MessageKey): ErrorBody {
  const message = t(lang, messageKey ?? (`error.${code}` as MessageKey));
  return { error: fields && Object.keys(fields).length ? { code, message, fields } : { code, message } };
}

/** Thrown where a value cannot be returned (middleware, auth); onError turns it into the error body. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fields?: FieldErrors,
  ) {
    super(code);
    this.name = 'AppError';
  }
  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}
