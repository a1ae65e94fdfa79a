import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { givenBooking, givenService } from '../fixtures/builders';
import { adminWorld, at, errorCode, type AdminWorld } from '../fixtures/admin-bookings-world';

const MARIA = '+393471234567';
const AHMED = '+393401112222';
const T0 = Date.parse('2026-01-10T09:00:00Z');

interface Figures {
  bookings: number;
  attended: number;
  noShows: number;
  cancellations: number;
  lateCancellations: number;
}
interface MonthBody extends Figures {
  month: string;
  byService: ({ id: string; name: string } & Figures)[];
  byMode: ({ mode: string } & Figures)[];
  byChannel: ({ channel: string } & Figures)[];
  byLanguage: ({ language: string } & Figures)[];
  byPerson: ({ person: string } & Figures)[];
  followUps: Figures;
}
interface ReportBody {
  from: string;
  to: string;
  months: MonthBody[];
  years: ({ year: string; months: number } & Omit<MonthBody, 'month'>)[];
}

async function report(w: AdminWorld, query: string): Promise<ReportBody> {
  const res = await w.call(w.reception, 'GET', `/reports?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ReportBody;
}

/** A booking dated at a Rome wall-clock time, written straight to the table (the triggers still count it). */
function book(
  w: AdminWorld,
  date: string,
  hhmm: string,
  extra: Parameters<typeof givenBooking>[1] extends infer B ? Partial<B> : never,
) {
  return givenBooking(w.db, {
    serviceId: w.serviceId,
    volunteerId: w.volunteerIds[0]!,
    start: at(date, hhmm),
    localDate: date,
    localTime: hhmm,
    createdAt: T0,
    ...extra,
  });
}

const figures = (bookings: number, attended: number, noShows: number, cancellations: number, late: number) => ({
  bookings,
  attended,
  noShows,
  cancellations,
  lateCancellations: late,
});

/** September 2026: nine rows, six of them appointments, and one October appointment beside them. */
async function september(w: AdminWorld) {
  const orientation = await givenService(w.db, { nameIt: 'Orientamento', nameEn: 'Guidance' });
  const first = await book(w, '2026-09-02', '09:00', { status: 'attended', phone: MARIA, createdAt: T0 });
  await book(w, '2026-09-16', '09:00', {
    status: 'attended',
    phone: MARIA,
    serviceId: orientation.id,
    mode: 'remote',
    channel: 'reception',
    followUpOf: first.id,
    createdAt: T0 + 1000,
  });
  await book(w, '2026-09-04', '10:00', { status: 'no_show', phone: AHMED, language: 'ar' });
  await book(w, '2026-09-07', '10:00', { status: 'cancelled', lateCancellation: true, phone: '+393402223333' });
  await book(w, '2026-09-09', '11:00', { status: 'cancelled', phone: '+393403334444', channel: 'walk_in' });
  await book(w, '2026-09-11', '11:00', { status: 'confirmed', phone: null, phoneKind: 'none', channel: 'reception' });
  // Requests too: a refused one, a lapsed one, one still waiting. A booking counts whatever became of it.
  await book(w, '2026-09-14', '11:00', { status: 'rejected', phone: '+393405556666' });
  await book(w, '2026-09-18', '11:00', { status: 'expired', phone: '+393405556666' });
  await book(w, '2026-09-21', '11:00', { status: 'requested', phone: '+393407778888' });
  await book(w, '2026-10-05', '09:00', { status: 'attended', phone: MARIA, createdAt: T0 + 2000 });
  return { orientation };
}

describe('GET /api/admin/reports', () => {
  it("counts a month's appointments by outcome, service, mode, channel, language, person and follow-up", async () => {
    const w = await adminWorld();
    const { orientation } = await september(w);
    const body = await report(w, 'from=2026-09&to=2026-10');
    expect(body.from).toBe('2026-09');
    expect(body.months.map((m) => m.month)).toEqual(['2026-09', '2026-10']);
    const sep = body.months[0]!;
    expect(sep).toMatchObject(figures(9, 2, 1, 2, 1));
    expect(sep.byService).toEqual([
      // By name: Orientamento, then Revisione CV.
      { id: orientation.id, name: 'Orientamento', ...figures(1, 1, 0, 0, 0) },
      { id: w.serviceId, name: 'Revisione CV', ...figures(8, 1, 1, 2, 1) },
    ]);
    expect(sep.byMode).toEqual([
      { mode: 'in_person', ...figures(8, 1, 1, 2, 1) },
      { mode: 'remote', ...figures(1, 1, 0, 0, 0) },
    ]);
    expect(sep.byChannel).toEqual([
      { channel: 'reception', ...figures(2, 1, 0, 0, 0) },
      { channel: 'walk_in', ...figures(1, 0, 0, 1, 0) },
      { channel: 'widget', ...figures(6, 1, 1, 1, 1) },
    ]);
    expect(sep.byLanguage).toEqual([
      { language: 'ar', ...figures(1, 0, 1, 0, 0) },
      { language: 'it', ...figures(8, 2, 0, 2, 1) },
    ]);
    // Maria's second booking is her return; the booking without a number cannot tell.
    expect(sep.byPerson).toEqual([
      { person: 'new', ...figures(7, 1, 1, 2, 1) },
      { person: 'returning', ...figures(1, 1, 0, 0, 0) },
      { person: 'unknown', ...figures(1, 0, 0, 0, 0) },
    ]);
    expect(sep.followUps).toEqual(figures(1, 1, 0, 0, 0));
    expect(body.months[1]).toMatchObject({ ...figures(1, 1, 0, 0, 0), byPerson: [{ person: 'returning' }] });
    expect(body.years).toEqual([expect.objectContaining({ year: '2026', months: 2, ...figures(10, 3, 1, 2, 1) })]);
  });

  it('decides new or returning once, from bookings made earlier, even when history is written out of order', async () => {
    const w = await adminWorld();
    const later = await book(w, '2026-09-16', '09:00', { status: 'attended', createdAt: T0 + 5000 });
    const earlier = await book(w, '2026-09-02', '09:00', { status: 'attended', createdAt: T0 });
    const refused = await book(w, '2026-09-03', '09:00', { status: 'rejected', phone: AHMED, createdAt: T0 });
    const afterRefusal = await book(w, '2026-09-04', '09:00', { status: 'attended', phone: AHMED, createdAt: T0 + 1 });
    // Written second, but made first: not a return. The later one was decided when it was written, alone.
    expect((await w.row(earlier.id)).returningPerson).toBe(false);
    expect((await w.row(later.id)).returningPerson).toBe(false);
    const third = await book(w, '2026-09-30', '09:00', { status: 'confirmed', createdAt: T0 + 9000 });
    expect((await w.row(third.id)).returningPerson).toBe(true);
    expect((await w.row(refused.id)).returningPerson).toBe(false);
    // A refused request is no visit: the next booking is still a new person's.
    expect((await w.row(afterRefusal.id)).returningPerson).toBe(false);
    // Decided once: erasing the earlier bookings' number does not make the third one new again.
    await w.db.run(sql`UPDATE bookings SET phone = NULL WHERE id IN (${earlier.id}, ${later.id})`);
    expect((await w.row(third.id)).returningPerson).toBe(true);
  });

  it('counts a follow-up booked from an attended meeting, and as held once it is marked attended', async () => {
    const w = await adminWorld();
    const source = await w.confirmed('2026-10-12', '09:00', { status: 'attended', phone: MARIA });
    const made = await w.call(w.reception, 'POST', `/bookings/${source}/follow-up`, {
      service: w.serviceId,
      mode: 'in_person',
      volunteerId: w.volunteerIds[0],
      start: at('2026-10-14', '10:00'),
    });
    expect(made.status).toBe(201);
    const [followUp] = ((await made.json()) as { bookings: { id: string }[] }).bookings;
    let october = (await report(w, 'from=2026-10&to=2026-10')).months[0]!;
    expect(october.followUps).toEqual(figures(1, 0, 0, 0, 0));
    expect(october.byPerson).toEqual([
      { person: 'new', ...figures(1, 1, 0, 0, 0) },
      { person: 'returning', ...figures(1, 0, 0, 0, 0) },
    ]);
    await w.travel('2026-10-14T09:30:00Z');
    const marked = await w.call(w.reception, 'POST', `/bookings/${followUp!.id}/attendance`, { outcome: 'attended' });
    expect(marked.status).toBe(200);
    october = (await report(w, 'from=2026-10&to=2026-10')).months[0]!;
    expect(october.followUps).toEqual(figures(1, 1, 0, 0, 0));
    expect(october).toMatchObject(figures(2, 2, 0, 0, 0));
  });

  it('lists every month of the range, an empty one with zeros, and totals each year apart', async () => {
    const w = await adminWorld();
    await book(w, '2025-12-10', '09:00', { status: 'attended' });
    await book(w, '2026-02-11', '09:00', { status: 'no_show' });
    const body = await report(w, 'from=2025-12&to=2026-02');
    expect(body.months.map((m) => [m.month, m.bookings])).toEqual([
      ['2025-12', 1],
      ['2026-01', 0],
      ['2026-02', 1],
    ]);
    expect(body.months[1]).toMatchObject({ byService: [], byPerson: [], followUps: figures(0, 0, 0, 0, 0) });
    expect(body.years.map((y) => [y.year, y.months, y.attended, y.noShows])).toEqual([
      ['2025', 1, 1, 0],
      ['2026', 2, 0, 1],
    ]);
  });

  it('moves a count to the new month when a booking is rescheduled across months, and follows every later change', async () => {
    const w = await adminWorld();
    const id = await w.confirmed('2026-10-30', '10:00');
    expect((await report(w, 'from=2026-10&to=2026-11')).months.map((m) => m.bookings)).toEqual([1, 0]);
    const moved = await w.call(w.reception, 'POST', `/bookings/${id}/reschedule`, { start: at('2026-11-02', '10:00') });
    expect(moved.status).toBe(200);
    expect((await report(w, 'from=2026-10&to=2026-11')).months.map((m) => m.bookings)).toEqual([0, 1]);
    // A hand-run fix outside the app is counted too: the database keeps the figures.
    await w.db.run(sql`UPDATE bookings SET status = 'cancelled', late_cancellation = 1 WHERE id = ${id}`);
    expect((await report(w, 'from=2026-11&to=2026-11')).months[0]).toMatchObject(figures(1, 0, 0, 1, 1));
    await w.db.run(sql`DELETE FROM booking_events WHERE booking_id = ${id}`);
    await w.db.run(sql`DELETE FROM messages WHERE booking_id = ${id}`);
    await w.db.run(sql`DELETE FROM bookings WHERE id = ${id}`);
    expect((await report(w, 'from=2026-11&to=2026-11')).months[0]).toMatchObject(figures(0, 0, 0, 0, 0));
  });

  it('keeps the counts equal to a recount of the bookings after app writes, and the migration backfills the same', async () => {
    const w = await adminWorld();
    await september(w);
    const request = await w.request('2026-10-14', '09:00');
    expect((await w.call(w.reception, 'POST', `/bookings/${request}/confirm`, {})).status).toBe(200);
    const other = await w.request('2026-10-16', '09:00', { phone: MARIA });
    expect((await w.call(w.reception, 'POST', `/bookings/${other}/reject`, { reason: 'x' })).status).toBe(200);
    const kept = async () =>
      w.db.all(sql`SELECT month, dimension, key, outcome, n FROM report_counts WHERE n > 0 ORDER BY 1, 2, 3, 4`);
    const recount = () =>
      w.db.all(sql`SELECT month, dimension, key, outcome, count(*) AS n FROM report_contributions
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
    const before = await kept();
    expect(before).toEqual(await recount());
    // The migration's own backfill, run again on an emptied table, gives the same rows.
    const migration = readFileSync(new URL('../../drizzle/0017_report_counts.sql', import.meta.url), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((s) => s.includes('INSERT INTO `report_counts`'));
    await w.db.run(sql`DELETE FROM report_counts`);
    await w.client.execute(backfill!);
    expect(await kept()).toEqual(before);
  });

  it('answers the CSV in Italian: a byte-order mark, semicolons, one row per period and group', async () => {
    const w = await adminWorld();
    await september(w);
    const res = await w.call(w.admin, 'GET', '/reports?from=2026-09&to=2026-09&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('rapporto-2026-09-2026-09.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const rows = parse(text, { bom: true, delimiter: ';', columns: true, record_delimiter: '\r\n' }) as Record<
      string,
      string
    >[];
    expect(Object.keys(rows[0]!)).toEqual([
      'periodo',
      'gruppo',
      'chiave',
      'nome',
      'prenotazioni',
      'presenti',
      'assenti',
      'cancellazioni',
      'cancellazioni_tardive',
    ]);
    const total = rows.filter((r) => r.gruppo === 'totale');
    expect(total.map((r) => [r.periodo, r.prenotazioni, r.presenti, r.assenti, r.cancellazioni_tardive])).toEqual([
      ['2026-09', '9', '2', '1', '1'],
      ['2026', '9', '2', '1', '1'],
    ]);
    expect(rows.find((r) => r.gruppo === 'servizio' && r.nome === 'Orientamento')?.presenti).toBe('1');
    expect(rows.find((r) => r.gruppo === 'percorso' && r.periodo === '2026-09')?.presenti).toBe('1');
  });

  it('refuses a malformed or reversed range with 422 and the field named', async () => {
    const w = await adminWorld();
    for (const [query, field] of [
      ['from=2026-9&to=2026-10', 'from'],
      ['from=2026-09', 'to'],
      ['from=2026-10&to=2026-09', 'to'],
      ['from=2016-01&to=2026-12', 'to'],
      ['from=2026-01&to=2026-02&format=xls', 'format'],
    ] as const) {
      const res = await w.call(w.reception, 'GET', `/reports?${query}`);
      expect(res.status, query).toBe(422);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(body.error.code).toBe('invalid_input');
      expect(Object.keys(body.error.fields), query).toContain(field);
    }
    expect(await errorCode(await w.call(w.volunteer, 'GET', '/reports?from=2026-01&to=2026-02'))).toBe('forbidden');
  });
});
