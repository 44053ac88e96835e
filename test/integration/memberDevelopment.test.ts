/**
 * 发展党员 end to end through the `cadreflow` command, on the real Temporal dev server and
 * a real PostgreSQL database, with the worker as its own process on its own task queue.
 * Commands run through the CLI's own program in this process (the same commander
 * program, backends and output as `bin/cadreflow`), which keeps a case's dozen steps to
 * milliseconds each; `member demo` and a refused decision run as real child processes.
 *
 * Cases are backdated so that every calendar wait (a month for the talk, a year of
 * observation, a year on probation) is already due. A public notice posted when its step
 * runs stays open for the policy's working days of server time: one application runs up
 * to its open village notice (an objection filed and checked there). Another goes from
 * application to conversion: its two notices were posted on paper weeks before they are
 * recorded (`-f noticePostedOn=…` with the masses' vote and the county review), so each
 * has run out and closes at once. A person taken over from the register as a
 * probationary member runs from the oath to conversion.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, addMonths, shanghaiDate } from '../../domain/calendar';
import { verifyHashChain } from '../../activities/hashChain';
import { diffReadModels, rebuildReadModels } from '../../activities/projections';
import { ownTemporal } from '../support/temporal';
import type { TemporalEndpoint } from '../../client/temporal';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { cli, cliEnv, committee, createCliAccounts, DEMO_TOWNSHIPS, runCli, STAFF, startCli, type LongRunning } from '../support/cli';
import { eventually } from '../support/cases';
import { buildProgram } from '../../client/cli';
import { loadConfig } from '../../client/config';

let database: TestDatabase;
let temporal: TemporalEndpoint;
let env: NodeJS.ProcessEnv;
let worker: LongRunning | undefined;
const today = shanghaiDate(Date.now());

/** `cadreflow …` through the CLI's program, in this process; what it prints. */
async function cadreflow(...args: string[]): Promise<string> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    out.push(a.map(String).join(' '));
  });
  try {
    const program = await buildProgram(loadConfig(env));
    await program.parseAsync(args, { from: 'user' });
  } finally {
    log.mockRestore();
  }
  return out.join('\n');
}

async function pendingSteps(caseId: string): Promise<string[]> {
  const rows = await database.db.selectFrom('tasks').select('step').where('case_id', '=', caseId).where('status', '=', 'pending').execute();
  return rows.map((r) => r.step);
}

/** Decides a step through `cadreflow decide` as the account `user`. */
async function decideVia(caseId: string, step: string, user: string, fields: string[]): Promise<string> {
  await eventually(async () => ((await pendingSteps(caseId)).includes(step) ? true : undefined), `${caseId} ${step}`);
  return cadreflow('decide', caseId, step, '--user', user, ...fields.flatMap((f) => ['-f', f]));
}

async function eventTypes(caseId: string): Promise<string[]> {
  const rows = await database.db.selectFrom('events').select('type').where('stream_id', '=', caseId).orderBy('position').execute();
  return rows.map((r) => r.type);
}

async function registerRow(personId: string) {
  return database.db.selectFrom('party_members').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  database = await createTestDatabase();
  temporal = await ownTemporal();
  env = cliEnv('members', temporal.address, database.url);
  await createCliAccounts(database.db, DEMO_TOWNSHIPS);
  worker = await startCli(['worker'], env, /worker running/);
  const demo = await cli(['member', 'demo'], env);
  expect(demo).toMatch(/membership register: \d+ events appended; development cases: 24 started, 0 already running/);
}, 120_000);

afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await worker?.exited;
  await database?.drop();
  await temporal?.stop();
});

describe('cadreflow member development end to end', () => {
  it('loads the demo register: a branch per village, the special organizations, 500 activists, cases with open steps', async () => {
    const orgs = await database.db.selectFrom('party_organizations').select(['category']).execute();
    const byCategory = (c: string) => orgs.filter((o) => o.category === c).length;
    expect([
      byCategory('village-branch'),
      byCategory('mobile'),
      byCategory('economic-association'),
      byCategory('demonstration-base'),
      byCategory('industrial-park'),
    ]).toEqual([184, 5, 2, 3, 1]);
    const activists = await database.db.selectFrom('party_members').select('person_id').where('status', '=', 'activist').execute();
    expect(activists).toHaveLength(500);
    await eventually(async () => {
      const open = await database.db
        .selectFrom('tasks')
        .select('task_id')
        .where('case_id', 'like', 'member-development/%')
        .where('status', '=', 'pending')
        .execute();
      return open.length >= 18 ? true : undefined;
    }, 'the demo cases to open their steps');
    expect(await cadreflow('member', 'demo')).toMatch(/already present; development cases: 0 started, 24 already running/);
  });

  it('runs an application through the CLI: talk, activist, reviews, development target, 两考, masses’ vote, village notice', async () => {
    const cadre = await database.db
      .selectFrom('people')
      .select(['person_id'])
      .where('org_unit_id', '=', 'ts-01-v01')
      .orderBy('person_id')
      .executeTakeFirstOrThrow();
    const personId = cadre.person_id;
    const caseId = `member-development/${personId}`;
    const applied = addMonths(today, -27);
    const activistOn = addMonths(applied, 1);

    expect(await cadreflow('member', 'apply', '--person', personId, '--applied', applied)).toBe(`started ${caseId} (applicant)`);
    expect(await cadreflow('member', 'apply', '--person', personId)).toMatch(/already exists \(applicant\); nothing started/);

    await eventually(async () => ((await pendingSteps(caseId)).includes('talk') ? true : undefined), 'the talk');
    expect(await cadreflow('tasks', '--township', 'ts-01')).toContain(caseId);
    const wrong = await runCli(
      ['decide', caseId, 'talk', '--user', committee('ts-02'), '-f', `on=${addDays(applied, 9)}`, '-f', 'talkedBy=王支书'],
      env,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toMatch(/^cadreflow: refused \(WrongTownship\)/);

    await decideVia(caseId, 'talk', committee('ts-01'), [`on=${addDays(applied, 9)}`, 'talkedBy=王支书', 'comment=入党动机端正']);
    await decideVia(caseId, 'activist-designation', committee('ts-01'), [`on=${activistOn}`, 'contacts=王芳、李强']);
    await decideVia(caseId, 'activist-review-1', committee('ts-01'), ['rating=good']);
    await decideVia(caseId, 'activist-review-2', committee('ts-01'), ['rating=good']);
    await decideVia(caseId, 'development-target', committee('ts-01'), [`on=${addMonths(activistOn, 12)}`, 'sponsors=王芳,李强']);
    await decideVia(caseId, 'theory-exam', committee('ts-01'), ['score=88', 'trainingDays=3', 'trainingHours=24']);
    await decideVia(caseId, 'branch-inspection', committee('ts-01'), ['outcome=pass']);
    await decideVia(caseId, 'masses-vote', committee('ts-01'), ['cast=42', 'approving=39']);

    await eventually(async () => {
      const n = await database.db
        .selectFrom('public_notices')
        .selectAll()
        .where('notice_id', '=', `${caseId}:village-notice`)
        .executeTakeFirst();
      return n?.status === 'open' ? n : undefined;
    }, 'the village notice');
    expect(await cadreflow('object', caseId, 'village-notice', '--user', committee('ts-01'), '--summary', '反映其曾有不良记录')).toContain(
      'village-notice:objection-1:finding',
    );
    await decideVia(caseId, 'village-notice:objection-1:finding', STAFF, ['upheld=false', 'finding=经核查不属实']);

    const types = await eventTypes(caseId);
    for (const t of [
      'CaseStarted',
      'MemberDevelopmentOpened',
      'ApplicantTalkRecorded',
      'ActivistDesignated',
      'DevelopmentTargetDesignated',
      'TheoryExamRecorded',
      'BranchInspectionRecorded',
      'MassesVoteRecorded',
      'PublicNoticePosted',
      'ObjectionFiled',
      'ObjectionResolved',
    ]) {
      expect(
        types.filter((x) => x === t),
        t,
      ).toHaveLength(1);
    }
    expect(types.filter((t) => t === 'ActivistReviewed')).toHaveLength(2);
    expect(await registerRow(personId)).toMatchObject({
      status: 'development-target',
      case_id: caseId,
      branch_id: 'ts-01-v01-pb',
      village_id: 'ts-01-v01',
      township_id: 'ts-01',
      applied_on: applied,
      activist_on: activistOn,
      contacts: '王芳、李强',
      sponsors: '王芳、李强',
      reviews: 2,
      next_step: 'village-notice',
    });
    const shown = await cadreflow('case', 'show', caseId);
    expect(shown).toMatch(/kind member-development · township ts-01 · stage development-target · open/);
    expect(shown).toMatch(/ObjectionResolved\s+org-staff \(county-org-dept\)/);
  });

  it('runs an application to conversion through the CLI, both notices posted on paper before they were recorded', async () => {
    const cadre = await database.db
      .selectFrom('people')
      .select(['person_id'])
      .where('org_unit_id', '=', 'ts-01-v02')
      .orderBy('person_id')
      .executeTakeFirstOrThrow();
    const personId = cadre.person_id;
    const caseId = `member-development/${personId}`;
    const applied = addMonths(today, -27);
    const activistOn = addMonths(applied, 1);
    const targetOn = addMonths(activistOn, 12);
    const villagePostedOn = addDays(targetOn, 10);
    const assemblyOn = addMonths(targetOn, 1);
    const higherPostedOn = addDays(assemblyOn, 7);
    const admittedOn = addDays(assemblyOn, 30);
    const probationEnds = addMonths(assemblyOn, 12);

    expect(await cadreflow('member', 'apply', '--person', personId, '--applied', applied)).toBe(`started ${caseId} (applicant)`);
    await decideVia(caseId, 'talk', committee('ts-01'), [`on=${addDays(applied, 9)}`, 'talkedBy=王支书']);
    await decideVia(caseId, 'activist-designation', committee('ts-01'), [`on=${activistOn}`, 'contacts=王芳、李强']);
    await decideVia(caseId, 'activist-review-1', committee('ts-01'), ['rating=good']);
    await decideVia(caseId, 'activist-review-2', committee('ts-01'), ['rating=good']);
    await decideVia(caseId, 'development-target', committee('ts-01'), [`on=${targetOn}`, 'sponsors=王芳,李强']);
    await decideVia(caseId, 'theory-exam', committee('ts-01'), ['score=90', 'trainingDays=3', 'trainingHours=24']);
    await decideVia(caseId, 'branch-inspection', committee('ts-01'), ['outcome=pass']);
    await expect(
      decideVia(caseId, 'masses-vote', committee('ts-01'), ['cast=40', 'approving=36', 'noticePostedOn=2025-13-01']),
    ).rejects.toThrow(/refused \(MalformedDecision\).*noticePostedOn/);
    await decideVia(caseId, 'masses-vote', committee('ts-01'), ['cast=40', 'approving=36', `noticePostedOn=${villagePostedOn}`]);
    // The village notice ran out long ago: it closes at once, and the township review opens.
    await decideVia(caseId, 'township-review', committee('ts-01'), ['outcome=pass']);
    await decideVia(caseId, 'members-vote', committee('ts-01'), [`on=${assemblyOn}`, 'eligible=28', 'present=25', 'yes=22']);
    await decideVia(caseId, 'county-review', STAFF, ['outcome=pass', `noticePostedOn=${higherPostedOn}`]);
    await decideVia(caseId, 'approval', committee('ts-01'), ['outcome=approve', `on=${admittedOn}`]);
    await decideVia(caseId, 'oath', committee('ts-01'), [`on=${admittedOn}`]);
    await decideVia(caseId, 'conversion', committee('ts-01'), [
      'outcome=convert',
      `on=${probationEnds}`,
      'vote.eligible=30',
      'vote.present=27',
      'vote.yes=26',
    ]);
    await eventually(async () => ((await eventTypes(caseId)).at(-1) === 'CaseClosed' ? true : undefined), 'the case to close');

    const notices = await database.db.selectFrom('public_notices').selectAll().where('case_id', '=', caseId).orderBy('posted_at').execute();
    expect(notices.map((n) => [n.notice_id, n.status, n.outcome, n.objections])).toEqual([
      [`${caseId}:village-notice`, 'closed', 'clear', 0],
      [`${caseId}:higher-notice`, 'closed', 'clear', 0],
    ]);
    const posted = await database.db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', caseId)
      .where('type', '=', 'PublicNoticePosted')
      .orderBy('position')
      .execute();
    expect(posted.map((e) => (e.data as { postedOn?: string }).postedOn)).toEqual([villagePostedOn, higherPostedOn]);

    const types = await eventTypes(caseId);
    for (const t of ['MassesVoteRecorded', 'MembersVoteRecorded', 'MemberAdmitted', 'OathTaken', 'MemberConverted', 'CaseClosed']) {
      expect(
        types.filter((x) => x === t),
        t,
      ).toHaveLength(1);
    }
    expect(types.filter((t) => t === 'PublicNoticeClosed')).toHaveLength(2);
    expect(types.filter((t) => t === 'DevelopmentReviewRecorded')).toHaveLength(2);
    expect(await registerRow(personId)).toMatchObject({
      status: 'full',
      case_id: caseId,
      applied_on: applied,
      activist_on: activistOn,
      admitted_on: admittedOn,
      full_on: probationEnds,
      next_step: null,
    });
    expect(await cadreflow('case', 'show', caseId)).toContain('closed (converted)');
  });

  it('takes a probationary member over from the register and converts them through the CLI', async () => {
    const member = await database.db
      .selectFrom('party_members')
      .selectAll()
      .where('status', '=', 'probationary')
      .where('case_id', 'is', null)
      .where('probation_ends_on', '<', today)
      .orderBy('person_id')
      .executeTakeFirstOrThrow();
    const caseId = `member-development/${member.person_id}`;
    const ends = member.probation_ends_on!;
    expect(await cadreflow('member', 'apply', '--person', member.person_id)).toBe(`started ${caseId} (probationary)`);
    await decideVia(caseId, 'oath', committee(member.township_id!), [`on=${member.admitted_on}`]);
    const vote = ['vote.eligible=28', 'vote.present=24', 'vote.yes=23'];
    const extend = ['outcome=extend', 'months=3', 'reason=继续考察', `on=${ends}`, ...vote].flatMap((f) => ['-f', f]);
    // The oath's decision returns before the workflow opens the next step; a refusal for the
    // wrong reason (step not open yet) would not prove the months check.
    await eventually(async () => ((await pendingSteps(caseId)).includes('conversion') ? true : undefined), `${caseId} conversion`);
    await expect(cadreflow('decide', caseId, 'conversion', '--user', committee(member.township_id!), ...extend)).rejects.toThrow(
      /refused \(MalformedDecision\).*months must be 6 to 12, got 3/,
    );
    await decideVia(caseId, 'conversion', committee(member.township_id!), ['outcome=convert', `on=${ends}`, ...vote]);
    await eventually(async () => ((await eventTypes(caseId)).at(-1) === 'CaseClosed' ? true : undefined), 'the case to close');
    expect(await registerRow(member.person_id)).toMatchObject({ status: 'full', full_on: ends, case_id: caseId, next_step: null });
    const types = await eventTypes(caseId);
    expect(types).toEqual(expect.arrayContaining(['MemberDevelopmentOpened', 'OathTaken', 'MemberConverted', 'CaseClosed']));
    expect(await cadreflow('case', 'show', caseId)).toContain('closed (converted)');
  });

  it('shows the pipeline per village, with the villages at risk this year', async () => {
    const ts01 = await cadreflow('pipeline', '--township', 'ts-01');
    expect(ts01).toMatch(/ts-01-v01 /);
    expect(ts01).not.toMatch(/ts-02-v01 /);
    const all = JSON.parse(await cadreflow('pipeline', '--json')) as {
      villages: Array<{ villageId: string; atRisk: boolean; counts: Record<string, number> }>;
      atRisk: number;
    };
    expect(all.villages).toHaveLength(184);
    expect(all.villages.reduce((n, v) => n + v.counts.activist!, 0)).toBe(500);
    const v01 = all.villages.find((v) => v.villageId === 'ts-01-v01')!;
    expect(v01.counts['development-target']).toBeGreaterThanOrEqual(1);
    const atRisk = JSON.parse(await cadreflow('pipeline', '--at-risk', '--json')) as {
      villages: Array<{ villageId: string; atRisk: boolean }>;
      atRisk: number;
    };
    expect(atRisk.villages.every((v) => v.atRisk)).toBe(true);
    expect(atRisk.villages.map((v) => v.villageId)).toEqual(all.villages.filter((v) => v.atRisk).map((v) => v.villageId));
    // At risk: nobody admitted this year, nobody who can still be admitted before it ends.
    const year = today.slice(0, 4);
    const risky = await database.db
      .selectFrom('party_members')
      .select(['village_id', 'admitted_on', 'earliest_admission_on', 'status'])
      .where(
        'village_id',
        'in',
        atRisk.villages.map((v) => v.villageId),
      )
      .where('stopped_on', 'is', null)
      .execute();
    for (const r of risky) {
      expect(r.admitted_on?.startsWith(year) ?? false).toBe(false);
      if (['applicant', 'activist', 'development-target'].includes(r.status)) expect(r.earliest_admission_on! > `${year}-12-31`).toBe(true);
    }
    expect(atRisk.atRisk).toBeGreaterThan(0);
    expect(atRisk.atRisk).toBeLessThan(184);
    const text = await cadreflow('pipeline', '--at-risk');
    expect(text).toMatch(/village\(s\) at risk of developing no new member in \d{4}/);
  });

  it('leaves a log whose read models, the register included, a rebuild reproduces', async () => {
    const chain = await verifyHashChain(database.db);
    expect(chain.ok).toBe(true);
    const rebuilt = await rebuildReadModels(database.db, { schema: 'rebuild_members' });
    expect(rebuilt.events).toBe(chain.checked);
    expect(await diffReadModels(database.db, 'public', 'rebuild_members')).toEqual([]);
    const rows = await database.db.withSchema('rebuild_members').selectFrom('party_members').select('person_id').execute();
    expect(rows.length).toBeGreaterThan(5000);
  });
});
