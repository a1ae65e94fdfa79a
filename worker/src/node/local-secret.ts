/**
 * `npm start` must work with no configuration, yet HASH_SECRET must never be a constant anyone can read in
 * this repository. So when it is not set, the Node runtime generates one on first start and keeps it in
 * the data folder, next to the database it protects: it survives restarts (feed URLs and counters keep
 * working) and goes with the folder (a copy of the data is a copy of the secret, which is fine locally).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { base64url, randomBytes } from '../lib/ids';
import { databaseFilePath } from './database';

export const LOCAL_SECRET_FILE = 'hash-secret';
/** 256 bits, as a HASH_SECRET made with `openssl rand -base64 32`. */
const SECRET_BYTES = 32;
const MIN_SECRET_LENGTH = 32;

/** The data folder: the database file's folder, or `.data` for a database that is not a local file. */
export function localDataDir(databaseUrl: string): string {
  const file = databaseFilePath(databaseUrl);
  return file ? dirname(file) : resolve('.data');
}

/**
 * The secret stored in `<dir>/hash-secret`, created (readable by the owner only) when missing. Two
 * processes starting together agree: the file is created exclusively and the loser reads the winner's.
 */
export function localHashSecret(dir: string): { secret: string; created: boolean } {
  const file = join(dir, LOCAL_SECRET_FILE);
  const existing = readSecret(file);
  if (existing) return { secret: existing, created: false };
  mkdirSync(dir, { recursive: true });
  const secret = base64url(randomBytes(SECRET_BYTES));
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, created: true };
  } catch (err) {
    const theirs = (err as NodeJS.ErrnoException).code === 'EEXIST' ? readSecret(file) : undefined;
    if (theirs) return { secret: theirs, created: false };
    throw err;
  }
}

function readSecret(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const secret = text.trim();
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`${file} holds no usable secret: delete it to make a new one`);
  return secret;
}
