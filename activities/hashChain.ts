/**
 * The log's hash chain (docs/decisions.md §3, §9): each event's hash covers its contents
 * and the hash of the event before it, with the event's own algorithm. `eventHash` is
 * what auditors recompute (client/audit/chain.ts checks an exported archive with it);
 * `verifyHashChain` walks the stored log.
 */
import { createHash } from 'node:crypto';
import type { HashAlgorithm, RecordedEvent } from '../domain/events';
import type { DB } from '../schema/db';
import { canonicalJson } from '../domain/canonicalJson';
import { sql } from 'kysely';

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
  return textHash(prevHash, canonical, algorithm);
}

/** `hex(H(prevHash + '\n' + text))`: the chain's step, for a text already built. */
export function textHash(prevHash: string, text: string, algorithm: HashAlgorithm = 'sha256'): string {
  return createHash(algorithm).update(`${prevHash}\n${text}`, 'utf8').digest('hex');
}

/**
 * The text `eventHash` hashes, assembled from an event's scalar fields and its data and
 * metadata already in canonical JSON (as `events.data_canonical` / `metadata_canonical`
 * store them): the same bytes as canonicalJson of the whole event, whose keys it writes in
 * canonicalJson's order, without encoding data or metadata again. Strings are written by
 * JSON.stringify as canonicalJson writes them; the position and version are integers.
 * The same template is append_events' (schema/migrations/0016_append_function.ts) and
 * verify's SQL (`HASHED_TEXT` below).
 */
export function hashedText(e: Omit<HashedEventFields, 'data' | 'metadata'>, dataText: string, metadataText: string): string {
  return (
    `{"data":${dataText},"idempotencyKey":${JSON.stringify(e.idempotencyKey)},"metadata":${metadataText}` +
    `,"position":${e.position},"recordedAt":${JSON.stringify(e.recordedAt)},"streamId":${JSON.stringify(e.streamId)}` +
    `,"streamVersion":${e.streamVersion},"type":${JSON.stringify(e.type)}}`
  );
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
 * `hashedText` in SQL, over the columns of `events`. `to_json(text)` escapes as
 * JSON.stringify does and the instant is written as Date.toISOString writes it (see
 * schema/migrations/0016_append_function.ts, which builds the same text).
 */
const HASHED_TEXT = sql<string>`'{"data":' || data_canonical
  || ',"idempotencyKey":' || to_json(idempotency_key)::text
  || ',"metadata":' || metadata_canonical
  || ',"position":' || position
  || ',"recordedAt":"' || to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  || '","streamId":' || to_json(stream_id)::text
  || ',"streamVersion":' || stream_version
  || ',"type":' || to_json(type)::text || '}'`;

/** A stored SHA-256 hash that does not match the stored text it covers. */
const SHA256_MISMATCH = sql<boolean>`hash_alg = 'sha256'
  and hash is distinct from encode(sha256(convert_to(prev_hash || E'\n' || ${HASHED_TEXT}, 'UTF8')), 'hex')`;

/**
 * The jsonb an event is read as no longer being the text its hash covers: checked only
 * when `data` and `metadata` are no longer generated from that text (`jsonbDerived`), as
 * migration 0022 made them; a tamperer with the rights to alter the table could have
 * undone that. Parsed only for events whose hash matches: a text edited into invalid JSON
 * already fails its hash, and CASE keeps the cast from running (and raising) on it.
 */
const JSONB_DIVERGES = (parse: 'cast' | 'safe') =>
  parse === 'cast'
    ? sql<boolean>`case when ${SHA256_MISMATCH} then false
        else data is distinct from data_canonical::jsonb or metadata is distinct from metadata_canonical::jsonb end`
    : sql<boolean>`case when ${SHA256_MISMATCH} then false
        else not (events_text_is_jsonb(data_canonical, data) and events_text_is_jsonb(metadata_canonical, metadata)) end`;

interface ContentPass {
  n: string;
  bad_alg: string | null;
  bad_hash: string | null;
  bad_jsonb: string | null;
  sm3: string;
}

/**
 * Checks every event's hash against its stored canonical text, that the jsonb is still
 * generated from that text (or else compares the two, event by event; docs/audit.md,
 * "Hash chain"), then the links, the positions (no gaps) and that
 * `log_head` points at the last event. Nothing is parsed or encoded again: PostgreSQL
 * hashes the stored text in one scan (in parallel where it can) and walks the links in a
 * second, ordered one; only SM3 events, which PostgreSQL cannot hash, are read and hashed
 * here. Reads one snapshot, so concurrent appends do not show up as breaks. The first bad
 * position is the one a walk from `fromPosition` would stop at, with the same reason.
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

    let startHash = GENESIS_HASH;
    if (from > 1n) {
      const before = await trx
        .selectFrom('events')
        .select('hash')
        .where('position', '=', from - 1n)
        .executeTakeFirst();
      if (!before) return bad(0, from - 1n, `position ${from - 1n} is missing`);
      startHash = before.hash;
    }

    // The first break, by position; at one position a walk would see the position first,
    // then the link, then the algorithm, then the hash.
    const breaks: Array<{ position: bigint; rank: number; reason: string }> = [];
    const link = await linkPass(trx, from, startHash);
    if (link) breaks.push(link);
    const content = await contentPass(trx, from);
    if (content.bad_alg !== null) {
      const position = BigInt(content.bad_alg);
      const row = await trx
        .selectFrom('events')
        .select(['position', 'hash_alg'])
        .where('position', '=', position)
        .executeTakeFirstOrThrow();
      breaks.push({ position, rank: 2, reason: unknownHashAlgorithm({ position, hashAlgorithm: row.hash_alg })! });
    }
    for (const p of [content.bad_hash, content.bad_jsonb]) {
      if (p !== null) breaks.push({ position: BigInt(p), rank: 3, reason: `hash of position ${p} does not match its contents` });
    }
    if (BigInt(content.sm3) > 0n) {
      const sm3 = await sm3Pass(trx, from, batchSize);
      if (sm3 !== undefined) breaks.push({ position: sm3, rank: 3, reason: `hash of position ${sm3} does not match its contents` });
    }
    breaks.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : a.rank - b.rank));
    const first = breaks[0];
    // Every event before the first break is intact, and they are numbered from `from` without gaps.
    if (first) return bad(Number(first.position - from), first.position, first.reason);

    const checked = Number(content.n);
    const last = from + BigInt(checked) - 1n;
    if (headRow.position > last) {
      return bad(checked, last + 1n, `log_head is at position ${headRow.position} but the log ends at ${last}`);
    }
    if (headRow.position < last) {
      return bad(checked, headRow.position + 1n, `events exist past log_head (position ${headRow.position})`);
    }
    if (last >= from) {
      const lastRow = await trx.selectFrom('events').select('hash').where('position', '=', last).executeTakeFirstOrThrow();
      if (headRow.hash !== lastRow.hash) return bad(checked, last, `log_head hash does not match the hash of position ${last}`);
    }
    return { ok: true, checked, head };
  };
  // Inside a caller's transaction its snapshot is the one to verify.
  if (db.isTransaction) return run(db);
  return db.transaction().setIsolationLevel('repeatable read').execute(run);
}

/**
 * The ordered pass: each event's position is the next one and its prev_hash the hash of
 * the event before it. Returns the first break, or undefined.
 */
async function linkPass(trx: DB, from: bigint, startHash: string): Promise<{ position: bigint; rank: number; reason: string } | undefined> {
  const { rows } = await sql<{ position: string; rn: string; linked: boolean }>`
    select position::text as position, rn::text as rn, prev_hash is not distinct from before as linked from (
      select position, prev_hash, lag(hash, 1, ${startHash}) over w as before, row_number() over w as rn
      from events where position >= ${from} window w as (order by position)
    ) walk
    where position <> ${from} + rn - 1 or prev_hash is distinct from before
    order by rn limit 1`.execute(trx);
  const row = rows[0];
  if (!row) return undefined;
  const position = BigInt(row.position);
  const expected = from + BigInt(row.rn) - 1n;
  if (position > expected)
    return { position: expected, rank: 0, reason: `position ${expected} is missing (the next stored event is ${position})` };
  if (position < expected)
    return { position: expected, rank: 0, reason: `position ${position} appears again after position ${expected - 1n}` };
  return { position, rank: 1, reason: `prev_hash of position ${position} does not match the hash of the event before it` };
}

/** Whether `data` and `metadata` are still generated from the canonical text, exactly as migration 0022 made them. */
async function jsonbDerived(trx: DB): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_attribute a join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = to_regclass('events') and a.attgenerated = 's' and not a.attisdropped
      and ((a.attname = 'data' and pg_get_expr(d.adbin, d.adrelid) = '(data_canonical)::jsonb')
        or (a.attname = 'metadata' and pg_get_expr(d.adbin, d.adrelid) = '(metadata_canonical)::jsonb'))`.execute(trx);
  return rows[0]!.n === 2;
}

/** The unordered pass, in one scan: the first event with an unknown algorithm, a SHA-256 hash off its text, a jsonb off its text. */
async function contentPass(trx: DB, from: bigint): Promise<ContentPass> {
  const derived = await jsonbDerived(trx);
  const query = (parse: 'cast' | 'safe') => sql<ContentPass>`
    select count(*)::text as n,
      min(position) filter (where hash_alg is distinct from 'sha256' and hash_alg is distinct from 'sm3')::text as bad_alg,
      min(position) filter (where ${SHA256_MISMATCH})::text as bad_hash,
      ${derived ? sql`null` : sql`min(position) filter (where ${JSONB_DIVERGES(parse)})`}::text as bad_jsonb,
      count(*) filter (where hash_alg = 'sm3')::text as sm3
    from events where position >= ${from}`;
  // A chain re-hashed by hand over text that is not JSON makes the cast raise; the safe
  // parse (one subtransaction per event, so serial and slower) then names the event.
  await sql`savepoint content_pass`.execute(trx);
  try {
    const { rows } = await query('cast').execute(trx);
    await sql`release savepoint content_pass`.execute(trx);
    return rows[0]!;
  } catch (err) {
    if ((err as { code?: string }).code !== '22P02') throw err;
    await sql`rollback to savepoint content_pass`.execute(trx);
    const { rows } = await query('safe').execute(trx);
    return rows[0]!;
  }
}

/** SM3 events, which PostgreSQL cannot hash: the stored text hashed here. The first position whose hash does not match. */
async function sm3Pass(trx: DB, from: bigint, batchSize: number): Promise<bigint | undefined> {
  for (let after = from - 1n; ;) {
    const { rows } = await sql<{ position: string; prev_hash: string; hash: string; text: string | null }>`
      select position::text as position, prev_hash, hash, ${HASHED_TEXT} as text
      from events where hash_alg = 'sm3' and position > ${after} order by events.position limit ${batchSize}`.execute(trx);
    for (const r of rows) {
      if (r.text === null || textHash(r.prev_hash, r.text, 'sm3') !== r.hash) return BigInt(r.position);
    }
    if (rows.length < batchSize) return undefined;
    after = BigInt(rows[rows.length - 1]!.position);
  }
}
