import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import worker, { type Env as WorkerEnv } from '../../worker/src/index';

// What a deployer gets wrong on the first day, as the real Worker entry reports it in its log.
const handler: ExportedHandler<WorkerEnv> = worker;
const workerEnv = env as unknown as WorkerEnv;

/** One request through the entry, as the runtime makes it. */
async function request(
  path: string,
  bindings: WorkerEnv,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const ctx = createExecutionContext();
  const req = new Request(`http://x${path}`, init) as Request<unknown, IncomingRequestCfProperties>;
  const res = await handler.fetch!(req, bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** The structured lines written to console.warn while `run` ran. */
async function warned(run: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    await run();
    return warn.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
  } finally {
    warn.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('ALLOWED_ORIGINS in the Worker', () => {
  it('matches an entry copied with a trailing slash and capitals, logs a bad entry once, and each refused origin once', async () => {
    const bindings: WorkerEnv = { ...workerEnv, ALLOWED_ORIGINS: 'https://www.Associazione.it/, www.associazione.it' };
    const preflight = (origin: string) =>
      request('/api/public/requests', bindings, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
    const lines = await warned(async () => {
      const ok = await preflight('https://www.associazione.it');
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://www.associazione.it');
      const desk = await request('/api/public/desk', bindings, { headers: { Origin: 'https://www.associazione.it' } });
      expect(desk.headers.get('access-control-allow-origin')).toBe('https://www.associazione.it');
      for (let i = 0; i < 3; i++) {
        const refused = await request('/api/public/desk', bindings, {
          headers: { Origin: 'https://elsewhere.example' },
        });
        expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      }
      expect((await preflight('https://another.example')).headers.get('access-control-allow-origin')).toBeNull();
    });
    expect(lines).toEqual([
      {
        level: 'warn',
        event: 'allowed_origins_invalid',
        entry: 'www.associazione.it',
        problem: 'no scheme: write https://www.associazione.it',
      },
      { level: 'warn', event: 'origin_refused', origin: 'https://elsewhere.example' },
      { level: 'warn', event: 'origin_refused', origin: 'https://another.example' },
    ]);
  });

  it('says once when ALLOWED_ORIGINS is still the example from wrangler.toml', async () => {
    const bindings: WorkerEnv = { ...workerEnv, ALLOWED_ORIGINS: 'https://www.example.org' };
    const events = await warned(async () => {
      await request('/api/health', bindings);
      await request('/api/health', bindings);
    });
    expect(events.map((l) => l.event)).toEqual(['allowed_origins_example']);
  });
});

describe('a database the Worker cannot use', () => {
  it('a missing token: /api/health answers 503 and the log names the cause, not the SQL', async () => {
    const bindings: WorkerEnv = { ...workerEnv, TURSO_DATABASE_URL: inject('authSqldUrl'), ALLOWED_ORIGINS: '*' };
    const lines = await warned(async () => {
      const health = await request('/api/health', bindings);
      expect(health.status).toBe(503);
      const desk = await request('/api/public/desk', bindings);
      expect(desk.status).toBe(503);
    });
    expect(lines).toEqual([
      expect.objectContaining({
        event: 'health_database_unreachable',
        cause: 'authentication failed (HTTP 401): check TURSO_AUTH_TOKEN',
      }),
      expect.objectContaining({
        event: 'database_unavailable',
        cause: 'authentication failed (HTTP 401): check TURSO_AUTH_TOKEN',
      }),
    ]);
  });

  it('https:// to a local server without TLS: the log points at the URL', async () => {
    const url = inject('authSqldUrl').replace('http:', 'https:');
    const bindings: WorkerEnv = { ...workerEnv, TURSO_DATABASE_URL: url, ALLOWED_ORIGINS: '*' };
    const lines = await warned(async () => {
      expect((await request('/api/health', bindings)).status).toBe(503);
      // A public route says "try again shortly", not 500: the fetch itself failed.
      const desk = await request('/api/public/desk', bindings);
      expect(desk.status).toBe(503);
      expect(desk.headers.get('retry-after')).toBe('2');
    });
    const host = new URL(url).host;
    const cause = `cannot reach the database at ${host}: check TURSO_DATABASE_URL; for a local server use http://`;
    expect(lines).toEqual([
      expect.objectContaining({ event: 'health_database_unreachable', cause }),
      expect.objectContaining({ event: 'database_unavailable', cause }),
    ]);
  });
});
