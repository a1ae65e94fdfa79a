import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSqld, type Sqld } from '../fixtures/sqld';

// The stand-in for Turso used by the deployment tests: sqld refusing any request without a valid JWT.
describe('sqld with a JWT key, as Turso', () => {
  let sqld: Sqld;
  beforeAll(async () => {
    sqld = await startSqld({ auth: true });
  });
  afterAll(async () => {
    await sqld?.stop();
  });

  it('answers a client with the token', async () => {
    const client = createClient({ url: sqld.url, authToken: sqld.authToken });
    expect((await client.execute('select 1 as one')).rows[0]?.one).toBe(1);
    client.close();
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'not-a-jwt'],
    ['an expired token', 'expired'],
  ])('refuses %s with HTTP 401', async (_label, token) => {
    const authToken = token === 'expired' ? sqld.signToken!({ a: 'rw', exp: 1 }) : token;
    const client = createClient({ url: sqld.url, authToken });
    await expect(client.execute('select 1')).rejects.toMatchObject({ code: 'SERVER_ERROR', cause: { status: 401 } });
    client.close();
  });
});
