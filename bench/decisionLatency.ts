/**
 * decision-latency: how long a person waits for a decision, for one approver alone and
 * under 50 approvers deciding at once. Timed from the HTTP request to the read model showing it: POST
 * /cases/{id}/decisions on the real API (buildApi over the direct backend, listening on
 * a loopback port, signed in as a township committee or county staff) → the Temporal
 * Update `decide` → the validator → the append activity on the project's worker (its own
 * process) → the answer → one read of the `tasks` read model, which must already show
 * the task decided (the projection commits with the append).
 *
 * The cases are probation cases appointed 13 months ago (as `cadreflow demo` backdates
 * its cases), so each has its three check-ins, the democratic rating, the township's
 * recommendation and the county's decision to take, one after another; each approver
 * takes its cases' steps in order, waiting for each task to open in the read model
 * (its inbox) before deciding it. The lone approver comes first, once every case's start
 * has settled (check-in 1 open in the read model: alone means alone), on a worker process
 * just started: its first case is a warm-up and not counted (each of the six steps runs
 * code the one before did not, and its first run in a new process — compiling, the
 * database's first plans of it — took 150–320 ms where the rest took 30–90, and so was
 * the p99, in runs before and after a change alike). In the concurrent phase the
 * first decision of each approver is a warm-up.
 *
 * Baseline: the same number of Updates, one lane alone and then 50 at once, straight
 * from a Temporal client to `bareDecisions` workflows (bench/bare) on a bare worker
 * process, each Update calling one no-op activity — Temporal's own floor for an Update
 * that runs an activity. The same warm-ups are left out on both sides: the lone lane's
 * first six Updates, and the first of each concurrent lane.
 *
 * `temporalStore`: the dev server in memory (the default, as the tests run it) or on a
 * SQLite file as `up` runs it (bench/lib/temporal.ts).
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { DEFAULT_POLICY } from '../domain/policy';
import { addMonths, shanghaiDate } from '../domain/calendar';
import { seedRegistry } from '../client/demo';
import { directBackend } from '../client/backend';
import { buildApi } from '../client/api/server';
import { createUser } from '../client/api/accounts';
import { bareDecideUpdate } from './bare/workflows';
import { projectBundle, bareBundle } from './lib/bundles';
import { createBenchDatabase } from './lib/db';
import { phase, ticker } from './lib/log';
import type { BenchResult } from './lib/results';
import { pool, round, sleep, summarizeLatencies } from './lib/stats';
import { describeStore, startBenchTemporal, type TemporalStore } from './lib/temporal';
import { TaskWatcher } from './lib/taskWatcher';
import { startWorkerProcess, type WorkerProcess } from './lib/workers';
import { cpuMeter, type CpuSplit } from './lib/processCpu';

const NAME = 'decision-latency';
const cpuTotal = (c: CpuSplit): number => round(c.worker + c.temporal + c.postgres + c.client, 1);
const say = (m: string): void => phase(NAME, m);
const PASSWORD = 'bench-password-not-secret';

const STEPS: Array<{ step: string; county: boolean; decision: Record<string, unknown> }> = [
  { step: 'check-in-1', county: false, decision: { rating: 'good', comment: '表现良好' } },
  { step: 'check-in-2', county: false, decision: { rating: 'good', comment: '进入角色快' } },
  { step: 'check-in-3', county: false, decision: { rating: 'adequate', comment: '基层调研待加强' } },
  {
    step: 'democratic-rating',
    county: false,
    decision: { votes: { excellent: 11, competent: 20, basicallyCompetent: 2, notCompetent: 1 } },
  },
  { step: 'township-recommendation', county: false, decision: { outcome: 'confirm', reason: '称职' } },
  { step: 'county-decision', county: true, decision: { outcome: 'confirm', reason: '同意转正' } },
];

export interface DecisionLatencyOptions {
  /** Approvers deciding at once in the concurrent phase. */
  approvers: number;
  casesPerApprover: number;
  /** Cases of the one approver deciding alone (six decisions each, timed), before the concurrent phase; one more warms up. */
  soloCases: number;
  temporalStore?: TemporalStore;
  /** How long an approver looks at an open task before deciding it (ms; default 0: at once). */
  thinkMs?: number;
}

interface Lane {
  township: string;
  cases: Array<{ personId: string; key: string }>;
}

export async function runDecisionLatency(opts: DecisionLatencyOptions): Promise<BenchResult> {
  const store = opts.temporalStore ?? { kind: 'memory' };
  const temporal = await startBenchTemporal(say, store);
  const database = await createBenchDatabase('lat');
  const workers: WorkerProcess[] = [];
  const taskQueue = 'bench-latency-project';
  const bareQueue = 'bench-latency-bare';
  try {
    const [{ path: projectPath }, { path: barePath }] = await Promise.all([projectBundle(), bareBundle()]);
    await seedRegistry(database.db);
    workers.push(
      await startWorkerProcess({
        kind: 'project',
        address: temporal.endpoint.address,
        taskQueue,
        bundlePath: projectPath,
        databaseUrl: database.url,
        identity: 'bench-latency-project',
      }),
    );

    const backend = directBackend({ db: database.db, client: temporal.client, policy: DEFAULT_POLICY, taskQueue });
    const app = await buildApi({
      db: database.db,
      backend,
      temporal: temporal.client,
      logger: pino({ level: 'error' }, pino.destination(2)),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    // One approver per lane; each lane's cases are in one township, decided by that township's committee.
    const townships = (
      await database.db.selectFrom('org_units').select('org_unit_id').where('kind', '=', 'township').orderBy('org_unit_id').execute()
    ).map((r) => r.org_unit_id);
    const login = async (name: string, role: string, townshipId?: string): Promise<string> => {
      await createUser(database.db, { login: name, role, ...(townshipId ? { townshipId } : {}), password: PASSWORD });
      const res = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: name, password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login ${name}: ${res.status} ${await res.text()}`);
      return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    };
    const countyCookie = await login('bench-org', 'county-org-dept');
    const townCookies = new Map<string, string>();
    for (const t of townships) townCookies.set(t, await login(`bench-${t}`, 'township-committee', t));

    // Staff (科员) of each township, promoted on trial 13 months ago.
    const staff = await database.db
      .selectFrom('people')
      .select(['person_id', 'org_unit_id'])
      .where('rank', '=', '科员')
      .where('org_unit_id', 'in', townships)
      .orderBy('person_id')
      .execute();
    const appointedOn = addMonths(shanghaiDate(Date.now()), -13);
    const lane = (a: number, cases: number, prefix: string): Lane => {
      const township = townships[a % townships.length]!;
      const mine = staff.filter((s) => s.org_unit_id === township);
      return {
        township,
        cases: Array.from({ length: cases }, (_, k) => ({
          personId: mine[(Math.floor(a / townships.length) * cases + k) % mine.length]!.person_id,
          key: `${prefix}-${a}-${k}`,
        })),
      };
    };
    // The lone approver's cases first (their own appointment keys), then one lane per concurrent approver.
    const solo = lane(0, opts.soloCases + 1, 'bench-solo');
    const lanes = Array.from({ length: opts.approvers }, (_, a) => lane(a, opts.casesPerApprover, 'bench'));
    const all = [solo, ...lanes];
    const totalCases = all.reduce((n, l) => n + l.cases.length, 0);
    say(`API at ${base}; Temporal ${describeStore(store)}; starting ${totalCases} probation cases appointed ${appointedOn}`);
    const caseIds: string[][] = all.map(() => []);
    const t = ticker(NAME, 'cases started', totalCases);
    await pool(
      all.flatMap((l, a) => l.cases.map((c) => ({ a, c }))),
      16,
      async ({ a, c }) => {
        const res = await fetch(`${base}/cases/probation`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: countyCookie },
          body: JSON.stringify({ personId: c.personId, title: '副镇长', appointedOn, appointmentId: c.key }),
        });
        if (res.status !== 201) throw new Error(`start: ${res.status} ${await res.text()}`);
        caseIds[a]!.push(((await res.json()) as { caseId: string }).caseId);
        t.tick();
      },
    );
    t.done();

    const watcher = new TaskWatcher(database.db);
    // Every case's start (its first appends, its stage, its first task opened) runs on after
    // the API has answered: the lone approver starts once all of it is done, or its
    // decisions would share the cores with the other cases' start and not be alone.
    const settling = ticker(NAME, 'cases with check-in 1 open', totalCases);
    await Promise.all(caseIds.flat().map((id) => watcher.opened(`${id}:check-in-1`).then(() => settling.tick())));
    settling.done();
    /** One approver taking its cases' steps in order; its first `warmups` decisions are not counted. */
    const approve = async (
      l: Lane,
      ids: string[],
      into: { samples: number[]; warmups: number[]; bySteps?: Map<string, number[]> },
      tick: () => void,
      warmups = 1,
    ): Promise<void> => {
      let taken = 0;
      for (const caseId of ids) {
        for (const s of STEPS) {
          const taskId = `${caseId}:${s.step}`;
          await watcher.opened(taskId);
          if (opts.thinkMs) await sleep(opts.thinkMs);
          const cookie = s.county ? countyCookie : townCookies.get(l.township)!;
          const t0 = performance.now();
          const res = await fetch(`${base}/cases/${encodeURIComponent(caseId)}/decisions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie },
            body: JSON.stringify({ step: s.step, decision: s.decision }),
          });
          if (res.status !== 200) throw new Error(`${caseId} ${s.step}: ${res.status} ${await res.text()}`);
          await res.json();
          const row = await database.db.selectFrom('tasks').select('status').where('task_id', '=', taskId).executeTakeFirst();
          const ms = performance.now() - t0;
          if (row?.status !== 'decided')
            throw new Error(`${taskId}: the read model shows ${row?.status ?? 'nothing'} after the decision answered`);
          const warm = taken++ < warmups;
          (warm ? into.warmups : into.samples).push(ms);
          if (!warm) into.bySteps?.set(s.step, [...(into.bySteps.get(s.step) ?? []), ms]);
          tick();
        }
      }
    };

    // The dev server's CPU per decision or Update, phase by phase: what a SQLite file costs it;
    // and every process's, so that a phase that saturates the cores says whose work fills them.
    const serverCpu: Record<string, number> = {};
    const cpuSplit: Record<string, CpuSplit> = {};
    const cpuOf = async (label: string, decisions: number, phaseRun: () => Promise<void>): Promise<void> => {
      const meter = cpuMeter({
        workerPids: () => workers.map((w) => w.pid),
        temporalPid: temporal.endpoint.pid,
        db: database.db,
        databaseName: database.name,
      });
      await meter.start();
      await phaseRun();
      const split = await meter.stop();
      const perDecision = (seconds: number) => round((seconds * 1000) / decisions, 2);
      serverCpu[label] = perDecision(split.temporal);
      cpuSplit[label] = {
        worker: perDecision(split.worker),
        temporal: perDecision(split.temporal),
        postgres: perDecision(split.postgres),
        client: perDecision(split.client),
      };
    };

    // The lone approver's decisions by step too: which steps its slowest decisions are.
    const soloRun = { samples: [] as number[], warmups: [] as number[], bySteps: new Map<string, number[]>() };
    const soloDecisions = (opts.soloCases + 1) * STEPS.length;
    const st = ticker(NAME, 'project decisions, one approver', soloDecisions);
    await cpuOf('projectSolo', soloDecisions, () => approve(solo, caseIds[0]!, soloRun, () => st.tick(), STEPS.length));
    st.done();

    const run = { samples: [] as number[], warmups: [] as number[] };
    const totalDecisions = opts.approvers * opts.casesPerApprover * STEPS.length;
    const dt = ticker(NAME, `project decisions, ${opts.approvers} approvers`, totalDecisions);
    const projectStart = performance.now();
    await cpuOf('projectConcurrent', totalDecisions, () =>
      Promise.all(lanes.map((l, a) => approve(l, caseIds[a + 1]!, run, () => dt.tick()))).then(() => undefined),
    );
    dt.done();
    const projectSeconds = (performance.now() - projectStart) / 1000;
    await app.close();
    await workers.pop()!.stop();

    // ── baseline ──
    workers.push(
      await startWorkerProcess({
        kind: 'bare',
        address: temporal.endpoint.address,
        taskQueue: bareQueue,
        bundlePath: barePath,
        identity: 'bench-latency-bare',
      }),
    );
    const bareLane = async (id: string, updates: number, into: number[], tick: () => void, warmups = 1): Promise<void> => {
      const h = await temporal.client.workflow.start('bareDecisions', { taskQueue: bareQueue, workflowId: id, args: [{ updates }] });
      for (let step = 0; step < updates; step++) {
        const t0 = performance.now();
        await h.executeUpdate(bareDecideUpdate, { args: [{ step }] });
        if (step >= warmups) into.push(performance.now() - t0);
        tick();
      }
    };
    const bareSolo: number[] = [];
    const bst = ticker(NAME, 'bare updates, one lane', soloDecisions);
    await cpuOf('bareSolo', soloDecisions, () => bareLane('bare-decisions/solo', soloDecisions, bareSolo, () => bst.tick(), STEPS.length));
    bst.done();
    const bareSamples: number[] = [];
    const bt = ticker(NAME, `bare updates, ${opts.approvers} lanes`, totalDecisions);
    const bareStart = performance.now();
    await cpuOf('bareConcurrent', totalDecisions, () =>
      Promise.all(
        lanes.map((_, a) => bareLane(`bare-decisions/${a}`, opts.casesPerApprover * STEPS.length, bareSamples, () => bt.tick())),
      ).then(() => undefined),
    );
    bt.done();
    const bareSeconds = (performance.now() - bareStart) / 1000;

    const p1 = summarizeLatencies(soloRun.samples);
    const b1 = summarizeLatencies(bareSolo);
    const p = summarizeLatencies(run.samples);
    const b = summarizeLatencies(bareSamples);
    const where = store.kind === 'memory' ? '' : `; Temporal ${describeStore(store)}`;
    return {
      name: NAME,
      measures: [
        {
          benchmark: NAME,
          metric: `decision p50, 1 approver (ms)`,
          project: p1.p50,
          baseline: b1.p50,
          ratio: round(p1.p50 / b1.p50, 2),
          ratioNote: 'project/bare',
        },
        {
          benchmark: NAME,
          metric: `decision p99, 1 approver (ms)`,
          project: p1.p99,
          baseline: b1.p99,
          ratio: round(p1.p99 / b1.p99, 2),
          ratioNote: 'project/bare',
          goal: 'p99 ≤ 50 ms and ≤ 2× bare',
          met: p1.p99 <= 50 && p1.p99 / b1.p99 <= 2,
          note: `${p1.n} decisions timed alone (HTTP → Update → append → read model)${where}`,
        },
        {
          benchmark: NAME,
          metric: `Temporal server CPU per decision, 1 approver (ms)`,
          project: serverCpu.projectSolo!,
          baseline: serverCpu.bareSolo!,
          ratio: round(serverCpu.projectSolo! / serverCpu.bareSolo!, 2),
          ratioNote: 'project/bare',
          note: `the dev server's user + system CPU over the phase, per decision (the project's include the cases' follow-on steps)${where}`,
        },
        {
          benchmark: NAME,
          metric: `decision p50, ${opts.approvers} approvers (ms)`,
          project: p.p50,
          baseline: b.p50,
          ratio: round(p.p50 / b.p50, 2),
          ratioNote: 'project/bare',
        },
        {
          benchmark: NAME,
          metric: `decision p99, ${opts.approvers} approvers (ms)`,
          project: p.p99,
          baseline: b.p99,
          ratio: round(p.p99 / b.p99, 2),
          ratioNote: 'project/bare',
          goal: 'p99 ≤ 1.0× bare',
          met: p.p99 <= b.p99,
          note: `${p.n} decisions timed (HTTP → Update → append → read model); ${round(p.n / projectSeconds, 1)} vs ${round(b.n / bareSeconds, 1)} decisions/s${where}`,
        },
        {
          benchmark: NAME,
          metric: `CPU per decision, ${opts.approvers} approvers, every process (ms)`,
          project: cpuTotal(cpuSplit.projectConcurrent!),
          baseline: cpuTotal(cpuSplit.bareConcurrent!),
          ratio: round(cpuTotal(cpuSplit.projectConcurrent!) / cpuTotal(cpuSplit.bareConcurrent!), 2),
          ratioNote: 'project/bare',
          note: `worker, Temporal server, PostgreSQL and this process (the API and the approvers) over the phase; by process in details.cpuMsPerDecision${where}`,
        },
      ],
      details: {
        approvers: opts.approvers,
        casesPerApprover: opts.casesPerApprover,
        soloCases: opts.soloCases,
        thinkMs: opts.thinkMs ?? 0,
        temporal: describeStore(store),
        solo: {
          project: p1,
          bare: b1,
          warmups: summarizeLatencies(soloRun.warmups),
          bySteps: Object.fromEntries([...soloRun.bySteps].map(([step, ms]) => [step, summarizeLatencies(ms)])),
        },
        project: p,
        bare: b,
        warmups: summarizeLatencies(run.warmups),
        serverCpuMsPerDecision: serverCpu,
        // ms of CPU per decision by process; `client` is this process: the API and the approvers.
        cpuMsPerDecision: cpuSplit,
        projectSeconds: round(projectSeconds, 1),
        bareSeconds: round(bareSeconds, 1),
      },
    };
  } finally {
    for (const w of workers) await w.stop().catch(() => undefined);
    await temporal.stop();
    await database.drop();
  }
}
