import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker, { type Env as WorkerEnv } from '../../worker/src/index';

// Through the ExportedHandler signature, as the runtime calls the entry.
const handler: ExportedHandler<WorkerEnv> = worker;

/** One request through the real entry, with its own execution context, as the runtime makes them. */
async function get(path: string, bindings: WorkerEnv, headers: Record<string, string> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(`http://x${path}`, { headers }) as Request<unknown, IncomingRequestCfProperties>;
  const res = await handler.fetch!(request, bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** The structured log lines written to console.warn while `run` ran, by event name. */
async function warnedEvents(run: () => Promise<void>): Promise<string[]> {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    await run();
    return warn.mock.calls.map(([line]) => (JSON.parse(String(line)) as { event: string }).event);
  } finally {
    warn.mockRestore();
  }
}

const workerEnv = env as unknown as WorkerEnv;

afterEach(() => vi.restoreAllMocks());

describe('Worker entry: built once per isolate', () => {
  it('answers requests without building any router (the app is built once, not per request)', async () => {
    // Mounting routers is what building the app does: createApp mounts six per call.
    const mount = vi.spyOn(Hono.prototype, 'route');
    for (const path of ['/api/public/desk', '/api/health', '/api/public/desk']) {
      expect((await get(path, workerEnv)).status).toBe(200);
    }
    expect(mount).not.toHaveBeenCalled();
  });

  it('reads the configuration once per set of bindings, and anew for different ones', async () => {
    // Twilio without credentials: the configuration warns (by variable name) when it is read.
    const twilio: WorkerEnv = { ...workerEnv, SMS_PROVIDER: 'twilio', ALLOWED_ORIGINS: 'https://desk.example' };
    const first = await warnedEvents(async () => {
      await get('/api/health', twilio);
      await get('/api/health', twilio);
    });
    expect(first).toEqual(['sms_provider_config']);

    // Other bindings (another Worker in the same process) are another configuration, not the cached one.
    const other: WorkerEnv = { ...twilio, ALLOWED_ORIGINS: 'https://other.example' };
    const origin = { Origin: 'https://other.example' };
    const again = await warnedEvents(async () => {
      const res = await get('/api/public/desk', other, origin);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://other.example');
    });
    expect(again).toEqual(['sms_provider_config']);
    const back = await get('/api/public/desk', twilio, origin);
    expect(back.headers.get('access-control-allow-origin')).toBeNull();
  });
});
