import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { jsonBody, limitBody } from '../http/body';
import { clientAddress, rateLimitKey } from '../http/client-address';
import { failureResponse } from '../http/failure';
import { isHoneypotFilled, requestLanguage } from '../validation/public';
import { validateWaitlistBody, type WaitlistInput } from '../validation/waitlist';
import { joinWaitlist, pretendJoin } from '../waitlist/join';

// A filled honeypot is checked like any form, then answered as a success that stores nothing.
const joinBody = jsonBody<{ input: WaitlistInput; trapped: boolean }, Record<string, unknown>>(
  (body, lang) => {
    const checked = validateWaitlistBody(body, lang);
    return checked.ok ? { ok: true, value: { input: checked.value, trapped: isHoneypotFilled(body) } } : checked;
  },
  { langOf: requestLanguage },
);

/** POST /api/public/waitlist: a person joins the waitlist from the widget. No SMS until a time frees. */
export const publicWaitlistRoutes = new Hono<AppEnv>().post('/', limitBody(), joinBody, async (c) => {
  const { deps } = c.var;
  const { input, trapped } = c.req.valid('json');
  const lang = input.language ?? c.get('lang');
  const address = clientAddress(c, deps.config);
  const joined = trapped
    ? { ok: true as const, ...pretendJoin(deps) }
    : await joinWaitlist(deps, input, { kind: 'person', address, limitKey: rateLimitKey(address) }, lang);
  if (!joined.ok) return failureResponse(c, joined, lang);
  deps.log.info(trapped ? 'waitlist_join_honeypot' : 'waitlist_joined', { requestId: c.get('requestId') });
  return c.json({ reference: joined.reference, manageUrl: `${deps.config.publicBaseUrl}/w/${joined.manageCode}` }, 201);
});
