import { createClient } from '@libsql/client/web';
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import worker, { type Env as WorkerEnv } from '../../worker/src/index';
import { SEED } from './seed-ids';

async function statusOf(id: string): Promise<string | undefined> {
  const client = createClient({ url: env.TURSO_DATABASE_URL });
  try {
    const rs = await client.execute({ sql: 'select status from bookings where id = ?', args: [id] });
    const v = rs.rows[0]?.status;
    return v == null ? undefined : String(v);
  } finally {
    client.close();
  }
}

describe('scheduled handler in workerd', () => {
  it('expires a request whose hold has lapsed and keeps one still held, idempotently', async () => {
    expect(await statusOf(SEED.lapsedRequestId)).toBe('requested');

    for (let run = 0; run < 2; run++) {
      const ctx = createExecutionContext();
      const controller = createScheduledController({ cron: '*/10 * * * *', scheduledTime: Date.now() });
      // Through the ExportedHandler signature, as the runtime calls it (whatever arity the entry declares).
      const handler: ExportedHandler<WorkerEnv> = worker;
      await handler.scheduled!(controller, env as unknown as WorkerEnv, ctx);
      await waitOnExecutionContext(ctx);
    }

    expect(await statusOf(SEED.lapsedRequestId)).toBe('expired');
    expect(await statusOf(SEED.heldRequestId)).toBe('requested');
  });

  it('counts its subrequests and says so in the log line of the run', async () => {
    const lines: unknown[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(line));
    try {
      const ctx = createExecutionContext();
      const controller = createScheduledController({ cron: '*/10 * * * *', scheduledTime: Date.now() });
      const handler: ExportedHandler<WorkerEnv> = worker;
      await handler.scheduled!(controller, env as unknown as WorkerEnv, ctx);
      await waitOnExecutionContext(ctx);
    } finally {
      spy.mockRestore();
    }
    const run = lines
      .map((l) => JSON.parse(String(l)) as { event?: string; subrequests?: number; subrequestBudget?: number })
      .find((l) => l.event === 'scheduled_run');
    expect(run?.subrequestBudget).toBe(50);
    // At least one round trip per job, all within the budget.
    expect(run?.subrequests).toBeGreaterThanOrEqual(5);
    expect(run?.subrequests).toBeLessThanOrEqual(50);
  });
});
