/** Expected failures are values; this is the one place they become an HTTP answer. */
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { ERROR_STATUS, errorBody, type Failure } from '../errors';
import type { Lang } from '../i18n';

/** A failure that may tell the client when to try again (rate limits, a busy database). */
export type HttpFailure = Failure & { retryAfterSeconds?: number };

/** `{ error: { code, message, fields? } }` with the code's status, in the request's language unless told otherwise. */
export function failureResponse(c: Context<AppEnv>, failure: HttpFailure, lang: Lang = c.get('lang') ?? 'it') {
  if (failure.retryAfterSeconds) c.header('Retry-After', String(failure.retryAfterSeconds));
  return c.json(errorBody(failure.code, lang, failure.fields), ERROR_STATUS[failure.code]);
}
