import type { Client, InStatement } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../worker/src/app';
import { createDb } from '../../worker/src/db/client';
import { localToInstant } from '../../worker/src/domain/time';
import { runScheduled } from '../../worker/src/jobs/scheduled';
import { givenBooking, givenDesk, givenService, givenShift, givenVolunteer } from '../fixtures/builders';
import { createTestDb } from '../fixtures/db';
import { fixedClock, testDeps } from '../fixtures/deps';
import { postRequest, requestBody } from '../fixtures/public-helpers';
import { staffCall, staffHeaders } from '../fixtures/staff';

/** Every statement a client is asked to run, with its arguments, in order. */
function recording(client: Client): { client: Client; statements: { sql: string; args: unknown }[] } {
  const statements: { sql: string; args: unknown }[] = [];
  const note = (s: InStatement) =>
    statements.push(typeof s === 'string' ? { sql: s, args: [] } : { sql: s.sql, args: s.args ?? [] });
  const wrapped = new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'execute')
        return (s: InStatement, args?: unknown) => {
          note(typeof s === 'string' && args ? { sql: s, args: args as never } : s);
          return target.execute(s as never, args as never);
        };
      if (prop === 'batch')
        return (list: InStatement[], mode?: unknown) => {
          list.forEach(note);
          return target.batch(list, mode as never);
        };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { client: wrapped, statements };
}

/** The plan's name for bookings and messages in `sql`: the table's own, or an alias given to it. */
function watchedNames(sql: string): string[] {
  const names = ['bookings', 'messages'];
  for (const m of sql.matchAll(/\b(?:bookings|messages)"?\s+(?:as\s+)?"?(\w+)"?/gi)) {
    const alias = m[1]!;
    if (!/^(where|on|set|left|inner|join|order|group|limit|values|select|using|natural|cross)$/i.test(alias))
      names.push(alias);
  }
  return names;
}

/**
 * A plan line that reads a whole table of these: a SCAN of the table or of a full index. A SCAN of a partial
 * index reads only the rows its WHERE keeps (e.g. bookings whose name key is still to be filled in).
 */
function isFullScan(detail: string, names: string[], partialIndexes: Set<string>): boolean {
  const m = /^SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+)( \()?)?/.exec(detail);
  if (!m || !names.includes(m[1]!)) return false;
  if (m[3]) return false;
  return !(m[2] && partialIndexes.has(m[2]));
}

describe('query plans of the hot paths', () => {
  it('reads bookings and messages through indexes on every query of availability, requests, the desk, the manage page and the cron', async () => {
    const t = await createTestDb();
    await givenDesk(t.db, { minNoticeMinutes: 0, horizonDays: 60 });
    const service = await givenService(t.db, { durationMinutes: 60 });
    const volunteer = await givenVolunteer(t.db, { displayName: 'Giulia' });
    for (const wd of [1, 2, 3, 4, 5]) await givenShift(t.db, volunteer.id, wd, '09:00', '12:00');
    // Some history and a booking tomorrow (a reminder to prepare and send at 18:00).
    for (let d = 1; d <= 20; d++) {
      const start = Date.parse('2026-09-01T07:00:00Z') + d * 86_400_000;
      await givenBooking(t.db, { serviceId: service.id, volunteerId: volunteer.id, start, status: 'attended' });
    }
    await givenBooking(t.db, {
      serviceId: service.id,
      volunteerId: volunteer.id,
      start: localToInstant('2026-10-13', 11 * 60, 'Europe/Rome'),
      localDate: '2026-10-13',
      localTime: '11:00',
      confirmedAt: Date.parse('2026-10-01T00:00:00Z'),
    });

    const rec = recording(t.client);
    const clock = fixedClock('2026-10-12T08:00:00Z');
    const deps = testDeps(createDb(rec.client), { clock });
    const app = createApp(deps);

    const paths: string[] = [];
    const mark = (name: string) => paths.push(`${name}@${rec.statements.length}`);
    mark('desk');
    expect((await app.request('/api/public/desk')).status).toBe(200);
    mark('availability');
    const slots = await app.request(`/api/public/availability?service=${service.id}&mode=in_person`);
    expect(slots.status).toBe(200);
    mark('request');
    const made = await postRequest(app, requestBody(service.id, { start: '2026-10-14T10:00:00+02:00' }));
    expect(made.status).toBe(201);
    const { manageUrl } = (await made.json()) as { manageUrl: string };
    mark('manage page');
    expect((await app.request(new URL(manageUrl).pathname)).status).toBe(200);
    const reception = await staffHeaders(app, t.db, 'reception');
    mark('day list');
    expect((await staffCall({ app }, 'GET', '/api/admin/day-list?date=2026-10-14', reception)).status).toBe(200);
    mark('bookings');
    expect(
      (await staffCall({ app }, 'GET', '/api/admin/bookings?from=2026-10-12&to=2026-10-18', reception)).status,
    ).toBe(200);
    mark('cron 18:00');
    clock.set('2026-10-12T16:00:00Z');
    const run = await runScheduled(deps, { cron: '0 16,17 * * *', scheduledTime: clock.now() });
    expect(run.ok).toBe(true);

    const partial = await t.client.execute(
      "select name from sqlite_master where type = 'index' and sql like '% where %' collate nocase",
    );
    const partialIndexes = new Set(partial.rows.map((r) => String(r.name)));
    const seen = new Set<string>();
    const scans: string[] = [];
    for (const s of rec.statements) {
      if (!/^\s*(select|insert|update|delete|with)\b/i.test(s.sql) || seen.has(s.sql)) continue;
      seen.add(s.sql);
      const plan = await t.client.execute({ sql: `EXPLAIN QUERY PLAN ${s.sql}`, args: s.args as never });
      for (const row of plan.rows) {
        const detail = String(row.detail);
        if (isFullScan(detail, watchedNames(s.sql), partialIndexes)) scans.push(`${detail} ← ${s.sql.slice(0, 160)}`);
      }
    }
    expect(seen.size).toBeGreaterThan(15);
    // The cron prepared the reminder and claimed it for sending: the outbox's queries were planned too.
    expect([...seen].some((q) => /^update "?messages"? set status = 'sending'/i.test(q.trim()))).toBe(true);
    expect(isFullScan('SCAN bookings', ['bookings'], partialIndexes)).toBe(true);
    expect(scans, paths.join(', ')).toEqual([]);
  });
});
