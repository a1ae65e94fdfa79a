import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('Worker entry in workerd', () => {
  it('answers GET /api/health', async () => {
    const res = await SELF.fetch('http://x/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers an unknown path with the JSON error body, not a 5xx', async () => {
    const res = await SELF.fetch('http://x/api/nothing-here', { headers: { 'Accept-Language': 'en' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
