/**
 * The worker process of a chaos run: what `cadreflow worker` runs, but from a workflow
 * bundle built once by the run (CHAOS_WORKFLOW_BUNDLE), so a worker killed with -9 is
 * replaced in a second or two instead of after a fresh webpack build.
 */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../client/config';
import { encryptingDataConverter } from '../client/codec';
import { openPostgresDatabase } from '../schema/connect';
import { createWorker } from '../worker/worker';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger((process.env.TEMPORAL_LOG_LEVEL as 'WARN' | undefined) ?? 'WARN') });
  const config = loadConfig();
  const bundle = process.env.CHAOS_WORKFLOW_BUNDLE;
  if (!config.databaseUrl || !config.temporalAddress || !bundle) {
    throw new Error('the chaos worker needs DATABASE_URL, TEMPORAL_ADDRESS and CHAOS_WORKFLOW_BUNDLE');
  }
  const database = await openPostgresDatabase(config.databaseUrl);
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await createWorker({
    connection,
    namespace: config.namespace,
    db: database.db,
    taskQueue: config.taskQueue,
    workflowBundle: { codePath: bundle },
    identity: `chaos-worker-${process.pid}`,
    dataConverter: encryptingDataConverter(config),
  });
  console.log(`chaos worker running (pid ${process.pid})`);
  await worker.run();
  await connection.close();
  await database.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
