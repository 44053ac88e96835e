/**
 * Rebuilding every read model from the log, and comparing two schemas' read models:
 * what `cadreflow audit verify` and the auditors' rebuild rely on.
 */
import { sql } from 'kysely';
import type { DB } from '../../schema/db';
import { canonicalJson } from '../../domain/canonicalJson';
import { readEventsAfter } from '../eventReads';
import { allReadModelTables, projectEvents } from './core';

export interface RebuildOptions {
  /** Rebuild into this schema (created, tables recreated like the live ones); omitted: rebuild the live tables. */
  schema?: string;
  batchSize?: number;
  onProgress?(done: number, total: number): void;
}

export interface RebuildResult {
  schema: string;
  events: number;
}

/**
 * Recomputes every read model from the log. Into a scratch schema it reads one
 * REPEATABLE READ snapshot and leaves appends running; for the live tables it takes
 * the log_head lock first, so no append can interleave and readers see either the old
 * tables or the rebuilt ones, never a half-filled state.
 */
export async function rebuildReadModels(db: DB, opts: RebuildOptions = {}): Promise<RebuildResult> {
  const schema = opts.schema ?? 'public';
  assertIdentifier(schema);
  const live = schema === 'public';
  const batchSize = opts.batchSize ?? 1000;

  const run = async (trx: DB): Promise<RebuildResult> => {
    if (live) {
      await trx.selectFrom('log_head').select('id').where('id', '=', 1).forUpdate().execute();
      await sql`truncate table ${sql.join(allReadModelTables().map(({ table }) => sql.table(table)))}`.execute(trx);
    } else {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(trx);
      for (const { table } of allReadModelTables()) {
        await sql`drop table if exists ${sql.table(`${schema}.${table}`)}`.execute(trx);
        await sql`create table ${sql.table(`${schema}.${table}`)} (like ${sql.table(`public.${table}`)} including all)`.execute(trx);
      }
    }
    const { n } = await trx
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .executeTakeFirstOrThrow();
    const total = Number(n);
    const target = live ? trx : trx.withSchema(schema);
    let after = 0n;
    let done = 0;
    for (;;) {
      const rows = await readEventsAfter(trx, after, batchSize);
      await projectEvents(target, rows);
      const last = rows.at(-1);
      if (last) after = last.position;
      done += rows.length;
      opts.onProgress?.(done, total);
      if (rows.length < batchSize) break;
    }
    return { schema, events: done };
  };

  if (db.isTransaction) return run(db);
  return live ? db.transaction().execute(run) : db.transaction().setIsolationLevel('repeatable read').execute(run);
}

export interface ReadModelDifference {
  table: string;
  /** The row's primary key value. */
  key: string;
  /** The row in the first schema, or null when only the second has it. */
  left: Record<string, unknown> | null;
  right: Record<string, unknown> | null;
}

/**
 * Every row that differs between two schemas' read models, compared by primary key
 * on a canonical form (instants as ISO strings, bigints as decimals, JSON with sorted
 * keys), so equal data compares equal whatever the column order or driver.
 */
export async function diffReadModels(db: DB, schemaA: string, schemaB: string): Promise<ReadModelDifference[]> {
  assertIdentifier(schemaA);
  assertIdentifier(schemaB);
  const out: ReadModelDifference[] = [];
  for (const { table, key: keyColumn } of allReadModelTables()) {
    const load = async (schema: string): Promise<Map<string, Record<string, unknown>>> => {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(`${schema}.${table}`)}`.execute(db);
      return new Map(rows.map((r) => [String(r[keyColumn]), normalizeRow(r)]));
    };
    const left = await load(schemaA);
    const right = await load(schemaB);
    const keys = [...new Set([...left.keys(), ...right.keys()])].sort();
    for (const key of keys) {
      const l = left.get(key) ?? null;
      const r = right.get(key) ?? null;
      if (l && r && canonicalJson(l) === canonicalJson(r)) continue;
      out.push({ table, key, left: l, right: r });
    }
  }
  return out;
}

function normalizeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    out[column] = value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? value.toString() : value;
  }
  return out;
}

/** Schema names are spliced into DDL; accept only plain lower-case identifiers. */
function assertIdentifier(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a valid schema name: ${JSON.stringify(name)}`);
}
