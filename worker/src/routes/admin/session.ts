import { Hono } from 'hono';
import { allow, staffOf } from '../../auth/guard';
import { changeOwnPassword, login } from '../../auth/login';
import { readJson, staffBodyLimit } from '../../auth/request-body';
import { validateLogin, validatePasswordChange } from '../../auth/schemas';
import { clearSessionCookie, sessionUserBody, setSessionCookie } from '../../auth/session';
import { clientIp } from '../../auth/throttle';
import { deleteSession } from '../../db/repo/staff';
import { ROLES } from '../../domain/vocabulary';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';
import { t } from '../../i18n';

/** /api/admin/session: log in, who am I, log out, change own password. */
export function sessionRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('*', async (c, next) => {
      await next();
      // Session answers carry who is signed in: never cached by the browser or anything in between.
      c.header('Cache-Control', 'no-store');
    })
    .post('/', staffBodyLimit(), async (c) => {
      const lang = c.get('lang');
      const input = validateLogin(await readJson(c), lang);
      if (!input.ok) throw new AppError('invalid_input', input.fields);
      const ip = clientIp((name) => c.req.header(name));
      const outcome = await login(deps, input.value.email, input.value.password, ip);
      if (!outcome.ok) {
        if (outcome.code === 'rate_limited') c.header('Retry-After', String(outcome.retryAfterSeconds));
        throw new AppError(outcome.code);
      }
      setSessionCookie(c, deps, outcome.token);
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
      if (staff) await deleteSession(deps.db, staff.sessionId);
      clearSessionCookie(c, deps);
      return c.body(null, 204);
    })
    .post('/password', allow(...ROLES), staffBodyLimit(), async (c) => {
      const lang = c.get('lang');
      const staff = staffOf(c);
      const input = validatePasswordChange(await readJson(c), staff.email, lang);
      if (!input.ok) throw new AppError('invalid_input', input.fields);
      const ip = clientIp((name) => c.req.header(name));
      const outcome = await changeOwnPassword(deps, staff, ip, input.value.currentPassword, input.value.newPassword);
      if (!outcome.ok) {
        if (outcome.code === 'rate_limited') {
          c.header('Retry-After', String(outcome.retryAfterSeconds));
          throw new AppError('rate_limited');
        }
        throw new AppError('invalid_input', { currentPassword: t(lang, 'field.password_wrong') });
      }
      deps.log.info('staff_password_changed', { requestId: c.get('requestId'), userId: staff.userId });
      return c.body(null, 204);
    });
}
