import type { Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = LibSQLDatabase<Schema>;

/** Wraps a libSQL client (native file/memory in Node, HTTP in the Worker) with the drizzle schema. */
export function createDb(client: Client): Db {
  return drizzle(client, { schema });
}

/** Counts database round trips made through a client: every execute, batch or transaction call crosses the network in production. */
export function countRoundTrips(client: Client): { client: Client; count: () => number; reset: () => void } {
  let n = 0;
  const counted = new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (
        prop === 'execute' ||
        prop === 'batch' ||
        prop === 'executeMultiple' ||
        prop === 'migrate' ||
        prop === 'transaction'
      ) {
        return (...args: unknown[]) => {
          n += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return { client: counted, count: () => n, reset: () => void (n = 0) };
}
