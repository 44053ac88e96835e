/**
 * Rectification end to end on the real Temporal dev server and a real PostgreSQL
 * database: the demo county loaded through `cadreflow demo`, a worker as its own
 * process, the county's list screened and started through `cadreflow rectification`,
 * and one branch driven to sign-off. Its list is dated four months back and its plan's
 * deadlines fall before today, so every calendar wait up to the inspection is already
 * due and the case runs on the real server without waiting months.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { generateDemoCounty } from '../../demo/county';
import { TITLE_VILLAGE_SECRETARY } from '../../domain/posts';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { Actor } from '../../domain/actors';
import { appendToStream } from '../../activities/eventStore';
import { allReadModelTables, diffReadModels, rebuildReadModels } from '../../activities/projections';
import { decide } from '../../client/cases';
import type { ScreenResult } from '../../client/rectificationService';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { cli, cliEnv, committee as committeeLogin, createCliAccounts, runCli, startCli, type LongRunning } from '../support/cli';
import { eventually } from '../support/cases';
import { ownTemporal } from '../support/temporal';
import { encryptingDataConverter } from '../../client/codec';
import type { TemporalEndpoint } from '../../client/temporal';

let database: TestDatabase;
let temporal: TemporalEndpoint;
let env: NodeJS.ProcessEnv;
let worker: LongRunning | undefined;
let connection: Connection;
let client: Client;

const county = generateDemoCounty();
const today = shanghaiDate(Date.now());
const listedOn = addMonths(today, -4);
const year = Number(listedOn.slice(0, 4));
const demoList = county.underperformingVillageIds;
const driven = demoList[0]!;
const drivenCase = `rectification/${driven}/${year}`;
const drivenTownship = county.villages.find((v) => v.orgUnitId === driven)!.parentId!;
const org: Actor = { id: 'org-staff', role: 'county-org-dept' };
const committee: Actor = { id: `${drivenTownship}-committee`, role: 'township-committee', townshipId: drivenTownship };

async function waitForStep(caseId: string, step: string): Promise<void> {
  await eventually(
    async () =>
      (await database.db
        .selectFrom('tasks')
        .select('task_id')
        .where('case_id', '=', caseId)
        .where('step', '=', step)
        .where('status', '=', 'pending')
        .executeTakeFirst()) ?? undefined,
    `${caseId} ${step}`,
    30_000,
  );
}

async function decideStep(step: string, actor: Actor, decision: unknown): Promise<void> {
  await waitForStep(drivenCase, step);
  await decide(client, drivenCase, step, actor, decision);
}

beforeAll(async () => {
  database = await createTestDatabase();
  temporal = await ownTemporal();
  env = cliEnv('rectification', temporal.address, database.url);
  await createCliAccounts(database.db, [drivenTownship]);
  connection = await Connection.connect({ address: temporal.address });
  // The worker migrates the database; the demo's probation cases wait for it if need be.
  worker = await startCli(['worker'], env, /worker running/);
  // The worker created the deployment's keyring: this client seals and opens payloads with it.
  client = new Client({ connection, dataConverter: encryptingDataConverter({ dataDir: env.CADREFLOW_DATA_DIR! }) });
  expect(await cli(['demo'], env)).toMatch(/registry: 2311 events appended/);
}, 120_000);

afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await worker?.exited;
  await connection?.close();
  await database?.drop();
  await temporal?.stop();
});

describe('cadreflow rectification end to end', () => {
  it('screens the registry: a secretary post vacant over the policy’s months is on the list, beside a branch added by hand', async () => {
    // A village secretary who left five months ago; the village is not on the demo's list.
    const index = county.posts.findIndex(
      (p) => p.title.includes(TITLE_VILLAGE_SECRETARY) && p.orgUnitId.includes('-v') && !demoList.includes(p.orgUnitId),
    );
    const post = county.posts[index]!;
    const since = addMonths(today, -5);
    await appendToStream(database.db, {
      streamId: `person/${post.personId}`,
      expectedVersion: 'any',
      idempotencyKey: 'test:secretary-left',
      events: [
        {
          event: { type: 'PostEnded', data: { assignmentId: post.assignmentId, personId: post.personId, endedOn: since, reason: 'other' } },
          metadata: {},
        },
      ],
    });

    const [out, unknown] = await Promise.all([
      cli(['rectification', 'screen', '--add', driven, '--json'], env),
      runCli(['rectification', 'screen', '--add', 'ts-99-v99'], env),
    ]);
    const screened = JSON.parse(out) as ScreenResult;
    expect(screened.screened).toBe(184);
    expect(screened.list).toEqual(
      [
        {
          branchId: post.orgUnitId,
          reasons: [{ kind: 'secretary-vacant', since, months: DEFAULT_POLICY.rectification.secretaryVacantMonths }],
          addedByCounty: false,
        },
        { branchId: driven, reasons: [], addedByCounty: true },
      ]
        .sort((a, b) => (a.branchId < b.branchId ? -1 : 1))
        .map((b) => expect.objectContaining(b)),
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^cadreflow: not a village branch in the registry on \d{4}-\d{2}-\d{2}: ts-99-v99/);
  });

  it('screens with the facts the registry does not hold (--facts): ranking, satisfaction and development targets, a wrong file refused by branch and field', async () => {
    // Three villages the registry alone does not list, and not the one whose secretary left above.
    const vacated = county.posts.find(
      (p) => p.title.includes(TITLE_VILLAGE_SECRETARY) && p.orgUnitId.includes('-v') && !demoList.includes(p.orgUnitId),
    )!.orgUnitId;
    const [ranked, surveyed, idle] = county.villages
      .map((v) => v.orgUnitId)
      .filter((id) => id !== vacated && !demoList.includes(id))
      .slice(-3);
    const gapSince = addMonths(today, -25);
    const dir = mkdtempSync(join(tmpdir(), 'cf-facts-'));
    const file = (name: string, facts: unknown) => {
      const path = join(dir, name);
      writeFileSync(path, typeof facts === 'string' ? facts : JSON.stringify(facts));
      return path;
    };
    const good = file('facts.json', {
      [ranked!]: { annualRanking: { position: 184, of: 184 }, satisfaction: { satisfied: 70, surveyed: 100 } },
      [surveyed!]: { satisfaction: { satisfied: 41, surveyed: 90 } },
      [idle!]: { lastDevelopmentTargetOn: gapSince },
    });
    const screened = JSON.parse(await cli(['rectification', 'screen', '--facts', good, '--json'], env)) as ScreenResult;
    const reasonsOf = (id: string) => screened.list.find((b) => b.branchId === id)?.reasons;
    const policy = DEFAULT_POLICY.rectification;
    expect(reasonsOf(ranked!)).toEqual([{ kind: 'bottom-of-ranking', position: 184, of: 184, bottomPlaces: policy.screeningBottomPlaces }]);
    expect(reasonsOf(surveyed!)).toEqual([
      { kind: 'low-satisfaction', satisfied: 41, surveyed: 90, minPercent: policy.minSatisfactionPercent },
    ]);
    expect(reasonsOf(idle!)).toEqual([{ kind: 'no-development-target', since: gapSince, years: policy.screeningDevelopmentGapYears }]);
    expect(screened.list.filter((b) => [ranked, surveyed, idle].includes(b.branchId)).every((b) => !b.addedByCounty)).toBe(true);
    const text = await cli(['rectification', 'screen', '--facts', good], env);
    expect(text).toContain('41 of 90 surveyed satisfied, below 60% (群众满意度低)');

    // A file screening could not read is refused, naming the branch and the field; so is an unknown branch.
    const [badRanking, unknownBranch, notJson, notObject] = await Promise.all([
      runCli(['rectification', 'screen', '--facts', file('bad.json', { [ranked!]: { annualRanking: { position: 185, of: 184 } } })], env),
      runCli(
        ['rectification', 'start', '--branches', ranked!, '--facts', file('unknown.json', { 'ts-99-v99': { satisfaction: null } })],
        env,
      ),
      runCli(['rectification', 'screen', '--facts', file('broken.json', '{"ts-01-v01": ')], env),
      runCli(['rectification', 'screen', '--facts', file('list.json', [ranked])], env),
    ]);
    expect(badRanking.code).toBe(1);
    expect(badRanking.stderr.trim()).toBe(
      `cadreflow: --facts ${join(dir, 'bad.json')}: ${ranked}: annualRanking: place 185 of 184 is not a place in the ranking`,
    );
    expect(unknownBranch.code).toBe(1);
    expect(unknownBranch.stderr).toMatch(/facts names branches not in the registry on \d{4}-\d{2}-\d{2}: ts-99-v99/);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^cadreflow: --facts .*broken\.json: .*JSON/);
    expect(notObject.code).toBe(1);
    expect(notObject.stderr.trim()).toBe(`cadreflow: --facts ${join(dir, 'list.json')}: expected an object of branch id → facts`);
    // The refused start started nothing.
    expect(await database.db.selectFrom('cases').select('case_id').where('case_id', 'like', `rectification/${ranked}/%`).execute()).toEqual(
      [],
    );
  });

  it('starts the demo’s 13 branches once, and drives one through support, plan, reports and inspection to sign-off', async () => {
    const first = await cli(['rectification', 'start', '--demo-list', '--on', listedOn], env);
    expect(first).toContain(`rectification cases (list of ${listedOn}): 13 started, 0 already started`);
    expect(first).toContain(`started ${drivenCase}`);
    const again = await cli(['rectification', 'start', '--demo-list', '--on', listedOn], env);
    expect(again.trim()).toBe(`rectification cases (list of ${listedOn}): 0 started, 13 already started`);

    await eventually(async () => {
      const n = await database.db.selectFrom('rectification_cases').select('case_id').execute();
      return n.length === 13 ? n : undefined;
    }, 'the 13 cases in the read model');
    const cases = await database.db.selectFrom('cases').select(['case_id', 'kind']).where('kind', '=', 'rectification').execute();
    expect(cases.map((c) => c.case_id).sort()).toEqual(demoList.map((id) => `rectification/${id}/${year}`));

    await decideStep('support', org, {
      countyLeader: '县委常委 王强',
      townshipLeader: '副镇长 李娜',
      firstSecretary: '县财政局 张伟',
      partnerAgency: '县财政局',
    });
    const plan = {
      problems: ['班子软弱涣散', '组织生活不正常'],
      measures: [
        { measure: '选优配强班子', responsible: '乡镇党委组织委员', deadline: addMonths(listedOn, 2) },
        { measure: '规范三会一课', responsible: '村党支部书记', deadline: addMonths(listedOn, 3) },
      ],
    };
    await waitForStep(drivenCase, 'round-1:plan-1');
    expect(
      await cli(['decide', drivenCase, 'round-1:plan-1', '--user', committeeLogin(drivenTownship), '--data', JSON.stringify(plan)], env),
    ).toContain(`decided ${drivenCase} round-1:plan-1 as ${drivenTownship}-committee`);
    await decideStep('round-1:plan-1:approval', org, { outcome: 'approve', comment: '同意' });
    // The plan's three monthly reports all fell due before today: they open at once.
    for (const period of [1, 2, 3]) await decideStep(`round-1:report-${period}`, committee, { summary: `第${period}期整改进展` });
    await decideStep('round-1:inspection-1', org, { score: 85, votes: { satisfied: 15, basicallySatisfied: 3, dissatisfied: 2 } });
    await decideStep('round-1:sign-off', org, { comment: '予以销号' });

    const row = await eventually(async () => {
      const r = await database.db.selectFrom('rectification_cases').selectAll().where('case_id', '=', drivenCase).executeTakeFirst();
      return r?.stage === 'follow-up' ? r : undefined;
    }, 'sign-off');
    const inspectedOn = row.last_inspection!.inspectedOn;
    expect(row).toMatchObject({
      branch_id: driven,
      township_id: drivenTownship,
      year,
      listed_on: listedOn,
      screening: { reasons: [], addedByCounty: true },
      round: 1,
      status: 'follow-up',
      plan_status: 'approved',
      plan_complete_by: addMonths(listedOn, 3),
      reports_due: 3,
      reports_filed: 3,
      reports_late: 0,
      inspections: 1,
      signed_off_on: inspectedOn,
      follow_up_until: addMonths(inspectedOn, DEFAULT_POLICY.rectification.followUpMonths),
    });
    expect(row.last_inspection).toMatchObject({ result: 'pass', scoreHundredths: 8500, raters: 20 });
    expect(row.support).toMatchObject({ firstSecretary: '县财政局 张伟' });

    const events = await database.db
      .selectFrom('events')
      .select(['type', 'metadata'])
      .where('stream_id', '=', drivenCase)
      .orderBy('position')
      .execute();
    const count = (t: string) => events.filter((e) => e.type === t).length;
    expect({
      CaseStarted: count('CaseStarted'),
      RectificationStarted: count('RectificationStarted'),
      RectificationSupportAssigned: count('RectificationSupportAssigned'),
      RectificationPlanDrafted: count('RectificationPlanDrafted'),
      RectificationPlanApproved: count('RectificationPlanApproved'),
      ProgressReportFiled: count('ProgressReportFiled'),
      ProgressReportLate: count('ProgressReportLate'),
      RectificationInspected: count('RectificationInspected'),
      RectificationSignedOff: count('RectificationSignedOff'),
      TaskOpened: count('TaskOpened'),
      TaskDecided: count('TaskDecided'),
      CaseClosed: count('CaseClosed'),
    }).toEqual({
      CaseStarted: 1,
      RectificationStarted: 1,
      RectificationSupportAssigned: 1,
      RectificationPlanDrafted: 1,
      RectificationPlanApproved: 1,
      ProgressReportFiled: 3,
      ProgressReportLate: 0,
      RectificationInspected: 1,
      RectificationSignedOff: 1,
      TaskOpened: 8,
      TaskDecided: 8,
      CaseClosed: 0,
    });
    expect(events.find((e) => e.type === 'RectificationSignedOff')!.metadata.actor).toEqual(org);

    const [list, timeline] = await Promise.all([cli(['rectification', 'list'], env), cli(['rectification', 'timeline', drivenCase], env)]);
    expect(list).toMatch(new RegExp(`${drivenCase}\\s.*\\s1\\s+follow-up\\s.*approved → ${addMonths(listedOn, 3)}\\s+3/3\\s+合格 85\\.00`));
    expect(list).toContain('13 case(s), 0 rectified');
    expect(timeline).toContain('四个一: county leader 县委常委 王强');
    expect(timeline).toContain(`passed (合格, 85.00 points, 2 of 20 dissatisfied): sign off, follow up until ${row.follow_up_until}`);
    expect(timeline).toMatch(/RectificationSignedOff\s+org-staff \(county-org-dept\)/);
  });

  it('leaves read models that a rebuild from the log reproduces, rectification_cases included', async () => {
    expect(allReadModelTables().map((t) => t.table)).toContain('rectification_cases');
    await rebuildReadModels(database.db, { schema: 'rebuild_rect' });
    expect(await diffReadModels(database.db, 'public', 'rebuild_rect')).toEqual([]);
  });
});
