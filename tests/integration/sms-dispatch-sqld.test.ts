/**
 * Overlapping dispatcher runs against a real libSQL server over HTTP (as Turso in production): each run
 * has its own client, as separate Worker invocations would. Only the database decides who sends what.
 */
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/src/db/client';
import { messages } from '../../worker/src/db/schema';
import { dispatchSms } from '../../worker/src/outbox/dispatch';
import { applyMigrations } from '../../worker/src/node/migrate';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { fixedClock, testConfig, testDeps } from '../fixtures/deps';
import { startFakeTwilio, twilioProviderFor, type FakeTwilio } from '../fixtures/fake-twilio';
import { startSqld, type Sqld } from '../fixtures/sqld';
import { NOW, PUBLIC_BASE_URL, timesSent, WED_10 } from '../fixtures/sms-dispatch-world';

const MESSAGES = 60;
const RUNS = 6;

let sqld: Sqld;
let admin: Client;
let fake: FakeTwilio;
const ids: string[] = [];

beforeAll(async () => {
  sqld = await startSqld();
  admin = createClient({ url: sqld.url });
  const db = createDb(admin);
  await applyMigrations(db);
  await givenDesk(db);
  const service = await givenService(db);
  const volunteer = await givenVolunteer(db);
  for (let i = 0; i < MESSAGES; i++) {
    const b = await givenBooking(db, {
      serviceId: service.id,
      volunteerId: volunteer.id,
      start: WED_10 + i * 2 * 3_600_000,
      phone: `+39347${String(2000000 + i)}`,
    });
    const id = `msg-${i}`;
    ids.push(id);
    await db.insert(messages).values({
      id,
      bookingId: b.id,
      kind: 'confirmation',
      recipient: b.phone,
      body: `Confermato ${i}`,
      notBefore: NOW,
      createdAt: NOW + i,
      updatedAt: NOW,
    });
  }
  fake = await startFakeTwilio();
}, 60_000);

afterAll(async () => {
  await fake?.close();
  admin?.close();
  await sqld?.stop();
});

describe('dispatch on a shared libSQL server', () => {
  it(`${RUNS} runs at once, each with its own connection, send each of ${MESSAGES} messages exactly once`, async () => {
    fake.setDelay(5);
    const clients = Array.from({ length: RUNS }, () => createClient({ url: sqld.url }));
    try {
      const runs = clients.map((client, k) => {
        const fetchFn = globalThis.fetch.bind(globalThis);
        const provider = twilioProviderFor(fake, { publicBaseUrl: PUBLIC_BASE_URL, fetch: fetchFn });
        const deps = testDeps(createDb(client), {
          clock: fixedClock(NOW + k * 1000),
          sms: provider,
          fetch: fetchFn,
          config: testConfig({ publicBaseUrl: PUBLIC_BASE_URL }),
        });
        return dispatchSms(deps, { cron: '*/10 * * * *', now: NOW + k * 1000 }, { maxPerRun: 100, batchSize: 5 });
      });
      const reports = await Promise.all(runs);
      const sent = reports.reduce((n, r) => n + (r.counts.sent ?? 0), 0);
      expect(sent).toBe(MESSAGES);
      expect(reports.filter((r) => (r.counts.sent ?? 0) > 0).length).toBeGreaterThan(1);
      expect(ids.map((id) => timesSent(fake, id))).toEqual(new Array(MESSAGES).fill(1));
      const rows = await createDb(admin).select().from(messages);
      expect(rows.every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);
    } finally {
      for (const c of clients) c.close();
    }
  });
});
