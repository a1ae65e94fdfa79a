/** libSQL surfaces constraint failures differently per path (local vs HTTP, single query vs batch); these checks cover all. */
function libsqlError(e: unknown): { code?: string; message: string } | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 4 && cur; depth++) {
    const err = cur as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof err.code === 'string' && err.code.startsWith('SQLITE_')) {
      return { code: err.code, message: String(err.message ?? '') };
    }
    if (
      typeof err.message === 'string' &&
      /SQLITE_CONSTRAINT|booking_overlap|invalid_transition/.test(err.message) &&
      !err.cause
    ) {
      return { code: 'SQLITE_CONSTRAINT', message: err.message };
    }
    cur = err.cause;
  }
  return undefined;
}

/** True when the write was refused by the overlap trigger (a volunteer's active bookings would overlap). */
export function isOverlapViolation(e: unknown): boolean {
  const err = libsqlError(e);
  return !!err && /booking_overlap/.test(err.message);
}

/** True when the write was refused by the status-transition trigger. */
export function isTransitionViolation(e: unknown): boolean {
  const err = libsqlError(e);
  return !!err && /invalid_transition/.test(err.message);
}

/** True for a UNIQUE constraint failure; `column` narrows it (e.g. "bookings.reference"). */
export function isUniqueViolation(e: unknown, column?: string): boolean {
  const err = libsqlError(e);
  if (!err || !/UNIQUE constraint failed/.test(err.message)) return false;
  return column ? err.message.includes(column) : true;
}

/** True when SQLite was busy (a concurrent writer); the caller may treat it as a conflict. */
export function isBusy(e: unknown): boolean {
  const err = libsqlError(e);
  return !!err && /SQLITE_BUSY|database is locked/.test(`${err.code} ${err.message}`);
}

/**
 * Codes that mean the database could not serve the statement right now (busy past its timeout, locked,
 * unreachable, out of disk), as opposed to a statement the database refused. Local libSQL reports SQLite
 * codes; the remote clients report their own for a closed stream, a failed fetch (FETCH_FAILED: the
 * Worker's client, db/hrana-http.ts) or a refusal from the server (SERVER_ERROR).
 */
const UNAVAILABLE_CODE =
  /^(SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY|PROTOCOL)|SERVER_ERROR|FETCH_FAILED|HRANA_(CLOSED|WEBSOCKET)_ERROR|CLIENT_CLOSED|STREAM_EXPIRED|BLOCKED)(_|$)/;

/** Network failures below the remote client (Node's fetch puts the system error code on the cause). */
const NETWORK_CODE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|UND_ERR_\w+)$/;

/**
 * True when the database is busy or cannot be reached: the request should be answered `503 unavailable`
 * (try again shortly), never as a conflict of the caller's making and never as a 500.
 */
export function isUnavailable(e: unknown): boolean {
  let cur: unknown = e;
  for (let depth = 0; depth < 6 && cur && typeof cur === 'object'; depth++) {
    const err = cur as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof err.code === 'string' && (UNAVAILABLE_CODE.test(err.code) || NETWORK_CODE.test(err.code))) return true;
    if (typeof err.message === 'string' && /database is locked|SQLITE_BUSY/.test(err.message)) return true;
    cur = err.cause;
  }
  return false;
}

/** Seconds a client should wait after a busy or unreachable database: a lock past the busy timeout is rare and short. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/** What went wrong between the app and its database, in a word a caller can branch on. */
export type DatabaseProblem = 'auth' | 'tls' | 'unreachable' | 'url' | 'not_migrated' | 'busy' | 'server' | 'other';

/** A database failure described for a person configuring the deployment: no SQL text, no parameters, no token. */
export interface DatabaseDiagnosis {
  problem: DatabaseProblem;
  message: string;
}

export interface DescribeOptions {
  /** The database URL in use: its host names the server (the query string, which may hold a token, is never shown). */
  url?: string;
  /** The variable that holds the URL where the reader configures it (the CLIs read DATABASE_URL). */
  urlVariable?: string;
}

// Node's fetch reports a TLS handshake with a plain-HTTP server as ERR_SSL_WRONG_VERSION_NUMBER on the cause;
// other TLS failures (bad certificate, no shared protocol) carry these words too.
const TLS_HINT = /^ERR_SSL_|^ERR_TLS_|CERT|SSL routines|wrong version number|certificate/i;
// Below the libSQL client: Node's fetch puts a system code on the cause; workerd only says "Network connection
// lost." (refused) or "internal error; reference = …" (DNS or TLS failure, the detail stays in workerd's own log).
const NETWORK_HINT = /^fetch failed$|^bad port$|Network connection lost|^internal error; reference|DNS lookup failed/i;

/**
 * Describes a database failure by its real cause: drizzle wraps the client's error ("Failed query: CREATE
 * TABLE … params: …"), which says nothing about a wrong token or a TLS mismatch and may carry personal data
 * in its parameters, so only the causes below it are read. One description for the CLIs, `npm run doctor`
 * and the Worker's log.
 */
export function describeDatabaseError(e: unknown, options: DescribeOptions = {}): DatabaseDiagnosis {
  const variable = options.urlVariable ?? 'TURSO_DATABASE_URL';
  const where = databaseHost(options.url);
  let status: number | undefined;
  let libsql: { code: string; message: string } | undefined;
  let tls = false;
  let network = false;
  let cur: unknown = e;
  for (let depth = 0; depth < 8 && cur && typeof cur === 'object'; depth++) {
    const err = cur as { code?: unknown; message?: unknown; status?: unknown; cause?: unknown };
    const code = typeof err.code === 'string' ? err.code : '';
    // drizzle's own message quotes the SQL and its parameters (a person's name, a phone): never read.
    const message = typeof err.message === 'string' && !err.message.startsWith('Failed query:') ? err.message : '';
    if (typeof err.status === 'number') status ??= err.status;
    const http = /HTTP status (\d{3})/.exec(message);
    if (http) status ??= Number(http[1]);
    if (code && !libsql && /^[A-Z][A-Z0-9_]+$/.test(code) && !NETWORK_CODE.test(code)) libsql = { code, message };
    if (TLS_HINT.test(code) || TLS_HINT.test(message)) tls = true;
    if (NETWORK_CODE.test(code) || NETWORK_HINT.test(message)) network = true;
    cur = err.cause;
  }
  const text = `${libsql?.code ?? ''} ${libsql?.message ?? ''}`;
  if (status === 401 || status === 403) {
    return { problem: 'auth', message: `authentication failed (HTTP ${status}): check TURSO_AUTH_TOKEN` };
  }
  if (tls) return { problem: 'tls', message: 'TLS failed: for a local server use http://' };
  if (/no such table/i.test(text)) {
    return { problem: 'not_migrated', message: 'the database is not migrated: run npm run db:migrate' };
  }
  if (libsql && /^URL_/.test(libsql.code)) {
    return { problem: 'url', message: `the database URL is not valid (${libsql.code}): check ${variable}` };
  }
  if (/SQLITE_BUSY|SQLITE_LOCKED|database is locked/.test(text)) {
    return { problem: 'busy', message: 'the database is busy (another connection holds a lock): try again' };
  }
  if (network) {
    // workerd cannot tell a TLS mismatch from a failed lookup; a local server over https:// is the usual one.
    const local = options.url && /^(https|libsql|wss):/i.test(options.url) && isLocalHost(options.url);
    const hint = local ? '; for a local server use http://' : '';
    return { problem: 'unreachable', message: `cannot reach the database${where}: check ${variable}${hint}` };
  }
  if (status !== undefined) return { problem: 'server', message: `the database server answered HTTP ${status}` };
  if (libsql) {
    const text = libsql.message.startsWith(libsql.code) ? libsql.message : `${libsql.code}: ${libsql.message}`;
    return { problem: 'other', message: scrub(text) };
  }
  return { problem: 'other', message: e instanceof Error ? e.name : typeof e };
}

/** " at host:port" for a remote URL, "" for a local file or when there is none. */
function databaseHost(url: string | undefined): string {
  if (!url) return '';
  try {
    const host = new URL(url).host;
    return host ? ` at ${host}` : '';
  } catch {
    return '';
  }
}

function isLocalHost(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return /^(localhost|127\.\d+\.\d+\.\d+|::1|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+)$/i.test(
      host,
    );
  } catch {
    return false;
  }
}

/** A client message, short and without anything that looks like a token. */
function scrub(message: string): string {
  return message
    .replace(/(authToken|token|password)=[^&\s]*/gi, '$1=…')
    .replace(/\s+/g, ' ')
    .slice(0, 200);
}

/** True for a NOT NULL constraint failure on `column` (e.g. "bookings.created_at"): a guard that said no. */
export function isNotNullViolation(e: unknown, column: string): boolean {
  const err = libsqlError(e);
  return !!err && /NOT NULL constraint failed/.test(err.message) && err.message.includes(column);
}
