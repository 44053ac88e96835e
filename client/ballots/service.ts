/**
 * Online ballot sessions (民主测评 / 民主推荐 by QR code, docs/ballots.md): open a session
 * for a step, issue its tokens, cast, watch the turnout, close with the count the step's
 * own rules read, publish the ballots for a recount, and verify a session's chain. Used
 * by the CLI and the API alike. The rules are the domain's (domain/ballots/); this module
 * holds the transactions that make a cast single-use and the chain gap-free.
 *
 * Anonymity by construction: a token is printed, handed out and never stored (only its
 * hash is); the ballot row names no token and carries no time; the token row records
 * only that it was used.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { appendToStream } from '../../activities/eventStore';
import { canonicalJson } from '../../domain/canonicalJson';
import { ballotSessionStream, DEADLINE_CLOSER, sessionClosedEvent } from '../../domain/ballots/sessionClosedEvent';
import type { Actor } from '../../domain/actors';
import { BallotRefusal } from '../../domain/ballots/ballotRefusal';
import { chainBallot, recount, type ChainedBallot, type RecountReport } from '../../domain/ballots/ballotChain';
import { parseToken } from '../../domain/ballots/ballotToken';
import { ballotContentText, readOnlineBallot } from '../../domain/ballots/onlineBallot';
import { chairRefusal } from '../../domain/ballots/sessionChair';
import { parseSessionDefinition, type BallotSessionDefinition } from '../../domain/ballots/sessionDefinition';
import type { BallotSessionResult, BallotTurnout } from '../../domain/wire/ballotSession';
import { sessionQuorum } from '../../domain/ballots/sessionQuorum';
import { sessionDecision } from '../../domain/ballots/sessionTally';
import type { HashAlgorithm } from '../../domain/events';
import type { Policy } from '../../domain/policy';
import type { DB } from '../../schema/db';
import { digestOf, newToken, tokenHash, tokenHashes } from './tokens';

/** Spares beyond the participants due: enough for a misprinted sheet, never a second electorate. */
export const MAX_SPARES = 50;

export interface BallotServiceOptions {
  /** The deployment's suite: what a new session's chain and tokens are hashed with. */
  hashAlgorithm: HashAlgorithm;
  policy: Policy;
}

export interface OpenedSession {
  sessionId: string;
  definition: BallotSessionDefinition;
  /** Shown once, to print: the system keeps only their hashes. Per rater group ('' without groups). */
  tokens: { group: string; token: string }[];
  /** `spares` of them, or `spares` per rater group. */
  spares: { group: string; token: string }[];
}

async function chairedStep(db: DB, actor: Actor, caseId: string, step: string) {
  const task = await db
    .selectFrom('tasks')
    .select(['role', 'township_id', 'escalated_at', 'status'])
    .where('case_id', '=', caseId)
    .where('step', '=', step)
    .executeTakeFirst();
  if (!task || task.status !== 'pending') {
    throw new BallotRefusal('no-ballot-step', `案件 ${caseId} 没有待决定的步骤 ${step}`, `step "${step}" is not open in case ${caseId}`);
  }
  const refusal = chairRefusal(actor, {
    caseId,
    step,
    role: task.role,
    townshipId: task.township_id,
    escalated: task.escalated_at !== null,
  });
  if (refusal) throw refusal;
}

/** Opens a session on an open step and issues its tokens: due (per group) plus spares. */
export async function openSession(
  db: DB,
  actor: Actor,
  input: { caseId: string; step: string; definition: unknown; spares?: number },
  opts: BallotServiceOptions,
): Promise<OpenedSession> {
  const now = new Date().toISOString();
  const parsed = parseSessionDefinition(input.definition, { caseId: input.caseId, step: input.step, now });
  if (!parsed.ok) throw new BallotRefusal('bad-session', `投票设置有误：${parsed.error}`, parsed.error);
  const spareCount = input.spares ?? 0;
  if (!Number.isSafeInteger(spareCount) || spareCount < 0 || spareCount > MAX_SPARES) {
    throw new BallotRefusal('bad-session', `备用票数应为 0 到 ${MAX_SPARES}`, `spares must be a whole number from 0 to ${MAX_SPARES}`);
  }
  const def = parsed.value;
  await chairedStep(db, actor, def.caseId, def.step);
  const sessionId = `bs-${randomUUID()}`;
  const groups = def.groups.length === 0 ? [{ key: '', due: def.due }] : def.groups;
  const tokens = groups.flatMap((g) => Array.from({ length: g.due }, () => ({ group: g.key, token: newToken() })));
  // With rater groups every group gets its own spares: a ballot always belongs to a group of the session.
  const spares = groups.flatMap((g) => Array.from({ length: spareCount }, () => ({ group: g.key, token: newToken() })));
  const alg = opts.hashAlgorithm;
  const sessionOpen = (other: string) =>
    new BallotRefusal(
      'session-open',
      `步骤 ${def.step} 已有进行中的投票`,
      `step "${def.step}" already has an open ballot session (${other})`,
    );
  await db
    .transaction()
    .execute(async (trx) => {
      const open = await trx
        .selectFrom('ballot_sessions')
        .select('session_id')
        .where('case_id', '=', def.caseId)
        .where('step', '=', def.step)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (open) throw sessionOpen(open.session_id);
      await trx
        .insertInto('ballot_sessions')
        .values({
          session_id: sessionId,
          case_id: def.caseId,
          step: def.step,
          definition: def,
          hash_alg: alg,
          opened_by: actor.id,
          closes_at: def.closing.kind === 'deadline' ? def.closing.at : null,
        })
        .execute();
      // In the order of their hashes, which is random: the table's order says nothing about the printed sheet's.
      const rows = [
        ...tokens.map((t) => ({ token_hash: tokenHash(t.token, alg), session_id: sessionId, group_key: t.group, spare: false })),
        ...spares.map((t) => ({ token_hash: tokenHash(t.token, alg), session_id: sessionId, group_key: t.group, spare: true })),
      ].sort((a, b) => (a.token_hash < b.token_hash ? -1 : 1));
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('ballot_tokens')
          .values(rows.slice(i, i + 500))
          .execute();
    })
    .catch((err: unknown) => {
      // Two opens at once both found none open: the unique index lets one through.
      if ((err as { code?: string }).code === '23505') throw sessionOpen('opened at the same moment');
      throw err;
    });
  return { sessionId, definition: def, tokens, spares };
}

async function sessionRow(db: DB, sessionId: string) {
  const row = await db.selectFrom('ballot_sessions').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
  if (!row) throw new BallotRefusal('unknown-session', '没有这个投票', `no ballot session ${sessionId}`);
  return row;
}

/** The session, for whoever may chair it; a session of another township or step is answered as a missing one. */
export async function chairedSession(db: DB, actor: Actor, sessionId: string) {
  const row = await sessionRow(db, sessionId);
  const task = await db
    .selectFrom('tasks')
    .select(['role', 'township_id', 'escalated_at'])
    .where('case_id', '=', row.case_id)
    .where('step', '=', row.step)
    .executeTakeFirst();
  // A session of another township is answered as a missing one: its existence is not told.
  const refusal = task
    ? chairRefusal(actor, {
        caseId: row.case_id,
        step: row.step,
        role: task.role,
        townshipId: task.township_id,
        escalated: task.escalated_at !== null,
      })
    : undefined;
  if (!task || refusal) throw new BallotRefusal('unknown-session', '没有这个投票', `no ballot session ${sessionId}`);
  return row;
}

const tokenRefusal = (status: string | undefined): BallotRefusal =>
  status === 'used'
    ? new BallotRefusal('token-used', '这张票已经投过，每张票只能投一次', 'this token has already voted: a token votes once')
    : status === 'voided'
      ? new BallotRefusal('token-voided', '这张票已作废', 'this token was voided by the chair')
      : new BallotRefusal('unknown-token', '投票码无效', 'this is not a ballot token');

const closedRefusal = () => new BallotRefusal('session-closed', '投票已经结束', 'the ballot session is closed');

/** Voids an unused spare: the chair reads it off the sheet that will not be handed out. */
export async function voidSpare(db: DB, actor: Actor, sessionId: string, rawToken: unknown): Promise<void> {
  const token = parseToken(rawToken);
  const session = await chairedSession(db, actor, sessionId);
  if (session.status !== 'open') throw closedRefusal();
  const row = await db
    .selectFrom('ballot_tokens')
    .select(['token_hash', 'spare', 'status'])
    .where('token_hash', 'in', tokenHashes(token))
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (!row) throw tokenRefusal(undefined);
  if (!row.spare) throw new BallotRefusal('not-a-spare', '只有备用票可以作废', 'only a spare token can be voided');
  const updated = await db
    .updateTable('ballot_tokens')
    .set({ status: 'voided' })
    .where('token_hash', '=', row.token_hash)
    .where('status', '=', 'issued')
    .returning('token_hash')
    .executeTakeFirst();
  if (!updated) {
    // Used (or voided) between the read above and the update.
    const now = await db.selectFrom('ballot_tokens').select('status').where('token_hash', '=', row.token_hash).executeTakeFirst();
    throw tokenRefusal(now?.status);
  }
}

/**
 * No more ballots than participants due, in all and in each rater group: a spare stands
 * in for a token that will not vote, it never adds a voter. On paper more ballots than
 * voters voids the count; here the one too many is refused before it is cast.
 */
async function requireRoom(trx: DB, sessionId: string, def: BallotSessionDefinition, cast: number, group: string): Promise<void> {
  const full = () => new BallotRefusal('session-full', '应到人数已全部投票，不能再投', `all ${def.due} participants due have voted`);
  if (cast >= def.due) throw full();
  const g = def.groups.find((x) => x.key === group);
  if (!g) return;
  const inGroup = await trx
    .selectFrom('ballots')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .where('session_id', '=', sessionId)
    .where('group_key', '=', group)
    .executeTakeFirstOrThrow();
  if (Number(inGroup.n) >= g.due) throw full();
}

export interface CastReceipt {
  sessionId: string;
  /** 12 hex digits: the voter finds their ballot in the published list by it. */
  receipt: string;
}

/**
 * Casts one ballot with one token. In one transaction: the session's row locked (the
 * chain head: casts of one session queue here, other sessions do not wait), the token
 * flipped from issued to used only if it still is (a second cast of it finds none), the
 * ballot appended after the head. Any refusal rolls all of it back: nothing is written.
 */
export async function castBallot(db: DB, rawToken: unknown, rawBallot: unknown): Promise<CastReceipt> {
  const token = parseToken(rawToken);
  const hashes = tokenHashes(token);
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('ballot_tokens')
      .select(['token_hash', 'session_id', 'status', 'group_key'])
      .where('token_hash', 'in', hashes)
      .executeTakeFirst();
    if (!found || found.status !== 'issued') throw tokenRefusal(found?.status);
    const session = await trx
      .selectFrom('ballot_sessions')
      .select([
        'definition',
        'hash_alg',
        'status',
        'head_position',
        'head_hash',
        sql<boolean>`closes_at is not null and closes_at <= now()`.as('past_deadline'),
      ])
      .where('session_id', '=', found.session_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (session.status !== 'open' || session.past_deadline) throw closedRefusal();
    const reading = readOnlineBallot(session.definition.ballot, rawBallot);
    if (!reading.ok) throw new BallotRefusal('bad-ballot', reading.zh, reading.en);
    await requireRoom(trx, found.session_id, session.definition, session.head_position, found.group_key);
    const used = await trx
      .updateTable('ballot_tokens')
      .set({ status: 'used' })
      .where('token_hash', '=', found.token_hash)
      .where('status', '=', 'issued')
      .returning('group_key')
      .executeTakeFirst();
    if (!used) {
      const now = await trx.selectFrom('ballot_tokens').select('status').where('token_hash', '=', found.token_hash).executeTakeFirst();
      throw tokenRefusal(now?.status);
    }
    const head = session.head_position === 0 ? null : { position: session.head_position, hash: session.head_hash };
    const link = chainBallot(digestOf(session.hash_alg), found.session_id, head, {
      group: used.group_key,
      content: ballotContentText(reading.content),
    });
    await trx
      .insertInto('ballots')
      .values({
        session_id: found.session_id,
        position: link.position,
        group_key: link.group,
        content: link.content,
        prev_hash: link.prevHash,
        hash: link.hash,
        receipt: link.receipt,
      })
      .execute();
    await trx
      .updateTable('ballot_sessions')
      .set({ head_position: link.position, head_hash: link.hash })
      .where('session_id', '=', found.session_id)
      .execute();
    return { sessionId: found.session_id, receipt: link.receipt };
  });
}

/** The chair's live count (domain/wire/ballotSession.ts, the route's answer as it is). */
export type Turnout = BallotTurnout;

/** The chair's live count: how many have voted, against the quorum; never the running result. */
export async function turnout(db: DB, actor: Actor, sessionId: string, opts: Pick<BallotServiceOptions, 'policy'>): Promise<Turnout> {
  const s = await chairedSession(db, actor, sessionId);
  const counts = await db
    .selectFrom('ballot_tokens')
    .select((eb) => [
      'status',
      'group_key',
      eb.fn.countAll<bigint>().as('n'),
      eb.fn.sum<bigint>(sql`case when spare then 1 else 0 end`).as('spares'),
    ])
    .where('session_id', '=', sessionId)
    .groupBy(['status', 'group_key'])
    .execute();
  const byStatus = (status: string, group?: string) =>
    counts.filter((c) => c.status === status && (group === undefined || c.group_key === group)).reduce((n, c) => n + Number(c.n), 0);
  return {
    sessionId,
    status: s.status,
    due: s.definition.due,
    cast: s.head_position,
    tokens: {
      issued: byStatus('issued'),
      used: byStatus('used'),
      voided: byStatus('voided'),
      spares: counts.reduce((n, c) => n + Number(c.spares ?? 0n), 0),
    },
    groups: s.definition.groups.map((g) => ({
      ...g,
      issued: byStatus('issued', g.key),
      used: byStatus('used', g.key),
      voided: byStatus('voided', g.key),
    })),
    quorum: sessionQuorum(s.definition, opts.policy),
    closesAt: s.closes_at?.toISOString() ?? null,
  };
}

/** A closed session's result (domain/wire/ballotSession.ts): the tally and the step's decision as its form takes it. */
export type BallotResult = BallotSessionResult;

async function chainOf(db: DB, sessionId: string): Promise<ChainedBallot[]> {
  const rows = await db
    .selectFrom('ballots')
    .select(['position', 'group_key', 'content', 'prev_hash', 'hash', 'receipt'])
    .where('session_id', '=', sessionId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    position: r.position,
    group: r.group_key,
    content: r.content,
    prevHash: r.prev_hash,
    hash: r.hash,
    receipt: r.receipt,
  }));
}

/**
 * Closes a session: the ballots recounted from the chain (a broken chain closes
 * nothing), counted with the paper count's functions, and the step's decision derived.
 * `by` is the chair, or a deadline close's system actor.
 */
/**
 * Closes in one transaction: the recount, the result, and the session's BallotSessionClosed
 * in the log (its chain's head and count), so a close is never without its anchor.
 */
async function closeLocked(
  db: DB,
  sessionId: string,
  by: Actor | typeof DEADLINE_CLOSER,
  opts: Pick<BallotServiceOptions, 'policy'>,
): Promise<BallotResult> {
  const closedBy = by === DEADLINE_CLOSER ? by : by.id;
  return db.transaction().execute(async (trx) => {
    const s = await trx.selectFrom('ballot_sessions').selectAll().where('session_id', '=', sessionId).forUpdate().executeTakeFirstOrThrow();
    if (s.status !== 'open') throw closedRefusal();
    const report = recount(digestOf(s.hash_alg), sessionId, s.definition, await chainOf(trx, sessionId));
    if (!report.ok) throw new Error(`ballot session ${sessionId} does not verify at ballot ${report.firstBadPosition}: ${report.reason}`);
    if (report.checked !== s.head_position || report.head !== s.head_hash) {
      throw new Error(`ballot session ${sessionId}: the chain ends at ${report.checked}, its head says ${s.head_position}`);
    }
    const result: BallotResult = {
      sessionId,
      caseId: s.case_id,
      step: s.step,
      head: report.head,
      cast: report.checked,
      tally: report.tally,
      decision: sessionDecision(s.definition, report.tally, opts.policy),
    };
    const closedAt = new Date();
    await trx
      .updateTable('ballot_sessions')
      .set({ status: 'closed', closed_by: closedBy, closed_at: closedAt, result })
      .where('session_id', '=', sessionId)
      .execute();
    // A new stream of its own: version 0 expected, so a second close could never append twice.
    await appendToStream(trx, {
      streamId: ballotSessionStream(sessionId),
      expectedVersion: 0,
      idempotencyKey: `ballot-session-closed:${sessionId}`,
      events: [
        {
          event: sessionClosedEvent(result, s.hash_alg, closedBy, closedAt.toISOString()),
          metadata: by === DEADLINE_CLOSER ? { causationId: 'ballot-deadline' } : { actor: by, causationId: 'ballot-close' },
        },
      ],
    });
    return result;
  });
}

export async function closeSession(
  db: DB,
  actor: Actor,
  sessionId: string,
  opts: Pick<BallotServiceOptions, 'policy'>,
): Promise<BallotResult> {
  await chairedSession(db, actor, sessionId);
  return closeLocked(db, sessionId, actor, opts);
}

/** Closes every open session past its deadline; what a timer (or the next request) calls. */
export async function closeDueSessions(db: DB, opts: Pick<BallotServiceOptions, 'policy'>): Promise<BallotResult[]> {
  const due = await db
    .selectFrom('ballot_sessions')
    .select('session_id')
    .where('status', '=', 'open')
    .where(sql<boolean>`closes_at <= now()`)
    .execute();
  const closed: BallotResult[] = [];
  for (const { session_id } of due) {
    try {
      closed.push(await closeLocked(db, session_id, DEADLINE_CLOSER, opts));
    } catch (err) {
      // Closed by its chair in the meantime: nothing left to do.
      if (!(err instanceof BallotRefusal && err.code === 'session-closed')) throw err;
    }
  }
  return closed;
}

/**
 * A closed session's published result, for whoever may chair it: what the step is
 * decided from. A session still open has no result yet (`session-open`).
 */
export async function closedResult(
  db: DB,
  actor: Actor,
  sessionId: string,
): Promise<{ result: BallotResult; definition: BallotSessionDefinition }> {
  const s = await chairedSession(db, actor, sessionId);
  if (s.status !== 'closed') {
    throw new BallotRefusal(
      'session-open',
      '投票尚未结束：结束投票后才能据此办理该步骤',
      'the ballot session is still open: close it before deciding the step from it',
    );
  }
  const result = s.result as BallotResult | null;
  // The result is written by the close with the session's own ids; anything else is a damaged row, not a refusal.
  if (!result || result.sessionId !== sessionId || result.caseId !== s.case_id || result.step !== s.step) {
    throw new Error(`ballot session ${sessionId}: its published result is not this session's`);
  }
  return { result, definition: s.definition };
}

export interface PublishedBallots {
  sessionId: string;
  definition: BallotSessionDefinition;
  hashAlgorithm: HashAlgorithm;
  ballots: ChainedBallot[];
  result: BallotResult;
}

/** A closed session's ballot list, for anyone to recount and for a voter to find their receipt in. */
export async function publishedBallots(db: DB, sessionId: string): Promise<PublishedBallots> {
  const s = await sessionRow(db, sessionId);
  if (s.status !== 'closed')
    throw new BallotRefusal('session-open', '投票尚未结束，结束后公布', 'the ballots are published once the session is closed');
  return {
    sessionId,
    definition: s.definition,
    hashAlgorithm: s.hash_alg,
    ballots: await chainOf(db, sessionId),
    result: s.result as BallotResult,
  };
}

export interface BallotChainReport {
  sessionId: string;
  ok: boolean;
  checked: number;
  firstBadPosition?: number;
  reason?: string;
}

/**
 * One session's chain, as `audit verify` may run it: the recount from the stored rows,
 * the head the session records, one used token per ballot (every counted ballot came
 * from a distinct token of this session), and a closed session's published result.
 */
export async function verifyBallotSession(db: DB, sessionId: string): Promise<BallotChainReport> {
  // Inside a caller's transaction (`audit verify`'s snapshot) its snapshot is the one to verify.
  const run = (fn: (trx: DB) => Promise<BallotChainReport>) =>
    db.isTransaction ? fn(db) : db.transaction().setIsolationLevel('repeatable read').execute(fn);
  return run(async (trx) => {
    const s = await sessionRow(trx, sessionId);
    const report: RecountReport = recount(digestOf(s.hash_alg), sessionId, s.definition, await chainOf(trx, sessionId));
    if (!report.ok)
      return { sessionId, ok: false, checked: report.checked, firstBadPosition: report.firstBadPosition, reason: report.reason };
    const bad = (reason: string): BallotChainReport => ({ sessionId, ok: false, checked: report.checked, reason });
    if (report.checked !== s.head_position || report.head !== s.head_hash) {
      return bad(`the chain ends at ballot ${report.checked}, but the session's head is ballot ${s.head_position}`);
    }
    const used = await trx
      .selectFrom('ballot_tokens')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .where('session_id', '=', sessionId)
      .where('status', '=', 'used')
      .executeTakeFirstOrThrow();
    if (Number(used.n) !== report.checked) return bad(`${report.checked} ballots but ${used.n} used tokens`);
    if (s.status === 'closed') {
      const published = s.result as BallotResult | null;
      if (published?.head !== report.head || canonicalJson(published.tally) !== canonicalJson(report.tally)) {
        return bad('the published result is not the recount of the ballots');
      }
    }
    return { sessionId, ok: true, checked: report.checked };
  });
}

/** Every session's chain (the hook for `audit verify`). */
export async function verifyBallotSessions(db: DB): Promise<BallotChainReport[]> {
  const sessions = await db.selectFrom('ballot_sessions').select('session_id').orderBy('opened_at').execute();
  const out: BallotChainReport[] = [];
  for (const { session_id } of sessions) out.push(await verifyBallotSession(db, session_id));
  return out;
}
