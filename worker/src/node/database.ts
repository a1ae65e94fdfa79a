import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client, type Transaction } from '@libsql/client';
import { createDb, type Db } from '../db/client';
import { isUnavailable } from '../db/errors';

export const DEFAULT_DATABASE_URL = 'file:.data/sportello.db';

/**
 * How long a statement on a local file waits for another connection's lock before failing with
 * SQLITE_BUSY. Local libSQL is synchronous, so the wait blocks the whole process: it stays short, and a
 * longer lock becomes a 503 with Retry-After instead of a frozen server.
 */
export const BUSY_TIMEOUT_MS = 1_000;

/** The file path behind a `file:` URL (relative paths are relative to the working directory), else undefined. */
export function databaseFilePath(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined;
  if (url.startsWith('file://')) return fileURLToPath(url.split('?')[0]!);
  return resolve(url.slice('file:'.length).split('?')[0]!);
}

/**
 * Opens the database for the Node runtime: an embedded libSQL file (its folder is created; WAL mode, a
 * busy timeout, and recovery from SQLITE_BUSY), `:memory:`, or a remote libSQL/Turso URL with its token.
 */
export function openDatabase(url: string, authToken?: string): { client: Client; db: Db } {
  const file = databaseFilePath(url);
  if (!file) {
    const client = createClient(authToken ? { url, authToken } : { url });
    return { client, db: createDb(client) };
  }
  mkdirSync(dirname(file), { recursive: true });
  // `timeout` is the busy timeout of every connection the client opens, including after reconnect().
  const client = recoveringFileClient(createClient({ url, timeout: BUSY_TIMEOUT_MS }));
  return { client, db: createDb(client) };
}

const OPERATIONS = new Set<PropertyKey>(['execute', 'batch', 'migrate', 'executeMultiple']);
const TRANSACTION_ENDS = new Set<PropertyKey>(['commit', 'rollback', 'close']);

/**
 * Wraps a local-file libSQL client so a busy database costs one failed request, not the next minutes.
 *
 * Two things happen here. The file is switched to WAL once (the mode is stored in the file), so readers
 * carry on while another process writes. And after any statement fails because the database is busy, the
 * client's connections are replaced as soon as nothing is using them: the native driver leaves the failed
 * statement un-reset on its connection until the garbage collector finalises it, and until then every
 * COMMIT on that pooled connection fails with "cannot commit transaction - SQL statements in progress"
 * (tests/integration/sqlite-busy.test.ts shows it).
 */
export function recoveringFileClient(inner: Client): Client {
  let inUse = 0;
  let stale = false;
  let wal: Promise<void> | undefined;

  const noteFailure = (e: unknown) => {
    if (isUnavailable(e)) stale = true;
  };
  const release = () => {
    inUse -= 1;
    // No borrowed connection is in flight now, so closing them all interrupts nobody.
    if (stale && inUse === 0) {
      stale = false;
      void inner.reconnect();
    }
  };
  // Retried on the next call if it fails (e.g. another process held the file at start-up).
  const ensureWal = () =>
    (wal ??= inner.execute('PRAGMA journal_mode=WAL').then(
      () => undefined,
      (e: unknown) => {
        noteFailure(e);
        wal = undefined;
      },
    ));

  const run = async <T>(op: () => Promise<T>): Promise<T> => {
    await ensureWal();
    inUse += 1;
    try {
      return await op();
    } catch (e) {
      noteFailure(e);
      throw e;
    } finally {
      release();
    }
  };

  // A transaction holds its connection until it ends: no reconnect may close it under the caller.
  const track = (tx: Transaction): Transaction => {
    let open = true;
    return new Proxy(tx, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const method = (value as (...a: unknown[]) => unknown).bind(target);
        return (...args: unknown[]) => {
          const end = () => {
            if (open && TRANSACTION_ENDS.has(prop)) {
              open = false;
              release();
            }
          };
          try {
            const result = method(...args);
            if (result instanceof Promise)
              return result.catch((e: unknown) => (noteFailure(e), Promise.reject(e))).finally(end);
            end();
            return result;
          } catch (e) {
            noteFailure(e);
            end();
            throw e;
          }
        };
      },
    });
  };

  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = (value as (...a: unknown[]) => unknown).bind(target);
      if (OPERATIONS.has(prop)) return (...args: unknown[]) => run(() => method(...args) as Promise<unknown>);
      if (prop === 'transaction') {
        return async (...args: unknown[]) => {
          await ensureWal();
          inUse += 1;
          try {
            return track((await method(...args)) as Transaction);
          } catch (e) {
            noteFailure(e);
            release();
            throw e;
          }
        };
      }
      return method;
    },
  });
}
