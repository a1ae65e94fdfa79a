/**
 * CPU figures of the production bundle in workerd, for npm run bench: the Worker built by `npm run build`,
 * run by Miniflare against sqld with a JWT (standing in for Turso) and a fake Twilio on loopback.
 *
 * CPU is the workerd process's (utime + stime, children included, from /proc) over N requests after a
 * warm-up, divided by N. It is an upper bound of what Cloudflare bills a request: it also holds workerd's
 * own HTTP handling (sockets, parsing) and the HTTP side of the libSQL client's fetches, which a deployed
 * Worker's CPU limit does not count.
 * `worker_cpu_empty_ms` is part of that floor: a Worker that answers at once, in a bare Miniflare.
 *
 * Requests reach the Worker over a socket of its own (Miniflare's `unsafeDirectSockets`), not through
 * `dispatchFetch`: that goes through Miniflare's entry worker, a JavaScript Worker in the same workerd process
 * that rebuilds each request's URL and adds `request.cf` (what Cloudflare's edge does outside the Worker). Its
 * cost is measured on the empty Worker and printed beside (`worker_cpu_entry_worker_ms`).
 *
 * Miniflare sends every outbound fetch of a Worker through a second Worker of its own inside workerd (it
 * strips CF-Connecting-IP, which Cloudflare's edge does outside the Worker): a second invocation, with its
 * own fetch, per subrequest, that production does not have. The bench turns it off (`stripCfConnectingIp:
 * false`) and measures what it cost (`worker_cpu_subrequest_ms` with and without it, from a bare Worker).
 *
 * Two more parts of Miniflare run inside the same workerd process where Cloudflare runs them outside the
 * Worker, so the figures with goals are taken without them, and their cost is printed beside:
 * - the static-assets router, which Miniflare puts in front of every request (Cloudflare routes the
 *   `run_worker_first` paths before the Worker starts): `worker_cpu_no_database_assets_router_ms`;
 * - the Cache API's storage, which Miniflare simulates in a Durable Object of its own (Cloudflare's cache is
 *   outside the isolate): the computed availability figures use Miniflare's no-op cache service, so the
 *   Worker still does its part of the lookup and the put (a call out of the isolate each), and
 *   `worker_cpu_availability_cache_simulator_ms` is the same answer with the simulator storing it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '@libsql/client';
import { eq, inArray, like, sql } from 'drizzle-orm';
import { Miniflare } from 'miniflare';
import { createDb, type Db } from '../../worker/src/db/client';
import { availabilityVersion, bookings, messages, staffUsers } from '../../worker/src/db/schema';
import { hashPassword } from '../../worker/src/lib/password';
import { applyMigrations } from '../../worker/src/node/migrate';
import { DIRECT_SOCKET, startDeployment, type DeploymentOptions, type Subrequests } from '../fixtures/deployment';
import { softAuthenticator } from '../fixtures/passkey-authenticator';
import { seedBenchData, BENCH_MODE, BENCH_SERVICE_ID, type BenchData } from './bench-data';
import { childPids, cpuPerCall, cpuResolutionMs, processCpuMs } from './process-cpu';
import { buildWorstTick, WORST_TICK_AT, WORST_TICK_CRON, WORST_TICK_WORK } from './worst-tick';

/** The deployment fixture with what the bench needs: a migrated database to write to, the workerd pid. */
export interface BenchDeployment {
  db: Db;
  pid: number;
  /** PUBLIC_BASE_URL: the relying party of passkeys, and the Origin staff requests come from. */
  publicBaseUrl: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Through Miniflare's entry worker (`dispatchFetch`), whatever `fetch` uses. */
  entryFetch(path: string, init?: RequestInit): Promise<Response>;
  scheduled(at: number, cron: string): Promise<Subrequests>;
  stop(): Promise<void>;
}

export async function startBenchDeployment(options: DeploymentOptions = {}): Promise<BenchDeployment> {
  // Without Miniflare's outbound hop (see subrequestCpu): what the platform charges a Worker's fetch for.
  const d = await startDeployment({ stripCfConnectingIp: false, ...options });
  const fetchOf = options.directSocket ? d.directFetch : d.dispatchFetch;
  // Straight to sqld, not through the counting proxy: setting up is no subrequest of the Worker.
  const client = createClient({ url: d.sqld.url, authToken: d.sqld.authToken });
  try {
    const db = createDb(client);
    await applyMigrations(db);
    const pid = d.workerdPid();
    if (pid === undefined) throw new Error('no workerd process found (the CPU figures need Linux /proc)');
    return {
      db,
      pid,
      publicBaseUrl: d.vars.PUBLIC_BASE_URL ?? '',
      fetch: (path, init) => fetchOf(path, init),
      entryFetch: (path, init) => d.dispatchFetch(path, init),
      async scheduled(at, cron) {
        const run = await d.scheduled({ cron, scheduledTime: at });
        if (run.outcome !== 'ok') throw new Error(`the scheduled run ended ${run.outcome}`);
        return run.subrequests;
      },
      async stop() {
        client.close();
        await d.stop();
      },
    };
  } catch (err) {
    client.close();
    await d.stop();
    throw err;
  }
}

/** Goals of issue 11: half the free plan's 10 ms for public requests and passkey sign-in; its 50 subrequests. */
export const GOALS = { publicRequestMs: 5, passkeySignInMs: 5, cronSubrequests: 50 } as const;

export interface WorkerCpuFigures {
  worker_cpu_empty_ms: number;
  /** What Miniflare's entry worker (dispatchFetch, wrangler dev) adds to each request; the figures leave it out. */
  worker_cpu_entry_worker_ms: number;
  /**
   * A request the app answers without the database (a 404 under /api/public) in the bench's deployment: the
   * empty Worker's floor plus the app's middleware.
   */
  worker_cpu_no_database_ms: number;
  /** The same 404 with Miniflare's entry worker and static-assets router in front, as `wrangler dev` runs it. */
  worker_cpu_no_database_assets_router_ms: number;
  /** One subrequest (a small POST to a loopback server) from a bare Worker, as the figures below make them. */
  worker_cpu_subrequest_ms: number;
  /** The same through Miniflare's default outbound hop, which the figures leave out. */
  worker_cpu_subrequest_hop_ms: number;
  /** A computed answer: the availability version moves before each call, as any write that changes free times does. */
  worker_cpu_availability_ms: number;
  worker_cpu_availability_10x_ms: number;
  /** The computed 1× answer with Miniflare's cache simulator storing the kept copy in this process. */
  worker_cpu_availability_cache_simulator_ms: number;
  /** The same query again with nothing changed: the kept copy (Cache API), after one small read. */
  worker_cpu_availability_hit_ms: number;
  worker_cpu_request_ms: number;
  /** The same request through Miniflare's entry worker (`dispatchFetch`), for comparison; no goal. */
  worker_cpu_request_entry_ms: number;
  worker_cpu_login_ms: number;
  worker_cpu_login_passkey_ms: number;
  worker_cpu_login_passkey_options_ms: number;
  worker_cpu_cron_tick_ms: number;
  cron_subrequests_max: number;
  cron_subrequests_database: number;
  cron_subrequests_sms: number;
}

/** The same keys, all null: what the JSON line says when the figures could not be taken. */
export const WORKER_CPU_UNAVAILABLE: Record<keyof WorkerCpuFigures, null> = {
  worker_cpu_empty_ms: null,
  worker_cpu_entry_worker_ms: null,
  worker_cpu_no_database_ms: null,
  worker_cpu_no_database_assets_router_ms: null,
  worker_cpu_subrequest_ms: null,
  worker_cpu_subrequest_hop_ms: null,
  worker_cpu_availability_ms: null,
  worker_cpu_availability_10x_ms: null,
  worker_cpu_availability_cache_simulator_ms: null,
  worker_cpu_availability_hit_ms: null,
  worker_cpu_request_ms: null,
  worker_cpu_request_entry_ms: null,
  worker_cpu_login_ms: null,
  worker_cpu_login_passkey_ms: null,
  worker_cpu_login_passkey_options_ms: null,
  worker_cpu_cron_tick_ms: null,
  cron_subrequests_max: null,
  cron_subrequests_database: null,
  cron_subrequests_sms: null,
};

const STAFF_EMAIL = 'bench-admin@staff.test';
const STAFF_PASSWORD = 'bench correct horse battery staple';
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** A distinct documentation-range address per call, so no per-address limit is what answers. */
export const addressFor = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function expectStatus(res: Response, status: number, what: string): Promise<string> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`${what} answered ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

/**
 * CPU per request of a one-file Worker in a bare Miniflare: over the Worker's own socket, as the figures
 * below reach the app, or (`entry`) through `dispatchFetch` and Miniflare's entry worker in front.
 */
async function bareWorkerCpu(
  script: string,
  options: { stripCfConnectingIp?: boolean; entry?: boolean } = {},
): Promise<number> {
  const before = new Set(childPids(process.pid, 'workerd'));
  const { entry = false, ...rest } = options;
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2026-04-01',
    ...(entry ? {} : DIRECT_SOCKET),
    ...rest,
  });
  try {
    await mf.ready;
    const pid = childPids(process.pid, 'workerd').find((p) => !before.has(p));
    if (pid === undefined) throw new Error('no workerd process found');
    const direct = entry ? undefined : await mf.unsafeGetDirectURL();
    const m = await cpuPerCall(pid, async () => {
      const res = direct
        ? await fetch(direct)
        : ((await mf.dispatchFetch('http://bench.test/')) as unknown as Response);
      await expectStatus(res, 200, 'bare Worker');
    });
    return m.ms;
  } finally {
    await mf.dispose();
  }
}

const EMPTY_WORKER = 'export default { fetch() { return new Response("ok") } }';

/**
 * The floor: workerd's HTTP handling around a Worker that answers at once, over its own socket; and what
 * Miniflare's entry worker adds in front of it (`dispatchFetch`, `wrangler dev`), alternated twice.
 */
async function emptyWorkerCpu(): Promise<{ direct: number; entry: number }> {
  const sums = { direct: 0, entry: 0 };
  for (const entry of [true, false, true, false]) {
    sums[entry ? 'entry' : 'direct'] += (await bareWorkerCpu(EMPTY_WORKER, { entry })) / 2;
  }
  return sums;
}

const FETCHES_PER_CALL = 10;

/**
 * The CPU of one subrequest, from a Worker that makes FETCHES_PER_CALL small POSTs to a loopback server
 * (answering like sqld) per request: (per request − the empty Worker) ÷ FETCHES_PER_CALL, with Miniflare's
 * outbound hop and without, alternated twice so the machine's load falls on both alike.
 */
async function subrequestCpu(empty: number): Promise<{ direct: number; hop: number }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"baton":null,"base_url":null,"results":[]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/pipeline`;
  const script = `export default { async fetch() {
    for (let i = 0; i < ${FETCHES_PER_CALL}; i++) {
      const r = await fetch(${JSON.stringify(url)}, { method: 'POST', body: '{"baton":null,"requests":[]}',
        headers: { authorization: 'Bearer bench', 'content-type': 'application/json' } });
      await r.text();
    }
    return new Response('ok');
  } }`;
  const sums = { direct: 0, hop: 0 };
  try {
    for (const hop of [true, false, true, false]) {
      const ms = await bareWorkerCpu(script, { stripCfConnectingIp: hop });
      sums[hop ? 'hop' : 'direct'] += (ms - empty) / FETCHES_PER_CALL / 2;
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return sums;
}

/** Creates the staff account signing in (the production PBKDF2 cost) and registers a passkey for it. */
export async function staffWithPasskey(d: BenchDeployment) {
  await d.db.insert(staffUsers).values({
    id: 'bench-admin',
    email: STAFF_EMAIL,
    name: 'Anna Admin',
    role: 'admin',
    passwordHash: await hashPassword(STAFF_PASSWORD),
    passwordChangedAt: Date.now(),
    createdAt: Date.now(),
  });
  const session = await passwordSignIn(d, 0);
  const cookie = /sportello_session=[^;]+/.exec(session.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('no session cookie after sign-in');
  const staffPost = (path: string, body?: unknown) =>
    d.fetch(path, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: d.publicBaseUrl, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const rp = new URL(d.publicBaseUrl);
  const authenticator = await softAuthenticator(rp.hostname, rp.origin);
  const options = JSON.parse(
    await expectStatus(await staffPost('/api/admin/passkeys/options'), 200, 'passkey options'),
  ) as {
    challenge: string;
  };
  const answer = await authenticator.register(options.challenge);
  await expectStatus(
    await staffPost('/api/admin/passkeys', { name: 'Bench', response: answer }),
    201,
    'passkey registration',
  );
  return authenticator;
}

async function passwordSignIn(d: BenchDeployment, i: number): Promise<Response> {
  const res = await d.fetch('/api/admin/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: d.publicBaseUrl, 'CF-Connecting-IP': addressFor(i) },
    body: JSON.stringify({ email: STAFF_EMAIL, password: STAFF_PASSWORD }),
  });
  if (res.status !== 200) await expectStatus(res, 200, 'password sign-in');
  return res;
}

/**
 * Passkey sign-ins: options, the authenticator's answer (in this process), the answer checked. The two
 * requests are separate invocations on Cloudflare, so each gets its own figure; CPU is read around each.
 */
async function passkeyCpu(d: BenchDeployment, authenticator: Awaited<ReturnType<typeof softAuthenticator>>) {
  const post = (path: string, i: number, body?: unknown) =>
    d.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: d.publicBaseUrl, 'CF-Connecting-IP': addressFor(i) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const options = async (i: number) =>
    JSON.parse(await expectStatus(await post('/api/admin/session/passkey/options', i), 200, 'sign-in options')) as {
      challenge: string;
    };
  const signIn = async (i: number) => {
    const response = await authenticator.signIn((await options(i)).challenge);
    await expectStatus(await post('/api/admin/session/passkey', i, { response }), 200, 'passkey sign-in');
  };
  for (let i = 0; i < 10; i++) await signIn(i);
  // The options alone; then whole sign-ins (options, the authenticator's signature in this process while
  // workerd waits, the answer), read over the whole run so the clock tick is a small part of the total: the
  // answer is the difference.
  const alone = await cpuPerCall(d.pid, async (i) => void (await options(2000 + i)), { minCpuMs: 600 });
  const whole = await cpuPerCall(d.pid, (i) => signIn(1000 + i), { warmup: 0, minCalls: 100, maxCalls: 600 });
  return { options: alone.ms, verify: whole.ms - alone.ms, n: whole.calls };
}

/** Cancels the bench's requests (from this process, straight to sqld), so their slots are free again. */
async function giveBackSlots(d: BenchDeployment) {
  const made = await d.db.select({ id: bookings.id }).from(bookings).where(like(bookings.personName, 'Bench Prova'));
  const ids = made.map((b) => b.id);
  if (ids.length > 0) {
    await d.db.delete(messages).where(inArray(messages.bookingId, ids));
    await d.db.update(bookings).set({ status: 'cancelled' }).where(inArray(bookings.id, ids));
  }
}

/**
 * A poster of POST /api/public/requests, each for a free slot, from another address and phone. When every
 * slot of the window is taken the bench's requests are cancelled and the slots come round again (that reset
 * runs in this process, not in workerd), so a figure can rest on enough calls.
 */
export async function requestPoster(d: BenchDeployment, data: BenchData): Promise<(i: number) => Promise<void>> {
  const res = await d.fetch(data.url);
  const days = (JSON.parse(await expectStatus(res, 200, 'availability')) as { days: { slots: { start: string }[] }[] })
    .days;
  const starts = days.flatMap((day) => day.slots.map((s) => s.start));
  if (starts.length < 10) throw new Error(`only ${starts.length} free slots for the request figure`);
  let taken = 0;
  return async (i: number) => {
    if (taken === starts.length) {
      await giveBackSlots(d);
      taken = 0;
    }
    const r = await d.fetch('/api/public/requests', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': addressFor(i) },
      body: JSON.stringify({
        service: BENCH_SERVICE_ID,
        mode: BENCH_MODE,
        start: starts[taken++],
        name: 'Bench Prova',
        phone: `+39348${String(1_000_000 + i)}`,
        consent: true,
      }),
    });
    await expectStatus(r, 201, 'POST /api/public/requests');
  };
}

async function requestCpu(d: BenchDeployment, data: BenchData) {
  const m = await cpuPerCall(d.pid, await requestPoster(d, data), { warmup: 5, minCalls: 60, maxCalls: 600 });
  // Give the slots back, so the 10× figure sees the bench's bookings only.
  await giveBackSlots(d);
  return m;
}

/** A 404 under /api/public: the app's middleware without the database. */
const notFound = (d: BenchDeployment) => async () =>
  void (await expectStatus(await d.fetch('/api/public/no-such-route'), 404, 'a route that is not there'));

/**
 * Availability computed: the version moves before each call, from the bench's side (sqld's CPU, not
 * workerd's), as any write that changes free times moves it, so the call computes its answer instead of
 * serving the copy kept by the one before.
 */
function computedAvailability(d: BenchDeployment, url: string, what: string) {
  return async () => {
    await d.db
      .update(availabilityVersion)
      .set({ version: sql`${availabilityVersion.version} + 1` })
      .where(eq(availabilityVersion.id, 1));
    await expectStatus(await d.fetch(url), 200, what);
  };
}

/**
 * Measures everything in three deployments: the desk for requests and sign-ins (no assets router), the same
 * without Miniflare's cache storage for computed answers, and the deployment as `wrangler dev` runs it (the
 * assets router in front) for the router's cost and the worst cron tick.
 */
export async function workerCpuFigures(log: (s: string) => void): Promise<WorkerCpuFigures> {
  const tick = cpuResolutionMs();
  const empty = await emptyWorkerCpu();
  const subrequest = await subrequestCpu(empty.direct);
  const goal = (ms: number, max: number) => (ms <= max ? `goal ≤ ${max} ms: met` : `goal ≤ ${max} ms: MISSED`);
  log(
    `workerd, production bundle against sqld with a JWT; CPU of the workerd process per request (utime+stime from /proc, ` +
      `tick ${tick} ms), an upper bound: it includes workerd's HTTP handling and the libSQL client's fetches; ` +
      `requests reach the Worker's own socket; Miniflare's entry worker, outbound hop and assets router are off, and computed answers use its no-op cache service`,
  );
  log(
    `  empty Worker (the floor of this measurement): ${round(empty.direct)} ms; through Miniflare's entry worker ` +
      `(dispatchFetch, wrangler dev; left out below, Cloudflare's edge does its work outside the Worker): ${round(empty.entry)} ms`,
  );
  log(
    `  one subrequest from a bare Worker: ${round(subrequest.direct)} ms; through Miniflare's outbound hop ` +
      `(strips CF-Connecting-IP in a second Worker; off below, production has none): ${round(subrequest.hop)} ms`,
  );

  const d = await startBenchDeployment({ assetsRouter: false, directSocket: true });
  let desk: Pick<
    WorkerCpuFigures,
    | 'worker_cpu_no_database_ms'
    | 'worker_cpu_availability_hit_ms'
    | 'worker_cpu_availability_cache_simulator_ms'
    | 'worker_cpu_request_ms'
    | 'worker_cpu_request_entry_ms'
    | 'worker_cpu_login_ms'
    | 'worker_cpu_login_passkey_ms'
    | 'worker_cpu_login_passkey_options_ms'
  >;
  try {
    const data1 = await seedBenchData(d.db, Date.now(), 1);
    const noDatabase = await cpuPerCall(d.pid, notFound(d));
    const simulated = await cpuPerCall(d.pid, computedAvailability(d, data1.url, 'availability'));
    const hit = await cpuPerCall(
      d.pid,
      async () => void (await expectStatus(await d.fetch(data1.url), 200, 'availability hit')),
    );
    const request = await requestCpu(d, data1);
    const requestEntry = await requestCpu({ ...d, fetch: d.entryFetch }, data1);
    const authenticator = await staffWithPasskey(d);
    const login = await cpuPerCall(d.pid, async (i) => void (await (await passwordSignIn(d, i)).text()), {
      warmup: 3,
      minCalls: 20,
      maxCalls: 100,
    });
    const passkey = await passkeyCpu(d, authenticator);
    desk = {
      worker_cpu_no_database_ms: round(noDatabase.ms),
      worker_cpu_availability_hit_ms: round(hit.ms),
      worker_cpu_availability_cache_simulator_ms: round(simulated.ms),
      worker_cpu_request_ms: round(request.ms),
      worker_cpu_request_entry_ms: round(requestEntry.ms),
      worker_cpu_login_ms: round(login.ms),
      worker_cpu_login_passkey_ms: round(passkey.verify),
      worker_cpu_login_passkey_options_ms: round(passkey.options),
    };
    log(
      `  a request answered without the database (404; the app's middleware): ${round(noDatabase.ms)} ms (n=${noDatabase.calls})`,
    );
    log(
      `  GET availability 1× (${data1.volunteers} volunteers, ${data1.activeBookings} active bookings), nothing changed (the kept copy): ${round(hit.ms)} ms (n=${hit.calls}); ${goal(hit.ms, GOALS.publicRequestMs)}`,
    );
    log(
      `  GET availability 1× computed, with Miniflare's cache simulator storing the copy in this process: ${round(simulated.ms)} ms (n=${simulated.calls}); not the Worker's (see below)`,
    );
    log(
      `  POST /api/public/requests 1×: ${round(request.ms)} ms (n=${request.calls}); ${goal(request.ms, GOALS.publicRequestMs)}; ` +
        `through Miniflare's entry worker: ${round(requestEntry.ms)} ms (n=${requestEntry.calls})`,
    );
    log(
      `  password sign-in (PBKDF2, 100,000 iterations): ${round(login.ms)} ms (n=${login.calls}); above the free plan's 10 ms`,
    );
    log(
      `  passkey sign-in: options ${round(passkey.options)} ms, answer checked ${round(passkey.verify)} ms (n=${passkey.n}); ${goal(Math.max(passkey.options, passkey.verify), GOALS.passkeySignInMs)}`,
    );
  } finally {
    await d.stop();
  }

  const plain = await startBenchDeployment({ assetsRouter: false, cacheStorage: false, directSocket: true });
  let computed: Pick<WorkerCpuFigures, 'worker_cpu_availability_ms' | 'worker_cpu_availability_10x_ms'>;
  try {
    const data1 = await seedBenchData(plain.db, Date.now(), 1);
    const a1 = await cpuPerCall(plain.pid, computedAvailability(plain, data1.url, 'availability'));
    const data10 = await seedBenchData(plain.db, Date.now(), 10);
    const a10 = await cpuPerCall(plain.pid, computedAvailability(plain, data10.url, 'availability 10×'));
    computed = { worker_cpu_availability_ms: round(a1.ms), worker_cpu_availability_10x_ms: round(a10.ms) };
    log(
      `  GET availability 1× computed (no-op cache service: the Worker's lookup and put, no storage): ${round(a1.ms)} ms (n=${a1.calls}); ${goal(a1.ms, GOALS.publicRequestMs)}`,
    );
    log(
      `  GET availability 10× (${data10.volunteers} volunteers, ${data10.activeBookings} active bookings), computed: ${round(a10.ms)} ms (n=${a10.calls})`,
    );
  } finally {
    await plain.stop();
  }

  const cron = await startBenchDeployment();
  try {
    const routed = await cpuPerCall(cron.pid, notFound(cron));
    log(
      `  the same 404 with Miniflare's entry worker and assets router in front (as wrangler dev runs it): ${round(routed.ms)} ms (n=${routed.calls})`,
    );
    await buildWorstTick(cron.db);
    const t0 = processCpuMs(cron.pid);
    const sub = await cron.scheduled(WORST_TICK_AT, WORST_TICK_CRON);
    const cpu = processCpuMs(cron.pid) - t0;
    const total = sub.total;
    log(
      `  worst cron tick (18:00, ${WORST_TICK_WORK.reminders} reminders due, ${WORST_TICK_WORK.lapsedRequests} lapsed requests with texts, ` +
        `${WORST_TICK_WORK.waitingTexts} texts waiting, retention and housekeeping work): ${total} subrequests ` +
        `(${sub.database} database, ${sub.twilio} SMS); goal ≤ ${GOALS.cronSubrequests}: ${total <= GOALS.cronSubrequests ? 'met' : 'MISSED'}; CPU ${round(cpu)} ms (± ${tick})`,
    );
    return {
      worker_cpu_empty_ms: round(empty.direct),
      worker_cpu_entry_worker_ms: round(empty.entry - empty.direct),
      worker_cpu_subrequest_ms: round(subrequest.direct),
      worker_cpu_subrequest_hop_ms: round(subrequest.hop),
      ...desk,
      ...computed,
      worker_cpu_no_database_assets_router_ms: round(routed.ms),
      worker_cpu_cron_tick_ms: round(cpu),
      cron_subrequests_max: total,
      cron_subrequests_database: sub.database,
      cron_subrequests_sms: sub.twilio,
    };
  } finally {
    await cron.stop();
  }
}
