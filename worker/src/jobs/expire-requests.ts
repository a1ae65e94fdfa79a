import type { AppDeps } from '../deps';
import { expireRequestsById, loadLapsedRequests } from '../db/repo/expiry';
import { enqueueMany, messagesFor, outboxDesk } from '../outbox/enqueue';
import { textsAbout } from '../outbox/policy';
import type { JobContext, JobRun } from './scheduled';

/** Bounds one run's work (and the Worker's CPU time); the next tick takes the rest. */
export const EXPIRE_BATCH_LIMIT = 500;

/** Subrequests of one run at most: the read, then the batch (see below). */
export const EXPIRE_SUBREQUESTS = 2;

/**
 * Requests whose hold has lapsed become `expired`, which frees their slot; only when the desk has request
 * SMS on (policy.ts `textsAbout`: off by default) does the person get an 'expiry' text. Two round trips: one read of the desk and the due
 * requests (their texts are rendered from it), then one atomic batch of the audit rows, the texts and
 * the status change, each re-checking that the request is still lapsed.
 */
export async function expireRequests(deps: AppDeps, ctx: JobContext): Promise<JobRun> {
  const { db } = deps;
  const now = ctx.now;
  // Decide: which requests have lapsed, and does the desk text them?
  const { desk, due } = await loadLapsedRequests(db, now, EXPIRE_BATCH_LIMIT);
  if (due.length === 0) return { counts: { expired: 0 } };
  const place =
    desk && textsAbout('requested', desk.requestSms) ? outboxDesk(desk, deps.config.publicBaseUrl) : undefined;
  const texts = place ? messagesFor('expiry', place, due) : [];

  // Claim and write: one batch, every statement guarded by "still lapsed".
  const expired = await expireRequestsById(
    db,
    due.map((d) => d.id),
    now,
    (stillLapsed) => enqueueMany(db, texts, now, stillLapsed),
  );
  return { counts: { expired } };
}
