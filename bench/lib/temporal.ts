/**
 * A Temporal dev server of the run's own, on free ports, in memory (no database file)
 * unless asked for a file: ports 7233/8233 may belong to someone else's stack on this
 * machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DEV_SERVER_SQLITE_PRAGMAS, resolveTemporal, type TemporalEndpoint } from '../../client/temporal';

export interface BenchTemporal {
  endpoint: TemporalEndpoint;
  connection: Connection;
  client: Client;
  stop(): Promise<void>;
}

/**
 * Where the server keeps its state: `memory` (the default; what the tests use), or a
 * SQLite file as `up` keeps it, with `up`'s pragmas (client/temporal/devServer.ts
 * DEV_SERVER_SQLITE_PRAGMAS) or the ones given (`[]`: Temporal's own rollback journal).
 * The file is in the system's temporary folder: on a machine where that is a tmpfs, the
 * file's cost would not be measured.
 */
export type TemporalStore = { kind: 'memory' } | { kind: 'file'; pragmas?: readonly string[] };

export function describeStore(store: TemporalStore): string {
  if (store.kind === 'memory') return 'in memory';
  const pragmas = store.pragmas ?? DEV_SERVER_SQLITE_PRAGMAS;
  return `SQLite file (${pragmas.length > 0 ? pragmas.join(', ') : "Temporal's default pragmas: rollback journal"})`;
}

export async function startBenchTemporal(log: (m: string) => void, store: TemporalStore = { kind: 'memory' }): Promise<BenchTemporal> {
  const env = { ...process.env };
  // Always our own server: a TEMPORAL_ADDRESS in the environment is someone else's.
  delete env.TEMPORAL_ADDRESS;
  const dataDir = mkdtempSync(join(tmpdir(), 'cadreflow-bench-temporal-'));
  const endpoint = await resolveTemporal({
    dataDir,
    ephemeral: store.kind === 'memory',
    ...(store.kind === 'file' && store.pragmas ? { sqlitePragmas: store.pragmas } : {}),
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
      // The log stays readable for an in-memory server's run; a database file goes.
      if (store.kind === 'file') rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
