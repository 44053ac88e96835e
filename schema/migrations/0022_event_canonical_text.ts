import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { canonicalJson } from '../../domain/canonicalJson';
import * as m0016 from './0016_append_function';

/**
 * Each event keeps the exact bytes of its `data` and `metadata` that the hash chain hashed
 * (`data_canonical`, `metadata_canonical`: canonicalJson's output), and `data` and
 * `metadata` become columns the database generates from them (`data_canonical::jsonb`), so
 * the jsonb every reader reads can never differ from the text the hash covers. `audit
 * verify` hashes the stored text instead of parsing jsonb and encoding it again
 * (docs/audit.md, "Hash chain"). The hash definition does not change: the hashed text is
 *   prevHash || '\n' || '{"data":D,"idempotencyKey":K,"metadata":M,"position":P,
 *   "recordedAt":"T","streamId":S,"streamVersion":V,"type":Y}'
 * and D and M are now these two columns, byte for byte.
 *
 * Existing rows are filled by the function verify used until now (canonicalJson of the
 * jsonb as the driver reads it), and the fill is then proven before anything else
 * changes: every event whose verdict the new check would change — its hash recomputed
 * from the stored text no longer matching, or the jsonb cast from the text no longer the
 * jsonb it had, although the old recomputation matches — fails the migration, which then
 * changes nothing (it runs in one transaction).
 */

const BATCH = 2000;

/** The hashed text from the columns, in SQL: the same template as append_events (0016) and `hashedText`. */
const HASHED_TEXT = sql`'{"data":' || data_canonical
  || ',"idempotencyKey":' || to_json(idempotency_key)::text
  || ',"metadata":' || metadata_canonical
  || ',"position":' || position
  || ',"recordedAt":"' || to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  || '","streamId":' || to_json(stream_id)::text
  || ',"streamVersion":' || stream_version
  || ',"type":' || to_json(type)::text || '}'`;

interface StoredRow {
  position: bigint | string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: unknown;
  metadata: unknown;
  idempotency_key: string;
  recorded_at: Date | string;
  prev_hash: string;
  hash: string;
  hash_alg: string;
}

/** What the hash was checked against before this migration: canonicalJson of the event as read back. */
function oldVerdict(r: StoredRow): boolean {
  if (r.hash_alg !== 'sha256' && r.hash_alg !== 'sm3') return false;
  const canonical = canonicalJson({
    position: BigInt(r.position),
    streamId: r.stream_id,
    streamVersion: r.stream_version,
    type: r.type,
    data: r.data,
    metadata: r.metadata,
    idempotencyKey: r.idempotency_key,
    recordedAt: new Date(r.recorded_at).toISOString(),
  });
  return createHash(r.hash_alg).update(`${r.prev_hash}\n${canonical}`, 'utf8').digest('hex') === r.hash;
}

// Migrations take `Kysely<any>`: they must keep working after `schema/db.ts` moves on.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table events add column data_canonical text, add column metadata_canonical text`.execute(db);

  // The fill rewrites every row once: the append-only guard is off for it, inside the migration's transaction.
  await sql`alter table events disable trigger events_no_update_delete`.execute(db);
  for (let after: bigint | string = 0n; ;) {
    const rows = await db
      .selectFrom('events')
      .select(['position', 'data', 'metadata'])
      .where('position', '>', after)
      .orderBy('position')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    const positions = rows.map((r) => String(r.position));
    const data = rows.map((r) => canonicalJson(r.data));
    const metadata = rows.map((r) => canonicalJson(r.metadata));
    await sql`
      update events e set data_canonical = u.d, metadata_canonical = u.m
      from unnest(${positions}::bigint[], ${data}::text[], ${metadata}::text[]) as u(p, d, m)
      where e.position = u.p`.execute(db);
    after = rows[rows.length - 1]!.position as bigint | string;
    if (rows.length < BATCH) break;
  }
  await sql`alter table events enable trigger events_no_update_delete`.execute(db);
  await sql`alter table events alter column data_canonical set not null, alter column metadata_canonical set not null`.execute(db);

  // The proof. SHA-256 events are rehashed in SQL from the stored text; SM3 ones (PostgreSQL
  // has no SM3) in Node from the same template.
  const suspects = new Set<string>();
  const sha = await sql<{ position: string }>`
    select position::text as position from events
    where (hash_alg = 'sha256' and hash is distinct from encode(sha256(convert_to(prev_hash || E'\n' || ${HASHED_TEXT}, 'UTF8')), 'hex'))
       or data is distinct from data_canonical::jsonb or metadata is distinct from metadata_canonical::jsonb`.execute(db);
  for (const r of sha.rows) suspects.add(r.position);
  const sm3 = await sql<{ position: string; prev_hash: string; hash: string; text: string }>`
    select position::text as position, prev_hash, hash, ${HASHED_TEXT} as text from events where hash_alg = 'sm3'`.execute(db);
  for (const r of sm3.rows) {
    if (createHash('sm3').update(`${r.prev_hash}\n${r.text}`, 'utf8').digest('hex') !== r.hash) suspects.add(r.position);
  }
  for (const position of suspects) {
    const row = (await db.selectFrom('events').selectAll().where('position', '=', position).executeTakeFirstOrThrow()) as StoredRow;
    // Already broken before: verify reports it as it did. Intact before but not now: the fill is wrong.
    if (oldVerdict(row)) {
      throw new Error(
        `0022: the canonical text stored for position ${position} does not verify although the event does; nothing was changed`,
      );
    }
  }

  // For verify, when a cast would raise: whether a text parses to this jsonb (false when it is not JSON at all).
  await sql`
    create function events_text_is_jsonb(p_text text, p_value jsonb) returns boolean language plpgsql immutable as $$
    begin
      return p_text::jsonb is not distinct from p_value;
    exception when invalid_text_representation then
      return false;
    end
    $$`.execute(db);

  // From here the jsonb is the text's: generated, so no writer (nor a tamperer short of
  // altering the table, which verify checks) can set one without the other.
  await sql`
    alter table events
      drop column data,
      drop column metadata,
      add column data jsonb not null generated always as (data_canonical::jsonb) stored,
      add column metadata jsonb not null generated always as (metadata_canonical::jsonb) stored`.execute(db);

  // append_events stores the text it hashes, and data/metadata cast from that same text.
  await sql`drop function append_events(jsonb, timestamptz, text)`.execute(db);
  await m0016.up(db, { storeCanonical: true });
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function append_events(jsonb, timestamptz, text)`.execute(db);
  await m0016.up(db);
  await sql`drop function events_text_is_jsonb(text, jsonb)`.execute(db);
  await sql`
    alter table events
      alter column data drop expression,
      alter column metadata drop expression,
      alter column metadata set default '{}'::jsonb,
      drop column data_canonical,
      drop column metadata_canonical`.execute(db);
}
