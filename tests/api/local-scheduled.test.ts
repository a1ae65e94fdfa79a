import { describe, expect, it } from 'vitest';
import type { ScheduledEvent, ScheduledReport } from '../../worker/src/jobs/scheduled';
import { createLocalApp, SCHEDULED_HEADER } from '../../worker/src/node/local-app';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';

// Finding 6: one cross-site <img> GET with a far-future `time` erased the personal data of every booking.

const NOW = Date.parse('2026-10-12T08:00:00Z');
const DAY = 86_400_000;
const BASE = 'http://127.0.0.1:8787';

async function localApp() {
  const { db } = await createTestDb();
  const runs: ScheduledEvent[] = [];
  const app = createLocalApp(testDeps(db, { clock: fixedClock(NOW) }), {
    crons: ['*/10 * * * *'],
    publicDir: '/nonexistent',
    runScheduled: async (event) => {
      runs.push(event);
      return { ...event, ok: true, jobs: {} } as unknown as ScheduledReport;
    },
  });
  return { app, runs };
}

const allowed = { [SCHEDULED_HEADER]: '1' };

describe('/__scheduled in the local runtime', () => {
  it('refuses what a cross-site <img> sends: a plain GET without the header', async () => {
    const { app, runs } = await localApp();
    const res = await app.request(`${BASE}/__scheduled?time=${NOW + 400 * DAY}`, {
      headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Dest': 'image', Referer: 'https://evil.example/' },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    // Without any browser header too: the header is what proves intent.
    expect((await app.request(`${BASE}/__scheduled`)).status).toBe(403);
    expect(runs).toEqual([]);
  });

  it('refuses a cross-site Origin or Sec-Fetch-Site even with the header', async () => {
    const { app, runs } = await localApp();
    for (const headers of [
      { ...allowed, Origin: 'https://evil.example' },
      { ...allowed, Origin: 'null' },
      { ...allowed, 'Sec-Fetch-Site': 'cross-site' },
      { ...allowed, 'Sec-Fetch-Site': 'same-site' },
    ]) {
      const res = await app.request(`${BASE}/__scheduled`, { method: 'POST', headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    expect(runs).toEqual([]);
  });

  it('runs the jobs once with the header, from the same origin or from a command line', async () => {
    const { app, runs } = await localApp();
    const time = NOW + 59 * DAY;
    const res = await app.request(`${BASE}/__scheduled?cron=0%2016%2C17%20*%20*%20*&time=${time}`, {
      headers: { ...allowed, Origin: BASE, 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(res.status).toBe(200);
    expect((await app.request(`${BASE}/__scheduled`, { method: 'POST', headers: allowed })).status).toBe(200);
    expect(runs).toEqual([
      { cron: '0 16,17 * * *', scheduledTime: time },
      { cron: '*/10 * * * *', scheduledTime: NOW },
    ]);
  });

  it('refuses a time more than 60 days from the clock, either way', async () => {
    const { app, runs } = await localApp();
    for (const time of [NOW + 61 * DAY, NOW - 61 * DAY, 99_999_999_999_999]) {
      const res = await app.request(`${BASE}/__scheduled?time=${time}`, { headers: allowed });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { code: string; fields: { time: string } } };
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.fields.time).toMatch(/60 giorni/);
    }
    expect(runs).toEqual([]);
  });
});
