/**
 * A worker in a process of its own, so that its memory is its own and two of them can
 * share a task queue: the project's (worker/worker.ts createWorker, with the database)
 * or a bare one (bench/bare: no-op activities). Started by bench/lib/workers.ts with
 * its settings as JSON in argv; says "ready" over IPC, answers "memory" with its
 * process.memoryUsage() after a GC, and stops on "stop".
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createWorker } from '../../worker/worker';
import { openPostgresDatabase, type OpenedDatabase } from '../../schema/connect';
import { createBareActivities } from '../bare/activities';

export interface ChildSettings {
  kind: 'project' | 'bare';
  address: string;
  taskQueue: string;
  bundlePath: string;
  databaseUrl?: string;
  identity: string;
}

type Message = { type: 'memory' } | { type: 'stop' };

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{}') as ChildSettings;
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
  const connection = await NativeConnection.connect({ address: settings.address });
  let database: OpenedDatabase | undefined;
  let worker: Worker;
  if (settings.kind === 'project') {
    if (!settings.databaseUrl) throw new Error('a project worker needs databaseUrl');
    database = await openPostgresDatabase(settings.databaseUrl);
    worker = await createWorker({
      connection,
      namespace: 'default',
      db: database.db,
      taskQueue: settings.taskQueue,
      workflowBundle: { codePath: settings.bundlePath },
      identity: settings.identity,
    });
  } else {
    worker = await Worker.create({
      connection,
      namespace: 'default',
      taskQueue: settings.taskQueue,
      workflowBundle: { codePath: settings.bundlePath },
      activities: createBareActivities(),
      identity: settings.identity,
      // The same as the project's createWorker, so only the work differs.
      maxConcurrentActivityTaskExecutions: 50,
    });
  }
  const running = worker.run();
  process.on('message', (m: Message) => {
    if (m.type === 'memory') {
      (globalThis as { gc?: () => void }).gc?.();
      process.send?.({ type: 'memory', usage: process.memoryUsage() });
    } else if (m.type === 'stop') {
      worker.shutdown();
    }
  });
  process.send?.({ type: 'ready', maxCachedWorkflows: worker.options.maxCachedWorkflows });
  await running;
  await database?.close();
  await connection.close();
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`bench worker: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
