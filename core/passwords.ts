/**
 * The password policy for accounts on the central server, after NIST SP 800-63B (Digital Identity Guidelines,
 * section 5.1.1.2, "Memorized Secret Verifiers"): length, not composition rules. At least 12 characters (a
 * municipality's own rules often ask for more than NIST's minimum of 8), at most 128 (NIST asks to allow at least 64),
 * every Unicode character allowed and counted as one, and none of the commonest passwords or context-specific words
 * (the user name, the product). No rules on digits or symbols and no forced periodic change: both make passwords
 * weaker in practice, says NIST.
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'too-short' | 'too-long' | 'common' | 'user-name';

/**
 * The commonest passwords of 12 characters or more in published breach lists (shorter ones fail on length alone),
 * and words an attacker would try first here. Compared without case, spaces, dashes or dots.
 */
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789123',
  '1q2w3e4r5t6y',
  'qwertyuiopasdfghjkl',
  'qwertyuiop12',
  'qwerty123456',
  'qwertyuiopå',
  'asdfghjkl123',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'iloveyou1234',
  'abcdefghijkl',
  'abc123abc123',
  'letmein12345',
  'welcome12345',
  'changeme1234',
  'trustno11234',
  'lösenord1234',
  'losenord1234',
  'lösenordlösenord',
  'sommar123456',
  'vinter123456',
  'hemtjänst123',
  'hemtjanst123',
  'hemtjänst2026',
  'hemtrygg1234',
  'hemtrygg2026',
  'hemtrygghemtrygg',
  'kommun123456',
  'correcthorsebatterystaple',
]);

const simplify = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s.\-_]/g, '');

/** Why a password is refused for this user name, or undefined when it may be used. */
export function passwordProblem(password: string, username: string): PasswordProblem | undefined {
  // NIST: count each Unicode code point as one character, after normalisation.
  const length = [...password.normalize('NFKC')].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too-short';
  if (length > PASSWORD_MAX_LENGTH) return 'too-long';
  const simple = simplify(password);
  // One character over and over ("aaaaaaaaaaaa") is as guessable as any word on the list.
  if (COMMON.has(simple) || new Set(simple).size <= 2) return 'common';
  // The user name itself, with digits around it, or twice ("anna2026anna").
  const name = simplify(username);
  const withoutDigits = simple.replace(/\d+/g, '');
  if (name.length > 0 && (withoutDigits === name || withoutDigits === name.repeat(2))) return 'user-name';
  return undefined;
}

/** The rule in words (English: the administrator's command line and the server's log). */
export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  'too-short': `The password must have at least ${PASSWORD_MIN_LENGTH} characters; a few words in a row make a good one.`,
  'too-long': `The password may have at most ${PASSWORD_MAX_LENGTH} characters.`,
  common: 'This password is among the first an attacker tries. Choose another, for instance a few unrelated words.',
  'user-name': 'The password must not be the user name. Choose another, for instance a few unrelated words.',
};
