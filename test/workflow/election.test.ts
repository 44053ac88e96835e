/**
 * Elections (两推一选 / 双推直选) through the real workflow code on Temporal's
 * time-skipping test server, with activities writing to a real PostgreSQL database:
 * the slate's five-working-day notice passes in a moment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_POLICY } from '../../domain/policy';
import { shanghaiDate } from '../../domain/calendar';
import type { Actor } from '../../domain/actors';
import type { DomainEvent } from '../../domain/events';
import { appendBatch } from '../../activities/eventStore';
import { createTestDatabase } from '../support/db';
import { timeSkippingWorkerPerTest } from '../support/timeSkipping';
import { acceptedUpdates, eventCount, eventually, expectRefusal, historyLength, keepHistory, waitForTask } from '../support/cases';
import { decideUpdate, fileObjectionUpdate, pendingTasksQuery } from '../../workflows/kit/messages';
import { electionStatusQuery, type ElectionInput } from '../../workflows/election';
import type { DB } from '../../schema/db';
import { eligiblePersonsOf } from '../../client/electionService';

const TASK_QUEUE = 'election-test';
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const otherTownship: Actor = { id: 'ts-02-committee', role: 'township-committee', townshipId: 'ts-02' };
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
const VILLAGE = 'ts-01-v01';

let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DB;

const people = ['p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6', 'p-7', 'p-8'];

async function seedRegistry(): Promise<void> {
  const unit = (orgUnitId: string, name: string, kind: 'township' | 'village', parentId: string | null): DomainEvent => ({
    type: 'OrgUnitEstablished',
    data: { orgUnitId, name, kind, parentId, effectiveFrom: '2025-01-01' },
  });
  await appendBatch(db, [
    {
      streamId: 'orgunit/seed',
      expectedVersion: 'any',
      idempotencyKey: 'seed:units',
      events: [
        unit('ts-01', '红门乡', 'township', null),
        unit(VILLAGE, '东湾村', 'village', 'ts-01'),
        unit('ts-02', '青石镇', 'township', null),
      ].map((event) => ({ event, metadata: {} })),
    },
    ...people.map((personId, i) => ({
      streamId: `person/${personId}`,
      expectedVersion: 'any' as const,
      idempotencyKey: `seed:${personId}`,
      events: [
        {
          event: {
            type: 'PersonRegistered',
            data: { personId, name: `村民${i + 1}`, gender: 'male', birthYear: 1980, orgUnitId: VILLAGE, rank: '村干部' },
          } as DomainEvent,
          metadata: {},
        },
        // The outgoing committee: p-1 secretary (一肩挑), p-2 member.
        ...(i < 2
          ? [
              {
                event: {
                  type: 'PostAssigned',
                  data: {
                    assignmentId: `old-${personId}`,
                    personId,
                    orgUnitId: VILLAGE,
                    title: i === 0 ? '党支部书记、村委会主任' : '党支部委员',
                    rank: '村干部',
                    startedOn: '2021-06-01',
                    onTrial: false,
                  },
                } as DomainEvent,
                metadata: {},
              },
            ]
          : []),
      ],
    })),
    // Registered, but of another township: no nominee of ts-01's elections.
    {
      streamId: 'person/p-20',
      expectedVersion: 'any' as const,
      idempotencyKey: 'seed:p-20',
      events: [
        {
          event: {
            type: 'PersonRegistered',
            data: { personId: 'p-20', name: '邻镇干部', gender: 'female', birthYear: 1982, orgUnitId: 'ts-02', rank: '科员' },
          } as DomainEvent,
          metadata: {},
        },
      ],
    },
  ]);
}

/** Who ts-01's elections may name, read as `election start` reads it. */
let eligiblePersons: string[] = [];

function input(overrides: Partial<ElectionInput> = {}): ElectionInput {
  return {
    orgUnitId: VILLAGE,
    orgUnitName: '东湾村',
    townshipId: 'ts-01',
    form: 'village',
    term: '2026',
    seats: 3,
    previousHolders: [
      { assignmentId: 'old-p-1', personId: 'p-1', title: '党支部书记、村委会主任', rank: '村干部', role: 'secretary' },
      { assignmentId: 'old-p-2', personId: 'p-2', title: '党支部委员', rank: '村干部', role: 'member' },
    ],
    eligiblePersons,
    policy: DEFAULT_POLICY,
    ...overrides,
  };
}

let serverNow = Date.now();

async function start(id: string, overrides: Partial<ElectionInput> = {}): Promise<WorkflowHandle> {
  serverNow = await env.currentTimeMs();
  return env.client.workflow.start('election', {
    taskQueue: TASK_QUEUE,
    workflowId: `election/${VILLAGE}/${id}`,
    args: [input(overrides)],
  });
}

async function decide(handle: WorkflowHandle, step: string, actor: Actor, decision: unknown) {
  await waitForTask(handle, step);
  return handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] });
}

/** A decision the case must refuse, leaving no accepted update and no event behind. */
async function refused(handle: WorkflowHandle, step: string, actor: Actor, decision: unknown) {
  await waitForTask(handle, step);
  // The query shows a step as soon as the workflow opens it; its TaskOpened (and a
  // parallel step's) append follows: count once nothing is in flight in the history.
  await historyLength(handle);
  const events = await eventCount(db, handle.workflowId);
  const updates = await acceptedUpdates(handle);
  const r = await expectRefusal(handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] }));
  expect(await acceptedUpdates(handle)).toBe(updates);
  expect(await eventCount(db, handle.workflowId)).toBe(events);
  return r;
}

const MEMBERS = { eligible: 30, present: 25, cast: 25, invalid: 1, votes: { 'p-3': 20, 'p-4': 18, 'p-5': 15, 'p-6': 12, 'p-7': 5 } };
const MASSES = { eligible: 40, present: 30, cast: 30, invalid: 0, votes: { 'p-3': 25, 'p-4': 20, 'p-5': 18, 'p-6': 10, 'p-7': 3 } };

async function throughNotice(handle: WorkflowHandle): Promise<void> {
  await decide(handle, 'request-approval', township, { outcome: 'approve', reason: '同意按期换届' });
  await decide(handle, 'election-notice', township, { date: shanghaiDate(serverNow), method: '差额选举、无记名投票', eligibleVoters: 30 });
}

async function throughRecommendations(handle: WorkflowHandle): Promise<void> {
  await throughNotice(handle);
  await decide(handle, 'members-recommendation', township, MEMBERS);
  await decide(handle, 'masses-recommendation', township, MASSES);
}

async function vetAll(handle: WorkflowHandle, ids: string[], fail: string[] = []): Promise<void> {
  for (const id of ids) {
    await decide(
      handle,
      `vetting-${id}`,
      township,
      fail.includes(id) ? { outcome: 'fail', findings: '群众反映较差' } : { outcome: 'pass', findings: '符合条件' },
    );
  }
}

/** The slate's notice (公示) runs five working days; the test server skips them. */
async function passNotice(handle: WorkflowHandle, after: string): Promise<void> {
  await env.sleep('10 days');
  await waitForTask(handle, after);
}

async function types(caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('events').select('type').where('stream_id', '=', caseId).orderBy('position').execute();
  return rows.map((r) => r.type);
}

type DataOf<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>['data'];

async function eventsOf<T extends DomainEvent['type']>(caseId: string, type: T): Promise<Array<DataOf<T>>> {
  const rows = await db
    .selectFrom('events')
    .select('data')
    .where('stream_id', '=', caseId)
    .where('type', '=', type)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.data as unknown as DataOf<T>);
}

async function finish(handle: WorkflowHandle, secretary: string, deputy: string): Promise<void> {
  await decide(handle, 'officers', township, { secretary, deputy });
  await decide(handle, 'result-approval', township, { outcome: 'approve' });
  await decide(handle, 'filing', county, { reference: '组备〔2026〕1号' });
  expect(await handle.result()).toBe('filed');
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedRegistry();
  eligiblePersons = await eligiblePersonsOf(db, 'ts-01');
  expect(eligiblePersons).toEqual(people);
});

afterAll(async () => {
  await database?.drop();
});

timeSkippingWorkerPerTest({ taskQueue: TASK_QUEUE, db: () => db, onEnv: (e) => (env = e) });

describe('election workflow', () => {
  it('runs a clean election: recommendations, vetting, slate, notice, ballot, officers, approval, filing → registry posts', async () => {
    const handle = await start('clean');
    await throughRecommendations(handle);
    await decide(handle, 'township-review', township, {});
    await vetAll(handle, ['p-3', 'p-4', 'p-5', 'p-6', 'p-7'], ['p-7']);
    await decide(handle, 'slate', township, { candidates: 'p-3,p-4,p-5,p-6' });
    await passNotice(handle, 'election-meeting');
    // 27 present of 30 (> 4/5); p-6's 10 yes-votes are not more than half of 27.
    await decide(handle, 'election-meeting', township, {
      eligible: 30,
      present: 27,
      cast: 27,
      invalid: 1,
      votes: { 'p-3': 25, 'p-4': 22, 'p-5': 20, 'p-6': 10 },
    });
    await finish(handle, 'p-3', 'p-4');
    // A case started with the registry's eligible people (eligiblePersons), beside election-filed from before.
    await keepHistory('election-filed-eligible-persons', handle.fetchHistory());

    const caseId = handle.workflowId;
    expect(await types(caseId)).toEqual(
      expect.arrayContaining([
        'ElectionRequested',
        'ElectionRequestApproved',
        'ElectionNoticePosted',
        'RecommendationMeetingHeld',
        'CandidateVetted',
        'SlateSet',
        'PublicNoticePosted',
        'PublicNoticeClosed',
        'ElectionMeetingHeld',
        'OfficersElected',
        'ElectionApproved',
        'ElectionFiled',
        'CaseClosed',
      ]),
    );
    const [held] = await eventsOf(caseId, 'ElectionMeetingHeld');
    expect(held).toMatchObject({
      outcome: 'filled',
      elected: ['p-3', 'p-4', 'p-5'],
      needed: 14,
      quorum: { met: true, needed: 25 },
      unfilled: 0,
    });

    const row = await db.selectFrom('elections').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      org_unit_id: VILLAGE,
      township_id: 'ts-01',
      form: 'village',
      term: '2026',
      seats: 3,
      status: 'filed',
      stage: 'filing',
      eligible_voters: 30,
      slate: ['p-3', 'p-4', 'p-5', 'p-6'],
      elected: ['p-3', 'p-4', 'p-5'],
      secretary: 'p-3',
      deputy: 'p-4',
      meetings_held: 3,
      vacant: 0,
    });
    expect(row.approved_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.filed_on).toBe(row.approved_on);
    expect(row.nominees.map((n) => [n.personId, n.status])).toEqual([
      ['p-3', 'passed'],
      ['p-4', 'passed'],
      ['p-5', 'passed'],
      ['p-6', 'passed'],
      ['p-7', 'failed'],
    ]);

    // The registry: the outgoing posts ended as replaced, the new ones start on the approval day.
    const posts = await db.selectFrom('post_assignments').selectAll().where('org_unit_id', '=', VILLAGE).orderBy('assignment_id').execute();
    expect(
      posts.map((p) => [
        p.person_id,
        p.title,
        p.rank,
        p.started_on === row.approved_on ? 'new' : 'old',
        p.ended_on === row.approved_on ? p.end_reason : null,
      ]),
    ).toEqual([
      ['p-3', '党支部书记', '村干部', 'new', null],
      ['p-4', '党支部副书记', '村干部', 'new', null],
      ['p-5', '党支部委员', '村干部', 'new', null],
      ['p-1', '党支部书记、村委会主任', '村干部', 'old', 'replaced'],
      ['p-2', '党支部委员', '村干部', 'old', 'replaced'],
    ]);
    const p1 = await db.selectFrom('people').selectAll().where('person_id', '=', 'p-1').executeTakeFirstOrThrow();
    expect(p1.current_assignment_id).toBeNull();
    const p3 = await db.selectFrom('people').selectAll().where('person_id', '=', 'p-3').executeTakeFirstOrThrow();
    expect(p3.current_title).toBe('党支部书记');
    const keys = (await db.selectFrom('events').select('idempotency_key').where('stream_id', '=', caseId).execute()).map(
      (r) => r.idempotency_key,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('holds a meeting without a quorum again; a count recorded without a quorum is refused', async () => {
    const handle = await start('quorum');
    await throughNotice(handle);
    // 20 of 30 is exactly 2/3, not more: no quorum.
    const r = await refused(handle, 'members-recommendation', township, {
      eligible: 30,
      present: 20,
      cast: 20,
      invalid: 0,
      votes: { 'p-3': 15, 'p-4': 12 },
    });
    expect(r.type).toBe('MalformedDecision');
    expect(r.message).toContain('20 of 30 present; the meeting needs at least 21 (more than 2/3)');
    expect((await refused(handle, 'members-recommendation', township, { ...MEMBERS, eligible: 31 })).message).toContain(
      '30 members with voting rights',
    );
    await decide(handle, 'members-recommendation', township, { eligible: 30, present: 20 });
    await decide(handle, 'members-recommendation-2', township, {
      eligible: 30,
      present: 21,
      cast: 21,
      invalid: 0,
      votes: { 'p-3': 18, 'p-4': 16, 'p-5': 14, 'p-6': 10, 'p-7': 5 },
    });
    await decide(handle, 'masses-recommendation', township, MASSES);
    await waitForTask(handle, 'township-review');

    const held = await eventsOf(handle.workflowId, 'RecommendationMeetingHeld');
    expect(held.map((h) => [h.meeting, h.round, h.outcome, h.quorum])).toEqual([
      ['members', 1, 'no-quorum', { met: false, needed: 21 }],
      ['members', 2, 'valid', { met: true, needed: 21 }],
      ['masses', 1, 'valid', { met: true, needed: 27 }],
    ]);
    const status = await handle.query(electionStatusQuery);
    expect(status.nominees.map((n) => n.personId)).toEqual(['p-3', 'p-4', 'p-5', 'p-6', 'p-7']);
    const row = await db.selectFrom('elections').selectAll().where('case_id', '=', handle.workflowId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ meetings_held: 3, stage: 'review', status: 'in-progress' });
    await handle.terminate('test finished');
  });

  it('strikes a candidate for an upheld objection during the notice; the slate below the margin is refilled and posted again', async () => {
    const handle = await start('struck');
    await throughRecommendations(handle);
    await decide(handle, 'township-review', township, { rejected: [] });
    await vetAll(handle, ['p-3', 'p-4', 'p-5', 'p-6', 'p-7']);
    const short = await refused(handle, 'slate', township, { candidates: 'p-3,p-4,p-5' });
    expect(short.message).toContain('slate of 3 for 3 seats needs at least 4 candidates (seats + 20%)');
    await decide(handle, 'slate', township, { candidates: ['p-3', 'p-4', 'p-5', 'p-6'] });

    await eventually(
      () =>
        handle.executeUpdate(fileObjectionUpdate, {
          args: [{ notice: 'slate-notice', actor: township, summary: '反映 p-6 违规占用耕地' }],
        }),
      'the slate notice to take objections',
    );
    await decide(handle, 'slate-notice:objection-1:finding', county, { upheld: true, finding: '经核查属实' });
    await env.sleep('10 days');
    await decide(handle, 'slate-notice:strikes', township, { struck: 'p-6' });
    // p-7 passed vetting and is not on the slate: the replacement may take them without new votes.
    await decide(handle, 'replacement-1', township, { personId: 'p-7' });
    await passNotice(handle, 'election-meeting');

    const caseId = handle.workflowId;
    expect(await eventsOf(caseId, 'CandidateStruck')).toEqual([
      expect.objectContaining({ personId: 'p-6', noticeId: `${caseId}:slate-notice`, findings: ['经核查属实'] }),
    ]);
    expect((await eventsOf(caseId, 'SlateSet')).map((s) => [s.round, s.slate])).toEqual([
      [1, ['p-3', 'p-4', 'p-5', 'p-6']],
      [2, ['p-3', 'p-4', 'p-5', 'p-7']],
    ]);
    const notices = await db.selectFrom('public_notices').selectAll().where('case_id', '=', caseId).orderBy('posted_at').execute();
    expect(notices.map((n) => [n.notice_id, n.outcome])).toEqual([
      [`${caseId}:slate-notice`, 'upheld-objection'],
      [`${caseId}:slate-notice-2`, 'clear'],
    ]);
    const row = await db.selectFrom('elections').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ slate: ['p-3', 'p-4', 'p-5', 'p-7'], struck: ['p-6'] });
    const pending = await handle.query(pendingTasksQuery);
    expect(pending.map((t) => t.step)).toEqual(['election-meeting']);
    // The ballot now lists the refilled slate: a vote for the struck candidate is refused.
    const offSlate = await refused(handle, 'election-meeting', township, {
      eligible: 30,
      present: 27,
      cast: 27,
      invalid: 0,
      votes: { 'p-3': 25, 'p-4': 22, 'p-5': 20, 'p-6': 10 },
    });
    expect(offSlate.message).toContain('not on the list: p-6');
    await handle.terminate('test finished');
  });

  it('re-holds an election meeting at exactly 4/5; exactly half the votes leaves a seat vacant; a failed reduction vote, then a second ballot fills it', async () => {
    const handle = await start('vacant');
    await throughRecommendations(handle);
    await decide(handle, 'township-review', township, {});
    await vetAll(handle, ['p-3', 'p-4', 'p-5', 'p-6', 'p-7']);
    await decide(handle, 'slate', township, { candidates: 'p-3,p-4,p-5,p-6' });
    await passNotice(handle, 'election-meeting');
    // 24 of 30 is exactly 4/5, not more: the meeting is held again.
    await decide(handle, 'election-meeting', township, { eligible: 30, present: 24 });
    // 26 present: p-5's 13 is exactly half, which does not elect.
    await decide(handle, 'election-meeting-2', township, {
      eligible: 30,
      present: 26,
      cast: 26,
      invalid: 0,
      votes: { 'p-3': 25, 'p-4': 20, 'p-5': 13, 'p-6': 12 },
    });
    await decide(handle, 'vacancy', township, { action: 'reduce-seats', agreeing: 13, present: 26 });
    await decide(handle, 'vacancy-2', township, { action: 'second-ballot' });
    // 另行选举 among the rest, for the one seat: a ballot approving both is over-marked.
    expect(
      (
        await refused(handle, 'second-ballot', township, {
          eligible: 30,
          present: 26,
          cast: 26,
          invalid: 0,
          votes: { 'p-5': 26, 'p-6': 26 },
        })
      ).message,
    ).toContain('more than 26 valid ballots × 1 seat(s) = 26');
    await decide(handle, 'second-ballot', township, { eligible: 30, present: 26, cast: 26, invalid: 1, votes: { 'p-5': 14, 'p-6': 11 } });
    await finish(handle, 'p-3', 'p-5');

    const caseId = handle.workflowId;
    const ballots = await eventsOf(caseId, 'ElectionMeetingHeld');
    expect(ballots.map((b) => [b.ballot, b.outcome, b.elected, b.needed, b.unfilled])).toEqual([
      ['first', 'no-quorum', [], null, 3],
      ['first', 'vacant', ['p-3', 'p-4'], 14, 1],
      ['second', 'filled', ['p-5'], 14, 0],
    ]);
    expect(await eventsOf(caseId, 'SeatReductionRefused')).toEqual([expect.objectContaining({ agreeing: 13, present: 26, needed: 14 })]);
    expect(await eventsOf(caseId, 'SecondBallotCalled')).toEqual([expect.objectContaining({ seats: 1, candidates: ['p-5', 'p-6'] })]);
    const row = await db.selectFrom('elections').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      elected: ['p-3', 'p-4', 'p-5'],
      seats: 3,
      vacant: 0,
      secretary: 'p-3',
      deputy: 'p-5',
      status: 'filed',
      meetings_held: 5,
    });
    expect(ballots[0]!.quorum).toEqual({ met: false, needed: 25 });
  });

  it('replaces a nominee the township rejects (递补); the replacement is vetted, the rejected one is not; too few passing → another 递补', async () => {
    const handle = await start('replaced');
    await throughRecommendations(handle);
    expect((await refused(handle, 'township-review', township, { rejected: 'p-7' })).message).toContain('reason is required');
    await decide(handle, 'township-review', township, { rejected: 'p-7', reason: '不符合任职条件' });
    expect((await refused(handle, 'replacement-1', township, { personId: 'p-8' })).message).toContain('needs memberVotes and massesVotes');
    expect((await refused(handle, 'replacement-1', township, { personId: 'p-6', memberVotes: 1, massesVotes: 1 })).message).toContain(
      'already a nominee',
    );
    await decide(handle, 'replacement-1', township, { personId: 'p-8', memberVotes: 9, massesVotes: 6 });
    await waitForTask(handle, 'vetting-p-8');
    const pending = (await handle.query(pendingTasksQuery)).map((t) => t.step).sort();
    expect(pending).toEqual(['vetting-p-3', 'vetting-p-4', 'vetting-p-5', 'vetting-p-6', 'vetting-p-8']);

    const caseId = handle.workflowId;
    expect(await eventsOf(caseId, 'NomineeRejected')).toEqual([expect.objectContaining({ personId: 'p-7', reason: '不符合任职条件' })]);
    expect(await eventsOf(caseId, 'NomineeReplaced')).toEqual([
      expect.objectContaining({ replaces: 'p-7', personId: 'p-8', memberVotes: 9, massesVotes: 6 }),
    ]);
    const row = await db.selectFrom('elections').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(row.nominees.find((n) => n.personId === 'p-7')?.status).toBe('rejected');
    expect(row.nominees.at(-1)).toEqual({ personId: 'p-8', memberVotes: 9, massesVotes: 6, status: 'nominated', replaces: 'p-7' });

    // Two fail vetting: three pass, one short of the margin, so a further 递补 fills the gap.
    await vetAll(handle, ['p-3', 'p-4', 'p-5', 'p-6', 'p-8'], ['p-6', 'p-8']);
    await decide(handle, 'replacement-2', township, { personId: 'p-1', memberVotes: 8, massesVotes: 5 });
    await decide(handle, 'vetting-p-1', township, { outcome: 'pass' });
    await waitForTask(handle, 'slate');
    expect((await eventsOf(caseId, 'NomineeReplaced')).at(-1)).toMatchObject({ replaces: 'p-6', personId: 'p-1' });
    expect((await handle.query(electionStatusQuery)).nominees.filter((n) => n.status === 'passed').map((n) => n.personId)).toEqual([
      'p-3',
      'p-4',
      'p-5',
      'p-1',
    ]);
    await handle.terminate('test finished');
  });

  it('refuses votes and a replacement naming a person not in the registry or of another township, and writes nothing', async () => {
    const handle = await start('unregistered');
    await throughNotice(handle);
    const { 'p-7': _, ...votes } = MEMBERS.votes;
    const stranger = await refused(handle, 'members-recommendation', township, { ...MEMBERS, votes: { ...votes, 'p-99': 5 } });
    expect(stranger).toEqual({
      type: 'MalformedDecision',
      message:
        'step "members-recommendation": votes names p-99: not registered as a person of township ts-01 (unknown to the registry, or of another township) / p-99 不是本乡镇（ts-01）登记在册的人员',
    });
    const neighbour = await refused(handle, 'masses-recommendation', township, { ...MASSES, votes: { 'p-3': 25, 'p-20': 3, 'p-99': 1 } });
    expect(neighbour.message).toContain('votes names p-20, p-99: not registered as people of township ts-01');
    await decide(handle, 'members-recommendation', township, MEMBERS);
    await decide(handle, 'masses-recommendation', township, MASSES);
    await decide(handle, 'township-review', township, { rejected: 'p-7', reason: '不符合任职条件' });
    for (const personId of ['p-20', 'p-99']) {
      const r = await refused(handle, 'replacement-1', township, { personId, memberVotes: 9, massesVotes: 6 });
      expect(r.message).toContain(`personId names ${personId}: not registered as a person of township ts-01`);
    }
    expect((await handle.query(electionStatusQuery)).nominees.map((n) => n.personId).sort()).toEqual(['p-3', 'p-4', 'p-5', 'p-6', 'p-7']);
    await decide(handle, 'replacement-1', township, { personId: 'p-8', memberVotes: 9, massesVotes: 6 });
    await handle.terminate('test finished');
  });

  it('a case started before the check (no eligible list in its input) names anyone, as it did', async () => {
    const handle = await start('before-the-check', { eligiblePersons: undefined });
    await throughNotice(handle);
    const { 'p-7': _, ...votes } = MEMBERS.votes;
    await decide(handle, 'members-recommendation', township, { ...MEMBERS, votes: { ...votes, 'p-99': 5 } });
    await waitForTask(handle, 'masses-recommendation');
    expect(await eventsOf(handle.workflowId, 'RecommendationMeetingHeld')).toEqual([
      expect.objectContaining({ votes: expect.objectContaining({ 'p-99': 5 }) }),
    ]);
    await handle.terminate('test finished');
  });

  it("refuses another township's committee (WrongTownship) and writes nothing", async () => {
    const handle = await start('wrong-township');
    const r = await refused(handle, 'request-approval', otherTownship, { outcome: 'approve' });
    expect(r.type).toBe('WrongTownship');
    expect(r.message).toContain('belongs to township ts-01, not ts-02');
    expect((await refused(handle, 'request-approval', county, { outcome: 'approve' })).type).toBe('WrongRole');
    await decide(handle, 'request-approval', township, { outcome: 'reject', reason: '党员人数不足，暂缓换届' });
    expect(await handle.result()).toBe('request-rejected');
    expect((await types(handle.workflowId)).slice(-3)).toEqual(['TaskDecided', 'ElectionRequestRejected', 'CaseClosed']);
    const row = await db.selectFrom('elections').selectAll().where('case_id', '=', handle.workflowId).executeTakeFirstOrThrow();
    expect(row.status).toBe('rejected');
  });

  it('in the township form (两推一选) the county organization department decides, not the township', async () => {
    serverNow = await env.currentTimeMs();
    const handle = await env.client.workflow.start('election', {
      taskQueue: TASK_QUEUE,
      workflowId: 'election/ts-01/2026',
      args: [input({ orgUnitId: 'ts-01', orgUnitName: '红门乡', form: 'township', seats: 7, previousHolders: [] })],
    });
    const task = await waitForTask(handle, 'request-approval');
    expect(task).toMatchObject({ role: 'county-org-dept', townshipId: 'ts-01', orgUnitId: 'ts-01' });
    expect((await refused(handle, 'request-approval', township, { outcome: 'approve' })).type).toBe('WrongRole');
    await decide(handle, 'request-approval', county, { outcome: 'approve' });
    expect((await waitForTask(handle, 'election-notice')).role).toBe('county-org-dept');
    await handle.terminate('test finished');
  });
});
