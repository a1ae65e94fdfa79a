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
 * codes; the remote client reports its own for a closed stream, a failed fetch or a 5xx from the server.
 */
const UNAVAILABLE_CODE =
  /^(SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY|PROTOCOL)|SERVER_ERROR|HRANA_(CLOSED|WEBSOCKET)_ERROR|CLIENT_CLOSED|STREAM_EXPIRED|BLOCKED)(_|$)/;

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
