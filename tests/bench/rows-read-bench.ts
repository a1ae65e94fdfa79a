/**
 * Rows read by one public availability request, as libSQL counts them (Turso bills them): the bench desk
 * (bench-data.ts) in a local sqld, the app over the Worker's own client (db/hrana-http.ts), and a fetch that
 * adds up the `rows_read` sqld reports for each statement of the pipeline it answers.
 */
import { createClient } from '@libsql/client';
import { createApp } from '../../worker/src/app';
import { createDb } from '../../worker/src/db/client';
import { createHranaClient, hranaEndpoint } from '../../worker/src/db/hrana-http';
import { applyMigrations } from '../../worker/src/node/migrate';
import { fixedClock, testDeps } from '../fixtures/deps';
import { startSqld } from '../fixtures/sqld';
import { seedBenchData, type BenchData } from './bench-data';

export interface RowsReadFigures {
  availability_rows_read: number;
  availability_rows_read_10x: number;
  /** A repeat answered from the version (a 304, or the kept copy): the version's row. */
  availability_rows_read_hit: number;
}

interface PipelineAnswer {
  results?: {
    type: string;
    response?: { result?: { rows_read?: number; step_results?: ({ rows_read?: number } | null)[] } };
  }[];
}

/** The rows sqld says a pipeline answer read, over its execute and batch results. */
function rowsReadOf(answer: PipelineAnswer): number {
  let n = 0;
  for (const r of answer.results ?? []) {
    const result = r.response?.result;
    n += result?.rows_read ?? 0;
    for (const step of result?.step_results ?? []) n += step?.rows_read ?? 0;
  }
  return n;
}

/** One 4-week availability at 1× and 10× data, and a repeat; the window's active bookings and shifts for scale. */
export async function rowsReadFigures(log: (s: string) => void, now: number): Promise<RowsReadFigures> {
  const sqld = await startSqld();
  try {
    const seeder = createDb(createClient({ url: sqld.url }));
    await applyMigrations(seeder);
    let rows = 0;
    const counting: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const copy = (await res.clone().json()) as PipelineAnswer;
      rows += rowsReadOf(copy);
      return res;
    };
    const db = createDb(createHranaClient(hranaEndpoint(sqld.url), counting));
    // No kept copy: each request without a tag is computed, as a first visit is.
    const app = createApp(testDeps(db, { clock: fixedClock(now) }));
    const measure = async (data: BenchData, headers: Record<string, string> = {}) => {
      rows = 0;
      const res = await app.request(data.url, { headers });
      if (res.status !== 200 && res.status !== 304) throw new Error(`availability answered ${res.status}`);
      return { rows, etag: res.headers.get('etag') ?? '' };
    };
    const one = await seedBenchData(seeder, now, 1);
    const at1 = await measure(one);
    const hit = await measure(one, { 'If-None-Match': at1.etag });
    log(
      `rows read (sqld rows_read), 4-week availability 1×: ${at1.rows} (${one.activeBookings} active bookings, ${one.shifts} shifts, ${one.volunteers} volunteers); a repeat (304 or kept copy): ${hit.rows}`,
    );
    const ten = await seedBenchData(seeder, now, 10);
    const at10 = await measure(ten);
    log(
      `rows read, 4-week availability 10×: ${at10.rows} (${ten.activeBookings} active bookings, ${ten.shifts} shifts, ${ten.volunteers} volunteers)`,
    );
    return {
      availability_rows_read: at1.rows,
      availability_rows_read_10x: at10.rows,
      availability_rows_read_hit: hit.rows,
    };
  } finally {
    await sqld.stop();
  }
}
