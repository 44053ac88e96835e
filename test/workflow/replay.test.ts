/**
 * The current workflow code must still explain every recorded history: each one stands
 * for cases running in production (test/fixtures/histories/README.md). A failure here is
 * fixed with patched() in the workflow, never by recording the history again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { bundleWorkflowCode, Worker, type ReplayResult, type ReplayWorkerOptions } from '@temporalio/worker';
import { historyFromJSON, type History } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import * as workflows from '../../workflows';

const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');

interface Recorded {
  file: string;
  /** The test server's histories do not carry the workflow id: workflow-ids.txt's, else the file's name. */
  workflowId: string;
  workflowType: string | undefined;
  history: History;
}

/** workflow-ids.txt: `<file name without .json> <workflow id>` per line; `#` starts a comment. */
function recordedWorkflowIds(): Map<string, string> {
  const lines = readFileSync(join(HISTORIES, 'workflow-ids.txt'), 'utf8').split('\n');
  const entries = lines.filter((l) => l.trim() !== '' && !l.startsWith('#')).map((l) => l.trim().split(/\s+/));
  for (const e of entries) if (e.length !== 2) throw new Error(`workflow-ids.txt: expected "<file> <workflow id>", got "${e.join(' ')}"`);
  return new Map(entries.map(([file, id]) => [file!, id!]));
}

function loadHistories(): Recorded[] {
  const ids = recordedWorkflowIds();
  return readdirSync(HISTORIES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')));
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      const name = file.replace(/\.json$/, '');
      return { file, workflowId: ids.get(name) ?? name, workflowType: started?.workflowType?.name ?? undefined, history };
    });
}

async function replay(options: ReplayWorkerOptions, histories: Recorded[]): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories(
    options,
    histories.map(({ workflowId, history }) => ({ workflowId, history })),
  )) {
    results.push(result);
  }
  return results;
}

const recorded = loadHistories();

describe('recorded workflow histories', () => {
  it('cover every workflow type the worker runs', () => {
    const types = Object.entries(workflows)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name);
    expect(types.length).toBeGreaterThan(0);
    const recordedTypes = new Set(recorded.map((r) => r.workflowType));
    expect(
      types.filter((t) => !recordedTypes.has(t)),
      'workflow types without a recorded history',
    ).toEqual([]);
    expect(
      recorded.filter((r) => !types.includes(r.workflowType ?? '')).map((r) => r.file),
      'histories of no current workflow type',
    ).toEqual([]);
    expect(
      [...recordedWorkflowIds().keys()].filter((name) => !recorded.some((r) => r.file === `${name}.json`)),
      'workflow-ids.txt entries without a history',
    ).toEqual([]);
  });

  it('all replay against the current workflow code', async () => {
    const results = await replay({ workflowBundle: { codePath: inject('workflowBundlePath') } }, recorded);
    expect(results.map((r) => r.workflowId)).toEqual(recorded.map((r) => r.workflowId));
    const failed = results.filter((r) => r.error).map((r) => `${r.workflowId}: ${r.error?.name}: ${r.error?.message}`);
    expect(failed).toEqual([]);
  });

  // Without this, a replay check that silently replays nothing (or ignores mismatches)
  // would pass forever.
  it('fail against a nondeterministic change, naming the diverging event', async () => {
    const bundle = await bundleWorkflowCode({
      workflowsPath: join(__dirname, '..', 'fixtures', 'nondeterministic', 'workflows.ts'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
    });
    const confirmed = recorded.find((r) => r.file === 'probation-confirmed.json');
    expect(confirmed, 'probation-confirmed.json in test/fixtures/histories').toBeDefined();
    const [result] = await replay({ workflowBundle: bundle }, [confirmed!]);
    expect(result?.workflowId).toBe('probation-confirmed');
    expect(result?.error).toBeInstanceOf(DeterminismViolationError);
    // Core's message names the recorded event's activity type and the command's.
    expect(result?.error?.message).toContain('[TMPRL1100] Nondeterminism error');
    expect(result?.error?.message).toContain(
      "Activity type of scheduled event 'appendEvents' does not match activity type of activity command 'msUntilDay'",
    );
  });
});
