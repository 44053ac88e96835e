import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { Pool, types as pgTypes, type CustomTypesConfig, type PoolClient } from 'pg';
import type { Database, DB } from './db';
import { markEmbedded } from './embedded';
import { pipeliningPool, registerPipelining } from './pipeline';

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
  /**
   * A new embedded cluster opened with a schema key, not from that schema's template:
   * dumps it as the template once the migrations ran and before anything else is
   * written (schema/pgliteTemplate.ts). Absent otherwise.
   */
  keepSchemaTemplate?: () => Promise<boolean>;
  /** An embedded cluster's origin: its folder, a template, or initdb. */
  clusterSource?: import('./pgliteTemplate').ClusterSource;
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; schemaKey?: string }): Promise<OpenedDatabase> {
  if (opts.databaseUrl) return openPostgresDatabase(opts.databaseUrl);
  return openPgliteDatabase(path.join(opts.dataDir, 'pglite'), opts.schemaKey ? { schemaKey: opts.schemaKey } : {});
}

/** Session settings both drivers pin, so text forms of dates and instants never vary by server config. */
const SESSION = { DateStyle: 'ISO, MDY', TimeZone: 'UTC' } as const;

/** What a dropped connection is reported to (it is never thrown: the pool replaces the connection). */
export type ConnectionErrorListener = (err: Error) => void;

export interface PostgresOptions {
  /** Connections in the pool. */
  max?: number;
  /** Defaults to one line on stderr per dropped connection. */
  onConnectionError?: ConnectionErrorListener;
}

/**
 * A PostgreSQL server through node-postgres (`pg`) and Kysely's own dialect. postgres.js
 * 3.4 was used before; a backend that died under it (`pg_terminate_backend`, a server
 * restart) could throw from a `setImmediate` and end the whole process
 * (porsager/postgres#1208), and kysely-postgres-js does not accept postgres.js 4.
 * With `pg`, a dead connection is an `'error'` event: one listener on the pool (idle
 * connections) and one on every connection (checked-out ones, whose error the pool
 * does not hear) turn it into a failed query, and the pool opens a new connection for
 * the next one. A failed append fails its activity, which Temporal retries.
 */
export async function openPostgresDatabase(url: string, opts: PostgresOptions = {}): Promise<OpenedDatabase> {
  const pool = createPostgresPool(url, opts);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: droppingLostConnections(pool) }) });
  // The append's handle on the same pool (schema/pipeline.ts); never destroyed itself, it ends with `db`'s pool.
  registerPipelining(db, new Kysely<Database>({ dialect: new PostgresDialect({ pool: pipeliningPool(droppingLostConnections(pool)) }) }));
  return { db, kind: 'postgres', describe: redact(url), close: () => db.destroy() };
}

export function createPostgresPool(url: string, opts: PostgresOptions = {}): Pool {
  const onError = opts.onConnectionError ?? reportConnectionError(redact(url));
  const pool = new Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: 'cadreflow',
    // Startup options pin the session settings on every new connection, before any query.
    options: `-c DateStyle=${SESSION.DateStyle.replace(/ /g, '\\ ')} -c TimeZone=${SESSION.TimeZone}`,
    types: TYPES,
    // A server that accepts TCP but never answers must fail a query, not hang it.
    connectionTimeoutMillis: 15_000,
    keepAlive: true,
  });
  // An idle connection's error reaches both listeners; the connection's own reports it.
  pool.on('error', () => undefined);
  pool.on('connect', (client: PoolClient) => client.on('error', onError));
  return pool;
}

/**
 * The pool as Kysely gets it. Kysely releases a connection without saying why, so a
 * connection whose query failed because the connection itself was lost (its backend
 * terminated: the error reaches the query before the socket closes) would go back to the
 * pool and fail the next query too; released as broken, the pool closes it instead.
 */
function droppingLostConnections(pool: Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let lost = false;
      const query = (...args: unknown[]): unknown => {
        const out = (client.query as (...a: unknown[]) => unknown)(...args);
        // A cursor (streamed query) is returned as it is; a promise is watched.
        if (!(out instanceof Promise)) return out;
        return out.catch((err: unknown) => {
          if (connectionLost(err)) lost = true;
          throw err;
        });
      };
      return { query: query as PostgresPoolClient['query'], release: () => client.release(lost) };
    },
    end: () => pool.end(),
  };
}

/** SQLSTATE classes 08 (connection exception) and 57P (the server shutting a session), or the socket gone. */
export function connectionLost(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code.startsWith('08') || code.startsWith('57P') || ['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT'].includes(code)) return true;
  return typeof e?.message === 'string' && /Connection terminated|not queryable|connection error/i.test(e.message);
}

function reportConnectionError(where: string): ConnectionErrorListener {
  return (err) => {
    console.warn(`cadreflow: a database connection to ${where} failed (${err.message}); the pool opens a new one`);
  };
}

/**
 * The conventions of `schema/db.ts` as `pg` type parsers, given to the pool rather than
 * set on `pg`'s global registry, so no other `pg` user in the process is affected.
 */
export const OID = { int8: 20, date: 1082, int8Array: 1016, dateArray: 1182, textArray: 1009 } as const;

/** `pg`'s own parser of `text[]`: array syntax, quoting and NULLs, elements left as strings. */
const textArray = (pgTypes.getTypeParser as (oid: number, format: 'text') => (x: string) => Array<string | null>)(OID.textArray, 'text');

export const TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === undefined || format === 'text') {
      switch (oid) {
        case OID.int8:
          return (x: string) => BigInt(x);
        case OID.date:
          // Exactly as PostgreSQL prints it (DateStyle ISO): a calendar day, never a Date.
          return (x: string) => x;
        case OID.int8Array:
          return (x: string) => textArray(x).map((v) => (v === null ? null : BigInt(v)));
        case OID.dateArray:
          return textArray;
      }
    }
    return pgTypes.getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};

/**
 * `dataDir` undefined: an in-memory database (tests). With `schemaKey` (schema/migrate.ts)
 * a new cluster on disk starts from that schema's template when there is one.
 */
export async function openPgliteDatabase(dataDir?: string, opts: { schemaKey?: string } = {}): Promise<OpenedDatabase> {
  // Loaded here, not with the module: a command against a PostgreSQL server never needs them.
  const { types: pgliteTypes } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const { createPgliteCluster, saveSchemaTemplate } = await import('./pgliteTemplate');
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
  const { pg, source } = await createPgliteCluster(dataDir, options, opts.schemaKey ? { schemaKey: opts.schemaKey } : {});
  const schemaKey = opts.schemaKey;
  // PGlite is a single session, so these stick for its lifetime.
  await pg.exec(`set datestyle = '${SESSION.DateStyle}'; set timezone = '${SESSION.TimeZone}';`);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pg) });
  markEmbedded(db);
  return {
    db,
    kind: 'pglite',
    describe: dataDir ? `PGlite at ${dataDir}` : 'PGlite in memory',
    close: () => db.destroy(),
    clusterSource: source,
    ...(dataDir && schemaKey && (source === 'template' || source === 'initdb')
      ? { keepSchemaTemplate: () => saveSchemaTemplate(pg, schemaKey) }
      : {}),
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
