import { Hono } from 'hono';
import { allow, staffOf } from '../../auth/guard';
import { changeOwnPassword, login } from '../../auth/login';
import { signInOptions, signInWithPasskey } from '../../auth/passkeys';
import { newPasswordProblems, validateLogin, validatePasskeySignIn, validatePasswordChange } from '../../auth/schemas';
import { clearSessionCookie, sessionUserBody, setSessionCookie } from '../../auth/session';
import { deleteSession } from '../../db/repo/staff';
import { ROLES } from '../../domain/vocabulary';
import type { AppEnv } from '../../env';
import { AppError, fail } from '../../errors';
import { jsonBody, limitBody } from '../../http/body';
import { clientAddress, rateLimitKey } from '../../http/client-address';
import { failureResponse } from '../../http/failure';
import { t } from '../../i18n';

/** /api/admin/session: log in (password or passkey), who am I, log out, change own password. */
export const sessionRoutes = new Hono<AppEnv>()
  .use('*', async (c, next) => {
    await next();
    // Session answers carry who is signed in: never cached by the browser or anything in between.
    c.header('Cache-Control', 'no-store');
  })
  .post('/', limitBody(), jsonBody(validateLogin), async (c) => {
    const { deps } = c.var;
    const input = c.req.valid('json');
    const address = rateLimitKey(clientAddress(c, deps.config));
    const outcome = await login(deps, input.email, input.password, address);
    if (!outcome.ok) return failureResponse(c, outcome);
    setSessionCookie(c, outcome.token);
    deps.log.info('staff_login', { requestId: c.get('requestId'), userId: outcome.principal.userId });
    return c.json({ user: sessionUserBody(outcome.principal) });
  })
  .get('/', (c) => {
    const staff = c.get('staff');
    if (!staff) throw new AppError('unauthorized');
    return c.json({ user: sessionUserBody(staff) });
  })
  .delete('/', async (c) => {
    const staff = c.get('staff');
    if (staff) await deleteSession(c.var.deps.db, staff.sessionId);
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .post('/password', allow(...ROLES), limitBody(), jsonBody(validatePasswordChange), async (c) => {
    const { deps } = c.var;
    const lang = c.get('lang');
    const staff = staffOf(c);
    const input = c.req.valid('json');
    const sameAsEmail = newPasswordProblems(input.newPassword, staff.email, lang);
    if (sameAsEmail) return failureResponse(c, fail('invalid_input', { newPassword: sameAsEmail }));
    const address = rateLimitKey(clientAddress(c, deps.config));
    const outcome = await changeOwnPassword(deps, staff, address, input.currentPassword, input.newPassword);
    if (!outcome.ok) {
      if (outcome.code === 'rate_limited') return failureResponse(c, outcome);
      return failureResponse(c, fail('invalid_input', { currentPassword: t(lang, 'field.password_wrong') }));
    }
    deps.log.info('staff_password_changed', { requestId: c.get('requestId'), userId: staff.userId });
    return c.body(null, 204);
  })
  .post('/passkey/options', limitBody(), async (c) => {
    const { deps } = c.var;
    const asked = await signInOptions(deps, rateLimitKey(clientAddress(c, deps.config)));
    return asked.ok ? c.json(asked.options) : failureResponse(c, asked);
  })
  .post('/passkey', limitBody(), jsonBody(validatePasskeySignIn), async (c) => {
    const { deps } = c.var;
    const address = rateLimitKey(clientAddress(c, deps.config));
    const outcome = await signInWithPasskey(deps, c.req.valid('json'), address);
    if (!outcome.ok) return failureResponse(c, outcome);
    setSessionCookie(c, outcome.token);
    deps.log.info('staff_login', {
      requestId: c.get('requestId'),
      userId: outcome.principal.userId,
      method: 'passkey',
    });
    return c.json({ user: sessionUserBody(outcome.principal) });
  });
