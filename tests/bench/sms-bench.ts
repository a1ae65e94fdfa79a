/**
 * The SMS figures for npm run bench: one cron run at 18:00 in Rome that prepares 1,000 reminders for
 * tomorrow's confirmed bookings and dispatches them to the fake Twilio on loopback, with the per-run cap
 * lifted. Reports wall time and database round trips of that run.
 */
import { performance } from 'node:perf_hooks';
import { createClient } from '@libsql/client';
import { countRoundTrips, createDb } from '../../worker/src/db/client';
import { bookings, deskSettings, messages, services, volunteers } from '../../worker/src/db/schema';
import { localToInstant } from '../../worker/src/domain/time';
import { CLAIM_BATCH } from '../../worker/src/outbox/dispatch';
import { runScheduled } from '../../worker/src/jobs/scheduled';
import { applyMigrations } from '../../worker/src/node/migrate';
import { fixedClock, testConfig, testDeps } from '../fixtures/deps';
import { startFakeTwilio, twilioProviderFor } from '../fixtures/fake-twilio';
import { sql } from 'drizzle-orm';

const REMINDERS = 1000;
const VOLUNTEERS = 50;
const TZ = 'Europe/Rome';
/** Tuesday 13 October 2026, 18:00 in Rome: the reminder run for Wednesday. */
const RUN_AT = localToInstant('2026-10-13', 18 * 60, TZ);
const TOMORROW = '2026-10-14';

export interface SmsFigures {
  reminders_1000_ms: number;
  reminders_1000_roundtrips: number;
  reminders_1000_sent: number;
  reminders_1000_batches: number;
  /** The same run with a provider that answers in-process: the database and our code alone. */
  reminders_1000_ms_without_http: number;
}

/** A database with a Rome desk and 1,000 bookings for tomorrow, confirmed two days ago. */
async function reminderDataset() {
  const raw = createClient({ url: ':memory:' });
  const counted = countRoundTrips(raw);
  const db = createDb(counted.client);
  await applyMigrations(db);
  const t0 = RUN_AT - 3 * 86_400_000;
  await db.insert(deskSettings).values({
    id: 1,
    name: 'Sportello Lavoro',
    address: 'Via Bertoni 4',
    city: 'Roma',
    timeZone: TZ,
    phone: '+39 06 1234 5678',
    // A desk that texts 1,000 people in one evening has raised its caps (defaults: 60 an hour, 500 a month).
    smsPerDeskHourly: 10_000,
    smsMonthlyBudget: 10_000,
    updatedAt: t0,
  });
  await db
    .insert(services)
    .values({ id: 'svc', nameIt: 'Revisione CV', nameEn: 'CV review', durationMinutes: 30, createdAt: t0 });
  await db
    .insert(volunteers)
    .values(
      Array.from({ length: VOLUNTEERS }, (_, i) => ({ id: `vol-${i}`, displayName: `Volontario ${i}`, createdAt: t0 })),
    );
  // 20 half-hour appointments per volunteer, 08:00–18:00 tomorrow, all confirmed two days ago.
  const rows = Array.from({ length: REMINDERS }, (_, i) => {
    const v = i % VOLUNTEERS;
    const slot = Math.floor(i / VOLUNTEERS);
    const minute = 8 * 60 + slot * 30;
    const startAt = localToInstant(TOMORROW, minute, TZ);
    return {
      id: `bk-${i}`,
      reference: `R${String(i).padStart(6, '0')}`,
      manageCode: `code-${i}-0123456789abcdef`,
      serviceId: 'svc',
      mode: 'in_person' as const,
      volunteerId: `vol-${v}`,
      startAt,
      endAt: startAt + 30 * 60_000,
      localDate: TOMORROW,
      localTime: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
      status: 'confirmed' as const,
      channel: 'widget' as const,
      language: i % 5 === 0 ? ('en' as const) : ('it' as const),
      personName: 'Persona Prova',
      phone: `+39347${String(1000000 + i)}`,
      consentAt: t0,
      confirmedAt: t0,
      createdAt: t0,
      updatedAt: t0,
    };
  });
  for (let i = 0; i < rows.length; i += 100) await db.insert(bookings).values(rows.slice(i, i + 100));
  return { raw, counted, db };
}

const config = testConfig({ publicBaseUrl: 'https://sportello.test', smsMaxPerRun: 1_000_000 });

/** The run with an SMS provider that accepts at once, without HTTP: where our own time goes. */
async function withoutHttp(): Promise<number> {
  const { raw, db } = await reminderDataset();
  let n = 0;
  const sms = { name: 'instant', send: async () => ({ ok: true as const, providerId: `p${++n}` }) };
  const deps = testDeps(db, { clock: fixedClock(RUN_AT), sms, config });
  const started = performance.now();
  await runScheduled(deps, { cron: '0 16,17 * * *', scheduledTime: RUN_AT });
  const ms = performance.now() - started;
  raw.close();
  if (n !== REMINDERS) throw new Error(`instant provider got ${n} messages`);
  return ms;
}

/** Measures one 18:00 cron run preparing and sending 1,000 reminders. */
export async function smsFigures(log: (s: string) => void): Promise<SmsFigures> {
  const { raw, counted, db } = await reminderDataset();
  const fake = await startFakeTwilio();
  try {
    const fetchFn = globalThis.fetch.bind(globalThis);
    const provider = twilioProviderFor(fake, { publicBaseUrl: config.publicBaseUrl, fetch: fetchFn });
    const deps = testDeps(db, { clock: fixedClock(RUN_AT), sms: provider, config, fetch: fetchFn });

    counted.reset();
    const started = performance.now();
    const report = await runScheduled(deps, { cron: '0 16,17 * * *', scheduledTime: RUN_AT });
    const ms = performance.now() - started;
    const roundTrips = counted.count();

    const [sentRow] = await db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM ${messages} WHERE status = 'sent' AND kind = 'reminder'`,
    );
    const sent = sentRow?.n ?? 0;
    const distinct = new Set(fake.messages.map((m) => m.to)).size;
    if (!report.ok || sent !== REMINDERS || fake.messages.length !== REMINDERS || distinct !== REMINDERS) {
      log(`  SMS run incomplete: ok=${report.ok} sent=${sent} at fake=${fake.messages.length} distinct=${distinct}`);
    }
    const batches = Math.ceil(REMINDERS / CLAIM_BATCH);
    const bare = await withoutHttp();
    log(
      `reminders: one 18:00 cron run queued and sent ${sent} reminders to the fake Twilio in ${Math.round(ms)} ms; ` +
        `db round trips ${roundTrips} (${batches} dispatch batches of ${CLAIM_BATCH}; jobs: ${JSON.stringify(
          Object.fromEntries(Object.entries(report.jobs).map(([k, v]) => [k, v.ok ? v.counts : 'failed'])),
        )})`,
    );
    log(
      `  the same run with an in-process provider (no HTTP): ${Math.round(bare)} ms; the rest is Node's fetch and the fake's HTTP on loopback`,
    );
    return {
      reminders_1000_ms: Math.round(ms),
      reminders_1000_roundtrips: roundTrips,
      reminders_1000_sent: sent,
      reminders_1000_batches: batches,
      reminders_1000_ms_without_http: Math.round(bare),
    };
  } finally {
    await fake.close();
    raw.close();
  }
}
