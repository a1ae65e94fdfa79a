/**
 * One round trip of labelled statements. A db.batch answers with a list in statement order; reading it
 * by position (`results[3]`) breaks silently when a statement is added or made optional. Here every
 * statement carries a name, and the answer comes back grouped by name, in the order given.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client';

export type Statement = BatchItem<'sqlite'>;

/** Statements under a name; an empty list or undefined leaves the name out of the batch. */
export type BatchParts<N extends string> = Partial<Record<N, Statement | readonly Statement[] | undefined>>;

/** Runs every statement of `parts` as ONE db.batch (atomic on libSQL); results grouped by the parts' names. */
export async function batchByName<N extends string>(db: Db, parts: BatchParts<N>): Promise<Record<N, unknown[]>> {
  const names: N[] = [];
  const statements: Statement[] = [];
  const grouped = {} as Record<N, unknown[]>;
  for (const name of Object.keys(parts) as N[]) {
    const part = parts[name];
    grouped[name] = [];
    const list = part === undefined ? [] : Array.isArray(part) ? (part as readonly Statement[]) : [part as Statement];
    for (const s of list) {
      names.push(name);
      statements.push(s);
    }
  }
  const [first, ...rest] = statements;
  if (!first) return grouped;
  const results: unknown[] = await db.batch([first, ...rest]);
  results.forEach((r, i) => grouped[names[i]!].push(r));
  return grouped;
}

/** Rows a write statement changed (0 when the result carries no count). */
export function rowsAffected(result: unknown): number {
  const n = (result as { rowsAffected?: unknown } | undefined)?.rowsAffected;
  return typeof n === 'number' ? n : 0;
}

/** Rows all the write statements of a part changed together. */
export function totalRowsAffected(results: readonly unknown[]): number {
  return results.reduce<number>((n, r) => n + rowsAffected(r), 0);
}

/** The rows a SELECT or RETURNING statement answered (the part's only statement). */
export function rowsOf<T>(results: readonly unknown[]): T[] {
  const rows = results[0];
  return Array.isArray(rows) ? (rows as T[]) : [];
}
