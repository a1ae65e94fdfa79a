import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { adminWorld, errorCode, type AdminWorld } from '../fixtures/admin-bookings-world';
import { parseCalendar } from '../fixtures/ical-helpers';

const T0 = Date.parse('2026-01-10T09:00:00Z');
const NOTE = 'Porta il CV; e la lettera\n"quella nuova"';

/** Three bookings in October: the first volunteer's two (one with needs and a tricky note), the second's one. */
async function october(w: AdminWorld) {
  const mine = await w.confirmed('2026-10-14', '09:00', {
    personName: 'Álvaro Núñez Pérez',
    note: NOTE,
    accessibilityNeeds: 'Sedia a rotelle; ascensore',
    accessibilityConsentAt: T0,
    longAppointment: true,
    interpreterLanguage: 'tigrino',
  });
  const cancelled = await w.confirmed('2026-10-16', '10:00', { personName: 'Zoë Ferrà', status: 'cancelled' });
  const theirs = await w.confirmed('2026-10-14', '09:00', { volunteer: 1, personName: 'Luca Bianchi' });
  // Outside the range asked for.
  await w.confirmed('2026-11-02', '09:00', { personName: 'Fuori Periodo' });
  return { mine, cancelled, theirs };
}

async function csvOf(w: AdminWorld, who: AdminWorld['reception'], query = 'from=2026-10-01&to=2026-10-31') {
  const res = await w.call(who, 'GET', `/bookings/export?${query}&format=csv`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="registro-2026-10-01-2026-10-31.csv"');
  const bytes = new Uint8Array(await res.arrayBuffer());
  // The decoder keeps the mark (a decoder takes it off by default), so the parser sees the file as it is.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { bytes, text, rows: parse(text, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[] };
}

describe('GET /api/admin/bookings/export?format=csv', () => {
  it('writes the register as Italian spreadsheets read it: BOM, semicolons, CRLF, quoted notes, accents intact', async () => {
    const w = await adminWorld();
    await october(w);
    const { bytes, text, rows } = await csvOf(w, w.reception);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const header = text.slice(1, text.indexOf('\r\n'));
    expect(header.split(';')).toEqual([
      'riferimento',
      'data',
      'ora',
      'fine',
      'stato',
      'servizio',
      'modalita',
      'volontario',
      'canale',
      'lingua',
      'nome',
      'telefono',
      'email',
      'nota',
      'nota_staff',
      'cancellazione_tardiva',
      'prossimo_passo',
      'arrivo',
      'bisogni_accessibilita',
      'appuntamento_lungo',
      'interprete',
    ]);
    // Every record ends with CRLF; the note's own line break stays inside its quotes.
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(1 + 3 + 1);
    expect(text).toContain('"Porta il CV; e la lettera\n""quella nuova"""');
    expect(rows.map((r) => r.nome)).toEqual(['Álvaro Núñez Pérez', 'Luca Bianchi', 'Zoë Ferrà']);
    expect(rows[0]).toMatchObject({
      data: '2026-10-14',
      ora: '09:00',
      fine: '10:00',
      stato: 'confirmed',
      nota: NOTE,
      telefono: '+393471234567',
      bisogni_accessibilita: 'Sedia a rotelle; ascensore',
      appuntamento_lungo: '1',
      interprete: 'tigrino',
    });
    expect(rows[2]).toMatchObject({ stato: 'cancelled', bisogni_accessibilita: '' });
  });

  it('gives a volunteer their own bookings only, without accessibility details, and refuses someone else’s', async () => {
    const w = await adminWorld();
    await october(w);
    const { text, rows } = await csvOf(w, w.volunteer);
    expect(rows.map((r) => r.nome)).toEqual(['Álvaro Núñez Pérez', 'Zoë Ferrà']);
    expect(Object.keys(rows[0]!)).not.toContain('bisogni_accessibilita');
    expect(Object.keys(rows[0]!)).not.toContain('interprete');
    expect(text).not.toContain('Sedia a rotelle');
    expect(text).not.toContain('tigrino');
    const other = await w.call(
      w.volunteer,
      'GET',
      `/bookings/export?from=2026-10-01&to=2026-10-31&volunteer=${w.volunteerIds[1]}`,
    );
    expect(other.status).toBe(403);
    // The desk may narrow the register to one volunteer.
    const narrowed = await csvOf(w, w.admin, `from=2026-10-01&to=2026-10-31&volunteer=${w.volunteerIds[1]}`);
    expect(narrowed.rows.map((r) => r.nome)).toEqual(['Luca Bianchi']);
  });

  it('turns a would-be formula into text', async () => {
    const w = await adminWorld();
    await w.confirmed('2026-10-14', '09:00', { personName: '=HYPERLINK("http://x")', note: '+1+cmd' });
    const { rows } = await csvOf(w, w.reception);
    expect(rows[0]).toMatchObject({ nome: `'=HYPERLINK("http://x")`, nota: `'+1+cmd`, telefono: '+393471234567' });
  });

  it('refuses a range longer than 366 days, a reversed one, a bad date or format with 422', async () => {
    const w = await adminWorld();
    for (const [query, field] of [
      ['from=2026-01-01&to=2027-01-02', 'to'],
      ['from=2026-10-31&to=2026-10-01', 'to'],
      ['from=2026-02-30&to=2026-03-01', 'from'],
      ['to=2026-03-01', 'from'],
      ['from=2026-01-01&to=2026-01-31&format=xlsx', 'format'],
    ] as const) {
      const res = await w.call(w.reception, 'GET', `/bookings/export?${query}`);
      expect(res.status, query).toBe(422);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(body.error.code).toBe('invalid_input');
      expect(Object.keys(body.error.fields), query).toContain(field);
    }
    // A leap year's whole year plus nothing: 366 days are fine.
    expect((await w.call(w.reception, 'GET', '/bookings/export?from=2028-01-01&to=2028-12-31')).status).toBe(200);
    expect(await errorCode(await w.call(undefined, 'GET', '/bookings/export?from=2026-10-01&to=2026-10-31'))).toBe(
      'unauthorized',
    );
  });
});

describe('GET /api/admin/bookings/export?format=ics', () => {
  it('is a calendar a parser reads: one event per booking of the range, cancelled ones marked, no needs', async () => {
    const w = await adminWorld();
    const { mine, cancelled, theirs } = await october(w);
    const res = await w.call(w.reception, 'GET', '/bookings/export?from=2026-10-01&to=2026-10-31&format=ics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('registro-2026-10-01-2026-10-31.ics');
    const ics = await res.text();
    const cal = parseCalendar(ics);
    expect(cal.events.map((e) => e.uid).sort()).toEqual(
      [mine, cancelled, theirs].map((id) => `${id}@sportello`).sort(),
    );
    expect(cal.byUid(`${cancelled}@sportello`).status).toBe('CANCELLED');
    const first = cal.byUid(`${mine}@sportello`);
    expect(first.start).toBe(Date.parse('2026-10-14T09:00:00+02:00'));
    expect(first.summary).toContain('Álvaro P.');
    expect(ics).not.toContain('Sedia');
    expect(ics).not.toContain('tigrino');
    expect(ics).not.toContain('+393471234567');
  });

  it('gives a volunteer only their own events', async () => {
    const w = await adminWorld();
    const { mine, cancelled } = await october(w);
    const res = await w.call(w.volunteer, 'GET', '/bookings/export?from=2026-10-01&to=2026-10-31&format=ics');
    expect(res.status).toBe(200);
    const cal = parseCalendar(await res.text());
    expect(cal.events.map((e) => e.uid).sort()).toEqual([mine, cancelled].map((id) => `${id}@sportello`).sort());
  });
});
