/** Expected failures are values; this is the one place they become an HTTP answer. */
import type { Context } from 'hono';
import type { Refusal } from '../domain/result';
import type { AppEnv } from '../env';
import { ERROR_STATUS, errorBody, type Failure, type FieldErrors } from '../errors';
import { t, type Lang } from '../i18n';

/** A failure that may tell the client when to try again (rate limits, a busy database). */
export type HttpFailure = Failure & { retryAfterSeconds?: number };

/**
 * `{ error: { code, message, fields? } }` with the code's status, in the request's language unless told
 * otherwise. A domain refusal names its fields by message key; they are translated here.
 */
export function failureResponse(
  c: Context<AppEnv>,
  failure: HttpFailure | Refusal,
  lang: Lang = c.get('lang') ?? 'it',
) {
  if (failure.retryAfterSeconds) c.header('Retry-After', String(failure.retryAfterSeconds));
  const fields =
    'reasons' in failure
      ? translated(failure.reasons, lang, failure.params)
      : 'fields' in failure
        ? failure.fields
        : undefined;
  return c.json(errorBody(failure.code, lang, fields), ERROR_STATUS[failure.code]);
}

function translated(reasons: Refusal['reasons'], lang: Lang, params?: Refusal['params']): FieldErrors | undefined {
  if (!reasons) return undefined;
  return Object.fromEntries(Object.entries(reasons).map(([field, key]) => [field, t(lang, key, params)]));
}
