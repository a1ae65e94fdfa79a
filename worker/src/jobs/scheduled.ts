import type { AppDeps } from '../deps';
import { describeDatabaseError } from '../db/errors';
import { dispatchSms } from '../outbox/dispatch';
import { holdingBack } from '../lib/subrequests';
import { EXPIRE_SUBREQUESTS, expireRequests } from './expire-requests';
import { HOUSEKEEPING_SUBREQUESTS, housekeeping } from './housekeeping';
import { REMINDER_SUBREQUESTS, reminders } from './reminders';
import { RETENTION_SUBREQUESTS, retention } from './retention';
import { WAITLIST_SUBREQUESTS, waitlistTick } from '../waitlist/cron';

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
  /** What is left of the invocation's subrequest budget cannot pay for the job (or for more sending). */
  | 'subrequest_budget'
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
  /** The invocation's subrequests (database round trips + provider calls), when metered (always on Workers). */
  subrequests?: SubrequestUse;
}

export interface SubrequestUse {
  /** The budget (SUBREQUEST_BUDGET). */
  limit: number;
  /** Made by the whole run; never above `limit`. */
  used: number;
  /** Made by each job. */
  jobs: Record<string, number>;
}

/**
 * A job runs on every cron tick and decides for itself whether there is work (e.g. reminders check the
 * desk's local reminder hour). Every job must be idempotent: it claims rows with conditional writes, so
 * overlapping or repeated runs are harmless.
 */
export interface ScheduledJob {
  name: string;
  /**
   * The most subrequests one run of the job makes (database round trips and provider calls), whatever the
   * data: the runner keeps that many back for it from the jobs before it. 'rest' for the one job whose
   * work stretches (dispatch): it gets what the others leave and must stay within `deps.subrequests`.
   */
  subrequests: number | 'rest';
  run(deps: AppDeps, ctx: JobContext): Promise<JobRun>;
}

/**
 * The jobs in the order they run. Expiry comes first so a freed slot and its messages are visible to
 * the jobs after it; reminders and expiry texts are queued before dispatch, so they leave in the same
 * tick; the waitlist's lapsed offers and freed times (the expired requests' among them) are offered before
 * dispatch, so their texts leave in the same tick too; retention erases only what no message of this tick still needs. Retention and housekeeping run
 * after dispatch with their maxima held back from it, so the tick's total stays within the budget.
 */
export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  { name: 'expireRequests', subrequests: EXPIRE_SUBREQUESTS, run: expireRequests },
  { name: 'reminders', subrequests: REMINDER_SUBREQUESTS, run: reminders },
  { name: 'waitlist', subrequests: WAITLIST_SUBREQUESTS, run: waitlistTick },
  { name: 'dispatchSms', subrequests: 'rest', run: (deps, ctx) => dispatchSms(deps, ctx) },
  { name: 'retention', subrequests: RETENTION_SUBREQUESTS, run: retention },
  { name: 'housekeeping', subrequests: HOUSEKEEPING_SUBREQUESTS, run: housekeeping },
];

/**
 * Runs every scheduled job once as of `event.scheduledTime`; one failing job does not stop the others.
 * With a subrequest meter (the Worker), each job runs only if what is left, less the maxima of the jobs
 * after it, covers its own maximum; the 'rest' job sees that remainder as its budget. So the run never
 * makes more subrequests than the budget, whatever is due.
 */
export async function runScheduled(
  deps: AppDeps,
  event: ScheduledEvent,
  jobs: readonly ScheduledJob[] = SCHEDULED_JOBS,
): Promise<ScheduledReport> {
  const now = event.scheduledTime;
  // Pin the clock even if the caller did not, so any repository a job calls sees the planned time.
  const pinned: AppDeps = { ...deps, clock: { now: () => now } };
  const ctx: JobContext = { cron: event.cron, now };
  const meter = deps.subrequests;
  const report: ScheduledReport = {
    cron: event.cron,
    scheduledTime: now,
    at: new Date(now).toISOString(),
    ok: true,
    jobs: {},
  };
  const use: SubrequestUse | undefined = meter && { limit: meter.limit, used: 0, jobs: {} };
  for (const [i, job] of jobs.entries()) {
    const before = meter?.used() ?? 0;
    // Held back for the jobs still to come.
    const later = jobs.slice(i + 1).reduce((n, j) => n + (j.subrequests === 'rest' ? 0 : j.subrequests), 0);
    const mine = meter && holdingBack(meter, later);
    if (mine && job.subrequests !== 'rest' && mine.left() < job.subrequests) {
      report.jobs[job.name] = { ok: true, counts: {}, skipped: 'subrequest_budget' };
      continue;
    }
    try {
      const jobDeps = mine && job.subrequests === 'rest' ? { ...pinned, subrequests: mine } : pinned;
      report.jobs[job.name] = { ok: true, ...(await job.run(jobDeps, ctx)) };
    } catch (err) {
      report.ok = false;
      const name = err instanceof Error ? err.name : typeof err;
      report.jobs[job.name] = { ok: false, error: name };
      // The error's name, and the real cause below drizzle's "Failed query: …" ("authentication failed (HTTP
      // 401): check TURSO_AUTH_TOKEN"), as /api/health logs it: never the SQL or its values (personal data).
      const { message: cause } = describeDatabaseError(err, deps.config.database);
      deps.log.error('scheduled_job_failed', {
        job: job.name,
        cron: event.cron,
        scheduledTime: now,
        error: name,
        ...(cause === name ? {} : { cause }),
      });
    }
    if (meter && use) {
      const made = meter.used() - before;
      use.jobs[job.name] = made;
      // A job over its declared maximum breaks the budget's arithmetic: a bug to fix in the job or its figure.
      if (job.subrequests !== 'rest' && made > job.subrequests) {
        deps.log.error('scheduled_job_over_subrequests', { job: job.name, made, declared: job.subrequests });
      }
    }
  }
  if (meter && use) {
    use.used = meter.used();
    report.subrequests = use;
  }
  deps.log.info('scheduled_run', {
    cron: event.cron,
    scheduledTime: now,
    ok: report.ok,
    jobs: Object.fromEntries(Object.entries(report.jobs).map(([k, v]) => [k, v.ok ? v.counts : 'failed'])),
    ...(use ? { subrequests: use.used, subrequestBudget: use.limit } : {}),
  });
  return report;
}
