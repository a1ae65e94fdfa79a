import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from '../../worker/src/auth/common-passwords';
import { isCommonPassword, PASSWORD_MIN, passwordProblem } from '../../worker/src/auth/password-policy';

describe('the staff password rule', () => {
  it('accepts a phrase of a few words', () => {
    expect(passwordProblem('una frase lunga da ricordare', 'rita@desk.test')).toBeUndefined();
    expect(passwordProblem('correct horse battery', 'rita@desk.test')).toBeUndefined();
    expect(PASSWORD_MIN).toBe(12);
  });

  it('refuses blanks, short ones, counted in characters', () => {
    expect(passwordProblem(' '.repeat(10))).toBe('field.password_blank');
    expect(passwordProblem(' \t'.repeat(8))).toBe('field.password_blank');
    expect(passwordProblem('')).toBe('field.password_blank');
    expect(passwordProblem('a')).toBe('field.password_short');
    expect(passwordProblem('elevenchars')).toBe('field.password_short');
    expect(passwordProblem('twelve chars')).toBeUndefined();
    // Eleven emoji are 22 UTF-16 units but eleven characters.
    expect(passwordProblem('🐝'.repeat(10) + '🌼')).toBe('field.password_short');
  });

  it('refuses common passwords, also with capitals, spaces, and digits or symbols tacked on', () => {
    for (const p of [
      'password12',
      'password1234',
      'Password1234!',
      'qwertyuiop12',
      '123456789012',
      ' QWERTYUIOP123 ',
    ]) {
      expect(passwordProblem(p), p).toBe(
        p.trim().length < PASSWORD_MIN ? 'field.password_short' : 'field.password_common',
      );
    }
    for (const p of ['forzajuventus1897', 'ForzaNapoli2024!', 'tiamotanto123', 'aaaaaaaaaaaaaaaa', 'juventus12345']) {
      expect(passwordProblem(p), p).toBe('field.password_common');
    }
    // The list is small on purpose, and written in lower case.
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(100);
    expect(COMMON_PASSWORDS.size).toBeLessThanOrEqual(200);
    for (const p of COMMON_PASSWORDS) expect(p).toBe(p.toLowerCase());
    expect(isCommonPassword('juventus è la mia squadra')).toBe(false);
  });

  it('refuses the e-mail address of the account', () => {
    expect(passwordProblem('Rita.Rossi@Desk.test ', 'rita.rossi@desk.test')).toBe('field.password_email');
    expect(passwordProblem('rita.rossi@desk.test')).toBeUndefined();
  });
});
