// The fields of a staff account: one form of an email address, names without control characters, known roles.
import { describe, expect, test } from 'vitest';
import { normaliseDisplayName, normaliseEmail, parseStaffRole } from '../../../src/domain/staff/staff-user.ts';

describe('staff account fields', () => {
  test('an email is trimmed and lower-cased, so one person cannot hold two accounts by case', () => {
    expect(normaliseEmail('  Giulia.Neri@IlControvento.IT ')).toBe('giulia.neri@ilcontrovento.it');
  });

  test.each([
    ['', 'email is required'],
    ['giulia', 'email must be an email address like nome@testata.it, got "giulia"'],
    ['giulia@redazione', 'email must be an email address like nome@testata.it, got "giulia@redazione"'],
    ['a@b.it\r\nbcc: x@y.it', 'email must be an email address like nome@testata.it'],
    [`${'a'.repeat(250)}@b.it`, 'email must be at most 254 characters'],
  ])('refuses the email %j', (raw, message) => {
    expect(() => normaliseEmail(raw)).toThrow(message);
  });

  test("a display name defaults to the mailbox's name and refuses control characters", () => {
    expect(normaliseDisplayName(undefined, 'giulia.neri@ilcontrovento.it')).toBe('giulia.neri');
    expect(normaliseDisplayName('  Giulia Neri ', 'g@x.it')).toBe('Giulia Neri');
    expect(() => normaliseDisplayName('Giulia\u0000Neri', 'g@x.it')).toThrow(
      'displayName must not contain control characters',
    );
  });

  test('a role is one of the four, named in the refusal', () => {
    expect(parseStaffRole('editor')).toBe('editor');
    expect(() => parseStaffRole('admin')).toThrow(
      'role must be one of owner, editor, author, contributor, got "admin"',
    );
  });
});
