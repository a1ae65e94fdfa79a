import { createServer, type AddressInfo } from 'node:net';
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import type { StaffPrincipal } from '../../worker/src/auth/guard';
import { confirmRequest } from '../../worker/src/bookings/staff-actions';
import { createDb, type Db } from '../../worker/src/db/client';
import { isUnavailable } from '../../worker/src/db/errors';
import { createTestDb } from '../fixtures/db';
import { testDeps } from '../fixtures/deps';
import { adminWorld, WED } from '../fixtures/admin-bookings-world';
import { postRequest, publicWorld, requestBody } from '../fixtures/public-helpers';

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

/** `db` whose `batch` call number `which` (1-based, counted from now) fails as a locked database does. */
function busyOnBatch(db: Db, which: number): Db {
  let calls = 0;
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'batch') return Reflect.get(target, prop, receiver) as unknown;
      return (...args: Parameters<Db['batch']>) => {
        calls += 1;
        if (calls === which) {
          return Promise.reject(Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' }));
        }
        return target.batch(...args);
      };
    },
  });
}

describe('a busy database is never "slot taken" or "conflict"', () => {
  it.each([
    ['reading the slot', 1],
    ['inserting the request', 2],
  ])('answers 503 unavailable when it is busy while %s, and stores nothing', async (_label, which) => {
    const w = await publicWorld();
    const app = createApp({ ...w.deps, db: busyOnBatch(w.db, which) });
    await expectUnavailable(await postRequest(app, requestBody(w.serviceId)), /occupato/);
    expect(Number((await w.client.execute('select count(*) as n from bookings')).rows[0]!.n)).toBe(0);
    // Nothing is wedged: the same request then goes through.
    expect((await postRequest(app, requestBody(w.serviceId))).status).toBe(201);
  });

  it('lets a staff action meet the busy error (the app answers 503) instead of refusing it as a conflict', async () => {
    const w = await adminWorld();
    const id = await w.request(WED, '10:00');
    // The first batch reads the booking, the second writes the action.
    const deps = { ...w.deps, db: busyOnBatch(w.db, 2) };
    const reception: StaffPrincipal = {
      userId: w.reception.user.id,
      sessionId: 's',
      name: 'Rita Reception',
      email: 'r@example.org',
      role: 'reception',
      volunteerId: null,
      language: 'it',
    };
    const error = await confirmRequest(deps, { actor: reception, bookingId: id }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isUnavailable(error)).toBe(true);
    expect((await w.row(id)).status).toBe('requested');
  });
});
