/**
 * Fewer round trips for the append's transaction (activities/appendWriter.ts). Every
 * statement through `pg` is one round trip, and an append used to be seven: `begin`, the
 * `append_events` call, a read and a write per read-model table, `commit`. On a server
 * reached over a socket the round trips, not the work, were most of an append's time
 * (README, "Benchmarks", issue #16).
 *
 * A pipelining connection holds back what nothing waits for and sends it with the next
 * statement whose answer is awaited, as one simple-query message:
 * - `begin` goes with the transaction's first read (the `append_events` call);
 * - writes (`insert`/`update`/`delete` without `returning`: the read models' upserts)
 *   go with the next read, or with `commit`;
 * - a batch (`batchQuery`) sends several reads in one message and answers each.
 * PostgreSQL runs a message's statements one after another, each with its own snapshot,
 * exactly as if they had been sent apart; a failing statement fails the message and the
 * rest of it is skipped, so the transaction ends in the error it would have ended in, and
 * `rollback` follows. What changes is only when a write's error is reported: with the
 * next read or the commit instead of at once, which the read models (they never look at
 * a write's result) do not notice.
 *
 * The simple-query protocol takes no parameters, so parameters are written into the text
 * as literals with `pg`'s own conversion (`prepareValue`, the text it would have bound)
 * and quoting (`escapeLiteral`'s, as `quoteLiteral`); a statement with a parameter that has no literal form (a
 * bytea Buffer) is sent on its own, as before. Outside a transaction nothing is held back.
 */
import pg from 'pg';
import type { DB } from './db';
import { CompiledQuery, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';

const prepareValue = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils.prepareValue;

/** Marks a Kysely raw query as a batch of statements (their count follows) whose results come back as one row each. */
const BATCH = '/* cadreflow:batch ';

/**
 * Several statements in one message: `db.executeQuery(batchQuery(...))` on a pipelining
 * handle answers one row per statement, `{ rows }`, in order. Every query must be
 * inlinable (no bytea parameters).
 */
export function batchQuery(queries: readonly CompiledQuery[]): CompiledQuery<{ rows: unknown[] }> {
  const texts = queries.map((q) => {
    const text = inlineParameters(q.sql, q.parameters);
    if (text === undefined) throw new Error('batchQuery: a parameter has no literal form');
    return text;
  });
  return CompiledQuery.raw(`${BATCH}${texts.length} */\n${texts.join(';\n')}`);
}

/** `sql` with `$n` replaced by the literal of `parameters[n-1]`, or undefined if one has no literal form. */
export function inlineParameters(sqlText: string, parameters: readonly unknown[]): string | undefined {
  if (parameters.length === 0) return sqlText;
  const literals: string[] = [];
  for (const p of parameters) {
    const v = prepareValue(p);
    if (v === null) literals.push('null');
    else if (typeof v === 'string') literals.push(quoteLiteral(v));
    else return undefined;
  }
  // Copies the text in slices between the characters that matter (quotes and `$`): a fold's
  // upsert is thousands of characters and hundreds of parameters, sent on every append.
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < sqlText.length) {
    const c = sqlText.charCodeAt(i);
    if (c === QUOTE || c === DOUBLE_QUOTE) {
      // A quoted string or identifier is copied as it is ('' and "" escape themselves).
      const end = sqlText.indexOf(sqlText[i]!, i + 1);
      if (end < 0) return undefined;
      i = end + 1;
      continue;
    }
    if (c === DOLLAR) {
      let j = i + 1;
      while (j < sqlText.length && j - i <= 11 && isDigit(sqlText.charCodeAt(j))) j++;
      if (j > i + 1) {
        const literal = literals[Number(sqlText.slice(i + 1, j)) - 1];
        if (literal === undefined) return undefined;
        // A space keeps `-$1` from becoming a comment (`--`) and `x$1` from joining a name.
        out += `${sqlText.slice(copied, i)} ${literal} `;
        copied = i = j;
        continue;
      }
    }
    i++;
  }
  return out + sqlText.slice(copied);
}

const QUOTE = 39; // '
const DOUBLE_QUOTE = 34; // "
const DOLLAR = 36; // $
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * `pg`'s `escapeLiteral`, character for character: quotes doubled, and backslashes doubled
 * in an E'' string when there are any. Written with `replaceAll`, which is several times
 * faster on the append's long JSON than `pg`'s loop over every character.
 */
export function quoteLiteral(value: string): string {
  const quoted = `'${value.replaceAll("'", "''")}'`;
  return value.includes('\\') ? ` E${quoted.replaceAll('\\', '\\\\')}` : quoted;
}

type Result = { command: string; rowCount: number | null; rows: unknown[] };

const isWrite = (text: string): boolean => /^\s*(insert|update|delete)\b/i.test(text) && !/\breturning\b/i.test(text);

/** The pool Kysely gets for a pipelining handle: each connection holds back what it can (see above). */
export function pipeliningPool(pool: PostgresPool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let inTransaction = false;
      let held: string[] = [];
      const send = async (text: string): Promise<Result[]> => {
        const out = (await client.query(text, [])) as unknown as Result | Result[];
        return Array.isArray(out) ? out : [out];
      };
      /** Sends what is held back followed by `text`; answers `text`'s results (its statements' count). */
      const withHeld = async (text: string, statements: number): Promise<Result[]> => {
        const message = [...held, text].join(';\n');
        held = [];
        const results = await send(message);
        return results.slice(results.length - statements);
      };
      const query = async (text: string, parameters: unknown[] = []): Promise<PostgresQueryResult<unknown>> => {
        const command = text.trim().toLowerCase();
        if (command === 'begin') {
          inTransaction = true;
          held = ['begin'];
          return { command: 'SELECT', rowCount: 0, rows: [] };
        }
        if (command === 'commit' || command === 'rollback') {
          inTransaction = false;
          // A rollback of a transaction that never reached the server has nothing to undo.
          if (command === 'rollback' && held[0] === 'begin') {
            held = [];
            return { command: 'ROLLBACK', rowCount: 0, rows: [] };
          }
          if (command === 'rollback') held = [];
          const [result] = await withHeld(command, 1);
          return result as PostgresQueryResult<unknown>;
        }
        if (!inTransaction) return client.query(text, parameters);
        if (text.startsWith(BATCH)) {
          const statements = Number(/^\/\* cadreflow:batch (\d+) \*\//.exec(text)![1]);
          const results = await withHeld(text, statements);
          return { command: 'SELECT', rowCount: results.length, rows: results.map((r) => ({ rows: r.rows })) };
        }
        const inlined = inlineParameters(text, parameters);
        if (inlined === undefined) {
          if (held.length > 0) await withHeld('select 1', 1);
          return client.query(text, parameters);
        }
        if (isWrite(text)) {
          held.push(inlined);
          // Nothing reads a held-back write's result; Kysely reports no affected-row count.
          return { command: 'SELECT', rowCount: 0, rows: [] };
        }
        const [result] = await withHeld(inlined, 1);
        return result as PostgresQueryResult<unknown>;
      };
      return {
        query: query as PostgresPoolClient['query'],
        release: () => {
          // A connection given back inside a transaction is not reused with its writes held.
          held = [];
          inTransaction = false;
          client.release();
        },
      };
    },
    end: () => pool.end(),
  };
}

const pipelined = new WeakMap<object, DB>();
const pipeliningAdapters = new WeakSet<object>();

/** Registers `pipelining`, a handle on `db`'s pool through `pipeliningPool`, as `db`'s (schema/connect.ts). */
export function registerPipelining(db: DB, pipelining: DB): void {
  pipelined.set(db, pipelining);
  pipeliningAdapters.add(pipelining.getExecutor().adapter);
}

/** The pipelining handle on `db`'s pool, if it has one (a PostgreSQL server opened by schema/connect.ts). */
export function pipeliningHandle(db: DB): DB | undefined {
  return pipelined.get(db);
}

/** True for a pipelining handle or a transaction on one: `batchQuery` may be executed on it. */
export function isPipelining(db: DB): boolean {
  return pipeliningAdapters.has(db.getExecutor().adapter);
}
