/** Input schemas of the session and staff-user endpoints (and the admin CLI). */
import * as v from 'valibot';
import { ROLES, type Role } from '../domain/vocabulary';
import type { FieldErrors } from '../errors';
import { schemaCheck, type BodyCheck } from '../http/body';
import type { Lang } from '../i18n';
import { msg, required, translateMessage } from '../validation/issues';
import { isCommonPassword, PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from './password-policy';

export const EMAIL_MAX = 254;
export const STAFF_NAME_MAX = 100;
const ID_MAX = 64;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

const email = v.pipe(
  v.string(required('field.email')),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(EMAIL_MAX, msg('field.email')),
  // Loose on purpose (admin@sportello.local is the default first admin): one @, no spaces.
  v.regex(/^[^\s@]+@[^\s@]+$/, msg('field.email')),
);

// The rule of auth/password-policy.ts, step by step so each refusal names its reason; the e-mail part
// needs the account, so it is checked afterwards (newPasswordProblems).
const newPassword = v.pipe(
  v.string(required('field.password_short')),
  v.check((p) => p.trim() !== '', msg('field.password_blank')),
  v.check((p) => [...p].length >= PASSWORD_MIN, msg('field.password_short', PASSWORD_MIN)),
  v.maxLength(PASSWORD_MAX, msg('field.too_long', PASSWORD_MAX)),
  v.check((p) => !isCommonPassword(p), msg('field.password_common')),
);

const name = v.pipe(
  v.string(required('field.name')),
  v.trim(),
  v.check((s) => !CONTROL.test(s), msg('field.invalid')),
  v.minLength(2, msg('field.name')),
  v.maxLength(STAFF_NAME_MAX, msg('field.too_long', STAFF_NAME_MAX)),
);
const role = v.picklist(ROLES, required('field.role'));
const language = v.picklist(['it', 'en'] as const, msg('field.language'));
const volunteerId = v.nullish(
  v.pipe(
    v.string(msg('field.volunteer_unknown')),
    v.trim(),
    v.maxLength(ID_MAX, msg('field.volunteer_unknown')),
    v.transform((s) => (s === '' ? null : s)),
  ),
);

const loginSchema = v.object({
  // Not the e-mail schema: a malformed address is simply wrong credentials, and says nothing more.
  email: v.pipe(
    v.string(required('field.email')),
    v.trim(),
    v.toLowerCase(),
    v.maxLength(EMAIL_MAX, msg('field.email')),
  ),
  password: v.pipe(
    v.string(required('field.required')),
    v.maxLength(PASSWORD_MAX, msg('field.too_long', PASSWORD_MAX)),
  ),
});

const passwordChangeSchema = v.object({
  currentPassword: v.pipe(v.string(required('field.required')), v.maxLength(PASSWORD_MAX, msg('field.password_wrong'))),
  newPassword,
});

const createUserSchema = v.object({
  email,
  name,
  role,
  password: v.optional(newPassword),
  volunteerId,
  language: v.optional(language),
});

const patchUserSchema = v.object({
  name: v.optional(name),
  role: v.optional(role),
  active: v.optional(v.boolean(msg('field.invalid'))),
  volunteerId: v.optional(volunteerId),
  language: v.optional(language),
});

export interface LoginInput {
  email: string;
  password: string;
}
/** The login body: e-mail (trimmed, lower-cased) and password. */
export const validateLogin: BodyCheck<LoginInput> = schemaCheck(loginSchema);

export interface PasswordChangeInput {
  currentPassword: string;
  newPassword: string;
}
/**
 * The change-own-password body. The rule that the new password is not the user's e-mail needs the
 * signed-in user, so the route checks it afterwards with newPasswordProblems.
 */
export const validatePasswordChange: BodyCheck<PasswordChangeInput> = schemaCheck(passwordChangeSchema);

/**
 * The whole password rule for the account `userEmail`, translated (the schema cannot know the e-mail):
 * undefined when the password is acceptable.
 */
export function newPasswordProblems(password: string, userEmail: string, lang: Lang): string | undefined {
  const problem = passwordProblem(password, userEmail);
  if (!problem) return undefined;
  return translateMessage(problem === 'field.password_short' ? msg(problem, PASSWORD_MIN) : msg(problem), lang);
}

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  password?: string;
  volunteerId?: string | null;
  language?: 'it' | 'en';
}
/** A new staff user. Cross-field rules (volunteer link, password ≠ e-mail) are checked too. */
export const validateCreateUser: BodyCheck<CreateUserInput> = (body, lang) => {
  const r = schemaCheck(createUserSchema)(body, lang);
  if (!r.ok) return r;
  const fields: FieldErrors = {};
  if (r.value.password !== undefined) {
    const p = newPasswordProblems(r.value.password, r.value.email, lang);
    if (p) fields.password = p;
  }
  if (r.value.role === 'volunteer' && !r.value.volunteerId)
    fields.volunteerId = translateMessage(msg('field.volunteer_required'), lang);
  return Object.keys(fields).length ? { ok: false, fields } : r;
};

export interface PatchUserInput {
  name?: string;
  role?: Role;
  active?: boolean;
  volunteerId?: string | null;
  language?: 'it' | 'en';
}
/** A partial update of a staff user; absent fields stay as they are, `volunteerId: null` unlinks. */
export const validatePatchUser: BodyCheck<PatchUserInput> = schemaCheck(patchUserSchema);

/** What a browser's WebAuthn answer must look like before the library reads it (bounded, base64url strings). */
const b64url = (max: number) => v.pipe(v.string(msg('field.invalid')), v.maxLength(max, msg('field.invalid')));
const credentialJson = v.looseObject({
  id: v.pipe(b64url(1024), v.minLength(1, msg('field.invalid'))),
  rawId: b64url(1024),
  type: v.literal('public-key', msg('field.invalid')),
  response: v.looseObject({ clientDataJSON: b64url(4096) }),
});

export const PASSKEY_NAME_MAX = 60;

const passkeyRegistrationSchema = v.object({
  name: v.pipe(
    v.string(required('field.passkey_name')),
    v.trim(),
    v.check((s) => !CONTROL.test(s), msg('field.invalid')),
    v.minLength(1, msg('field.passkey_name')),
    v.maxLength(PASSKEY_NAME_MAX, msg('field.too_long', PASSKEY_NAME_MAX)),
  ),
  response: credentialJson,
});

export interface PasskeyRegistrationInput {
  name: string;
  response: v.InferOutput<typeof credentialJson>;
}
/** A new passkey: the label the user gave it and the browser's registration answer. */
export const validatePasskeyRegistration: BodyCheck<PasskeyRegistrationInput> = schemaCheck(passkeyRegistrationSchema);

const passkeySignInSchema = v.object({ response: credentialJson });
export interface PasskeySignInInput {
  response: v.InferOutput<typeof credentialJson>;
}
/** A passkey sign-in: the browser's authentication answer. */
export const validatePasskeySignIn: BodyCheck<PasskeySignInInput> = schemaCheck(passkeySignInSchema);
