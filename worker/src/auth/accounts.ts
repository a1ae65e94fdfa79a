import type { Db } from '../db/client';
import {
  findStaffUser,
  insertStaffUser,
  readUserAndVolunteer,
  setPasswordHash,
  updateStaffUser,
  type StaffUserRow,
} from '../db/repo/staff';
import type { FieldErrors, Result } from '../errors';
import { fail } from '../errors';
import { t, type Lang } from '../i18n';
import type { Ids } from '../lib/ids';
import { hashPassword } from '../lib/password';
import type { CreateUserInput, PatchUserInput } from './schemas';

/** 18 random bytes: a 24-character password, given to the person once and never stored in clear. */
const GENERATED_PASSWORD_BYTES = 18;

/** A password made up for a new account or a reset. */
export function generatePassword(ids: Ids): string {
  return ids.token(GENERATED_PASSWORD_BYTES);
}

/** What the staff-users endpoints show of an account (never the hash). */
export function staffUserBody(u: StaffUserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    volunteerId: u.volunteerId,
    language: u.language,
    active: u.active,
  };
}

interface Ctx {
  db: Db;
  ids: Ids;
  now: number;
  lang: Lang;
}

/**
 * Creates a staff account (shared by POST /api/admin/users and the admin CLI). Without a password one is
 * generated and returned once. A linked volunteer must exist and not belong to another account.
 */
export async function createStaffAccount(
  ctx: Ctx,
  input: CreateUserInput,
): Promise<Result<{ user: StaffUserRow; generatedPassword?: string }>> {
  const volunteerId = input.volunteerId ?? null;
  if (volunteerId) {
    const { volunteerExists } = await readUserAndVolunteer(ctx.db, undefined, volunteerId);
    if (!volunteerExists) return fail('invalid_input', { volunteerId: t(ctx.lang, 'field.volunteer_unknown') });
  }
  const generatedPassword = input.password === undefined ? generatePassword(ctx.ids) : undefined;
  const user: StaffUserRow = {
    id: ctx.ids.id(),
    email: input.email,
    name: input.name,
    role: input.role,
    passwordHash: await hashPassword(input.password ?? generatedPassword!),
    passwordChangedAt: ctx.now,
    volunteerId,
    language: input.language ?? 'it',
    active: true,
    createdAt: ctx.now,
  };
  const inserted = await insertStaffUser(ctx.db, user);
  if (!inserted.ok) return conflictFor(inserted.reason, ctx.lang);
  return generatedPassword ? { ok: true, user, generatedPassword } : { ok: true, user };
}

/**
 * Edits an account. The volunteer role needs a linked volunteer; the last active admin cannot be demoted
 * or deactivated (409 conflict), whoever asks.
 */
export async function editStaffAccount(
  ctx: Ctx,
  id: string,
  patch: PatchUserInput,
): Promise<Result<{ user: StaffUserRow }>> {
  const linking = patch.volunteerId ?? undefined;
  const { user: current, volunteerExists } = await readUserAndVolunteer(ctx.db, id, linking);
  if (!current) return fail('not_found');
  if (linking && !volunteerExists)
    return fail('invalid_input', { volunteerId: t(ctx.lang, 'field.volunteer_unknown') });
  const role = patch.role ?? current.role;
  const volunteerId = patch.volunteerId === undefined ? current.volunteerId : patch.volunteerId;
  if (role === 'volunteer' && !volunteerId)
    return fail('invalid_input', { volunteerId: t(ctx.lang, 'field.volunteer_required') });

  // Absent fields stay as they are: the repository writes only what the patch carries.
  const updated = await updateStaffUser(ctx.db, id, patch);
  if (updated.ok) return { ok: true, user: updated.user };
  if (updated.reason === 'not_found') return fail('not_found');
  if (updated.reason === 'last_admin') {
    const field = patch.active === false ? 'active' : 'role';
    return fail('conflict', { [field]: t(ctx.lang, 'field.last_admin') });
  }
  return conflictFor(updated.reason, ctx.lang);
}

/** Sets a generated password on an account (by id or e-mail) and ends all its sessions; returns it once. */
export async function resetStaffPassword(
  ctx: Omit<Ctx, 'lang'>,
  by: { id: string } | { email: string },
): Promise<Result<{ user: StaffUserRow; password: string }>> {
  const user = await findStaffUser(ctx.db, by);
  if (!user) return fail('not_found');
  const password = generatePassword(ctx.ids);
  const done = await setPasswordHash(ctx.db, user.id, await hashPassword(password), ctx.now);
  if (!done) return fail('not_found');
  return { ok: true, user, password };
}

function conflictFor(reason: 'email_taken' | 'volunteer_taken', lang: Lang) {
  const fields: FieldErrors =
    reason === 'email_taken'
      ? { email: t(lang, 'field.email_taken') }
      : { volunteerId: t(lang, 'field.volunteer_taken') };
  return fail('conflict', fields);
}
