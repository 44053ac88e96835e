/**
 * The auditors' procedures as one service, called by `cadreflow audit …` (commands.ts)
 * and by the HTTP API (client/api/routes/auditTools.ts): a replay of histories, an
 * archive, a case's timeline, signing and listing checkpoints. The callers only read
 * their options or request and print or send the result.
 */
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { shanghaiDate } from '../../domain/calendar';
import type { RecordedEvent } from '../../domain/events';
import type { AuditedBallotSession } from './ballotSessions';
import { UserError } from '../cases';
import { fromArchivedEvent, historyOf, readArchive } from './archive';
import { describeAuditScope, fetchHistories, listExecutions, type AuditScope } from './auditScope';
import type { AuditCalls } from './backendModule';
import { signHead, type Checkpoint, type SigningKey } from './checkpoint';
import { startProgress } from './progress';
import type { CaseReplay, ReplayReport } from '../../domain/auditReports';
import { replayHistories, summarize, type ReplayInput } from './replay';
import { buildTimeline, type CaseHistory, type Timeline } from './timeline';

export type ReplayBundle = WorkflowBundleWithSourceMap | { codePath: string };

export type { ReplayReport };

interface ReplayOptions {
  bundle: ReplayBundle;
  codecs: readonly PayloadCodec[];
  /** Draw a progress bar on stderr (the CLI); the API reports nothing until done. */
  progress?: boolean;
}

/** Replays the histories of the cases a scope selects, every run of each, from Temporal. */
export async function replayFromTemporal(client: Client, scope: AuditScope, opts: ReplayOptions): Promise<ReplayReport> {
  const started = Date.now();
  const executions = await listExecutions(client, scope);
  const cases = await runReplay(fetchHistories(client, executions), executions.length, opts);
  return { source: `Temporal (${describeAuditScope(scope)})`, summary: summarize(cases, (Date.now() - started) / 1000), cases };
}

/** Replays every history an archive from `audit export` holds; nothing is contacted. */
export async function replayFromArchive(file: string, opts: ReplayOptions): Promise<ReplayReport> {
  const started = Date.now();
  const total = opts.progress ? await countArchiveHistories(file) : 0;
  const cases = await runReplay(archiveHistories(file), total, opts);
  return { source: file, summary: summarize(cases, (Date.now() - started) / 1000), cases };
}

async function runReplay(histories: AsyncIterable<ReplayInput>, total: number, opts: ReplayOptions): Promise<CaseReplay[]> {
  const results: CaseReplay[] = [];
  const bar = opts.progress && total > 0 ? startProgress({ label: 'replay', total, unit: 'histories' }) : undefined;
  try {
    for await (const r of replayHistories(opts.bundle, histories, opts.codecs)) {
      results.push(r);
      bar?.tick();
    }
  } finally {
    bar?.stop();
  }
  return results;
}

async function* archiveHistories(file: string): AsyncGenerator<ReplayInput> {
  for await (const line of readArchive(file)) {
    if (line.kind === 'history')
      yield { workflowId: line.workflowId, runId: line.runId, workflowType: line.workflowType, history: historyOf(line) };
    // Histories come before the log; nothing after them is needed to replay.
    if (line.kind === 'event' || line.kind === 'head') return;
  }
}

/** A first pass that only counts, so the progress bar has a total; it stops where the log begins. */
async function countArchiveHistories(file: string): Promise<number> {
  let n = 0;
  for await (const line of readArchive(file)) {
    if (line.kind === 'history') n += 1;
    else if (line.kind === 'event' || line.kind === 'head') return n;
  }
  return n;
}

/**
 * The file name an archive is offered under: what it covers and the day (Asia/Shanghai)
 * it was exported, e.g. `audit-probation-p-0005-demo-2026-12-07.jsonl.gz`.
 */
export function archiveFileName(scope: AuditScope, exportedAtMs: number): string {
  const what =
    scope.caseId !== undefined
      ? scope.caseId
      : scope.all
        ? 'all'
        : [scope.kind, scope.since !== undefined ? `since-${scope.since.slice(0, 10)}` : undefined].filter(Boolean).join('-');
  const part = what
    .replace(/[^A-Za-z0-9._+-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `audit-${part ? `${part}-` : ''}${shanghaiDate(exportedAtMs)}.jsonl.gz`;
}

/** The case's stream and histories, from the database and Temporal or from an archive. */
export interface CaseSides {
  events: RecordedEvent[];
  histories: CaseHistory[];
  note?: string;
  /** The case's online ballot sessions; undefined when read from an archive, which holds none. */
  ballotSessions?: AuditedBallotSession[];
}

export async function caseFromRecord(calls: Pick<AuditCalls, 'caseRecord'>, caseId: string): Promise<CaseSides> {
  const record = await calls.caseRecord(caseId);
  return {
    events: record.events.map(fromArchivedEvent),
    histories: record.histories.map((h) => ({ runId: h.runId, workflowType: h.workflowType, history: historyFromJSON(h.history) })),
    note: record.note,
    ballotSessions: record.ballotSessions ?? [],
  };
}

export async function caseFromArchive(file: string, caseId: string): Promise<CaseSides> {
  const events: RecordedEvent[] = [];
  const histories: CaseHistory[] = [];
  for await (const line of readArchive(file)) {
    if (line.kind === 'history' && line.workflowId === caseId)
      histories.push({ runId: line.runId, workflowType: line.workflowType, history: historyOf(line) });
    else if (line.kind === 'event' && line.streamId === caseId) events.push(fromArchivedEvent(line));
  }
  const note =
    histories.length === 0 && events.length > 0
      ? `the archive holds no history of ${caseId} (it was not among the cases exported)`
      : undefined;
  return { events, histories, note };
}

/** Thrown when neither the log nor Temporal knows the case (the API answers 404). */
export class NoSuchCaseError extends UserError {
  constructor(caseId: string) {
    super(`no case ${caseId} in the event log or in Temporal`);
  }
}

/** `audit timeline`: each event of the case's stream beside the history events that produced it. */
export async function caseTimeline(caseId: string, sides: CaseSides, codecs: readonly PayloadCodec[]): Promise<Timeline> {
  if (sides.events.length === 0 && sides.histories.length === 0) throw new NoSuchCaseError(caseId);
  return buildTimeline(caseId, sides.events, sides.histories, { historyNote: sides.note, codecs, ballotSessions: sides.ballotSessions });
}

/** `audit checkpoint`: verifies the whole chain, signs its head and stores the checkpoint. */
export async function createCheckpoint(
  calls: Pick<AuditCalls, 'verifiedHead' | 'storeCheckpoint'>,
  key: SigningKey,
  nowMs: number,
): Promise<{ checkpoint: Checkpoint; id: string }> {
  const chain = await calls.verifiedHead();
  if (!chain.ok)
    throw new UserError(`the hash chain is broken at position ${chain.firstBadPosition} (${chain.reason}); not signing a broken log`);
  const head = chain.head ?? { position: '0', hash: '0'.repeat(64) };
  const checkpoint = signHead(key, { ...head, time: new Date(nowMs).toISOString() });
  return { checkpoint, id: await calls.storeCheckpoint(checkpoint) };
}
