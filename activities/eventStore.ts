/**
 * The domain event log's append (docs/decisions.md §3): one append-only `events` table
 * with a global position, per-stream versions, idempotent appends and a hash chain
 * (activities/hashChain.ts), plus the read models, updated in the same transaction as
 * the append. Reading the log is activities/eventReads.ts.
 *
 * Ordering: every append locks the single `log_head` row FOR UPDATE and takes its
 * positions from it. Appends are therefore serialized, positions are gap-free and
 * increase in commit order, and each event's predecessor hash is known without a
 * second look-up. The lock is held for one short transaction: one `append_events` call
 * (schema/migrations/0016_append_function.ts) and the read models' fold, shared by every
 * caller the group commit gathered; the demo's whole seed is one `appendBatch`.
 *
 * Read models are folded from the appended events before the transaction commits
 * (`projectEvents`), so no reader ever sees an event without its projection or the
 * reverse, and a failing projection undoes the append.
 */
import type { HashAlgorithm, RecordedEvent } from '../domain/events';
import { isEmbeddedDatabase } from '../schema/embedded';
import type { DB } from '../schema/db';
import { appendUnits } from './appendCall';
import { StreamVersionConflictError, type AppendInput, type AppendOptions, type AppendResult } from './appendTypes';
import { groupAppend, uniqueViolation } from './appendWriter';
import { canonicalJson } from '../domain/canonicalJson';
import { HASH_ALGORITHMS, hashedText, textHash, type HashedEventFields } from './hashChain';
import { projectEvents } from './projections';

export { StreamVersionConflictError, type AppendInput, type AppendOptions, type AppendResult } from './appendTypes';

/**
 * Appends events to one stream, atomically, with its read-model updates.
 * Pass a transaction as `db` to make the append part of a larger unit of work.
 */
export async function appendToStream(db: DB, input: AppendInput, opts: AppendOptions = {}): Promise<AppendResult> {
  const [result] = await appendBatch(db, [input], opts);
  return result!;
}

/**
 * Appends to many streams in one transaction: either all appends happen or, on a version
 * conflict, none. Inputs whose key was already used come back as duplicates and write
 * nothing.
 *
 * SHA-256 appends are one `append_events` call (activities/appendCall.ts); outside a
 * caller's transaction and without a fixed clock they go through the process's group
 * commit (activities/appendWriter.ts), sharing a transaction with the appends of other
 * callers waiting at the same time. SM3 appends, which PostgreSQL cannot hash, and appends
 * to the embedded PGlite (in-process: no round trips to save, and its WebAssembly plpgsql
 * is slower than Node at the hashing — the demo's seed took 2.6 times as long) keep the
 * statement-by-statement path below, under the same head lock.
 */
export async function appendBatch(db: DB, inputs: AppendInput[], opts: AppendOptions = {}): Promise<AppendResult[]> {
  validate(inputs);
  if (inputs.length === 0) return [];
  const algorithm = opts.hashAlgorithm ?? 'sha256';
  if (!HASH_ALGORITHMS.includes(algorithm)) throw new Error(`append: unknown hash algorithm ${String(algorithm)}`);
  if (algorithm === 'sha256' && !isEmbeddedDatabase(db)) {
    if (!db.isTransaction && !opts.clock) return groupAppend(db, inputs);
    const once = async (trx: DB): Promise<AppendResult[]> => {
      const [outcome] = await appendUnits(trx, [inputs], opts.clock?.().toISOString());
      if ('error' in outcome!) throw outcome.error;
      return outcome!.results;
    };
    return db.isTransaction ? once(db) : db.transaction().execute(once);
  }
  const clock = opts.clock ?? (() => new Date());
  // Inside a caller's transaction a failed statement aborts the whole transaction, so
  // only a transaction of our own can be retried.
  if (db.isTransaction) return appendLocked(db, inputs, clock, algorithm);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => appendLocked(trx, inputs, clock, algorithm));
    } catch (err) {
      // The lock makes these unreachable between cooperating writers; if a writer that
      // skipped the lock raced us, a second pass under the lock sees its rows and answers
      // with a duplicate or a version conflict instead of a driver error.
      if (attempt < 3 && uniqueViolation(err)) continue;
      throw err;
    }
  }
}

// ── internals ───────────────────────────────────────────────────────────────

const eventKey = (appendKey: string, index: number): string => `${appendKey}#${index}`;

/** Keeps parameter lists well under PostgreSQL's 65535 bind parameters (events rows have 13). */
const CHUNK = 1000;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function validate(inputs: AppendInput[]): void {
  const keys = new Set<string>();
  for (const input of inputs) {
    if (!input.streamId) throw new Error('append: streamId is empty');
    if (!input.idempotencyKey) throw new Error(`append to ${input.streamId}: idempotencyKey is empty`);
    if (input.events.length === 0) throw new Error(`append to ${input.streamId}: no events`);
    const v = input.expectedVersion;
    if (v !== 'any' && !(Number.isInteger(v) && v >= 0)) {
      throw new Error(`append to ${input.streamId}: expectedVersion must be 'any' or an integer >= 0, got ${String(v)}`);
    }
    if (keys.has(input.idempotencyKey)) throw new Error(`append: idempotency key ${input.idempotencyKey} appears twice in one batch`);
    keys.add(input.idempotencyKey);
  }
}

interface FirstEventRow {
  idempotency_key: string;
  stream_id: string;
  stream_version: number;
  position: bigint;
  transaction_id: string;
}

async function appendLocked(trx: DB, inputs: AppendInput[], clock: () => Date, algorithm: HashAlgorithm): Promise<AppendResult[]> {
  // One round trip for the three reads: a transaction's statements run in the order they
  // are sent, so the look-ups behind the lock still run under it — two first appends with
  // one key cannot both miss each other. Versions are read for every stream of the batch
  // (a superset of those that append) so they need not wait for the key look-up.
  const lockHead = trx
    .selectFrom('log_head')
    .select(['position', 'hash'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow(() => new Error('log_head is missing: run the migrations'));
  const firstLookups = chunks(inputs.map((i) => eventKey(i.idempotencyKey, 0))).map((part) =>
    trx
      .selectFrom('events')
      .select(['idempotency_key', 'stream_id', 'stream_version', 'position', 'transaction_id'])
      .where('idempotency_key', 'in', part)
      .execute(),
  );
  const versionLookups = chunks([...new Set(inputs.map((i) => i.streamId))]).map((part) =>
    trx
      .selectFrom('events')
      .select(['stream_id', (eb) => eb.fn.max('stream_version').as('version')])
      .where('stream_id', 'in', part)
      .groupBy('stream_id')
      .execute(),
  );
  const [head, firstParts, versionParts] = await Promise.all([lockHead, Promise.all(firstLookups), Promise.all(versionLookups)]);
  const firstRows = new Map<string, FirstEventRow>();
  for (const r of firstParts.flat()) firstRows.set(r.idempotency_key, r);
  const versions = new Map<string, number>();
  for (const r of versionParts.flat()) versions.set(r.stream_id, r.version);

  const recordedAt = clock().toISOString();
  let position = head.position;
  let prevHash = head.hash;
  const recorded: RecordedEvent[] = [];
  /** Each recorded event's data and metadata as hashed: stored as they are (the database derives the jsonb). */
  const texts: Array<{ data: string; metadata: string }> = [];
  const results: AppendResult[] = [];
  for (const input of inputs) {
    const first = firstRows.get(eventKey(input.idempotencyKey, 0));
    if (first) {
      results.push(await storedResult(trx, input, first));
      continue;
    }
    const current = versions.get(input.streamId) ?? 0;
    if (input.expectedVersion !== 'any' && input.expectedVersion !== current) {
      throw new StreamVersionConflictError(input.streamId, input.expectedVersion, current);
    }
    const firstPosition = position + 1n;
    input.events.forEach(({ event, metadata }, index) => {
      position += 1n;
      const fields: HashedEventFields = {
        position,
        streamId: input.streamId,
        streamVersion: current + index + 1,
        type: event.type,
        data: event.data,
        metadata,
        idempotencyKey: eventKey(input.idempotencyKey, index),
        recordedAt,
      };
      const dataText = canonicalJson(event.data);
      const metadataText = canonicalJson(metadata);
      const hash = textHash(prevHash, hashedText(fields, dataText, metadataText), algorithm);
      recorded.push({ ...fields, prevHash, hash, hashAlgorithm: algorithm });
      texts.push({ data: dataText, metadata: metadataText });
      prevHash = hash;
    });
    const nextVersion = current + input.events.length;
    versions.set(input.streamId, nextVersion);
    results.push({
      streamId: input.streamId,
      firstPosition: firstPosition.toString(),
      lastPosition: position.toString(),
      nextVersion,
      duplicate: false,
    });
  }
  if (recorded.length === 0) return results;

  for (const [c, part] of chunks(recorded).entries()) {
    await trx
      .insertInto('events')
      .values(
        part.map((e, i) => ({
          position: e.position,
          stream_id: e.streamId,
          stream_version: e.streamVersion,
          type: e.type,
          data_canonical: texts[c * CHUNK + i]!.data,
          metadata_canonical: texts[c * CHUNK + i]!.metadata,
          idempotency_key: e.idempotencyKey,
          recorded_at: e.recordedAt,
          prev_hash: e.prevHash,
          hash: e.hash,
          hash_alg: algorithm,
        })),
      )
      .execute();
  }
  await trx.updateTable('log_head').set({ position, hash: prevHash }).where('id', '=', 1).execute();
  // Folded as one batch: the same result as projecting each event in turn, in a few statements.
  await projectEvents(trx, recorded);
  return results;
}

/** What the first append with this key returned, rebuilt from its rows. */
async function storedResult(trx: DB, input: AppendInput, first: FirstEventRow): Promise<AppendResult> {
  if (first.stream_id !== input.streamId) {
    throw new Error(`idempotency key ${input.idempotencyKey} was already used for stream ${first.stream_id}, not ${input.streamId}`);
  }
  // One append's events share a transaction and follow each other in the stream.
  const rows = await trx
    .selectFrom('events')
    .select(['position', 'stream_version', 'idempotency_key'])
    .where('stream_id', '=', first.stream_id)
    .where('transaction_id', '=', first.transaction_id)
    .where('stream_version', '>=', first.stream_version)
    .orderBy('stream_version')
    .execute();
  let last = { position: first.position, version: first.stream_version };
  for (const [index, row] of rows.entries()) {
    if (row.idempotency_key !== eventKey(input.idempotencyKey, index)) break;
    last = { position: row.position, version: row.stream_version };
  }
  return {
    streamId: first.stream_id,
    firstPosition: first.position.toString(),
    lastPosition: last.position.toString(),
    nextVersion: last.version,
    duplicate: true,
  };
}
