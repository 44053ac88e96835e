/**
 * memory: a worker's resident memory with N open cases against a bare worker with N
 * open bare workflows, each worker a child process of its own (bench/worker/child.ts)
 * on the run's own Temporal dev server.
 *
 * Project: N probation cases appointed today, so each appends its start and its
 * probation's start, asks for the first check-in day and then waits on a three-month
 * timer — an open case between steps. Bare: N `bareWaiting` workflows doing three no-op
 * activities, setting the same search attribute, then waiting on a 90-day timer.
 * RSS is read from /proc after a GC in the child, once the worker is ready (idle) and
 * once every workflow waits. The worker's sticky cache (the SDK's default, from the
 * heap limit) bounds how many of them stay in memory; it is reported beside the numbers.
 */
import { DEFAULT_POLICY } from '../domain/policy';
import { shanghaiDate } from '../domain/calendar';
import { seedRegistry } from '../client/demo';
import { startProbation } from '../client/probationService';
import { projectBundle, bareBundle } from './lib/bundles';
import { createBenchDatabase } from './lib/db';
import { phase, ticker } from './lib/log';
import type { BenchResult } from './lib/results';
import { round, pool, sleep } from './lib/stats';
import { startBenchTemporal, type BenchTemporal } from './lib/temporal';
import { startWorkerProcess, type WorkerProcess } from './lib/workers';

const NAME = 'memory';
const say = (m: string): void => phase(NAME, m);

interface Side {
  idleMiB: number;
  openMiB: number;
  heapUsedMiB: number;
  perThousandMiB: number;
  startSeconds: number;
  maxCachedWorkflows: number | undefined;
}

async function waitForCount(temporal: BenchTemporal, query: string, want: number, label: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const { count } = await temporal.client.workflow.count(query);
    if (count !== last) say(`${label}: ${count}/${want} waiting`);
    last = count;
    if (count >= want) return;
    if (Date.now() > deadline) throw new Error(`${label}: only ${count} of ${want} reached their wait in ${timeoutMs / 1000} s`);
    await sleep(2000);
  }
}

async function settle(worker: WorkerProcess): Promise<{ rss: number; heapUsed: number }> {
  // A few seconds for the last activities and task completions, then the child's own figures after a GC.
  await sleep(3000);
  const mem = await worker.memory();
  return { rss: worker.rssMiB(), heapUsed: mem.heapUsed };
}

export async function runMemory(opts: { cases: number }): Promise<BenchResult> {
  const n = opts.cases;
  const temporal = await startBenchTemporal(say);
  const database = await createBenchDatabase('mem');
  const workers: WorkerProcess[] = [];
  try {
    const [{ path: projectPath }, { path: barePath }] = await Promise.all([projectBundle(), bareBundle()]);
    const registry = await seedRegistry(database.db);
    say(`registry seeded (${registry.events} events); server ${temporal.endpoint.address}`);
    const people = await database.db
      .selectFrom('people')
      .select('person_id')
      .where('current_assignment_id', 'is not', null)
      .orderBy('person_id')
      .execute();
    const today = shanghaiDate(Date.now());

    // ── project ──
    const projectQueue = 'bench-memory-project';
    const pw = await startWorkerProcess({
      kind: 'project',
      address: temporal.endpoint.address,
      taskQueue: projectQueue,
      bundlePath: projectPath,
      databaseUrl: database.url,
      identity: 'bench-memory-project',
    });
    workers.push(pw);
    const pIdle = await settle(pw);
    say(`project worker pid ${pw.pid}: ${pIdle.rss} MiB idle; starting ${n} probation cases`);
    let start = performance.now();
    let t = ticker(NAME, 'project cases started', n);
    await pool(
      Array.from({ length: n }, (_, i) => i),
      32,
      async (i) => {
        const person = people[i % people.length]!.person_id;
        await startProbation(
          temporal.client,
          database.db,
          DEFAULT_POLICY,
          { personId: person, title: '副镇长', appointedOn: today, appointmentId: `bench-${i}` },
          projectQueue,
        );
        t.tick();
      },
    );
    t.done();
    await waitForCount(temporal, `WorkflowType = 'probation' AND Stage = 'on-probation'`, n, 'project', Math.max(600_000, n * 200));
    const pStart = (performance.now() - start) / 1000;
    const pOpen = await settle(pw);
    say(`project: ${pOpen.rss} MiB with ${n} open cases (heap ${pOpen.heapUsed} MiB)`);
    await pw.stop();

    // ── bare ──
    const bareQueue = 'bench-memory-bare';
    const bw = await startWorkerProcess({
      kind: 'bare',
      address: temporal.endpoint.address,
      taskQueue: bareQueue,
      bundlePath: barePath,
      identity: 'bench-memory-bare',
    });
    workers.push(bw);
    const bIdle = await settle(bw);
    say(`bare worker pid ${bw.pid}: ${bIdle.rss} MiB idle; starting ${n} bare workflows`);
    start = performance.now();
    t = ticker(NAME, 'bare workflows started', n);
    await pool(
      Array.from({ length: n }, (_, i) => i),
      32,
      async (i) => {
        await temporal.client.workflow.start('bareWaiting', {
          taskQueue: bareQueue,
          workflowId: `bare-waiting/${i}`,
          args: [{ activities: 3, waitDays: 90 }],
        });
        t.tick();
      },
    );
    t.done();
    await waitForCount(temporal, `WorkflowType = 'bareWaiting' AND Stage = 'waiting'`, n, 'bare', Math.max(600_000, n * 200));
    const bStart = (performance.now() - start) / 1000;
    const bOpen = await settle(bw);
    say(`bare: ${bOpen.rss} MiB with ${n} open workflows (heap ${bOpen.heapUsed} MiB)`);
    await bw.stop();

    const side = (idle: { rss: number }, open: { rss: number; heapUsed: number }, secs: number, w: WorkerProcess): Side => ({
      idleMiB: idle.rss,
      openMiB: open.rss,
      heapUsedMiB: open.heapUsed,
      perThousandMiB: round(((open.rss - idle.rss) / n) * 1000, 1),
      startSeconds: round(secs, 1),
      maxCachedWorkflows: w.maxCachedWorkflows,
    });
    const project = side(pIdle, pOpen, pStart, pw);
    const bare = side(bIdle, bOpen, bStart, bw);
    const cached = Math.min(n, project.maxCachedWorkflows ?? n);
    return {
      name: NAME,
      measures: [
        {
          benchmark: NAME,
          metric: `worker RSS, ${n.toLocaleString('en-US')} open cases (MiB)`,
          project: project.openMiB,
          baseline: bare.openMiB,
          ratio: round(project.openMiB / bare.openMiB, 2),
          ratioNote: 'project/bare',
          note: `idle ${project.idleMiB} vs ${bare.idleMiB} MiB; growth per 1,000 open ${project.perThousandMiB} vs ${bare.perThousandMiB} MiB; sticky cache ${project.maxCachedWorkflows} workflows (${cached} of ${n} cached)`,
        },
        {
          benchmark: NAME,
          metric: `cases opened (cases/s, start to waiting)`,
          project: round(n / project.startSeconds, 1),
          baseline: round(n / bare.startSeconds, 1),
          ratio: round(bare.startSeconds / project.startSeconds, 3),
          ratioNote: 'project/bare',
        },
      ],
      details: { cases: n, project, bare },
    };
  } finally {
    for (const w of workers) await w.stop().catch(() => undefined);
    await temporal.stop();
    await database.drop();
  }
}
