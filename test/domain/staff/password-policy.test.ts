// Staff passwords: long enough, bounded, and not what a guesser tries first against an Italian newsroom.
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../../src/domain/errors.ts';
import {
  assertPasswordAcceptable,
  findPasswordProblem,
  maxPasswordLength,
} from '../../../src/domain/staff/password-policy.ts';

describe('staff password policy', () => {
  test.each([
    'vento di tramontana sul molo',
    'Correggere-le-bozze-alle-23',
    'rQ7#kLp2!vWx9z',
    'la redazione chiude alle due',
  ])('accepts %j', (password) => {
    expect(findPasswordProblem(password, 'giulia.neri@ilcontrovento.it')).toBeUndefined();
  });

  test('refuses a password shorter than 12 characters, counting characters, not bytes', () => {
    expect(findPasswordProblem('Tr4m0ntana!')).toBe('must be at least 12 characters (got 11)');
    expect(findPasswordProblem('èèèèàààòòòù')).toBe('must be at least 12 characters (got 11)');
  });

  test('refuses a password longer than the cap, so a sign-in cannot feed argon2 megabytes', () => {
    expect(findPasswordProblem(`${'parola lunga '.repeat(20)}x`.slice(0, maxPasswordLength + 1))).toBe(
      `must be at most ${maxPasswordLength} characters`,
    );
  });

  test.each([
    ['Juventus1897!', 'a club with its founding year'],
    ['P4ssw0rd2024!', 'password in look-alike digits'],
    ['ciaociaociao', 'a greeting repeated'],
    ['forzanapoli1926', 'a chant with a year'],
    ['123456789012', 'only digits'],
    ['!!Redazione2025', 'the trade word padded'],
    ['Qwertyuiop12', 'a keyboard row'],
    ['lkjhgfdsa!!!', 'a keyboard row backwards'],
  ])('refuses %j (%s) as too common', (password) => {
    expect(findPasswordProblem(password)).toMatch(/^is too easy to guess/);
  });

  test('refuses a password with fewer than five different characters', () => {
    expect(findPasswordProblem('abababababab')).toBe(
      'is too easy to guess: it uses fewer than five different characters',
    );
  });

  test("refuses a password that contains the account's mailbox name", () => {
    expect(findPasswordProblem('marco.bianchi è qui', 'marco.bianchi@ilcontrovento.it')).toBe(
      'must not contain the email address',
    );
  });

  test('assertPasswordAcceptable throws a ValidationError naming the field', () => {
    try {
      assertPasswordAcceptable('corta');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details.field).toBe('password');
      expect((error as ValidationError).message).toBe('password must be at least 12 characters (got 5)');
    }
  });
});
