import { createClient, type Client, type ResultSet } from '@libsql/client';
import { eq, sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/src/db/client';
import {
  describeDatabaseError,
  isBusy,
  isOverlapViolation,
  isTransitionViolation,
  isUnavailable,
  isUniqueViolation,
} from '../../worker/src/db/errors';
import { createHranaClient, hranaEndpoint } from '../../worker/src/db/hrana-http';
import { freePort, startSqld, type Sqld } from '../fixtures/sqld';
import { failure } from '../fixtures/failure';

// The Worker's own libSQL client (worker/src/db/hrana-http.ts) against real sqld with a JWT, as Turso
// serves it, next to @libsql/client on the same server: what the rest of the code reads must not differ.

let sqld: Sqld;
let ours: Client;
let theirs: Client;

beforeAll(async () => {
  sqld = await startSqld({ auth: true });
  ours = createHranaClient(hranaEndpoint(sqld.url, sqld.authToken));
  theirs = createClient({ url: sqld.url, authToken: sqld.authToken });
  await theirs.batch([
    'create table items (id integer primary key, code text not null unique, n integer, f real, b blob, t text)',
    // The shape of the project's invariants (drizzle/0001): a trigger refusing a write with a named reason.
    `create trigger items_no_overlap before insert on items when new.code = 'overlap'
       begin select raise(abort, 'booking_overlap'); end`,
    `create trigger items_no_transition before update of t on items when old.t = 'final'
       begin select raise(abort, 'invalid_transition'); end`,
  ]);
});

afterAll(async () => {
  theirs?.close();
  await sqld?.stop();
});

/** What a ResultSet exposes, by index and by name, in plain values. */
function shape(rs: ResultSet) {
  return {
    ...(rs.toJSON() as object),
    byIndex: rs.rows.map((row) => Array.from({ length: row.length }, (_, i) => row[i])),
    byName: rs.rows.map((row) => ({ ...row })),
  };
}

const count = async (code: string) =>
  Number((await theirs.execute({ sql: 'select count(*) as n from items where code = ?', args: [code] })).rows[0]!.n);

describe('values and rows, as @libsql/client reads them', () => {
  it('round-trips text (accents, emoji, other scripts), integers, floats, blobs, null and booleans', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 128]);
    const args = ['Zoë Ağaoğlu 👩🏽‍💻 مرحبا 你好', 9007199254740991, 2.5, bytes, null];
    const insert = 'insert into items (code, n, f, b, t) values (?, ?, ?, ?, ?) returning id, code, n, f, b, t';
    const a = await ours.execute({ sql: insert, args: ['ours', ...args.slice(1)] });
    const b = await theirs.execute({ sql: insert, args: ['theirs', ...args.slice(1)] });
    expect(a.rowsAffected).toBe(1);
    expect(typeof a.lastInsertRowid).toBe('bigint');
    const row = a.rows[0]!;
    expect(row.n).toBe(9007199254740991);
    expect(row.f).toBe(2.5);
    expect(row.t).toBeNull();
    expect(row.b).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(row.b as ArrayBuffer)]).toEqual([...bytes]);
    const { columns, columnTypes } = b;
    expect({ columns: a.columns, columnTypes: a.columnTypes }).toEqual({ columns, columnTypes });

    const read = 'select code, n, f, b, t, ? as text, ? as yes, ? as no from items where code in (?, ?) order by id';
    const readArgs = [args[0]!, true, false, 'ours', 'theirs'];
    const x = shape(await ours.execute({ sql: read, args: readArgs }));
    const y = shape(await theirs.execute({ sql: read, args: readArgs }));
    expect(x.byName[0]).toMatchObject({ text: args[0], yes: 1, no: 0 });
    // The same values whoever read them (only the code column differs, by design).
    expect(x.byIndex.map((r) => r.slice(1))).toEqual(y.byIndex.map((r) => r.slice(1)));
  });

  it('sends a 64-bit integer as a bigint, and refuses to read one past 2^53 as a number, as intMode "number" does', async () => {
    const big = 9223372036854775807n;
    const args = [big];
    const asText = await ours.execute({ sql: 'select cast(? as text) as v', args });
    expect(asText.rows[0]!.v).toBe('9223372036854775807');
    const [a, b] = [
      await failure(ours.execute({ sql: 'select ? as v', args })),
      await failure(theirs.execute({ sql: 'select ? as v', args })),
    ];
    expect(a).toBeInstanceOf(RangeError);
    expect(b).toBeInstanceOf(RangeError);
  });

  it('answers two same-named columns by index each, and the first by name, as drizzle joins read them', async () => {
    const q = "select 1 as id, 'a' as name, 2 as id";
    const x = shape(await ours.execute(q));
    const y = shape(await theirs.execute(q));
    expect(x).toEqual(y);
    expect(x.byIndex).toEqual([[1, 'a', 2]]);
    expect(x.byName).toEqual([{ id: 1, name: 'a' }]);
  });

  it('feeds drizzle: a select with fields, a raw select, an update with its count', async () => {
    const db = createDb(ours);
    const items = sqliteTable('items', {
      id: integer('id').primaryKey(),
      code: text('code').notNull(),
      n: integer('n'),
    });
    await db.insert(items).values([
      { code: 'drizzle-1', n: 1 },
      { code: 'drizzle-2', n: 2 },
    ]);
    const rows = await db
      .select({ code: items.code, n: items.n })
      .from(items)
      .where(sql`${items.code} like 'drizzle-%'`)
      .orderBy(items.code);
    expect(rows).toEqual([
      { code: 'drizzle-1', n: 1 },
      { code: 'drizzle-2', n: 2 },
    ]);
    expect(await db.all(sql`select code, n from items where code = 'drizzle-2'`)).toEqual([
      { code: 'drizzle-2', n: 2 },
    ]);
    const updated = await db.update(items).set({ n: 5 }).where(eq(items.code, 'drizzle-1'));
    expect(updated.rowsAffected).toBe(1);
    const [inserted, read] = await db.batch([
      db.insert(items).values({ code: 'drizzle-3', n: 3 }).returning({ id: items.id }),
      db.select({ n: items.n }).from(items).where(eq(items.code, 'drizzle-1')),
    ]);
    expect(inserted).toEqual([{ id: expect.any(Number) }]);
    expect(read).toEqual([{ n: 5 }]);
  });
});

describe('a batch', () => {
  it('is atomic: a failing statement undoes the ones before it, and names its index', async () => {
    const err = await failure(
      ours.batch([
        { sql: "insert into items (code) values ('batch-a')", args: [] },
        { sql: "insert into items (code) values ('batch-b')", args: [] },
        { sql: "insert into items (code) values ('batch-a')", args: [] },
      ]),
    );
    expect(err).toMatchObject({ code: 'SQLITE_CONSTRAINT', statementIndex: 2 });
    expect(isUniqueViolation(err, 'items.code')).toBe(true);
    expect(await count('batch-a')).toBe(0);
    expect(await count('batch-b')).toBe(0);
    // The connection is not left inside a transaction: the next batch commits.
    const ok = await ours.batch(["insert into items (code) values ('batch-a')", 'select count(*) as n from items']);
    expect(ok).toHaveLength(2);
    expect(await count('batch-a')).toBe(1);
  });

  it('answers each statement its own rows, in order', async () => {
    const [one, two] = await ours.batch([
      { sql: 'select ? as v', args: ['first'] },
      { sql: 'select ? as v, ? as w', args: [2, null] },
    ]);
    expect(one!.rows[0]!.v).toBe('first');
    expect({ ...two!.rows[0]! }).toEqual({ v: 2, w: null });
  });
});

describe('errors, as db/errors.ts reads them', () => {
  it('maps unique, overlap and transition refusals alike from both clients, through drizzle too', async () => {
    await theirs.execute("insert into items (code, t) values ('taken', 'final')");
    const cases = [
      ["insert into items (code) values ('taken')", isUniqueViolation],
      ["insert into items (code) values ('overlap')", isOverlapViolation],
      ["update items set t = 'other' where code = 'taken'", isTransitionViolation],
    ] as const;
    for (const [statement, check] of cases) {
      for (const client of [ours, theirs]) {
        expect(check(await failure(client.execute(statement))), statement).toBe(true);
        expect(check(await failure(client.batch(['select 1', statement]))), statement).toBe(true);
        expect(check(await failure(createDb(client).run(sql.raw(statement)))), statement).toBe(true);
      }
      const err = await failure(ours.execute(statement));
      expect(isUnavailable(err)).toBe(false);
    }
  });

  it('says SQLITE_BUSY when another process holds the write lock: unavailable, not a conflict', async () => {
    const holder = createClient({ url: `file:${sqld.dataFile}` });
    const tx = await holder.transaction('write');
    try {
      await tx.execute("insert into items (code) values ('held')");
      // One after the other: a second call started at once could fail while the first is awaited, with no
      // handler yet (an unhandled rejection that fails the run).
      for (const attempt of [
        () => ours.execute("insert into items (code) values ('busy')"),
        () => ours.batch(["insert into items (code) values ('busy')"]),
      ]) {
        const err = await failure(attempt());
        expect(err).toMatchObject({ code: 'SQLITE_BUSY' });
        expect(isBusy(err)).toBe(true);
        expect(isUnavailable(err)).toBe(true);
      }
    } finally {
      await tx.rollback();
      holder.close();
    }
    expect(await count('busy')).toBe(0);
  });

  it('a missing or wrong token: HTTP 401, described as the token to check', async () => {
    for (const token of [undefined, 'not-a-jwt', sqld.signToken!({ a: 'rw', exp: 1 })]) {
      const client = createHranaClient(hranaEndpoint(sqld.url, token));
      const err = await failure(client.execute('select 1'));
      expect(err).toMatchObject({ code: 'SERVER_ERROR', status: 401 });
      expect(isUnavailable(err)).toBe(true);
      expect(describeDatabaseError(err).message).toBe('authentication failed (HTTP 401): check TURSO_AUTH_TOKEN');
    }
  });

  it('https:// to a server without TLS: described as TLS; a closed port: unreachable, unavailable', async () => {
    const tls = await failure(tlsClient().execute('select 1'));
    expect(describeDatabaseError(tls).message).toBe('TLS failed: for a local server use http://');
    expect(isUnavailable(tls)).toBe(true);

    const url = `http://127.0.0.1:${await freePort()}`;
    const refused = await failure(createHranaClient(hranaEndpoint(url, sqld.authToken)).execute('select 1'));
    expect(isUnavailable(refused)).toBe(true);
    const described = describeDatabaseError(refused, { url });
    expect(described.problem).toBe('unreachable');
    expect(described.message).toBe(`cannot reach the database at ${new URL(url).host}: check TURSO_DATABASE_URL`);
  });
});

describe('database URLs', () => {
  it('reads libsql:// as HTTPS, ?tls=0 as HTTP, a path as a prefix, and a token from the query string', () => {
    expect(hranaEndpoint('libsql://db-org.turso.io', 'tok')).toEqual({
      pipelineUrl: 'https://db-org.turso.io/v2/pipeline',
      headers: { 'content-type': 'application/json', authorization: 'Bearer tok' },
    });
    expect(hranaEndpoint('libsql://127.0.0.1:8080?tls=0').pipelineUrl).toBe('http://127.0.0.1:8080/v2/pipeline');
    expect(hranaEndpoint('http://host/prefix').pipelineUrl).toBe('http://host/prefix/v2/pipeline');
    expect(hranaEndpoint('https://host?authToken=abc').headers.authorization).toBe('Bearer abc');
  });

  it('refuses a URL the Worker cannot reach over HTTP, with a code the description reads', () => {
    for (const url of ['file:local.db', 'not a url']) {
      let err: unknown;
      try {
        hranaEndpoint(url);
      } catch (e) {
        err = e;
      }
      expect(describeDatabaseError(err).problem).toBe('url');
    }
  });
});

function tlsClient(): Client {
  return createHranaClient(hranaEndpoint(sqld.url.replace('http:', 'https:'), sqld.authToken));
}
