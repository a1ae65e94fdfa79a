import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { createTestDb } from '../fixtures/db';
import { cryptoIds } from '../../worker/src/lib/ids';
import { testDeps } from '../fixtures/deps';

describe('GET /api/health', () => {
  it('answers ok', async () => {
    const { db } = await createTestDb();
    const res = await createApp(testDeps(db)).request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers 503 { ok: false } when the database does not answer', async () => {
    const { db, client } = await createTestDb();
    const app = createApp(testDeps(db));
    client.close();
    const res = await app.request('/api/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false });
  });

  it('answers unknown paths with the error body in the asked language', async () => {
    const { db } = await createTestDb();
    const res = await createApp(testDeps(db)).request('/api/nothing', {
      headers: { 'Accept-Language': 'en-GB,en;q=0.8' },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
  });
});

describe('request ids', () => {
  it('answers every request with the X-Request-Id its log lines carry', async () => {
    const { db } = await createTestDb();
    const app = createApp(testDeps(db, { ids: { ...cryptoIds(), id: () => 'req-123' } }));
    const ok = await app.request('/api/health');
    expect(ok.headers.get('x-request-id')).toBe('req-123');
    const missing = await app.request('/api/nothing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('req-123');
  });
});
