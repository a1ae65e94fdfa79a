/** Finding a person by a fragment of their name or number (`{ q }`), and the name key it relies on. */
import type { Client, InArgs } from '@libsql/client';
import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StaffPrincipal } from '../../worker/src/auth/guard';
import { createApp } from '../../worker/src/app';
import { bookOnBehalf, createRequest } from '../../worker/src/bookings/create';
import type { Db } from '../../worker/src/db/client';
import { deleteExpiredAndListPendingNames, writeNameKeys } from '../../worker/src/db/repo/housekeeping';
import { bookingsByQuery } from '../../worker/src/db/repo/people';
import { bookings } from '../../worker/src/db/schema';
import { readPersonQuery } from '../../worker/src/domain/person-search';
import { housekeeping, NAME_KEY_BACKFILL_LIMIT } from '../../worker/src/jobs/housekeeping';
import { zonedParts } from '../../worker/src/domain/time';
import { adminWorld, at, WED } from '../fixtures/admin-bookings-world';
import { givenBooking, givenDesk, givenService, givenVolunteer } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';
import { jsonHeaders, staffHeaders, type SignedIn } from '../fixtures/staff';

const ROME = 'Europe/Rome';
const NOW = '2026-10-12T08:00:00Z';
const NUNEZ = '+393471234567';
const SAHIN = '+393389876543';
const MULLER = '+40721234567';

let db: Db;
let client: Client;
let app: ReturnType<typeof createApp>;
let serviceId: string;
let volunteerId: string;
let reception: SignedIn;

beforeEach(async () => {
  ({ db, client } = await createTestDb());
  app = createApp(testDeps(db, { clock: fixedClock(NOW) }));
  await givenDesk(db);
  serviceId = (await givenService(db, { nameIt: 'Revisione CV', nameEn: 'CV review' })).id;
  volunteerId = (await givenVolunteer(db, { displayName: 'Giulia' })).id;
  reception = await staffHeaders(app, db, 'reception');
});

let hour = 0;
/** A booking an hour after the previous one (no overlaps), its local date and time Rome's. */
function booking(extra: Partial<typeof bookings.$inferInsert> = {}) {
  const ms = Date.parse('2026-09-01T06:00:00Z') + ++hour * 3_600_000;
  const local = zonedParts(ms, ROME);
  return givenBooking(db, {
    serviceId,
    volunteerId,
    start: ms,
    localDate: local.date,
    localTime: local.time,
    ...extra,
  });
}

interface Found {
  q: string;
  truncated: boolean;
  bookings: { id: string; name: string | null; phone: string | null; status: string; lateCancellation: boolean }[];
}

async function search(q: unknown, session: SignedIn = reception) {
  return app.request('/api/admin/people/search', {
    method: 'POST',
    headers: jsonHeaders(session),
    body: JSON.stringify({ q }),
  });
}

async function found(q: string): Promise<Found> {
  const res = await search(q);
  expect(res.status, q).toBe(200);
  return (await res.json()) as Found;
}

const names = (f: Found) => [...new Set(f.bookings.map((b) => b.name))].sort();

async function givenPeople() {
  const nunez = await booking({ personName: 'José Ñúñez', phone: NUNEZ, status: 'attended' });
  const nunezLate = await booking({
    personName: 'José Ñúñez',
    phone: NUNEZ,
    status: 'cancelled',
    lateCancellation: true,
  });
  const sahin = await booking({ personName: 'Ayşe Şahin', phone: SAHIN, status: 'no_show' });
  const muller = await booking({ personName: 'Jürgen Müller', phone: MULLER });
  const dordevic = await booking({ personName: 'Đorđe Đorđević', phone: '+393331112222' });
  const strasse = await booking({ personName: 'Anna Straße', phone: '+393331113333' });
  return { nunez, nunezLate, sahin, muller, dordevic, strasse };
}

describe('POST /api/admin/people/search with { q }', () => {
  it('finds a name whatever its accents and case, from any part of it', async () => {
    const p = await givenPeople();
    const nunez = await found('nunez');
    expect(names(nunez)).toEqual(['José Ñúñez']);
    // Latest first, each booking with the person's name and number, its outcome and the late flag.
    expect(nunez.bookings.map((b) => [b.id, b.status, b.lateCancellation, b.phone])).toEqual([
      [p.nunezLate.id, 'cancelled', true, NUNEZ],
      [p.nunez.id, 'attended', false, NUNEZ],
    ]);
    expect(nunez.truncated).toBe(false);
    expect(names(await found('ÑÚÑ'))).toEqual(['José Ñúñez']);
    expect(names(await found('jose nu'))).toEqual(['José Ñúñez']);
    expect(names(await found('  SAHIN '))).toEqual(['Ayşe Şahin']);
    expect(names(await found('muller'))).toEqual(['Jürgen Müller']);
    expect(names(await found('dorde dordevic'))).toEqual(['Đorđe Đorđević']);
    expect(names(await found('strasse'))).toEqual(['Anna Straße']);
    expect(names(await found('se'))).toEqual(['Anna Straße', 'Ayşe Şahin', 'José Ñúñez']);
    expect((await found('xyz')).bookings).toEqual([]);
  });

  it('never reads % or _ as wildcards', async () => {
    await givenPeople();
    // As LIKE wildcards, both would find José Ñúñez.
    expect((await found('j%z')).bookings).toEqual([]);
    expect((await found('j_se')).bookings).toEqual([]);
    expect((await found('jose%')).bookings.length).toBe(2);
  });

  it('finds a number by its start as typed at the desk, or by its last digits', async () => {
    await givenPeople();
    expect(names(await found('347 123 4567'))).toEqual(['José Ñúñez']);
    expect(names(await found('347 12'))).toEqual(['José Ñúñez']);
    expect(names(await found('+39 338'))).toEqual(['Ayşe Şahin']);
    expect(names(await found('0039 338-987'))).toEqual(['Ayşe Şahin']);
    // A foreign mobile, read out in its own national form: found by its last digits.
    expect(names(await found('0721 234 567'))).toEqual(['Jürgen Müller']);
    expect(names(await found('234567'))).toEqual(['José Ñúñez', 'Jürgen Müller']);
    expect(names(await found('+40 721'))).toEqual(['Jürgen Müller']);
    expect(names(await found('333 111'))).toEqual(['Anna Straße', 'Đorđe Đorđević']);
    // Fewer than six digits match the start only.
    expect((await found('4567')).bookings).toEqual([]);
  });

  it('reads a number through the phone indexes, never the whole table; a name scans it', async () => {
    const plan = async (q: string) => {
      const { sql: text, params } = bookingsByQuery(db, readPersonQuery(q)!, 51).toSQL();
      const rows = await client.execute({ sql: `EXPLAIN QUERY PLAN ${text}`, args: params as InArgs });
      return rows.rows.map((r) => String(r.detail)).join('\n');
    };
    const byStart = await plan('347 12');
    expect(byStart).toMatch(/SEARCH bookings USING INDEX bookings_phone_status \(phone>\? AND phone<\?\)/);
    const both = await plan('347 123 4567');
    expect(both).toMatch(/MULTI-INDEX OR/);
    expect(both).toMatch(/SEARCH bookings USING INDEX bookings_phone_tail/);
    for (const p of [byStart, both]) expect(p).not.toMatch(/SCAN bookings/);
    expect(await plan('rossi')).toMatch(/SCAN bookings/);
  });

  it('lists at most 50 bookings and says when it cut', async () => {
    for (let i = 0; i < 51; i++)
      await booking({ personName: `Rossi ${i}`, phone: `+3934700000${String(i).padStart(2, '0')}` });
    const many = await found('rossi');
    expect(many.bookings).toHaveLength(50);
    expect(many.truncated).toBe(true);
    expect((await found('rossi 50')).truncated).toBe(false);
  });

  it('never finds an erased person, by name or by number', async () => {
    await givenPeople();
    const erased = await app.request('/api/admin/people/erase', {
      method: 'POST',
      headers: jsonHeaders(reception),
      body: JSON.stringify({ phone: NUNEZ }),
    });
    expect(erased.status).toBe(200);
    expect((await found('nunez')).bookings).toEqual([]);
    expect((await found('347 123')).bookings).toEqual([]);
    const rows = await db
      .select({ nameKey: bookings.nameKey })
      .from(bookings)
      .where(eq(bookings.personName, 'José Ñúñez'));
    expect(rows).toEqual([]);
    const keys = await db
      .select({ key: bookings.nameKey })
      .from(bookings)
      .where(sql`${bookings.erasedAt} IS NOT NULL`);
    expect(keys).toEqual([{ key: null }, { key: null }]);
  });

  it('refuses a text shorter than two characters, or longer than 100, with 422 on q', async () => {
    for (const q of ['', ' a ', 'é', '+', '--', '%%', 'x'.repeat(101), 42, null]) {
      const res = await search(q);
      expect(res.status, JSON.stringify(q)).toBe(422);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.fields.q, JSON.stringify(q)).toBeTruthy();
    }
    const short = (await (await search('a')).json()) as { error: { fields: { q: string } } };
    expect(short.error.fields.q).toBe('Scrivi almeno 2 lettere o cifre.');
  });

  it('is for admin and reception only', async () => {
    await givenPeople();
    const volunteer = await staffHeaders(app, db, 'volunteer', { volunteerId });
    const admin = await staffHeaders(app, db, 'admin');
    expect((await search('nunez', volunteer)).status).toBe(403);
    expect(
      (await app.request('/api/admin/people/search', { method: 'POST', body: JSON.stringify({ q: 'nunez' }) })).status,
    ).toBe(401);
    expect((await search('nunez', admin)).status).toBe(200);
  });
});

describe('bookings.name_key', () => {
  function actor(userId: string): StaffPrincipal {
    return { userId, sessionId: 's', name: 'n', email: 'e@x.it', role: 'reception', volunteerId: null, language: 'it' };
  }

  it('is written by a person’s request and by a staff booking', async () => {
    const w = await adminWorld({ volunteers: 2 });
    const start = Date.parse(at(WED, '10:00'));
    const made = await createRequest(w.deps, {
      request: { name: '  Ayşe   ŞAHİN ', phone: SAHIN, mode: 'in_person', service: w.serviceId, start },
      client: { address: '203.0.113.9', limitKey: '203.0.113.9' },
      language: 'it',
    });
    expect(made.ok).toBe(true);
    const staff = await bookOnBehalf(w.deps, {
      actor: actor(w.reception.user.id),
      booking: {
        name: 'Đorđe Đorđević',
        phone: NUNEZ,
        phoneKind: 'mobile',
        mode: 'in_person',
        service: w.serviceId,
        start,
      },
    });
    expect(staff.ok).toBe(true);
    const rows = await w.db.select({ name: bookings.personName, key: bookings.nameKey }).from(bookings);
    expect(rows.map((r) => r.key).sort()).toEqual(['ayse sahin', 'dorde dordevic']);
  });

  it('is written by housekeeping for rows from before it existed, a bounded number per run', async () => {
    const deps = testDeps(db, { clock: fixedClock(NOW) });
    const total = NAME_KEY_BACKFILL_LIMIT + 3;
    for (let i = 0; i < total; i++) await booking({ personName: `Núñez ${i}`, phone: NUNEZ, nameKey: null });
    const erased = await booking({ personName: null, phone: null, nameKey: null, erasedAt: Date.parse(NOW) });
    expect((await found('nunez')).bookings).toEqual([]);

    const first = await housekeeping(deps, { cron: '*/10 * * * *', now: Date.parse(NOW) });
    expect(first.counts.nameKeysWritten).toBe(NAME_KEY_BACKFILL_LIMIT);
    const second = await housekeeping(deps, { cron: '*/10 * * * *', now: Date.parse(NOW) });
    expect(second.counts.nameKeysWritten).toBe(3);
    const third = await housekeeping(deps, { cron: '*/10 * * * *', now: Date.parse(NOW) });
    expect(third.counts.nameKeysWritten).toBe(0);

    const keys = await db.select({ id: bookings.id, key: bookings.nameKey }).from(bookings);
    expect(keys.filter((k) => k.id !== erased.id).every((k) => /^nunez \d+$/.test(k.key ?? ''))).toBe(true);
    expect(keys.find((k) => k.id === erased.id)?.key).toBeNull();
    expect((await found('nunez 202')).bookings.map((b) => b.name)).toEqual(['Núñez 202']);
  });

  it('the backfill leaves a booking erased between its read and its write', async () => {
    const row = await booking({ personName: 'José Ñúñez', phone: NUNEZ, nameKey: null });
    const listed = await deleteExpiredAndListPendingNames(db, Date.parse(NOW), 0, 10);
    expect(listed.pending).toEqual([{ id: row.id, personName: 'José Ñúñez' }]);
    await db.update(bookings).set({ personName: null, phone: null, erasedAt: 1 }).where(eq(bookings.id, row.id));
    expect(await writeNameKeys(db, listed.pending)).toBe(0);
    expect((await db.select({ key: bookings.nameKey }).from(bookings))[0]?.key).toBeNull();
  });
});
