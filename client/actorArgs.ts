/**
 * Command-line arguments that name who acts (`--user`, an admin's `--as`) and what they
 * decide (`--field`, `--data`), shared by the core commands and the procedures' own.
 *
 * The CLI acts as an account of the accounts table, named by the global `--user <login>`
 * (or CADREFLOW_USER): the actor a workflow records is that account's login, role and
 * township, exactly as the API stamps a signed-in user. `--as` stays only for an
 * account with the admin role, entering a decision on someone's behalf (e.g. from a
 * paper record); the actor then carries the admin's login in `enteredBy`.
 */
import { isRole, type Actor, type Role } from '../domain/actors';
import { calendarDay, decisionBody } from '../domain/decisions';
import { UserError } from './userError';

/** An account as the CLI needs it: who it is and whether it may act. */
export interface Account {
  login: string;
  role: Role;
  townshipId: string | null;
  disabled: boolean;
}

/** `--as ts-03` or `--as ts-03:李华`: a township committee member of ts-03; `--as org:张三`: county staff. */
export function parseActor(as: string, role?: string, township?: string): Actor {
  const m = /^(ts-\d+)(?::(.+))?$/.exec(as);
  if (m && !role) return { id: m[2] ?? `${m[1]}-committee`, role: 'township-committee', townshipId: m[1]! };
  const org = /^org(?::(.+))?$/.exec(as);
  if (org && !role) return { id: org[1] ?? 'org-staff', role: 'county-org-dept' };
  if (!role) throw new UserError(`--as ${as}: give --role (county-org-dept | township-committee | auditor), or use ts-NN / org`);
  if (!isRole(role)) throw new UserError(`unknown role "${role}"`);
  if (role === 'township-committee' && !township) throw new UserError('a township-committee actor needs --township');
  return { id: as, role, ...(township ? { townshipId: township } : {}) };
}

/** On whose behalf an admin acts: `--as` and, for a plain id, `--role` and `--township`. */
export interface OnBehalf {
  as?: string;
  role?: string;
  township?: string;
}

export const DECIDING_ROLES: readonly Role[] = ['county-org-dept', 'township-committee'];
export const COUNTY_ROLES: readonly Role[] = ['county-org-dept'];

/**
 * The actor a command that acts records. `what` names the act in the messages (e.g.
 * "decide"); `roles` are the roles that may do it. Unknown or disabled accounts, an
 * account of another role and `--as` from an account that is not an admin are refused
 * with one line each; the workflow then checks the step, the role and the township again.
 */
export async function actingActor(
  login: string | undefined,
  lookup: (login: string) => Promise<Account | null>,
  what: string,
  roles: readonly Role[],
  onBehalf: OnBehalf = {},
): Promise<Actor> {
  if (!login)
    throw new UserError(`${what} acts as an account: name it with --user <login> (or CADREFLOW_USER); \`cadreflow users list\` shows them`);
  const account = await lookup(login);
  if (!account)
    throw new UserError(`no account "${login}": \`cadreflow users list\` shows the accounts, \`cadreflow users add\` creates one`);
  if (account.disabled) throw new UserError(`account "${login}" is disabled`);
  let actor: Actor;
  if (onBehalf.as !== undefined) {
    if (account.role !== 'admin') {
      throw new UserError(`--as is only for an admin account; ${login} is ${account.role} and acts as itself (drop --as)`);
    }
    actor = { ...parseActor(onBehalf.as, onBehalf.role, onBehalf.township), enteredBy: login };
  } else {
    if (onBehalf.role !== undefined || onBehalf.township !== undefined)
      throw new UserError('--role and --township go with an admin’s --as');
    actor = { id: account.login, role: account.role, ...(account.townshipId ? { townshipId: account.townshipId } : {}) };
  }
  if (!roles.includes(actor.role)) {
    const who = actor.enteredBy ? `--as ${onBehalf.as} is ${actor.role}` : `${login} is ${actor.role}`;
    throw new UserError(`${what} is for ${roles.join(' or ')}; ${who}`);
  }
  return actor;
}

/**
 * A date option (`--graded-on 2026-12-01`), read by the domain's calendar-day parser: the
 * one the API and the workflows' validators use, so the CLI refuses exactly what they do.
 */
export function dayOption(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  const day = calendarDay(value, option);
  if (!day.ok) throw new UserError(day.error);
  return day.value;
}

/** `--field a.b=1` pairs into an object; numbers and booleans are typed. */
export function parseFields(fields: string[], json?: string): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  if (json) {
    try {
      out = JSON.parse(json) as Record<string, unknown>;
    } catch (err) {
      throw new UserError(`--data is not valid JSON: ${(err as Error).message}`);
    }
    const body = decisionBody(out);
    if (!body.ok) throw new UserError(`--data: ${body.error}`);
  }
  for (const f of fields) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new UserError(`--field ${f}: expected key=value`);
    const path = f.slice(0, eq).split('.');
    const raw = f.slice(eq + 1);
    const value = /^-?\d+$/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
    let node = out;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]!] = value;
  }
  return out;
}
