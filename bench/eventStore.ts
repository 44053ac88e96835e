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
 *  - verify: `verifyHashChain` over 1,000,000 events (goal ≤ 4 s), against COPY of the
 *    columns it reads, and the verify as it was before migration 0022 (`runVerify`).
 *    The million events are not appended one by one (that would take most of an hour):
 *    they are computed here with the project's own `hashedText` (checked against
 *    `eventHash`), chained from the genesis hash, and loaded with COPY into a fresh
 *    database's `events` table, and `log_head` is set to the last one — exactly the rows
 *    an append would have written, so the verify walks a genuine chain.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import { readEventsAfter } from '../activities/eventReads';
import { appendBatch, appendToStream, type AppendInput } from '../activities/eventStore';
import { canonicalJson } from '../domain/canonicalJson';
import { eventHash, GENESIS_HASH, hashedText, textHash, verifyHashChain, type HashedEventFields } from '../activities/hashChain';
import { openPgliteDatabase } from '../schema/connect';
import { migrateToLatest } from '../schema/migrate';
import { rebuildReadModels } from '../activities/projections';
import type { DB } from '../schema/db';
import { createBenchDatabase, rawClient } from './lib/db';
import { interleavedAppends, EVENTS_PER_CASE } from './lib/caseEvents';
import { phase, ticker } from './lib/log';
import { profiled, type ProfileSummary } from './lib/profile';
import type { BenchResult, Measure } from './lib/results';
import { median, round } from './lib/stats';
import { copyOut, rawEventRows, RAW_EVENTS_TABLE, scanLog, type RawEventRow } from './lib/rawEvents';
import { runStoreScale } from './eventStoreScale';
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
  /** Rounds of the verify and its baselines (the median is reported). */
  verifyRounds: number;
  /** Only the verify: no appends, no rebuild. */
  verifyOnly: boolean;
  /** Events appended, verified and rebuilt at scale (bench/eventStoreScale.ts); 0: not run. */
  storeEvents: number;
  profile: boolean;
}

const NAME = 'event-store';
const say = (m: string): void => phase(NAME, m);

export async function runEventStore(opts: EventStoreOptions): Promise<BenchResult> {
  const measures: Measure[] = [];
  const details: Record<string, unknown> = { ...opts, eventsPerCase: EVENTS_PER_CASE };
  const profiles: Record<string, ProfileSummary> = {};
  if (!opts.verifyOnly) await runAppends(opts, measures, details, profiles);
  await runVerify(opts, measures, details, profiles);
  if (!opts.verifyOnly && opts.storeEvents > 0) {
    await runStoreScale({ events: opts.storeEvents, batchSize: opts.batchSize, rounds: opts.verifyRounds }, measures, details);
  }
  if (Object.keys(profiles).length) details.profiles = profiles;
  return { name: NAME, measures, details };
}

async function runAppends(
  opts: EventStoreOptions,
  measures: Measure[],
  details: Record<string, unknown>,
  profiles: Record<string, ProfileSummary>,
): Promise<void> {
  /** Runs a timed phase, under a CPU profile (`<file>.cpuprofile`, summed up as `profiles[key]`) with --profile. */
  const phase = async (key: string, file: string, run: () => Promise<number>): Promise<number> => {
    if (!opts.profile) return run();
    const { value, profile } = await profiled(join(resultsDir(), `${file}.cpuprofile`), run);
    profiles[key] = profile;
    return value;
  };
  const database = await createBenchDatabase('es', { max: 4 });
  say(`database ${database.name}`);
  try {
    const db = database.db;
    // raw_events is the baseline's own table, outside the project's typed schema.
    const anyDb = db as unknown as Kysely<{ raw_events: RawEventRow }>;
    await RAW_EVENTS_TABLE.execute(db);

    // ── single appends ──
    const single = interleavedAppends(opts.singleCases, 'single');
    const singleEvents = single.reduce((n, a) => n + a.events.length, 0);
    const singleRows = rawEventRows(single, 0n);
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
    const projSingle = await phase('appendSingle', 'append-single', runProjectSingle);
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
    const concurrentRows = rawEventRows(concurrent, 20_000_000n);
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
    const runProjectConcurrent = (): Promise<number> => timedLanes(appendLanes, (input) => appendToStream(db, input));
    const projConcurrent = await phase('appendConcurrent', 'append-concurrent', runProjectConcurrent);
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
    const batchedRows = rawEventRows(batched, 10_000_000n);
    const rawBatches: RawEventRow[][] = [];
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
    const scanned = await scanLog(db);
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
}

/**
 * The verify against two others over the same log, in turns (median of `rounds`): the
 * verify as it was before migration 0022 (every row read through the driver, its jsonb
 * parsed and encoded again with canonicalJson), and COPY of the columns the verify reads
 * (the stored text, hashes and scalars) out of PostgreSQL and through postgres.js: reading
 * the bytes once, hashing nothing. Then the same on the embedded PGlite (`up --demo`'s
 * database) when the log is demo-sized.
 */
async function runVerify(
  opts: EventStoreOptions,
  measures: Measure[],
  details: Record<string, unknown>,
  profiles: Record<string, ProfileSummary>,
): Promise<void> {
  const rounds = opts.verifyRounds;
  const chainDb = await createBenchDatabase('chain', { max: 2 });
  try {
    say(`verify: generating ${opts.verifyEvents.toLocaleString('en-US')} chained events into ${chainDb.name}`);
    const gen = await loadChain(chainDb.url, opts.verifyEvents);
    details.chainGeneration = gen;
    say(`verify: loaded in ${gen.seconds} s (hashing ${gen.hashSeconds} s); verifying`);
    await sql`vacuum analyze events`.execute(chainDb.db);
    const seconds = { verify: [] as number[], before: [] as number[], copy: [] as number[] };
    let checked = 0;
    for (let r = 1; r <= rounds; r++) {
      let start = performance.now();
      const verify = async () => verifyHashChain(chainDb.db);
      let report;
      if (opts.profile && r === 1) {
        const { value, profile } = await profiled(join(resultsDir(), 'verify.cpuprofile'), verify);
        report = value;
        profiles.verify = profile;
      } else report = await verify();
      seconds.verify.push((performance.now() - start) / 1000);
      if (!report.ok) throw new Error(`the generated chain did not verify: ${report.reason}`);
      checked = report.checked;
      start = performance.now();
      const before = await verifyAsBefore0022(chainDb.db);
      seconds.before.push((performance.now() - start) / 1000);
      if (before !== checked) throw new Error(`the verify as before 0022 checked ${before} events, not ${checked}`);
      start = performance.now();
      await copyOut(chainDb.url);
      seconds.copy.push((performance.now() - start) / 1000);
      say(
        `verify round ${r}/${rounds}: ${seconds.verify.at(-1)!.toFixed(2)} s; before 0022 ${seconds.before.at(-1)!.toFixed(2)} s; COPY ${seconds.copy.at(-1)!.toFixed(2)} s`,
      );
    }
    details.verifySeconds = seconds;
    const verify = median(seconds.verify);
    const before = median(seconds.before);
    const copy = median(seconds.copy);
    const events = checked.toLocaleString('en-US');
    measures.push({
      benchmark: NAME,
      metric: `hash-chain verify, ${events} events (s)`,
      project: round(verify, 2),
      baseline: round(copy, 2),
      ratio: round(verify / copy, 2),
      ratioNote: 'verify/COPY time',
      // A demo-sized log is measured against its own goal: fixed costs dominate it.
      goal: checked >= 1_000_000 ? '1M in ≤ 4 s' : '< 1 s',
      met: checked >= 1_000_000 ? (verify / checked) * 1_000_000 <= 4 : verify < 1,
      note: `median of ${rounds}; ${round(checked / verify, 0)} events/s; baseline: COPY of the columns verify reads (stored text, hashes, scalars) to the client, nothing hashed`,
    });
    measures.push({
      benchmark: NAME,
      metric: `hash-chain verify as before 0022 (jsonb read and re-encoded), ${events} events (s)`,
      project: round(before, 2),
      baseline: round(copy, 2),
      ratio: round(before / copy, 2),
      ratioNote: 'verify/COPY time',
      note: `median of ${rounds}; the walk verifyHashChain did until migration 0022; now/before ${round(verify / before, 2)}`,
    });
    if (opts.verifyEvents <= 50_000) await verifyOnPglite(chainDb.url, rounds, events, measures, details);
  } finally {
    await chainDb.drop();
  }
}

/**
 * verifyHashChain as it was until migration 0022 (commit 7b6f743), kept here as the
 * comparison: pages of rows read through the driver (jsonb parsed, dates and bigints
 * built), each event's hash recomputed with `eventHash` (canonicalJson of the whole event).
 * Returns the events checked; throws at the first break.
 */
async function verifyAsBefore0022(db: DB): Promise<number> {
  const batch = 5000;
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      let prevHash = GENESIS_HASH;
      let expected = 1n;
      let reading = readEventsAfter(trx, 0n, batch);
      for (;;) {
        const rows = await reading;
        if (rows.length === batch) reading = readEventsAfter(trx, rows.at(-1)!.position, batch);
        for (const e of rows) {
          if (e.position !== expected || e.prevHash !== prevHash || eventHash(prevHash, e, e.hashAlgorithm) !== e.hash) {
            throw new Error(`the verify as before 0022 broke at position ${e.position}`);
          }
          prevHash = e.hash;
          expected += 1n;
        }
        if (rows.length < batch) return Number(expected - 1n);
      }
    });
}

/** The same log copied into the embedded PGlite and verified there, now and as before 0022. */
async function verifyOnPglite(
  url: string,
  rounds: number,
  events: string,
  measures: Measure[],
  details: Record<string, unknown>,
): Promise<void> {
  const lite = await openPgliteDatabase();
  const pg = rawClient(url);
  try {
    await migrateToLatest(lite.db);
    say('verify: copying the log into PGlite');
    const rows = await pg`select position::text, stream_id, stream_version, type, data_canonical, metadata_canonical, idempotency_key,
      recorded_at, prev_hash, hash from events order by events.position`;
    for (let i = 0; i < rows.length; i += 1000) {
      const part = rows.slice(i, i + 1000);
      await sql`
        insert into events (position, stream_id, stream_version, type, data_canonical, metadata_canonical,
                            idempotency_key, recorded_at, prev_hash, hash)
        select u.p, u.s, u.v, u.t, u.d, u.m, u.k, u.at, u.ph, u.h
        from unnest(${part.map((r) => r.position)}::bigint[], ${part.map((r) => r.stream_id)}::text[],
                    ${part.map((r) => r.stream_version)}::int[], ${part.map((r) => r.type)}::text[],
                    ${part.map((r) => r.data_canonical)}::text[], ${part.map((r) => r.metadata_canonical)}::text[],
                    ${part.map((r) => r.idempotency_key)}::text[], ${part.map((r) => (r.recorded_at as Date).toISOString())}::timestamptz[],
                    ${part.map((r) => r.prev_hash)}::text[], ${part.map((r) => r.hash)}::text[])
             as u(p, s, v, t, d, m, k, at, ph, h)`.execute(lite.db);
    }
    const last = rows.at(-1)!;
    await sql`update log_head set position = ${last.position}::bigint, hash = ${last.hash} where id = 1`.execute(lite.db);
    const seconds = { verify: [] as number[], before: [] as number[] };
    for (let r = 1; r <= rounds; r++) {
      let start = performance.now();
      const report = await verifyHashChain(lite.db);
      seconds.verify.push((performance.now() - start) / 1000);
      if (!report.ok) throw new Error(`the chain copied into PGlite did not verify: ${report.reason}`);
      start = performance.now();
      await verifyAsBefore0022(lite.db);
      seconds.before.push((performance.now() - start) / 1000);
      say(
        `verify on PGlite round ${r}/${rounds}: ${seconds.verify.at(-1)!.toFixed(2)} s; before 0022 ${seconds.before.at(-1)!.toFixed(2)} s`,
      );
    }
    details.pgliteVerifySeconds = seconds;
    const verify = median(seconds.verify);
    const before = median(seconds.before);
    measures.push({
      benchmark: NAME,
      metric: `hash-chain verify on PGlite, ${events} events (s)`,
      project: round(verify, 2),
      baseline: round(before, 2),
      ratio: round(verify / before, 2),
      ratioNote: 'now/before 0022',
      note: `median of ${rounds}; the embedded database up --demo uses; baseline: the verify as before 0022 on the same PGlite`,
    });
  } finally {
    await pg.end();
    await lite.close();
  }
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
          const dataText = canonicalJson(fields.data);
          const metadataText = canonicalJson(fields.metadata);
          const hash = textHash(prevHash, hashedText(fields, dataText, metadataText));
          // The first events also through eventHash: the rows must be what an append writes.
          if (position <= 100n && hash !== eventHash(prevHash, fields)) throw new Error(`hashedText differs from eventHash at ${position}`);
          hashMs += performance.now() - h0;
          chunk.push(
            [
              position.toString(),
              copyText(fields.streamId),
              String(fields.streamVersion),
              fields.type,
              copyText(dataText),
              copyText(metadataText),
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
      await pg`copy events (position, stream_id, stream_version, type, data_canonical, metadata_canonical, idempotency_key, recorded_at, prev_hash, hash) from stdin`.writable();
    await pipeline(Readable.from(lines()), writable);
    tick.done();
    await pg`update log_head set position = ${position.toString()}, hash = ${prevHash} where id = 1`;
  } finally {
    await pg.end();
  }
  return { events: Number(position), seconds: round((performance.now() - started) / 1000, 1), hashSeconds: round(hashMs / 1000, 1) };
}
