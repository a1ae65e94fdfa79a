import { eq } from 'drizzle-orm';
import { createApp } from '../../worker/src/app';
import type { AppConfig, AppDeps } from '../../worker/src/deps';
import { bookingEvents, bookings, messages } from '../../worker/src/db/schema';
import { type MessageKind } from '../../worker/src/domain/vocabulary';
import { dispatchSms, type DispatchOptions } from '../../worker/src/outbox/dispatch';
import type { JobRun } from '../../worker/src/jobs/scheduled';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { createTestDb, type TestDb } from '../fixtures/db';
import { fixedClock, testConfig, testDeps } from '../fixtures/deps';
import { providerFor, startFakeTwilio, type FakeTwilio } from '../fixtures/fake-twilio';

/** Monday 12 October 2026, 10:00 in Rome (+02:00): outside quiet hours. */
export const NOW = Date.parse('2026-10-12T08:00:00Z');
export const MIN = 60_000;
export const PUBLIC_BASE_URL = 'https://sportello.test';
/** Wednesday 14 October 2026, 10:00 in Rome. */
export const WED_10 = Date.parse('2026-10-14T10:00:00+02:00');

export type SmsWorld = TestDb & {
  fake: FakeTwilio;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  clock: ReturnType<typeof fixedClock>;
  serviceId: string;
  volunteerId: string;
  /** A booking straight into the table; phone defaults to a distinct Italian mobile per booking. */
  booking(o?: Partial<typeof bookings.$inferInsert> & { start?: number }): Promise<{ id: string; phone: string }>;
  /** An outbox row straight into the table, due now unless told otherwise. */
  /** `count` confirmed bookings, each with a waiting confirmation; the messages' ids. */
  confirmations(count: number): Promise<string[]>;
  message(
    bookingId: string,
    kind: MessageKind,
    o?: Partial<typeof messages.$inferInsert>,
  ): Promise<typeof messages.$inferSelect>;
  /** One dispatcher run as of `at` (default: the clock). */
  run(at?: number, opts?: DispatchOptions, deps?: AppDeps): Promise<JobRun>;
  msg(id: string): Promise<typeof messages.$inferSelect>;
  all(): Promise<(typeof messages.$inferSelect)[]>;
  events(bookingId: string): Promise<(typeof bookingEvents.$inferSelect)[]>;
  close(): Promise<void>;
};

let n = 0;

/**
 * A Rome desk with one service and one volunteer, the Twilio provider chosen through SMS_PROVIDER and
 * pointed at a fake Twilio on loopback through TWILIO_API_BASE, the clock at NOW.
 */
export async function smsWorld(
  opts: { desk?: Parameters<typeof givenDesk>[1]; config?: Partial<AppConfig>; env?: Record<string, string> } = {},
): Promise<SmsWorld> {
  const t = await createTestDb();
  await givenDesk(t.db, opts.desk);
  const service = await givenService(t.db);
  const volunteer = await givenVolunteer(t.db);
  const fake = await startFakeTwilio();
  const clock = fixedClock(NOW);
  const config = testConfig({ publicBaseUrl: PUBLIC_BASE_URL, ...opts.config });
  const fetchFn = globalThis.fetch.bind(globalThis);
  const provider = providerFor(fake, fetchFn, config.publicBaseUrl, opts.env);
  const deps = testDeps(t.db, { clock, sms: provider, config, fetch: fetchFn });
  const app = createApp(deps);

  let bookingsMade = 0;
  const world: SmsWorld = {
    ...t,
    fake,
    deps,
    app,
    clock,
    serviceId: service.id,
    volunteerId: volunteer.id,
    async booking(o = {}) {
      const k = ++bookingsMade;
      const phone = o.phone ?? `+39347${String(1000000 + ++n).slice(-7)}`;
      // One volunteer: each booking gets its own two-hour slot so none overlaps.
      const start = o.start ?? WED_10 + k * 2 * 3_600_000;
      const row = await givenBooking(t.db, {
        serviceId: service.id,
        volunteerId: volunteer.id,
        status: 'confirmed',
        ...o,
        start,
        phone,
      });
      return { id: row.id, phone };
    },
    async confirmations(count) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push((await world.message((await world.booking()).id, 'confirmation')).id);
      return ids;
    },
    async message(bookingId, kind, o = {}) {
      const [b] = await t.db.select().from(bookings).where(eq(bookings.id, bookingId));
      const row = {
        id: `msg-${++n}`,
        bookingId,
        kind,
        seq: 0,
        recipient: b?.phone ?? null,
        language: 'it' as const,
        body: `Sportello Lavoro: ${kind} ${n}. Gestisci: ${PUBLIC_BASE_URL}/m/${b?.manageCode ?? 'x'}`,
        status: 'pending' as const,
        attempts: 0,
        notBefore: NOW,
        createdAt: NOW - 1000 + n,
        updatedAt: NOW,
        ...o,
      };
      await t.db.insert(messages).values(row);
      return (await t.db.select().from(messages).where(eq(messages.id, row.id)))[0]!;
    },
    run: (at, o, d) => dispatchSms(d ?? deps, { cron: '*/10 * * * *', now: at ?? clock.now() }, o),
    msg: async (id) => (await t.db.select().from(messages).where(eq(messages.id, id)))[0]!,
    all: () => t.db.select().from(messages).orderBy(messages.id),
    events: (bookingId) =>
      t.db.select().from(bookingEvents).where(eq(bookingEvents.bookingId, bookingId)).orderBy(bookingEvents.id),
    close: async () => {
      await fake.close();
      t.client.close();
    },
  };
  return world;
}

/** How many times the fake accepted a message with this callback id (our message id). */
export function timesSent(fake: FakeTwilio, messageId: string): number {
  return fake.messages.filter((m) => m.statusCallback?.endsWith(`?m=${messageId}`)).length;
}
