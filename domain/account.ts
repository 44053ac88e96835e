/**
 * An account's fields as the rules accept them, with each refusal in Chinese and English:
 * one parser for the API (POST /users, PATCH /users/{login}), the `cadreflow users`
 * commands and the web UI's accounts page, which shows the server's refusal in its
 * language. Pure; the caller (client/api/accounts.ts) checks what needs the database (a
 * taken login, a township in the registry) and raises those with `accountRefusal` too.
 */
import { isRole, type Role } from './actors';

export const LOGIN_PATTERN = '^[a-z0-9][a-z0-9._-]{1,62}$';
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;
export const MAX_DISPLAY_NAME_LENGTH = 200;

export type AccountRefusalCode =
  | 'bad-login'
  | 'unknown-role'
  | 'needs-township'
  | 'no-township-for-role'
  | 'unknown-township'
  | 'dissolved-township'
  | 'bad-password'
  | 'bad-display-name'
  | 'login-taken'
  | 'own-account'
  | 'no-such-account';

/**
 * A change the account rules refuse; nothing is written. Its message is the English, as
 * the CLI prints it and the API's `detail` carries it; `zh` and `en` go into the problem.
 */
export class AccountRefusal extends Error {
  override readonly name = 'AccountRefusal';
  constructor(
    readonly code: AccountRefusalCode,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

export const accountRefusal = (code: AccountRefusalCode, zh: string, en: string) => new AccountRefusal(code, zh, en);

/** A login as typed (surrounding spaces dropped): lower-case letters, digits, `.`, `_`, `-`. */
export function parseLogin(raw: string): string {
  const login = raw.trim();
  if (!new RegExp(LOGIN_PATTERN).test(login)) {
    throw accountRefusal(
      'bad-login',
      `账号“${login}”不合规定：须为 2–63 个字符，只能用小写字母、数字、“.”“_”“-”，并以字母或数字开头`,
      `login "${login}" must be 2–63 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  return login;
}

export function parseRole(raw: string): Role {
  if (!isRole(raw)) {
    throw accountRefusal(
      'unknown-role',
      `没有“${raw}”这一角色（county-org-dept | township-committee | auditor | admin）`,
      `unknown role "${raw}" (county-org-dept | township-committee | auditor | admin)`,
    );
  }
  return raw;
}

/** Only a township committee member belongs to a township, and one always does. */
export function checkRoleTownship(role: Role, townshipId: string | null | undefined): void {
  if (role === 'township-committee' && !townshipId) {
    throw accountRefusal(
      'needs-township',
      '乡镇党委账户须指定所属乡镇（如 ts-01）',
      'a township-committee user needs a township (e.g. ts-01)',
    );
  }
  if (role !== 'township-committee' && townshipId) {
    throw accountRefusal(
      'no-township-for-role',
      '只有乡镇党委账户属于某个乡镇；其他角色面向全县，不指定乡镇',
      `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} user acts county-wide and has no township`,
    );
  }
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw accountRefusal(
      'bad-password',
      `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`,
      `a password needs at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw accountRefusal(
      'bad-password',
      `密码至多 ${MAX_PASSWORD_LENGTH} 个字符`,
      `a password has at most ${MAX_PASSWORD_LENGTH} characters`,
    );
  }
}

/** A display name: 1–200 characters once trimmed. */
export function parseDisplayName(raw: string): string {
  const name = raw.trim();
  if (name.length < 1 || name.length > MAX_DISPLAY_NAME_LENGTH) {
    throw accountRefusal(
      'bad-display-name',
      `名称须为 1–${MAX_DISPLAY_NAME_LENGTH} 个字符`,
      `a display name has 1 to ${MAX_DISPLAY_NAME_LENGTH} characters`,
    );
  }
  return name;
}

/**
 * An admin's change to their own account: disabling it, or changing its role, would leave
 * no one to undo it (another admin can).
 */
export function checkOwnAccountChange(changes: { disabled?: boolean; role?: string }, myRole: Role): void {
  if (changes.disabled) throw accountRefusal('own-account', '不能停用自己的账户', 'you cannot disable your own account');
  if (changes.role !== undefined && changes.role !== myRole) {
    throw accountRefusal('own-account', '不能更改自己的角色；可由另一位管理员更改', 'you cannot change your own role; another admin can');
  }
}
