/**
 * A Temporal dev server of the run's own, on free ports, in memory (no database file):
 * ports 7233/8233 may belong to someone else's stack on this machine.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { resolveTemporal, type TemporalEndpoint } from '../../client/temporal';

export interface BenchTemporal {
  endpoint: TemporalEndpoint;
  connection: Connection;
  client: Client;
  stop(): Promise<void>;
}

export async function startBenchTemporal(log: (m: string) => void): Promise<BenchTemporal> {
  const env = { ...process.env };
  // Always our own server: a TEMPORAL_ADDRESS in the environment is someone else's.
  delete env.TEMPORAL_ADDRESS;
  const endpoint = await resolveTemporal({
    dataDir: mkdtempSync(join(tmpdir(), 'cadreflow-bench-temporal-')),
    ephemeral: true,
    port: 0,
    ui: false,
    env,
    log,
  });
  const connection = await Connection.connect({ address: endpoint.address });
  const client = new Client({ connection, namespace: endpoint.namespace });
  return {
    endpoint,
    connection,
    client,
    async stop() {
      await connection.close().catch(() => undefined);
      await endpoint.stop();
    },
  };
}
