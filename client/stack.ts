/**
 * Reaching the running parts: the Temporal server and the database, configured or
 * embedded.
 */
import { join } from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import type { Config } from './config';
import { readStackInfo } from './config';
import { openPgliteDatabase, openPostgresDatabase, type OpenedDatabase } from '../schema/connect';
import { ensureDatabaseReachable } from '../schema/connectError';
import { UserError } from './userError';

export class NotRunningError extends Error {
  constructor(what: string) {
    super(`${what} is not reachable: start the stack with \`cadreflow up\` (or set TEMPORAL_ADDRESS and DATABASE_URL)`);
    this.name = 'NotRunningError';
  }
}

export interface TemporalClient {
  client: Client;
  address: string;
  close(): Promise<void>;
}

export async function connectTemporal(config: Config): Promise<TemporalClient> {
  const address = config.temporalAddress ?? readStackInfo(config.dataDir)?.temporalAddress;
  if (!address) throw new NotRunningError('Temporal');
  // Loaded on the first connection: commands that only read the database never need them.
  const { Client, Connection } = await import('@temporalio/client');
  const { encryptingDataConverter } = await import('./codec');
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: '5s' });
  } catch (err) {
    throw new Error(`cannot connect to Temporal at ${address}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const dataConverter = encryptingDataConverter(config);
  return { client: new Client({ connection, namespace: config.namespace, dataConverter }), address, close: () => connection.close() };
}

/**
 * The database for a command: DATABASE_URL, else the embedded PGlite files opened here.
 * PGlite is one session in one process: while `cadreflow up` holds it, commands go
 * through `up` instead (see backend.ts), and opening it here is refused.
 */
export async function connectDatabase(config: Config, opts: { migrate?: boolean } = {}): Promise<OpenedDatabase> {
  if (!config.databaseUrl && readStackInfo(config.dataDir)) {
    throw new UserError(`the embedded database in ${config.dataDir} is held by the running \`cadreflow up\`; stop it first`);
  }
  const opened = config.databaseUrl
    ? await openPostgresDatabase(config.databaseUrl, { max: 4 })
    : await openPgliteDatabase(join(config.dataDir, 'pglite'));
  if (config.databaseUrl) await ensureDatabaseReachable(opened, config.databaseUrl);
  if (opts.migrate) await (await import('../schema/migrate')).migrateToLatest(opened.db);
  return opened;
}
