/**
 * event-store: the log's own costs against plain PostgreSQL on the same server.
 *
 *  - append, single and batched: `appendToStream` / `appendBatch` (the path the
 *    `appendEvents` activity takes: the log_head lock, idempotency look-up, version
 *    check, hash chain, insert, read-model projection, one transaction) against INSERTs
 *    of the same rows into a plain table with no constraints, through the same driver:
 *    one statement per append, then one multi-row statement per batch.
 *  - concurrent: 50 async callers each appending its own cases with `appendToStream`,
 *    against 50 callers INSERTing the same rows one statement per append.
 *  - rebuild: `rebuildReadModels` into a scratch schema over the log just appended,
 *    against reading the same events the same way (`readEventsAfter`) without folding.
 *  - verify: `verifyHashChain` over 1,000,000 events (goal ≤ 10 s), against the same
 *    scan without hashing. The million events are not appended one by one (that would
 *    take most of an hour): they are computed here with the project's own `eventHash`,
 *    chained from the genesis hash, and loaded with COPY into a fresh database's
 *    `events` table, and `log_head` is set to the last one — exactly the rows an append
 *    would have written, so the verify walks a genuine chain.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import { readEventsAfter } from '../activities/eventReads';
import { appendBatch, appendToStream, type AppendInput } from '../activities/eventStore';
import { eventHash, GENESIS_HASH, verifyHashChain, type HashedEventFields } from '../activities/hashChain';
import { rebuildReadModels } from '../activities/projections';
import type { DB } from '../schema/db';
import { createBenchDatabase, rawClient } from './lib/db';
import { interleavedAppends, EVENTS_PER_CASE } from './lib/caseEvents';
import { phase, ticker } from './lib/log';
import { profiled, type ProfileSummary } from './lib/profile';
import type { BenchResult, Measure } from './lib/results';
import { round } from './lib/stats';
import { resultsDir } from './lib/results';

export interface EventStoreOptions {
  /** Cases appended one append per transaction (9 appends, 17 events each). */
  singleCases: number;
  /** Cases appended through appendBatch. */
  batchCases: number;
  /** Appends per appendBatch call. */
  batchSize: number;
  /** Cases appended by `appenders` concurrent callers, one appendToStream each. */
  concurrentCases: number;
  appenders: number;
  verifyEvents: number;
  profile: boolean;
}

const NAME = 'event-store';
const say = (m: string): void => phase(NAME, m);

const RAW_TABLE = sql`
  create table raw_events (
    position bigint, stream_id text, stream_version integer, type text, data jsonb, metadata jsonb,
    idempotency_key text, recorded_at timestamptz, prev_hash text, hash text
  )`;

interface Row {
  position: bigint;
  stream_id: string;
  stream_version: number;
  type: string;
  data: unknown;
  metadata: unknown;
  idempotency_key: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

/** The rows the log would hold for these appends (positions from `from`), with placeholder hashes: the raw side computes nothing. */
function rowsOf(inputs: readonly AppendInput[], from: bigint): Row[][] {
  let position = from;
  const at = new Date().toISOString();
  return inputs.map((input) =>
    input.events.map(({ event, metadata }, i) => ({
      position: ++position,
      stream_id: input.streamId,
      stream_version: (input.expectedVersion as number) + i + 1,
      type: event.type,
      data: event.data,
      metadata,
      idempotency_key: `${input.idempotencyKey}#${i}`,
      recorded_at: at,
      prev_hash: GENESIS_HASH,
      hash: GENESIS_HASH,
    })),
  );
}

export async function runEventStore(opts: EventStoreOptions): Promise<BenchResult> {
  const measures: Measure[] = [];
  const details: Record<string, unknown> = { ...opts, eventsPerCase: EVENTS_PER_CASE };
  const profiles: Record<string, ProfileSummary> = {};
  const database = await createBenchDatabase('es', { max: 4 });
  say(`database ${database.name}`);
  try {
    const db = database.db;
    // raw_events is the baseline's own table, outside the project's typed schema.
    const anyDb = db as unknown as Kysely<{ raw_events: Row }>;
    await RAW_TABLE.execute(db);

    // ── single appends ──
    const single = interleavedAppends(opts.singleCases, 'single');
    const singleEvents = single.reduce((n, a) => n + a.events.length, 0);
    const singleRows = rowsOf(single, 0n);
    // Raw first, then the project, then raw again: the mean of the two raw runs cancels drift.
    const rawSingle = async (label: string): Promise<number> => {
      const t = ticker(NAME, `raw single ${label}`, single.length);
      const start = performance.now();
      for (const rows of singleRows) {
        await anyDb.insertInto('raw_events').values(rows).execute();
        t.tick();
      }
      t.done();
      return singleEvents / ((performance.now() - start) / 1000);
    };
    say(`single appends: ${single.length} appends, ${singleEvents} events (${opts.singleCases} cases)`);
    const raw1 = await rawSingle('(1/2)');
    const runProjectSingle = async (): Promise<number> => {
      const t = ticker(NAME, 'project single', single.length);
      const start = performance.now();
      for (const input of single) {
        await appendToStream(db, input);
        t.tick();
      }
      t.done();
      return singleEvents / ((performance.now() - start) / 1000);
    };
    let projSingle: number;
    if (opts.profile) {
      const { value, profile } = await profiled(join(resultsDir(), 'append-single.cpuprofile'), runProjectSingle);
      projSingle = value;
      profiles.appendSingle = profile;
    } else projSingle = await runProjectSingle();
    const raw2 = await rawSingle('(2/2)');
    const rawSingleRate = (raw1 + raw2) / 2;
    measures.push({
      benchmark: NAME,
      metric: 'append, one per transaction (events/s)',
      project: round(projSingle, 0),
      baseline: round(rawSingleRate, 0),
      ratio: round(projSingle / rawSingleRate, 3),
      ratioNote: 'project/raw',
      goal: '≥ 0.7 of raw',
      met: projSingle / rawSingleRate >= 0.7,
      note: `${(singleEvents / single.length).toFixed(2)} events per append`,
    });

    // ── concurrent appends ──
    // Many async callers appending at once (activities of many cases finishing together),
    // each its own cases in order, against the same number of callers INSERTing the same
    // rows one statement per append through the same pool.
    const concurrent = interleavedAppends(opts.concurrentCases, 'concurrent');
    const concurrentEvents = concurrent.reduce((n, a) => n + a.events.length, 0);
    const concurrentRows = rowsOf(concurrent, 20_000_000n);
    const byCaller = <T>(items: readonly T[], streamOf: (item: T, i: number) => string): T[][] => {
      const lanes: T[][] = Array.from({ length: opts.appenders }, () => []);
      const laneOf = new Map<string, number>();
      items.forEach((item, i) => {
        const stream = streamOf(item, i);
        if (!laneOf.has(stream)) laneOf.set(stream, laneOf.size % opts.appenders);
        lanes[laneOf.get(stream)!]!.push(item);
      });
      return lanes;
    };
    const appendLanes = byCaller(concurrent, (a) => a.streamId);
    const rowLanes = byCaller(concurrentRows, (_rows, i) => concurrent[i]!.streamId);
    const timedLanes = async <T>(lanes: T[][], run: (item: T) => Promise<unknown>): Promise<number> => {
      const start = performance.now();
      await Promise.all(
        lanes.map(async (lane) => {
          for (const item of lane) await run(item);
        }),
      );
      return concurrentEvents / ((performance.now() - start) / 1000);
    };
    say(`concurrent appends: ${concurrent.length} appends, ${concurrentEvents} events from ${opts.appenders} callers`);
    const rawConcurrent = (): Promise<number> => timedLanes(rowLanes, (rows) => anyDb.insertInto('raw_events').values(rows).execute());
    const rc1 = await rawConcurrent();
    const projConcurrent = await timedLanes(appendLanes, (input) => appendToStream(db, input));
    const rc2 = await rawConcurrent();
    const rawConcurrentRate = (rc1 + rc2) / 2;
    measures.push({
      benchmark: NAME,
      metric: `append, ${opts.appenders} concurrent appenders (events/s)`,
      project: round(projConcurrent, 0),
      baseline: round(rawConcurrentRate, 0),
      ratio: round(projConcurrent / rawConcurrentRate, 3),
      ratioNote: 'project/raw',
      goal: '≥ 1.0 of raw',
      met: projConcurrent / rawConcurrentRate >= 1.0,
      note: `baseline: ${opts.appenders} callers INSERTing one statement per append`,
    });

    // ── batched appends ──
    const batched = interleavedAppends(opts.batchCases, 'batch');
    const batchedEvents = batched.reduce((n, a) => n + a.events.length, 0);
    const batches: AppendInput[][] = [];
    for (let i = 0; i < batched.length; i += opts.batchSize) batches.push(batched.slice(i, i + opts.batchSize));
    const batchedRows = rowsOf(batched, 10_000_000n);
    const rawBatches: Row[][] = [];
    for (let i = 0; i < batchedRows.length; i += opts.batchSize) rawBatches.push(batchedRows.slice(i, i + opts.batchSize).flat());
    say(`batched appends: ${batches.length} batches of ${opts.batchSize} appends, ${batchedEvents} events`);
    const rawBatched = async (): Promise<number> => {
      const start = performance.now();
      for (const rows of rawBatches) await anyDb.insertInto('raw_events').values(rows).execute();
      return batchedEvents / ((performance.now() - start) / 1000);
    };
    const rb1 = await rawBatched();
    const t = ticker(NAME, 'project batched', batches.length);
    let start = performance.now();
    for (const b of batches) {
      await appendBatch(db, b);
      t.tick();
    }
    t.done();
    const projBatched = batchedEvents / ((performance.now() - start) / 1000);
    const rb2 = await rawBatched();
    const rawBatchedRate = (rb1 + rb2) / 2;
    measures.push({
      benchmark: NAME,
      metric: `append, ${opts.batchSize} appends per transaction (events/s)`,
      project: round(projBatched, 0),
      baseline: round(rawBatchedRate, 0),
      ratio: round(projBatched / rawBatchedRate, 3),
      ratioNote: 'project/raw',
      goal: '≥ 0.5 of raw',
      met: projBatched / rawBatchedRate >= 0.5,
    });

    // ── rebuild ──
    const { n } = await db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .executeTakeFirstOrThrow();
    const logSize = Number(n);
    say(`rebuild: ${logSize} events into a scratch schema`);
    start = performance.now();
    const rebuilt = await rebuildReadModels(db, { schema: 'bench_rebuild' });
    const rebuildRate = rebuilt.events / ((performance.now() - start) / 1000);
    start = performance.now();
    let scanned = 0;
    for (let after = 0n; ;) {
      const rows = await readEventsAfter(db, after, 1000);
      scanned += rows.length;
      if (rows.length < 1000) break;
      after = rows.at(-1)!.position;
    }
    const scanRate = scanned / ((performance.now() - start) / 1000);
    measures.push({
      benchmark: NAME,
      metric: 'read-model rebuild (events/s)',
      project: round(rebuildRate, 0),
      baseline: round(scanRate, 0),
      ratio: round(rebuildRate / scanRate, 3),
      ratioNote: 'rebuild/scan',
      note: `${rebuilt.events} events; baseline reads the same events without folding them`,
    });
    details.logSize = logSize;
  } finally {
    await database.drop();
  }

  // ── verify ──
  const chainDb = await createBenchDatabase('chain', { max: 2 });
  try {
    say(`verify: generating ${opts.verifyEvents.toLocaleString('en-US')} chained events into ${chainDb.name}`);
    const gen = await loadChain(chainDb.url, opts.verifyEvents);
    details.chainGeneration = gen;
    say(`verify: loaded in ${gen.seconds} s (hashing ${gen.hashSeconds} s); verifying`);
    await sql`vacuum analyze events`.execute(chainDb.db);
    const verify = async () => verifyHashChain(chainDb.db);
    let start = performance.now();
    let report;
    if (opts.profile) {
      const { value, profile } = await profiled(join(resultsDir(), 'verify.cpuprofile'), verify);
      report = value;
      profiles.verify = profile;
    } else report = await verify();
    const verifySeconds = (performance.now() - start) / 1000;
    if (!report.ok) throw new Error(`the generated chain did not verify: ${report.reason}`);
    say(`verify: ${report.checked} events in ${verifySeconds.toFixed(1)} s; scanning the same rows without hashing`);
    start = performance.now();
    await scanAll(chainDb.db);
    const scanSeconds = (performance.now() - start) / 1000;
    const perMillion = (verifySeconds / report.checked) * 1_000_000;
    measures.push({
      benchmark: NAME,
      metric: `hash-chain verify, ${report.checked.toLocaleString('en-US')} events (s)`,
      project: round(verifySeconds, 1),
      baseline: round(scanSeconds, 1),
      ratio: round(verifySeconds / scanSeconds, 2),
      ratioNote: 'verify/scan time',
      goal: '1M in ≤ 10 s',
      met: perMillion <= 10,
      note: `${round(report.checked / verifySeconds, 0)} events/s; baseline reads the same rows with readEventsAfter and hashes nothing`,
    });
  } finally {
    await chainDb.drop();
  }
  if (Object.keys(profiles).length) details.profiles = profiles;
  return { name: NAME, measures, details };
}

async function scanAll(db: DB): Promise<number> {
  let n = 0;
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      for (let after = 0n; ;) {
        const rows = await readEventsAfter(trx, after, 1000);
        n += rows.length;
        if (rows.length < 1000) break;
        after = rows.at(-1)!.position;
      }
    });
  return n;
}

/** COPY text format: backslash, tab and newlines escaped. */
const copyText = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/**
 * Computes `count` events of probation-like cases chained with the project's eventHash
 * and streams them into `events` with COPY; then points log_head at the last.
 */
async function loadChain(url: string, count: number): Promise<{ events: number; seconds: number; hashSeconds: number }> {
  const pg = rawClient(url);
  const started = performance.now();
  let hashMs = 0;
  let prevHash = GENESIS_HASH;
  let position = 0n;
  const recordedAt = new Date('2026-06-01T02:00:00.000Z');
  const tick = ticker(NAME, 'chain rows', count, 10_000);
  function* lines(): Generator<string> {
    let chunk: string[] = [];
    for (let c = 0; position < BigInt(count); c++) {
      for (const input of interleavedAppends(1, `chain-${c}`)) {
        input.events.forEach(({ event, metadata }, i) => {
          if (position >= BigInt(count)) return;
          position += 1n;
          const at = new Date(recordedAt.getTime() + Number(position)).toISOString();
          const fields: HashedEventFields = {
            position,
            streamId: input.streamId,
            streamVersion: (input.expectedVersion as number) + i + 1,
            type: event.type,
            data: event.data,
            metadata,
            idempotencyKey: `${input.idempotencyKey}#${i}`,
            recordedAt: at,
          };
          const h0 = performance.now();
          const hash = eventHash(prevHash, fields);
          hashMs += performance.now() - h0;
          chunk.push(
            [
              position.toString(),
              copyText(fields.streamId),
              String(fields.streamVersion),
              fields.type,
              copyText(JSON.stringify(fields.data)),
              copyText(JSON.stringify(fields.metadata)),
              copyText(fields.idempotencyKey),
              at,
              prevHash,
              hash,
            ].join('\t'),
          );
          prevHash = hash;
        });
      }
      if (chunk.length >= 2000) {
        tick.tick(chunk.length);
        yield `${chunk.join('\n')}\n`;
        chunk = [];
      }
    }
    if (chunk.length) {
      tick.tick(chunk.length);
      yield `${chunk.join('\n')}\n`;
    }
  }
  try {
    const writable =
      await pg`copy events (position, stream_id, stream_version, type, data, metadata, idempotency_key, recorded_at, prev_hash, hash) from stdin`.writable();
    await pipeline(Readable.from(lines()), writable);
    tick.done();
    await pg`update log_head set position = ${position.toString()}, hash = ${prevHash} where id = 1`;
  } finally {
    await pg.end();
  }
  return { events: Number(position), seconds: round((performance.now() - started) / 1000, 1), hashSeconds: round(hashMs / 1000, 1) };
}
