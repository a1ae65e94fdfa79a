import { describe, expect, it } from 'vitest';
import { describeDatabaseError } from '../../worker/src/db/errors';

/** drizzle's wrapper around a client error, as thrown by a single query. */
function drizzleError(cause: unknown, params = "'Anna Rossi', '+393471234567'") {
  return Object.assign(new Error(`Failed query: insert into bookings values (?, ?)\nparams: ${params}`), { cause });
}
const libsqlError = (code: string, message: string, cause?: unknown) =>
  Object.assign(new Error(`${code}: ${message}`), { name: 'LibsqlError', code, cause });

describe('describeDatabaseError', () => {
  it('reads the HTTP status of a refused token below drizzle and the client', () => {
    const e = drizzleError(
      libsqlError(
        'SERVER_ERROR',
        'Server returned HTTP status 401',
        Object.assign(new Error('Server returned HTTP status 401'), { status: 401 }),
      ),
    );
    expect(describeDatabaseError(e)).toEqual({
      problem: 'auth',
      message: 'authentication failed (HTTP 401): check TURSO_AUTH_TOKEN',
    });
  });

  it('names the TLS mismatch Node reports', () => {
    const tls = Object.assign(new Error('ssl3_get_record:wrong version number'), {
      code: 'ERR_SSL_WRONG_VERSION_NUMBER',
    });
    const e = drizzleError(Object.assign(new TypeError('fetch failed'), { cause: tls }));
    expect(describeDatabaseError(e).message).toBe('TLS failed: for a local server use http://');
  });

  it('in workerd, where a TLS or DNS failure is an opaque internal error, points at the URL', () => {
    const e = drizzleError(new Error('internal error; reference = a8mosf9u18mr87q9rq9doj6g'));
    expect(describeDatabaseError(e, { url: 'https://127.0.0.1:8080' })).toEqual({
      problem: 'unreachable',
      message: 'cannot reach the database at 127.0.0.1:8080: check TURSO_DATABASE_URL; for a local server use http://',
    });
    expect(describeDatabaseError(e, { url: 'libsql://sportello-acme.turso.io?authToken=secret' }).message).toBe(
      'cannot reach the database at sportello-acme.turso.io: check TURSO_DATABASE_URL',
    );
    const refused = drizzleError(new Error('Network connection lost.'));
    expect(describeDatabaseError(refused, { url: 'http://127.0.0.1:9', urlVariable: 'DATABASE_URL' }).message).toBe(
      'cannot reach the database at 127.0.0.1:9: check DATABASE_URL',
    );
  });

  it('says how to migrate when a table is missing', () => {
    const e = drizzleError(libsqlError('SQLITE_UNKNOWN', 'SQLite error: no such table: staff_users'));
    expect(describeDatabaseError(e)).toEqual({
      problem: 'not_migrated',
      message: 'the database is not migrated: run npm run db:migrate',
    });
  });

  it('never repeats the SQL or its parameters, even when they look like a cause', () => {
    const e = drizzleError(
      libsqlError('SQLITE_CONSTRAINT', 'UNIQUE constraint failed: staff_users.email'),
      "'HTTP status 401 certificate', 'no such table'",
    );
    const d = describeDatabaseError(e);
    expect(d).toEqual({
      problem: 'other',
      message: 'SQLITE_CONSTRAINT: UNIQUE constraint failed: staff_users.email',
    });
    expect(describeDatabaseError(new TypeError('x is not a function'))).toEqual({
      problem: 'other',
      message: 'TypeError',
    });
  });
});
