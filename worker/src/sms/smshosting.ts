/**
 * SMSHosting (Italian provider; registers the sender Alias with AGCOM for you, data stays in the EU).
 * POST {apiBase}/sms/send, form-encoded, HTTP Basic with AUTH_KEY:AUTH_SECRET, numbers without '+'.
 * Its delivery callbacks are not signed, so the callback URL carries an unguessable token. SMSHosting takes
 * only a URL (no custom header), so the token is a path segment, not a query parameter: query strings end
 * up in more logs (proxies, analytics, "full URL" access logs) than paths do.
 */
import { postForm } from './http';
import { accountProblem } from './provider-errors';
import type { SmsProvider, SmsSendResult, StatusCallbackRequest, StatusUpdate } from './provider';
import { constantTimeEqual } from './twilio-signature';

export const DEFAULT_SMSHOSTING_API_BASE = 'https://api.smshosting.it/rest/api';
export const SMSHOSTING_STATUS_PATH = '/api/sms/smshosting/status';

export interface SmsHostingConfig {
  authKey: string;
  authSecret: string;
  /** Registered Alias (≤ 11 characters) or number; empty lets SMSHosting use its default sender. */
  from?: string;
  apiBase: string;
  publicBaseUrl: string;
  /** Secret put in the callback URL's path; without it no callback is requested. */
  callbackToken?: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Reasons SMSHosting gives for a message it did not take, as we handle them. */
const NOT_INSERTED: Record<string, { permanent: boolean; message: string }> = {
  BADNUMBERFORMAT: { permanent: true, message: 'invalid phone number' },
  BAD_NUMBER: { permanent: true, message: 'invalid phone number' },
  BLACKLIST: { permanent: true, message: 'recipient opted out (blacklist)' },
};

/**
 * SMSHosting names a refused sender in its error text (e.g. BAD_FROM, an Alias not registered): an
 * account problem, so the messages wait instead of failing.
 */
const SENDER_REFUSED = /FROM|ALIAS|SENDER/;
const SENDER_MESSAGE = 'the sender (SMSHOSTING_FROM) is refused by SMSHosting';

/** The SMS provider speaking SMSHosting's REST contract. */
export function smsHostingProvider(cfg: SmsHostingConfig, fetchFn: typeof fetch): SmsProvider {
  const endpoint = `${cfg.apiBase.replace(/\/+$/, '')}/sms/send`;
  const authorization = `Basic ${btoa(`${cfg.authKey}:${cfg.authSecret}`)}`;
  const timeoutMs = cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    name: 'smshosting',

    async send(sms): Promise<SmsSendResult> {
      const form = new URLSearchParams();
      if (cfg.from) form.set('from', cfg.from);
      form.set('to', sms.to.replace(/^\+/, ''));
      form.set('text', sms.body);
      // Our id travels as the transaction id, so a callback names the message even without the query.
      form.set('transactionId', sms.messageId);
      form.set('encoding', 'AUTO');
      if (cfg.callbackToken) {
        const q = new URLSearchParams({ m: sms.messageId });
        const path = `${SMSHOSTING_STATUS_PATH}/${encodeURIComponent(cfg.callbackToken)}`;
        form.set('statusCallback', `${cfg.publicBaseUrl}${path}?${q.toString()}`);
      }
      const posted = await postForm(fetchFn, endpoint, authorization, form, timeoutMs);
      if (!posted.ok) return posted;
      const { res, json } = posted;
      if (res.ok) {
        const first = Array.isArray(json?.sms) ? (json.sms[0] as Record<string, unknown> | undefined) : undefined;
        const inserted = Number(json?.smsInserted ?? 0) > 0 || first?.status === 'INSERTED';
        if (inserted) return { ok: true, providerId: String(first?.id ?? `smshosting-${sms.messageId}`) };
        const detail = typeof first?.statusDetail === 'string' ? first.statusDetail.toUpperCase() : 'NOT_INSERTED';
        // SMSHosting already holds an identical message: it was sent, so it must not count as a failure.
        if (detail === 'DUPLICATESMS') return { ok: true, providerId: `smshosting-dup-${sms.messageId}` };
        if (SENDER_REFUSED.test(detail)) return accountProblem('sender', detail, SENDER_MESSAGE);
        const known = NOT_INSERTED[detail];
        return {
          ok: false,
          permanent: known?.permanent ?? true,
          code: detail,
          message: known?.message ?? 'not accepted',
        };
      }
      const code =
        typeof json?.errorCode === 'string' || typeof json?.errorCode === 'number' ? String(json.errorCode) : undefined;
      const msg = typeof json?.errorMsg === 'string' ? json.errorMsg.toUpperCase() : '';
      const c = code ?? `http_${res.status}`;
      if (res.status === 401 || res.status === 403) {
        return accountProblem(
          'credentials',
          c,
          'authentication failed: check SMSHOSTING_AUTH_KEY and SMSHOSTING_AUTH_SECRET',
        );
      }
      if (msg.includes('CREDIT')) return accountProblem('credit', c, 'no credit left on the account');
      if (SENDER_REFUSED.test(msg)) return accountProblem('sender', c, SENDER_MESSAGE);
      if (res.status === 429 || res.status >= 500) {
        return {
          ok: false,
          permanent: false,
          haltRun: res.status === 429,
          code: c,
          message: `provider unavailable (HTTP ${res.status})`,
        };
      }
      return {
        ok: false,
        permanent: true,
        code: c,
        message: `refused by the provider (HTTP ${res.status})`,
      };
    },

    async readStatusCallback(req: StatusCallbackRequest) {
      const token = pathToken(req.pathAndQuery);
      if (!cfg.callbackToken || !constantTimeEqual(token, cfg.callbackToken)) return 'forged';
      const fields = parseFields(req.body, req.header('content-type') ?? '');
      const raw = (fields.status ?? fields.smsStatus ?? '').toUpperCase().replace(/[\s-]/g, '_');
      const status: StatusUpdate['status'] | undefined =
        raw === 'DELIVERED'
          ? 'delivered'
          : /NOT_?DELIVERED|UNDELIVERED|FAILED|EXPIRED|REJECTED|ERROR/.test(raw)
            ? 'failed'
            : raw === 'SENT' || raw === 'INSERTED' || raw === 'PENDING'
              ? 'sent'
              : undefined;
      const messageId = req.query.get('m') ?? fields.transactionId ?? undefined;
      const providerId = fields.id ?? fields.smsId ?? undefined;
      if (!status || (!messageId && !providerId)) return 'ignored';
      return { status, messageId, providerId, ...(status === 'failed' ? { errorCode: raw } : {}) };
    },
  };
}

/** The token segment of `/api/sms/smshosting/status/<token>?…`; '' when there is none (a token in the query counts for nothing). */
function pathToken(pathAndQuery: string): string {
  const path = pathAndQuery.split('?')[0]!;
  const prefix = `${SMSHOSTING_STATUS_PATH}/`;
  if (!path.startsWith(prefix)) return '';
  try {
    return decodeURIComponent(path.slice(prefix.length));
  } catch {
    return '';
  }
}

/** Callback fields from a form or JSON body; values as strings. */
function parseFields(body: string, contentType: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (/json/i.test(contentType) || body.trim().startsWith('{')) {
    try {
      const v = JSON.parse(body) as unknown;
      if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          if (typeof x === 'string' || typeof x === 'number') out[k] = String(x);
        }
      }
    } catch {
      // Not JSON after all: nothing to read.
    }
    return out;
  }
  for (const [k, x] of new URLSearchParams(body)) out[k] = x;
  return out;
}
