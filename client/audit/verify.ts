/**
 * `audit verify`: is the record complete and untampered?
 *
 *   (a) the hash chain, from the first event: names the first bad position;
 *   (b) every read model rebuilt from the log into a scratch schema and compared with the
 *       live tables: names each row that differs (database only: an archive holds no read models);
 *       with it, each attachment's stored bytes against the SHA-256 its event recorded;
 *   (c) decisions in the Temporal histories against decision events in the log;
 *   (d) signed checkpoints: the log only grew since each;
 *   (e) each case's executions in Temporal against its read-model status: a case
 *       terminated, cancelled or reset outside the workflow (executions.ts);
 *   (f) inputs that reached a case unsealed, around the API (with the deployment's keyring);
 *   (g) online ballot sessions: each session's chain recounted from its rows, and each
 *       decision that carries a session against that session (ballotCheck.ts; database only).
 *
 * Against the database, (a), (b), the log side of (c), the read-model side of (e) and
 * (g) read one snapshot; histories and statuses are fetched before it, so a decision
 * completed or a case closed in Temporal is already in that snapshot.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Client } from '@temporalio/client';
import { verifyHashChain, type HashChainReport } from '../../activities/hashChain';
import { diffReadModels, rebuildReadModels } from '../../activities/projections';
import type { PayloadCodec } from '@temporalio/common';
import type { DB } from '../../schema/db';
import type { EventMetadata } from '../../domain/events';
import { fromArchivedEvent, historyOf, readArchive, type ArchiveHead, type ArchiveHeader } from './archive';
import { ChainWalker } from './chain';
import { checkCheckpoint, type Checkpoint, type CheckpointCheck } from './checkpoint';
import {
  crossCheckDecisions,
  decisionFindings,
  type CaseDecisions,
  type DecisionReport,
  type LoggedDecision,
  type PositionOwner,
} from './decisions';
import { compareExecutions, runsOfCases, type CaseRun, type ExecutionReport } from './executions';
import { DECISION_EVENT_TYPES, historyFacts, holdsSealedPayload, unsealedInputs, type UnsealedInput } from './historyFacts';
import { executionsOf } from './auditScope';
import type { CaseStatus } from '../../schema/db';
import { startProgress } from './progress';
import { attachmentDifferences } from './attachments';
import type { RowDifference } from './rowDifference';
import { ballotFindings, checkBallots, type BallotCheck } from './ballotCheck';

export type { BallotCheck };

export type { RowDifference };

export type ReadModelCheck = { checked: true; eventsReplayed: number; differences: RowDifference[] } | { checked: false; why: string };

export type DecisionCheck = ({ checked: true } & DecisionReport) | { checked: false; why: string };

export type ExecutionCheck = ({ checked: true } & ExecutionReport) | { checked: false; why: string };

/** An unsealed input and where it is: the case, the run and the history event. */
export interface UnsealedFinding extends UnsealedInput {
  caseId: string;
  runId: string;
}

export type UnsealedCheck =
  | {
      checked: true;
      histories: number;
      /** Histories with no sealed payload at all: written by workers without the codec, so not findings. */
      plainHistories: number;
      findings: UnsealedFinding[];
    }
  | { checked: false; why: string };

/** What one history adds to the unsealed check. */
interface UnsealedTally {
  histories: number;
  plainHistories: number;
  findings: UnsealedFinding[];
}

function tallyUnsealed(tally: UnsealedTally, caseId: string, runId: string, history: Parameters<typeof unsealedInputs>[0]): void {
  tally.histories += 1;
  const found = unsealedInputs(history);
  if (found.length === 0) return;
  if (!holdsSealedPayload(history)) tally.plainHistories += 1;
  else tally.findings.push(...found.map((u) => ({ caseId, runId, ...u })));
}

export interface VerifyReport {
  source: { kind: 'database'; describe: string } | { kind: 'archive'; file: string; exportedAt: string; tool: string };
  chain: HashChainReport;
  readModels: ReadModelCheck;
  decisions: DecisionCheck;
  executions: ExecutionCheck;
  unsealed: UnsealedCheck;
  ballots: BallotCheck;
  checkpoints: CheckpointCheck[];
  ok: boolean;
}

export interface VerifyOptions {
  checkpoint?: { file: string; checkpoint: Checkpoint };
  progress?: boolean;
  /** The workers' payload codecs, to read decisions in sealed histories. */
  codecs?: readonly PayloadCodec[];
}

function finalize(report: Omit<VerifyReport, 'ok'>): VerifyReport {
  const readModelsOk = !report.readModels.checked || report.readModels.differences.length === 0;
  const decisionsOk = report.decisions.checked ? decisionFindings(report.decisions) === 0 : false;
  const checkpointsOk = report.checkpoints.every((c) => c.ok);
  // Not checked only when Temporal is unreachable, which the decisions check already fails.
  const executionsOk = !report.executions.checked || report.executions.findings.length === 0;
  const unsealedOk = !report.unsealed.checked || report.unsealed.findings.length === 0;
  const ballotsOk = ballotFindings(report.ballots) === 0;
  return { ...report, ok: report.chain.ok && readModelsOk && decisionsOk && executionsOk && unsealedOk && ballotsOk && checkpointsOk };
}

// ── database ────────────────────────────────────────────────────────────────

export async function verifyDatabase(
  db: DB,
  describe: string,
  temporal: { client: Client } | { unavailable: string },
  opts: VerifyOptions = {},
): Promise<VerifyReport> {
  const caseIds = await caseIdsOf(db);
  const codecs = opts.codecs ?? [];
  let cases: CaseDecisions[] | undefined;
  let runs: Map<string, CaseRun[]> | undefined;
  let unsealed: UnsealedTally | undefined;
  if ('client' in temporal) {
    runs = await runsOfCases(temporal.client, caseIds);
    ({ cases, unsealed } = await decisionsFromTemporal(temporal.client, caseIds, runs, codecs, opts.progress ?? false));
  }

  const read = async (trx: DB) => {
    const chain = await verifyHashChain(trx);
    const readModels = await compareReadModels(trx);
    const decisionEvents = await loggedDecisions(trx);
    const receiptPositions = cases ? receiptPositionsOf(cases) : [];
    const owners = await positionOwners(trx, receiptPositions);
    const stored = await storedCheckpoints(trx);
    const anchors = [...stored.map((s) => s.checkpoint), ...(opts.checkpoint ? [opts.checkpoint.checkpoint] : [])];
    const hashes = await hashesAt(
      trx,
      anchors.map((c) => c.head.position),
    );
    const caseStatuses = await readModelStatuses(trx);
    const ballots = await checkBallots(trx);
    return { chain, readModels, decisionEvents, owners, stored, hashes, caseStatuses, ballots };
  };
  // Inside a caller's transaction its snapshot is the one to verify (tests tamper inside one and roll back).
  const snapshot = db.isTransaction ? await read(db) : await db.transaction().setIsolationLevel('repeatable read').execute(read);

  let decisions: DecisionCheck;
  if (!cases) {
    decisions = {
      checked: false,
      why: `Temporal is not reachable (${(temporal as { unavailable: string }).unavailable}): the decisions in the histories were not compared with the log`,
    };
  } else {
    let report = crossCheckDecisions(cases, snapshot.decisionEvents, snapshot.owners);
    // A decision accepted after its history was fetched can have its event in the
    // snapshot: fetch those cases once more before calling the event unexplained.
    const recheck = [...new Set(report.eventsWithoutDecisions.map((f) => f.caseId))];
    if (recheck.length > 0 && 'client' in temporal) {
      const fresh = (await decisionsFromTemporal(temporal.client, recheck, await runsOfCases(temporal.client, recheck), codecs, false))
        .cases;
      const byId = new Map(fresh.map((c) => [c.caseId, c]));
      cases = cases.map((c) => byId.get(c.caseId) ?? c);
      const owners = new Map(snapshot.owners);
      const missing = receiptPositionsOf(cases).filter((p) => !owners.has(p));
      for (const [p, o] of await positionOwners(db, missing)) owners.set(p, o);
      report = crossCheckDecisions(cases, snapshot.decisionEvents, owners);
    }
    decisions = { checked: true, ...report };
  }

  const checkpoints: CheckpointCheck[] = snapshot.stored.map((s) =>
    checkCheckpoint(`stored checkpoint #${s.id}`, s.checkpoint, snapshot.hashes.get(s.checkpoint.head.position), snapshot.chain),
  );
  if (opts.checkpoint) {
    const c = opts.checkpoint.checkpoint;
    checkpoints.push(checkCheckpoint(opts.checkpoint.file, c, snapshot.hashes.get(c.head.position), snapshot.chain));
  }
  const unavailable = `Temporal is not reachable (${(temporal as { unavailable?: string }).unavailable ?? ''})`;
  const executions: ExecutionCheck = runs
    ? { checked: true, ...compareExecutions(runs, snapshot.caseStatuses) }
    : { checked: false, why: unavailable };
  return finalize({
    source: { kind: 'database', describe },
    chain: snapshot.chain,
    readModels: snapshot.readModels,
    decisions,
    executions,
    unsealed: unsealed ? { checked: true, ...unsealed } : { checked: false, why: unavailable },
    ballots: snapshot.ballots,
    checkpoints,
  });
}

async function readModelStatuses(trx: DB): Promise<Map<string, CaseStatus>> {
  const rows = await trx.selectFrom('cases').select(['case_id', 'status']).execute();
  return new Map(rows.map((r) => [r.case_id, r.status]));
}

/**
 * The cases to check: the `cases` read model's ids, and — because a tampered read model
 * must not hide a case — every stream that starts a case or holds a decision.
 */
async function caseIdsOf(db: DB): Promise<string[]> {
  const fromReadModel = await db.selectFrom('cases').select('case_id').execute();
  const fromLog = await db
    .selectFrom('events')
    .select('stream_id')
    .distinct()
    .where('type', 'in', ['CaseStarted', ...DECISION_EVENT_TYPES])
    .execute();
  return [...new Set([...fromReadModel.map((r) => r.case_id), ...fromLog.map((r) => r.stream_id)])].sort();
}

async function decisionsFromTemporal(
  client: Client,
  caseIds: readonly string[],
  runsByCase: ReadonlyMap<string, readonly CaseRun[]>,
  codecs: readonly PayloadCodec[],
  progress: boolean,
): Promise<{ cases: CaseDecisions[]; unsealed: UnsealedTally }> {
  const bar = progress && caseIds.length > 0 ? startProgress({ label: 'histories', total: caseIds.length, unit: 'cases' }) : undefined;
  const out: CaseDecisions[] = new Array(caseIds.length);
  const unsealed: UnsealedTally = { histories: 0, plainHistories: 0, findings: [] };
  let next = 0;
  const worker = async () => {
    while (next < caseIds.length) {
      const i = next++;
      const caseId = caseIds[i]!;
      const runs = runsByCase.get(caseId) ?? (await executionsOf(client, caseId));
      const updates = [];
      for (const run of runs) {
        const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
        updates.push(...(await historyFacts(history, codecs)).decisions);
        tallyUnsealed(unsealed, caseId, run.runId, history);
      }
      out[i] = { caseId, updates, ...(runs.length === 0 ? { missing: true } : {}) };
      bar?.tick();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(8, caseIds.length) }, worker));
  } finally {
    bar?.stop();
  }
  // Cases are fetched side by side; the report lists them in case order.
  unsealed.findings.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : Number(a.eventId) - Number(b.eventId)));
  return { cases: out, unsealed };
}

async function compareReadModels(trx: DB): Promise<ReadModelCheck> {
  // Unique per run, so two auditors verifying at once never share a scratch schema.
  const scratch = `audit_scratch_${randomBytes(6).toString('hex')}`;
  const rebuilt = await rebuildReadModels(trx, { schema: scratch });
  const diffs = await diffReadModels(trx, 'public', scratch);
  await sql`drop schema ${sql.id(scratch)} cascade`.execute(trx);
  const differences: RowDifference[] = diffs.map((d) => {
    if (!d.right) return { table: d.table, key: d.key, kind: 'only-in-live' };
    if (!d.left) return { table: d.table, key: d.key, kind: 'missing-from-live' };
    const columns = Object.keys({ ...d.left, ...d.right }).filter((c) => JSON.stringify(d.left?.[c]) !== JSON.stringify(d.right?.[c]));
    return { table: d.table, key: d.key, kind: 'changed', columns: columns.sort() };
  });
  // Files are not rebuilt from the log, but the log holds their hashes: the stored bytes must match them.
  differences.push(...(await attachmentDifferences(trx)));
  return { checked: true, eventsReplayed: rebuilt.events, differences };
}

async function loggedDecisions(trx: DB): Promise<LoggedDecision[]> {
  const rows = await trx
    .selectFrom('events')
    .select(['position', 'stream_id', 'type', 'metadata', 'recorded_at'])
    .where('type', 'in', [...DECISION_EVENT_TYPES])
    .orderBy('position')
    .execute();
  return rows.map((r) => loggedDecision(r.position.toString(), r.stream_id, r.type, r.metadata, r.recorded_at.toISOString()));
}

function loggedDecision(
  position: string,
  streamId: string,
  type: LoggedDecision['type'],
  metadata: EventMetadata,
  recordedAt: string,
): LoggedDecision {
  return { position, caseId: streamId, type, step: metadata.causationId, actor: metadata.actor, recordedAt };
}

function receiptPositionsOf(cases: readonly CaseDecisions[]): string[] {
  const out = new Set<string>();
  for (const c of cases)
    for (const u of c.updates) if (u.receipt?.position !== undefined && /^\d+$/.test(u.receipt.position)) out.add(u.receipt.position);
  return [...out];
}

async function positionOwners(db: DB, positions: readonly string[]): Promise<Map<string, PositionOwner | null>> {
  const out = new Map<string, PositionOwner | null>();
  for (let i = 0; i < positions.length; i += 1000) {
    const part = positions.slice(i, i + 1000);
    const rows = await db
      .selectFrom('events')
      .select(['position', 'stream_id', 'metadata'])
      .where('position', 'in', part.map(BigInt))
      .execute();
    for (const r of rows) out.set(r.position.toString(), { caseId: r.stream_id, step: r.metadata.causationId });
  }
  return out;
}

async function hashesAt(db: DB, positions: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(positions)].filter((p) => p !== '0');
  const out = new Map<string, string>();
  if (wanted.length === 0) return out;
  const rows = await db.selectFrom('events').select(['position', 'hash']).where('position', 'in', wanted.map(BigInt)).execute();
  for (const r of rows) out.set(r.position.toString(), r.hash);
  return out;
}

export interface StoredCheckpoint {
  id: string;
  checkpoint: Checkpoint;
}

/** Every checkpoint stored by `audit checkpoint`; none before the audit migration has run. */
export async function storedCheckpoints(db: DB): Promise<StoredCheckpoint[]> {
  const exists = await sql<{ t: string | null }>`select to_regclass('audit_checkpoints')::text as t`.execute(db);
  if (!exists.rows[0]?.t) return [];
  const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id.toString(),
    checkpoint: {
      format: 'cadreflow-checkpoint',
      version: 1,
      head: { position: r.position.toString(), hash: r.hash, time: r.signed_at.toISOString() },
      signature: { algorithm: 'Ed25519', value: r.signature, publicKey: r.public_key, keyFingerprint: r.key_fingerprint },
    },
  }));
}

// ── archive ─────────────────────────────────────────────────────────────────

export async function verifyArchive(file: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  let header: ArchiveHeader | undefined;
  let headLine: ArchiveHead | undefined;
  const walker = new ChainWalker();
  const byCase = new Map<string, CaseDecisions>();
  const logged: LoggedDecision[] = [];
  const wantedPositions = new Set<string>();
  const owners = new Map<string, PositionOwner | null>();
  const anchor = opts.checkpoint?.checkpoint.head.position;
  let anchorHash: string | undefined;
  const unsealed: UnsealedTally = { histories: 0, plainHistories: 0, findings: [] };

  for await (const line of readArchive(file)) {
    switch (line.kind) {
      case 'header':
        header = line;
        break;
      case 'history': {
        const c = byCase.get(line.workflowId) ?? { caseId: line.workflowId, updates: [] };
        const history = historyOf(line);
        c.updates.push(...(await historyFacts(history, opts.codecs)).decisions);
        tallyUnsealed(unsealed, line.workflowId, line.runId, history);
        byCase.set(line.workflowId, c);
        for (const u of c.updates) if (u.receipt?.position !== undefined) wantedPositions.add(u.receipt.position);
        break;
      }
      case 'event': {
        const e = fromArchivedEvent(line);
        walker.push(e);
        if ((DECISION_EVENT_TYPES as readonly string[]).includes(e.type)) {
          logged.push(loggedDecision(line.position, e.streamId, e.type, e.metadata, e.recordedAt));
        }
        if (wantedPositions.has(line.position)) owners.set(line.position, { caseId: e.streamId, step: e.metadata.causationId });
        if (line.position === anchor) anchorHash = e.hash;
        break;
      }
      case 'head':
        headLine = line;
        break;
    }
  }
  const chain = walker.finish(headLine ?? null);
  const cases = [...byCase.values()];
  // The archive holds the whole log but only the selected cases' histories.
  const selected = logged.filter((e) => byCase.has(e.caseId));
  const decisions: DecisionCheck = { checked: true, ...crossCheckDecisions(cases, selected, owners) };
  const checkpoints = opts.checkpoint ? [checkCheckpoint(opts.checkpoint.file, opts.checkpoint.checkpoint, anchorHash, chain)] : [];
  return finalize({
    source: {
      kind: 'archive',
      file,
      exportedAt: header?.exportedAt ?? '',
      tool: `${header?.tool.name ?? '?'} ${header?.tool.version ?? '?'}`,
    },
    chain,
    readModels: { checked: false, why: 'an archive holds no read models; run `audit verify` against the database to compare them' },
    decisions,
    executions: {
      checked: false,
      why: 'an archive holds no execution statuses; run `audit verify` against Temporal to compare them with the read models',
    },
    unsealed: { checked: true, ...unsealed },
    ballots: {
      checked: false,
      why: 'an archive holds no ballot sessions; run `audit verify` against the database (or `ballot verify`) to recount them',
    },
    checkpoints,
  });
}
