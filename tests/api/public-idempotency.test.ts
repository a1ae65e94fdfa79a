import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bookings } from '../../worker/src/db/schema';
import { postRequest, publicWorld, requestBody } from '../fixtures/public-helpers';

const KEY = 'k3y-of-the-widget-0123456789';

async function bookingsFor(w: Awaited<ReturnType<typeof publicWorld>>) {
  return w.db.select({ id: bookings.id, key: bookings.requestKey }).from(bookings);
}

describe('POST /api/public/requests with an idempotency key (a retry after a lost answer)', () => {
  it('answers a repeated request with the booking already made, and stores one booking', async () => {
    const w = await publicWorld({ volunteers: 2 });
    const first = await postRequest(w.app, requestBody(w.serviceId, { requestKey: KEY }));
    expect(first.status).toBe(201);
    const again = await postRequest(w.app, requestBody(w.serviceId, { requestKey: KEY }));
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect(await bookingsFor(w)).toHaveLength(1);
  });

  it('keeps the retry at two round trips', async () => {
    const w = await publicWorld({ volunteers: 2 });
    await postRequest(w.app, requestBody(w.serviceId, { requestKey: KEY }));
    w.resetRoundTrips();
    expect((await postRequest(w.app, requestBody(w.serviceId, { requestKey: KEY }))).status).toBe(201);
    expect(w.roundTrips()).toBeLessThanOrEqual(2);
  });

  it('returns the original even when the slot is now full and the phone at its limit', async () => {
    // One volunteer: the retry could only collide with its own original.
    const w = await publicWorld({ volunteers: 1, desk: { maxOpenRequestsPerPhone: 1 } });
    const first = await (await postRequest(w.app, requestBody(w.serviceId, { requestKey: KEY }))).json();
    const again = await postRequest(w.app, requestBody(w.serviceId, { requestKey: KEY }));
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(first);
  });

  it('settles two copies sent at once on one booking', async () => {
    const w = await publicWorld({ volunteers: 3 });
    const results = await Promise.all(
      [1, 2, 3].map(() => postRequest(w.app, requestBody(w.serviceId, { requestKey: KEY }))),
    );
    const bodies = await Promise.all(results.map((r) => r.json() as Promise<{ reference: string }>));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(bodies.map((b) => b.reference)).size).toBe(1);
    expect(await bookingsFor(w)).toHaveLength(1);
  });

  it('does not hand a booking to someone else who presents its key with another phone', async () => {
    const w = await publicWorld({ volunteers: 2 });
    const first = (await (await postRequest(w.app, requestBody(w.serviceId, { requestKey: KEY }))).json()) as {
      reference: string;
    };
    const other = await postRequest(w.app, requestBody(w.serviceId, { requestKey: KEY, phone: '333 765 4321' }));
    // Not the first booking: the key clashes, so nothing is stored for the other phone either.
    expect(other.status).toBe(409);
    expect(JSON.stringify(await other.json())).not.toContain(first.reference);
    const rows = await w.db.select().from(bookings).where(eq(bookings.requestKey, KEY));
    expect(rows).toHaveLength(1);
  });

  it('makes separate bookings for different keys', async () => {
    const w = await publicWorld({ volunteers: 2 });
    expect((await postRequest(w.app, requestBody(w.serviceId, { requestKey: `${KEY}-a` }))).status).toBe(201);
    expect((await postRequest(w.app, requestBody(w.serviceId, { requestKey: `${KEY}-b` }))).status).toBe(201);
    expect(await bookingsFor(w)).toHaveLength(2);
  });

  it('refuses a malformed key with a field error', async () => {
    const w = await publicWorld();
    const res = await postRequest(w.app, requestBody(w.serviceId, { requestKey: 'short' }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.requestKey).toBeTruthy();
  });
});
