/**
 * Which cases an audit command covers, and fetching their histories from Temporal.
 * Cases are found through Temporal's visibility (list filters), so an auditor sees what
 * the server ran, not what the read models say ran.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { isAuditKind, isAuditSince } from '../../domain/auditSelection';
import { shanghaiInstant } from '../../domain/calendar';
import { UserError } from '../cases';

export interface AuditScope {
  caseId?: string;
  kind?: string;
  since?: string;
  /** A visibility query of the auditor's own (e.g. `Township = 'ts-03'`), ANDed with --kind/--since. */
  query?: string;
  all?: boolean;
}

export interface FetchedHistory {
  workflowId: string;
  runId: string;
  workflowType: string;
  history: History;
}

export interface ListedExecution {
  workflowId: string;
  runId: string;
  workflowType: string;
}

/** The options every command that chooses cases takes, checked together so a wrong mix is one clear line. */
export function checkAuditScope(scope: AuditScope, alternative = ''): void {
  const filtered = scope.kind !== undefined || scope.since !== undefined || scope.query !== undefined;
  const chosen = [scope.caseId !== undefined, scope.all === true, filtered].filter(Boolean).length;
  if (chosen === 0) throw new UserError(`choose the cases: --case ID, --kind K, --since DATE, --query Q or --all${alternative}`);
  if (chosen > 1) throw new UserError('--case, --all and --kind/--since/--query select cases in different ways; give one of them');
  if (scope.query !== undefined && scope.query.trim() === '') throw new UserError('--query is empty');
  if (scope.kind !== undefined && !isAuditKind(scope.kind))
    throw new UserError(`--kind ${JSON.stringify(scope.kind)}: expected a case kind such as probation`);
  if (scope.since !== undefined) sinceInstant(scope.since);
}

/**
 * `--since`: a calendar day is midnight in Asia/Shanghai (the county's day, as every
 * date in the domain is); a full ISO-8601 instant is taken as it is.
 */
export function sinceInstant(since: string): string {
  if (!isAuditSince(since)) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(since)) throw new UserError(`--since ${JSON.stringify(since)}: no such calendar day`);
    throw new UserError(`--since ${JSON.stringify(since)}: expected YYYY-MM-DD or an ISO-8601 instant`);
  }
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(since) ? shanghaiInstant(since, 0, 0) : Date.parse(since);
  return new Date(ms).toISOString();
}

/** The visibility query for an audit scope; undefined lists every execution in the namespace. */
export function visibilityQuery(scope: AuditScope): string | undefined {
  const parts: string[] = [];
  if (scope.kind !== undefined) parts.push(`CaseKind = '${scope.kind}'`);
  if (scope.since !== undefined) parts.push(`StartTime >= '${sinceInstant(scope.since)}'`);
  if (scope.query !== undefined) parts.push(parts.length ? `(${scope.query})` : scope.query);
  return parts.length ? parts.join(' AND ') : undefined;
}

export function describeAuditScope(scope: AuditScope): string {
  if (scope.caseId !== undefined) return `--case ${scope.caseId}`;
  if (scope.all) return '--all';
  return [
    scope.kind !== undefined ? `--kind ${scope.kind}` : '',
    scope.since !== undefined ? `--since ${scope.since}` : '',
    scope.query !== undefined ? `--query ${JSON.stringify(scope.query)}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The executions an audit scope covers, every run of each (a reset case has several, and
 * each must replay).
 */
export async function listExecutions(client: Client, scope: AuditScope): Promise<ListedExecution[]> {
  if (scope.caseId !== undefined) {
    const runs = await executionsOf(client, scope.caseId);
    if (runs.length === 0) throw new UserError(`no workflow ${scope.caseId} in Temporal`);
    return runs;
  }
  return list(client, visibilityQuery(scope));
}

/**
 * Every run of one case, oldest first; none when Temporal has never heard of it.
 * Visibility lags a moment behind a start, so a case it does not list yet is asked
 * for directly.
 */
export async function executionsOf(client: Client, caseId: string): Promise<ListedExecution[]> {
  if (!caseId.includes("'") && !caseId.includes('\\')) {
    const listed = await list(client, `WorkflowId = '${caseId}'`);
    if (listed.length > 0) return listed;
  }
  try {
    const d = await client.workflow.getHandle(caseId).describe();
    return [{ workflowId: d.workflowId, runId: d.runId, workflowType: d.type }];
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return [];
    throw err;
  }
}

async function list(client: Client, query: string | undefined): Promise<ListedExecution[]> {
  const out: Array<ListedExecution & { startMs: number }> = [];
  try {
    for await (const info of client.workflow.list({ query })) {
      out.push({ workflowId: info.workflowId, runId: info.runId, workflowType: info.type, startMs: info.startTime.getTime() });
    }
  } catch (err) {
    // A malformed --query comes back from the server as INVALID_ARGUMENT (gRPC code 3) on the cause.
    const cause = (err as { cause?: { code?: number; details?: string } }).cause;
    if (cause?.code === 3)
      throw new UserError(`Temporal refused the list query ${JSON.stringify(query)}: ${cause.details ?? 'invalid query'}`);
    throw err;
  }
  // A report reads best in the order cases were opened.
  out.sort((a, b) => a.startMs - b.startMs || (a.workflowId < b.workflowId ? -1 : a.workflowId > b.workflowId ? 1 : 0));
  return out.map(({ startMs: _startMs, ...x }) => x);
}

/** Fetches histories a few at a time, yielding them in the order given. */
export async function* fetchHistories(
  client: Client,
  executions: readonly ListedExecution[],
  concurrency = 8,
): AsyncGenerator<FetchedHistory> {
  const fetchOne = async (x: ListedExecution): Promise<FetchedHistory> => ({
    ...x,
    history: await client.workflow.getHandle(x.workflowId, x.runId).fetchHistory(),
  });
  const pending: Array<Promise<FetchedHistory>> = [];
  let next = 0;
  const fill = () => {
    while (pending.length < concurrency && next < executions.length) {
      const p = fetchOne(executions[next++]!);
      // Awaited in order below; this keeps a failure further ahead from being reported as unhandled.
      p.catch(() => undefined);
      pending.push(p);
    }
  };
  fill();
  while (pending.length > 0) {
    const h = await pending.shift()!;
    fill();
    yield h;
  }
}
