import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { applyDeliveryReport } from '../outbox/store';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { AppError, ERROR_STATUS, errorBody } from '../errors';

/** A delivery report is a few hundred bytes; anything much larger is not one. */
const CALLBACK_MAX_BYTES = 16 * 1024;

/**
 * /api/sms/:provider/status — delivery reports from the SMS provider (Twilio: signed with
 * X-Twilio-Signature; SMSHosting: an unguessable token in the URL). Only the configured provider's
 * endpoint exists; a report that fails verification is refused with 403 and changes nothing.
 * Nothing of the report (numbers, texts) is logged.
 */
export function smsCallbackRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().post(
    '/:provider/status',
    bodyLimit({
      maxSize: CALLBACK_MAX_BYTES,
      onError: () => {
        throw new AppError('payload_too_large');
      },
    }),
    async (c) => {
      const lang = c.get('lang');
      const provider = deps.sms;
      if (c.req.param('provider') !== provider.name || !provider.readStatusCallback) {
        return c.json(errorBody('not_found', lang), ERROR_STATUS.not_found);
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
        return c.json(errorBody('forbidden', lang), ERROR_STATUS.forbidden);
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
}
