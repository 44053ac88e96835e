/**
 * The worker process: runs case workflows from a bundle and the activities that write
 * to the event store. Workflow code is bundled once (webpack) and reused.
 */
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DataConverter } from '@temporalio/common';
import { createActivities } from '../activities';
import { createEvaluationActivities } from '../activities/evaluation';
import type { DB } from '../schema/db';
import type { HashAlgorithm } from '../domain/events';
import { repoRoot } from '../client/repoRoot';
import { cachedWorkflowBundle } from './workflowBundleCache';

export const TASK_QUEUE = 'cadreflow';

export function workflowsPath(): string {
  // The TypeScript source, which the bundler compiles: under vitest, tsx and the compiled CLI alike.
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

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  db: DB;
  taskQueue?: string;
  /** Default: the bundle kept from the last start while the workflow code is the same (workflowBundleCache.ts), else a new one. */
  workflowBundle?: WorkflowBundleWithSourceMap | { code: string } | { codePath: string };
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
    workflowBundle: opts.workflowBundle ?? (await cachedWorkflowBundle(repoRoot(), bundleWorkflows)),
    activities: { ...createActivities({ db: opts.db, hashAlgorithm: opts.hashAlgorithm }), ...createEvaluationActivities({ db: opts.db }) },
    ...(opts.identity ? { identity: opts.identity } : {}),
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
    // Small machines: keep concurrency modest so the database pool is not the bottleneck.
    maxConcurrentActivityTaskExecutions: 50,
  });
}
