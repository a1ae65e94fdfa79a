/**
 * Sends due SMS from the outbox: on every cron tick, and right after a write that queued messages
 * (`deps.outbox.sendSoon()`, run through deps.defer = waitUntil in the Worker).
 *
 * Guarantees:
 * - Never twice from overlapping or retried runs: a row is sent only by the run whose conditional UPDATE
 *   claimed it (status 'sending' + a lease), and only that claim (fenced by the attempt number) records
 *   the outcome.
 * - Never lost: a run that dies after claiming leaves rows 'sending'; once the lease has run out, the next
 *   run takes them again. The lease (15 min) outlasts any live run: sends time out after 10 s and a run
 *   sends at most SMS_MAX_PER_RUN messages.
 * - The one window for a duplicate is a run dying after the provider accepted a message and before the
 *   batch's outcome is recorded (at-least-once there, because a missed reminder costs the desk a no-show
 *   and a repeated one costs a few cents). Batches are small to keep that window short, and a delivery
 *   report arriving meanwhile moves the row out of 'sending', which also prevents the resend.
 * - Temporary failures retry with backoff (1 min, 5 min, 30 min, then every 2 h; given up after 8
 *   attempts); permanent ones (invalid number, opted out, landline) stop at once and show as failed.
 * - Account problems (sender refused, country not enabled, credentials, provider not configured: the
 *   provider's answer carries `account`) stop the run; the message waits without using up an attempt
 *   and one SMS alert is stored for the admin portal. While it stands, a tick sends one message first
 *   and, when that one goes, clears the alert and sends the rest; `sendSoon` leaves a halted provider
 *   alone. Messages to a country the desk no longer texts (sms_countries) fail with
 *   `country_not_allowed` instead of being sent, so removing a refused country unblocks the queue.
 * - Quiet hours hold everything back; the monthly budget and the desk's hourly cap limit what is
 *   claimed, and what waits for them is marked (`budget_exhausted`, `desk_hourly_cap`) and stays pending;
 *   a message the booking no longer warrants is cancelled instead of sent.
 * - Per-number caps (policy.ts `overNumberCaps`): a claimed message that would take its number over a cap
 *   is not sent but cancelled with `recipient_cap` (an audit event and a log line say so). Counts include
 *   messages other live runs hold, so concurrent runs cannot both take the last place.
 *
 * Database round trips: one to read the desk, then one per claimed batch (the outcomes of a batch are
 * recorded in the same round trip as the next claim), then one for the last outcomes.
 *
 * Subrequests (lib/subrequests.ts): a claim is made only when what is left of `deps.subrequests` pays for
 * its round trip, one send per message claimed, and the round trip that records them; otherwise the run
 * stops and the rest stays pending for the next run (counted as `outOfSubrequests`). So a run never takes
 * the invocation over its budget, and never holds a claim it cannot send.
 */
import type { AppDeps, Outbox } from '../deps';
import type { JobContext, JobRun } from '../jobs/scheduled';
import type { SmsSendResult } from '../sms/provider';
import { DEFAULT_SMS_MONTHLY_BUDGET } from '../db/schema/desk';
import { countryOf, isAllowedDestination, parseCountryList } from '../domain/phone';
import {
  DESK_CAP_WINDOW_MS,
  localMonthStart,
  MAX_ATTEMPTS,
  nextAllowedInstant,
  NUMBER_CAP_WINDOW_MS,
  overNumberCaps,
  retryDelayMs,
  type RecipientTally,
} from './policy';
import {
  cancelAllWaiting,
  loadDispatchDesk,
  markHeld,
  recordAndClaim,
  type AlertChange,
  type ClaimedMessage,
  type RecipientCount,
  type SendOutcome,
} from './store';

/**
 * Default of SMS_MAX_PER_RUN, a cap on top of the subrequest budget: it bounds how long a run holds its
 * claims (a fraction of the lease) and its CPU time, also on the Paid plan's larger budget.
 */
export const DEFAULT_SMS_MAX_PER_RUN = 40;
/** Messages claimed (and recorded) together: the unit of the duplicate window and of the round trips. */
export const CLAIM_BATCH = 20;
/** Parallel sends; a Worker may hold 6 connections and the database needs one. */
export const SEND_CONCURRENCY = 5;
/** How long a claim keeps other runs away from its rows. */
export const LEASE_MS = 15 * 60_000;
/** Right after a write there are one or two new messages; this bounds the request's own subrequests. */
export const SOON_MAX = 10;

export interface DispatchOptions {
  /** Overrides SMS_MAX_PER_RUN (the bench lifts it; dispatchSoon lowers it). */
  maxPerRun?: number;
  batchSize?: number;
  concurrency?: number;
  /**
   * While an SMS alert stands: 'probe' (a tick) sends one message to find out whether the account works
   * again; 'skip' (right after a write) sends nothing, so a halted provider is not asked on every booking.
   */
  whileHalted?: 'probe' | 'skip';
}

/** One dispatcher run as of `ctx.now`. Counts: claimed, sent, retried, failed, released, cancelled. */
export async function dispatchSms(deps: AppDeps, ctx: JobContext, opts: DispatchOptions = {}): Promise<JobRun> {
  const { db } = deps;
  const now = ctx.now;
  const counts = { claimed: 0, sent: 0, retried: 0, failed: 0, released: 0, cancelled: 0, capped: 0 };
  // Subrequests this run may still make (the invocation's budget less what later work holds back).
  const spare = () => deps.subrequests?.left() ?? Infinity;

  // The desk, and a round trip to act on it.
  if (spare() < 2) return { counts, skipped: 'subrequest_budget' };
  const desk = await loadDispatchDesk(db);
  if (!desk) return { counts, skipped: 'desk_not_configured' };
  if (!desk.smsEnabled) {
    counts.cancelled = await cancelAllWaiting(db, now);
    return { counts, skipped: 'sms_disabled' };
  }
  if (nextAllowedInstant(now, desk.quietStartMinute, desk.quietEndMinute, desk.timeZone) > now) {
    return { counts, skipped: 'quiet_hours' };
  }
  if (desk.alertCode !== null && opts.whileHalted === 'skip') return { counts, skipped: `halted: ${desk.alertCode}` };

  const cap = Math.max(0, opts.maxPerRun ?? deps.config.smsMaxPerRun ?? DEFAULT_SMS_MAX_PER_RUN);
  const batchSize = Math.max(1, opts.batchSize ?? CLAIM_BATCH);
  const concurrency = Math.max(1, opts.concurrency ?? SEND_CONCURRENCY);
  const budget = {
    max: desk.smsMonthlyBudget ?? DEFAULT_SMS_MONTHLY_BUDGET,
    since: localMonthStart(now, desk.timeZone),
  };
  const hourly = { max: desk.smsPerDeskHourly, since: now - DESK_CAP_WINDOW_MS };
  const numberCaps = { perNumberDaily: desk.smsPerNumberDaily, perNumberDailyTotal: desk.smsPerNumberDailyTotal };

  let remaining = cap;
  let outcomes: SendOutcome[] = [];
  let first = true;
  let budgetLeft = Infinity;
  let hourLeft = Infinity;
  let halted: string | undefined;
  const countries = parseCountryList(desk.smsCountries);
  // Halted by an account problem: one message per round is sent, the rest of the claim waits, until one
  // goes (then the rest follows) or the account refuses again.
  let probing = desk.alertCode !== null;
  // The first round refreshes a standing alert's count; later rounds store or clear it.
  let alert: AlertChange | undefined = probing ? { kind: 'touch' } : undefined;
  let outOfSubrequests = false;

  for (;;) {
    // The claim's round trip, a send per message, and the round trip recording them must all be left.
    const affordable = spare() - 2;
    const want = halted ? 0 : Math.max(0, Math.min(batchSize, remaining, affordable));
    if (want === 0) {
      outOfSubrequests = !halted && remaining > 0;
      // Nothing more to claim: record the last outcomes (no round trip when there are none).
      await recordAndClaim(db, { now, outcomes, alert });
      break;
    }
    const round = await recordAndClaim(db, {
      now,
      outcomes,
      alert,
      claim: { limit: want, leaseMs: LEASE_MS, budget, hourly, numberSince: now - NUMBER_CAP_WINDOW_MS, first },
    });
    alert = undefined;
    if (first) {
      counts.cancelled = round.staleCancelled;
      budgetLeft = budget.max - (round.used?.month ?? 0);
      hourLeft = hourly.max - (round.used?.hour ?? 0);
      first = false;
    }
    const { claimed } = round;
    counts.claimed += claimed.length;
    remaining -= claimed.length;
    budgetLeft -= claimed.length;
    hourLeft -= claimed.length;
    if (claimed.length === 0) break;

    const over = overNumberCaps(
      claimed.map((m) => ({ id: m.id, recipient: m.recipient, extra: m.extra === 1 })),
      othersThan(claimed, round.recipients),
      numberCaps,
    );
    const capped = claimed.filter((m) => over.has(m.id));
    for (const m of capped) {
      // Ids and kinds only: the number stays out of the logs.
      deps.log.warn('sms_recipient_cap', { messageId: m.id, kind: m.kind });
    }
    const abroad = claimed.filter((m) => !over.has(m.id) && !isAllowedDestination(m.recipient, countries));
    const sendable = claimed.filter((m) => !over.has(m.id) && !abroad.includes(m));
    // While probing, only the first is sent; the others go back untouched and are claimed again next round.
    const waiting = probing ? sendable.slice(1) : [];
    remaining += waiting.length;
    budgetLeft += waiting.length;
    hourLeft += waiting.length;
    const sent = await sendBatch(deps, probing ? sendable.slice(0, 1) : sendable, now, concurrency);
    outcomes = [
      ...sent.outcomes,
      ...capped.map(unsentOutcome('capped')),
      ...abroad.map(unsentOutcome('refused')),
      ...waiting.map(unsentOutcome('probing')),
    ];
    counts.capped += capped.length;
    counts.failed += abroad.length;
    counts.released += waiting.length;
    halted ??= sent.halted;
    if (sent.account) {
      alert = { kind: 'set', provider: deps.sms.name, ...sent.account };
    } else if (probing && sent.outcomes.some((o) => o.outcome === 'sent')) {
      // The account works again: the alert goes with this round's records and the rest is sent as usual.
      probing = false;
      alert = { kind: 'clear' };
      deps.log.info('sms_dispatch_resumed', { provider: deps.sms.name });
    } else if (probing && sent.outcomes.some((o) => o.outcome === 'retry')) {
      // The provider is having trouble: leave the rest for the next tick rather than try them one by one.
      halted ??= sent.outcomes.find((o) => o.outcome === 'retry')?.errorCode;
    }
    for (const o of sent.outcomes) {
      if (o.outcome === 'sent') counts.sent += 1;
      else if (o.outcome === 'retry') counts.retried += 1;
      else if (o.outcome === 'failed') counts.failed += 1;
      else counts.released += 1;
    }
    // Fewer than asked: nothing else is due (but what a probe held back). Record the outcomes and stop.
    if (claimed.length < want && waiting.length === 0) remaining = 0;
  }

  const run: JobRun = { counts: outOfSubrequests ? { ...counts, outOfSubrequests: 1 } : counts };
  // Marking why messages wait is a label for the portal: without a subrequest to spare, a later run writes it.
  if (budgetLeft <= 0 && counts.claimed < cap) {
    const held = spare() >= 1 ? await markHeld(db, now, 'budget_exhausted') : 0;
    // Once per newly held message, not on every tick of the month.
    if (held > 0) deps.log.warn('sms_budget_exhausted', { budget: budget.max, held });
    run.counts = { ...run.counts, budgetExhausted: 1 };
  } else if (hourLeft <= 0 && counts.claimed < cap) {
    const held = spare() >= 1 ? await markHeld(db, now, 'desk_hourly_cap') : 0;
    if (held > 0) deps.log.warn('sms_desk_hourly_cap', { cap: hourly.max, held });
    run.counts = { ...run.counts, deskHourlyCap: 1 };
  }
  if (halted) {
    deps.log.error('sms_dispatch_halted', { provider: deps.sms.name, code: halted });
    run.skipped = `halted: ${halted}`;
  }
  return run;
}

/**
 * Sends right away what a write just queued, without waiting for the next cron tick; errors are logged,
 * never thrown (the request that called it has already been answered).
 */
async function dispatchSoon(deps: AppDeps): Promise<void> {
  try {
    const cap = Math.min(SOON_MAX, deps.config.smsMaxPerRun ?? DEFAULT_SMS_MAX_PER_RUN);
    await dispatchSms(deps, { cron: 'after_write', now: deps.clock.now() }, { maxPerRun: cap, whileHalted: 'skip' });
  } catch (err) {
    deps.log.error('sms_dispatch_soon_failed', { error: err instanceof Error ? err.name : typeof err });
  }
}

/**
 * Gives `base` its outbox port: `sendSoon()` hands a dispatch run to `base.defer` (waitUntil in the
 * Worker, fire-and-forget on Node) and does nothing without one (tests dispatch explicitly). Call it
 * again after replacing `defer` or `clock`, so the port sees the new ones.
 *
 * The run starts once `after` has settled (see `answerThenSend`), and one run at a time: each sees what the
 * request and the run before it spent of the invocation's subrequests. A call while a run waits to start
 * is served by that run.
 */
export function withOutbox(base: Omit<AppDeps, 'outbox'>, after: Promise<unknown> = Promise.resolve()): AppDeps {
  let last: Promise<unknown> = after;
  let waiting = false;
  const outbox: Outbox = {
    sendSoon() {
      if (!deps.defer || waiting) return;
      waiting = true;
      const run = last.then(() => {
        waiting = false;
        return dispatchSoon(deps);
      });
      last = run;
      deps.defer(run);
    },
  };
  const deps: AppDeps = { ...base, outbox };
  return deps;
}

/** An account problem found by a send, as the SMS alert stores it. */
type AccountHalt = Omit<Extract<AlertChange, { kind: 'set' }>, 'kind' | 'provider'>;

/**
 * Answers one request with `handle`, on deps whose deferred sending starts only after the answer: the
 * request's own round trips come first and the sending takes what they leave of the budget, so the two
 * never interleave past it.
 */
export async function answerThenSend<T>(
  base: Omit<AppDeps, 'outbox'>,
  handle: (deps: AppDeps) => Promise<T>,
): Promise<T> {
  let answered!: () => void;
  const deps = withOutbox(base, new Promise<void>((resolve) => (answered = resolve)));
  try {
    return await handle(deps);
  } finally {
    answered();
  }
}

/** Sends a claimed batch with bounded concurrency; after a halting answer the rest is released unsent. */
async function sendBatch(
  deps: AppDeps,
  claimed: readonly ClaimedMessage[],
  now: number,
  concurrency: number,
): Promise<{ outcomes: SendOutcome[]; halted?: string; account?: AccountHalt }> {
  const outcomes: SendOutcome[] = new Array<SendOutcome>(claimed.length);
  const provider = deps.sms.name;
  let halted: string | undefined;
  let account: AccountHalt | undefined;
  let next = 0;

  async function worker() {
    for (;;) {
      const i = next++;
      const m = claimed[i];
      if (!m) return;
      if (halted) {
        outcomes[i] = {
          id: m.id,
          attempts: m.attempts,
          outcome: 'release',
          errorCode: halted,
          error: 'not attempted: the run stopped',
        };
        continue;
      }
      let result: SmsSendResult;
      try {
        result = await deps.sms.send({ to: m.recipient, body: m.body, messageId: m.id });
      } catch (err) {
        // A provider that throws is a bug or an outage; either way the message waits for another try.
        result = {
          ok: false,
          permanent: false,
          code: 'provider_error',
          message: err instanceof Error ? err.name : 'error',
        };
      }
      outcomes[i] = outcomeOf(m, result, provider, now);
      if (!result.ok) {
        if (result.haltRun) halted ??= result.code;
        if (result.account && !account) {
          // The country only (never the number): what the admin must enable or remove from the desk's list.
          const country = result.account === 'country' ? (countryOf(m.recipient) ?? null) : null;
          account = { reason: result.account, code: result.code, message: result.message, country };
        }
        // Ids and codes only: the number and the text stay out of the logs.
        deps.log.warn('sms_send_failed', {
          messageId: m.id,
          kind: m.kind,
          attempt: m.attempts,
          code: result.code,
          permanent: result.permanent,
        });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
  return { outcomes, halted, account };
}

/** The per-number counts without this claim's own rows (they are counted in the SQL as live claims). */
function othersThan(
  claimed: readonly ClaimedMessage[],
  counts: readonly RecipientCount[],
): Map<string, RecipientTally> {
  const out = new Map<string, RecipientTally>(counts.map((c) => [c.recipient, { total: c.total, extra: c.extra }]));
  for (const m of claimed) {
    const t = out.get(m.recipient);
    if (!t) continue;
    t.total -= 1;
    if (m.extra === 1) t.extra -= 1;
  }
  return out;
}

/**
 * Claimed messages not sent: over a per-number cap (cancelled), to a country the desk no longer texts
 * (failed), or held back while one message probes a halted provider (back to pending, unchanged).
 */
const UNSENT = {
  capped: { outcome: 'capped', errorCode: 'recipient_cap', error: 'daily SMS limit for this number reached' },
  refused: {
    outcome: 'refused',
    errorCode: 'country_not_allowed',
    error: 'the desk does not send SMS to this country (desk settings)',
  },
  probing: { outcome: 'release', errorCode: 'provider_halted', error: 'waiting: the SMS provider refused the account' },
} as const;

function unsentOutcome(why: keyof typeof UNSENT) {
  return (m: ClaimedMessage): SendOutcome => ({ id: m.id, attempts: m.attempts, ...UNSENT[why] });
}

function outcomeOf(m: ClaimedMessage, r: SmsSendResult, provider: string, now: number): SendOutcome {
  const base = { id: m.id, attempts: m.attempts, provider };
  if (r.ok) return { ...base, outcome: 'sent', providerId: r.providerId };
  if (r.permanent) return { ...base, outcome: 'failed', errorCode: r.code, error: r.message };
  if (r.account) {
    // The account's fault, not the message's: it waits for the fix without using up its attempts.
    return { id: m.id, attempts: m.attempts, outcome: 'release', errorCode: r.code, error: r.message };
  }
  if (m.attempts >= MAX_ATTEMPTS) {
    return {
      ...base,
      outcome: 'failed',
      errorCode: r.code,
      error: `gave up after ${m.attempts} attempts: ${r.message}`,
    };
  }
  return { ...base, outcome: 'retry', notBefore: now + retryDelayMs(m.attempts), errorCode: r.code, error: r.message };
}
