/**
 * A client and an in-process worker on the test run's shared Temporal dev server, on a
 * task queue of the suite's own (suites that start no demo cases can share one server).
 */
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { DB } from '../../schema/db';
import { createWorker } from '../../worker/worker';

export interface SharedServerWorker {
  client: Client;
  stop(): Promise<void>;
}

export async function workerOnSharedServer(db: DB, taskQueue: string): Promise<SharedServerWorker> {
  const address = inject('temporalAddress');
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await createWorker({
    connection: nativeConnection,
    namespace: 'default',
    db,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
  const running = worker.run();
  return {
    client: new Client({ connection }),
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
    },
  };
}
