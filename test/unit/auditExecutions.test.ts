import { describe, expect, it } from 'vitest';
import { compareExecutions, type CaseRun } from '../../client/audit/executions';
import type { CaseStatus } from '../../schema/db';

const run = (caseId: string, runId: string, status: CaseRun['status'], startMs: number): CaseRun => ({
  workflowId: caseId,
  runId,
  workflowType: 'probation',
  status,
  startMs,
});

describe('audit: executions in Temporal against the cases read model', () => {
  it('names terminated, reset, cancelled, timed-out and failed runs and open cases closed in Temporal; continue-as-new and a closing case are normal', () => {
    const runs = new Map<string, CaseRun[]>([
      ['ok-open', [run('ok-open', 'r1', 'RUNNING', 1)]],
      ['ok-closed', [run('ok-closed', 'r1', 'COMPLETED', 1)]],
      [
        'ok-long',
        [run('ok-long', 'r1', 'CONTINUED_AS_NEW', 1), run('ok-long', 'r2', 'CONTINUED_AS_NEW', 2), run('ok-long', 'r3', 'RUNNING', 3)],
      ],
      // CaseClosed appended, the workflow completes a moment later.
      ['closing', [run('closing', 'r1', 'RUNNING', 1)]],
      ['terminated', [run('terminated', 'r1', 'TERMINATED', 1)]],
      ['reset', [run('reset', 'r1', 'TERMINATED', 1), run('reset', 'r2', 'RUNNING', 2)]],
      ['reset-closed', [run('reset-closed', 'r1', 'COMPLETED', 1), run('reset-closed', 'r2', 'COMPLETED', 2)]],
      ['cancelled', [run('cancelled', 'r1', 'CANCELLED', 1)]],
      ['timed-out', [run('timed-out', 'r1', 'TIMED_OUT', 1)]],
      ['failed', [run('failed', 'r1', 'FAILED', 1)]],
      ['completed-open', [run('completed-open', 'r1', 'COMPLETED', 1)]],
      ['gone', []],
      ['gone-closed', []],
    ]);
    const readModel = new Map<string, CaseStatus>([
      ['ok-open', 'open'],
      ['ok-closed', 'closed'],
      ['ok-long', 'open'],
      ['closing', 'closed'],
      ['terminated', 'open'],
      ['reset', 'open'],
      ['reset-closed', 'closed'],
      ['cancelled', 'closed'],
      ['timed-out', 'open'],
      ['failed', 'open'],
      ['completed-open', 'open'],
      ['gone', 'open'],
      ['gone-closed', 'closed'],
    ]);
    const report = compareExecutions(runs, readModel);
    expect(report.cases).toBe(13);
    expect(report.runs).toBe(15);
    expect(report.findings.map((f) => [f.caseId, f.runId ?? '', f.status, f.reason])).toEqual([
      ['terminated', 'r1', 'TERMINATED', 'the execution was terminated; the read model still says the case is open'],
      ['reset', 'r1', 'TERMINATED', 'the execution was terminated; run r2 replaced it (a reset or a restart outside the API)'],
      [
        'reset-closed',
        'r1',
        'COMPLETED',
        'the execution completed, and run r2 started after it under the same case id (a reset or a start outside the API)',
      ],
      ['cancelled', 'r1', 'CANCELLED', 'the execution was cancelled'],
      ['timed-out', 'r1', 'TIMED_OUT', 'the execution timed out; the read model still says the case is open'],
      ['failed', 'r1', 'FAILED', 'the execution failed; the read model still says the case is open'],
      ['completed-open', 'r1', 'COMPLETED', 'open in the read model, but its execution completed in Temporal'],
      ['gone', '', 'NONE', 'open in the read model, but Temporal has no execution of the case'],
    ]);
  });
});
