/**
 * Workflow bundles, built once per run and written to files so that worker child
 * processes load them without running webpack themselves.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowBundle } from '../../worker/worker';

const dir = mkdtempSync(join(tmpdir(), 'cadreflow-bench-bundles-'));
let project: Promise<{ bundle: WorkflowBundleWithSourceMap; path: string }> | undefined;
let bare: Promise<{ bundle: WorkflowBundleWithSourceMap; path: string }> | undefined;

/** The project's own bundle (worker/worker.ts workflowBundle, kept per version of the code). */
export function projectBundle(): Promise<{ bundle: WorkflowBundleWithSourceMap; path: string }> {
  return (project ??= workflowBundle().then((bundle) => {
    const path = join(dir, 'project-workflows.js');
    writeFileSync(path, bundle.code);
    return { bundle, path };
  }));
}

/** The baselines' bare workflows (bench/bare/workflows.ts). */
export function bareBundle(): Promise<{ bundle: WorkflowBundleWithSourceMap; path: string }> {
  return (bare ??= bundleWorkflowCode({
    workflowsPath: join(__dirname, '..', 'bare', 'workflows.ts'),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  }).then((bundle) => {
    const path = join(dir, 'bare-workflows.js');
    writeFileSync(path, bundle.code);
    return { bundle, path };
  }));
}
