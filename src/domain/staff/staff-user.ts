// Staff users: the people who sign in to the back office, their roles, and what makes an account's fields valid.
import { ValidationError } from '../errors.ts';

export const staffRoles = ['owner', 'editor', 'author', 'contributor'] as const;
export type StaffRole = (typeof staffRoles)[number];

export function isStaffRole(value: string): value is StaffRole {
  return (staffRoles as readonly string[]).includes(value);
}

export type StaffUser = {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  /** The byline this person writes under, if any: an author's id. */
  authorId: string | null;
  /** Whether a second factor (TOTP) is confirmed on this account. */
  hasSecondFactor: boolean;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export const maxEmailLength = 254;
export const maxDisplayNameLength = 120;

/**
 * The one form of an email address the accounts compare: trimmed and lower-cased. Real mailboxes are
 * case-insensitive in practice, and two accounts differing only by case would let one person hold two.
 */
export function normaliseEmail(raw: string, field = 'email'): string {
  const email = raw.trim().toLowerCase();
  if (email.length === 0) throw new ValidationError(`${field} is required`, { field });
  if (email.length > maxEmailLength) {
    throw new ValidationError(`${field} must be at most ${maxEmailLength} characters`, { field });
  }
  // One @, something on each side, a dot in the domain, nothing that could split a header or a log line.
  if (!/^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/u.test(email)) {
    throw new ValidationError(`${field} must be an email address like nome@testata.it, got "${email}"`, { field });
  }
  return email;
}

/** The name shown in the back office and the audit log; the email's local part when none is given. */
export function normaliseDisplayName(raw: string | undefined, email: string, field = 'displayName'): string {
  const name = (raw ?? '').trim() || email.slice(0, email.indexOf('@'));
  if (name.length > maxDisplayNameLength) {
    throw new ValidationError(`${field} must be at most ${maxDisplayNameLength} characters`, { field });
  }
  if (/\p{Cc}/u.test(name)) throw new ValidationError(`${field} must not contain control characters`, { field });
  return name;
}

export function parseStaffRole(raw: string, field = 'role'): StaffRole {
  if (isStaffRole(raw)) return raw;
  throw new ValidationError(`${field} must be one of ${staffRoles.join(', ')}, got "${raw}"`, { field });
}
