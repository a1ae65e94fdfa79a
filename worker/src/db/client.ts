import type { Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { countedClient, subrequestMeter } from '../lib/subrequests';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = LibSQLDatabase<Schema>;

/** Wraps a libSQL client (native file/memory in Node, HTTP in the Worker) with the drizzle schema. */
export function createDb(client: Client): Db {
  return drizzle(client, { schema });
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
