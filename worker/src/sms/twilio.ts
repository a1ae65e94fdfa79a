/**
 * Twilio Programmable Messaging over plain fetch (the twilio npm SDK does not run on Workers):
 * POST {apiBase}/2010-04-01/Accounts/{Sid}/Messages.json, form-encoded, HTTP Basic with Sid:AuthToken.
 * Delivery reports come back to /api/sms/twilio/status, signed with X-Twilio-Signature.
 */
import { postForm } from './http';
import { classifyTwilioError } from './provider-errors';
import type { SmsProvider, SmsSendResult, StatusCallbackRequest, StatusUpdate } from './provider';
import { verifyTwilioSignature } from './twilio-signature';

export const DEFAULT_TWILIO_API_BASE = 'https://api.twilio.com';
/** Path of our status callback endpoint (mounted under /api/sms). */
export const TWILIO_STATUS_PATH = '/api/sms/twilio/status';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** A Twilio number or a registered alphanumeric sender (≤ 11 characters)… */
  from?: string;
  /** …or a Messaging Service (MG…), which picks the sender; wins over `from` when both are set. */
  messagingServiceSid?: string;
  /** Without trailing slash; the fake Twilio's address in tests. */
  apiBase: string;
  /** Where Twilio reaches us, for StatusCallback; the same string the signature is checked against. */
  publicBaseUrl: string;
  /** Per request; a hung provider must not hold the run. */
  timeoutMs?: number;
}

/**
 * Twilio drops a message still queued after this long (ValidityPeriod, seconds). Four hours is accepted
 * by both the older and the current limits and keeps a delayed reminder from arriving after the visit.
 */
const VALIDITY_SECONDS = 4 * 3600;
const DEFAULT_TIMEOUT_MS = 10_000;

/** Twilio's message statuses folded into ours; the rest ('receiving', 'received') do not concern outbound messages. */
const STATUS_MAP: Record<string, StatusUpdate['status']> = {
  accepted: 'sent',
  scheduled: 'sent',
  queued: 'sent',
  sending: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  partially_delivered: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/** The SMS provider speaking Twilio's REST contract. */
export function twilioProvider(cfg: TwilioConfig, fetchFn: typeof fetch): SmsProvider {
  const endpoint = `${cfg.apiBase.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(cfg.accountSid)}/Messages.json`;
  const authorization = `Basic ${btoa(`${cfg.accountSid}:${cfg.authToken}`)}`;
  const timeoutMs = cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    name: 'twilio',

    async send(sms): Promise<SmsSendResult> {
      const form = new URLSearchParams();
      form.set('To', sms.to);
      form.set('Body', sms.body);
      if (cfg.messagingServiceSid) form.set('MessagingServiceSid', cfg.messagingServiceSid);
      else form.set('From', cfg.from ?? '');
      form.set('StatusCallback', `${cfg.publicBaseUrl}${TWILIO_STATUS_PATH}?m=${encodeURIComponent(sms.messageId)}`);
      form.set('ValidityPeriod', String(VALIDITY_SECONDS));
      const posted = await postForm(fetchFn, endpoint, authorization, form, timeoutMs);
      if (!posted.ok) return posted;
      const { res, json } = posted;
      if (res.ok) {
        const sid = typeof json?.sid === 'string' ? json.sid : undefined;
        // Accepted but unreadable: Twilio has the message, so it must not be sent again.
        return { ok: true, providerId: sid ?? `twilio-unknown-${sms.messageId}` };
      }
      const code = json?.code === undefined || json.code === null ? undefined : String(json.code);
      const verdict = classifyTwilioError(res.status, code);
      return { ok: false, ...verdict };
    },

    async readStatusCallback(req: StatusCallbackRequest) {
      const params = new URLSearchParams(req.body);
      const url = `${cfg.publicBaseUrl}${req.pathAndQuery}`;
      if (!(await verifyTwilioSignature(cfg.authToken, url, params, req.header('x-twilio-signature')))) {
        return 'forged';
      }
      const status = STATUS_MAP[(params.get('MessageStatus') ?? params.get('SmsStatus') ?? '').toLowerCase()];
      const providerId = params.get('MessageSid') ?? params.get('SmsSid') ?? undefined;
      const messageId = req.query.get('m') ?? undefined;
      if (!status || (!providerId && !messageId)) return 'ignored';
      const errorCode = params.get('ErrorCode') || undefined;
      return { status, providerId, messageId, errorCode };
    },
  };
}
