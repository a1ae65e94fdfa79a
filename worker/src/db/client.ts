import type { Client } from '@libsql/client';
import { LibSQLDatabase } from 'drizzle-orm/libsql/driver-core';
import { LibSQLSession } from 'drizzle-orm/libsql/session';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { countedClient, subrequestMeter } from '../lib/subrequests';

/**
 * The query builder over the tables of ./schema. Built without drizzle's relational schema: nothing uses
 * `db.query`, and passing the schema makes drizzle walk every table and relation on each `createDb`, which
 * the Worker calls once per request.
 */
export type Db = LibSQLDatabase & {
  /** The client under drizzle, for the one read that is all overhead through it (the availability version). */
  readonly $client: Client;
};

/**
 * Wraps a libSQL client (`@libsql/client` in Node, db/hrana-http.ts in the Worker) in drizzle. Built from
 * drizzle's parts rather than `drizzle()` from 'drizzle-orm/libsql', whose module imports `@libsql/client`
 * and would put it in the Worker's bundle, where nothing uses it.
 */
export function createDb(client: Client): Db {
  const dialect = new SQLiteAsyncDialect();
  const db: LibSQLDatabase = new LibSQLDatabase(
    'async',
    dialect,
    new LibSQLSession(client, dialect, undefined, {}, undefined),
    undefined,
  );
  // As drizzle() from 'drizzle-orm/libsql' names it.
  return Object.assign(db, { $client: client });
}

/**
 * Counts database round trips made through a client, as the Worker's subrequest meter counts them
 * (lib/subrequests.ts `countedClient`): what becomes a fetch over HTTP in production.
 */
export function countRoundTrips(client: Client): { client: Client; count: () => number; reset: () => void } {
  const meter = subrequestMeter(Infinity);
  let base = 0;
  return {
    client: countedClient(client, meter),
    count: () => meter.used() - base,
    reset: () => void (base = meter.used()),
  };
}
