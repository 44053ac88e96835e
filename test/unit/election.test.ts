/**
 * The election flow's pure rules and decision parsers (domain/election.ts, with its
 * meetings, ballots and posts in domain/electionMeetings.ts, domain/electionBallots.ts and
 * domain/electionPosts.ts), and the `elections` read model folded on embedded PGlite,
 * the default database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors';
import type { DomainEvent } from '../../domain/events';
import { DEFAULT_POLICY, parsePolicy } from '../../domain/policy';
import {
  approvingRole,
  checkOfficers,
  checkReplacement,
  checkNomineeReview,
  checkEligible,
  checkSlateChoice,
  checkStrikes,
  electionWorkflowId,
  minimumSlate,
  nomineesFrom,
  parseElectionApproval,
  parseFiling,
  parseNotice,
  parseOfficers,
  parseReplacement,
  parseNomineeReview,
  parseSlate,
  parseStrikes,
  parseVetting,
  personList,
  type Nominee,
} from '../../domain/election';
import { committeePosts, officeRoleOfTitle, rankForOffice, type PreviousHolder } from '../../domain/electionPosts';
import { judgeMeeting, meetingParser, type MeetingRecord } from '../../domain/electionMeetings';
import { checkVacancy, decideBallot, parseVacancy, seatReduction } from '../../domain/electionBallots';
import type { Recommendations } from '../../domain/slate';
import { appendToStream } from '../../activities/eventStore';
import { diffReadModels, rebuildReadModels } from '../../activities/projections';
import { openPgliteDatabase, type OpenedDatabase } from '../../schema/connect';
import { migrateToLatest } from '../../schema/migrate';

const P = DEFAULT_POLICY;

function value<T>(parsed: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!parsed.ok) throw new Error(`expected ok, got: ${parsed.error}`);
  return parsed.value;
}

function error(parsed: { ok: boolean; error?: string }): string {
  if (parsed.ok) throw new Error('expected a refusal');
  return parsed.error!;
}

describe('who decides and which posts', () => {
  it('one case per unit and term; the township committee approves a village, the county a township', () => {
    expect(electionWorkflowId('ts-03-v07', '2026')).toBe('election/ts-03-v07/2026');
    expect(approvingRole('village')).toBe('township-committee');
    expect(approvingRole('township')).toBe('county-org-dept');
  });

  it('reads committee posts from registry titles, a combined 一肩挑 title by its Party part', () => {
    expect(officeRoleOfTitle('党支部书记、村委会主任', 'village')).toBe('secretary');
    expect(officeRoleOfTitle('党支部副书记', 'village')).toBe('deputy');
    expect(officeRoleOfTitle('党支部委员', 'village')).toBe('member');
    expect(officeRoleOfTitle('村委会委员、会计', 'village')).toBeUndefined();
    expect(officeRoleOfTitle('党委副书记', 'township')).toBe('deputy');
    expect(officeRoleOfTitle('党委书记', 'village')).toBeUndefined();
    expect(officeRoleOfTitle('纪委书记', 'township')).toBeUndefined();
  });

  it('gives each new post the rank it carried before, else the form’s usual rank', () => {
    const previous: PreviousHolder[] = [{ assignmentId: 'a-1', personId: 'p-1', title: '党委书记', rank: '正科级', role: 'secretary' }];
    expect(rankForOffice('secretary', previous, 'township')).toBe('正科级');
    expect(rankForOffice('member', [], 'township')).toBe('副科级');
    expect(rankForOffice('deputy', [], 'village')).toBe('村干部');
    expect(committeePosts(['p-3', 'p-4', 'p-5'], { secretary: 'p-4', deputy: null }, [], 'village')).toEqual([
      { personId: 'p-3', role: 'member', title: '党支部委员', rank: '村干部' },
      { personId: 'p-4', role: 'secretary', title: '党支部书记', rank: '村干部' },
      { personId: 'p-5', role: 'member', title: '党支部委员', rank: '村干部' },
    ]);
  });
});

describe('decision parsers', () => {
  it('reads person lists from arrays or separated text, refusing duplicates and non-ids', () => {
    expect(value(personList('p-1, p-2，p-3、p-4', 'slate', { required: true }))).toEqual(['p-1', 'p-2', 'p-3', 'p-4']);
    expect(value(personList(['p-1'], 'slate', { required: true }))).toEqual(['p-1']);
    expect(value(personList(undefined, 'rejected', { required: false }))).toEqual([]);
    expect(error(personList('', 'slate', { required: true }))).toBe('slate must name at least one person');
    expect(error(personList('p-1,p-1', 'slate', { required: true }))).toBe('slate names p-1 twice');
    expect(error(personList(['张三'], 'slate', { required: true }))).toContain('must be a person id');
  });

  it('批复 and result approval: a rejection needs a reason; unknown fields are refused', () => {
    expect(value(parseElectionApproval({ outcome: 'approve' }))).toEqual({ outcome: 'approve', reason: '' });
    expect(error(parseElectionApproval({ outcome: 'reject' }))).toBe('reason is required to reject');
    expect(error(parseElectionApproval({ outcome: 'approve', note: 'x' }))).toContain('unknown field(s): note');
  });

  it('选举通知: a real date, a method and at least one voter', () => {
    expect(value(parseNotice({ date: '2026-12-01', method: '差额选举', eligibleVoters: 30 }))).toEqual({
      date: '2026-12-01',
      method: '差额选举',
      eligibleVoters: 30,
    });
    expect(error(parseNotice({ date: '2026-02-30', method: '差额选举', eligibleVoters: 30 }))).toContain('no such calendar day');
    expect(error(parseNotice({ date: '2026-12-01', method: '差额选举', eligibleVoters: 0 }))).toBe('eligibleVoters must be at least 1');
    expect(error(parseNotice({ date: '2026-12-01', eligibleVoters: 30 }))).toBe('method is required');
  });

  it('review, replacement, vetting, slate, strikes, officers and filing forms', () => {
    expect(value(parseNomineeReview({}))).toEqual({ rejected: [], reason: '' });
    expect(error(parseNomineeReview({ rejected: 'p-7' }))).toBe('reason is required to reject a nominee');
    expect(value(parseReplacement({ personId: 'p-8', memberVotes: 9, massesVotes: 6 }))).toEqual({
      personId: 'p-8',
      memberVotes: 9,
      massesVotes: 6,
    });
    expect(value(parseReplacement({ personId: 'p-8' }))).toEqual({ personId: 'p-8', memberVotes: null, massesVotes: null });
    expect(error(parseVetting({ outcome: 'fail' }))).toBe('findings are required when vetting fails');
    expect(value(parseVetting({ outcome: 'pass' }))).toEqual({ outcome: 'pass', findings: '' });
    expect(value(parseSlate({ candidates: 'p-1,p-2' }))).toEqual({ candidates: ['p-1', 'p-2'] });
    expect(value(parseStrikes({ struck: ['p-2'] }))).toEqual({ struck: ['p-2'] });
    expect(value(parseOfficers({ secretary: 'p-1' }))).toEqual({ secretary: 'p-1', deputy: null });
    expect(error(parseOfficers({ secretary: 'p-1', deputy: 'p-1' }))).toBe('the secretary cannot also be the deputy');
    expect(value(parseFiling({}))).toEqual({ reference: '' });
  });
});

describe('who an election may name (checkEligible)', () => {
  const eligible = new Set(['p-1', 'p-2', 'p-3']);

  it('given people of the township in the registry, when checked, then they may be named', () => {
    expect(checkEligible(['p-1', 'p-3'], eligible, 'ts-01', 'votes')).toEqual({ ok: true, value: undefined });
    expect(checkEligible([], eligible, 'ts-01', 'votes').ok).toBe(true);
  });

  it('given an id outside the list (unknown, or of another township), when checked, then it is refused naming it, in English and Chinese', () => {
    expect(checkEligible(['p-1', 'p-9999'], eligible, 'ts-01', 'votes')).toEqual({
      ok: false,
      error:
        'votes names p-9999: not registered as a person of township ts-01 (unknown to the registry, or of another township) / p-9999 不是本乡镇（ts-01）登记在册的人员',
    });
    expect(checkEligible(['p-8', 'p-9'], eligible, 'ts-01', 'personId')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^personId names p-8, p-9: not registered as people of township ts-01/),
    });
  });

  it('given a case started before the check (no list), when checked, then anyone may be named', () => {
    expect(checkEligible(['p-9999'], undefined, 'ts-01', 'votes')).toEqual({ ok: true, value: undefined });
  });

  it('given an empty list (a township with nobody registered), when checked, then nobody may be named', () => {
    expect(checkEligible(['p-1'], new Set(), 'ts-01', 'votes').ok).toBe(false);
  });
});

describe('meetings: quorum and count', () => {
  const open = meetingParser('open', 3);
  const record = (raw: unknown): MeetingRecord => value(open(raw));

  it('a recommendation meeting needs more than 2/3: exactly 2/3 fails and names the attendance needed', () => {
    const j = value(judgeMeeting(record({ eligible: 30, present: 20 }), 'members-recommendation', P, 30));
    expect(j).toEqual({
      outcome: 'no-quorum',
      quorum: { met: false, needed: 21 },
      message: '20 of 30 present; the meeting needs at least 21 (more than 2/3)',
    });
    const counted = value(
      judgeMeeting(record({ eligible: 30, present: 21, cast: 21, invalid: 1, votes: { 'p-1': 20 } }), 'members-recommendation', P, 30),
    );
    expect(counted).toMatchObject({
      outcome: 'counted',
      quorum: { met: true, needed: 21 },
      totals: { cast: 21, valid: 20, votes: { 'p-1': 20 } },
    });
  });

  it('the election needs more than 4/5 of the members with voting rights', () => {
    expect(value(judgeMeeting(record({ eligible: 30, present: 24 }), 'election', P, 30))).toMatchObject({
      outcome: 'no-quorum',
      quorum: { needed: 25 },
    });
    expect(
      value(judgeMeeting(record({ eligible: 30, present: 25, cast: 25, invalid: 0, votes: { 'p-1': 25 } }), 'election', P, 30)).outcome,
    ).toBe('counted');
  });

  it('refuses a count without a quorum, a quorum without a count, and another eligible count than the notice', () => {
    expect(
      error(
        judgeMeeting(record({ eligible: 30, present: 20, cast: 20, invalid: 0, votes: { 'p-1': 20 } }), 'members-recommendation', P, 30),
      ),
    ).toContain('without a quorum the meeting cannot vote');
    expect(error(judgeMeeting(record({ eligible: 30, present: 25 }), 'members-recommendation', P, 30))).toBe(
      '25 of 30 present is a quorum: record cast, invalid and votes',
    );
    expect(error(judgeMeeting(record({ eligible: 31, present: 25 }), 'members-recommendation', P, 30))).toContain(
      'the 30 members with voting rights named in the notice',
    );
    // The masses' meeting has its own base.
    expect(value(judgeMeeting(record({ eligible: 45, present: 30 }), 'masses-recommendation', P, undefined)).outcome).toBe('no-quorum');
  });

  it('more ballots than voters void the count (收回多于发出): the meeting is held again', () => {
    expect(
      value(
        judgeMeeting(record({ eligible: 30, present: 25, cast: 26, invalid: 0, votes: { 'p-1': 20 } }), 'members-recommendation', P, 30),
      ).outcome,
    ).toBe('void-count');
  });

  it('refuses forms that cannot have happened: names off the ballot, more votes than valid ballots allow', () => {
    const slate = meetingParser(['p-1', 'p-2', 'p-3'], 2);
    expect(error(slate({ eligible: 30, present: 25, cast: 25, invalid: 0, votes: { 'p-1': 20, 'p-2': 20, 'p-9': 1 } }))).toContain(
      'not on the list: p-9',
    );
    expect(error(slate({ eligible: 30, present: 25, cast: 25, invalid: 0, votes: { 'p-1': 25, 'p-2': 25, 'p-3': 1 } }))).toContain(
      'more than 25 valid ballots × 2 seat(s) = 50',
    );
    expect(error(open({ eligible: 30, present: 25, cast: 25, invalid: 0, votes: {} }))).toBe('votes must name at least one person');
    expect(error(open({ eligible: 30, present: 31 }))).toBe('present (31) cannot exceed eligible (30)');
  });
});

describe('nominees, slate and strikes', () => {
  const recs: Recommendations = {
    members: { cast: 25, valid: 24, votes: { 'p-3': 20, 'p-4': 18, 'p-5': 15, 'p-9': 0 } },
    masses: { cast: 30, valid: 30, votes: { 'p-5': 23, 'p-3': 25, 'p-6': 10 } },
  };

  it('nominees are everyone recommended, most votes of both meetings first; nobody with none', () => {
    expect(nomineesFrom(recs).map((n) => [n.personId, n.memberVotes, n.massesVotes])).toEqual([
      ['p-3', 20, 25],
      ['p-5', 15, 23],
      ['p-4', 18, 0],
      ['p-6', 0, 10],
    ]);
  });

  it('review rejects only nominees; a replacement is new with votes, or a reserve without', () => {
    const nominees: Nominee[] = nomineesFrom(recs);
    expect(error(checkNomineeReview({ rejected: ['p-9'], reason: 'x' }, nominees))).toContain('p-9 is not a nominee');
    expect(error(checkReplacement({ personId: 'p-8', memberVotes: null, massesVotes: null }, nominees, []))).toContain(
      'needs memberVotes and massesVotes',
    );
    expect(error(checkReplacement({ personId: 'p-8', memberVotes: 0, massesVotes: 0 }, nominees, []))).toBe(
      'p-8 has no recommendation votes',
    );
    expect(error(checkReplacement({ personId: 'p-4', memberVotes: 1, massesVotes: 1 }, nominees, []))).toContain(
      'p-4 is already a nominee',
    );
    expect(value(checkReplacement({ personId: 'p-4', memberVotes: null, massesVotes: null }, nominees, ['p-4'])).personId).toBe('p-4');
    expect(error(checkReplacement({ personId: 'p-4', memberVotes: 3, massesVotes: 1 }, nominees, ['p-4']))).toContain(
      'their recorded votes stand',
    );
  });

  it('the slate margin (差额) is seats + 20%, rounded up, from the policy', () => {
    expect([1, 3, 5, 7, 10].map((s) => minimumSlate(s, P))).toEqual([2, 4, 6, 9, 12]);
    const wide = parsePolicy({ version: 'wide', election: { slateMarginPercent: 50 } });
    expect(minimumSlate(5, wide)).toBe(8);
  });

  it('a slate of vetted nominees short of the margin is refused with the numbers', () => {
    const vetted = ['p-3', 'p-4', 'p-5', 'p-6'];
    expect(error(checkSlateChoice(['p-3', 'p-4', 'p-5'], vetted, 3, P, recs))).toBe(
      'slate of 3 for 3 seats needs at least 4 candidates (seats + 20%)',
    );
    expect(error(checkSlateChoice(['p-3', 'p-4', 'p-5', 'p-7'], vetted, 3, P, recs))).toContain('p-7 is not a nominee who passed vetting');
    expect(value(checkSlateChoice(vetted, vetted, 3, P, recs))).toEqual(vetted);
  });

  it('strikes name candidates on the slate, no more than the objections upheld', () => {
    expect(error(checkStrikes({ struck: ['p-9'] }, ['p-3', 'p-4'], 1))).toContain('p-9 is not on the slate');
    expect(error(checkStrikes({ struck: ['p-3', 'p-4'] }, ['p-3', 'p-4'], 1))).toBe('2 candidates named for 1 upheld objection(s)');
    expect(value(checkStrikes({ struck: ['p-3'] }, ['p-3', 'p-4'], 2))).toEqual({ struck: ['p-3'] });
  });
});

describe('ballots of the assembly', () => {
  const first = { kind: 'first' as const, candidates: ['p-3', 'p-4', 'p-5', 'p-6'], seats: 3 };

  it('a winner needs more than half of those present: exactly half leaves the seat vacant', () => {
    const r = decideBallot(first, { cast: 26, valid: 26, votes: { 'p-3': 25, 'p-4': 20, 'p-5': 13, 'p-6': 12 } }, 26, P);
    expect(r).toEqual({ outcome: 'vacant', elected: ['p-3', 'p-4'], vacant: 1, remaining: ['p-5', 'p-6'], needed: 14 });
    const filled = decideBallot(first, { cast: 27, valid: 27, votes: { 'p-3': 25, 'p-4': 20, 'p-5': 14, 'p-6': 12 } }, 27, P);
    expect(filled).toEqual({ outcome: 'filled', elected: ['p-3', 'p-4', 'p-5'], needed: 14 });
  });

  it('equal votes at the cut-off go to a further ballot among the tied, which the most votes settle', () => {
    const tie = decideBallot(first, { cast: 27, valid: 27, votes: { 'p-3': 25, 'p-4': 20, 'p-5': 18, 'p-6': 18 } }, 27, P);
    expect(tie).toEqual({ outcome: 'further-ballot', elected: ['p-3', 'p-4'], tie: { names: ['p-5', 'p-6'], seats: 1 }, needed: 14 });
    if (tie.outcome !== 'further-ballot') throw new Error('unreachable');
    const further = { kind: 'further' as const, candidates: [...tie.tie.names], seats: 1, tie: tie.tie };
    expect(decideBallot(further, { cast: 27, valid: 27, votes: { 'p-5': 12, 'p-6': 15 } }, 27, P)).toEqual({
      outcome: 'filled',
      elected: ['p-6'],
      needed: null,
    });
  });

  it('另行选举 among the rest: the same share of those present', () => {
    const second = { kind: 'second' as const, candidates: ['p-5', 'p-6'], seats: 1 };
    expect(decideBallot(second, { cast: 26, valid: 25, votes: { 'p-5': 13, 'p-6': 12 } }, 26, P)).toMatchObject({
      outcome: 'vacant',
      vacant: 1,
    });
    expect(decideBallot(second, { cast: 26, valid: 25, votes: { 'p-5': 14, 'p-6': 11 } }, 26, P)).toMatchObject({
      outcome: 'filled',
      elected: ['p-5'],
    });
  });

  it('vacant seats: a second ballot, or fewer seats when more than half agree', () => {
    expect(value(parseVacancy({ action: 'second-ballot' }))).toEqual({ action: 'second-ballot' });
    expect(error(parseVacancy({ action: 'second-ballot', agreeing: 3 }))).toContain('a second ballot needs no votes');
    expect(error(parseVacancy({ action: 'reduce-seats', agreeing: 27, present: 26 }))).toBe('agreeing (27) cannot exceed present (26)');
    const reduce = value(parseVacancy({ action: 'reduce-seats', agreeing: 13, present: 26 }));
    expect(seatReduction({ agreeing: 13, present: 26 }, P)).toMatchObject({ outcome: 'not-reduced', needed: 14 });
    expect(seatReduction({ agreeing: 14, present: 26 }, P)).toMatchObject({ outcome: 'reduced' });
    expect(error(checkVacancy({ action: 'second-ballot' }, { remaining: [], elected: 2, eligibleVoters: 30 }))).toContain(
      'no candidates remain',
    );
    expect(error(checkVacancy(reduce, { remaining: ['p-5'], elected: 0, eligibleVoters: 30 }))).toContain('nobody was elected');
    expect(error(checkVacancy(reduce, { remaining: ['p-5'], elected: 2, eligibleVoters: 20 }))).toContain('cannot exceed the 20 members');
  });

  it('the officers come from the elected committee', () => {
    expect(error(checkOfficers({ secretary: 'p-9', deputy: null }, ['p-3', 'p-4']))).toBe(
      'secretary p-9 was not elected to the committee (p-3, p-4)',
    );
    expect(error(checkOfficers({ secretary: 'p-3', deputy: 'p-9' }, ['p-3', 'p-4']))).toContain('deputy p-9');
    expect(value(checkOfficers({ secretary: 'p-3', deputy: 'p-4' }, ['p-3', 'p-4']))).toEqual({ secretary: 'p-3', deputy: 'p-4' });
  });
});

describe('the elections read model on PGlite', () => {
  let database: OpenedDatabase;
  const actor: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
  const at = '2026-11-02T02:00:00.000Z';
  const caseId = 'election/ts-01-v01/2026';
  let version = 0;
  const append = async (key: string, events: DomainEvent[]) => {
    await appendToStream(database.db, {
      streamId: caseId,
      expectedVersion: version,
      idempotencyKey: key,
      events: events.map((event) => ({ event, metadata: {} })),
    });
    version += events.length;
  };

  beforeAll(async () => {
    database = await openPgliteDatabase();
    await migrateToLatest(database.db);
  });

  afterAll(async () => {
    await database?.close();
  });

  it('folds an election into one row, lists and all, and a rebuild reproduces it', async () => {
    const meeting = (meeting: 'members' | 'masses', votes: Record<string, number>): DomainEvent => ({
      type: 'RecommendationMeetingHeld',
      data: {
        caseId,
        meeting,
        round: 1,
        eligible: 30,
        present: 25,
        quorum: { met: true, needed: 21 },
        outcome: 'valid',
        cast: 25,
        invalid: 0,
        votes,
        actor,
        at,
      },
    });
    await append('start', [
      {
        type: 'CaseStarted',
        data: {
          caseId,
          kind: 'election',
          subjectId: 'ts-01-v01',
          townshipId: 'ts-01',
          policyVersion: '2026.1',
          startedAt: at,
          summary: '东湾村',
        },
      },
      {
        type: 'ElectionRequested',
        data: {
          caseId,
          orgUnitId: 'ts-01-v01',
          townshipId: 'ts-01',
          form: 'village',
          term: '2026',
          seats: 2,
          requestedAt: at,
          previousAssignments: [],
        },
      },
      { type: 'CaseStageChanged', data: { caseId, stage: 'recommendation', at } },
    ]);
    await append('meetings', [
      { type: 'ElectionRequestApproved', data: { caseId, reason: '', actor, at } },
      { type: 'ElectionNoticePosted', data: { caseId, electionDate: '2026-12-01', method: '差额选举', eligibleVoters: 30, actor, at } },
      meeting('members', { 'p-1': 20, 'p-2': 15, 'p-3': 0 }),
      meeting('masses', { 'p-2': 22, 'p-4': 9 }),
    ]);
    await append('review', [
      { type: 'NomineeRejected', data: { caseId, personId: 'p-4', reason: '不符合条件', actor, at } },
      { type: 'NomineeReplaced', data: { caseId, replaces: 'p-4', personId: 'p-5', memberVotes: 3, massesVotes: 4, actor, at } },
      { type: 'CandidateVetted', data: { caseId, personId: 'p-1', passed: true, findings: '', actor, at } },
      { type: 'CandidateVetted', data: { caseId, personId: 'p-2', passed: true, findings: '', actor, at } },
      { type: 'CandidateVetted', data: { caseId, personId: 'p-5', passed: true, findings: '', actor, at } },
      { type: 'SlateSet', data: { caseId, round: 1, slate: ['p-1', 'p-2', 'p-5'], seats: 2, minimum: 3, actor, at } },
      { type: 'CandidateStruck', data: { caseId, personId: 'p-5', noticeId: `${caseId}:slate-notice`, findings: ['属实'], actor, at } },
    ]);
    await append('vote', [
      {
        type: 'ElectionMeetingHeld',
        data: {
          caseId,
          step: 'election-meeting',
          ballot: 'first',
          candidates: ['p-1', 'p-2'],
          seatsContested: 2,
          eligible: 30,
          present: 26,
          quorum: { met: true, needed: 25 },
          outcome: 'vacant',
          cast: 26,
          invalid: 0,
          votes: { 'p-1': 20, 'p-2': 13 },
          elected: ['p-1'],
          needed: 14,
          unfilled: 1,
          tie: null,
          actor,
          at,
        },
      },
      { type: 'SeatsReduced', data: { caseId, from: 2, to: 1, agreeing: 20, present: 26, needed: 14, actor, at } },
      { type: 'OfficersElected', data: { caseId, secretary: 'p-1', deputy: null, committee: ['p-1'], actor, at } },
      { type: 'ElectionApproved', data: { caseId, approvedOn: '2026-12-03', reason: '', actor, at } },
      { type: 'ElectionFiled', data: { caseId, filedOn: '2026-12-04', reference: '', actor, at } },
    ]);

    const row = await database.db.selectFrom('elections').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'filed',
      stage: 'recommendation',
      seats: 1,
      seats_requested: 2,
      slate: ['p-1', 'p-2'],
      struck: ['p-5'],
      elected: ['p-1'],
      vacant: 0,
      secretary: 'p-1',
      deputy: null,
      meetings_held: 3,
      election_date: '2026-12-01',
      approved_on: '2026-12-03',
      filed_on: '2026-12-04',
    });
    expect(row.nominees).toEqual([
      { personId: 'p-2', memberVotes: 15, massesVotes: 22, status: 'passed', replaces: null },
      { personId: 'p-1', memberVotes: 20, massesVotes: 0, status: 'passed', replaces: null },
      { personId: 'p-4', memberVotes: 0, massesVotes: 9, status: 'rejected', replaces: null },
      { personId: 'p-5', memberVotes: 3, massesVotes: 4, status: 'struck', replaces: 'p-4' },
    ]);
    expect(row.meetings.map((m) => [m.kind, m.outcome])).toEqual([
      ['members-recommendation', 'valid'],
      ['masses-recommendation', 'valid'],
      ['first', 'vacant'],
    ]);

    await rebuildReadModels(database.db, { schema: 'rebuild_election' });
    expect(await diffReadModels(database.db, 'public', 'rebuild_election')).toEqual([]);
  });
});
