// What a staff password must be: long enough, not absurdly long, and not one of the guesses an attacker
// tries first. The words are our own list (Italian and English); a password is "common" when, once
// lower-cased and with look-alike digits read as letters, it is such a word or keyboard run, repeated or
// padded with digits and symbols.
import { ValidationError } from '../errors.ts';
import { commonPasswordWords } from './common-password-words.ts';

export const minPasswordLength = 12;
/** Argon2 would take any length; a cap keeps a hostile sign-in from feeding it megabytes. */
export const maxPasswordLength = 256;

const lookAlikes: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};
const keyboardRuns = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwertzuiop', 'azertyuiop', 'qazwsxedcrfvtgb'];

/** The problem with `password` for the account `email`, or undefined when it is acceptable. */
export function findPasswordProblem(password: string, email?: string): string | undefined {
  const length = [...password].length;
  if (length < minPasswordLength) return `must be at least ${minPasswordLength} characters (got ${length})`;
  if (length > maxPasswordLength) return `must be at most ${maxPasswordLength} characters`;
  if (new Set(password).size < 5) return 'is too easy to guess: it uses fewer than five different characters';
  if (isCommon(password)) return 'is too easy to guess: it is one of the most common passwords';
  const mailbox = email?.slice(0, email.indexOf('@')).toLowerCase();
  if (mailbox && mailbox.length >= 4 && password.toLowerCase().includes(mailbox)) {
    return 'must not contain the email address';
  }
  return undefined;
}

export function assertPasswordAcceptable(password: string, email?: string, field = 'password'): void {
  const problem = findPasswordProblem(password, email);
  if (problem) throw new ValidationError(`${field} ${problem}`, { field });
}

function isCommon(password: string): boolean {
  // The word is what is left once digits and symbols at either end are taken away ("Juventus1897!"); look-alike
  // digits are read as letters inside it only ("P4ssw0rd2024" is "password"), never in the padding.
  const core = lettersCore(password.toLowerCase());
  for (const candidate of new Set([core, lettersCore([...core].map((c) => lookAlikes[c] ?? c).join(''))])) {
    if (candidate.length === 0) return true;
    if (commonPasswordWords.has(candidate) || isRepetitionOfCommon(candidate) || isKeyboardRun(candidate)) return true;
  }
  return false;
}

function lettersCore(text: string): string {
  return text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
}

function isRepetitionOfCommon(core: string): boolean {
  for (let size = 1; size <= core.length / 2; size++) {
    if (core.length % size !== 0) continue;
    const unit = core.slice(0, size);
    if (unit.repeat(core.length / size) === core) return size < 4 || commonPasswordWords.has(unit);
  }
  return false;
}

/** A stretch of one keyboard row, either way ("qwertyuiop", "lkjhgfdsa"). */
function isKeyboardRun(core: string): boolean {
  if (core.length < 6) return false;
  const reversed = [...core].reverse().join('');
  return keyboardRuns.some((run) => run.includes(core) || run.includes(reversed));
}
