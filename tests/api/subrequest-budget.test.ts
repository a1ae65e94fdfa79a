/**
 * Dispatch within an invocation's subrequest budget, on in-memory libSQL with the fake Twilio (the same
 * count holds over HTTP: tests/integration/subrequest-budget.test.ts). Each claim must leave room for its
 * sends and the record of their outcomes; what does not fit stays pending for the next run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../worker/src/deps';
import { createDb } from '../../worker/src/db/client';
import { meterInvocation } from '../../worker/src/lib/subrequests';
import { answerThenSend } from '../../worker/src/outbox/dispatch';
import { smsWorld, timesSent, type SmsWorld } from '../fixtures/sms-dispatch-world';

let w: SmsWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

/** `world.deps` as a Worker invocation has them: database, fetch and SMS counted against a meter of `limit`. */
function metered(world: SmsWorld, limit: number): { deps: AppDeps; used: () => number } {
  const io = meterInvocation({ client: world.client, fetch: world.deps.fetch, sms: world.deps.sms }, limit);
  const deps = { ...world.deps, db: createDb(io.client), fetch: io.fetch, sms: io.sms, subrequests: io.subrequests };
  return { deps, used: io.subrequests.used };
}

describe('dispatch within the subrequest budget', () => {
  it.each([
    // budget, sent: the desk read, then per batch a claim and its sends, then one record.
    [4, 1],
    [10, 7],
    [25, 21],
    [26, 22],
  ])('with %i subrequests left it sends %i of 30 and leaves the rest pending', async (budget, sent) => {
    w = await smsWorld();
    const ids = await w.confirmations(30);
    const { deps, used } = metered(w, budget);

    const run = await w.run(undefined, {}, deps);

    expect(used()).toBeLessThanOrEqual(budget);
    expect(run.counts).toMatchObject({ sent, outOfSubrequests: 1 });
    expect(w.fake.messages).toHaveLength(sent);
    const rows = await w.all();
    expect(rows.filter((m) => m.status === 'sent')).toHaveLength(sent);
    expect(rows.filter((m) => m.status === 'pending')).toHaveLength(30 - sent);
    expect(rows.filter((m) => m.attempts > 0 && m.status === 'pending')).toEqual([]);

    // The next run sends the rest, none twice.
    await w.run(undefined, { maxPerRun: 100 });
    for (const id of ids) expect(timesSent(w.fake, id)).toBe(1);
  });

  it('does not start without room for the desk read and one more round trip', async () => {
    w = await smsWorld();
    await w.confirmations(3);
    const { deps, used } = metered(w, 1);
    const run = await w.run(undefined, {}, deps);
    expect(run.skipped).toBe('subrequest_budget');
    expect(used()).toBe(0);
  });

  it('sending deferred by a request starts once the request has answered, and once for several calls', async () => {
    w = await smsWorld();
    await w.confirmations(3);
    const deferred: Promise<unknown>[] = [];
    const base = { ...w.deps, defer: (work: Promise<unknown>) => void deferred.push(work) };
    await answerThenSend(base, async (deps) => {
      deps.outbox.sendSoon();
      deps.outbox.sendSoon();
      // The request goes on with its own work; nothing is sent meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(w!.fake.requests).toHaveLength(0);
    });
    expect(deferred).toHaveLength(1);
    await Promise.all(deferred);
    expect(w.fake.messages).toHaveLength(3);
  });
});
