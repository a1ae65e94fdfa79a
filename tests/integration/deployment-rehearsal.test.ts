/**
 * The README's deploy guide as a script, against a deployment on loopback (tests/fixtures/deployment.ts): the
 * production bundle in workerd, sqld requiring a JWT as Turso does, the fake Twilio. Steps 2 and 3 run the
 * project's own commands as a person would; step 7 configures the desk through the staff API; then a season of
 * the desk's life: bookings from the widget's API, confirmations, reminders fired by the Cron Triggers at
 * chosen times (winter and summer), a cancellation, the calendar feeds, and the subrequests of a busy tick.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeployment, type Deployment } from '../fixtures/deployment';
import { FEED_FUTURE_DAYS } from '../../worker/src/domain/ical';
import { parseCalendar } from '../fixtures/ical-helpers';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE = 'Europe/Rome';
/** The free plan's subrequests per invocation (README, Free-tier notes). */
const FREE_PLAN_SUBREQUESTS = 50;
const WHOLE_DAY_CRON = '*/10 * * * *';
const REMINDER_CRON = '0 16,17 * * *';
const ADMIN_EMAIL = 'presidente@associazione.test';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
type Json = any;

/** `npm run <script> -- args` with `env` on top of this process's environment, as a person runs it. */
async function npmRun(script: string, args: string[], env: Record<string, string>) {
  const { stdout, stderr } = await exec('npm', ['run', '--silent', script, '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  return `${stdout}${stderr}`;
}

/** YYYY-MM-DD of an instant in the desk's zone. */
const localDate = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(ms);

/** The UTC instant of a wall-clock time in Rome: tried at +01:00 and +02:00, the one that reads back right. */
function romeInstant(date: string, hhmm: string): number {
  for (const offset of ['+01:00', '+02:00']) {
    const ms = Date.parse(`${date}T${hhmm}:00${offset}`);
    const back = new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    if (localDate(ms) === date && back.format(ms) === hhmm) return ms;
  }
  throw new Error(`no ${hhmm} on ${date} in ${ZONE}`);
}

/** The first day, at least three days from now, whose month is one of `months` (1–12), as YYYY-MM-DD. */
function firstDayIn(months: number[], from = Date.now() + 3 * DAY): string {
  for (let t = from; ; t += DAY) {
    const day = localDate(t);
    if (months.includes(Number(day.slice(5, 7)))) return day;
  }
}

/** Rome's UTC offset on that day, in hours (1 in winter, 2 in summer). */
const romeOffsetHours = (date: string) => (Date.parse(`${date}T12:00:00Z`) - romeInstant(date, '12:00')) / HOUR;

const dayBefore = (date: string) => localDate(Date.parse(`${date}T12:00:00Z`) - DAY);

describe('the deploy guide, walked on a deployment in workerd against sqld with a JWT', () => {
  let dep: Deployment;
  let staff: Record<string, string>;
  let publicOrigin: string;
  let widgetOrigin: string;
  let password: string;

  /**
   * Signs the admin in at PUBLIC_BASE_URL's origin. Again after ticks months ahead: their housekeeping ends
   * sessions idle for longer than a session lives, as it would on the platform.
   */
  async function signIn(): Promise<void> {
    const res = await dep.dispatchFetch('/api/admin/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: publicOrigin },
      body: JSON.stringify({ email: ADMIN_EMAIL, password }),
    });
    expect(res.status).toBe(200);
    const cookie = /(sportello_session=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    staff = { Cookie: cookie ?? '', Origin: publicOrigin };
  }

  /** A staff request from the portal at PUBLIC_BASE_URL, signed in. */
  async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
    const res = await dep.dispatchFetch(path, {
      method,
      headers: { ...staff, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }

  /** A public call from the association's website (the Origin of ALLOWED_ORIGINS). */
  async function fromWidget(method: string, path: string, body?: unknown): Promise<Response> {
    return dep.dispatchFetch(path, {
      method,
      headers: { Origin: widgetOrigin, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** Free slot starts of `service` from `date` on (the first day that has at least `count`). */
  async function freeSlots(service: string, date: string, count: number): Promise<string[]> {
    const to = localDate(Date.parse(`${date}T12:00:00Z`) + 27 * DAY);
    const res = await fromWidget(
      'GET',
      `/api/public/availability?service=${service}&mode=in_person&from=${date}&to=${to}`,
    );
    expect(res.status).toBe(200);
    const { days } = (await res.json()) as { days: { date: string; slots: { start: string }[] }[] };
    const day = days.find((d) => d.slots.length >= count);
    if (!day) throw new Error(`no day with ${count} free slots from ${date}`);
    return day.slots.slice(0, count).map((s) => s.start);
  }

  /** Sends nothing until the fake Twilio has received `n` messages in all (texts sent after a response). */
  async function twilioReceived(n: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (dep.twilio.messages.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(dep.twilio.messages.length).toBe(n);
  }

  beforeAll(async () => {
    dep = await startDeployment();
    publicOrigin = new URL(dep.vars.PUBLIC_BASE_URL!).origin;
    widgetOrigin = dep.vars.ALLOWED_ORIGINS!.split(',')[0]!.trim();
    const database = { DATABASE_URL: dep.sqld.url, TURSO_AUTH_TOKEN: dep.sqld.authToken! };

    // Step 2: the tables, with the project's migrate command.
    expect(await npmRun('db:migrate', [], database)).toContain('Migrations applied');
    // Step 3: the first admin, with the admin CLI; its password is printed once.
    const created = await npmRun(
      'admin',
      ['create-user', '--email', ADMIN_EMAIL, '--name', 'Paola Presidente', '--role', 'admin'],
      database,
    );
    const printed = /Password \(shown only now\): (\S+)/.exec(created)?.[1];
    if (!printed) throw new Error(`no password printed:\n${created}`);
    password = printed;

    // Until the first settings save the widget is told the desk is not configured (step 3's note).
    const early = await fromWidget('GET', '/api/public/desk');
    expect(early.status).toBe(503);
    expect(((await early.json()) as Json).error.code).toBe('desk_not_configured');

    // Step 7: sign in at the Worker's address and set up the desk.
    await signIn();
    const settings = await admin('PATCH', '/api/admin/settings', {
      name: 'Sportello Lavoro',
      address: 'Via Bertoni 4',
      city: 'Milano',
      phone: '02 1234 5678',
      timeZone: ZONE,
      horizonDays: 366,
      // No quiet hours: a confirmation then leaves at once whatever the hour this test runs at.
      quietStart: '00:00',
      quietEnd: '00:00',
    });
    expect(settings.status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await dep?.stop();
  });

  it('answers /api/health after one database round trip, and serves public/ with its _headers', async () => {
    const { result, subrequests } = await dep.measure(() => dep.dispatchFetch('/api/health'));
    expect(result.status).toBe(200);
    expect(await result.json()).toEqual({ ok: true });
    expect(subrequests).toEqual({ database: 1, twilio: 0, total: 1 });
    const robots = await dep.dispatchFetch('/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await robots.text()).toContain('Disallow: /m/');
  });

  it('books, confirms, reminds at 18:00 in Rome in winter and summer, cancels, and serves the calendars', async () => {
    const service = await admin('POST', '/api/admin/services', {
      names: { it: 'Orientamento al lavoro', en: 'Job guidance' },
      durationMinutes: 30,
      modes: ['in_person'],
    });
    expect(service.status).toBe(201);
    const serviceId: string = service.json.service.id;
    const volunteer = await admin('POST', '/api/admin/volunteers', { name: 'Giulia Bianchi' });
    expect(volunteer.status).toBe(201);
    const volunteerId: string = volunteer.json.volunteer.id;
    for (let weekday = 1; weekday <= 5; weekday++) {
      const shift = await admin('POST', `/api/admin/volunteers/${volunteerId}/shifts`, {
        weekday,
        start: '09:00',
        end: '13:00',
        modes: ['in_person'],
      });
      expect(shift.status).toBe(201);
    }

    const desk = await fromWidget('GET', '/api/public/desk');
    expect(desk.status).toBe(200);
    expect(desk.headers.get('access-control-allow-origin')).toBe(widgetOrigin);

    // Three people book from the widget: one in winter, one in summer, one who will be cancelled (winter).
    const [winterSlot, cancelledSlot] = await freeSlots(serviceId, firstDayIn([12, 1, 2]), 2);
    const [summerSlot] = await freeSlots(serviceId, firstDayIn([6, 7, 8]), 1);
    const people = [
      { who: 'winter', start: winterSlot!, phone: '347 100 0001', to: '+393471000001' },
      { who: 'summer', start: summerSlot!, phone: '347 100 0002', to: '+393471000002' },
      { who: 'cancelled', start: cancelledSlot!, phone: '347 100 0003', to: '+393471000003' },
    ];
    const made: Record<string, Json> = {};
    for (const p of people) {
      const res = await fromWidget('POST', '/api/public/requests', {
        service: serviceId,
        mode: 'in_person',
        start: p.start,
        name: `Persona ${p.who}`,
        phone: p.phone,
        consent: true,
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('access-control-allow-origin')).toBe(widgetOrigin);
      made[p.who] = await res.json();
      expect(made[p.who].manageUrl).toMatch(new RegExp(`^${dep.vars.PUBLIC_BASE_URL}/m/`));
    }
    expect(dep.twilio.messages).toHaveLength(0); // a request sends nothing until staff confirm it

    // Reception confirms the three; each confirmation leaves right after the response.
    const requested = await admin('GET', '/api/admin/bookings?status=requested');
    expect(requested.status).toBe(200);
    const idOf = (who: string): string =>
      requested.json.bookings.find((b: Json) => b.reference === made[who].reference).id;
    for (const p of people) {
      // One invocation: the confirmation and, after the response, its text.
      const { result, subrequests } = await dep.measure(() =>
        admin('POST', `/api/admin/bookings/${idOf(p.who)}/confirm`, {}),
      );
      expect(result.status).toBe(200);
      expect(subrequests.twilio).toBe(1);
      expect(subrequests.total).toBeLessThanOrEqual(FREE_PLAN_SUBREQUESTS);
    }
    await twilioReceived(3);

    // Reception cancels one: its cancellation leaves, and its reminder never will.
    expect(
      (await admin('POST', `/api/admin/bookings/${idOf('cancelled')}/cancel`, { reason: 'Richiesta della persona' }))
        .status,
    ).toBe(200);
    await twilioReceived(4);

    // The Cron Triggers, fired as Cloudflare fires them, at 16:00 and 17:00 UTC the day before each booking.
    const ticks = [made.winter.start, made.summer.start]
      .map((start: string) => dayBefore(start.slice(0, 10)))
      .flatMap((date) =>
        [16, 17].map((h) => ({ date, at: Date.parse(`${date}T${String(h).padStart(2, '0')}:00:00Z`) })),
      )
      .sort((a, b) => a.at - b.at);
    for (const { date, at } of ticks) {
      const before = dep.twilio.messages.length;
      const run = await dep.scheduled({ cron: REMINDER_CRON, scheduledTime: at });
      expect(run.outcome).toBe('ok');
      const localHour = new Date(at).getUTCHours() + romeOffsetHours(date);
      const sent = dep.twilio.messages.slice(before).filter((m) => m.body.startsWith('Promemoria'));
      // 18:00 in Rome: 17:00 UTC in winter, 16:00 UTC in summer; the hour before sends nothing, the hour after
      // nothing new (the reminder of that booking has gone already).
      expect(sent.length, `reminders at ${new Date(at).toISOString()} (${localHour}:00 in Rome)`).toBe(
        localHour === 18 ? 1 : 0,
      );
    }

    // Every text: the right number, the right kind, once.
    const kindOf = (body: string) =>
      body.startsWith('Confermato:')
        ? 'confirmation'
        : body.startsWith('Promemoria')
          ? 'reminder'
          : body.startsWith('Annullato:')
            ? 'cancellation'
            : body;
    const received = dep.twilio.messages.map((m) => `${m.to} ${kindOf(m.body)}`).sort();
    expect(received).toEqual(
      [
        '+393471000001 confirmation',
        '+393471000001 reminder',
        '+393471000002 confirmation',
        '+393471000002 reminder',
        '+393471000003 cancellation',
        '+393471000003 confirmation',
      ].sort(),
    );
    for (const m of dep.twilio.messages) {
      expect(m.from).toBe('Sportello');
      expect(m.statusCallback?.startsWith(`${dep.vars.PUBLIC_BASE_URL}/api/sms/twilio/status`)).toBe(true);
      expect(m.body.length).toBeLessThanOrEqual(160);
    }

    await signIn();
    // The volunteer's feed covers the next FEED_FUTURE_DAYS: the appointments in it confirmed, the cancelled one
    // marked so (or gone), later ones not yet listed.
    const listed = await admin('GET', `/api/admin/volunteers/${volunteerId}`);
    expect(listed.status).toBe(200);
    const feedPath = new URL(listed.json.volunteer.icalUrl as string).pathname;
    const feed = await dep.dispatchFetch(feedPath);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const calendar = parseCalendar(await feed.text());
    const eventAt = (start: string) => calendar.events.find((e) => e.start === Date.parse(start));
    const inFeed = (start: string) => Date.parse(start) < Date.now() + FEED_FUTURE_DAYS * DAY;
    const confirmed = [made.winter, made.summer].filter((b) => inFeed(b.start));
    // Winter and summer are never both more than six months away.
    expect(confirmed.length).toBeGreaterThan(0);
    for (const b of [made.winter, made.summer])
      expect(eventAt(b.start)?.status).toBe(inFeed(b.start) ? 'CONFIRMED' : undefined);
    expect(eventAt(made.cancelled.start)?.status ?? 'CANCELLED').toBe('CANCELLED');
    expect(calendar.events.map((e) => e.uid)).toEqual([...new Set(calendar.events.map((e) => e.uid))]);

    // The person's "add to calendar" download: one event, the same UID as in the feed.
    const shown = confirmed[0];
    const code = new URL(shown.manageUrl as string).pathname.split('/').pop();
    const download = await dep.dispatchFetch(`/m/${code}/calendar.ics`);
    expect(download.status).toBe(200);
    const single = parseCalendar(await download.text());
    expect(single.events).toHaveLength(1);
    expect(single.events[0]).toMatchObject({
      uid: eventAt(shown.start)!.uid,
      start: Date.parse(shown.start),
      status: 'CONFIRMED',
    });

    // The Worker's log tells what happened, never to whom.
    expect(dep.logs.filter((l) => l.json?.event === 'public_request_created')).toHaveLength(3);
    const logText = dep.logs.map((l) => l.text).join('\n');
    for (const p of people) {
      expect(logText).not.toContain(p.to);
      expect(logText).not.toContain(p.phone);
      expect(logText).not.toContain(`Persona ${p.who}`);
    }
  });

  /** Subrequests of each invocation of the busy evening below (database + Twilio), in firing order. */
  const busyTicks: { cron: string; at: string; database: number; twilio: number; total: number }[] = [];

  it('sends 40 reminders due at one tick, each once, over the ticks of that evening', async () => {
    await signIn();
    const service = await admin('POST', '/api/admin/services', {
      names: { it: 'Colloquio breve', en: 'Short talk' },
      durationMinutes: 15,
      modes: ['in_person'],
    });
    expect(service.status, JSON.stringify(service.json)).toBe(201);
    const serviceId: string = service.json.service.id;
    const volunteer = await admin('POST', '/api/admin/volunteers', { name: 'Marco Verdi' });
    const volunteerId: string = volunteer.json.volunteer.id;
    for (let weekday = 1; weekday <= 7; weekday++) {
      await admin('POST', `/api/admin/volunteers/${volunteerId}/shifts`, {
        weekday,
        start: '08:00',
        end: '20:00',
        modes: ['in_person'],
      });
    }
    // 40 callers booked by reception on one day (confirmed at once, each with its confirmation).
    const starts = await freeSlots(serviceId, firstDayIn([3, 4, 5, 9, 10, 11]), 40);
    const sentBefore = dep.twilio.messages.length;
    for (const [i, start] of starts.entries()) {
      const booked = await admin('POST', '/api/admin/bookings', {
        service: serviceId,
        mode: 'in_person',
        start,
        volunteerId,
        name: `Persona ${i + 1}`,
        phone: `+39 348 200 ${String(i).padStart(4, '0')}`,
        consent: true,
      });
      expect(booked.status, JSON.stringify(booked.json)).toBe(201);
    }
    await twilioReceived(sentBefore + 40);

    // At 18:00 in Rome the day before, both Cron Triggers fire (the 10-minute one and the reminder one): each
    // is its own invocation with its own budget. Then the next 10-minute ticks send what is left.
    const date = dayBefore(starts[0]!.slice(0, 10));
    const at = romeInstant(date, '18:00');
    const remindersBefore = dep.twilio.messages.length;
    for (const [cron, time] of [
      [REMINDER_CRON, at],
      [WHOLE_DAY_CRON, at],
      [WHOLE_DAY_CRON, at + 10 * 60_000],
      [WHOLE_DAY_CRON, at + 20 * 60_000],
    ] as const) {
      const run = await dep.scheduled({ cron, scheduledTime: time });
      expect(run.outcome).toBe('ok');
      busyTicks.push({ cron, at: new Date(time).toISOString(), ...run.subrequests });
    }
    const reminders = dep.twilio.messages.slice(remindersBefore);
    expect(reminders.every((m) => m.body.startsWith('Promemoria'))).toBe(true);
    expect(new Set(reminders.map((m) => m.to)).size).toBe(40);
    expect(reminders).toHaveLength(40);
  });

  // Issue 11, finding 2: the 18:00 tick made 51 (11 database round trips + 40 sends) because retention and
  // housekeeping ran after dispatch outside any budget. The subrequest budget keeps every invocation within it.
  it(`keeps each of those invocations within the free plan's ${FREE_PLAN_SUBREQUESTS} subrequests`, () => {
    expect(busyTicks).toHaveLength(4);
    const worst = Math.max(...busyTicks.map((t) => t.total));
    expect(worst, JSON.stringify(busyTicks)).toBeLessThanOrEqual(FREE_PLAN_SUBREQUESTS);
  });

  it('with a wrong TURSO_AUTH_TOKEN, the CLI and the Worker log name the token as the cause and never print it', async () => {
    const wrong = dep.sqld.signToken!({ a: 'rw', exp: 1 }); // expired, as an old token pasted by mistake
    const right = dep.vars.TURSO_AUTH_TOKEN!;
    // The migrate command runs while the Worker restarts with the wrong token; its failure is kept, not thrown.
    const migrate = npmRun('db:migrate', [], { DATABASE_URL: dep.sqld.url, TURSO_AUTH_TOKEN: wrong }).then(
      () => ({ code: 0 }),
      (e: unknown) => e,
    );
    const logsBefore = dep.logs.length;
    await dep.reconfigure({ TURSO_AUTH_TOKEN: wrong });
    try {
      // The real cause, in words, from the CLI (never drizzle's "Failed query: CREATE TABLE …").
      const failed = (await migrate) as { code: number; stdout?: string; stderr?: string };
      expect(failed.code).toBe(1);
      const said = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
      expect(said).toContain('authentication failed (HTTP 401): check TURSO_AUTH_TOKEN');
      expect(said).not.toContain('Failed query');
      expect(said).not.toContain(wrong);
      const health = await dep.dispatchFetch('/api/health');
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ ok: false });
      const desk = await fromWidget('GET', '/api/public/desk');
      expect(desk.status).toBe(503);
      const logged = dep.logs.slice(logsBefore).map((l) => l.text);
      expect(logged.length).toBeGreaterThan(0);
      // And from the Worker's log, which is where a deployer looks after `wrangler tail`.
      expect(logged.join('\n')).toContain('authentication failed (HTTP 401): check TURSO_AUTH_TOKEN');
      expect(logged.join('\n')).not.toContain(wrong);
      // A Cron Trigger's failing jobs log the same cause, not only the error's name.
      const logsBeforeTick = dep.logs.length;
      await dep.scheduled({ cron: '*/10 * * * *', scheduledTime: Date.now() });
      const failedJobs = () => dep.logs.slice(logsBeforeTick).filter((l) => l.json?.event === 'scheduled_job_failed');
      for (let waited = 0; failedJobs().length === 0 && waited < 2_000; waited += 50) await sleep(50);
      expect(failedJobs().length).toBeGreaterThan(0);
      for (const line of failedJobs()) {
        expect(line.json).toMatchObject({ cause: 'authentication failed (HTTP 401): check TURSO_AUTH_TOKEN' });
        expect(line.text).not.toContain(wrong);
      }
    } finally {
      await dep.reconfigure({ TURSO_AUTH_TOKEN: right });
    }
    expect((await dep.dispatchFetch('/api/health')).status).toBe(200);
  });

  it('with a sender Twilio refuses, texts wait and the portal says why; after the fix the next tick sends them, once', async () => {
    await signIn();
    const service = await admin('POST', '/api/admin/services', {
      names: { it: 'Curriculum', en: 'CV' },
      durationMinutes: 30,
      modes: ['in_person'],
    });
    const serviceId: string = service.json.service.id;
    const volunteer = await admin('POST', '/api/admin/volunteers', { name: 'Sara Neri' });
    const volunteerId: string = volunteer.json.volunteer.id;
    for (let weekday = 1; weekday <= 7; weekday++) {
      await admin('POST', `/api/admin/volunteers/${volunteerId}/shifts`, {
        weekday,
        start: '14:00',
        end: '16:00',
        modes: ['in_person'],
      });
    }
    // The texts sent at tomorrow's and next season's ticks above count as sent within the last hour of today's
    // wall clock: room for this test's own.
    expect((await admin('PATCH', '/api/admin/settings', { smsPerDeskHourly: 1000 })).status).toBe(200);
    // The Alias is not registered yet: Twilio answers 21606 for it, whatever the number.
    dep.twilio.refuseSender(dep.vars.TWILIO_FROM!, 21606);
    const [start] = await freeSlots(serviceId, firstDayIn([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 1);
    const before = dep.twilio.messages.length;
    const booked = await dep.measure(() =>
      admin('POST', '/api/admin/bookings', {
        service: serviceId,
        mode: 'in_person',
        start,
        name: 'Persona in attesa',
        phone: '+39 349 300 0001',
        consent: true,
      }),
    );
    expect(booked.result.status, JSON.stringify(booked.result.json)).toBe(201);
    const tick = Date.now() + 10 * 60_000;
    expect((await dep.scheduled({ cron: WHOLE_DAY_CRON, scheduledTime: tick })).outcome).toBe('ok');
    expect(dep.twilio.messages.length).toBe(before);
    const alert = await admin('GET', '/api/admin/sms-alert');
    expect(alert.status).toBe(200);
    expect(alert.json.alert).toMatchObject({ provider: 'twilio', reason: 'sender', code: '21606', waiting: 1 });
    expect(alert.json.alert.message).toContain('TWILIO_FROM');
    const waiting = await admin('GET', `/api/admin/messages?status=pending`);
    expect(waiting.json.messages.some((m: Json) => m.to === '+393493000001')).toBe(true);

    // The fix, as a deployment makes it: the registered Alias in [vars], deployed again.
    await dep.reconfigure({ TWILIO_FROM: 'SportelloLv' });
    expect((await dep.scheduled({ cron: WHOLE_DAY_CRON, scheduledTime: tick + 10 * 60_000 })).outcome).toBe('ok');
    const sent = dep.twilio.messages.slice(before);
    expect(sent.map((m) => [m.to, m.from])).toEqual([['+393493000001', 'SportelloLv']]);
    expect((await admin('GET', '/api/admin/sms-alert')).json.alert).toBeNull();
    // A later tick sends nothing again.
    await dep.scheduled({ cron: WHOLE_DAY_CRON, scheduledTime: tick + 20 * 60_000 });
    expect(dep.twilio.messages.length).toBe(before + 1);
  });
});
