/**
 * Selection and appointment (选拔任用) through the real workflow code on Temporal's
 * time-skipping test server, with activities writing to a real PostgreSQL database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '../../domain/policy';
import { addDays, shanghaiDate } from '../../domain/calendar';
import type { Actor } from '../../domain/actors';
import { createTestDatabase } from '../support/db';
import { timeSkippingWorkerPerTest } from '../support/timeSkipping';
import { acceptedUpdates, eventCount, eventually, expectRefusal, historyLength, keepHistory, waitForTask } from '../support/cases';
import { decideUpdate, fileObjectionUpdate } from '../../workflows/kit/messages';
import { selectionStatusQuery, type SelectionInput } from '../../workflows/selection';
import { probationStatusQuery } from '../../workflows/probation';
import { selectionCaseId } from '../../domain/selection';
import { appendBatch } from '../../activities/eventStore';
import { loadSelectionRecord, recordDocx } from '../../client/selectionRecord';
import JSZip from 'jszip';
import type { DB } from '../../schema/db';

const TASK_QUEUE = 'selection-test';
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };

let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DB;

const people = {
  'p-1': { name: '张伟', rank: '科员' },
  'p-2': { name: '李娜', rank: '科员' },
  'p-3': { name: '王强', rank: '副主任科员' },
};

/** Today on the test server's clock, which the workflow's own clock follows. */
async function serverToday(): Promise<string> {
  return shanghaiDate(await env.currentTimeMs());
}

async function start(postId: string, overrides: Partial<SelectionInput> = {}): Promise<WorkflowHandle> {
  const openedOn = overrides.openedOn ?? (await serverToday());
  const input: SelectionInput = {
    orgUnitId: 'ts-01',
    orgUnitName: '红门乡',
    townshipId: 'ts-01',
    post: { postId, title: '副乡长', rank: '副科级', positions: 1, nonElected: true },
    method: 'ordinary',
    qualifications: '大学本科以上学历，两年以上乡镇工作经历',
    scope: '全县乡镇在职干部',
    openedOn,
    openedBy: county,
    people,
    policy: DEFAULT_POLICY,
    ...overrides,
  };
  return env.client.workflow.start('selection', {
    taskQueue: TASK_QUEUE,
    workflowId: selectionCaseId('ts-01', postId, openedOn),
    args: [input],
  });
}

async function decide(handle: WorkflowHandle, step: string, decision: unknown, actor: Actor = county) {
  await waitForTask(handle, step);
  return handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] });
}

/** The day a case was opened: the last part of its id. */
const openedOnOf = (handle: WorkflowHandle) => handle.workflowId.slice(-'YYYY-MM-DD'.length);

/** The steps before the targets: the plan (approved the day the case opened) and both recommendations. */
async function recommend(handle: WorkflowHandle): Promise<void> {
  await decide(handle, 'work-plan', { approvedBy: '县委书记办公会', approvedOn: openedOnOf(handle), notes: '' });
  // The talks come back before the meeting: either order is fine.
  await decide(handle, 'talk-recommendation', { talkedTo: 30, named: { 'p-1': 20, 'p-2': 12, 'p-3': 4 } });
  await decide(handle, 'meeting-recommendation', {
    due: 45,
    attended: 41,
    cast: 41,
    invalid: 1,
    votes: { 'p-1': 30, 'p-2': 18, 'p-3': 6 },
  });
}

const PASS = { outcome: 'pass' };
const CHECKS = ['personnel-file', 'personal-matters', 'discipline-opinion', 'petitions'] as const;

async function inspect(handle: WorkflowHandle, round: number, personId: string, failing?: (typeof CHECKS)[number]): Promise<void> {
  for (const check of CHECKS) {
    await decide(
      handle,
      `check-${round}-${personId}-${check}`,
      check === failing ? { outcome: 'fail', findings: '纪委反映其存在违纪问题，正在核查' } : PASS,
    );
  }
  if (!failing)
    await decide(handle, `report-${round}-${personId}`, { conversations: 26, rating: '优秀 18，称职 8', report: '政治坚定，实绩突出' });
}

async function types(caseId: string): Promise<string[]> {
  return (await db.selectFrom('events').select('type').where('stream_id', '=', caseId).orderBy('position').execute()).map((r) => r.type);
}

/** Waits until a notice is posted and its timer runs (nothing in flight), so a sleep counts against it. */
async function noticePosted(handle: WorkflowHandle, step: string): Promise<void> {
  const noticeId = `${handle.workflowId}:${step}`;
  await eventually(async () => {
    const rows = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', handle.workflowId)
      .where('type', '=', 'PublicNoticePosted')
      .execute();
    return rows.some((r) => (r.data as { noticeId?: string }).noticeId === noticeId) ? true : undefined;
  }, `notice ${step} to be posted`);
  await historyLength(handle);
}

/** A refused decision leaves nothing behind: no accepted update, no event. */
async function refusedWithoutTrace(handle: WorkflowHandle, step: string, decision: unknown, actor: Actor = county) {
  await waitForTask(handle, step);
  const updates = await acceptedUpdates(handle);
  const events = await eventCount(db, handle.workflowId);
  const refusal = await expectRefusal(handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] }));
  expect(await acceptedUpdates(handle)).toBe(updates);
  expect(await eventCount(db, handle.workflowId)).toBe(events);
  return refusal;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  // The registry's people: the record names them from the log's own events.
  await appendBatch(
    db,
    Object.entries(people).map(([personId, p]) => ({
      streamId: `person/${personId}`,
      expectedVersion: 'any' as const,
      idempotencyKey: `seed:${personId}`,
      events: [
        {
          event: {
            type: 'PersonRegistered' as const,
            data: { personId, name: p.name, gender: 'male' as const, birthYear: 1988, orgUnitId: 'ts-01', rank: p.rank },
          },
          metadata: {},
        },
      ],
    })),
  );
});

/** The text of a .docx: its paragraphs, from word/document.xml. */
async function docxText(file: Buffer): Promise<{ paragraphs: string[]; xml: string }> {
  const xml = await (await JSZip.loadAsync(file)).file('word/document.xml')!.async('string');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
  return { paragraphs, xml };
}

afterAll(async () => {
  await database?.drop();
});

timeSkippingWorkerPerTest({ taskQueue: TASK_QUEUE, db: () => db, onEnv: (e) => (env = e) });

describe('selection workflow', { timeout: 240_000 }, () => {
  it('an ordinary selection ends in an appointment and starts its probation', async () => {
    const handle = await start('deputy-head');
    await recommend(handle);
    await decide(handle, 'targets-1', { targets: [{ personId: 'p-1', reason: '会议推荐和谈话推荐均居首位' }] });
    await decide(handle, 'inspection-team-1', { members: ['组织部干部科 王敏', '组织部干部科 刘洋'] });
    await inspect(handle, 1, 'p-1');
    await decide(handle, 'committee-1-1', { membersDue: 11, present: 9, votes: [{ personId: 'p-1', yes: 8, no: 1, abstain: 0 }] });
    // The pre-appointment notice runs its five working days first.
    await noticePosted(handle, 'pre-appointment-notice-p-1');
    await env.sleep('10 days');
    await decide(handle, 'appointment-p-1', { letterOn: '2026-04-01', talkOn: '2026-04-02' });
    expect(await handle.result()).toBe('appointed');
    await keepHistory('selection-ordinary-appointed', handle.fetchHistory());

    const status = await handle.query(selectionStatusQuery);
    expect(status).toMatchObject({ stage: 'closed', appointed: ['p-1'], probations: ['probation/p-1/deputy-head-2026-04-01'] });
    const probation = env.client.workflow.getHandle('probation/p-1/deputy-head-2026-04-01');
    await eventually(
      async () => ((await probation.query(probationStatusQuery)).stage === 'on-probation' ? true : undefined),
      'the probation to start',
    );
    expect((await probation.query(probationStatusQuery)).appointedOn).toBe('2026-04-01');

    expect(await types(handle.workflowId)).toEqual(
      expect.arrayContaining([
        'SelectionOpened',
        'SelectionPlanApproved',
        'MeetingRecommendationRecorded',
        'TalkRecommendationRecorded',
        'InspectionTargetsChosen',
        'InspectionTeamFormed',
        'InspectionReported',
        'CommitteeVoteHeld',
        'PublicNoticePosted',
        'SelectionAppointed',
        'CaseClosed',
      ]),
    );
    const appointed = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', handle.workflowId)
      .where('type', '=', 'SelectionAppointed')
      .executeTakeFirstOrThrow();
    expect(appointed.data).toMatchObject({
      personId: 'p-1',
      letterOn: '2026-04-01',
      probationCaseId: 'probation/p-1/deputy-head-2026-04-01',
      actor: county,
    });
    const c = await db.selectFrom('cases').selectAll().where('case_id', '=', handle.workflowId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ kind: 'selection', status: 'closed', outcome: 'appointed' });
    await probation.terminate('test finished');

    // 全程纪实: written from the log, twice, with the same text; each step with who and the counts.
    const first = await docxText(await recordDocx(await loadSelectionRecord(db, handle.workflowId)));
    const again = await docxText(await recordDocx(await loadSelectionRecord(db, handle.workflowId)));
    expect(again.paragraphs).toEqual(first.paragraphs);
    expect(first.paragraphs[0]).toBe('选拔任用全程纪实：红门乡 副乡长');
    expect(first.paragraphs).toEqual(
      expect.arrayContaining([
        '应到 45 人，实到 41 人；发出并收回推荐票 41 张，其中无效票 1 张。',
        '张伟（p-1）：30 票',
        '张伟（p-1）：会议推荐和谈话推荐均居首位',
        '考察组：组织部干部科 王敏、组织部干部科 刘洋',
        '应到会成员 11 人，实到 9 人，须到 8 人：符合规定，进行表决。',
        '张伟（p-1）：赞成 8，反对 1，弃权 0，回避 0；须赞成 6 票（超过应到会成员半数），通过。',
        '张伟（p-1） 任 副乡长：任职通知 2026-04-01，任职谈话 2026-04-02。试用期案件：probation/p-1/deputy-head-2026-04-01',
      ]),
    );
    expect(first.paragraphs.filter((p) => p.includes('纪检监察机关意见：通过'))).toHaveLength(1);
    expect(first.paragraphs.some((p) => p.startsWith('任前公示：张伟 拟任 红门乡 副乡长：'))).toBe(true);
    // CJK text set in the East Asian font slot, so Word does not fall back to a Latin font.
    expect(first.xml).toContain('w:eastAsia="宋体"');
  });

  it('a competitive selection inspects more than the posts, and a failed discipline opinion removes a target', async () => {
    const handle = await start('party-secretary-deputy', { method: 'competitive' });
    await recommend(handle);
    const tooFew = await refusedWithoutTrace(handle, 'targets-1', { targets: [{ personId: 'p-1', reason: '推荐居首' }] });
    expect(tooFew).toEqual({
      type: 'MalformedDecision',
      message: 'step "targets-1": 1 targets; this selection inspects at least 2 (差额: 1 posts + 1)',
    });
    const blankReason = await refusedWithoutTrace(handle, 'targets-1', {
      targets: [
        { personId: 'p-1', reason: '推荐居首' },
        { personId: 'p-2', reason: ' \u3000' },
      ],
    });
    expect(blankReason.type).toBe('MalformedDecision');
    await decide(handle, 'targets-1', {
      targets: [
        { personId: 'p-1', reason: '推荐居首' },
        { personId: 'p-2', reason: '推荐第二，熟悉农村工作' },
      ],
    });
    const smallTeam = await refusedWithoutTrace(handle, 'inspection-team-1', { members: ['王敏'] });
    expect(smallTeam.message).toBe('step "inspection-team-1": an inspection team has at least 2 members, got 1');
    await decide(handle, 'inspection-team-1', { members: ['王敏', '刘洋'] });
    await inspect(handle, 1, 'p-1', 'discipline-opinion');
    await inspect(handle, 1, 'p-2');
    await eventually(
      async () => ((await handle.query(selectionStatusQuery)).stage === 'committee-1' ? true : undefined),
      'the committee step',
    );
    expect((await handle.query(selectionStatusQuery)).cleared).toEqual(['p-2']);
    const removed = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', handle.workflowId)
      .where('type', '=', 'InspectionTargetRemoved')
      .execute();
    expect(removed.map((r) => r.data)).toEqual([expect.objectContaining({ personId: 'p-1', failedChecks: ['discipline-opinion'] })]);
    // Only a cleared target can be voted on.
    const notCandidate = await refusedWithoutTrace(handle, 'committee-1-1', {
      membersDue: 11,
      present: 9,
      votes: [{ personId: 'p-1', yes: 9, no: 0, abstain: 0 }],
    });
    expect(notCandidate.message).toBe('step "committee-1-1": p-1 is not a candidate of this selection (candidates: p-2)');
    await decide(handle, 'committee-1-1', { membersDue: 11, present: 9, votes: [{ personId: 'p-2', yes: 7, no: 2, abstain: 0 }] });
    await noticePosted(handle, 'pre-appointment-notice-p-2');
    await env.sleep('10 days');
    await decide(handle, 'appointment-p-2', { letterOn: '2026-04-01', talkOn: '2026-04-01' });
    expect(await handle.result()).toBe('appointed');
    await keepHistory('selection-competitive-target-removed', handle.fetchHistory());
    await env.client.workflow.getHandle('probation/p-2/party-secretary-deputy-2026-04-01').terminate('test finished');
  });

  it('a committee without a quorum meets again; exactly half of those due is refused, and the county keeps the post open', async () => {
    const handle = await start('organization-member');
    await recommend(handle);
    await decide(handle, 'targets-1', { targets: [{ personId: 'p-1', reason: '推荐居首' }] });
    await decide(handle, 'inspection-team-1', { members: ['王敏', '刘洋'] });
    await inspect(handle, 1, 'p-1');
    // 12 due: 2/3 is 8, and 7 came.
    const votedWithoutQuorum = await refusedWithoutTrace(handle, 'committee-1-1', {
      membersDue: 12,
      present: 7,
      votes: [{ personId: 'p-1', yes: 7, no: 0, abstain: 0 }],
    });
    expect(votedWithoutQuorum.message).toMatch(/^step "committee-1-1": 7 of 12 members present: without a quorum/);
    await decide(handle, 'committee-1-1', { membersDue: 12, present: 7, votes: [] });
    // Held again: 8 present is exactly 2/3; 6 yes is exactly half of the 12 due, with 2 recused.
    await decide(handle, 'committee-1-2', {
      membersDue: 12,
      present: 8,
      votes: [{ personId: 'p-1', recused: 2, yes: 6, no: 0, abstain: 0 }],
    });
    await decide(handle, 'vote-failed-1', { next: 'keep-open', reason: '票数未过应到会成员半数，岗位暂缺' });
    expect(await handle.result()).toBe('kept-open');
    await keepHistory('selection-no-quorum-then-half', handle.fetchHistory());
    const held = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', handle.workflowId)
      .where('type', '=', 'CommitteeVoteHeld')
      .orderBy('position')
      .execute();
    expect(held.map((r) => r.data)).toEqual([
      expect.objectContaining({ meeting: 1, outcome: 'no-quorum', present: 7, quorumNeeded: 8, results: [] }),
      expect.objectContaining({
        meeting: 2,
        outcome: 'voted',
        present: 8,
        results: [{ personId: 'p-1', approved: false, yes: 6, yesNeeded: 7 }],
      }),
    ]);
  });

  it('a failed vote the county sends back to the targets opens a second round, whose candidate is approved', async () => {
    const handle = await start('party-member-round');
    await recommend(handle);
    await decide(handle, 'targets-1', { targets: [{ personId: 'p-1', reason: '推荐居首' }] });
    await decide(handle, 'inspection-team-1', { members: ['王敏', '刘洋'] });
    await inspect(handle, 1, 'p-1');
    // 11 due: 5 yes is not more than half of them.
    await decide(handle, 'committee-1-1', { membersDue: 11, present: 9, votes: [{ personId: 'p-1', yes: 5, no: 4, abstain: 0 }] });
    await decide(handle, 'vote-failed-1', { next: 'return-to-targets', reason: '未获通过，重新确定考察对象' });
    await decide(handle, 'targets-2', { targets: [{ personId: 'p-2', reason: '会议推荐居次，谈话推荐较集中' }] });
    await decide(handle, 'inspection-team-2', { members: ['王敏', '刘洋'] });
    await inspect(handle, 2, 'p-2');
    await decide(handle, 'committee-2-1', { membersDue: 11, present: 9, votes: [{ personId: 'p-2', yes: 8, no: 1, abstain: 0 }] });
    await noticePosted(handle, 'pre-appointment-notice-p-2');
    const status = await handle.query(selectionStatusQuery);
    expect(status).toMatchObject({ round: 2, targets: ['p-2'], approved: ['p-2'] });
    expect(await types(handle.workflowId)).toEqual(
      expect.arrayContaining(['SelectionVoteFailed', 'InspectionTargetsChosen', 'CommitteeVoteHeld', 'PublicNoticePosted']),
    );
    await handle.terminate('test finished');
  });

  it('an upheld objection during the pre-appointment notice cancels the appointment', async () => {
    const handle = await start('deputy-secretary', {
      post: { postId: 'deputy-secretary', title: '党委副书记', rank: '副科级', positions: 1, nonElected: false },
    });
    await recommend(handle);
    await decide(handle, 'targets-1', { targets: [{ personId: 'p-3', reason: '谈话推荐' }] });
    await decide(handle, 'inspection-team-1', { members: ['王敏', '刘洋'] });
    await inspect(handle, 1, 'p-3');
    await decide(handle, 'committee-1-1', { membersDue: 9, present: 9, votes: [{ personId: 'p-3', yes: 5, no: 4, abstain: 0 }] });
    const notice = 'pre-appointment-notice-p-3';
    // A township committee is not the county: it may object, like anyone, but not decide.
    await eventually(
      () => handle.executeUpdate(fileObjectionUpdate, { args: [{ notice, actor: township, summary: '反映其档案年龄问题' }] }),
      'the notice to accept objections',
    );
    const wrongRole = await refusedWithoutTrace(handle, `${notice}:objection-1:finding`, { upheld: true, finding: '属实' }, township);
    expect(wrongRole.type).toBe('WrongRole');
    await decide(handle, `${notice}:objection-1:finding`, { upheld: true, finding: '经核查，档案年龄存在涂改' });
    await env.sleep('10 days');
    expect(await handle.result()).toBe('appointments-cancelled');
    await keepHistory('selection-appointment-cancelled', handle.fetchHistory());
    expect(await types(handle.workflowId)).toContain('SelectionAppointmentCancelled');
    expect(await types(handle.workflowId)).not.toContain('SelectionAppointed');
  });

  it('a pre-appointment notice posted on paper before the vote was entered, its period run, opens the appointment at once', async () => {
    const today = await serverToday();
    const openedOn = addDays(today, -40);
    const heldOn = addDays(today, -20);
    const postedOn = addDays(today, -19);
    const handle = await start('deputy-head-paper', { openedOn });
    await recommend(handle);
    await decide(handle, 'targets-1', { targets: [{ personId: 'p-1', reason: '推荐居首' }] });
    await decide(handle, 'inspection-team-1', { members: ['王敏', '刘洋'] });
    await inspect(handle, 1, 'p-1');
    await decide(handle, 'committee-1-1', {
      membersDue: 9,
      present: 8,
      votes: [{ personId: 'p-1', yes: 7, no: 1, abstain: 0 }],
      heldOn,
      noticePostedOn: postedOn,
    });
    // Nineteen days cover the five working days: the notice closes as soon as it is posted, no time passes.
    await waitForTask(handle, 'appointment-p-1');
    const notice = await db
      .selectFrom('events')
      .select(['type', 'data'])
      .where('stream_id', '=', handle.workflowId)
      .where('type', 'in', ['PublicNoticePosted', 'PublicNoticeClosed', 'CommitteeVoteHeld'])
      .orderBy('position')
      .execute();
    expect(notice.map((r) => r.type)).toEqual(['CommitteeVoteHeld', 'PublicNoticePosted', 'PublicNoticeClosed']);
    expect(notice[0]!.data).toMatchObject({ heldOn, outcome: 'voted' });
    expect(notice[1]!.data).toMatchObject({ noticeId: `${handle.workflowId}:pre-appointment-notice-p-1`, postedOn, workingDays: 5 });
    expect(notice[2]!.data).toMatchObject({ outcome: 'clear', objections: 0 });
    await decide(handle, 'appointment-p-1', { letterOn: today, talkOn: today });
    expect(await handle.result()).toBe('appointed');
    await keepHistory('selection-backdated-notice', handle.fetchHistory());
    const probationId = `probation/p-1/deputy-head-paper-${today}`;
    expect((await handle.query(selectionStatusQuery)).probations).toEqual([probationId]);
    await env.client.workflow.getHandle(probationId).terminate('test finished');

    // The record gives the meeting's day and the day the notice went up, not the days they were entered.
    const record = await docxText(await recordDocx(await loadSelectionRecord(db, handle.workflowId)));
    expect(record.paragraphs).toContain(`会议日期：${heldOn}；记录人：org-staff，记录日期：${today}`);
    expect(
      record.paragraphs.some((p) => p.startsWith('任前公示：张伟 拟任 红门乡 副乡长：') && p.includes(`：${postedOn} 起公示 5 个工作日`)),
    ).toBe(true);
  });

  it('refuses, and writes nothing for, a plan approved before the case opened or after today, a notice day in the future or before the vote, and a list for a decision', async () => {
    const today = await serverToday();
    const openedOn = addDays(today, -10);
    const handle = await start('deputy-head-refusals', { openedOn });
    const plan = { approvedBy: '县委书记办公会', notes: '' };
    expect(await refusedWithoutTrace(handle, 'work-plan', { ...plan, approvedOn: addDays(openedOn, -1) })).toEqual({
      type: 'MalformedDecision',
      message: `step "work-plan": approvedOn ${addDays(openedOn, -1)} is before the selection was opened (${openedOn}): the plan follows the proposal`,
    });
    expect((await refusedWithoutTrace(handle, 'work-plan', { ...plan, approvedOn: addDays(today, 1) })).message).toBe(
      `step "work-plan": approvedOn ${addDays(today, 1)} is after today (${today})`,
    );
    expect(await refusedWithoutTrace(handle, 'work-plan', [1, 2])).toEqual({
      type: 'MalformedDecision',
      message: `step "work-plan": the decision must be a JSON object of the step's fields ({"field": value, …}), got a list`,
    });
    await recommend(handle);
    await decide(handle, 'targets-1', { targets: [{ personId: 'p-1', reason: '推荐居首' }] });
    await decide(handle, 'inspection-team-1', { members: ['王敏', '刘洋'] });
    await inspect(handle, 1, 'p-1');
    const vote = { membersDue: 9, present: 8, votes: [{ personId: 'p-1', yes: 7, no: 1, abstain: 0 }] };
    const heldOn = addDays(today, -3);
    const refused = async (days: Record<string, string>) =>
      (await refusedWithoutTrace(handle, 'committee-1-1', { ...vote, ...days })).message;
    expect(await refused({ heldOn, noticePostedOn: addDays(today, 1) })).toBe(
      `step "committee-1-1": noticePostedOn ${addDays(today, 1)} is after today (${today})`,
    );
    expect(await refused({ heldOn, noticePostedOn: addDays(heldOn, -1) })).toBe(
      `step "committee-1-1": noticePostedOn ${addDays(heldOn, -1)} is before heldOn ${heldOn}: the notice follows the vote`,
    );
    expect(await refused({ heldOn: addDays(openedOn, -1) })).toBe(
      `step "committee-1-1": heldOn ${addDays(openedOn, -1)} is before the selection was opened (${openedOn})`,
    );
    expect(await refusedWithoutTrace(handle, 'committee-1-1', { ...vote, votes: [[1, 2]] })).toEqual({
      type: 'MalformedDecision',
      message: 'step "committee-1-1": votes[0] must be an object',
    });
    // Still open: the notice is not posted until a vote is taken.
    expect(await types(handle.workflowId)).not.toContain('PublicNoticePosted');
    await waitForTask(handle, 'committee-1-1');
    await handle.terminate('test finished');
  });

  it('follows the policy: a county that posts the target list waits for it', async () => {
    const policy: Policy = parsePolicy({ version: 'c.sel', selection: { targetNoticeWorkingDays: 3 } });
    const handle = await start('posted-targets', { policy });
    await recommend(handle);
    await decide(handle, 'targets-1', { targets: [{ personId: 'p-1', reason: '推荐居首' }] });
    await noticePosted(handle, 'targets-1-notice');
    await env.sleep('7 days');
    await waitForTask(handle, 'inspection-team-1');
    await handle.terminate('test finished');
  });
});
