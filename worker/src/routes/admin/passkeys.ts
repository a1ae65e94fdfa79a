import { Hono } from 'hono';
import { allow, staffOf } from '../../auth/guard';
import { passkeyBody, registerPasskey, registrationOptions } from '../../auth/passkeys';
import { validatePasskeyRegistration } from '../../auth/schemas';
import { deletePasskey, listPasskeys } from '../../db/repo/passkeys';
import { ROLES } from '../../domain/vocabulary';
import type { AppEnv } from '../../env';
import { fail } from '../../errors';
import { jsonBody, limitBody } from '../../http/body';
import { failureResponse } from '../../http/failure';
import { t } from '../../i18n';

/** /api/admin/passkeys: the signed-in user's own passkeys (any role): list, add, delete. */
export const passkeyRoutes = new Hono<AppEnv>()
  .use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  })
  .get('/', allow(...ROLES), async (c) => {
    const rows = await listPasskeys(c.var.deps.db, staffOf(c).userId);
    return c.json({ passkeys: rows.map(passkeyBody) });
  })
  .post('/options', allow(...ROLES), limitBody(), async (c) =>
    c.json(await registrationOptions(c.var.deps, staffOf(c))),
  )
  .post('/', allow(...ROLES), limitBody(), jsonBody(validatePasskeyRegistration), async (c) => {
    const { deps } = c.var;
    const staff = staffOf(c);
    const outcome = await registerPasskey(deps, staff, c.req.valid('json'));
    if (!outcome.ok) {
      return failureResponse(c, fail('invalid_input', { response: t(c.get('lang'), 'field.passkey_refused') }));
    }
    deps.log.info('staff_passkey_added', { requestId: c.get('requestId'), userId: staff.userId });
    return c.json({ passkey: passkeyBody(outcome.passkey) }, 201);
  })
  .delete('/:id', allow(...ROLES), async (c) => {
    const { deps } = c.var;
    const staff = staffOf(c);
    if (!(await deletePasskey(deps.db, staff.userId, c.req.param('id')))) return failureResponse(c, fail('not_found'));
    deps.log.info('staff_passkey_deleted', { requestId: c.get('requestId'), userId: staff.userId });
    return c.body(null, 204);
  });
