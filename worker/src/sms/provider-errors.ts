/**
 * How provider answers are classified: which failures are permanent, which stop the run, and the words
 * reception sees for them. Pure; the retry timing itself is the outbox's policy (outbox/policy.ts).
 *
 * Two kinds of refusal: a message's (invalid number, STOP, landline: that message fails for good) and the
 * account's (sender name refused, country not enabled, credentials: every message would be refused
 * alike, so none is failed; the run stops, messages wait and the admin is told).
 */
import type { SmsAlertReason } from '../domain/vocabulary';

/**
 * Twilio errors about the recipient: retrying cannot help. 21211 invalid number, 21610 opted out (STOP),
 * 21614 not SMS-capable (Italian landlines), 21612 not routable, 21608 unverified number on a trial
 * account, 21617 body too long.
 */
const TWILIO_PERMANENT = new Set(['21211', '21608', '21610', '21612', '21614', '21617']);

/**
 * Twilio errors about the account: 21606 and 21212 the sender (From) is refused or invalid, 21408 the
 * destination's country is not enabled in the account's Geo Permissions.
 */
const TWILIO_ACCOUNT: Record<string, SmsAlertReason> = { '21212': 'sender', '21606': 'sender', '21408': 'country' };

/** Our own words for the codes reception is likely to see (never the provider's text, which may quote the number). */
const TWILIO_DESCRIPTIONS: Record<string, string> = {
  '21211': 'invalid phone number',
  '21212': 'the sender (TWILIO_FROM) is refused by Twilio',
  '21606': 'the sender (TWILIO_FROM) is refused by Twilio',
  '21408': 'SMS to this country not enabled on the account (Twilio Geo Permissions)',
  '21608': 'number not verified (trial account)',
  '21610': 'recipient opted out (STOP)',
  '21612': 'number cannot be reached from this sender',
  '21614': 'number cannot receive SMS (landline)',
  '21617': 'text too long',
  '20003': 'authentication failed: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
  '20429': 'too many requests',
};

/** How a Twilio error answer is handled. */
export function classifyTwilioError(
  httpStatus: number,
  code: string | undefined,
): { permanent: boolean; haltRun: boolean; code: string; message: string; account?: SmsAlertReason } {
  const c = code ?? `http_${httpStatus}`;
  const known = code ? TWILIO_DESCRIPTIONS[code] : undefined;
  if (httpStatus === 401 || httpStatus === 403 || httpStatus === 404 || code === '20003') {
    // Credentials or account SID wrong: every message would fail alike. Not the message's fault, so it waits.
    return accountProblem('credentials', c, known ?? `provider refused the credentials (HTTP ${httpStatus})`);
  }
  const account = code ? TWILIO_ACCOUNT[code] : undefined;
  if (account) return accountProblem(account, c, known ?? 'refused');
  if (httpStatus === 429 || httpStatus >= 500) {
    return {
      permanent: false,
      haltRun: httpStatus === 429,
      code: c,
      message: known ?? `provider unavailable (HTTP ${httpStatus})`,
    };
  }
  if (code && TWILIO_PERMANENT.has(code)) return { permanent: true, haltRun: false, code, message: known ?? 'refused' };
  // Any other 4xx is about this request (a bad parameter): sending it again would be refused again.
  return { permanent: true, haltRun: false, code: c, message: known ?? `refused by the provider (HTTP ${httpStatus})` };
}

/** A refusal of the account, not of the message: the run stops and the message waits without using an attempt. */
export function accountProblem(
  reason: SmsAlertReason,
  code: string,
  message: string,
): { ok: false; permanent: false; haltRun: true; account: SmsAlertReason; code: string; message: string } {
  return { ok: false, permanent: false, haltRun: true, account: reason, code, message };
}

/** A temporary failure for an exception thrown by fetch (network down, DNS, timeout). */
export function networkFailure(err: unknown): { ok: false; permanent: false; code: string; message: string } {
  const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
  return timeout
    ? { ok: false, permanent: false, code: 'timeout', message: 'provider did not answer in time' }
    : { ok: false, permanent: false, code: 'network', message: 'provider unreachable' };
}
