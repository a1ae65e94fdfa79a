import type { AppDeps } from '../deps';
import { dispatchSms } from '../outbox/dispatch';
import { expireRequests } from './expire-requests';
import { housekeeping } from './housekeeping';
import { reminders } from './reminders';
import { retention } from './retention';

/** What a cron run knows: which expression fired and the instant it was planned for. */
export interface ScheduledEvent {
  cron: string;
  /** Epoch ms of the planned fire time (controller.scheduledTime); the jobs' "now". */
  scheduledTime: number;
}

/** Passed to every job. `now` is the planned fire time, never the wall clock: a late or retried run decides as if on time. */
export interface JobContext {
  cron: string;
  now: number;
}

/** What one job did: counts a person can read in the local /__scheduled output, or why it did nothing. */
export interface JobRun {
  counts: Record<string, number>;
  skipped?: SkipReason;
}

/** Why a job did nothing (or stopped): a closed set, so a report always reads the same way. */
export type SkipReason =
  | 'desk_not_configured'
  | 'sms_disabled'
  | 'quiet_hours'
  | 'before_reminder_hour'
  /** The provider refused the account or its configuration (the provider's code follows). */
  | `halted: ${string}`;

export type JobOutcome = ({ ok: true } & JobRun) | { ok: false; error: string };

export interface ScheduledReport {
  cron: string;
  scheduledTime: number;
  /** scheduledTime as ISO 8601 UTC, for humans. */
  at: string;
  /** False when at least one job failed; the others still ran. */
  ok: boolean;
  jobs: Record<string, JobOutcome>;
}

/**
 * A job runs on every cron tick and decides for itself whether there is work (e.g. reminders check the
 * desk's local reminder hour). Every job must be idempotent: it claims rows with conditional writes, so
 * overlapping or repeated runs are harmless.
 */
export interface ScheduledJob {
  name: string;
  run(deps: AppDeps, ctx: JobContext): Promise<JobRun>;
}

/**
 * The jobs in the order they run. Expiry comes first so a freed slot and its messages are visible to
 * the jobs after it; reminders and expiry texts are queued before dispatch, so they leave in the same
 * tick; retention erases only what no message of this tick still needs.
 */
export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  { name: 'expireRequests', run: expireRequests },
  { name: 'reminders', run: reminders },
  { name: 'dispatchSms', run: (deps, ctx) => dispatchSms(deps, ctx) },
  { name: 'retention', run: retention },
  { name: 'housekeeping', run: housekeeping },
];

/** Runs every scheduled job once as of `event.scheduledTime`; one failing job does not stop the others. */
export async function runScheduled(
  deps: AppDeps,
  event: ScheduledEvent,
  jobs: readonly ScheduledJob[] = SCHEDULED_JOBS,
): Promise<ScheduledReport> {
  const now = event.scheduledTime;
  // Pin the clock even if the caller did not, so any repository a job calls sees the planned time.
  const pinned: AppDeps = { ...deps, clock: { now: () => now } };
  const ctx: JobContext = { cron: event.cron, now };
  const report: ScheduledReport = {
    cron: event.cron,
    scheduledTime: now,
    at: new Date(now).toISOString(),
    ok: true,
    jobs: {},
  };
  for (const job of jobs) {
    try {
      report.jobs[job.name] = { ok: true, ...(await job.run(pinned, ctx)) };
    } catch (err) {
      report.ok = false;
      const name = err instanceof Error ? err.name : typeof err;
      report.jobs[job.name] = { ok: false, error: name };
      // The error name only: messages of database errors can quote parameters (personal data).
      deps.log.error('scheduled_job_failed', { job: job.name, cron: event.cron, scheduledTime: now, error: name });
    }
  }
  deps.log.info('scheduled_run', {
    cron: event.cron,
    scheduledTime: now,
    ok: report.ok,
    jobs: Object.fromEntries(Object.entries(report.jobs).map(([k, v]) => [k, v.ok ? v.counts : 'failed'])),
  });
  return report;
}
