/**
 * The log's hash chain (docs/decisions.md §3, §9): each event's hash covers its contents
 * and the hash of the event before it, with the event's own algorithm. `eventHash` is
 * what auditors recompute (client/audit/chain.ts checks an exported archive with it);
 * `verifyHashChain` walks the stored log.
 */
import { createHash } from 'node:crypto';
import type { HashAlgorithm, RecordedEvent } from '../domain/events';
import type { DB } from '../schema/db';
import { canonicalJson } from './canonicalJson';
import { readEventsAfter } from './eventReads';

/** The `prev_hash` of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The chain's hash functions, recorded per event (`events.hash_alg`): SHA-256 by default,
 * SM3 (GB/T 32905) when the county's 密评 requires the national algorithms. Both give
 * 256 bits (64 hex digits), and both hash the same input, so a log may switch between
 * them at any event and still verify.
 */
export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['sha256', 'sm3'];

/**
 * Why an event's recorded algorithm cannot be checked, or undefined when it can (absent
 * means sha256). A stored value is not trusted: a dropped check constraint or an edited
 * archive must show up as a finding, not as a crash of the verifier.
 */
export function unknownHashAlgorithm(e: Pick<RecordedEvent, 'position' | 'hashAlgorithm'>): string | undefined {
  if (e.hashAlgorithm === undefined || HASH_ALGORITHMS.includes(e.hashAlgorithm)) return undefined;
  return `position ${e.position} names hash algorithm "${String(e.hashAlgorithm).slice(0, 40)}", not one of ${HASH_ALGORITHMS.join(', ')}`;
}

/** The fields the chain covers; `prevHash`, `hash` and the transaction id are not part of an event's identity. */
export type HashedEventFields = Pick<
  RecordedEvent,
  'position' | 'streamId' | 'streamVersion' | 'type' | 'data' | 'metadata' | 'idempotencyKey' | 'recordedAt'
>;

/**
 * `hex(H(prevHash + '\n' + canonicalJson(fields)))`, H being the event's algorithm (SHA-256
 * unless it says otherwise). Exported so auditors can recompute it.
 */
export function eventHash(prevHash: string, e: HashedEventFields, algorithm: HashAlgorithm = 'sha256'): string {
  const canonical = canonicalJson({
    position: e.position,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    type: e.type,
    data: e.data,
    metadata: e.metadata,
    idempotencyKey: e.idempotencyKey,
    recordedAt: e.recordedAt,
  });
  return createHash(algorithm).update(`${prevHash}\n${canonical}`, 'utf8').digest('hex');
}

export interface HashChainReport {
  ok: boolean;
  /** Events whose position, link and hash were found intact. */
  checked: number;
  /** What `log_head` records as the last event; null for an empty log. */
  head: { position: string; hash: string } | null;
  firstBadPosition?: string;
  reason?: string;
}

/**
 * Recomputes every event's hash from its stored contents, with the event's own algorithm
 * (`hash_alg`), and checks the links, the positions (no gaps) and that `log_head` points
 * at the last event. Reads one snapshot, so concurrent appends do not show up as breaks.
 */
export async function verifyHashChain(db: DB, opts: { fromPosition?: bigint | string; batchSize?: number } = {}): Promise<HashChainReport> {
  const batchSize = opts.batchSize ?? 5000;
  const from = BigInt(opts.fromPosition ?? 1);
  if (from < 1n) throw new RangeError('fromPosition starts at 1');

  const run = async (trx: DB): Promise<HashChainReport> => {
    const headRow = await trx.selectFrom('log_head').select(['position', 'hash']).where('id', '=', 1).executeTakeFirst();
    if (!headRow) return { ok: false, checked: 0, head: null, firstBadPosition: '1', reason: 'log_head row is missing' };
    const head = headRow.position > 0n ? { position: headRow.position.toString(), hash: headRow.hash } : null;
    const bad = (checked: number, position: bigint, reason: string): HashChainReport => ({
      ok: false,
      checked,
      head,
      firstBadPosition: position.toString(),
      reason,
    });

    let expected = from;
    let prevHash = GENESIS_HASH;
    if (from > 1n) {
      const before = await trx
        .selectFrom('events')
        .select('hash')
        .where('position', '=', from - 1n)
        .executeTakeFirst();
      if (!before) return bad(0, from - 1n, `position ${from - 1n} is missing`);
      prevHash = before.hash;
    }

    let checked = 0;
    // The next batch is read while this one is hashed: the walk is CPU-bound, the read is not.
    let reading = readEventsAfter(trx, expected - 1n, batchSize);
    for (;;) {
      const rows = await reading;
      if (rows.length === batchSize) {
        reading = readEventsAfter(trx, rows[rows.length - 1]!.position, batchSize);
        // A walk that stops at a bad row never awaits it; its failure must not go unhandled.
        reading.catch(() => undefined);
      }
      for (const e of rows) {
        if (e.position !== expected) {
          return bad(checked, expected, `position ${expected} is missing (the next stored event is ${e.position})`);
        }
        if (e.prevHash !== prevHash) {
          return bad(checked, e.position, `prev_hash of position ${e.position} does not match the hash of the event before it`);
        }
        const unknown = unknownHashAlgorithm(e);
        if (unknown) return bad(checked, e.position, unknown);
        if (eventHash(prevHash, e, e.hashAlgorithm) !== e.hash) {
          return bad(checked, e.position, `hash of position ${e.position} does not match its contents`);
        }
        prevHash = e.hash;
        expected += 1n;
        checked += 1;
      }
      if (rows.length < batchSize) break;
    }

    const last = expected - 1n;
    if (headRow.position > last) {
      return bad(checked, expected, `log_head is at position ${headRow.position} but the log ends at ${last}`);
    }
    if (headRow.position < last) {
      return bad(checked, headRow.position + 1n, `events exist past log_head (position ${headRow.position})`);
    }
    if (last >= from && headRow.hash !== prevHash) {
      return bad(checked, last, `log_head hash does not match the hash of position ${last}`);
    }
    return { ok: true, checked, head };
  };
  // Inside a caller's transaction its snapshot is the one to verify.
  if (db.isTransaction) return run(db);
  return db.transaction().setIsolationLevel('repeatable read').execute(run);
}
