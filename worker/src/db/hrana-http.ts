/**
 * The Worker's libSQL client: the part of `@libsql/client`'s `Client` that drizzle and this project use
 * (`execute`, `batch`), spoken straight over libSQL's HTTP protocol (Hrana over HTTP, version 2, JSON), one
 * `fetch` per call. Turso and sqld both serve it at `POST <url>/v2/pipeline`.
 *
 * Why not `@libsql/client/web`: a request's CPU is mostly its database round trips, and that client spends
 * as much on its own machinery around each fetch (a stream with its queue, a generic JSON writer, building
 * a `Request` and a `URL`, a row object built property by property) as the SQL and its rows cost. Here a
 * call is one object literal through `JSON.stringify`, one `fetch`, one `Response.json()`, and rows share
 * one prototype per column count.
 *
 * What it keeps from `@libsql/client`, because the rest of the code relies on it:
 * - a batch is atomic: BEGIN DEFERRED, each statement only if the one before it succeeded, COMMIT only if
 *   the last did, ROLLBACK otherwise, all in the one request;
 * - rows answer both by index (what drizzle's select reads) and by column name (what a raw select reads),
 *   the first of two same-named columns by name; `columns`, `columnTypes`, `rowsAffected`, `lastInsertRowid`;
 * - values: integers as JS numbers (a RangeError past 2^53, as `intMode: "number"`), floats, text, blobs as
 *   an ArrayBuffer, null; arguments also take bigints, booleans (1/0), dates (epoch ms) and byte arrays;
 * - errors: `name` "LibsqlError", the server's `code` (SQLITE_CONSTRAINT, SQLITE_BUSY…) with the message
 *   "<code>: <message>", SERVER_ERROR and the HTTP `status` for a refused request (401: a bad token), and a
 *   `cause` for a failed fetch, so db/errors.ts reads them alike.
 *
 * Node (`npm start`, tests, CLIs) keeps `@libsql/client`: file and memory databases, transactions, migrations.
 */
import type { Client, InArgs, InStatement, InValue, ResultSet, Row, Transaction } from '@libsql/client';

/** Where and how the client reaches the database; parsed once per isolate. */
export interface HranaEndpoint {
  /** `<base>/v2/pipeline`. */
  pipelineUrl: string;
  headers: Record<string, string>;
}

/** An error shaped as `@libsql/client`'s LibsqlError: db/errors.ts reads `code`, `status` and `cause`. */
export class HranaError extends Error {
  readonly code: string;
  /** The HTTP status of a request the server refused (SERVER_ERROR). */
  readonly status?: number;
  /** The failing statement of a batch, from 0. */
  readonly statementIndex?: number;

  constructor(
    code: string,
    message: string,
    options: { status?: number; statementIndex?: number; cause?: unknown } = {},
  ) {
    super(`${code}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    // The name @libsql/client gives its errors, so a log line reads the same from either client.
    this.name = 'LibsqlError';
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.statementIndex !== undefined) this.statementIndex = options.statementIndex;
  }
}

/**
 * The endpoint for a database URL as `@libsql/client` reads it: `libsql://` is HTTPS (HTTP with `?tls=0`),
 * `https://` and `http://` as given; an `authToken` in the query string counts as the token.
 */
export function hranaEndpoint(url: string, authToken?: string): HranaEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HranaError('URL_INVALID', 'the database URL does not parse');
  }
  const tls = parsed.searchParams.get('tls');
  const token = authToken || parsed.searchParams.get('authToken') || undefined;
  let scheme: string;
  if (parsed.protocol === 'libsql:') scheme = tls === '0' ? 'http:' : 'https:';
  else if (parsed.protocol === 'https:' || parsed.protocol === 'http:') scheme = parsed.protocol;
  else
    throw new HranaError(
      'URL_SCHEME_NOT_SUPPORTED',
      `the Worker reaches the database over HTTP, not ${parsed.protocol}`,
    );
  const path = parsed.pathname.endsWith('/') ? parsed.pathname : `${parsed.pathname}/`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return { pipelineUrl: `${scheme}//${parsed.host}${path}v2/pipeline`, headers };
}

// The wire format (JSON). Integers travel as decimal strings, so 64-bit values survive.
type WireValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };
interface WireStmt {
  sql: string;
  args?: WireValue[];
  named_args?: { name: string; value: WireValue }[];
  want_rows: boolean;
}
type WireCondition = { type: 'ok'; step: number } | { type: 'not'; cond: WireCondition };
interface WireResult {
  cols: { name: string | null; decltype: string | null }[];
  rows: WireValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}
interface WireError {
  message: string;
  code?: string | null;
}
type WireAnswer =
  | { type: 'ok'; response: { type: 'execute'; result: WireResult } | { type: 'batch'; result: WireBatchResult } }
  | { type: 'error'; error: WireError };
interface WireBatchResult {
  step_results: (WireResult | null)[];
  step_errors: (WireError | null)[];
}

const NULL: WireValue = { type: 'null' };
const MIN_INTEGER = -9223372036854775808n;
const MAX_INTEGER = 9223372036854775807n;

function wireValue(value: InValue | undefined): WireValue {
  if (value === null) return NULL;
  switch (typeof value) {
    case 'string':
      return { type: 'text', value };
    case 'number':
      if (!Number.isFinite(value))
        throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
      // A number goes as a float, as @libsql/client sends it; SQLite's column affinity makes 3.0 the integer 3.
      return { type: 'float', value };
    case 'bigint':
      if (value < MIN_INTEGER || value > MAX_INTEGER) throw new RangeError('This bigint does not fit in 64 bits');
      return { type: 'integer', value: value.toString() };
    case 'boolean':
      return { type: 'integer', value: value ? '1' : '0' };
    case 'object':
      if (value instanceof Uint8Array) return { type: 'blob', base64: toBase64(value) };
      if (value instanceof ArrayBuffer) return { type: 'blob', base64: toBase64(new Uint8Array(value)) };
      if (value instanceof Date) return { type: 'float', value: value.valueOf() };
      return { type: 'text', value: String(value) };
    default:
      throw new TypeError('Unsupported type of value');
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): ArrayBuffer {
  // sqld leaves out the padding; atob wants it.
  const binary = atob(text.length % 4 ? text + '='.repeat(4 - (text.length % 4)) : text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

function readValue(value: WireValue): InValue {
  switch (value.type) {
    case 'null':
      return null;
    case 'text':
    case 'float':
      return value.value;
    case 'integer': {
      const n = Number(value.value);
      if (!Number.isSafeInteger(n)) {
        throw new RangeError('Received integer which is too large to be safely represented as a JavaScript number');
      }
      return n;
    }
    case 'blob':
      return fromBase64(value.base64);
    default:
      throw new HranaError('HRANA_PROTO_ERROR', 'the server answered a value of an unknown type');
  }
}

function wireStmt(stmt: InStatement | [string, InArgs?], wantRows = true): WireStmt {
  let sql: string;
  let args: InArgs | undefined;
  if (typeof stmt === 'string') sql = stmt;
  else if (Array.isArray(stmt)) [sql, args] = stmt;
  else ({ sql, args } = stmt);
  if (!args) return { sql, want_rows: wantRows };
  if (Array.isArray(args)) return { sql, args: args.map(wireValue), want_rows: wantRows };
  const named = Object.entries(args).map(([name, value]) => ({ name, value: wireValue(value) }));
  return { sql, named_args: named, want_rows: wantRows };
}

/** The values of a row, under a symbol: by name they are own enumerable properties, by index prototype getters. */
const VALUES = Symbol('values');

/**
 * One prototype per column count, kept for the isolate's life: `row[i]` and `row.length` read the values
 * array, and the row object itself holds only the column names, as `@libsql/client`'s rows enumerate.
 */
const rowPrototypes: object[] = [];

function rowPrototype(width: number): object {
  let proto = rowPrototypes[width];
  if (proto) return proto;
  const descriptors: PropertyDescriptorMap = { length: { value: width } };
  for (let i = 0; i < width; i++) {
    descriptors[i] = {
      get(this: { [VALUES]: InValue[] }) {
        return this[VALUES][i];
      },
    };
  }
  proto = Object.create(Object.prototype, descriptors) as object;
  rowPrototypes[width] = proto;
  return proto;
}

function readResult(result: WireResult): ResultSet {
  const width = result.cols.length;
  const columns: string[] = new Array<string>(width);
  const columnTypes: string[] = new Array<string>(width);
  // A name read twice (a join's two "id"s) answers the first column by name, as @libsql/client's rows do.
  const named: boolean[] = new Array<boolean>(width);
  const seen = new Set<string>();
  for (let i = 0; i < width; i++) {
    const col = result.cols[i]!;
    const name = col.name ?? '';
    columns[i] = name;
    columnTypes[i] = col.decltype ?? '';
    named[i] = col.name !== null && !seen.has(name);
    seen.add(name);
  }
  const proto = rowPrototype(width);
  const rows: Row[] = new Array<Row>(result.rows.length);
  for (let r = 0; r < result.rows.length; r++) {
    const wire = result.rows[r]!;
    const values: InValue[] = new Array<InValue>(width);
    // Not enumerable: a spread copy of a row (`{ ...row }`) holds the column names only, as libSQL's does.
    const row = Object.create(proto, { [VALUES]: { value: values } }) as Record<string, unknown>;
    for (let i = 0; i < width; i++) {
      const value = readValue(wire[i]!);
      values[i] = value;
      if (named[i]) row[columns[i]!] = value;
    }
    rows[r] = row as unknown as Row;
  }
  const lastInsertRowid = result.last_insert_rowid === null ? undefined : BigInt(result.last_insert_rowid);
  return {
    columns,
    columnTypes,
    rows,
    rowsAffected: result.affected_row_count,
    lastInsertRowid,
    toJSON() {
      return {
        columns,
        columnTypes,
        rows: rows.map((row) => Array.prototype.map.call(row, jsonValue)),
        rowsAffected: result.affected_row_count,
        lastInsertRowid: lastInsertRowid === undefined ? null : String(lastInsertRowid),
      };
    },
  };
}

function jsonValue(value: unknown): unknown {
  return value instanceof ArrayBuffer ? toBase64(new Uint8Array(value)) : value;
}

function statementError(error: WireError, statementIndex?: number): HranaError {
  return new HranaError(error.code || 'UNKNOWN', error.message, statementIndex === undefined ? {} : { statementIndex });
}

/** Sends one pipeline (the request, then closing the stream) and answers the request's own result. */
async function pipeline(
  endpoint: HranaEndpoint,
  fetchFn: typeof fetch,
  request:
    | { type: 'execute'; stmt: WireStmt }
    | { type: 'batch'; batch: { steps: { stmt: WireStmt; condition?: WireCondition }[] } },
): Promise<WireAnswer> {
  const body = JSON.stringify({ requests: [request, { type: 'close' }] });
  let response: Response;
  try {
    response = await fetchFn(endpoint.pipelineUrl, { method: 'POST', headers: endpoint.headers, body });
  } catch (err) {
    // Unreachable, refused, DNS or TLS: the runtime's own words stay on the cause (db/errors.ts reads them).
    throw new HranaError('FETCH_FAILED', 'the request to the database failed', { cause: err });
  }
  if (!response.ok) throw await httpError(response);
  let answer: { results?: WireAnswer[] };
  try {
    answer = (await response.json()) as { results?: WireAnswer[] };
  } catch (err) {
    throw new HranaError('HRANA_PROTO_ERROR', 'the server answered something that is not JSON', { cause: err });
  }
  const first = answer.results?.[0];
  if (!first) throw new HranaError('HRANA_PROTO_ERROR', 'the server answered no result');
  return first;
}

async function httpError(response: Response): Promise<HranaError> {
  const text = await response.text().catch(() => '');
  let message = `Server returned HTTP status ${response.status}`;
  if ((response.headers.get('content-type') ?? '').startsWith('application/json')) {
    try {
      const body = JSON.parse(text) as Partial<WireError>;
      // A protocol-level refusal carries a code and a message, as a statement's error does.
      if (typeof body.message === 'string') {
        return new HranaError(body.code || 'UNKNOWN', body.message, { status: response.status });
      }
    } catch {
      // Not JSON after all: the status says enough.
    }
  } else if (text.trim()) {
    message += `: ${text.trim().slice(0, 200)}`;
  }
  return new HranaError('SERVER_ERROR', message, { status: response.status });
}

const BEGIN: Record<'write' | 'read' | 'deferred', string> = {
  write: 'BEGIN IMMEDIATE',
  read: 'BEGIN TRANSACTION READONLY',
  deferred: 'BEGIN DEFERRED',
};

/** What the Worker's client cannot do over one stateless request; drizzle's Worker path never asks for it. */
function unsupported(what: string): never {
  throw new HranaError('NOT_SUPPORTED', `${what} is not supported by the Worker's database client`);
}

/**
 * A libSQL client over HTTP for the Worker: `execute` and `batch`, one fetch each. `fetchFn` defaults to
 * the runtime's fetch. Nothing is kept between calls, so one client per isolate or per request costs the same.
 */
export function createHranaClient(
  endpoint: HranaEndpoint,
  fetchFn: typeof fetch = (i, init) => fetch(i, init),
): Client {
  async function execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    const stmt = typeof stmtOrSql === 'string' ? wireStmt(args ? [stmtOrSql, args] : stmtOrSql) : wireStmt(stmtOrSql);
    const answer = await pipeline(endpoint, fetchFn, { type: 'execute', stmt });
    if (answer.type === 'error') throw statementError(answer.error);
    if (answer.response.type !== 'execute') throw new HranaError('HRANA_PROTO_ERROR', 'unexpected response type');
    return readResult(answer.response.result);
  }

  async function batch(
    stmts: Array<InStatement | [string, InArgs?]>,
    mode: 'write' | 'read' | 'deferred' = 'deferred',
  ): Promise<ResultSet[]> {
    // Step 0 begins; statement i is step i + 1 and runs only if step i succeeded; then COMMIT if the last
    // statement succeeded, ROLLBACK if the COMMIT did not happen or failed.
    const steps: { stmt: WireStmt; condition?: WireCondition }[] = [{ stmt: { sql: BEGIN[mode], want_rows: false } }];
    for (let i = 0; i < stmts.length; i++) {
      steps.push({ stmt: wireStmt(stmts[i]!), condition: { type: 'ok', step: i } });
    }
    const commit = steps.length;
    steps.push({ stmt: { sql: 'COMMIT', want_rows: false }, condition: { type: 'ok', step: commit - 1 } });
    steps.push({
      stmt: { sql: 'ROLLBACK', want_rows: false },
      condition: { type: 'not', cond: { type: 'ok', step: commit } },
    });
    const answer = await pipeline(endpoint, fetchFn, { type: 'batch', batch: { steps } });
    if (answer.type === 'error') throw statementError(answer.error);
    if (answer.response.type !== 'batch') throw new HranaError('HRANA_PROTO_ERROR', 'unexpected response type');
    const { step_results: results, step_errors: errors } = answer.response.result;
    if (errors[0]) throw statementError(errors[0]);
    const out: ResultSet[] = new Array<ResultSet>(stmts.length);
    for (let i = 0; i < stmts.length; i++) {
      const error = errors[i + 1];
      if (error) throw statementError(error, i);
      const result = results[i + 1];
      if (!result) {
        throw new HranaError('TRANSACTION_CLOSED', 'Statement in a batch was not executed', { statementIndex: i });
      }
      out[i] = readResult(result);
    }
    if (errors[commit]) throw statementError(errors[commit]);
    return out;
  }

  return {
    execute: execute as Client['execute'],
    batch,
    migrate: async () => unsupported('migrate'),
    transaction: async (): Promise<Transaction> => unsupported('transaction'),
    executeMultiple: async () => unsupported('executeMultiple'),
    sync: async () => unsupported('sync'),
    close() {},
    reconnect() {},
    closed: false,
    protocol: 'http',
  };
}
