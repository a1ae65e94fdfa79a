/**
 * waitlist_offer_ms for npm run bench: from a person cancelling on the manage page to the offer SMS
 * reaching the fake Twilio on loopback, in-process (the Node runtime: the engine runs deferred after the
 * answer, then the dispatch it asks for). Twenty people wait; the median of several runs is reported.
 */
import { performance } from 'node:perf_hooks';
import { createApp } from '../../worker/src/app';
import { givenBooking, givenDesk, givenService, givenShift, givenVolunteer } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { deferringDeps, fixedClock, testConfig, testDeps } from '../fixtures/deps';
import { startFakeTwilio, twilioProviderFor } from '../fixtures/fake-twilio';
import { givenWaitlistEntry } from '../fixtures/waitlist';

const RUNS = 7;
const WAITING = 20;
const NOW = '2026-10-12T08:00:00Z';
const START = Date.parse('2026-10-14T10:00:00+02:00');

export interface WaitlistFigures {
  waitlist_offer_ms: number;
}

async function oneRun(fake: Awaited<ReturnType<typeof startFakeTwilio>>): Promise<number> {
  const t = await createTestDb();
  await givenDesk(t.db, { minNoticeMinutes: 0, horizonDays: 60, smsEnabled: true });
  const service = await givenService(t.db, { durationMinutes: 60 });
  const volunteer = await givenVolunteer(t.db);
  await givenShift(t.db, volunteer.id, 3, '09:00', '12:00');
  for (let i = 0; i < WAITING; i++) {
    await givenWaitlistEntry(t.db, { serviceId: service.id, from: '2026-10-13', to: '2026-10-16' });
  }
  const b = await givenBooking(t.db, { serviceId: service.id, volunteerId: volunteer.id, start: START });
  const config = testConfig();
  const fetchFn = globalThis.fetch.bind(globalThis);
  const sms = twilioProviderFor(fake, { publicBaseUrl: config.publicBaseUrl, fetch: fetchFn });
  const work: Promise<unknown>[] = [];
  const deps = deferringDeps(testDeps(t.db, { clock: fixedClock(NOW), sms, config, fetch: fetchFn }), (p) =>
    work.push(p),
  );
  const app = createApp(deps);
  const before = fake.messages.length;
  const started = performance.now();
  const res = await app.request(`/m/${b.manageCode}/cancel`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'confirm=yes',
  });
  if (res.status >= 400) throw new Error(`cancel answered ${res.status}`);
  // Deferred work queues more deferred work (the engine asks for a dispatch): wait until it settles.
  while (!fake.messages.slice(before).some((m) => m.body.includes('/w/'))) {
    if (work.length === 0) throw new Error('no offer SMS reached the provider');
    await Promise.all(work.splice(0));
  }
  const ms = performance.now() - started;
  t.client.close();
  return ms;
}

/** Measures the time from a cancellation to the first person's offer SMS at the fake provider. */
export async function waitlistFigures(log: (s: string) => void): Promise<WaitlistFigures> {
  const fake = await startFakeTwilio();
  try {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await oneRun(fake));
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    log(`  waitlist offer: median ${median.toFixed(1)} ms over ${RUNS} runs (cancel → offer SMS at the fake)`);
    return { waitlist_offer_ms: Math.round(median * 10) / 10 };
  } finally {
    await fake.close();
  }
}
