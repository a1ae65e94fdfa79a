/**
 * The password rule for staff accounts, one function for every way a password is set: the portal, the
 * admin CLI and ADMIN_PASSWORD at first start. Long enough to resist guessing at the sign-in throttle's
 * pace, and not one of the passwords guessers try first (COMMON_PASSWORDS). No composition rules (a digit,
 * a capital…): they make passwords harder to remember, not to guess; a phrase of a few words is best.
 */
import type { MessageKey } from '../i18n';
import { COMMON_PASSWORDS } from './common-passwords';

export const PASSWORD_MIN = 12;
/** PBKDF2 hashes any length, but a megabyte-long "password" is only a way to burn CPU. */
export const PASSWORD_MAX = 256;

/** Why a new password is refused, as a message key (`field.password_short` takes `{max}` = PASSWORD_MIN). */
export type PasswordProblem = Extract<
  MessageKey,
  'field.password_blank' | 'field.password_short' | 'field.password_common' | 'field.password_email'
>;

/**
 * The first reason `password` is not acceptable as a new password for the account `email`, or undefined.
 * Length counts characters (code points), so a password in any script is measured alike.
 */
export function passwordProblem(password: string, email?: string): PasswordProblem | undefined {
  if (password.trim() === '') return 'field.password_blank';
  if ([...password].length < PASSWORD_MIN) return 'field.password_short';
  if (isCommonPassword(password)) return 'field.password_common';
  if (email !== undefined && password.trim().toLowerCase() === email.trim().toLowerCase())
    return 'field.password_email';
  return undefined;
}

/**
 * True for a listed password, also with other capitals, surrounding spaces, or digits and symbols added
 * at the end (`Password1234!`), and for one character repeated.
 */
export function isCommonPassword(password: string): boolean {
  const plain = password.trim().toLowerCase();
  if (COMMON_PASSWORDS.has(plain)) return true;
  const stem = plain.replace(/[\d\s\p{P}\p{S}]+$/u, '');
  if (stem !== '' && COMMON_PASSWORDS.has(stem)) return true;
  return new Set(plain).size === 1;
}
