/**
 * The subrequest budget against reality: the Worker's wiring (libSQL web client over HTTP to sqld, the fake
 * Twilio on loopback) with the fetches that really leave counted behind the meter's back.
 * - the meter counts exactly what becomes a fetch, for every kind of libSQL call;
 * - no cron tick, whatever the desk's state, makes more subrequests than the budget, each job stays within
 *   what it declares, and what is not sent stays pending, never sent twice;
 * - a request with the sending it defers stays within the budget too.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient as createWebClient } from '@libsql/client/web';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../worker/src/db/client';
import { messages } from '../../worker/src/db/schema';
import { runScheduled, SCHEDULED_JOBS } from '../../worker/src/jobs/scheduled';
import { countedClient, subrequestMeter } from '../../worker/src/lib/subrequests';
import { SOON_MAX } from '../../worker/src/outbox/dispatch';
import { givenShift, givenVolunteer } from '../fixtures/builders';
import { requestBody } from '../fixtures/public-helpers';
import { seedDeskState, TICKS, type DeskState } from '../fixtures/desk-state';
import { fixedClock, testConfig } from '../fixtures/deps';
import { startFakeTwilio, twilioProviderFor, type FakeTwilio } from '../fixtures/fake-twilio';
import { migratedSqld, wipeDatabase, workerInvocation } from '../fixtures/worker-invocation';

const PUBLIC_BASE_URL = 'https://sportello.test';

let sqld: Awaited<ReturnType<typeof migratedSqld>>;
let db: Db;
let fake: FakeTwilio;

beforeAll(async () => {
  [sqld, fake] = await Promise.all([migratedSqld(), startFakeTwilio()]);
  db = sqld.db;
}, 60_000);

afterAll(async () => {
  await Promise.all([fake?.close(), sqld?.close()]);
});

describe('the meter counts what becomes a fetch', () => {
  it('one per execute, batch, migrate and executeMultiple; a transaction by its statements and its end', async () => {
    let fetches = 0;
    const web = createWebClient({
      url: sqld.url,
      fetch: (input: Request) => {
        fetches += 1;
        return fetch(input);
      },
    });
    const meter = subrequestMeter();
    const client = countedClient(web, meter);
    const same = async (step: string, work: () => Promise<unknown>) => {
      await work();
      expect(meter.used(), step).toBe(fetches);
    };
    try {
      await same('execute', () => client.execute('CREATE TABLE IF NOT EXISTS probe (n INTEGER)'));
      await same('batch', () =>
        client.batch(['INSERT INTO probe VALUES (1)', 'INSERT INTO probe VALUES (2)', 'SELECT count(*) FROM probe']),
      );
      await same('executeMultiple', () => client.executeMultiple('DELETE FROM probe; INSERT INTO probe VALUES (3);'));
      await same('migrate', () => client.migrate(['INSERT INTO probe VALUES (4)']));
      await same('transaction, two statements, commit', async () => {
        const tx = await client.transaction('write');
        await tx.execute('INSERT INTO probe VALUES (5)');
        await tx.batch(['INSERT INTO probe VALUES (6)', 'SELECT 1']);
        await tx.commit();
        tx.close();
      });
      await same('transaction, rollback', async () => {
        const tx = await client.transaction('write');
        await tx.execute('INSERT INTO probe VALUES (7)');
        await tx.rollback();
      });
      await same('transaction left without commit', async () => {
        const tx = await client.transaction('write');
        await tx.execute('INSERT INTO probe VALUES (8)');
        tx.close();
        // The close goes out on its own; let it land.
        await new Promise((r) => setTimeout(r, 50));
      });
      await same('transaction with nothing in it', async () => {
        const tx = await client.transaction('read');
        await tx.commit();
        tx.close();
      });
      await same('transaction opened by executeMultiple', async () => {
        const tx = await client.transaction('write');
        await tx.executeMultiple('INSERT INTO probe VALUES (9);');
        await tx.commit();
      });
      // And through drizzle, as the app calls it.
      const orm = createDb(client);
      await same('drizzle select, run and batch', async () => {
        await orm.select({ n: messages.id }).from(messages).limit(1);
        await orm.run(sql`DELETE FROM probe`);
        await orm.batch([orm.run(sql`INSERT INTO probe VALUES (10)`), orm.all(sql`SELECT n FROM probe`)]);
      });
      expect(fetches).toBeGreaterThan(10);
    } finally {
      await web.execute('DROP TABLE probe');
      web.close();
    }
  });
});

/** One tick as a Worker cron event: its report, the meter and the fetches that really happened. */
async function tick(o: { at: number; cron: string; budget: number; halted: boolean }) {
  const inv = workerInvocation({
    url: sqld.url,
    config: testConfig({ publicBaseUrl: PUBLIC_BASE_URL, subrequestBudget: o.budget }),
    clock: fixedClock(o.at),
    sms: (fetchFn) =>
      twilioProviderFor(fake, {
        publicBaseUrl: PUBLIC_BASE_URL,
        fetch: fetchFn,
        // Refused credentials stop the run (an account-level error).
        env: o.halted ? { TWILIO_AUTH_TOKEN: 'not-the-token' } : {},
      }),
  });
  const acceptedBefore = fake.messages.length;
  const report = await runScheduled(inv.deps, { cron: o.cron, scheduledTime: o.at });
  return { report, inv, accepted: fake.messages.slice(acceptedBefore) };
}

/** What must hold after any tick. */
async function expectWithinBudget(
  { report, inv, accepted }: Awaited<ReturnType<typeof tick>>,
  budget: number,
): Promise<void> {
  const use = report.subrequests!;
  expect(use.used).toBeLessThanOrEqual(budget);
  // The meter is what really left the Worker: database requests plus provider calls.
  expect(use.used).toBe(inv.fetched.database + inv.fetched.outbound);
  expect(use.used).toBe(Object.values(use.jobs).reduce((a, b) => a + b, 0));
  for (const job of SCHEDULED_JOBS) {
    if (job.subrequests !== 'rest') expect(use.jobs[job.name] ?? 0, job.name).toBeLessThanOrEqual(job.subrequests);
  }
  // A budget that covers every job's maximum and a little sending never skips a job.
  const fixed = SCHEDULED_JOBS.reduce((n, j) => n + (j.subrequests === 'rest' ? 2 : j.subrequests), 0);
  if (budget >= fixed) {
    const skipped = Object.entries(report.jobs).filter(([, j]) => j.ok && j.skipped === 'subrequest_budget');
    expect(skipped).toEqual([]);
  }
  // Nothing is left claimed, and every message Twilio accepted is recorded as sent, once.
  const rows = await db.select().from(messages);
  expect(rows.filter((m) => m.status === 'sending')).toEqual([]);
  const ids = accepted.map((m) => new URL(m.statusCallback!).searchParams.get('m'));
  expect(new Set(ids).size).toBe(ids.length);
  const sentNow = rows.filter((m) => m.providerId !== null && accepted.some((a) => a.sid === m.providerId));
  expect(sentNow.map((m) => m.status)).toEqual(accepted.map(() => 'sent'));
}

const deskStates: fc.Arbitrary<DeskState> = fc.record({
  dueTexts: fc.integer({ min: 0, max: 200 }),
  onePhone: fc.boolean(),
  lapsed: fc.integer({ min: 0, max: 30 }),
  tomorrow: fc.integer({ min: 0, max: 60 }),
  old: fc.integer({ min: 0, max: 30 }),
  needs: fc.integer({ min: 0, max: 10 }),
  stale: fc.integer({ min: 0, max: 5 }),
  smsEnabled: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  requestSms: fc.boolean(),
  monthlyBudget: fc.constantFrom(5, 60, 5000),
  hourlyCap: fc.constantFrom(20, 60, 1000),
});

describe('a cron tick never exceeds its subrequest budget', () => {
  beforeEach(async () => {
    await wipeDatabase(sqld.url);
    fake.failNext(0);
  });

  it('whatever the desk holds, at any hour, with either cron, a working or a refused provider', async () => {
    const runs = fc.record({
      state: deskStates,
      tick: fc
        .constantFrom(...TICKS)
        .chain((t) => fc.record({ at: fc.constant(Date.parse(t.at)), cron: fc.constantFrom(...t.crons) })),
      budget: fc.constantFrom(50, 50, 50, 30, 12, 4),
      halted: fc.boolean(),
      failures: fc.integer({ min: 0, max: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(runs, async ({ state, tick: t, budget, halted, failures }) => {
        await wipeDatabase(sqld.url);
        await seedDeskState(db, state, t.at);
        // Temporary provider failures: those messages are retried later, and still cost a subrequest each.
        fake.failNext(failures);
        await expectWithinBudget(await tick({ ...t, budget, halted }), budget);
        fake.failNext(0);
      }),
      { numRuns: 40, seed: 20261130 },
    );
  }, 240_000);

  it('the 18:00 tick with 200 texts due and every job busy makes exactly 50 and sends 35; the next tick sends the next ones', async () => {
    const at = Date.parse(TICKS[1].at);
    await seedDeskState(
      db,
      {
        dueTexts: 200,
        onePhone: false,
        lapsed: 10,
        tomorrow: 30,
        old: 10,
        needs: 5,
        stale: 3,
        smsEnabled: true,
        requestSms: false,
        monthlyBudget: 5000,
        hourlyCap: 1000,
      },
      at,
    );
    const first = await tick({ at, cron: '0 16,17 * * *', budget: 50, halted: false });
    await expectWithinBudget(first, 50);
    expect(first.report.subrequests).toEqual({
      limit: 50,
      used: 50,
      // Expiry 2, reminders 3, the waitlist 1 (nobody waits: its deciding batch only), retention 3,
      // housekeeping 2 (the fixture's names have no search key yet: the backfill writes them); dispatch: the
      // desk, two claims, the last record, 35 sends.
      jobs: { expireRequests: 2, reminders: 3, waitlist: 1, dispatchSms: 39, retention: 3, housekeeping: 2 },
    });
    expect(first.accepted).toHaveLength(35);
    expect(first.report.jobs.dispatchSms).toMatchObject({ ok: true, counts: { sent: 35, outOfSubrequests: 1 } });

    const next = await tick({ at: at + 10 * 60_000, cron: '*/10 * * * *', budget: 50, halted: false });
    await expectWithinBudget(next, 50);
    // Expiry, reminders and retention find less to do now, which leaves more for sending (housekeeping still
    // holds two back: 55 names are left to fold; the waitlist takes its deciding batch).
    expect(next.report.subrequests!.used).toBe(49);
    expect(next.accepted).toHaveLength(37);
    const sentIds = [...first.accepted, ...next.accepted].map((m) => m.statusCallback);
    expect(new Set(sentIds).size).toBe(sentIds.length);
  }, 60_000);
});

/** A Turnstile siteverify on loopback that accepts every token. */
async function startVerifier(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ success: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/siteverify`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SIXTY_DUE: DeskState = {
  dueTexts: 60,
  onePhone: false,
  lapsed: 0,
  tomorrow: 0,
  old: 0,
  needs: 0,
  stale: 0,
  smsEnabled: true,
  requestSms: false,
  monthlyBudget: 5000,
  hourlyCap: 1000,
};

/** A request's invocation at 10:00 on the tick day, Twilio and Turnstile on loopback. */
function requestInvocation(budget: number, verifyUrl = 'http://127.0.0.1:9/unused') {
  return workerInvocation({
    url: sqld.url,
    config: testConfig({
      publicBaseUrl: PUBLIC_BASE_URL,
      subrequestBudget: budget,
      turnstileSecret: 'ts-secret',
      turnstileVerifyUrl: verifyUrl,
    }),
    clock: fixedClock(Date.parse(TICKS[0].at)),
    sms: (fetchFn) => twilioProviderFor(fake, { publicBaseUrl: PUBLIC_BASE_URL, fetch: fetchFn }),
  });
}

describe('a request and the sending it defers share one budget', () => {
  beforeEach(async () => {
    await wipeDatabase(sqld.url);
  });

  it('a booking request checked by Turnstile counts the check and each round trip', async () => {
    const { serviceId } = await seedDeskState(db, SIXTY_DUE, Date.parse(TICKS[0].at));
    const volunteer = await givenVolunteer(db);
    await givenShift(db, volunteer.id, 3, '09:00', '12:00');
    const verifier = await startVerifier();
    try {
      const inv = requestInvocation(50, verifier.url);
      const res = await inv.serve(
        new Request('http://localhost/api/public/requests', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'cf-connecting-ip': '203.0.113.7' },
          body: JSON.stringify(requestBody(serviceId, { turnstileToken: 'tok-123' })),
        }),
      );
      expect(res.status).toBe(201);
      await Promise.all(inv.deferred);
      expect(inv.fetched.outbound).toBe(1);
      expect(inv.meter.used()).toBe(inv.fetched.database + inv.fetched.outbound);
      expect(inv.meter.used()).toBeLessThanOrEqual(50);
    } finally {
      await verifier.close();
    }
  });

  it.each([50, 16, 9])(
    'budget %i: a person cancelling from the manage link, then the sending it defers, with 60 texts due',
    async (budget) => {
      await seedDeskState(db, SIXTY_DUE, Date.parse(TICKS[0].at));
      const inv = requestInvocation(budget);
      const acceptedBefore = fake.messages.length;
      // The first seeded booking: confirmed, on Wednesday.
      const res = await inv.serve(
        new Request('http://localhost/m/code-b1/cancel', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'confirm=yes',
        }),
      );
      expect(res.status).toBe(303);
      await Promise.all(inv.deferred);

      const sent = fake.messages.length - acceptedBefore;
      expect(inv.meter.used()).toBeLessThanOrEqual(budget);
      expect(inv.meter.used()).toBe(inv.fetched.database + inv.fetched.outbound);
      // The request's own round trips come first; sending takes what they leave, up to SOON_MAX.
      expect(sent).toBe(Math.min(SOON_MAX, budget - inv.fetched.database));
      const rows = await db.select().from(messages);
      expect(rows.filter((m) => m.status === 'sending')).toEqual([]);
      expect(rows.filter((m) => m.status === 'sent')).toHaveLength(sent);
    },
    30_000,
  );
});
