import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import type { AppEnv } from '../../worker/src/env';
import { errorBody } from '../../worker/src/errors';
import { jsonBody, limitBody, schemaCheck } from '../../worker/src/http/body';
import { msg } from '../../worker/src/validation/issues';
import { givenDesk } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { testDeps } from '../fixtures/deps';

/** A tiny app with the real edge pieces, so each failure of a body is seen as a client sees it. */
function edgeApp() {
  const schema = v.object({ name: v.pipe(v.string(msg('field.name')), v.minLength(2, msg('field.name'))) });
  return new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('lang', 'en');
      await next();
    })
    .post('/strict', limitBody(64), jsonBody(schemaCheck(schema)), (c) => c.json({ got: c.req.valid('json') }))
    .post(
      '/optional',
      jsonBody(schemaCheck(v.optional(v.object({ n: v.optional(v.number()) }))), { optional: true }),
      (c) => c.json({ got: c.req.valid('json') ?? null }),
    )
    .onError((err, c) => {
      if (err instanceof HTTPException && err.status === 400) return c.json(errorBody('invalid_json', 'en'), 400);
      throw err;
    });
}

const post = (path: string, body: string | undefined, type?: string) =>
  edgeApp().request(path, { method: 'POST', body, headers: type ? { 'Content-Type': type } : {} });

describe('the JSON body edge', () => {
  it('hands the checked value to the handler', async () => {
    const res = await post('/strict', '{"name":"Anna"}', 'application/json; charset=utf-8');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { name: 'Anna' } });
  });

  it('answers 415 for a body that is not JSON, 400 for JSON that does not parse, 422 with fields when invalid', async () => {
    const notJson = await post('/strict', 'name=Anna', 'application/x-www-form-urlencoded');
    expect(notJson.status).toBe(415);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    const broken = await post('/strict', '{"name":', 'application/json');
    expect(broken.status).toBe(400);
    const invalid = await post('/strict', '{"name":"A"}', 'application/json');
    expect(invalid.status).toBe(422);
    const body = (await invalid.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe('invalid_input');
    expect(Object.keys(body.error.fields)).toEqual(['name']);
  });

  it('refuses a body over the limit with 413 before the handler runs', async () => {
    const res = await post('/strict', JSON.stringify({ name: 'x'.repeat(200) }), 'application/json');
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('takes an empty body as "nothing" only where the route says the body is optional', async () => {
    const empty = await post('/optional', undefined);
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ got: null });
    expect((await post('/strict', undefined)).status).toBe(415);
  });
});

describe('query strings', () => {
  it('refuse a value that is not UTF-8 or carries a bidi control, on any route, naming the parameter', async () => {
    const { db } = await createTestDb();
    await givenDesk(db);
    const app = createApp(testDeps(db));
    const unsafe = 'Contains characters that are not allowed. Please type it again rather than pasting it.';
    for (const [path, field] of [
      ['/api/public/availability?service=s1&mode=in_person&from=%ED%A0%80&to=2026-10-20', 'from'],
      ['/api/public/desk?lang=en&x=%E2%80%AEevil', 'x'],
      ['/api/public/desk?lang=en&%80=1', '%80'],
      ['/m/ABCDEF?lang=en&done=%ED%B0%80', 'done'],
    ] as const) {
      const res = await app.request(path, { headers: { 'Accept-Language': 'en' } });
      expect(res.status, path).toBe(422);
      expect(await res.json(), path).toMatchObject({ error: { code: 'invalid_input', fields: { [field]: unsafe } } });
    }
    // Well-formed text, encoded or not, passes: emoji, accents, right-to-left scripts, `+` for a space.
    const ok = await app.request('/api/public/desk?lang=en&q=%F0%9F%98%80+%C3%A8+%D9%85%D8%AD%D9%85%D8%AF');
    expect(ok.status).toBe(200);
  });
});
