import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env';
import { AppError } from '../errors';

/** Staff bodies here are a few short fields. */
export const STAFF_BODY_MAX_BYTES = 16 * 1024;

/** Refuses bodies over STAFF_BODY_MAX_BYTES with 413 payload_too_large before they are read. */
export const staffBodyLimit = () =>
  bodyLimit({
    maxSize: STAFF_BODY_MAX_BYTES,
    onError: () => {
      throw new AppError('payload_too_large');
    },
  });

/** The parsed JSON body; 415 unless the request says JSON, 400 when it is not valid JSON. */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(contentType)) throw new AppError('unsupported_media_type');
  try {
    return JSON.parse(await c.req.text()) as unknown;
  } catch {
    throw new AppError('invalid_json');
  }
}
