/**
 * The access log: account administration and views of a person's full personal data,
 * in an append-only, hash-chained table (schema/migrations/0013). A row is written in
 * the same transaction as the change it records (or the read it records), so a change
 * without its row, or a row without its change, cannot exist. The chain is verified the
 * way the event log's is: each row's hash over the previous hash and the row's
 * canonical JSON, positions without gaps, the head row pointing at the last one.
 */
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { sql } from 'kysely';
import { canonicalJson } from '../../domain/canonicalJson';
import type { Role } from '../../domain/actors';
import type { AccessChainReport, AccessEntry } from '../../domain/wire/accessLog';
import type { DB } from '../../schema/db';

export const ACCESS_KINDS = [
  'account.created',
  'account.role-changed',
  'account.password-reset',
  'account.disabled',
  'account.enabled',
  'account.renamed',
  'person.viewed',
  'person.personal-data-viewed',
  // An LRMX file written for a person: it carries the full ID number (client/lrmx/lrmxRegistry.ts).
  'person.lrmx-exported',
] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

/** An API user (their account), the operator running the CLI (their OS user), or the program itself (the demo's accounts). */
export type AccessActor = { login: string; role: Role; townshipId?: string } | { osUser: string } | { system: string };

export interface AccessBy {
  actor: AccessActor;
  channel: 'api' | 'cli' | 'system';
  requestId?: string;
}

/** What the CLI records as its actor: the operator's OS account (the CLI has no login of its own). */
export function cliOperator(): AccessBy {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? `uid-${process.getuid?.() ?? 'unknown'}`;
  }
  return { actor: { osUser: name }, channel: 'cli' };
}

/** A signed-in API user, on one request. */
export function byApiUser(user: { login: string; role: Role; townshipId: string | null }, requestId: string): AccessBy {
  return {
    actor: { login: user.login, role: user.role, ...(user.townshipId ? { townshipId: user.townshipId } : {}) },
    channel: 'api',
    requestId,
  };
}

export const SYSTEM: AccessBy = { actor: { system: 'cadreflow' }, channel: 'system' };

/** The id filters and indexes use: a login, `os:<user>` or `system:<name>`. */
export function actorId(a: AccessActor): string {
  if ('login' in a) return a.login;
  if ('osUser' in a) return `os:${a.osUser}`;
  return `system:${a.system}`;
}

export type { AccessChainReport, AccessEntry };

const ZERO_HASH = '0'.repeat(64);

/** `sha256hex(prevHash + '\n' + canonicalJson(row))`, the row without its hashes. Exported so auditors can recompute it. */
export function accessHash(prevHash: string, e: Omit<AccessEntry, 'hash'>): string {
  const canonical = canonicalJson({
    position: e.position,
    recordedAt: e.recordedAt,
    kind: e.kind,
    actor: e.actor,
    actorId: e.actorId,
    subject: e.subject,
    detail: e.detail,
    channel: e.channel,
    requestId: e.requestId,
  });
  return createHash('sha256').update(`${prevHash}\n${canonical}`, 'utf8').digest('hex');
}

/**
 * Appends one row. `trx` must be the transaction of the change being recorded; the
 * head row's lock orders concurrent appends and gives each its predecessor.
 */
export async function recordAccess(
  trx: DB,
  by: AccessBy,
  kind: AccessKind,
  subject: string,
  detail: Record<string, unknown> = {},
): Promise<AccessEntry> {
  if (!trx.isTransaction) throw new Error('recordAccess runs inside the transaction of what it records');
  const head = await trx
    .selectFrom('access_log_head')
    .select(['position', 'hash'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const { t } = await sql<{ t: Date }>`select date_trunc('milliseconds', now()) as t`.execute(trx).then((r) => r.rows[0]!);
  const entry: Omit<AccessEntry, 'hash'> = {
    position: (head.position + 1n).toString(),
    recordedAt: t.toISOString(),
    kind,
    actor: { ...by.actor },
    actorId: actorId(by.actor),
    subject,
    detail,
    channel: by.channel,
    requestId: by.requestId ?? null,
  };
  const hash = accessHash(head.hash, entry);
  await trx
    .insertInto('access_log')
    .values({
      position: BigInt(entry.position),
      recorded_at: t,
      kind,
      actor: entry.actor,
      actor_id: entry.actorId,
      subject,
      detail,
      channel: by.channel,
      request_id: entry.requestId,
      prev_hash: head.hash,
      hash,
    })
    .execute();
  await trx
    .updateTable('access_log_head')
    .set({ position: BigInt(entry.position), hash })
    .where('id', '=', 1)
    .execute();
  return { ...entry, hash };
}

export interface AccessQuery {
  from?: string;
  to?: string;
  actor?: string;
  kind?: string;
  subject?: string;
  limit: number;
  offset: number;
}

/** Entries newest first, with the number matching. */
export async function readAccessLog(
  db: DB,
  q: AccessQuery,
): Promise<{ items: AccessEntry[]; total: number; limit: number; offset: number }> {
  let base = db.selectFrom('access_log');
  if (q.from) base = base.where('recorded_at', '>=', new Date(q.from));
  if (q.to) base = base.where('recorded_at', '<', new Date(q.to));
  if (q.actor) base = base.where('actor_id', '=', q.actor);
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.subject) base = base.where('subject', '=', q.subject);
  const [{ n }, rows] = await Promise.all([
    base.select(sql<bigint>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    base.selectAll().orderBy('position', 'desc').limit(q.limit).offset(q.offset).execute(),
  ]);
  return { items: rows.map(toEntry), total: Number(n), limit: q.limit, offset: q.offset };
}

type Row = {
  position: bigint;
  recorded_at: Date;
  kind: string;
  actor: Record<string, unknown>;
  actor_id: string;
  subject: string;
  detail: Record<string, unknown>;
  channel: AccessEntry['channel'];
  request_id: string | null;
  hash: string;
};

function toEntry(r: Row): AccessEntry {
  return {
    position: r.position.toString(),
    recordedAt: r.recorded_at.toISOString(),
    kind: r.kind,
    actor: r.actor,
    actorId: r.actor_id,
    subject: r.subject,
    detail: r.detail,
    channel: r.channel,
    requestId: r.request_id,
    hash: r.hash,
  };
}

/** Recomputes every kept row's hash and checks the links, the positions and the head, in one snapshot. */
export async function verifyAccessLog(db: DB, batchSize = 2000): Promise<AccessChainReport> {
  const run = async (trx: DB): Promise<AccessChainReport> => {
    const headRow = await trx.selectFrom('access_log_head').select(['position', 'hash']).where('id', '=', 1).executeTakeFirst();
    if (!headRow) return { ok: false, checked: 0, from: null, head: null, firstBadPosition: '1', reason: 'access_log_head row is missing' };
    const head = headRow.position > 0n ? { position: headRow.position.toString(), hash: headRow.hash } : null;
    const first = await trx.selectFrom('access_log').select(['position', 'prev_hash']).orderBy('position').limit(1).executeTakeFirst();
    const from = first ? first.position : null;
    const bad = (checked: number, position: bigint, reason: string): AccessChainReport => ({
      ok: false,
      checked,
      from: from?.toString() ?? null,
      head,
      firstBadPosition: position.toString(),
      reason,
    });
    if (!first) {
      return headRow.position === 0n
        ? { ok: true, checked: 0, from: null, head }
        : bad(0, headRow.position, `access_log_head is at ${headRow.position} but the log is empty`);
    }
    // The first kept row's predecessor may have been deleted after six months; its link is taken as given, unless it is position 1.
    let prevHash = first.position === 1n ? ZERO_HASH : first.prev_hash;
    let expected = first.position;
    let checked = 0;
    for (;;) {
      const rows = await trx
        .selectFrom('access_log')
        .selectAll()
        .where('position', '>=', expected)
        .orderBy('position')
        .limit(batchSize)
        .execute();
      for (const r of rows) {
        if (r.position !== expected)
          return bad(checked, expected, `position ${expected} is missing (the next stored row is ${r.position})`);
        if (r.prev_hash !== prevHash)
          return bad(checked, r.position, `prev_hash of position ${r.position} does not match the hash of the row before it`);
        const { hash, ...fields } = toEntry(r);
        if (accessHash(prevHash, fields) !== hash)
          return bad(checked, r.position, `hash of position ${r.position} does not match its contents`);
        prevHash = hash;
        expected += 1n;
        checked += 1;
      }
      if (rows.length < batchSize) break;
    }
    const last = expected - 1n;
    if (headRow.position !== last)
      return bad(checked, last + 1n, `access_log_head is at position ${headRow.position} but the log ends at ${last}`);
    if (headRow.hash !== prevHash) return bad(checked, last, `access_log_head hash does not match the hash of position ${last}`);
    return { ok: true, checked, from: first.position.toString(), head };
  };
  if (db.isTransaction) return run(db);
  return db.transaction().setIsolationLevel('repeatable read').execute(run);
}
