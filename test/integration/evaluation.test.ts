/**
 * An evaluation round over one township of the demo county, end to end on the real
 * Temporal dev server and a real PostgreSQL: started with `cadreflow evaluation start`,
 * every cadre assessed by the township committee, every unit graded by the county (over
 * quota refused with the numbers), the dashboard read with `cadreflow evaluation status`.
 *
 * The worker runs in this process with the evaluation's activities beside the kit's;
 * once `cadreflow worker` registers them (worker/worker.ts), this suite can start it as
 * a child process instead, like cli.test.ts.
 *
 * The committee's meeting, its 优秀 notice and the written notifications are recorded
 * afterwards with their real days (weeks ago), as an office keying in paper records
 * does: the notice's 5 working days and the 30-day review window are then over, so every
 * grade becomes final without waiting. One cadre is notified today and asks for a review
 * within the open window; once the county has decided it, she appeals (申诉) within the
 * appeal window that opens, through `cadreflow evaluation appeal-request`, and the county
 * decides that too. How the waits run in real time, test/workflow/evaluation.test.ts shows
 * on the time-skipping server.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Actor } from '../../domain/actors';
import { DEFAULT_POLICY } from '../../domain/policy';
import { addDays, shanghaiDate } from '../../domain/calendar';
import { evaluationYearFor } from '../../domain/evaluationRound';
import type { RatingVotes } from '../../domain/democraticRating';
import type { Grade } from '../../domain/grades';
import { createActivities } from '../../activities';
import { createEvaluationActivities } from '../../activities/evaluation';
import { verifyHashChain } from '../../activities/hashChain';
import { diffReadModels, rebuildReadModels } from '../../activities/projections';
import { directBackend, type Backend } from '../../client/backend';
import { evaluationBackend } from '../../client/commands/evaluationBackend';
import { encryptingDataConverter } from '../../client/codec';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { cli, committee as committeeLogin, createCliAccounts, runCli, STAFF } from '../support/cli';
import { eventCount, eventually, testDeadline } from '../support/cases';

const TASK_QUEUE = `evaluation-${process.pid}`;
const TOWNSHIP = 'ts-04';
const ROUND = `evaluation-round/2026/${TOWNSHIP}`;
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
const committee: Actor = { id: `${TOWNSHIP}-committee`, role: 'township-committee', townshipId: TOWNSHIP };

let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let connection: Connection;
let nativeConnection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let backend: Backend;
let client: Client;

/** One query for every step being waited for: seventy cadres polled one by one would crowd a small machine. */
const waiters = new Map<string, Array<() => void>>();
let polling: Promise<void> | undefined;
function waitForOpen(caseId: string, step: string): Promise<void> {
  const taskId = `${caseId}:${step}`;
  const opened = new Promise<void>((resolve) => waiters.set(taskId, [...(waiters.get(taskId) ?? []), resolve]));
  polling ??= (async () => {
    while (waiters.size > 0) {
      const rows = await database.db
        .selectFrom('tasks')
        .select('task_id')
        .where('task_id', 'in', [...waiters.keys()])
        .where('status', '=', 'pending')
        .execute();
      for (const { task_id } of rows) {
        for (const resolve of waiters.get(task_id) ?? []) resolve();
        waiters.delete(task_id);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    polling = undefined;
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${taskId} to open`)), testDeadline() - Date.now());
  });
  return Promise.race([opened, timeout]).finally(() => clearTimeout(timer));
}

async function decide(caseId: string, step: string, actor: Actor, decision: unknown): Promise<void> {
  await waitForOpen(caseId, step);
  await backend.decide(caseId, step, actor, decision);
}

const EXCELLENT_VOTES: RatingVotes = { excellent: 22, competent: 6, basicallyCompetent: 1, notCompetent: 0 };
const PLAIN_VOTES: RatingVotes = { excellent: 6, competent: 17, basicallyCompetent: 5, notCompetent: 1 };

beforeAll(async () => {
  database = await createTestDatabase();
  const address = inject('temporalAddress');
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-evaluation-'));
  env = {
    ...process.env,
    TEMPORAL_ADDRESS: address,
    DATABASE_URL: database.url,
    CADREFLOW_TASK_QUEUE: TASK_QUEUE,
    CADREFLOW_DATA_DIR: dataDir,
    CADREFLOW_USER: STAFF,
    LOG_LEVEL: 'warn',
  };
  await createCliAccounts(database.db, [TOWNSHIP]);
  // The commands seal payloads with the data folder's keyring; this worker and client use the same.
  const dataConverter = encryptingDataConverter({ dataDir });
  nativeConnection = await NativeConnection.connect({ address });
  worker = await Worker.create({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue: TASK_QUEUE,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: { ...createActivities({ db: database.db }), ...createEvaluationActivities({ db: database.db }) },
    maxConcurrentActivityTaskExecutions: 50,
    dataConverter,
  });
  running = worker.run();
  connection = await Connection.connect({ address });
  client = new Client({ connection, dataConverter });
  backend = directBackend({ db: database.db, client, policy: DEFAULT_POLICY, taskQueue: TASK_QUEUE });
  expect(await cli(['demo'], env)).toMatch(/registry: 2311 events appended/);
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await nativeConnection?.close();
  await connection?.close();
  await database?.drop();
});

describe('an evaluation round over one township', () => {
  it('starts once, assesses every cadre, grades every unit within the quota, makes every grade final, and shows the dashboard', async () => {
    const t0 = Date.now();
    const today = shanghaiDate(t0);
    const gradedOn = addDays(today, -70);
    const noticePostedOn = addDays(today, -69);
    const notifiedOn = addDays(today, -40);
    const started = await cli(['evaluation', 'start', '--year', '2026', '--township', TOWNSHIP], env);
    const cadres = await database.db
      .selectFrom('evaluation_cadres')
      .selectAll()
      .where('round_id', '=', ROUND)
      .orderBy('person_id')
      .execute();
    const n = cadres.length;
    expect(n).toBe(69);
    expect(started).toContain(`started ${ROUND}`);
    expect(started).toMatch(new RegExp(`started ${n}/${n} cases`));
    expect(started).toMatch(
      new RegExp(
        `${ROUND}: ${n} cases started, 0 already assessed by another round, in [\\d.]+ s; units: ts-04/township: 34 assessed, ≤ 6 优秀; ts-04/villages: 35 assessed, ≤ 7 优秀`,
      ),
    );
    const tStarted = Date.now();

    // Again: nothing new — no round, no case, no start event.
    expect((await cli(['evaluation', 'start', '--year', '2026', '--township', TOWNSHIP], env)).trim()).toBe(
      `${ROUND} already exists; nothing started (${n} cases)`,
    );
    const starts = await database.db
      .selectFrom('events')
      .select(['type', (eb) => eb.fn.countAll<bigint>().as('n')])
      .where('type', 'in', ['EvaluationRoundStarted', 'EvaluationRoundCasesStarted', 'EvaluationStarted'])
      .groupBy('type')
      .orderBy('type')
      .execute();
    expect(starts.map((r) => [r.type, Number(r.n)])).toEqual([
      ['EvaluationRoundCasesStarted', 1],
      ['EvaluationRoundStarted', 1],
      ['EvaluationStarted', n],
    ]);
    const cases = await database.db.selectFrom('cases').select('case_id').where('kind', 'in', ['evaluation', 'evaluation-round']).execute();
    expect(cases).toHaveLength(n + 1);

    // The township committee's five steps for each cadre. The first ten village cadres
    // and the first six of the township's own have ≥ 90% competent votes; the township
    // recommends 优秀 for as many as the quota allows.
    const township = cadres.filter((c) => c.unit_kind === 'organ');
    const villages = cadres.filter((c) => c.unit_kind === 'village');
    expect([township.length, villages.length]).toEqual([34, 35]);
    const plan = new Map<string, { votes: RatingVotes; recommended: Grade }>();
    township.forEach((c, i) =>
      plan.set(c.case_id, {
        votes: i < 6 ? EXCELLENT_VOTES : PLAIN_VOTES,
        recommended: i < 6 ? 'excellent' : i === 6 ? 'basically-competent' : 'competent',
      }),
    );
    villages.forEach((c, i) =>
      plan.set(c.case_id, { votes: i < 10 ? EXCELLENT_VOTES : PLAIN_VOTES, recommended: i < 7 ? 'excellent' : 'competent' }),
    );
    await Promise.all(
      cadres.map(async (c) => {
        const { votes, recommended } = plan.get(c.case_id)!;
        await decide(c.case_id, 'self-summary', committee, { summary: '2026年度个人总结' });
        await decide(c.case_id, 'democratic-rating', committee, { meeting: { present: 29, due: 31 }, votes });
        await decide(c.case_id, 'quantified-score', committee, { supervisor: 86, staff: 88.5, assessmentTeam: 90, bonus: 1.5 });
        await decide(c.case_id, 'supervisor-comment', committee, { comment: '认真履职', proposedGrade: recommended });
        await decide(c.case_id, 'township-recommendation', committee, { grade: recommended, reason: '' });
      }),
    );
    const tAssessed = Date.now();

    // The committee: one 优秀 over the villages' quota is refused with the numbers, and nothing is written.
    // Both units' tasks open; the round then waits for the committee and writes nothing by itself.
    await Promise.all([waitForOpen(ROUND, 'committee:ts-04/villages'), waitForOpen(ROUND, 'committee:ts-04/township')]);
    const overQuota = Object.fromEntries(villages.map((c, i) => [c.person_id, i < 8 ? 'excellent' : 'competent']));
    const roundEvents = await eventCount(database.db, ROUND);
    const refused = await runCli(
      ['decide', ROUND, 'committee:ts-04/villages', '--user', STAFF, '--data', JSON.stringify({ grades: overQuota })],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'cadreflow: refused (OverQuota): ts-04/villages: 7 优秀 of 35 allowed (20%); a proposal of 8 is over quota by 1 (allowed = floor(35 × 20 / 100) = 7); ' +
        'an approval (quotaApproval) may raise it to 25%: floor(35 × 25 / 100) = 8\n' +
        // A procedure's own reason: the general words in Chinese, the reason named.
        'cadreflow: 未被受理，未记录任何内容（OverQuota）',
    );
    expect(await eventCount(database.db, ROUND)).toBe(roundEvents);
    // An approval may raise the quota only as far as the policy allows (25%); half an approval is no approval.
    const eight = villages.slice(0, 8).flatMap((c) => ['--set', `${c.person_id}=excellent`]);
    const grade = (...flags: string[]) =>
      runCli(['evaluation', 'grade', ROUND, 'ts-04/villages', '--user', STAFF, '--accept-recommended', ...eight, ...flags], env);
    const [tooHigh, halfApproval] = await Promise.all([
      grade('--approval-percent', '26', '--approval-reference', '县委组字〔2026〕12号'),
      grade('--approval-percent', '25'),
    ]);
    expect(tooHigh.code).toBe(1);
    expect(tooHigh.stderr.trim()).toBe(
      'cadreflow: refused (MalformedDecision): step "committee:ts-04/villages": ts-04/villages: quotaApproval.percent 26 is above 25%, the most an approval may raise the 优秀 quota to\n' +
        'cadreflow: 未被受理：填写的内容不符合要求，未记录',
    );
    expect(halfApproval.code).toBe(1);
    expect(halfApproval.stderr.trim()).toBe('cadreflow: an approval needs both --approval-percent and --approval-reference');
    expect(await eventCount(database.db, ROUND)).toBe(roundEvents);
    // Within it, the township's recommendations as they stand, recorded with the meeting's day.
    expect(
      await cli(
        [
          'evaluation',
          'grade',
          ROUND,
          'ts-04/villages',
          '--user',
          STAFF,
          '--accept-recommended',
          '--graded-on',
          gradedOn,
          '--notice-posted-on',
          noticePostedOn,
        ],
        env,
      ),
    ).toMatch(/graded ts-04\/villages: 35 cadres, 7 优秀/);
    const grades = Object.fromEntries(township.map((c) => [c.person_id, plan.get(c.case_id)!.recommended]));
    await backend.decide(ROUND, 'committee:ts-04/township', county, { grades, gradedOn, noticePostedOn });

    await eventually(
      async () => {
        const rows = await database.db
          .selectFrom('evaluation_cadres')
          .select('case_id')
          .where('round_id', '=', ROUND)
          .where('grade_status', '=', 'pending')
          .execute();
        return rows.length === 0 ? true : undefined;
      },
      'every grade fixed',
      30_000,
    );
    const tGraded = Date.now();

    // Written notification, dated weeks ago, for everyone but one, whose letter is today's
    // and who asks for a review. The 优秀 notice, posted 69 days ago, is over already.
    const reviewer = cadres.find((c) => plan.get(c.case_id)!.recommended === 'basically-competent')!;
    const first = cadres.find((c) => c !== reviewer)!;
    // A letter cannot predate the meeting that fixed the grade; refused, nothing written.
    await waitForOpen(first.case_id, 'notification');
    const before = await eventCount(database.db, first.case_id);
    const early = await runCli(
      [
        'decide',
        first.case_id,
        'notification',
        '--user',
        committeeLogin(TOWNSHIP),
        '--data',
        JSON.stringify({ method: 'post', notifiedOn: addDays(gradedOn, -1) }),
      ],
      env,
    );
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(
      /refused \(MalformedDecision\): step "notification": notifiedOn \d{4}-\d{2}-\d{2} is before \d{4}-\d{2}-\d{2}, the first day the grade could be notified/,
    );
    expect(await eventCount(database.db, first.case_id)).toBe(before);
    await Promise.all(
      cadres.filter((c) => c !== reviewer).map((c) => decide(c.case_id, 'notification', committee, { method: 'in-person', notifiedOn })),
    );
    await decide(reviewer.case_id, 'notification', committee, { method: 'in-person' });
    await eventually(
      async () =>
        (await database.db.selectFrom('evaluation_cadres').select('notified_on').where('case_id', '=', reviewer.case_id).executeTakeFirst())
          ?.notified_on
          ? true
          : undefined,
      'the notification',
    );
    await evaluationBackend
      .create({ db: database.db, client, policy: DEFAULT_POLICY, taskQueue: TASK_QUEUE })
      .requestReview(reviewer.case_id, committee, '对测评结果有异议');
    await waitForOpen(ROUND, `review:${reviewer.person_id}`);
    await backend.decide(ROUND, `review:${reviewer.person_id}`, county, { outcome: 'upheld', reason: '经复核维持原等次' });
    // The decided review opens the appeal window (15 days): her grade stands only once an
    // appeal is decided or the window is over, so she appeals and the county decides it.
    await eventually(
      async () =>
        (await database.db.selectFrom('cases').select('stage').where('case_id', '=', reviewer.case_id).executeTakeFirst())?.stage ===
        'appeal-window'
          ? true
          : undefined,
      'the appeal window',
    );
    expect(
      await cli(
        ['evaluation', 'appeal-request', reviewer.case_id, '--user', committeeLogin(TOWNSHIP), '--grounds', '对复核结论不服，提出申诉'],
        env,
      ),
    ).toContain(`appeal filed for ${reviewer.case_id}; the county decides it as task appeal:<person> of the round`);
    await waitForOpen(ROUND, `appeal:${reviewer.person_id}`);
    await backend.decide(ROUND, `appeal:${reviewer.person_id}`, county, { outcome: 'upheld', reason: '经申诉复查维持原等次' });
    await eventually(
      async () => {
        const rows = await database.db
          .selectFrom('evaluation_cadres')
          .select('case_id')
          .where('round_id', '=', ROUND)
          .where('grade_status', '!=', 'final')
          .execute();
        return rows.length === 0 ? true : undefined;
      },
      'every grade final',
      60_000,
    );
    const tDone = Date.now();
    // The letters' days, not today's, started the windows; the reviewer's is today's.
    const notified = await database.db
      .selectFrom('evaluation_cadres')
      .select(['case_id', 'notified_on'])
      .where('round_id', '=', ROUND)
      .execute();
    expect(notified.filter((r) => r.notified_on === notifiedOn)).toHaveLength(n - 1);
    expect(notified.find((r) => r.case_id === reviewer.case_id)!.notified_on).toBe(today);
    expect(
      await database.db
        .selectFrom('evaluation_cadres')
        .select(['review_status', 'appeal_status', 'grade'])
        .where('case_id', '=', reviewer.case_id)
        .executeTakeFirst(),
    ).toEqual({
      review_status: 'upheld',
      appeal_status: 'upheld',
      grade: 'basically-competent',
    });
    const closes = await database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .where('type', '=', 'PublicNoticeClosed')
      .where(
        'stream_id',
        'in',
        cadres.map((c) => c.case_id),
      )
      .executeTakeFirstOrThrow();
    expect(Number(closes.n)).toBe(13);

    const status = await cli(['evaluation', 'status', '--year', '2026'], env);
    expect(status).toContain(ROUND);
    const line = status.split('\n').find((l) => l.startsWith(`${TOWNSHIP} `))!;
    // cadres done final pending overdue | 优秀 称职 基本称职 不称职 | 诫勉 removal
    expect(line.split(/\s+/).slice(2)).toEqual(['69', '69', '69', '0', '0', '13', '55', '1', '0', '0', '0']);
    expect(status).toMatch(/ts-04\/villages\s+35\s+7\s+7\s+graded \d{4}-\d{2}-\d{2} by org-staff/);
    const dashboard = await evaluationBackend.create({ db: database.db, client, policy: DEFAULT_POLICY, taskQueue: TASK_QUEUE }).status({});
    expect(dashboard.rounds[0]!.totals).toMatchObject({
      done: 69,
      final: 69,
      grades: { excellent: 13, competent: 55, 'basically-competent': 1, 'not-competent': 0 },
    });

    const secs = (a: number, b: number) => ((b - a) / 1000).toFixed(1);
    console.log(
      `one-township round (${TOWNSHIP}, ${n} cadres): cases started in ${secs(t0, tStarted)} s, ` +
        `${n * 5} township decisions in ${secs(tStarted, tAssessed)} s, every grade fixed at ${secs(t0, tGraded)} s, ` +
        `every grade final (notified, one review and one appeal decided) at ${secs(t0, tDone)} s`,
    );
    // Seventy cases on a shared two-core machine: the default minute is not always enough.
  }, 240_000);

  it('a Schedule starts the year’s round through the same business id, so a round started by hand is not started again', async () => {
    const created = await cli(['evaluation', 'schedule', '--township', TOWNSHIP], env);
    expect(created.trim()).toMatch(
      /^created schedule evaluation-round-schedule\/ts-04: "0 9 1 12 \*" \(Asia\/Shanghai\); next: \d{4}-12-01T01:00:00\.000Z/,
    );
    const mod = evaluationBackend.create({ db: database.db, client, policy: DEFAULT_POLICY, taskQueue: TASK_QUEUE });
    const updated = await mod.schedule({ cron: '0 9 5 1 *', townshipIds: [TOWNSHIP] });
    expect(updated).toMatchObject({ scheduleId: 'evaluation-round-schedule/ts-04', created: false, cron: '0 9 5 1 *' });
    expect(updated.nextRuns[0]).toMatch(/^\d{4}-01-05T01:00:00\.000Z$/);

    const schedule = client.schedule.getHandle('evaluation-round-schedule/ts-04');
    try {
      await schedule.trigger();
      const launched = await eventually(
        async () => (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId,
        'the schedule to act',
      );
      // The round of the year being assessed now: 2026's already runs.
      const year = evaluationYearFor(shanghaiDate(Date.now()));
      expect(await client.workflow.getHandle(launched).result()).toEqual({
        roundId: `evaluation-round/${year}/${TOWNSHIP}`,
        started: year !== 2026,
      });
      expect(await database.db.selectFrom('evaluation_rounds').select('round_id').execute()).toHaveLength(year === 2026 ? 1 : 2);
    } finally {
      await schedule.delete();
    }
  });

  it('leaves a log whose hash chain verifies and whose read models, the evaluation’s included, a rebuild reproduces', async () => {
    const chain = await verifyHashChain(database.db);
    expect(chain.ok).toBe(true);
    const rebuilt = await rebuildReadModels(database.db, { schema: 'rebuild_evaluation' });
    expect(rebuilt.events).toBe(chain.checked);
    expect(await diffReadModels(database.db, 'public', 'rebuild_evaluation')).toEqual([]);
  });
});
