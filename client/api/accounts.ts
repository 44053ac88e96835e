/**
 * Users, passwords, sessions and API tokens: shared by the HTTP API and the
 * `cadreflow users` commands. Passwords are argon2id; session ids and tokens are 32
 * random bytes, stored only as their SHA-256.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { accountRefusal, checkPassword, checkRoleTownship, parseDisplayName, parseLogin, parseRole } from '../../domain/account';
import type { Actor, Role } from '../../domain/actors';
import type { User } from '../../domain/wire/user';
import type { DB } from '../../schema/db';
import { UserError } from '../cases';
import { recordAccess, SYSTEM, type AccessBy } from './accessLog';

export type { User };

export { checkPassword, LOGIN_PATTERN, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../domain/account';
export const TOKEN_PREFIX = 'cft_';

/** The identity a decision is stamped with: the account, never the request. */
export function actorOf(user: Pick<User, 'login' | 'role' | 'townshipId'>): Actor {
  return { id: user.login, role: user.role, ...(user.townshipId ? { townshipId: user.townshipId } : {}) };
}

// @node-rs/argon2's defaults are argon2id, m=19 MiB, t=2, p=1 (OWASP's minimum); its
// `Algorithm` is an ambient const enum, which isolatedModules cannot reference, so the
// default is relied on and a unit test pins the `$argon2id$` prefix.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real hash to verify against when the login does not exist, so an unknown login
// costs as much time as a wrong password and does not reveal which logins exist.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  const target = passwordHash ?? (await (dummyHash ??= hash(randomBytes(16).toString('hex'))));
  try {
    const ok = await verify(target, password);
    return ok && passwordHash !== undefined;
  } catch {
    return false;
  }
}

export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

type UserRow = {
  id: string;
  login: string;
  display_name: string;
  role: Role;
  township_id: string | null;
  disabled: boolean;
  created_at: Date;
};

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    login: r.login,
    displayName: r.display_name,
    role: r.role,
    townshipId: r.township_id,
    disabled: r.disabled,
    createdAt: r.created_at.toISOString(),
  };
}

const USER_COLUMNS = ['id', 'login', 'display_name', 'role', 'township_id', 'disabled', 'created_at'] as const;

export interface NewUser {
  login: string;
  role: string;
  townshipId?: string;
  displayName?: string;
  /** Omitted: one is generated and returned once. */
  password?: string;
}

/**
 * Creates a user. A township committee member needs a township that exists in the
 * registry (a typo would otherwise make an account that sees nothing); other roles
 * must not have one.
 */
export async function createUser(
  db: DB,
  input: NewUser,
  opts: { checkTownship?: boolean; by?: AccessBy } = {},
): Promise<{ user: User; password: string; generated: boolean }> {
  const login = parseLogin(input.login);
  const role = parseRole(input.role);
  checkRoleTownship(role, input.townshipId);
  if (input.townshipId && opts.checkTownship !== false) await checkTownshipExists(db, input.townshipId);
  const displayName = input.displayName?.trim() ? parseDisplayName(input.displayName) : login;
  const generated = input.password === undefined;
  const password = input.password ?? generatePassword();
  checkPassword(password);
  const taken = () => accountRefusal('login-taken', `账号“${login}”已存在`, `a user with login "${login}" already exists`);
  if (await db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirst()) throw taken();
  const passwordHash = await hashPassword(password);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('users')
        .values({ login, display_name: displayName, role, township_id: input.townshipId ?? null, password_hash: passwordHash })
        .returning(USER_COLUMNS)
        .executeTakeFirstOrThrow();
      const user = toUser(row);
      await recordAccess(trx, opts.by ?? SYSTEM, 'account.created', login, { role, townshipId: user.townshipId, displayName });
      return { user, password, generated };
    });
  } catch (err) {
    // Two creations of one login at once: the unique index decides, the loser is told.
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}

/** A township that exists in the registry and is not dissolved: a typo would otherwise make an account that sees nothing. */
async function checkTownshipExists(db: DB, townshipId: string): Promise<void> {
  const unit = await db.selectFrom('org_units').select(['kind', 'effective_to']).where('org_unit_id', '=', townshipId).executeTakeFirst();
  if (!unit || unit.kind !== 'township')
    throw accountRefusal('unknown-township', `名册中没有乡镇 ${townshipId}`, `no township ${townshipId} in the registry`);
  if (unit.effective_to !== null) {
    throw accountRefusal(
      'dissolved-township',
      `乡镇 ${townshipId} 已于 ${unit.effective_to} 撤销`,
      `township ${townshipId} was dissolved on ${unit.effective_to}`,
    );
  }
}

/** The townships an account can be given (those checkTownshipExists accepts), by name: the accounts page's choice. */
export async function listAccountTownships(db: DB): Promise<Array<{ orgUnitId: string; name: string }>> {
  const rows = await db
    .selectFrom('org_units')
    .select(['org_unit_id', 'name'])
    .where('kind', '=', 'township')
    .where('effective_to', 'is', null)
    .orderBy('org_unit_id')
    .execute();
  return rows.map((r) => ({ orgUnitId: r.org_unit_id, name: r.name }));
}

export async function listUsers(db: DB): Promise<User[]> {
  const rows = await db.selectFrom('users').select(USER_COLUMNS).orderBy('login').execute();
  return rows.map(toUser);
}

export interface UserChanges {
  displayName?: string;
  disabled?: boolean;
  /** Replaces the password with a generated one, returned once. */
  resetPassword?: boolean;
  /** A new role; a township-committee role needs `townshipId`, any other role drops the township. */
  role?: string;
  /** A township committee member's (new) township. */
  townshipId?: string;
}

/**
 * Changes an account, and records each change in the access log in the same
 * transaction. Disabling it, resetting its password or changing its role or township
 * ends its sessions at once; a password reset also revokes its API tokens (whoever
 * knew the old password may have minted one). Its tokens stop working while it is
 * disabled (every request checks).
 */
export async function updateUser(
  db: DB,
  login: string,
  changes: UserChanges,
  by: AccessBy = SYSTEM,
): Promise<{ user: User; password?: string } | undefined> {
  const password = changes.resetPassword ? generatePassword() : undefined;
  const set: { display_name?: string; disabled?: boolean; password_hash?: string; role?: Role; township_id?: string | null } = {};
  if (changes.displayName !== undefined) set.display_name = parseDisplayName(changes.displayName);
  if (changes.disabled !== undefined) set.disabled = changes.disabled;
  if (changes.role !== undefined) parseRole(changes.role);
  if (password) set.password_hash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').select(USER_COLUMNS).where('login', '=', login).forUpdate().executeTakeFirst();
    if (!before) return undefined;
    if (changes.role !== undefined || changes.townshipId !== undefined) {
      const role = (changes.role as Role | undefined) ?? before.role;
      // A committee member keeps their township unless given another; any other role has none.
      checkRoleTownship(role, role === 'township-committee' ? (changes.townshipId ?? before.township_id) : changes.townshipId);
      const townshipId = role === 'township-committee' ? (changes.townshipId ?? before.township_id) : null;
      if (townshipId && townshipId !== before.township_id) await checkTownshipExists(trx, townshipId);
      set.role = role;
      set.township_id = townshipId;
    }
    const row =
      Object.keys(set).length > 0
        ? await trx.updateTable('users').where('id', '=', before.id).set(set).returning(USER_COLUMNS).executeTakeFirstOrThrow()
        : before;
    const roleChanged = row.role !== before.role || row.township_id !== before.township_id;
    if (changes.disabled || password || roleChanged) await trx.deleteFrom('sessions').where('user_id', '=', row.id).execute();
    if (password) await trx.deleteFrom('api_tokens').where('user_id', '=', row.id).execute();

    if (row.display_name !== before.display_name)
      await recordAccess(trx, by, 'account.renamed', login, { from: before.display_name, to: row.display_name });
    if (roleChanged) {
      await recordAccess(trx, by, 'account.role-changed', login, {
        from: { role: before.role, townshipId: before.township_id },
        to: { role: row.role, townshipId: row.township_id },
      });
    }
    if (password) await recordAccess(trx, by, 'account.password-reset', login);
    if (row.disabled !== before.disabled) await recordAccess(trx, by, row.disabled ? 'account.disabled' : 'account.enabled', login);
    return { user: toUser(row), ...(password ? { password } : {}) };
  });
}

export async function findUser(db: DB, login: string): Promise<(User & { passwordHash: string }) | undefined> {
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where('login', '=', login)
    .executeTakeFirst();
  return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
}

export interface DemoUser {
  login: string;
  displayName: string;
  role: Role;
  townshipId?: string;
  /** Set when the user was created now; an existing user's password is never shown again. */
  password?: string;
  created: boolean;
}

const DEMO_USERS: ReadonlyArray<Omit<DemoUser, 'password' | 'created'>> = [
  { login: 'org-admin', displayName: '系统管理员', role: 'admin' },
  { login: 'org-staff', displayName: '组织部干部科', role: 'county-org-dept' },
  { login: 'ts-01-committee', displayName: '01乡镇党委', role: 'township-committee', townshipId: 'ts-01' },
  { login: 'ts-02-committee', displayName: '02乡镇党委', role: 'township-committee', townshipId: 'ts-02' },
  { login: 'auditor', displayName: '审计员', role: 'auditor' },
];

/**
 * One user per role for the demo county, with generated passwords to print. Running
 * it again creates only the missing ones and leaves existing passwords alone.
 */
export async function createDemoUsers(db: DB): Promise<DemoUser[]> {
  const out: DemoUser[] = [];
  for (const spec of DEMO_USERS) {
    if (await findUser(db, spec.login)) {
      out.push({ ...spec, created: false });
      continue;
    }
    // The demo county's townships are ts-01…ts-12 by construction, loaded or not yet.
    const { password } = await createUser(db, spec, { checkTownship: false, by: { actor: { system: 'demo' }, channel: 'system' } });
    out.push({ ...spec, password, created: true });
  }
  return out;
}

// ── Sessions ────────────────────────────────────────────────────────────────

/** The session's row is keyed by the SHA-256 of its cookie value: a copy of the table signs no one in. */
export async function createSession(db: DB, userId: string, now: number, ttlMs: number): Promise<{ id: string; expiresAt: Date }> {
  const id = randomBytes(32).toString('hex');
  const expiresAt = new Date(now + ttlMs);
  await db
    .insertInto('sessions')
    .values({ id_hash: sha256Hex(id), user_id: userId, created_at: new Date(now), expires_at: expiresAt })
    .execute();
  return { id, expiresAt };
}

/** Ends the session whose cookie value is `id`; nothing happens when there is none. */
export async function deleteSession(db: DB, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', sha256Hex(id)).execute();
}

export type Credential = { kind: 'session'; id: string } | { kind: 'token'; id: string };

export type Resolved = { ok: true; user: User; credential: Credential } | { ok: false; detail: string; expiredSession?: boolean };

export async function resolveSession(db: DB, sessionId: string, now: number): Promise<Resolved> {
  if (!/^[0-9a-f]{64}$/.test(sessionId)) return { ok: false, detail: 'the session cookie is not valid; log in again' };
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'login', 'display_name', 'role', 'township_id', 'disabled', 'users.created_at', 'sessions.expires_at'])
    .where('sessions.id_hash', '=', sha256Hex(sessionId))
    .executeTakeFirst();
  if (!row) return { ok: false, detail: 'the session has ended; log in again', expiredSession: true };
  if (row.expires_at.getTime() <= now) {
    await deleteSession(db, sessionId);
    return { ok: false, detail: 'the session has expired; log in again', expiredSession: true };
  }
  if (row.disabled) return { ok: false, detail: 'this account is disabled' };
  return { ok: true, user: toUser(row), credential: { kind: 'session', id: sessionId } };
}

export async function deleteExpiredSessions(db: DB, now: number): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', new Date(now)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ── API tokens ──────────────────────────────────────────────────────────────

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function createApiToken(db: DB, userId: string, name: string): Promise<{ token: string; info: ApiToken }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('hex');
  let row;
  try {
    row = await db
      .insertInto('api_tokens')
      .values({ user_id: userId, token_hash: sha256Hex(token), name })
      .returning(['id', 'name', 'created_at', 'last_used_at'])
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err)) throw new UserError(`you already have a token named "${name}"; revoke it or choose another name`);
    throw err;
  }
  return { token, info: { id: row.id, name: row.name, createdAt: row.created_at.toISOString(), lastUsedAt: null } };
}

export async function listApiTokens(db: DB, userId: string): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  }));
}

/** True when the user had such a token. */
export async function revokeApiToken(db: DB, userId: string, tokenId: string): Promise<boolean> {
  const r = await db.deleteFrom('api_tokens').where('id', '=', tokenId).where('user_id', '=', userId).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

export async function resolveApiToken(db: DB, token: string, now: number): Promise<Resolved> {
  if (!token.startsWith(TOKEN_PREFIX) || !/^[0-9a-f]{64}$/.test(token.slice(TOKEN_PREFIX.length))) {
    return { ok: false, detail: 'the bearer token is not a cadreflow API token' };
  }
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id', 'login', 'display_name', 'role', 'township_id', 'disabled', 'users.created_at', 'api_tokens.id as token_id'])
    .where('token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!row) return { ok: false, detail: 'the API token is unknown or was revoked' };
  if (row.disabled) return { ok: false, detail: 'this account is disabled' };
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: new Date(now) })
    .where('id', '=', row.token_id)
    .execute();
  return { ok: true, user: toUser(row), credential: { kind: 'token', id: row.token_id } };
}
