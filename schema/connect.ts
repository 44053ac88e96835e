import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import type { Database, DB } from './db';

/**
 * Opens the database: a PostgreSQL server when a URL is given, otherwise an embedded
 * PGlite kept in `<dataDir>/pglite`. Both are configured to return the same JS values
 * for the same SQL types (see the conventions in `schema/db.ts`), because the event
 * hash chain is computed from what the driver returns and must not depend on which
 * driver wrote it. Opening does not migrate; call `migrateToLatest` next.
 */

export interface OpenedDatabase {
  db: DB;
  kind: 'postgres' | 'pglite';
  /** Where the data lives, safe to log (no password). */
  describe: string;
  close(): Promise<void>;
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<OpenedDatabase> {
  if (opts.databaseUrl) return openPostgresDatabase(opts.databaseUrl);
  return openPgliteDatabase(path.join(opts.dataDir, 'pglite'));
}

const OID = { int8: 20, date: 1082 } as const;

/** Session settings both drivers pin, so text forms of dates and instants never vary by server config. */
const SESSION = { DateStyle: 'ISO, MDY', TimeZone: 'UTC' } as const;

export async function openPostgresDatabase(url: string, opts: { max?: number } = {}): Promise<OpenedDatabase> {
  const client = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    connection: { ...SESSION, application_name: 'cadreflow' },
    types: {
      bigint: postgres.BigInt,
      // Named apart from the built-in `date` type so timestamps keep parsing to Date;
      // this one only takes over the `date` OID, which should stay a calendar-day string.
      dateOnly: { to: OID.date, from: [OID.date], serialize: (x: string) => x, parse: (x: string) => x },
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) });
  return { db, kind: 'postgres', describe: redact(url), close: () => db.destroy() };
}

/** `dataDir` undefined: an in-memory database (tests). */
export async function openPgliteDatabase(dataDir?: string): Promise<OpenedDatabase> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const options = {
    parsers: {
      [pgliteTypes.INT8]: (x: string) => BigInt(x),
      [pgliteTypes.DATE]: (x: string) => x,
    },
    serializers: {
      [pgliteTypes.INT8]: (x: bigint | number | string) => String(x),
    },
  };
  const pg = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  // PGlite is a single session, so these stick for its lifetime.
  await pg.exec(`set datestyle = '${SESSION.DateStyle}'; set timezone = '${SESSION.TimeZone}';`);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pg) });
  return {
    db,
    kind: 'pglite',
    describe: dataDir ? `PGlite at ${dataDir}` : 'PGlite in memory',
    close: () => db.destroy(),
  };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}
