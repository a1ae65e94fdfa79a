import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client, type Transaction } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { isUnavailable } from '../../worker/src/db/errors';
import { BUSY_TIMEOUT_MS, openDatabase } from '../../worker/src/node/database';
import { failure } from '../fixtures/failure';

// Finding 5 of the attack run: one lock held by another process wedged the Node server for many seconds.

const dirs: string[] = [];
const clients: Client[] = [];
afterAll(() => {
  for (const c of clients) c.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh database file with one table, and a second client (another process, in effect) on the same file. */
async function fileWithHolder(): Promise<{ url: string; holder: Client }> {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-busy-'));
  dirs.push(dir);
  const url = `file:${join(dir, 'busy.db')}`;
  const holder = createClient({ url });
  clients.push(holder);
  await holder.execute('create table t (id integer primary key, v text)');
  return { url, holder };
}

/** Takes the write lock the way a second process would (BEGIN IMMEDIATE) and keeps it until commit. */
async function holdWriteLock(holder: Client): Promise<Transaction> {
  const tx = await holder.transaction('write');
  await tx.execute("insert into t (v) values ('held')");
  return tx;
}

describe('a busy local database', () => {
  it('poisons the plain libSQL client: after one SQLITE_BUSY, a later batch on that connection cannot commit', async () => {
    // The driver behaviour the Node runtime works around. If an upgrade makes this test fail, the
    // recovery in worker/src/node/database.ts may no longer be needed.
    const { url, holder } = await fileWithHolder();
    const plain = createClient({ url, concurrency: 1 });
    clients.push(plain);
    const tx = await holdWriteLock(holder);
    const busy = await failure(plain.execute("insert into t (v) values ('a')"));
    expect(isUnavailable(busy)).toBe(true);
    await tx.commit();

    const later = await failure(plain.batch(["insert into t (v) values ('b')"], 'write'));
    expect(String((later as Error).message)).toMatch(/cannot commit transaction - SQL statements in progress/);
  });

  it('opens the file in WAL mode, so reads go on while another connection holds the write lock', async () => {
    const { url, holder } = await fileWithHolder();
    const { client } = openDatabase(url);
    clients.push(client);
    expect((await client.execute('PRAGMA journal_mode')).rows[0]?.[0]).toBe('wal');

    const tx = await holdWriteLock(holder);
    try {
      expect((await client.execute('select count(*) from t')).rows[0]?.[0]).toBe(0);
    } finally {
      await tx.commit();
    }
  });

  it('waits up to the busy timeout, then fails with an error the app answers as unavailable', async () => {
    const { url, holder } = await fileWithHolder();
    const { client } = openDatabase(url);
    clients.push(client);
    await client.execute('select 1'); // WAL switched before the lock is taken
    const tx = await holdWriteLock(holder);
    const started = performance.now();
    const busy = await failure(client.execute("insert into t (v) values ('a')"));
    const waited = performance.now() - started;
    await tx.commit();
    expect(isUnavailable(busy)).toBe(true);
    expect(waited).toBeGreaterThanOrEqual(BUSY_TIMEOUT_MS * 0.9);
  });

  it('does not let a failed statement poison later ones: every kind of write works once the lock is gone', async () => {
    const { url, holder } = await fileWithHolder();
    const { client } = openDatabase(url);
    clients.push(client);
    await client.execute('select 1');
    const tx = await holdWriteLock(holder);
    // One failure of each kind, each leaving a statement behind on a pooled connection.
    const attempts = [
      client.execute("insert into t (v) values ('a')"),
      client.batch(["insert into t (v) values ('b')"], 'write'),
      client.batch(['select 1', "insert into t (v) values ('c')"]),
      client.transaction('write'),
    ];
    for (const attempt of attempts) expect(isUnavailable(await failure(attempt))).toBe(true);
    await tx.commit();

    await client.batch(["insert into t (v) values ('d')", "insert into t (v) values ('e')"], 'write');
    await client.execute("insert into t (v) values ('f')");
    const own = await client.transaction('write');
    await own.execute("insert into t (v) values ('g')");
    await own.commit();
    const rows = await client.execute('select v from t order by id');
    expect(rows.rows.map((r) => r[0])).toEqual(['held', 'd', 'e', 'f', 'g']);
  });
});
