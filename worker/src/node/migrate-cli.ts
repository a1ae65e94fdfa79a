/**
 * `npm run db:migrate`: applies the committed migrations to DATABASE_URL (default the local file), e.g.
 * DATABASE_URL=libsql://sportello-<org>.turso.io TURSO_AUTH_TOKEN=… npm run db:migrate
 */
import { applyMigrations } from './migrate';
import { DEFAULT_DATABASE_URL, openDatabase } from './database';

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const { client, db } = openDatabase(url, process.env.TURSO_AUTH_TOKEN || undefined);
try {
  await applyMigrations(db);
  // Print where, without the token or any query string.
  console.log(`Migrations applied to ${url.split('?')[0]}`);
} catch (err) {
  console.error(`Migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  client.close();
}
