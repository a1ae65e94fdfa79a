/**
 * `npm run db:migrate`: applies the committed migrations to DATABASE_URL (default the local file), e.g.
 * DATABASE_URL=libsql://sportello-<org>.turso.io TURSO_AUTH_TOKEN=… npm run db:migrate
 */
import { pathToFileURL } from 'node:url';
import { describeDatabaseError } from '../db/errors';
import { applyMigrations } from './migrate';
import { DEFAULT_DATABASE_URL, openDatabase } from './database';
import type { CliIo } from './admin-cli';

/** Applies the migrations; returns the exit code (0 applied, 1 failed). Separate from the process so tests can call it. */
export async function runMigrateCli(env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const url = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const { client, db } = openDatabase(url, env.TURSO_AUTH_TOKEN || undefined);
  try {
    await applyMigrations(db);
    // Print where, without the token or any query string.
    io.out(`Migrations applied to ${url.split('?')[0]}`);
    return 0;
  } catch (err) {
    // The real cause (a refused token, TLS to a plain-HTTP server), never drizzle's "Failed query: CREATE TABLE …".
    io.err(`Migration failed: ${describeDatabaseError(err, { url, urlVariable: 'DATABASE_URL' }).message}`);
    return 1;
  } finally {
    client.close();
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  process.exitCode = await runMigrateCli(process.env, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
}
