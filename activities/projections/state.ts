/**
 * The rows one fold of the core read models works on (activities/projections/core.ts):
 * loaded before the fold, changed in memory in log order, written back once. Every
 * projection that folds with the core (the core's own and probation's, which changes the
 * same people and posts) reads and writes through one ReadModelState, so a batch's events
 * apply in log order whatever projection they belong to.
 */
import { sql, type CompiledQuery, type Kysely, type Selectable } from 'kysely';
import type { Database, DB } from '../../schema/db';

export type FoldTable = keyof Database & string;

/** A read-model row as it is read back (and kept in memory while a batch is folded). */
export type ReadModelRow<T extends FoldTable> = Selectable<Database[T]>;

/** The rows the events of a batch read or write; loaded before the fold so that it never queries. */
export class Needs {
  readonly keys = new Map<FoldTable, Set<string>>();
  /** People whose every assignment must be in memory (their current post may fall back to another). */
  readonly assignmentsOf = new Set<string>();

  add(table: FoldTable, key: string): void {
    let set = this.keys.get(table);
    if (!set) this.keys.set(table, (set = new Set()));
    set.add(key);
  }
}

/** One read of `ReadModelState.load`: the table it reads and its query. */
export interface FoldRead {
  table: FoldTable;
  query: CompiledQuery;
}

/** The rows one fold works on, and which of them it changed. */
export class ReadModelState {
  private readonly rows = new Map<FoldTable, Map<string, unknown>>();
  private readonly dirty = new Map<FoldTable, Set<string>>();

  /** `keys`: each table the fold holds, with its primary key column, in the order rows are written. */
  private constructor(private readonly keys: Readonly<Partial<Record<FoldTable, string>>>) {
    for (const table of this.tables()) {
      this.rows.set(table, new Map());
      this.dirty.set(table, new Set());
    }
  }

  static async load(trx: DB, keys: Readonly<Partial<Record<FoldTable, string>>>, needs: Needs): Promise<ReadModelState> {
    const reads = ReadModelState.loadQueries(trx, keys, needs);
    const rowsets: unknown[][] = [];
    for (const { query } of reads) rowsets.push((await trx.executeQuery(query)).rows);
    return ReadModelState.fromRows(keys, reads, rowsets);
  }

  /**
   * The reads `load` runs, so that a caller can send them with other statements in one
   * round trip (activities/appendCall.ts); `fromRows` takes their rows in the same order.
   */
  static loadQueries(trx: DB, keys: Readonly<Partial<Record<FoldTable, string>>>, needs: Needs): FoldRead[] {
    // Kysely cannot type a query over a table chosen at run time; `ReadModelRow<T>` restores the row type.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table is chosen at run time from the fold's tables
    const anyDb = trx as unknown as Kysely<any>;
    const queries: FoldRead[] = [];
    for (const [table, keyColumn] of Object.entries(keys)) {
      for (const part of chunks([...(needs.keys.get(table as FoldTable) ?? [])])) {
        queries.push({ table: table as FoldTable, query: anyDb.selectFrom(table).selectAll().where(keyColumn, 'in', part).compile() });
      }
    }
    for (const part of chunks([...needs.assignmentsOf])) {
      queries.push({
        table: 'post_assignments',
        query: trx.selectFrom('post_assignments').selectAll().where('person_id', 'in', part).compile(),
      });
    }
    return queries;
  }

  /** The state from the rows `reads` (from `loadQueries`) returned, `rowsets[i]` being `reads[i]`'s. */
  static fromRows(
    keys: Readonly<Partial<Record<FoldTable, string>>>,
    reads: readonly FoldRead[],
    rowsets: readonly unknown[][],
  ): ReadModelState {
    const state = new ReadModelState(keys);
    reads.forEach(({ table }, i) => {
      for (const row of rowsets[i]!) state.remember(table, row as ReadModelRow<typeof table>);
    });
    return state;
  }

  get<T extends FoldTable>(table: T, key: string | null): ReadModelRow<T> | undefined {
    return key === null ? undefined : (this.table(table).get(key) as ReadModelRow<T> | undefined);
  }

  all<T extends FoldTable>(table: T): IterableIterator<ReadModelRow<T>> {
    return this.table(table).values() as IterableIterator<ReadModelRow<T>>;
  }

  put<T extends FoldTable>(table: T, row: ReadModelRow<T>): void {
    const key = this.keyOf(table, row);
    this.table(table).set(key, row);
    this.dirty.get(table)!.add(key);
  }

  /** Changes an existing row; an event about a row that was never created changes nothing. */
  patch<T extends FoldTable>(table: T, key: string, changes: Partial<ReadModelRow<T>>): void {
    const row = this.get(table, key);
    if (row) this.put(table, { ...row, ...changes });
  }

  async flush(trx: DB): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table is chosen at run time from the fold's tables
    const anyDb = trx as unknown as Kysely<any>;
    for (const table of this.tables()) {
      const rows = [...this.dirty.get(table)!].map((key) => asWritten(this.table(table).get(key) as Record<string, unknown>));
      if (rows.length === 0) continue;
      const columns = Object.keys(rows[0]!);
      const keyColumn = this.keyColumn(table);
      const update = Object.fromEntries(columns.filter((c) => c !== keyColumn).map((c) => [c, sql.ref(`excluded.${c}`)]));
      // Keeps each statement well under PostgreSQL's 65535 bind parameters.
      for (const part of chunks(rows, Math.floor(30_000 / columns.length))) {
        await anyDb
          .insertInto(table)
          .values(part)
          .onConflict((oc) => oc.column(keyColumn).doUpdateSet(update))
          .execute();
      }
    }
  }

  private tables(): FoldTable[] {
    return Object.keys(this.keys) as FoldTable[];
  }

  private keyColumn(table: FoldTable): string {
    const key = this.keys[table];
    if (key === undefined) throw new Error(`${table} is not a table of this fold`);
    return key;
  }

  private table(table: FoldTable): Map<string, unknown> {
    const rows = this.rows.get(table);
    if (!rows) throw new Error(`${table} is not a table of this fold`);
    return rows;
  }

  private keyOf(table: FoldTable, row: object): string {
    return String((row as Record<string, unknown>)[this.keyColumn(table)]);
  }

  private remember<T extends FoldTable>(table: T, row: ReadModelRow<T>): void {
    const key = this.keyOf(table, row);
    if (!this.table(table).has(key)) this.table(table).set(key, row);
  }
}

/**
 * A row as it is sent: arrays and objects (other than instants and bytes) as jsonb from JSON text.
 * Read models hold no PostgreSQL arrays, and both drivers would send a JS array as one
 * (and `pg` a jsonb-typed parameter JSON-encoded twice), so the text is declared text.
 */
function asWritten(row: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [column, value] of Object.entries(row)) {
    if (value === null || typeof value !== 'object' || value instanceof Date || ArrayBuffer.isView(value)) continue;
    out ??= { ...row };
    out[column] = sql`cast(cast(${JSON.stringify(value)} as text) as jsonb)`;
  }
  return out ?? row;
}

function chunks<T>(items: T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Event instants are ISO strings; rows hold what the driver reads back, a Date. */
export const instant = (iso: string): Date => new Date(iso);
