import type { SmsAlertReason } from '../domain/vocabulary';

/** One SMS to send. `to` is E.164. */
export interface OutgoingSms {
  to: string;
  body: string;
  /** Our message id, for the provider's status callback. */
  messageId: string;
}

export type SmsSendResult =
  | { ok: true; providerId: string }
  | {
      ok: false;
      /** True when retrying cannot help (invalid number, opted out, landline): the message stops. */
      permanent: boolean;
      /** A stable code for the admin portal: the provider's error code, or ours (e.g. 'http_503', 'network'). */
      code: string;
      /** A short description in our own words; never the provider's text (it may quote the number). */
      message: string;
      /**
       * True when every further send in this run would fail the same way (bad credentials, provider not
       * configured): the dispatcher stops the run and releases what it had claimed.
       */
      haltRun?: boolean;
      /**
       * Set when the account or the configuration is at fault, not the message (sender refused, country not
       * enabled, credentials, provider not configured, no credit): the run stops, the message waits without
       * using up an attempt, and the admin portal shows one alert until a message goes out again.
       */
      account?: SmsAlertReason;
    };

/** A delivery-status callback as the HTTP layer received it; the provider verifies and reads it. */
export interface StatusCallbackRequest {
  /** Path and query exactly as requested, e.g. '/api/sms/twilio/status?m=abc'. */
  pathAndQuery: string;
  /** The query parameters. */
  query: URLSearchParams;
  /** The raw body (form-encoded or JSON, depending on the provider). */
  body: string;
  header(name: string): string | undefined;
}

/** What a verified callback says about one message. */
export interface StatusUpdate {
  /** Our message id, when the callback URL carried it. */
  messageId?: string;
  /** The provider's id of the message. */
  providerId?: string;
  /** 'sent' = accepted/handed to the network; 'delivered' and 'failed' are final. */
  status: 'sent' | 'delivered' | 'failed';
  errorCode?: string;
}

/** Every SMS provider (console, Twilio, Italian provider) speaks this. */
export interface SmsProvider {
  readonly name: string;
  send(sms: OutgoingSms): Promise<SmsSendResult>;
  /**
   * Verifies a delivery-status callback addressed to this provider and reads it. 'forged' when the
   * signature or token does not match; 'ignored' for a genuine callback with nothing to record.
   * Providers without callbacks (console) leave it out.
   */
  readStatusCallback?(req: StatusCallbackRequest): Promise<StatusUpdate | 'forged' | 'ignored'>;
}

/** Local default: the message is stored in the outbox and printed without its body or number (no personal data in logs). */
export function consoleSmsProvider(print: (line: string) => void = console.log): SmsProvider {
  let n = 0;
  return {
    name: 'console',
    async send(sms) {
      n += 1;
      print(`[sms:console] message ${sms.messageId} (${sms.body.length} chars) accepted`);
      return { ok: true, providerId: `console-${n}-${sms.messageId}` };
    },
  };
}
