/**
 * enqueueMessage, the one call a use case makes to put its text in the outbox: the rows it writes in the
 * change's batch, what it supersedes, and that a guard that no longer matches writes nothing.
 */
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { bookings, messages } from '../../worker/src/db/schema';
import { ANNOUNCING_KINDS, enqueueMessage, renderFor, type MessageEvent } from '../../worker/src/outbox/enqueue';
import type { OutboxDesk } from '../../worker/src/outbox/texts';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { createTestDb, type TestDb } from '../fixtures/db';

const NOW = Date.parse('2026-10-12T08:00:00Z');
const START = Date.parse('2026-10-14T08:30:00Z');
const DESK: OutboxDesk = { baseUrl: 'https://sportello.test', timeZone: 'Europe/Rome', address: 'Via Bertoni 4' };

let t: TestDb | undefined;
afterEach(() => {
  t?.client.close();
  t = undefined;
});

async function world() {
  t = await createTestDb();
  const db = t.db;
  await givenDesk(db, { smsEnabled: true });
  const service = await givenService(db);
  const volunteer = await givenVolunteer(db);
  const row = await givenBooking(db, { serviceId: service.id, volunteerId: volunteer.id, start: START });
  const booking = { id: row.id, manageCode: row.manageCode, language: 'it' as const, mode: row.mode, startAt: START };
  const waiting = ANNOUNCING_KINDS.map((kind, i) => ({
    id: `m-${kind}`,
    bookingId: row.id,
    kind,
    seq: 0,
    recipient: row.phone,
    language: 'it' as const,
    body: `waiting ${i}`,
    status: 'pending' as const,
    attempts: 0,
    notBefore: NOW,
    createdAt: NOW - 1000,
    updatedAt: NOW - 1000,
  }));
  /** Runs the statements of `event` as the change's batch would; the booking's messages afterwards. */
  async function enqueue(event: MessageEvent, guard = sql`${bookings.id} = ${row.id}`) {
    const [first, ...rest] = enqueueMessage(db, { event, booking, desk: DESK, now: NOW, guard });
    await db.batch([first!, ...rest]);
    return db.select().from(messages).where(eq(messages.bookingId, row.id)).orderBy(messages.createdAt, messages.kind);
  }
  return { db, booking, waiting, enqueue };
}

describe('enqueueMessage', () => {
  it('writes a confirmation rendered in the booking language, to the booking phone', async () => {
    const w = await world();
    const rows = await w.enqueue({ kind: 'confirmation' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'confirmation',
      seq: 0,
      status: 'pending',
      recipient: '+393471234567',
      notBefore: NOW,
      body: renderFor('confirmation', { desk: DESK, booking: w.booking }),
    });
  });

  it("acknowledges a person's cancellation and withdraws the texts that announced the appointment", async () => {
    const w = await world();
    await w.db.insert(messages).values(w.waiting);
    const rows = await w.enqueue({ kind: 'cancellation', by: 'person' });
    const fresh = rows.find((r) => !r.id.startsWith('m-'));
    expect(fresh).toMatchObject({
      kind: 'cancellation',
      body: renderFor('cancellation_ack', { desk: DESK, booking: w.booking }),
    });
    for (const r of rows.filter((x) => x.id.startsWith('m-'))) {
      expect(r).toMatchObject({ status: 'cancelled', errorCode: 'superseded' });
    }
  });

  it('tells of a move of a confirmed booking at its next sequence, and of a request only when confirmed', async () => {
    const w = await world();
    const moved = START + 86_400_000;
    const rows = await w.enqueue({ kind: 'reschedule', startAt: moved, wasConfirmed: true });
    expect(rows).toEqual([
      expect.objectContaining({
        kind: 'reschedule',
        seq: 1,
        body: renderFor('reschedule', { desk: DESK, booking: w.booking }, { startAt: moved }),
      }),
    ]);

    const again = await world();
    await again.db.insert(messages).values(again.waiting);
    const after = await again.enqueue({ kind: 'reschedule', startAt: moved, wasConfirmed: false });
    expect(after.every((r) => r.status === 'cancelled')).toBe(true);
  });

  it('writes nothing when the guard no longer matches the booking', async () => {
    const w = await world();
    await w.db.insert(messages).values(w.waiting);
    const rows = await w.enqueue({ kind: 'cancellation', by: 'desk' }, sql`${bookings.status} = 'cancelled'`);
    expect(rows.map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
  });
});
