/**
 * Temporal's own record of each case's executions against the `cases` read model.
 *
 * A case ends only by its workflow appending CaseClosed and then completing. Anyone who
 * reaches the Temporal frontend or its Web UI can also terminate, cancel or reset an
 * execution: the case then stops (or restarts from an earlier point) with no event in
 * the log, and its read model says "open" forever. The hash chain and the read models
 * still verify; only Temporal's execution status shows it, so the audit reads it.
 *
 * Statuses come from the list API, a hundred cases a call (`WorkflowId IN (…)`), not one
 * describe per case: the demo county alone has about a thousand cases.
 */
import { WorkflowNotFoundError, type Client, type WorkflowExecutionStatusName } from '@temporalio/client';
import type { CaseStatus } from '../../schema/db';

export interface CaseRun {
  workflowId: string;
  runId: string;
  workflowType: string;
  status: WorkflowExecutionStatusName;
  startMs: number;
}

export interface ExecutionFinding {
  caseId: string;
  runId?: string;
  /** Temporal's status of the run (`TERMINATED`, …); `NONE` when Temporal has no execution. */
  status: WorkflowExecutionStatusName | 'NONE';
  readModelStatus?: CaseStatus;
  reason: string;
}

export interface ExecutionReport {
  cases: number;
  runs: number;
  findings: ExecutionFinding[];
}

const BATCH = 100;

/**
 * Every run of each case, oldest first. A case the list does not show yet (visibility
 * trails a start by a moment) is asked for directly; one Temporal has never heard of
 * maps to no runs.
 */
export async function runsOfCases(client: Client, caseIds: readonly string[]): Promise<Map<string, CaseRun[]>> {
  const out = new Map<string, CaseRun[]>(caseIds.map((id) => [id, []]));
  // An id a query cannot quote is looked up alone below.
  const quotable = caseIds.filter((id) => !id.includes("'") && !id.includes('\\'));
  for (let i = 0; i < quotable.length; i += BATCH) {
    const part = quotable.slice(i, i + BATCH);
    const query = `WorkflowId IN (${part.map((id) => `'${id}'`).join(', ')})`;
    for await (const info of client.workflow.list({ query })) {
      out.get(info.workflowId)?.push({
        workflowId: info.workflowId,
        runId: info.runId,
        workflowType: info.type,
        status: info.status.name,
        startMs: info.startTime.getTime(),
      });
    }
  }
  for (const [caseId, runs] of out) {
    if (runs.length > 0) {
      runs.sort((a, b) => a.startMs - b.startMs);
      continue;
    }
    try {
      const d = await client.workflow.getHandle(caseId).describe();
      runs.push({ workflowId: d.workflowId, runId: d.runId, workflowType: d.type, status: d.status.name, startMs: d.startTime.getTime() });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return out;
}

const ENDED_BY_HAND: Partial<Record<WorkflowExecutionStatusName, string>> = {
  TERMINATED: 'was terminated',
  CANCELLED: 'was cancelled',
  TIMED_OUT: 'timed out',
  FAILED: 'failed',
};

/**
 * The findings: a run terminated, cancelled, timed out or failed (a reset terminates the
 * run it replaces, so it shows here too, with the run that replaced it), a completed run
 * followed by another (a closed case reset), and a case open
 * in the read model whose last run has closed or that Temporal does not know. A case
 * closed in the read model while its run still finishes is not a finding: the workflow
 * appends CaseClosed first and completes a moment later.
 */
export function compareExecutions(
  runs: ReadonlyMap<string, readonly CaseRun[]>,
  readModel: ReadonlyMap<string, CaseStatus>,
): ExecutionReport {
  const findings: ExecutionFinding[] = [];
  let runCount = 0;
  for (const [caseId, caseRuns] of runs) {
    runCount += caseRuns.length;
    const status = readModel.get(caseId);
    caseRuns.forEach((run, i) => {
      const later = caseRuns[i + 1];
      if (run.status === 'COMPLETED' && later) {
        // Resetting a closed case leaves its run completed and starts another.
        findings.push({
          caseId,
          runId: run.runId,
          status: run.status,
          ...(status ? { readModelStatus: status } : {}),
          reason: `the execution completed, and run ${later.runId} started after it under the same case id (a reset or a start outside the API)`,
        });
        return;
      }
      const ended = ENDED_BY_HAND[run.status];
      if (!ended) return;
      const replaced = later ? `; run ${later.runId} replaced it (a reset or a restart outside the API)` : '';
      const open = !later && status === 'open' ? '; the read model still says the case is open' : '';
      findings.push({
        caseId,
        runId: run.runId,
        status: run.status,
        ...(status ? { readModelStatus: status } : {}),
        reason: `the execution ${ended}${replaced}${open}`,
      });
    });
    const last = caseRuns[caseRuns.length - 1];
    if (status !== 'open') continue;
    if (!last)
      findings.push({
        caseId,
        status: 'NONE',
        readModelStatus: status,
        reason: 'open in the read model, but Temporal has no execution of the case',
      });
    else if (last.status === 'COMPLETED') {
      findings.push({
        caseId,
        runId: last.runId,
        status: last.status,
        readModelStatus: status,
        reason: 'open in the read model, but its execution completed in Temporal',
      });
    }
  }
  return { cases: runs.size, runs: runCount, findings };
}
