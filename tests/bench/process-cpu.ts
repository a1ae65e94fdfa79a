/**
 * CPU time of another process (workerd) from /proc, for the bench's per-request CPU figures. Linux only.
 * utime + stime of the process and cutime + cstime of its waited-for children, in clock ticks
 * (/proc/<pid>/stat fields 14–17), converted to milliseconds.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second (USER_HZ): 100 on every common Linux, asked once from getconf. */
function clockTicks(): number {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

let ticksPerSecond: number | undefined;

/** The fields after the command name of /proc/<pid>/stat; the name is in parentheses and may hold spaces. */
function statFields(pid: number): string[] {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** The process's CPU time so far, children included, in milliseconds. */
export function processCpuMs(pid: number): number {
  ticksPerSecond ??= clockTicks();
  // statFields starts at field 3 (state): utime is field 14, so index 11; stime, cutime, cstime follow.
  const f = statFields(pid);
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(f[i]), 0);
  return (ticks * 1000) / ticksPerSecond;
}

/** The milliseconds one CPU-time reading can be off by (one clock tick). */
export function cpuResolutionMs(): number {
  ticksPerSecond ??= clockTicks();
  return 1000 / ticksPerSecond;
}

/** Pids of the running children of `parent` whose command name is `name` (e.g. the workerd Miniflare started). */
export function childPids(parent: number, name: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
      const ppid = Number(statFields(Number(entry))[1]);
      if (ppid === parent && comm === name) out.push(Number(entry));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

export interface CpuPerCall {
  /** Mean CPU milliseconds of the process per call. */
  ms: number;
  calls: number;
  /** Total CPU milliseconds measured, to judge the tick resolution against. */
  totalMs: number;
}

/**
 * Mean CPU time `pid` spends per call of `fn`: `warmup` calls first (JIT, caches, connections), then
 * calls until both `minCalls` are done and `minCpuMs` of CPU has been measured (so one clock tick is a
 * small error), at most `maxCalls` or `budgetMs` of wall time. Calls run one at a time.
 */
export async function cpuPerCall(
  pid: number,
  fn: (i: number) => Promise<void>,
  opts: { warmup?: number; minCalls?: number; maxCalls?: number; minCpuMs?: number; budgetMs?: number } = {},
): Promise<CpuPerCall> {
  const { warmup = 20, minCalls = 50, maxCalls = 2000, minCpuMs = 1_500, budgetMs = 15_000 } = opts;
  let i = 0;
  for (; i < warmup; i++) await fn(i);
  const deadline = performance.now() + budgetMs;
  const before = processCpuMs(pid);
  let calls = 0;
  let totalMs = 0;
  while (calls < maxCalls) {
    await fn(i++);
    calls++;
    totalMs = processCpuMs(pid) - before;
    if (calls >= minCalls && totalMs >= minCpuMs) break;
    if (performance.now() > deadline && calls >= Math.min(minCalls, 10)) break;
  }
  return { ms: totalMs / calls, calls, totalMs };
}
