/**
 * The worker process: runs case workflows from a bundle and the activities that write
 * to the event store. Workflow code is bundled once per version (webpack, worker/bundleCache.ts) and reused.
 */
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DataConverter } from '@temporalio/common';
import { createActivities } from '../activities';
import { createEvaluationActivities } from '../activities/evaluation';
import type { DB } from '../schema/db';
import type { HashAlgorithm } from '../domain/events';
import { cachedWorkflowBundle } from './bundleCache';
import { repoRoot } from '../schema/projectTools';

export const TASK_QUEUE = 'cadreflow';

export function workflowsPath(): string {
  // The TypeScript source, which the bundler compiles, found from the repository root: under
  // vitest and tsx __dirname is worker/, in the compiled CLI (bin/compile.cjs) it is dist/cli/.
  return join(repoRoot(), 'workflows', 'index.ts');
}

/** Run around every workflow of the bundle: input that arrived unsealed is refused (workflows/kit/unsealedInterceptor.ts). */
export function workflowInterceptorModules(): string[] {
  return [join(repoRoot(), 'workflows', 'kit', 'unsealedInterceptor.ts')];
}

export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    workflowInterceptorModules: workflowInterceptorModules(),
    // webpack's own progress output would drown the CLI's.
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
}

/** The bundle of the current workflow code, made once per version of it (worker/bundleCache.ts). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  return cachedWorkflowBundle({ bundle: bundleWorkflows });
}

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  db: DB;
  taskQueue?: string;
  workflowBundle?: WorkflowBundleWithSourceMap | { codePath: string };
  log?: Logger;
  identity?: string;
  /**
   * Encrypts payloads (client/codec.ts); every client of the deployment must use the same.
   * Its decode turns an unsealed payload into a marker the bundle's interceptor refuses.
   */
  dataConverter?: DataConverter;
  /** What new events are hashed with (client/crypto/suite.ts); default sha256. */
  hashAlgorithm?: HashAlgorithm;
}

export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    workflowBundle: opts.workflowBundle ?? (await workflowBundle()),
    activities: { ...createActivities({ db: opts.db, hashAlgorithm: opts.hashAlgorithm }), ...createEvaluationActivities({ db: opts.db }) },
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
    // Small machines: keep concurrency modest so the database pool is not the bottleneck.
    maxConcurrentActivityTaskExecutions: 50,
  });
}
