/**
 * An election's facts for its decision forms come with the case's view (`election` on
 * `GET /cases/{caseId}`), read from the `elections` read model and the case's latest tie
 * and 另行选举 on the server, so the browser never rebuilds them from the timeline; and
 * its open task names its form. The case's events are appended to a real PostgreSQL
 * database through the event store (its projections fold them in the same transaction),
 * and read back through the real API (`app.inject`); no workflow runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { appendToStream } from '../../activities/eventStore';
import type { Actor } from '../../domain/actors';
import type { DomainEvent } from '../../domain/events';
import { DEFAULT_POLICY } from '../../domain/policy';
import { buildApi } from '../../client/api/server';
import { directBackend } from '../../client/backend';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { signedInUser } from '../support/api';

const CASE = 'election/ts-01-v01/2026';
const AT = '2026-03-02T02:00:00.000Z';
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const quorum = { met: true, needed: 27 };

/** From the request to a second ballot called and the seats reduced: each fact the forms read has moved at least once. */
const EVENTS: DomainEvent[] = [
  {
    type: 'CaseStarted',
    data: {
      caseId: CASE,
      kind: 'election',
      subjectId: 'ts-01-v01',
      townshipId: 'ts-01',
      policyVersion: 'test',
      startedAt: AT,
      summary: '陈家山村党支部换届选举',
    },
  },
  {
    type: 'ElectionRequested',
    data: {
      caseId: CASE,
      orgUnitId: 'ts-01-v01',
      townshipId: 'ts-01',
      form: 'village',
      term: '2026',
      seats: 3,
      requestedAt: AT,
      previousAssignments: [],
    },
  },
  { type: 'ElectionRequestApproved', data: { caseId: CASE, reason: '同意', actor: township, at: AT } },
  {
    type: 'ElectionNoticePosted',
    data: { caseId: CASE, electionDate: '2026-04-01', method: '张贴', eligibleVoters: 40, actor: township, at: AT },
  },
  {
    type: 'RecommendationMeetingHeld',
    data: {
      caseId: CASE,
      meeting: 'members',
      round: 1,
      eligible: 40,
      present: 36,
      quorum,
      outcome: 'valid',
      cast: 36,
      invalid: 0,
      votes: { 'p-3': 20, 'p-1': 25, 'p-2': 18, 'p-4': 10 },
      actor: township,
      at: AT,
    },
  },
  { type: 'NomineeRejected', data: { caseId: CASE, personId: 'p-4', reason: '不符合条件', actor: township, at: AT } },
  {
    type: 'NomineeReplaced',
    data: { caseId: CASE, replaces: 'p-4', personId: 'p-5', memberVotes: 8, massesVotes: 0, actor: township, at: AT },
  },
  { type: 'CandidateVetted', data: { caseId: CASE, personId: 'p-1', passed: true, findings: '', actor: township, at: AT } },
  { type: 'CandidateVetted', data: { caseId: CASE, personId: 'p-2', passed: true, findings: '', actor: township, at: AT } },
  { type: 'CandidateVetted', data: { caseId: CASE, personId: 'p-3', passed: true, findings: '', actor: township, at: AT } },
  { type: 'CandidateVetted', data: { caseId: CASE, personId: 'p-5', passed: false, findings: '群众意见较大', actor: township, at: AT } },
  { type: 'SlateSet', data: { caseId: CASE, round: 1, slate: ['p-1', 'p-2', 'p-3'], seats: 3, minimum: 3, actor: township, at: AT } },
  {
    type: 'CandidateStruck',
    data: { caseId: CASE, personId: 'p-3', noticeId: `${CASE}:slate-notice`, findings: ['属实'], actor: county, at: AT },
  },
  {
    type: 'ElectionMeetingHeld',
    data: {
      caseId: CASE,
      step: 'election-meeting',
      ballot: 'first',
      candidates: ['p-1', 'p-2'],
      seatsContested: 3,
      eligible: 40,
      present: 38,
      quorum,
      outcome: 'further-ballot',
      cast: 38,
      invalid: 0,
      votes: { 'p-1': 19, 'p-2': 19 },
      elected: [],
      needed: 20,
      unfilled: 3,
      tie: { names: ['p-1', 'p-2'], seats: 1 },
      actor: township,
      at: AT,
    },
  },
  {
    type: 'ElectionMeetingHeld',
    data: {
      caseId: CASE,
      step: 'further-ballot',
      ballot: 'further',
      candidates: ['p-1', 'p-2'],
      seatsContested: 1,
      eligible: 40,
      present: 38,
      quorum,
      outcome: 'vacant',
      cast: 38,
      invalid: 0,
      votes: { 'p-1': 25, 'p-2': 13 },
      elected: ['p-1'],
      needed: 20,
      unfilled: 2,
      tie: null,
      actor: township,
      at: AT,
    },
  },
  { type: 'SecondBallotCalled', data: { caseId: CASE, seats: 2, candidates: ['p-2', 'p-6'], actor: township, at: AT } },
  { type: 'SeatsReduced', data: { caseId: CASE, from: 3, to: 2, agreeing: 30, present: 38, needed: 20, actor: township, at: AT } },
  {
    type: 'TaskOpened',
    data: {
      caseId: CASE,
      taskId: `${CASE}:second-ballot`,
      step: 'second-ballot',
      title: '另行选举 Second ballot: 陈家山村',
      role: 'township-committee',
      orgUnitId: 'ts-01-v01',
      townshipId: 'ts-01',
      openedAt: AT,
      remindAt: '2026-03-05T01:00:00.000Z',
      dueAt: '2026-03-09T09:30:00.000Z',
      dueWorkingDays: 5,
    },
  },
];

let database: TestDatabase;
let app: FastifyInstance;
let cookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const backend = directBackend({ db: database.db, policy: DEFAULT_POLICY, taskQueue: 'api-case-facts' });
  app = await buildApi({ db: database.db, backend });
  await appendToStream(database.db, {
    streamId: CASE,
    expectedVersion: 0,
    idempotencyKey: `${CASE}:facts`,
    events: EVENTS.map((event) => ({ event, metadata: { workflowId: CASE, causationId: 'test' } })),
  });
  ({ cookie } = await signedInUser({ database, app }, { login: 'org-staff', role: 'county-org-dept', password: 'case facts passphrase' }));
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('an election case’s view', () => {
  it('serves the facts its forms read: seats, the notice’s voters, nominees, those who passed, the slate, and the later ballots’ lists', async () => {
    const res = await app.inject({ method: 'GET', url: `/cases/${encodeURIComponent(CASE)}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const view = JSON.parse(res.body) as { kind: string; election?: unknown; tasks: Array<{ step: string; form: string | null }> };
    expect(view.kind).toBe('election');
    expect(view.election).toEqual({
      seats: 2,
      eligibleVoters: 40,
      // The rejected nominee stays a nominee (the review may name them); the replacement joins.
      nominees: ['p-1', 'p-2', 'p-3', 'p-4', 'p-5'],
      // p-3 passed but was struck from the slate; p-5 failed.
      passed: ['p-1', 'p-2'],
      slate: ['p-1', 'p-2'],
      // The tie of the first ballot stays the latest: the further ballot after it had none.
      furtherBallot: { candidates: ['p-1', 'p-2'], seats: 1 },
      secondBallot: { candidates: ['p-2', 'p-6'], seats: 2 },
    });
    expect(view.tasks.map((t) => [t.step, t.form])).toEqual([['second-ballot', 'election.ballot']]);
  });

  it('a case of another kind has no election facts', async () => {
    const other = 'probation/p-9/2026-03-02';
    await appendToStream(database.db, {
      streamId: other,
      expectedVersion: 0,
      idempotencyKey: `${other}:start`,
      events: [
        {
          event: {
            type: 'CaseStarted',
            data: {
              caseId: other,
              kind: 'probation',
              subjectId: 'p-9',
              townshipId: 'ts-01',
              policyVersion: 'test',
              startedAt: AT,
              summary: '试用期',
            },
          },
          metadata: { workflowId: other },
        },
      ],
    });
    const res = await app.inject({ method: 'GET', url: `/cases/${encodeURIComponent(other)}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).not.toHaveProperty('election');
  });
});
