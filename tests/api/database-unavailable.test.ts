import { createServer, type AddressInfo } from 'node:net';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { createDb } from '../../worker/src/db/client';
import { isUnavailable } from '../../worker/src/db/errors';
import { createTestDb } from '../fixtures/db';
import { testDeps } from '../fixtures/deps';

// Finding 5: database trouble is "try again shortly" (503 unavailable + Retry-After), never a 500.

/** A loopback port nothing listens on (taken from the OS, then released), so a connection is refused at once. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

async function expectUnavailable(res: Response, message: RegExp) {
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('unavailable');
  expect(body.error.message).toMatch(message);
}

describe('a database that cannot answer', () => {
  it('gives 503 unavailable with Retry-After on public and staff routes when the client is closed', async () => {
    const { db, client } = await createTestDb();
    const app = createApp(testDeps(db));
    client.close();

    await expectUnavailable(await app.request('/api/public/desk'), /occupato/);
    await expectUnavailable(
      await app.request('/api/public/desk', { headers: { 'Accept-Language': 'en' } }),
      /busy right now/,
    );
    await expectUnavailable(
      await app.request('/api/admin/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin' },
        body: JSON.stringify({ email: 'a@example.org', password: 'whatever it is' }),
      }),
      /occupato/,
    );
  });

  it('gives 503 unavailable when a remote database refuses the connection', async () => {
    const db = createDb(createClient({ url: `http://127.0.0.1:${await closedPort()}` }));
    const app = createApp(testDeps(db));
    await expectUnavailable(await app.request('/api/public/desk'), /occupato/);
  });
});

describe('isUnavailable', () => {
  it('recognises busy, locked and connection failures, and nothing the database refused on purpose', async () => {
    expect(isUnavailable({ code: 'SQLITE_BUSY', message: 'SQLITE_BUSY: database is locked' })).toBe(true);
    expect(isUnavailable({ code: 'SQLITE_LOCKED_SHAREDCACHE', message: '' })).toBe(true);
    expect(isUnavailable(new Error('Failed query', { cause: { code: 'SERVER_ERROR', message: '502' } }))).toBe(true);
    expect(isUnavailable(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toBe(true);

    const { db } = await createTestDb();
    let constraint: unknown;
    try {
      await db.run('insert into services (id) values (null)');
    } catch (e) {
      constraint = e;
    }
    expect(constraint).toBeDefined();
    expect(isUnavailable(constraint)).toBe(false);
    expect(isUnavailable(new Error('boom'))).toBe(false);
    expect(isUnavailable(undefined)).toBe(false);
  });
});
