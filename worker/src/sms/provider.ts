/** One SMS to send. `to` is E.164. */
export interface OutgoingSms {
  to: string;
  body: string;
  /** Our message id, for the provider's status callback. */
  messageId: string;
}

export type SmsSendResult =
  { ok: true; providerId: string } | { ok: false; permanent: boolean; code: string; message: string };

/** Every SMS provider (console, Twilio, Italian provider) speaks this. */
export interface SmsProvider {
  readonly name: string;
  send(sms: OutgoingSms): Promise<SmsSendResult>;
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
