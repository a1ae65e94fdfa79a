import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { localToday, plusDays } from './local-date';
import { SEED } from './seed-ids';

// The Worker keeps computed answers in the Cache API (caches.default), under the deployment's own origin.

interface AvailabilityBody {
  days: { date: string; slots: { start: string }[] }[];
}

/** Days well after the other files' bookings (they book within the coming week), so their writes only move the version. */
function query() {
  const day = plusDays(localToday(Date.now(), 'Europe/Rome'), 12);
  return `service=${SEED.serviceId}&mode=in_person&from=${day}&to=${day}`;
}

const availability = (q: string, headers: Record<string, string> = {}) =>
  SELF.fetch(`http://x/api/public/availability?${q}`, { headers });

/** The stored copy of `q`'s answer; the Worker stores it after answering (waitUntil), so wait a little for it. */
async function keptCopy(q: string): Promise<Response | undefined> {
  const cache = (caches as unknown as { default: Cache }).default;
  const p = new URLSearchParams(q);
  const key = new URLSearchParams({
    service: p.get('service')!,
    mode: p.get('mode')!,
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
  });
  for (let i = 0; i < 50; i++) {
    const found = await cache.match(`https://sportello.test/__answers/availability?${key}`);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

describe('public availability in workerd: ETag, 304 and the Cache API', () => {
  it('stores the computed answer in the Cache API and answers a repeat with 304', async () => {
    const q = query();
    const first = await availability(q);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"av1\./);
    const body = await first.text();

    const kept = await keptCopy(q);
    expect(kept, 'a copy in caches.default').toBeDefined();
    expect(await kept!.text()).toBe(body);

    const repeat = await availability(q, { 'If-None-Match': etag! });
    expect(repeat.status).toBe(304);
    expect(repeat.headers.get('etag')).toBe(etag);
    const again = await availability(q);
    expect([again.status, again.headers.get('etag'), await again.text()]).toEqual([200, etag, body]);
  });

  it('a request for a slot changes the next answer: no stale 304, no stale copy', async () => {
    const q = query();
    const first = await availability(q);
    const etag = first.headers.get('etag')!;
    const slot = ((await first.json()) as AvailabilityBody).days[0]!.slots[0]!.start;
    await keptCopy(q);

    const post = await SELF.fetch('http://x/api/public/requests', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'cf-connecting-ip': '192.0.2.161' },
      body: JSON.stringify({
        service: SEED.serviceId,
        mode: 'in_person',
        start: slot,
        name: 'Anna Verdi',
        phone: '+39 347 555 0161',
        consent: true,
      }),
    });
    expect(post.status, await post.text()).toBe(201);

    const revalidated = await availability(q, { 'If-None-Match': etag });
    expect(revalidated.status).toBe(200);
    expect(revalidated.headers.get('etag')).not.toBe(etag);
    const starts = ((await revalidated.json()) as AvailabilityBody).days.flatMap((d) => d.slots.map((s) => s.start));
    expect(starts).not.toContain(slot);
    const fresh = await availability(q);
    expect(fresh.headers.get('etag')).toBe(revalidated.headers.get('etag'));
  });
});
