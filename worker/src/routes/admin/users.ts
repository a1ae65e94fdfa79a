import { Hono, type Context } from 'hono';
import { createStaffAccount, editStaffAccount, resetStaffPassword, staffUserBody } from '../../auth/accounts';
import { allow } from '../../auth/guard';
import { validateCreateUser, validatePatchUser } from '../../auth/schemas';
import { listStaffUsers } from '../../db/repo/staff';
import type { AppEnv } from '../../env';
import { jsonBody, limitBody } from '../../http/body';
import { failureResponse } from '../../http/failure';

/** What the account use cases need, from the request's deps. */
function accountsContext(c: Context<AppEnv>) {
  const { db, ids, clock } = c.var.deps;
  return { db, ids, now: clock.now(), lang: c.get('lang') };
}

/** /api/admin/users: staff accounts, admins only. Generated passwords appear in one response and nowhere else. */
export const userRoutes = new Hono<AppEnv>()
  .get('/', allow('admin'), async (c) => {
    const users = await listStaffUsers(c.var.deps.db);
    return c.json({ users: users.map(staffUserBody) });
  })
  .post('/', allow('admin'), limitBody(), jsonBody(validateCreateUser), async (c) => {
    const created = await createStaffAccount(accountsContext(c), c.req.valid('json'));
    if (!created.ok) return failureResponse(c, created);
    c.var.deps.log.info('staff_user_created', { requestId: c.get('requestId'), userId: created.user.id });
    c.header('Cache-Control', 'no-store');
    const body = { user: staffUserBody(created.user) };
    return c.json(created.generatedPassword ? { ...body, password: created.generatedPassword } : body, 201);
  })
  .patch('/:id', allow('admin'), limitBody(), jsonBody(validatePatchUser), async (c) => {
    const edited = await editStaffAccount(accountsContext(c), c.req.param('id'), c.req.valid('json'));
    if (!edited.ok) return failureResponse(c, edited);
    c.var.deps.log.info('staff_user_updated', { requestId: c.get('requestId'), userId: edited.user.id });
    return c.json({ user: staffUserBody(edited.user) });
  })
  .post('/:id/password', allow('admin'), limitBody(), async (c) => {
    const reset = await resetStaffPassword(accountsContext(c), { id: c.req.param('id') });
    if (!reset.ok) return failureResponse(c, reset);
    c.var.deps.log.info('staff_password_reset', { requestId: c.get('requestId'), userId: reset.user.id });
    c.header('Cache-Control', 'no-store');
    return c.json({ user: staffUserBody(reset.user), password: reset.password });
  });
