import type { Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { countedClient, subrequestMeter } from '../lib/subrequests';

/**
 * The query builder over the tables of ./schema. Built without drizzle's relational schema: nothing uses
 * `db.query`, and passing the schema makes drizzle walk every table and relation on each `createDb`, which
 * the Worker calls once per request.
 */
export type Db = LibSQLDatabase;

/** Wraps a libSQL client (native file/memory in Node, HTTP in the Worker) in drizzle. */
export function createDb(client: Client): Db {
  return drizzle(client);
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
