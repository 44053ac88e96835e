import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy } from '../../domain/policy';
import {
  checkInspectionTeam,
  checkTargets,
  inspectionStanding,
  meetsRecommendationFloor,
  minimumTargets,
  parseCheckResult,
  parseMeetingRecommendation,
  parseTalkRecommendation,
  parseTargets,
  selectionCaseId,
  type MeetingRecommendation,
  type TalkRecommendation,
} from '../../domain/selection';
import {
  approvalVotesNeeded,
  committeeQuorumNeeded,
  judgeCommitteeMeeting,
  parseCommitteeMeeting,
  type CommitteeMeeting,
} from '../../domain/selectionVote';

const policy = DEFAULT_POLICY;

function judged(m: CommitteeMeeting) {
  const j = judgeCommitteeMeeting(m, policy);
  if (!j.ok) throw new Error(j.error);
  return j.value;
}

describe('the committee vote (讨论决定)', () => {
  it('is valid with exactly 2/3 of the members due present, and not with one fewer', () => {
    // 9 due: 2/3 is exactly 6.
    expect(committeeQuorumNeeded(9, policy)).toBe(6);
    expect(judged({ membersDue: 9, present: 6, votes: [{ personId: 'p1', recused: 0, yes: 6, no: 0, abstain: 0 }] }).outcome).toBe('voted');
    expect(judged({ membersDue: 9, present: 5, votes: [] })).toEqual({ outcome: 'no-quorum', present: 5, membersDue: 9, quorumNeeded: 6 });
    // 11 due: 2/3 is 7.33…, so 8 are needed.
    expect(committeeQuorumNeeded(11, policy)).toBe(8);
    expect(judged({ membersDue: 11, present: 7, votes: [] }).outcome).toBe('no-quorum');
  });

  it('refuses votes recorded at a meeting without a quorum', () => {
    const j = judgeCommitteeMeeting(
      { membersDue: 9, present: 5, votes: [{ personId: 'p1', recused: 0, yes: 5, no: 0, abstain: 0 }] },
      policy,
    );
    expect(j.ok).toBe(false);
    if (!j.ok) expect(j.error).toMatch(/5 of 9 members present: without a quorum \(at least 2\/3, at least 6\)/);
  });

  it('refuses a candidate with exactly half of the members due, and approves one more', () => {
    expect(approvalVotesNeeded(10, policy)).toBe(6);
    const j = judged({
      membersDue: 10,
      present: 10,
      votes: [
        { personId: 'half', recused: 0, yes: 5, no: 5, abstain: 0 },
        { personId: 'more', recused: 0, yes: 6, no: 4, abstain: 0 },
      ],
    });
    expect(j.outcome === 'voted' && j.results.map((r) => [r.personId, r.approved])).toEqual([
      ['half', false],
      ['more', true],
    ]);
  });

  it('counts against the members due, not those present: a unanimous vote of a bare quorum can fail', () => {
    // 12 due, 8 present (exactly 2/3), all 6 who may vote say yes after 2 withdraw: 6 is half of 12.
    const j = judged({ membersDue: 12, present: 8, votes: [{ personId: 'p1', recused: 2, yes: 6, no: 0, abstain: 0 }] });
    expect(j.outcome === 'voted' && j.results[0]).toEqual({ personId: 'p1', approved: false, yes: 6, yesNeeded: 7 });
  });

  it('keeps recused members in the denominator and out of the room', () => {
    // 9 due, all present, 2 withdraw: 7 may vote; 5 yes of 9 due passes (> 4.5).
    const j = judged({ membersDue: 9, present: 9, votes: [{ personId: 'kin', recused: 2, yes: 5, no: 2, abstain: 0 }] });
    expect(j.outcome === 'voted' && j.results[0]!.approved).toBe(true);
    const tooMany = judgeCommitteeMeeting(
      { membersDue: 9, present: 9, votes: [{ personId: 'kin', recused: 2, yes: 5, no: 3, abstain: 0 }] },
      policy,
    );
    expect(tooMany).toEqual({ ok: false, error: 'kin: 8 votes (yes 5, no 3, abstain 0) but only 7 members voted (9 present, 2 recused)' });
  });

  it('refuses a meeting that cannot have happened', () => {
    expect(judgeCommitteeMeeting({ membersDue: 9, present: 10, votes: [] }, policy)).toEqual({
      ok: false,
      error: 'present (10) cannot exceed membersDue (9)',
    });
    expect(judgeCommitteeMeeting({ membersDue: 9, present: 9, votes: [] }, policy)).toEqual({
      ok: false,
      error: 'a meeting with a quorum votes on at least one candidate',
    });
    const twice = { personId: 'p1', recused: 0, yes: 1, no: 0, abstain: 0 };
    expect(judgeCommitteeMeeting({ membersDue: 9, present: 9, votes: [twice, twice] }, policy)).toEqual({
      ok: false,
      error: 'candidate p1 is voted on twice',
    });
  });

  it('follows the county policy: a quorum of "more than 2/3" makes exactly 2/3 fail', () => {
    const strict = parsePolicy({ version: 'c.1', selection: { committeeQuorum: { num: 2, den: 3, mode: 'more-than' } } });
    expect(judgeCommitteeMeeting({ membersDue: 9, present: 6, votes: [] }, strict)).toEqual({
      ok: true,
      value: { outcome: 'no-quorum', present: 6, membersDue: 9, quorumNeeded: 7 },
    });
  });

  it('approves exactly when yes × 2 > members due, whatever the attendance and recusals (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 60 })
          .chain((due) =>
            fc
              .integer({ min: 0, max: due })
              .chain((present) =>
                fc
                  .integer({ min: 0, max: present })
                  .chain((recused) => fc.integer({ min: 0, max: present - recused }).map((yes) => ({ due, present, recused, yes }))),
              ),
          ),
        ({ due, present, recused, yes }) => {
          const j = judgeCommitteeMeeting(
            { membersDue: due, present, votes: [{ personId: 'p', recused, yes, no: 0, abstain: 0 }] },
            policy,
          );
          const quorum = present * 3 >= due * 2;
          if (!quorum) return !j.ok;
          return j.ok && j.value.outcome === 'voted' && j.value.results[0]!.approved === yes * 2 > due;
        },
      ),
    );
  });

  it('needs a quorum of exactly ceil(2/3 × due) (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), (due) => committeeQuorumNeeded(due, policy) === Math.ceil((2 * due) / 3)));
  });

  it('parses the minutes as entered and refuses what is not a count', () => {
    expect(parseCommitteeMeeting({ membersDue: 9, present: 8, votes: [{ personId: 'p1', yes: 6, no: 1, abstain: 1 }] })).toEqual({
      ok: true,
      value: { membersDue: 9, present: 8, votes: [{ personId: 'p1', recused: 0, yes: 6, no: 1, abstain: 1 }] },
    });
    expect(parseCommitteeMeeting({ membersDue: 9, present: 8, votes: [{ personId: 'p1', yes: -1, no: 0, abstain: 0 }] })).toEqual({
      ok: false,
      error: 'votes[0].yes must be a whole number ≥ 0, got -1',
    });
    expect(parseCommitteeMeeting({ membersDue: 9, present: 8, quorum: true })).toEqual({
      ok: false,
      error: expect.stringContaining('quorum'),
    });
  });
});

const meeting: MeetingRecommendation = { due: 40, attended: 36, cast: 36, invalid: 1, votes: { p1: 30, p2: 20, p3: 5 } };
const talks: TalkRecommendation = { talkedTo: 25, named: { p1: 20, p4: 3 } };

describe('the recommendations and the targets (民主推荐, 确定考察对象)', () => {
  it('refuses a meeting whose ballots cannot add up', () => {
    expect(parseMeetingRecommendation({ ...meeting })).toEqual({ ok: true, value: meeting });
    expect(parseMeetingRecommendation({ ...meeting, attended: 41 })).toEqual({ ok: false, error: 'attended (41) cannot exceed due (40)' });
    expect(parseMeetingRecommendation({ ...meeting, votes: { p1: 36 } })).toEqual({
      ok: false,
      error: 'votes.p1 (36) cannot exceed the valid ballots (35)',
    });
    expect(parseTalkRecommendation({ talkedTo: 25, named: { p1: 26 } })).toEqual({
      ok: false,
      error: 'named.p1 (26) cannot exceed talkedTo (25)',
    });
  });

  it('inspects one more person than posts in a competitive selection, and as many as posts otherwise', () => {
    expect(minimumTargets('competitive', 1, policy)).toBe(2);
    expect(minimumTargets('ordinary', 1, policy)).toBe(1);
    const one = [{ personId: 'p1', reason: '推荐票靠前，实绩突出' }];
    expect(checkTargets({ targets: one }, { method: 'ordinary', positions: 1, meeting, talks }, policy).ok).toBe(true);
    expect(checkTargets({ targets: one }, { method: 'competitive', positions: 1, meeting, talks }, policy)).toEqual({
      ok: false,
      error: '1 targets; this selection inspects at least 2 (差额: 1 posts + 1)',
    });
    const two = [...one, { personId: 'p4', reason: '谈话推荐，熟悉农村工作' }];
    expect(checkTargets({ targets: two }, { method: 'competitive', positions: 1, meeting, talks }, policy).ok).toBe(true);
  });

  it('takes only people who were recommended, and applies a county floor only when it has one', () => {
    expect(
      checkTargets({ targets: [{ personId: 'p9', reason: 'x' }] }, { method: 'ordinary', positions: 1, meeting, talks }, policy),
    ).toEqual({
      ok: false,
      error: 'p9 was not recommended at the meeting or in the talks',
    });
    // Default: no floor, so p3's 5 of 35 valid ballots are enough to be considered.
    expect(meetsRecommendationFloor('p3', meeting, policy)).toBe(true);
    const floor = parsePolicy({ version: 'c.1', selection: { recommendationFloor: { num: 1, den: 5, mode: 'at-least' } } });
    // 7 of 35 is exactly 1/5; 5 of 35 is below.
    expect(meetsRecommendationFloor('p1', { ...meeting, votes: { p1: 7 } }, floor)).toBe(true);
    expect(meetsRecommendationFloor('p3', meeting, floor)).toBe(false);
    expect(
      checkTargets({ targets: [{ personId: 'p3', reason: 'x' }] }, { method: 'ordinary', positions: 1, meeting, talks }, floor),
    ).toEqual({
      ok: false,
      error: 'p3 is below the recommendation floor (at least 1/5 of the valid ballots)',
    });
  });

  it('needs a written reason for each target', () => {
    expect(parseTargets({ targets: [{ personId: 'p1', reason: '  ' }] })).toEqual({
      ok: false,
      error: 'targets[0].reason is required: it holds only blank or invisible characters',
    });
    expect(
      parseTargets({
        targets: [
          { personId: 'p1', reason: 'a' },
          { personId: 'p1', reason: 'b' },
        ],
      }),
    ).toEqual({ ok: false, error: 'p1 is named twice' });
  });
});

describe('the inspection (考察, 凡提四必)', () => {
  it('needs a team of at least two distinct inspectors', () => {
    expect(checkInspectionTeam(['王敏'], policy)).toEqual({ ok: false, error: 'an inspection team has at least 2 members, got 1' });
    expect(checkInspectionTeam(['王敏', '王敏'], policy).ok).toBe(false);
    expect(checkInspectionTeam(['王敏', '李强'], policy)).toEqual({ ok: true, value: ['王敏', '李强'] });
  });

  it('waits for all four checks, and a failed one removes the target with its findings', () => {
    const pass = (check: Parameters<typeof parseCheckResult>[0]) => {
      const r = parseCheckResult(check)({ outcome: 'pass' });
      if (!r.ok) throw new Error(r.error);
      return r.value;
    };
    expect(inspectionStanding([pass('personnel-file'), pass('petitions')])).toEqual({
      standing: 'pending',
      missing: ['personal-matters', 'discipline-opinion'],
    });
    expect(
      inspectionStanding(['personnel-file', 'personal-matters', 'discipline-opinion', 'petitions'].map((c) => pass(c as never))),
    ).toEqual({ standing: 'cleared' });
    expect(parseCheckResult('discipline-opinion')({ outcome: 'fail' })).toEqual({ ok: false, error: 'findings is required' });
    const failed = parseCheckResult('discipline-opinion')({ outcome: 'fail', findings: '正在接受审查' });
    expect(failed.ok && inspectionStanding([pass('personnel-file'), failed.value])).toEqual({
      standing: 'removed',
      reasons: ['discipline-opinion: 正在接受审查'],
    });
  });

  it('names a case by its unit, post and opening day', () => {
    expect(selectionCaseId('ts-03', 'deputy-head', '2026-03-02')).toBe('selection/ts-03/deputy-head/2026-03-02');
  });
});
