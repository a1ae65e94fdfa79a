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
