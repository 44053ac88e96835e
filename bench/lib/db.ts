/**
 * Throwaway databases on the local PostgreSQL server, named cadreflow_bench_*, migrated
 * to the project's schema. Only databases this run created are ever dropped.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openPostgresDatabase, type OpenedDatabase } from '../../schema/connect';
import { migrateToLatest } from '../../schema/migrate';

export const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase extends OpenedDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(label: string, opts: { max?: number; migrate?: boolean } = {}): Promise<BenchDatabase> {
  const name = `cadreflow_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const opened = await openPostgresDatabase(url, { max: opts.max ?? 10 });
  if (opts.migrate !== false) await migrateToLatest(opened.db);
  let dropped = false;
  return {
    ...opened,
    name,
    url,
    async drop() {
      if (dropped) return;
      dropped = true;
      await opened.close().catch(() => undefined);
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        // FORCE: a worker child killed mid-run may still hold a session.
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

/** A raw postgres.js client on a bench database, for COPY and plain-table baselines. */
export function rawClient(url: string, max = 1): postgres.Sql {
  return postgres(url, { max, onnotice: () => {}, connection: { TimeZone: 'UTC', DateStyle: 'ISO, MDY' } });
}
