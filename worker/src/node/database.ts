import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { createDb, type Db } from '../db/client';

export const DEFAULT_DATABASE_URL = 'file:.data/sportello.db';

/** The file path behind a `file:` URL (relative paths are relative to the working directory), else undefined. */
export function databaseFilePath(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined;
  if (url.startsWith('file://')) return fileURLToPath(url.split('?')[0]!);
  return resolve(url.slice('file:'.length).split('?')[0]!);
}

/**
 * Opens the database for the Node runtime: an embedded libSQL file (its folder is created), `:memory:`,
 * or a remote libSQL/Turso URL with its token.
 */
export function openDatabase(url: string, authToken?: string): { client: Client; db: Db } {
  const file = databaseFilePath(url);
  if (file) mkdirSync(dirname(file), { recursive: true });
  const client = createClient(authToken ? { url, authToken } : { url });
  return { client, db: createDb(client) };
}
