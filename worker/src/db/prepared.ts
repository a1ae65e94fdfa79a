/**
 * Statements whose SQL text is rendered once per isolate (or process), with values bound per call.
 * Drizzle turns a statement into text anew on every execution, which costs the Worker CPU on every request
 * (npm run bench), and the Worker makes a new database handle per request, so a statement prepared on a
 * handle could not be kept. Used on the hot public paths: availability and a person's request.
 */
import { is, Param, Placeholder, SQL, sql, type Column, type Query } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';

/** Binds a statement's named placeholders (sql.placeholder) to this call's values. */
export type Bind<V extends Record<string, unknown>> = (values: V) => SQL;

/** Where a parameter's value comes from on each call: a placeholder's value (through its column's encoder), or fixed. */
type ParamSource = { name: string; encode?: (value: unknown) => unknown } | { value: unknown };

/**
 * A statement whose text is already rendered, with this call's values. Drizzle asks every SQL for its
 * text and values (`toQuery`) when it runs it, alone or in a batch; this one answers them as they are, so
 * a call costs no walk over chunks and no entity checks. It is never embedded in another `sql` template
 * (that would read its chunks, which it has none of): repo code passes it straight to db.all / db.run.
 */
class RenderedSQL extends SQL {
  constructor(
    private readonly text: string,
    private readonly values: unknown[],
  ) {
    super([]);
  }

  override toQuery(): Query {
    return { sql: this.text, params: this.values };
  }
}

/**
 * Renders `query` to text now and returns how to bind its placeholders per call: the text with this
 * call's values in parameter order.
 */
function renderNow<V extends Record<string, unknown>>(query: SQL, what: string): Bind<V> {
  const { sql: text, params } = new SQLiteAsyncDialect().sqlToQuery(query);
  const sources: ParamSource[] = params.map((p): ParamSource => {
    if (is(p, Placeholder)) return { name: p.name };
    if (is(p, Param) && is(p.value, Placeholder)) {
      const { encoder } = p;
      return { name: p.value.name, encode: (v) => encoder.mapToDriverValue(v) };
    }
    return { value: p };
  });
  for (const source of sources) {
    if ('value' in source && source.value !== null && typeof source.value === 'object') {
      throw new Error(`${what} statement: a fixed parameter that is not a plain value`);
    }
  }
  return (values) => {
    const bound: unknown[] = new Array<unknown>(sources.length);
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i]!;
      let value: unknown;
      if ('value' in source) value = source.value;
      else {
        if (!(source.name in values)) throw new Error(`${what} statement: no value for "${source.name}"`);
        const given = values[source.name];
        value = source.encode ? source.encode(given) : given;
      }
      // The driver binds plain values only (numbers, strings, null, bigints, bytes are not used here).
      if (value !== null && typeof value === 'object')
        throw new Error(`${what} statement: parameter ${i + 1} is not a plain value`);
      bound[i] = value;
    }
    return new RenderedSQL(text, bound);
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
