/**
 * The rules SQL re-states to stay atomic with a write, checked against the pure rules of
 * worker/src/outbox/policy.ts on many generated cases. The fragments run over one-row CTEs named like the
 * tables they read, so any case can be tried without the triggers of the real tables in the way.
 */
import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/src/db/client';
import { BOOKING_STATUSES, MESSAGE_KINDS, OFFER_STATUSES, type OfferStatus } from '../../worker/src/domain/vocabulary';
import { isExtraText, offerWarrants, reminderMoment, wantsReminder, warrants } from '../../worker/src/outbox/policy';
import {
  CONFIRMED_BEFORE_REMINDER_SQL,
  EXTRA_SQL,
  OFFER_WARRANTED_SQL,
  WARRANTED_SQL,
} from '../../worker/src/outbox/store';

const client = createClient({ url: ':memory:' });
const db = createDb(client);
afterAll(() => client.close());

const NOW = Date.parse('2026-10-12T08:00:00Z');
const HOUR = 3_600_000;

/** `VALUES (a), (b), …` of one column. */
const values = (list: readonly (string | number)[]) =>
  sql.join(
    list.map((v) => sql`(${v})`),
    sql`, `,
  );

describe('WARRANTED_SQL', () => {
  it('agrees with warrants() on every combination of kind, status, times, sequence, erasure and body', async () => {
    // Every case at once: a cross join of each dimension, the fragment evaluated per row. Start times
    // around now and lengths of one to three hours bring up "started", "ended" and both boundaries.
    const starts = [-3, -2, -1, 0, 1, 2, 3].map((h) => NOW + h * HOUR);
    const rows = await db.all<{
      kind: (typeof MESSAGE_KINDS)[number];
      seq: number;
      complete: number;
      status: (typeof BOOKING_STATUSES)[number];
      startAt: number;
      endAt: number;
      icalSequence: number;
      erased: number;
      ok: number | null;
    }>(sql`
      WITH kinds(kind) AS (VALUES ${values(MESSAGE_KINDS)}),
        seqs(seq) AS (VALUES ${values([0, 1, 2])}),
        flags(flag) AS (VALUES (0), (1)),
        statuses(status) AS (VALUES ${values(BOOKING_STATUSES)}),
        starts(start_at) AS (VALUES ${values(starts)}),
        lengths(hours) AS (VALUES (1), (2), (3)),
        m AS (SELECT kind, seq, flag AS complete, CASE WHEN flag THEN '+393471234567' END AS recipient,
            CASE WHEN flag THEN 'text' END AS body FROM kinds, seqs, flags),
        b AS (SELECT status, start_at, start_at + hours * ${HOUR} AS end_at, seq AS ical_sequence, flag AS erased,
            CASE WHEN flag THEN ${NOW} END AS erased_at FROM statuses, starts, lengths, seqs, flags)
      SELECT m.kind, m.seq, m.complete, b.status, b.start_at AS startAt, b.end_at AS endAt,
        b.ical_sequence AS icalSequence, b.erased, ${WARRANTED_SQL(NOW)} AS ok
      FROM m, b`);
    expect(rows).toHaveLength(MESSAGE_KINDS.length * 3 * 2 * BOOKING_STATUSES.length * 7 * 3 * 3 * 2);
    let warranted = 0;
    for (const r of rows) {
      const pure = warrants(
        { kind: r.kind, seq: r.seq, complete: r.complete === 1 },
        { status: r.status, startAt: r.startAt, endAt: r.endAt, icalSequence: r.icalSequence, erased: r.erased === 1 },
        NOW,
      );
      if (Boolean(r.ok) !== pure) expect({ ...r, pure }).toBeUndefined();
      if (pure) warranted += 1;
    }
    // Both answers come up often, so agreement is not a matter of everything being refused.
    expect(warranted).toBeGreaterThan(500);
  });
});

describe('OFFER_WARRANTED_SQL', () => {
  it('agrees with offerWarrants() on every offer status, hold end, start and erased text', async () => {
    const around = [-2, -1, 0, 1, 2].map((h) => NOW + h * HOUR);
    const rows = await db.all<{
      complete: number;
      status: OfferStatus;
      holdUntil: number;
      startAt: number;
      ok: number;
    }>(sql`
      WITH statuses(status) AS (VALUES ${values(OFFER_STATUSES)}),
        times(t) AS (VALUES ${values(around)}),
        flags(flag) AS (VALUES (0), (1)),
        m AS (SELECT flag AS complete, CASE WHEN flag THEN '+393471234567' END AS recipient,
            CASE WHEN flag THEN 'text' END AS body FROM flags),
        o AS (SELECT s.status, h.t AS hold_until, st.t AS start_at FROM statuses s, times h, times st)
      SELECT m.complete, o.status, o.hold_until AS holdUntil, o.start_at AS startAt,
        coalesce(${OFFER_WARRANTED_SQL(NOW)}, 0) AS ok
      FROM m, o`);
    expect(rows).toHaveLength(2 * OFFER_STATUSES.length * 25);
    let warranted = 0;
    for (const r of rows) {
      const pure = offerWarrants({ complete: r.complete === 1 }, r, NOW);
      if (Boolean(r.ok) !== pure) expect({ ...r, pure }).toBeUndefined();
      if (pure) warranted += 1;
    }
    expect(warranted).toBeGreaterThan(0);
  });
});

describe('CONFIRMED_BEFORE_REMINDER_SQL', () => {
  it('agrees with wantsReminder(), counting a row without confirmed_at as confirmed when created', async () => {
    const zones = ['Europe/Rome', 'America/New_York', 'Asia/Kolkata'];
    // Dates around both DST changes of 2026 in Europe and America.
    const dates = ['2026-03-08', '2026-03-09', '2026-03-29', '2026-03-30', '2026-10-25', '2026-10-26', '2026-11-02'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...dates),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(...zones),
        fc.integer({ min: -36 * 60, max: 36 * 60 }),
        fc.boolean(),
        async (date, hour, zone, minutesFromMoment, hasConfirmedAt) => {
          const moment = reminderMoment(date, hour, zone);
          // Exactly at the moment and a millisecond either side come up through small offsets.
          const t = moment + minutesFromMoment * 60_000 + (minutesFromMoment % 3) - 1;
          // Older rows have no confirmed_at; then created_at decides. Otherwise created_at is earlier and must not.
          const confirmedAt = hasConfirmedAt ? t : null;
          const createdAt = hasConfirmedAt ? t - HOUR : t;
          const [row] = await db.all<{ ok: number }>(sql`
            WITH bookings(confirmed_at, created_at) AS (VALUES (${confirmedAt}, ${createdAt}))
            SELECT ${CONFIRMED_BEFORE_REMINDER_SQL(moment)} AS ok FROM bookings`);
          expect(Boolean(row?.ok)).toBe(wantsReminder(confirmedAt ?? createdAt, date, hour, zone));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('EXTRA_SQL', () => {
  it('counts no reminder of a plan as an extra text, and an offer as one', () => {
    for (const kind of ['reminder', 'reminder_morning', 'reminder_early'] as const) {
      expect(isExtraText(kind, true), kind).toBe(false);
    }
    expect(isExtraText('waitlist_offer', false)).toBe(true);
  });

  it('agrees with isExtraText() on every kind, confirmed or not', async () => {
    const rows = await db.all<{ kind: (typeof MESSAGE_KINDS)[number]; confirmed: number; extra: number }>(sql`
      WITH m(kind) AS (VALUES ${values(MESSAGE_KINDS)}),
        b(confirmed_at) AS (VALUES (NULL), (${NOW}))
      SELECT m.kind, b.confirmed_at IS NOT NULL AS confirmed, ${EXTRA_SQL('m', 'b')} AS extra FROM m, b`);
    expect(rows).toHaveLength(MESSAGE_KINDS.length * 2);
    for (const r of rows)
      expect(r.extra === 1, `${r.kind} ${r.confirmed}`).toBe(isExtraText(r.kind, r.confirmed === 1));
  });
});
