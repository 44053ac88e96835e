/**
 * event-store at a province's size (`--store-events`, 5,000,000 at `--scale province`):
 * a log of millions of events appended through the project's own path, then verified and
 * rebuilt where it lies — not the generated chain of the verify phase (bench/eventStore.ts),
 * which skips the appends.
 *
 *  - append: probation-like cases (bench/lib/caseEvents.ts), a thousand at a time,
 *    interleaved step by step, through `appendBatch` in batches of `batchSize` appends
 *    (the hash chain, the version checks, the read models, one transaction each). Each
 *    thousand is first INSERTed raw into a plain table in the same batches (the baseline),
 *    then appended, so drift over the long run slows both alike.
 *  - verify: `verifyHashChain` over the whole log, against COPY of the columns it reads;
 *    median of `rounds`.
 *  - rebuild: `rebuildReadModels` into a scratch schema, against reading the same events
 *    without folding them; once each (a rebuild of millions takes minutes).
 *
 * Memory: the bench process's peak resident set (sampled every second; the append runs in
 * it, as in a worker) and the database's size on disk, the events table's share of it.
 */
import { sql, type Kysely } from 'kysely';
import { appendBatch, type AppendInput } from '../activities/eventStore';
import { verifyHashChain } from '../activities/hashChain';
import { rebuildReadModels } from '../activities/projections';
import { createBenchDatabase } from './lib/db';
import { interleavedAppends, EVENTS_PER_CASE } from './lib/caseEvents';
import { copyOut, rawEventRows, RAW_EVENTS_TABLE, scanLog, type RawEventRow } from './lib/rawEvents';
import { phase } from './lib/log';
import type { Measure } from './lib/results';
import { median, round } from './lib/stats';

const NAME = 'event-store';
const say = (m: string): void => phase(NAME, m);
const CASES_PER_CHUNK = 1000;
const MiB = 1024 * 1024;

export interface StoreScaleOptions {
  /** Events to append (rounded up to whole cases). */
  events: number;
  /** Appends per appendBatch call, and rows per raw INSERT batch. */
  batchSize: number;
  /** Rounds of the verify and its COPY baseline. */
  rounds: number;
}

/** Samples the process's resident set every second; `stop` answers its peak in MiB. */
function rssPeak(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 1000);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(peak, process.memoryUsage().rss) / MiB);
    },
  };
}

export async function runStoreScale(opts: StoreScaleOptions, measures: Measure[], details: Record<string, unknown>): Promise<void> {
  const database = await createBenchDatabase('store', { max: 4 });
  const cases = Math.ceil(opts.events / EVENTS_PER_CASE);
  const chunks = Math.ceil(cases / CASES_PER_CHUNK);
  say(
    `store at scale: ${cases.toLocaleString('en-US')} cases, about ${(cases * EVENTS_PER_CASE).toLocaleString('en-US')} events, into ${database.name}`,
  );
  const memory = rssPeak();
  try {
    const db = database.db;
    // raw_events is the baseline's own table, outside the project's typed schema.
    const anyDb = db as unknown as Kysely<{ raw_events: RawEventRow }>;
    await RAW_EVENTS_TABLE.execute(db);

    // ── append ──
    let events = 0;
    const seconds = { project: 0, raw: 0 };
    const started = performance.now();
    let lastSaid = started;
    for (let c = 0; c < chunks; c++) {
      const appends = interleavedAppends(Math.min(CASES_PER_CHUNK, cases - c * CASES_PER_CHUNK), `s${c}`);
      const rows = rawEventRows(appends, BigInt(events));
      const batches: AppendInput[][] = [];
      for (let i = 0; i < appends.length; i += opts.batchSize) batches.push(appends.slice(i, i + opts.batchSize));
      let t = performance.now();
      for (let i = 0; i < rows.length; i += opts.batchSize)
        await anyDb
          .insertInto('raw_events')
          .values(rows.slice(i, i + opts.batchSize).flat())
          .execute();
      seconds.raw += (performance.now() - t) / 1000;
      t = performance.now();
      for (const batch of batches) await appendBatch(db, batch);
      seconds.project += (performance.now() - t) / 1000;
      events += rows.reduce((n, r) => n + r.length, 0);
      if (performance.now() - lastSaid > 30_000 || c === chunks - 1) {
        lastSaid = performance.now();
        say(
          `store at scale: ${events.toLocaleString('en-US')} events appended (${round(events / seconds.project, 0)}/s; raw ${round(events / seconds.raw, 0)}/s; ${round((lastSaid - started) / 60_000, 1)} min)`,
        );
      }
    }
    // The raw table is the baseline's alone: gone before the log is measured on disk and read.
    await sql`drop table raw_events`.execute(db);
    const appendRss = memory.stop();
    const sizes = await sql<{ database: string; events: string }>`
      select pg_database_size(current_database())::text as database, pg_total_relation_size('events')::text as events`.execute(db);
    const diskMiB = {
      database: Math.round(Number(sizes.rows[0]!.database) / MiB),
      events: Math.round(Number(sizes.rows[0]!.events) / MiB),
    };
    const projectRate = events / seconds.project;
    const rawRate = events / seconds.raw;
    measures.push({
      benchmark: NAME,
      metric: `store at scale: ${events.toLocaleString('en-US')} events appended, ${opts.batchSize} appends per transaction (events/s)`,
      project: round(projectRate, 0),
      baseline: round(rawRate, 0),
      ratio: round(projectRate / rawRate, 3),
      ratioNote: 'project/raw',
      note: `${round(seconds.project / 60, 1)} min; baseline: the same rows INSERTed in the same batches into a plain table, chunk by chunk in turns; peak RSS ${appendRss} MiB; on disk ${diskMiB.database} MiB (events ${diskMiB.events} MiB)`,
    });
    details.storeScale = {
      cases,
      events,
      seconds: { project: round(seconds.project, 1), raw: round(seconds.raw, 1) },
      appendRssMiB: appendRss,
      diskMiB,
    };

    // ── verify ──
    await sql`vacuum analyze events`.execute(db);
    const verifySeconds = { verify: [] as number[], copy: [] as number[] };
    const verifyMemory = rssPeak();
    for (let r = 1; r <= opts.rounds; r++) {
      let t = performance.now();
      const report = await verifyHashChain(db);
      verifySeconds.verify.push((performance.now() - t) / 1000);
      if (!report.ok) throw new Error(`the appended log did not verify: ${report.reason}`);
      if (report.checked !== events) throw new Error(`verify checked ${report.checked} events, not the ${events} appended`);
      t = performance.now();
      await copyOut(database.url);
      verifySeconds.copy.push((performance.now() - t) / 1000);
      say(
        `store at scale: verify round ${r}/${opts.rounds}: ${verifySeconds.verify.at(-1)!.toFixed(1)} s; COPY ${verifySeconds.copy.at(-1)!.toFixed(1)} s`,
      );
    }
    const verifyRss = verifyMemory.stop();
    const verify = median(verifySeconds.verify);
    const copy = median(verifySeconds.copy);
    measures.push({
      benchmark: NAME,
      metric: `store at scale: hash-chain verify of the appended ${events.toLocaleString('en-US')} events (s)`,
      project: round(verify, 1),
      baseline: round(copy, 1),
      ratio: round(verify / copy, 2),
      ratioNote: 'verify/COPY time',
      note: `median of ${opts.rounds}; ${round(events / verify, 0)} events/s; peak RSS ${verifyRss} MiB`,
    });

    // ── rebuild ──
    say('store at scale: rebuilding the read models into a scratch schema');
    const rebuildMemory = rssPeak();
    let t = performance.now();
    let lastProgress = t;
    const rebuilt = await rebuildReadModels(db, {
      schema: 'bench_rebuild',
      onProgress: (done, total) => {
        if (performance.now() - lastProgress < 30_000) return;
        lastProgress = performance.now();
        say(`store at scale: rebuilt ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`);
      },
    });
    const rebuildSeconds = (performance.now() - t) / 1000;
    const rebuildRss = rebuildMemory.stop();
    if (rebuilt.events !== events) throw new Error(`the rebuild folded ${rebuilt.events} events, not ${events}`);
    t = performance.now();
    const scanned = await scanLog(db);
    const scanSeconds = (performance.now() - t) / 1000;
    measures.push({
      benchmark: NAME,
      metric: `store at scale: read-model rebuild of ${events.toLocaleString('en-US')} events (events/s)`,
      project: round(rebuilt.events / rebuildSeconds, 0),
      baseline: round(scanned / scanSeconds, 0),
      ratio: round(scanSeconds / rebuildSeconds, 3),
      ratioNote: 'rebuild/scan',
      note: `${round(rebuildSeconds / 60, 1)} min, once; baseline reads the same events without folding them; peak RSS ${rebuildRss} MiB`,
    });
    details.storeScale = {
      ...(details.storeScale as object),
      verifySeconds,
      verifyRssMiB: verifyRss,
      rebuildSeconds: round(rebuildSeconds, 1),
      scanSeconds: round(scanSeconds, 1),
      rebuildRssMiB: rebuildRss,
    };
  } finally {
    await database.drop();
  }
}
