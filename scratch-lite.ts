import { sql } from 'kysely';
import { openPgliteDatabase } from './schema/connect';
import { migrateToLatest } from './schema/migrate';
import { canonicalJson } from './activities/canonicalJson';
import { hashedText, textHash, GENESIS_HASH, verifyHashChain } from './activities/hashChain';
import { interleavedAppends } from './bench/lib/caseEvents';

async function main() {
  const lite = await openPgliteDatabase();
  await migrateToLatest(lite.db);
  const N = 14000;
  let prev = GENESIS_HASH;
  let position = 0n;
  const rows: any[] = [];
  for (let c = 0; position < BigInt(N); c++) {
    for (const input of interleavedAppends(1, `c-${c}`)) {
      input.events.forEach(({ event, metadata }, i) => {
        if (position >= BigInt(N)) return;
        position += 1n;
        const f = { position, streamId: input.streamId, streamVersion: (input.expectedVersion as number) + i + 1, type: event.type, idempotencyKey: `${input.idempotencyKey}#${i}`, recordedAt: new Date(1780000000000 + Number(position)).toISOString() };
        const d = canonicalJson(event.data), m = canonicalJson(metadata);
        const h = textHash(prev, hashedText(f as any, d, m));
        rows.push({ ...f, d, m, prev, h });
        prev = h;
      });
    }
  }
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    await sql`insert into events (position, stream_id, stream_version, type, data, metadata, data_canonical, metadata_canonical, idempotency_key, recorded_at, prev_hash, hash)
      select u.p, u.s, u.v, u.t, u.d::jsonb, u.m::jsonb, u.d, u.m, u.k, u.at, u.ph, u.h from unnest(${part.map((r) => r.position.toString())}::bigint[], ${part.map((r) => r.streamId)}::text[], ${part.map((r) => r.streamVersion)}::int[], ${part.map((r) => r.type)}::text[], ${part.map((r) => r.d)}::text[], ${part.map((r) => r.m)}::text[], ${part.map((r) => r.idempotencyKey)}::text[], ${part.map((r) => r.recordedAt)}::timestamptz[], ${part.map((r) => r.prev)}::text[], ${part.map((r) => r.h)}::text[]) as u(p, s, v, t, d, m, k, at, ph, h)`.execute(lite.db);
  }
  await sql`update log_head set position = ${String(N)}::bigint, hash = ${prev} where id = 1`.execute(lite.db);
  const time = async (label: string, q: any) => { const t = performance.now(); const r = await q.execute(lite.db); console.log(label, ((performance.now() - t) / 1000).toFixed(3), String(Object.values(r.rows[0] ?? {})[0])); };
  for (let k = 0; k < 2; k++) {
    let t = performance.now();
    const r = await verifyHashChain(lite.db);
    console.log('verify', ((performance.now() - t) / 1000).toFixed(3), r.ok);
    await time('count', sql`select count(*) from events`);
    await time('link', sql`select count(*) from (select position, prev_hash, lag(hash) over (order by position) b, row_number() over (order by position) rn from events) w where prev_hash is distinct from b`);
    await time('template', sql`select count(*) from events where length('{"data":' || data_canonical || ',"idempotencyKey":' || to_json(idempotency_key)::text || ',"metadata":' || metadata_canonical || ',"position":' || position || ',"recordedAt":"' || to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '","streamId":' || to_json(stream_id)::text || ',"streamVersion":' || stream_version || ',"type":' || to_json(type)::text || '}') > 0`);
    await time('tochar', sql`select count(*) from events where length(to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) > 0`);
    await time('sha', sql`select count(*) from events where length(encode(sha256(convert_to(prev_hash || data_canonical, 'UTF8')), 'hex')) > 0`);
    await time('jsonb', sql`select count(*) from events where data is distinct from data_canonical::jsonb or metadata is distinct from metadata_canonical::jsonb`);
    await time('textread', sql`select position::text, prev_hash, hash, data_canonical, metadata_canonical, stream_id, type, idempotency_key, to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') from events order by events.position`);
  }
  await lite.close();
}
main();
