import { Hono } from 'hono';
import { applyDeliveryReport } from '../outbox/store';
import type { AppEnv } from '../env';
import { fail } from '../errors';
import { limitBody } from '../http/body';
import { failureResponse } from '../http/failure';

/**
 * /api/sms/:provider/status[/:token] — delivery reports from the SMS provider (Twilio: signed with
 * X-Twilio-Signature; SMSHosting: an unguessable token as the last path segment). Only the configured provider's
 * endpoint exists; a report that fails verification is refused with 403 and changes nothing.
 * Nothing of the report (numbers, texts) is logged.
 */
export const smsCallbackRoutes = new Hono<AppEnv>().post(
  '/:provider/status/:token?',
  // A delivery report is a few hundred bytes (form-encoded or JSON, the provider's format): only the limit here.
  limitBody(),
  async (c) => {
    const { deps } = c.var;
    const provider = deps.sms;
    if (c.req.param('provider') !== provider.name || !provider.readStatusCallback) {
      return failureResponse(c, fail('not_found'));
    }
    const url = new URL(c.req.url);
    const report = await provider.readStatusCallback({
      pathAndQuery: url.pathname + url.search,
      query: url.searchParams,
      body: await c.req.text(),
      header: (name) => c.req.header(name),
    });
    if (report === 'forged') {
      deps.log.warn('sms_callback_refused', { requestId: c.get('requestId'), provider: provider.name });
      return failureResponse(c, fail('forbidden'));
    }
    if (report !== 'ignored') {
      const changed = await applyDeliveryReport(deps.db, { ...report, provider: provider.name }, deps.clock.now());
      deps.log.info('sms_delivery_report', {
        messageId: report.messageId ?? null,
        status: report.status,
        errorCode: report.errorCode ?? null,
        changed,
      });
    }
    // Providers only need a 2xx; an empty body keeps Twilio from parsing it as TwiML.
    return c.body(null, 204);
  },
);
