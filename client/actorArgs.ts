/**
 * Command-line arguments that name who acts (`--as`) and what they decide (`--field`,
 * `--data`), shared by the core commands and the procedures' own.
 */
import { isRole, type Actor } from '../domain/actors';
import { UserError } from './cases';

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

/** `--field a.b=1` pairs into an object; numbers and booleans are typed. */
export function parseFields(fields: string[], json?: string): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  if (json) {
    try {
      out = JSON.parse(json) as Record<string, unknown>;
    } catch (err) {
      throw new UserError(`--data is not valid JSON: ${(err as Error).message}`);
    }
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
