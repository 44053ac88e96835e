/**
 * decision-latency: how long a person waits for a decision, under 50 approvers deciding
 * at once. Timed from the HTTP request to the read model showing it: POST
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
 * (its inbox) before deciding it.
 *
 * Baseline: the same number of Updates, 50 at once, straight from a Temporal client to
 * `bareDecisions` workflows (bench/bare) on a bare worker process, each Update calling
 * one no-op activity — Temporal's own floor for an Update that runs an activity.
 * The first decision of each approver is a warm-up and not counted, on both sides.
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
import { pool, round, summarizeLatencies } from './lib/stats';
import { startBenchTemporal } from './lib/temporal';
import { TaskWatcher } from './lib/taskWatcher';
import { startWorkerProcess, type WorkerProcess } from './lib/workers';

const NAME = 'decision-latency';
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

export async function runDecisionLatency(opts: { approvers: number; casesPerApprover: number }): Promise<BenchResult> {
  const temporal = await startBenchTemporal(say);
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
    const lanes = Array.from({ length: opts.approvers }, (_, a) => {
      const township = townships[a % townships.length]!;
      const mine = staff.filter((s) => s.org_unit_id === township);
      return {
        township,
        cases: Array.from({ length: opts.casesPerApprover }, (_, k) => ({
          personId: mine[(Math.floor(a / townships.length) * opts.casesPerApprover + k) % mine.length]!.person_id,
          key: `bench-${a}-${k}`,
        })),
      };
    });
    const totalCases = opts.approvers * opts.casesPerApprover;
    say(`API at ${base}; starting ${totalCases} probation cases appointed ${appointedOn} for ${opts.approvers} approvers`);
    const caseIds: string[][] = lanes.map(() => []);
    const t = ticker(NAME, 'cases started', totalCases);
    await pool(
      lanes.flatMap((l, a) => l.cases.map((c) => ({ a, c }))),
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
    const samples: number[] = [];
    const warmups: number[] = [];
    const totalDecisions = totalCases * STEPS.length;
    const dt = ticker(NAME, 'project decisions', totalDecisions);
    const projectStart = performance.now();
    await Promise.all(
      lanes.map(async (lane, a) => {
        let first = true;
        for (const caseId of caseIds[a]!) {
          for (const s of STEPS) {
            const taskId = `${caseId}:${s.step}`;
            await watcher.opened(taskId);
            const cookie = s.county ? countyCookie : townCookies.get(lane.township)!;
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
            (first ? warmups : samples).push(ms);
            first = false;
            dt.tick();
          }
        }
      }),
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
    const perLane = opts.casesPerApprover * STEPS.length;
    const handles = await Promise.all(
      lanes.map((_, a) =>
        temporal.client.workflow.start('bareDecisions', {
          taskQueue: bareQueue,
          workflowId: `bare-decisions/${a}`,
          args: [{ updates: perLane }],
        }),
      ),
    );
    const bareSamples: number[] = [];
    const bt = ticker(NAME, 'bare updates', totalDecisions);
    const bareStart = performance.now();
    await Promise.all(
      handles.map(async (h) => {
        for (let step = 0; step < perLane; step++) {
          const t0 = performance.now();
          await h.executeUpdate(bareDecideUpdate, { args: [{ step }] });
          if (step > 0) bareSamples.push(performance.now() - t0);
          bt.tick();
        }
      }),
    );
    bt.done();
    const bareSeconds = (performance.now() - bareStart) / 1000;

    const p = summarizeLatencies(samples);
    const b = summarizeLatencies(bareSamples);
    return {
      name: NAME,
      measures: [
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
          goal: 'p99 ≤ 50 ms',
          met: p.p99 <= 50,
          note: `${p.n} decisions timed (HTTP → Update → append → read model); ${round(p.n / projectSeconds, 1)} vs ${round(b.n / bareSeconds, 1)} decisions/s`,
        },
      ],
      details: {
        approvers: opts.approvers,
        casesPerApprover: opts.casesPerApprover,
        project: p,
        bare: b,
        warmups: summarizeLatencies(warmups),
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
