/**
 * What each decision of an election case records (domain/electionDecider.ts), given the
 * case's state, without Temporal: exact events, field by field.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors';
import { APPEND_DATE, APPEND_TIME, type DomainEvent } from '../../domain/events';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { Nominee } from '../../domain/election';
import { judgeMeeting, type MeetingJudgement, type MeetingRecord } from '../../domain/electionMeetings';
import { decideBallot, type BallotSpec } from '../../domain/electionBallots';
import {
  decideElectionMeeting,
  decideFiling,
  decideNomineeReview,
  decideNotice,
  decideOfficers,
  decideRecommendationMeeting,
  decideReplacement,
  decideRequestApproval,
  decideResultApproval,
  decideSlate,
  decideStrikes,
  decideVacancy,
  decideVetting,
  electionOpened,
  evolveNominees,
} from '../../domain/electionDecider';
import { decider } from '../support/decider';

const P = DEFAULT_POLICY;
const caseId = 'election/v-01/2026';
const actor: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const at = APPEND_TIME;

function judged(m: MeetingRecord, kind: 'members-recommendation' | 'election', eligibleVoters?: number): MeetingJudgement {
  const j = judgeMeeting(m, kind, P, eligibleVoters);
  if (!j.ok) throw new Error(j.error);
  return j.value;
}

describe('request, notice, officers and filing', () => {
  it('given the request, when approved or rejected, then the answer is recorded with its reason', () => {
    decider(decideRequestApproval)
      .given({ caseId })
      .when({ value: { outcome: 'approve', reason: '' }, actor })
      .then([{ type: 'ElectionRequestApproved', data: { caseId, reason: '', actor, at } }]);
    decider(decideRequestApproval)
      .given({ caseId })
      .when({ value: { outcome: 'reject', reason: '换届时间未到' }, actor })
      .then([{ type: 'ElectionRequestRejected', data: { caseId, reason: '换届时间未到', actor, at } }]);
  });

  it('given the approved request, when the notice is posted, then its date, method and voters are recorded', () => {
    decider(decideNotice)
      .given({ caseId })
      .when({ value: { date: '2026-12-01', method: '差额选举', eligibleVoters: 30 }, actor })
      .then([
        { type: 'ElectionNoticePosted', data: { caseId, electionDate: '2026-12-01', method: '差额选举', eligibleVoters: 30, actor, at } },
      ]);
  });

  it('given the elected committee, when the officers are elected, then the committee is recorded with them', () => {
    const committee = ['p-1', 'p-2', 'p-3'];
    const events = decider(decideOfficers)
      .given({ caseId, committee })
      .when({ value: { secretary: 'p-2', deputy: null }, actor })
      .then([{ type: 'OfficersElected', data: { caseId, secretary: 'p-2', deputy: null, committee: ['p-1', 'p-2', 'p-3'], actor, at } }]);
    expect(events[0]!.data.committee).not.toBe(committee);
  });

  it('given an approved result, when the county files it, then the filing day is the day it is appended', () => {
    decider(decideFiling)
      .given({ caseId })
      .when({ value: { reference: '组备〔2026〕3号' }, actor })
      .then([{ type: 'ElectionFiled', data: { caseId, filedOn: APPEND_DATE, reference: '组备〔2026〕3号', actor, at } }]);
  });
});

describe('recommendation meetings (党员推荐, 群众推荐)', () => {
  const counted: MeetingRecord = {
    eligible: 30,
    present: 25,
    count: { eligible: 30, present: 25, cast: 25, invalid: 1, votes: { 'p-1': 20, 'p-2': 0 } },
  };

  it('given a counted meeting, when recorded, then it is valid with its votes', () => {
    decider(decideRecommendationMeeting)
      .given({ caseId, meeting: 'members', round: 1, judgement: judged(counted, 'members-recommendation', 30) })
      .when({ value: counted, actor })
      .then([
        {
          type: 'RecommendationMeetingHeld',
          data: {
            caseId,
            meeting: 'members',
            round: 1,
            eligible: 30,
            present: 25,
            quorum: { met: true, needed: 21 },
            outcome: 'valid',
            cast: 25,
            invalid: 1,
            votes: { 'p-1': 20, 'p-2': 0 },
            actor,
            at,
          },
        },
      ]);
  });

  it('given a meeting without a quorum, when recorded, then it counts for nothing: no count, no votes', () => {
    const m: MeetingRecord = { eligible: 30, present: 20, count: null };
    decider(decideRecommendationMeeting)
      .given({ caseId, meeting: 'masses', round: 2, judgement: judged(m, 'members-recommendation') })
      .when({ value: m, actor })
      .then([
        {
          type: 'RecommendationMeetingHeld',
          data: {
            caseId,
            meeting: 'masses',
            round: 2,
            eligible: 30,
            present: 20,
            quorum: { met: false, needed: 21 },
            outcome: 'no-quorum',
            cast: null,
            invalid: null,
            votes: {},
            actor,
            at,
          },
        },
      ]);
  });

  it('given more ballots than voters, when recorded, then the count is void: its numbers stay, its votes do not', () => {
    const m: MeetingRecord = {
      eligible: 30,
      present: 22,
      count: { eligible: 30, present: 22, cast: 23, invalid: 0, votes: { 'p-1': 20 } },
    };
    const [event] = decider(decideRecommendationMeeting)
      .given({ caseId, meeting: 'members', round: 1, judgement: judged(m, 'members-recommendation', 30) })
      .when({ value: m, actor })
      .then([
        {
          type: 'RecommendationMeetingHeld',
          data: {
            caseId,
            meeting: 'members',
            round: 1,
            eligible: 30,
            present: 22,
            quorum: { met: true, needed: 21 },
            outcome: 'void-count',
            cast: 23,
            invalid: 0,
            votes: {},
            actor,
            at,
          },
        },
      ]);
    expect(event!.data.outcome).toBe('void-count');
  });
});

describe('nominees: review, replacement (递补), vetting (考察)', () => {
  const nominees: Nominee[] = [
    { personId: 'p-1', memberVotes: 20, massesVotes: 40, status: 'passed', replaces: null },
    { personId: 'p-2', memberVotes: 10, massesVotes: 5, status: 'rejected', replaces: null },
  ];

  it('given the nominees, when the review rejects two, then each is rejected with the reason; none rejected records nothing', () => {
    decider(decideNomineeReview)
      .given({ caseId })
      .when({ value: { rejected: ['p-2', 'p-3'], reason: '不符合条件' }, actor })
      .then([
        { type: 'NomineeRejected', data: { caseId, personId: 'p-2', reason: '不符合条件', actor, at } },
        { type: 'NomineeRejected', data: { caseId, personId: 'p-3', reason: '不符合条件', actor, at } },
      ]);
    decider(decideNomineeReview)
      .given({ caseId })
      .when({ value: { rejected: [], reason: '' }, actor })
      .then([]);
  });

  it('given a rejected nominee, when someone new replaces them, then the further recommendation’s votes are recorded', () => {
    decider(decideReplacement)
      .given({ caseId, replaces: 'p-2', nominees })
      .when({ value: { personId: 'p-9', memberVotes: 12, massesVotes: 30 }, actor })
      .then([{ type: 'NomineeReplaced', data: { caseId, replaces: 'p-2', personId: 'p-9', memberVotes: 12, massesVotes: 30, actor, at } }]);
  });

  it('given a gap no one left, when a reserve nominee fills it, then the votes already recorded for them stand', () => {
    decider(decideReplacement)
      .given({ caseId, replaces: null, nominees })
      .when({ value: { personId: 'p-1', memberVotes: null, massesVotes: null }, actor })
      .then([{ type: 'NomineeReplaced', data: { caseId, replaces: null, personId: 'p-1', memberVotes: 20, massesVotes: 40, actor, at } }]);
  });

  it('given a nominee, when vetted, then passed or failed is recorded with the findings', () => {
    decider(decideVetting)
      .given({ caseId, personId: 'p-1' })
      .when({ value: { outcome: 'pass', findings: '' }, actor })
      .then([{ type: 'CandidateVetted', data: { caseId, personId: 'p-1', passed: true, findings: '', actor, at } }]);
    decider(decideVetting)
      .given({ caseId, personId: 'p-1' })
      .when({ value: { outcome: 'fail', findings: '群众反映问题属实' }, actor })
      .then([{ type: 'CandidateVetted', data: { caseId, personId: 'p-1', passed: false, findings: '群众反映问题属实', actor, at } }]);
  });

  it('evolves the nominees: a replacement joins as nominated, vetting, review and strikes set a status, other events change nothing', () => {
    const replaced = evolveNominees(nominees, {
      type: 'NomineeReplaced',
      data: { caseId, replaces: 'p-2', personId: 'p-9', memberVotes: 12, massesVotes: 30, actor, at },
    });
    expect(replaced).toEqual([...nominees, { personId: 'p-9', memberVotes: 12, massesVotes: 30, status: 'nominated', replaces: 'p-2' }]);
    expect(replaced[0]).toBe(nominees[0]);
    const reserve: DomainEvent = {
      type: 'NomineeReplaced',
      data: { caseId, replaces: null, personId: 'p-1', memberVotes: 20, massesVotes: 40, actor, at },
    };
    expect(evolveNominees(nominees, reserve)).toBe(nominees);
    const vetted = evolveNominees(replaced, {
      type: 'CandidateVetted',
      data: { caseId, personId: 'p-9', passed: false, findings: 'x', actor, at },
    });
    expect(vetted.map((n) => n.status)).toEqual(['passed', 'rejected', 'failed']);
    expect(replaced[2]!.status).toBe('nominated');
    const struck = evolveNominees(vetted, {
      type: 'CandidateStruck',
      data: { caseId, personId: 'p-1', noticeId: 'n', findings: [], actor, at },
    });
    expect(struck.map((n) => n.status)).toEqual(['struck', 'rejected', 'failed']);
    const rejected = evolveNominees(nominees, { type: 'NomineeRejected', data: { caseId, personId: 'p-1', reason: 'r', actor, at } });
    expect(rejected[0]!.status).toBe('rejected');
    expect(evolveNominees(nominees, { type: 'ElectionFiled', data: { caseId, filedOn: APPEND_DATE, reference: '', actor, at } })).toBe(
      nominees,
    );
  });
});

describe('the slate and its notice (候选人预备人选, 公示)', () => {
  it('given the seats and the margin, when the slate is set or refilled, then its round and a copy of its list are recorded', () => {
    const candidates = ['p-1', 'p-2', 'p-3', 'p-4'];
    const [event] = decider(decideSlate)
      .given({ caseId, round: 2, seats: 3, minimum: 4 })
      .when({ value: { candidates }, actor })
      .then([{ type: 'SlateSet', data: { caseId, round: 2, slate: ['p-1', 'p-2', 'p-3', 'p-4'], seats: 3, minimum: 4, actor, at } }]);
    expect(event!.data.slate).not.toBe(candidates);
  });

  it('given upheld objections, when candidates are struck, then each cites the notice and its findings', () => {
    decider(decideStrikes)
      .given({ caseId, noticeStep: 'slate-notice-2', findings: ['学历造假'] })
      .when({ value: { struck: ['p-3'] }, actor })
      .then([
        {
          type: 'CandidateStruck',
          data: { caseId, personId: 'p-3', noticeId: `${caseId}:slate-notice-2`, findings: ['学历造假'], actor, at },
        },
      ]);
  });
});

describe('ballots of the members’ assembly (党员大会选举)', () => {
  const first: BallotSpec = { kind: 'first', candidates: ['p-1', 'p-2', 'p-3', 'p-4'], seats: 3 };
  const meeting = (votes: Record<string, number>): MeetingRecord => ({
    eligible: 30,
    present: 26,
    count: { eligible: 30, present: 26, cast: 26, invalid: 0, votes },
  });
  const state = (spec: BallotSpec, m: MeetingRecord, filled = 0) => {
    const judgement = judged(m, 'election', 30);
    const result = judgement.outcome === 'counted' ? decideBallot(spec, judgement.totals, judgement.present, P) : undefined;
    return { caseId, step: 'election-meeting', spec, seats: 3, filled, judgement, result };
  };
  const base = {
    caseId,
    step: 'election-meeting',
    ballot: 'first' as const,
    candidates: first.candidates,
    seatsContested: 3,
    eligible: 30,
    present: 26,
  };

  it('given a counted ballot, when three pass, then the seats are filled and none is left', () => {
    const m = meeting({ 'p-1': 20, 'p-2': 19, 'p-3': 18, 'p-4': 5 });
    decider(decideElectionMeeting)
      .given(state(first, m))
      .when({ value: m, actor })
      .then([
        {
          type: 'ElectionMeetingHeld',
          data: {
            ...base,
            quorum: { met: true, needed: 25 },
            outcome: 'filled',
            cast: 26,
            invalid: 0,
            votes: { 'p-1': 20, 'p-2': 19, 'p-3': 18, 'p-4': 5 },
            elected: ['p-1', 'p-2', 'p-3'],
            needed: 14,
            unfilled: 0,
            tie: null,
            actor,
            at,
          },
        },
      ]);
  });

  it('given equal votes at the cut-off, when recorded, then the tie goes to a further ballot', () => {
    const m = meeting({ 'p-1': 20, 'p-2': 19, 'p-3': 18, 'p-4': 18 });
    const [event] = decider(decideElectionMeeting)
      .given(state(first, m))
      .when({ value: m, actor })
      .then([
        {
          type: 'ElectionMeetingHeld',
          data: {
            ...base,
            quorum: { met: true, needed: 25 },
            outcome: 'further-ballot',
            cast: 26,
            invalid: 0,
            votes: { 'p-1': 20, 'p-2': 19, 'p-3': 18, 'p-4': 18 },
            elected: ['p-1', 'p-2'],
            needed: 14,
            unfilled: 1,
            tie: { names: ['p-3', 'p-4'], seats: 1 },
            actor,
            at,
          },
        },
      ]);
    expect(event!.data.unfilled).toBe(1);
  });

  it('given a second ballot after one seat was filled, when exactly half vote yes, then the seat stays vacant', () => {
    const second: BallotSpec = { kind: 'second', candidates: ['p-3', 'p-4'], seats: 2 };
    const m = meeting({ 'p-3': 14, 'p-4': 13 });
    decider(decideElectionMeeting)
      .given({ ...state(second, m, 1), step: 'second-ballot' })
      .when({ value: m, actor })
      .then([
        {
          type: 'ElectionMeetingHeld',
          data: {
            ...base,
            step: 'second-ballot',
            ballot: 'second',
            candidates: ['p-3', 'p-4'],
            seatsContested: 2,
            quorum: { met: true, needed: 25 },
            outcome: 'vacant',
            cast: 26,
            invalid: 0,
            votes: { 'p-3': 14, 'p-4': 13 },
            elected: ['p-3'],
            needed: 14,
            unfilled: 1,
            tie: null,
            actor,
            at,
          },
        },
      ]);
  });

  it('given a meeting without a quorum, when recorded, then nobody is elected and every seat is still unfilled', () => {
    const m: MeetingRecord = { eligible: 30, present: 24, count: null };
    decider(decideElectionMeeting)
      .given(state(first, m))
      .when({ value: m, actor })
      .then([
        {
          type: 'ElectionMeetingHeld',
          data: {
            ...base,
            present: 24,
            quorum: { met: false, needed: 25 },
            outcome: 'no-quorum',
            cast: null,
            invalid: null,
            votes: {},
            elected: [],
            needed: null,
            unfilled: 3,
            tie: null,
            actor,
            at,
          },
        },
      ]);
  });

  const ballot = { outcome: 'vacant' as const, elected: ['p-1', 'p-2'], vacant: 1, remaining: ['p-3', 'p-4'], needed: 14 };

  it('given a vacant seat, when a second ballot is called, then it is for the vacant seats among those remaining', () => {
    decider(decideVacancy)
      .given({ caseId, seats: 3, ballot, policy: P })
      .when({ value: { action: 'second-ballot' }, actor })
      .then([{ type: 'SecondBallotCalled', data: { caseId, seats: 1, candidates: ['p-3', 'p-4'], actor, at } }]);
  });

  it('given a vacant seat, when more than half agree to fewer seats, then the seats are reduced; exactly half is refused', () => {
    decider(decideVacancy)
      .given({ caseId, seats: 3, ballot, policy: P })
      .when({ value: { action: 'reduce-seats', agreeing: 14, present: 26 }, actor })
      .then([{ type: 'SeatsReduced', data: { caseId, from: 3, to: 2, agreeing: 14, present: 26, needed: 14, actor, at } }]);
    decider(decideVacancy)
      .given({ caseId, seats: 3, ballot, policy: P })
      .when({ value: { action: 'reduce-seats', agreeing: 13, present: 26 }, actor })
      .then([{ type: 'SeatReductionRefused', data: { caseId, seats: 3, agreeing: 13, present: 26, needed: 14, actor, at } }]);
  });
});

describe('approval of the result (批准)', () => {
  const previousHolders = [{ assignmentId: 'a-old', personId: 'p-0', title: '党支部书记', rank: '村干部', role: 'secretary' as const }];
  const posts = [
    { personId: 'p-1', role: 'secretary' as const, title: '党支部书记', rank: '村干部' },
    { personId: 'p-2', role: 'member' as const, title: '党支部委员', rank: '村干部' },
  ];
  const given = { caseId, orgUnitId: 'v-01', previousHolders, posts };

  it('given the posts, when the result is approved, then the old posts end and the new start on the day of approval', () => {
    decider(decideResultApproval)
      .given(given)
      .when({ value: { outcome: 'approve', reason: '' }, actor })
      .then([
        { type: 'ElectionApproved', data: { caseId, approvedOn: APPEND_DATE, reason: '', actor, at } },
        { type: 'PostEnded', data: { assignmentId: 'a-old', personId: 'p-0', endedOn: APPEND_DATE, reason: 'replaced' } },
        {
          type: 'PostAssigned',
          data: {
            assignmentId: `${caseId}/p-1`,
            personId: 'p-1',
            orgUnitId: 'v-01',
            title: '党支部书记',
            rank: '村干部',
            startedOn: APPEND_DATE,
            onTrial: false,
          },
        },
        {
          type: 'PostAssigned',
          data: {
            assignmentId: `${caseId}/p-2`,
            personId: 'p-2',
            orgUnitId: 'v-01',
            title: '党支部委员',
            rank: '村干部',
            startedOn: APPEND_DATE,
            onTrial: false,
          },
        },
      ]);
  });

  it('given the posts, when the result is not approved, then only that is recorded: no post ends or starts', () => {
    decider(decideResultApproval)
      .given(given)
      .when({ value: { outcome: 'reject', reason: '程序不合规' }, actor })
      .then([{ type: 'ElectionNotApproved', data: { caseId, reason: '程序不合规', actor, at } }]);
  });
});

describe('opening a case', () => {
  it('given a village unit, term and seats, when the case starts, then the request names the posts it will replace', () => {
    const previousHolders = [{ assignmentId: 'a-old', personId: 'p-0', title: '党支部书记', rank: '村干部', role: 'secretary' as const }];
    const opening = {
      caseId,
      orgUnitId: 'v-01',
      orgUnitName: '东村',
      townshipId: 'ts-01',
      form: 'village' as const,
      term: '2026',
      seats: 3,
      previousHolders,
    };
    expect(electionOpened({ ...opening, policyVersion: 'seed-2026' })).toEqual([
      {
        type: 'CaseStarted',
        data: {
          caseId,
          kind: 'election',
          subjectId: 'v-01',
          townshipId: 'ts-01',
          policyVersion: 'seed-2026',
          startedAt: at,
          summary: '东村 2026 届双推直选（3 名委员）',
        },
      },
      {
        type: 'ElectionRequested',
        data: {
          caseId,
          orgUnitId: 'v-01',
          townshipId: 'ts-01',
          form: 'village',
          term: '2026',
          seats: 3,
          requestedAt: at,
          previousAssignments: ['a-old'],
        },
      },
    ]);
  });
});
