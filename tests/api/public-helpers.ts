import { createApp } from '../../worker/src/app';
import type { AppDeps } from '../../worker/src/deps';
import { givenDesk, givenService, givenShift, givenVolunteer } from '../fixtures/builders';
import { createTestDb, type TestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';

/** Monday 12 October 2026, 10:00 in Rome: two weeks before the clocks go back (Sunday 25 October). */
export const NOW = '2026-10-12T08:00:00Z';
export const WEDNESDAY = 3; // 2026-10-14
export const FRIDAY = 5; // 2026-10-23 (+02:00) and 2026-10-16
export const MONDAY = 1; // 2026-10-26 (+01:00)

export type PublicWorld = TestDb & {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  clock: ReturnType<typeof fixedClock>;
  serviceId: string;
  volunteerIds: string[];
};

/**
 * A desk in Rome with one 60-minute service and `volunteers` volunteers working Wednesday, Friday and
 * Monday 09:00–12:00, no minimum notice and a 60-day horizon.
 */
export async function publicWorld(
  opts: { volunteers?: number; desk?: Parameters<typeof givenDesk>[1]; deps?: Partial<AppDeps> } = {},
): Promise<PublicWorld> {
  const t = await createTestDb();
  await givenDesk(t.db, { minNoticeMinutes: 0, horizonDays: 60, ...opts.desk });
  const service = await givenService(t.db, { durationMinutes: 60 });
  const volunteerIds: string[] = [];
  for (let i = 0; i < (opts.volunteers ?? 1); i++) {
    const v = await givenVolunteer(t.db, { displayName: `Volontario ${i + 1}` });
    volunteerIds.push(v.id);
    for (const wd of [WEDNESDAY, FRIDAY, MONDAY]) await givenShift(t.db, v.id, wd, '09:00', '12:00');
  }
  const clock = fixedClock(NOW);
  const deps = testDeps(t.db, { clock, ...opts.deps });
  const app = createApp(deps);
  t.resetRoundTrips();
  return { ...t, app, deps, clock, serviceId: service.id, volunteerIds };
}

/** A valid request body for `start`; override any field. */
export function requestBody(serviceId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    service: serviceId,
    mode: 'in_person',
    start: '2026-10-14T10:00:00+02:00',
    name: 'Maria Rossi',
    phone: '347 123 4567',
    consent: true,
    ...overrides,
  };
}

export function postRequest(
  app: PublicWorld['app'],
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.request('/api/public/requests', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'cf-connecting-ip': '203.0.113.7', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}
