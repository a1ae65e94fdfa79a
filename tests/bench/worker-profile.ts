/**
 * Where the Worker's CPU goes in workerd (npm run bench -- --profile): the bench's deployment (the build:worker
 * bundle, here without --minify so functions keep their names, under Miniflare against sqld with a JWT), with
 * Miniflare's DevTools inspector on; a V8 CPU profile (Chrome DevTools Protocol) is taken around N requests of
 * each kind, and the self time is listed per function and per module of the bundle (esbuild's `// path`
 * comments say which lines came from which file).
 *
 * The profile sees the isolate's thread only: JavaScript, the runtime's APIs called from it (fetch,
 * crypto.subtle, Response) and "(program)" (native work on that thread outside JavaScript). workerd's
 * socket and HTTP work elsewhere, and Miniflare's entry worker, are in the /proc figure but not here.
 * Sampling every 500 µs with the inspector attached slows the isolate: read the shares, not the totals.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { buildWorkerBundle } from '../fixtures/deployment';
import { seedBenchData } from './bench-data';
import { processCpuMs } from './process-cpu';
import {
  addressFor,
  requestPoster,
  staffWithPasskey,
  startBenchDeployment,
  type BenchDeployment,
} from './worker-cpu-bench';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A free loopback port for the inspector. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A minimal CDP client over Node's WebSocket (Node 20: --experimental-websocket). */
async function inspector(url: string) {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), { once: true });
  });
  let next = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  ws.addEventListener('message', (event: MessageEvent) => {
    const msg = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const w = msg.id === undefined ? undefined : waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id!);
    if (msg.error) w.reject(new Error(msg.error.message));
    else w.resolve(msg.result);
  });
  return {
    send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      const id = next++;
      ws.send(JSON.stringify({ id, method, params }));
      return new Promise<T>((resolve, reject) => waiting.set(id, { resolve: resolve as (v: unknown) => void, reject }));
    },
    close: () => ws.close(),
  };
}

/** Module of each line of the unminified bundle, from esbuild's `// path/to/file.ts` comments. */
function moduleMap(bundleFile: string): (line: number) => string {
  const lines = readFileSync(bundleFile, 'utf8').split('\n');
  const starts: { line: number; name: string }[] = [];
  lines.forEach((text, i) => {
    const m = /^\/\/ ((?:\.\.\/)*(?:node_modules|worker|\.wrangler)\/\S+)$/.exec(text);
    if (m) starts.push({ line: i, name: m[1]! });
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]!.line <= line) {
        found = starts[mid]!.name;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** The package (or the project's own folder) a module belongs to. */
function packageOf(module: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module);
  if (m) return m[1]!;
  const w = /worker\/src\/([^/]+)/.exec(module);
  return w ? `worker/src/${w[1]}` : module;
}

interface Summary {
  sampledMs: number;
  byFunction: [string, number][];
  byPackage: [string, number][];
  /** Time with the function on the stack (itself and what it called), the project's own functions only. */
  inclusive: [string, number][];
}

function summarise(profile: CpuProfile, moduleOf: (line: number) => string, requests: number): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time before sample i: the time from sample i to i+1 belongs to sample i.
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + delta);
  }
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const { callFrame: f } = byId.get(id)!;
    if (f.functionName === '(idle)') continue;
    total += us;
    const module = f.url.endsWith('.js') ? moduleOf(f.lineNumber) : f.url || '(native)';
    const where = f.url.endsWith('.js') ? `${packageOf(module)}` : module;
    const name = `${f.functionName || '(anonymous)'}  [${where}${f.url.endsWith('.js') ? `:${f.lineNumber + 1}` : ''}]`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    const p = f.url.endsWith('.js')
      ? packageOf(module)
      : f.functionName.startsWith('(')
        ? f.functionName
        : 'runtime APIs';
    pkg.set(p, (pkg.get(p) ?? 0) + us);
  }
  // Inclusive: each sample's time counts once for every distinct project function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (!f.url.endsWith('.js')) continue;
      const module = moduleOf(f.lineNumber);
      if (!module.includes('worker/src/')) continue;
      onStack.add(`${f.functionName || '(anonymous)'}  [${packageOf(module)}:${f.lineNumber + 1}]`);
    }
    for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
  const perRequest = (m: Map<string, number>) =>
    [...m.entries()].map(([k, us]) => [k, us / 1000 / requests] as [string, number]).sort((a, b) => b[1] - a[1]);
  return {
    sampledMs: total / 1000 / requests,
    byFunction: perRequest(fn),
    byPackage: perRequest(pkg),
    inclusive: perRequest(inclusive),
  };
}

const fmt = (ms: number) => ms.toFixed(3);

/** Profiles `n` calls of `fn` (after a warm-up); prints the top self times per request. */
async function profileOf(
  cdp: Awaited<ReturnType<typeof inspector>>,
  d: BenchDeployment,
  what: string,
  n: number,
  fn: (i: number) => Promise<void>,
  moduleOf: (line: number) => string,
  top: number,
) {
  for (let i = 0; i < 20; i++) await fn(i);
  await cdp.send('Profiler.start');
  const cpu0 = processCpuMs(d.pid);
  for (let i = 0; i < n; i++) await fn(20 + i);
  const cpu = (processCpuMs(d.pid) - cpu0) / n;
  const { profile } = await cdp.send<{ profile: CpuProfile }>('Profiler.stop');
  const s = summarise(profile, moduleOf, n);
  console.log(
    `\n== ${what}: ${n} requests; workerd process CPU ${fmt(cpu)} ms/request (profiler attached), isolate thread sampled (not idle) ${fmt(s.sampledMs)} ms/request`,
  );
  console.log('  by package / folder (self ms per request):');
  for (const [k, ms] of s.byPackage.slice(0, 14)) console.log(`    ${fmt(ms).padStart(7)}  ${k}`);
  console.log(`  top ${top} functions (self ms per request):`);
  for (const [k, ms] of s.byFunction.slice(0, top)) console.log(`    ${fmt(ms).padStart(7)}  ${k}`);
  console.log(`  top ${top} of the project's functions by inclusive time (ms per request):`);
  for (const [k, ms] of s.inclusive.slice(0, top)) console.log(`    ${fmt(ms).padStart(7)}  ${k}`);
}

export async function profileWorker(kinds: readonly string[], n = 200, top = 25): Promise<void> {
  const port = await freePort();
  const d = await startBenchDeployment({
    inspectorPort: port,
    unminified: true,
    assetsRouter: false,
    directSocket: true,
  });
  const { dir } = await buildWorkerBundle(false);
  const moduleOf = moduleMap(join(dir, 'index.js'));
  try {
    // workerd's own inspector lists each Worker with its DevTools address.
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
      title?: string;
      webSocketDebuggerUrl: string;
    }[];
    const target = targets.find((t) => t.webSocketDebuggerUrl.endsWith(':sportello'));
    if (!target) throw new Error(`no inspector target for the Worker: ${JSON.stringify(targets)}`);
    const cdp = await inspector(target.webSocketDebuggerUrl);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    const data = await seedBenchData(d.db, Date.now(), 1);
    if (kinds.includes('none')) {
      await profileOf(
        cdp,
        d,
        'a 404 answered without the database',
        n,
        async () => void (await (await d.fetch('/api/public/no-such-route')).text()),
        moduleOf,
        top,
      );
    }
    if (kinds.includes('availability')) {
      await profileOf(
        cdp,
        d,
        'GET availability 1×',
        n,
        async () => void (await (await d.fetch(data.url)).text()),
        moduleOf,
        top,
      );
    }
    if (kinds.includes('request')) {
      await profileOf(cdp, d, 'POST /api/public/requests', n, await requestPoster(d, data), moduleOf, top);
    }
    if (kinds.includes('passkey')) {
      const authenticator = await staffWithPasskey(d);
      const post = (path: string, i: number, body?: unknown) =>
        d.fetch(path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: d.publicBaseUrl, 'CF-Connecting-IP': addressFor(i) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      // Challenges made ahead, so the profile holds the answers' checks only.
      const answers: unknown[] = [];
      for (let i = 0; i < n + 20; i++) {
        const res = await post('/api/admin/session/passkey/options', 5000 + i);
        const { challenge } = JSON.parse(await res.text()) as { challenge: string };
        answers.push(await authenticator.signIn(challenge));
      }
      await profileOf(
        cdp,
        d,
        'passkey sign-in (the answer checked)',
        n,
        async (i) => {
          const res = await post('/api/admin/session/passkey', 9000 + i, { response: answers[i] });
          if (res.status !== 200) throw new Error(`passkey sign-in answered ${res.status}: ${await res.text()}`);
        },
        moduleOf,
        top,
      );
    }
    cdp.close();
  } finally {
    await d.stop();
  }
}
