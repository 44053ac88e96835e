/**
 * The workflow bundle made in a worker thread. webpack keeps a core busy for 10–20 s on
 * a busy two-core machine; on `up`'s main thread it would hold up what runs beside it
 * there (PGlite's WebAssembly cluster and migrations, the dev server's readiness checks).
 * In a thread of its own it takes the second core instead. Same inputs and output as
 * `bundleWorkflows` (worker.ts).
 */
import { Worker } from 'node:worker_threads';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowInterceptorModules, workflowsPath } from './worker';

// CommonJS run by the thread: the SDK's bundler, found where this process finds it.
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { bundleWorkflowCode } = require(workerData.sdk);
const quiet = () => undefined;
bundleWorkflowCode({
  workflowsPath: workerData.workflowsPath,
  workflowInterceptorModules: workerData.interceptors,
  logger: { trace: quiet, debug: quiet, info: quiet, log: quiet, warn: (m) => console.warn(m), error: (m) => console.error(m) },
}).then(
  (b) => parentPort.postMessage({ code: b.code, sourceMap: b.sourceMap }),
  (e) => parentPort.postMessage({ error: e && e.stack ? e.stack : String(e) }),
);
`;

export function bundleWorkflowsInThread(): Promise<WorkflowBundleWithSourceMap> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(SCRIPT, {
      eval: true,
      workerData: {
        sdk: require.resolve('@temporalio/worker'),
        workflowsPath: workflowsPath(),
        interceptors: workflowInterceptorModules(),
      },
    });
    let answered = false;
    thread.once('message', (m: { code: string; sourceMap: string } | { error: string }) => {
      answered = true;
      void thread.terminate();
      if ('error' in m) reject(new Error(`bundling the workflows failed: ${m.error}`));
      else resolve({ code: m.code, sourceMap: m.sourceMap });
    });
    thread.once('error', (err) => {
      answered = true;
      reject(err);
    });
    thread.once('exit', (code) => {
      if (!answered) reject(new Error(`the workflow bundling thread exited (${code}) without a bundle`));
    });
  });
}
