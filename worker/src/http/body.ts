/**
 * The one way a request body enters the app: a size limit checked before anything is read, and a JSON
 * validator that turns every problem into our error body (415 not JSON, 400 unparsable, 422 invalid).
 * Built on Hono's validator, so handlers read `c.req.valid('json')` and typed clients see the input.
 */
import type { Context, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { validator } from 'hono/validator';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { fail, type FieldErrors } from '../errors';
import type { Lang } from '../i18n';
import { issuesToFields } from '../validation/issues';
import { malformedUtf8Fields, unsafeTextFields } from '../validation/text';
import { failureResponse } from './failure';

/** Every body the API takes is a handful of short fields: 16 KB is generous and keeps parsing cheap. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Refuses a body over `maxBytes` with 413 payload_too_large, judged by Content-Length or while streaming. */
export function limitBody(maxBytes: number = MAX_BODY_BYTES): MiddlewareHandler<AppEnv> {
  return bodyLimit({ maxSize: maxBytes, onError: (c) => failureResponse(c, fail('payload_too_large')) });
}

/** A body check: the parsed value, or the translated message of each field that is wrong. */
export type BodyCheck<T> = (body: unknown, lang: Lang) => { ok: true; value: T } | { ok: false; fields: FieldErrors };

/**
 * A body check from a valibot schema: a body that is not an object is invalid (an absent one is left to the
 * schema, for optional bodies), and each field's first issue is reported.
 */
export function schemaCheck<S extends v.GenericSchema>(schema: S): BodyCheck<v.InferOutput<S>> {
  return (body, lang) => {
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body)))
      return { ok: false, fields: {} };
    const parsed = v.safeParse(schema, body);
    return parsed.success
      ? { ok: true, value: parsed.output }
      : { ok: false, fields: issuesToFields(parsed.issues, lang) };
  };
}

/**
 * Any JSON object, checked no further: the body of an edit that is validated only once merged onto the
 * stored record (so a rule spanning two fields holds whichever of them the edit touches).
 */
export const anyObject: BodyCheck<Record<string, unknown>> = schemaCheck(v.record(v.string(), v.unknown()));

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

export interface JsonBodyOptions {
  /** An empty body is `undefined` rather than a 415 (actions whose fields are all optional). */
  optional?: boolean;
  /** The language of the error messages when the body names one (the public request's `language`). */
  langOf?: (body: unknown) => Lang | undefined;
}

/**
 * Validates the JSON body with `check`; `In` is what a client sends (for typed clients), the handler gets
 * the checked value through `c.req.valid('json')`. A malformed body never reaches the handler.
 */
export function jsonBody<T, In = T>(
  check: BodyCheck<T>,
  options: JsonBodyOptions = {},
): MiddlewareHandler<AppEnv, string, { in: { json: In }; out: { json: T } }> {
  const json = validator('json', async (parsed: unknown, c: Context<AppEnv>) => {
    let body: unknown = parsed;
    if (!JSON_MEDIA_TYPE.test(c.req.header('content-type') ?? '')) {
      // Hono parses only JSON media types; anything else arrives here unread.
      if (!(options.optional && (await c.req.text()).trim() === '')) {
        return failureResponse(c, fail('unsupported_media_type'));
      }
      body = undefined;
    }
    const lang = options.langOf?.(body) ?? c.get('lang');
    const checked = check(body, lang);
    // Every text field of every body, whatever its own check says (bidi controls, lone surrogates).
    const unsafe = unsafeTextFields(body, lang);
    if (!checked.ok || unsafe) {
      return failureResponse(c, fail('invalid_input', { ...(checked.ok ? {} : checked.fields), ...unsafe }), lang);
    }
    return checked.value;
  });
  // Bytes first: a body that is not UTF-8 is refused before JSON.parse turns its bad bytes into U+FFFD.
  // Hono keeps the bytes read here, and the validator parses the same ones.
  const utf8First = async (c: Context<AppEnv>, next: Next) => {
    if (JSON_MEDIA_TYPE.test(c.req.header('content-type') ?? '')) {
      const bad = malformedUtf8Fields(await c.req.arrayBuffer(), (body) => options.langOf?.(body) ?? c.get('lang'));
      if (bad) return failureResponse(c, fail('invalid_input', bad.fields), bad.lang);
    }
    return json(c, next);
  };
  return utf8First as unknown as MiddlewareHandler<AppEnv, string, { in: { json: In }; out: { json: T } }>;
}
