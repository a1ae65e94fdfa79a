import { Hono } from 'hono';
import { createStaffAccount, editStaffAccount, resetStaffPassword, staffUserBody } from '../../auth/accounts';
import { allow } from '../../auth/guard';
import { readJson, staffBodyLimit } from '../../auth/request-body';
import { validateCreateUser, validatePatchUser } from '../../auth/schemas';
import { listStaffUsers } from '../../db/repo/staff';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../../env';
import { AppError } from '../../errors';

/** /api/admin/users: staff accounts, admins only. Generated passwords appear in one response and nowhere else. */
export function userRoutes(deps: AppDeps) {
  const ctx = (lang: AppEnv['Variables']['lang']) => ({ db: deps.db, ids: deps.ids, now: deps.clock.now(), lang });
  return new Hono<AppEnv>()
    .get('/', allow('admin'), async (c) => {
      const users = await listStaffUsers(deps.db);
      return c.json({ users: users.map(staffUserBody) });
    })
    .post('/', allow('admin'), staffBodyLimit(), async (c) => {
      const lang = c.get('lang');
      const input = validateCreateUser(await readJson(c), lang);
      if (!input.ok) throw new AppError('invalid_input', input.fields);
      const created = await createStaffAccount(ctx(lang), input.value);
      if (!created.ok) throw new AppError(created.code, created.fields);
      deps.log.info('staff_user_created', { requestId: c.get('requestId'), userId: created.user.id });
      c.header('Cache-Control', 'no-store');
      const body = { user: staffUserBody(created.user) };
      return c.json(created.generatedPassword ? { ...body, password: created.generatedPassword } : body, 201);
    })
    .patch('/:id', allow('admin'), staffBodyLimit(), async (c) => {
      const lang = c.get('lang');
      const input = validatePatchUser(await readJson(c), lang);
      if (!input.ok) throw new AppError('invalid_input', input.fields);
      const edited = await editStaffAccount(ctx(lang), c.req.param('id'), input.value);
      if (!edited.ok) throw new AppError(edited.code, edited.fields);
      deps.log.info('staff_user_updated', { requestId: c.get('requestId'), userId: edited.user.id });
      return c.json({ user: staffUserBody(edited.user) });
    })
    .post('/:id/password', allow('admin'), async (c) => {
      const reset = await resetStaffPassword(ctx(c.get('lang')), { id: c.req.param('id') });
      if (!reset.ok) throw new AppError(reset.code, reset.fields);
      deps.log.info('staff_password_reset', { requestId: c.get('requestId'), userId: reset.user.id });
      c.header('Cache-Control', 'no-store');
      return c.json({ user: staffUserBody(reset.user), password: reset.password });
    });
}
