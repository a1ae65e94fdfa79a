import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeployment, type Deployment } from '../fixtures/deployment';

describe('deployment rehearsal', () => {
  let dep: Deployment;
  beforeAll(async () => {
    dep = await startDeployment();
  }, 120_000);
  afterAll(async () => {
    await dep?.stop();
  });

  it('the bundle answers /api/health after one database round trip, and serves the assets with their headers', async () => {
    const { result, subrequests } = await dep.measure(() => dep.dispatchFetch('/api/health'));
    expect(result.status).toBe(200);
    expect(await result.json()).toEqual({ ok: true });
    expect(subrequests).toEqual({ database: 1, twilio: 0, total: 1 });

    const robots = await dep.dispatchFetch('/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await robots.text()).toContain('Disallow: /m/');
  });
});
