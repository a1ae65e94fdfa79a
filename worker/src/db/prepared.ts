/**
 * Statements whose SQL text is rendered once per isolate (or process), with values bound per call.
 * Drizzle turns a statement into text anew on every execution, which costs the Worker CPU on every request
 * (npm run bench), and the Worker makes a new database handle per request, so a statement prepared on a
 * handle could not be kept. Used on the hot public paths: availability and a person's request.
 */
import { fillPlaceholders, sql, type Column, type SQL } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';

/** Binds a statement's named placeholders (sql.placeholder) to this call's values. */
export type Bind<V extends Record<string, unknown>> = (values: V) => SQL;

/** Renders `query` to text now and returns how to bind its placeholders per call. */
function renderNow<V extends Record<string, unknown>>(query: SQL, what: string): Bind<V> {
  const { sql: text, params } = new SQLiteAsyncDialect().sqlToQuery(query);
  const pieces = text.split('?');
  // Every "?" must be a parameter; the statement has no string literal holding one.
  if (pieces.length !== params.length + 1) throw new Error(`${what} statement: a "?" that is not a parameter`);
  return (values) => {
    const bound = fillPlaceholders(params, values);
    return sql.join(
      pieces.flatMap((piece, i) => (i < bound.length ? [sql.raw(piece), sql.param(bound[i])] : [sql.raw(piece)])),
    );
  };
}

/** A statement built and rendered on first use, then only bound: `build` runs once. */
export function renderedOnce<V extends Record<string, unknown>>(what: string, build: () => SQL): Bind<V> {
  let bind: Bind<V> | undefined;
  return (values) => (bind ??= renderNow<V>(build(), what))(values);
}

/**
 * Columns under aliases (`prefix` + key) for a raw select, and the way back from such a row to the row
 * drizzle's select of the same fields would build (driver values mapped as drizzle maps them, e.g. 0/1 to
 * booleans for boolean columns).
 */
export function aliasedColumns<T>(fields: Record<string, Column>, prefix = '') {
  const columns = Object.entries(fields);
  return {
    select: sql.join(
      columns.map(([key, column]) => sql`${column} as ${sql.identifier(prefix + key)}`),
      sql.raw(', '),
    ),
    /** The same list by bare column names, for a RETURNING clause (which names no table). */
    returning: sql.join(
      columns.map(([key, column]) => sql`${sql.identifier(column.name)} as ${sql.identifier(prefix + key)}`),
      sql.raw(', '),
    ),
    read(row: Record<string, unknown>): T {
      const out: Record<string, unknown> = {};
      for (const [key, column] of columns) {
        const value = row[prefix + key];
        out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
      }
      return out as T;
    },
  };
}
