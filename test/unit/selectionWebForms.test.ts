/**
 * What the web UI's selection forms read and send, given/when/then: the committee table's
 * decision and its live answers (quorum, approval, over-count — from the case's own
 * judgement, domain/selectionVote.ts), the facts read off the case's events (targets and
 * candidates per round), the round and check a step names, and how a selection's steps
 * read in either language.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy';
import { parseCommitteeMeeting } from '../../domain/selectionVote';
import { attendanceOf, committeeDecision, standingOf } from '../../web/src/forms/committeeVote';
import { checkOfStep, roundOfStep, selectionFactsFromTimeline } from '../../web/src/forms/selectionFacts';
import { stepLabel } from '../../web/src/steps';
import type { TimelineEntry } from '../../web/src/api';

const policy = DEFAULT_POLICY;

describe('the committee table (committeeVote.ts)', () => {
  it('given 11 members due, when 7 are present, then there is no quorum (8 needed); with 9 there is, and 6 yes votes approve', () => {
    expect(attendanceOf({ membersDue: 11, present: 7 }, policy)).toMatchObject({ state: 'counted', quorum: false, quorumNeeded: 8 });
    expect(attendanceOf({ membersDue: 11, present: 9 }, policy)).toMatchObject({ state: 'counted', quorum: true, yesNeeded: 6 });
  });

  it('given counts not yet typed or impossible, then the attendance is unknown, and says when more are present than due', () => {
    expect(attendanceOf({ membersDue: 11 }, policy)).toEqual({ state: 'unknown', presentOverDue: false });
    expect(attendanceOf({ membersDue: 11, present: 12 }, policy)).toEqual({ state: 'unknown', presentOverDue: true });
  });

  it('given 11 due and 9 present, then approval counts yes votes against all 11 due, whoever is present', () => {
    expect(standingOf(11, 9, 'p-1', { yes: 5 }, policy)).toEqual({ state: 'not-approved', yes: 5 });
    expect(standingOf(11, 9, 'p-1', { yes: 6, no: 3 }, policy)).toEqual({ state: 'approved', yes: 6 });
    expect(standingOf(11, 9, 'p-1', {}, policy)).toEqual({ state: 'none' });
  });

  it('given a row with more votes than the members left in the room, then it is over-counted, in the judgement’s words', () => {
    const over = standingOf(11, 9, 'p-1', { yes: 6, no: 4 }, policy);
    expect(over).toMatchObject({ state: 'over' });
    expect(over.state === 'over' && over.error).toContain('but only 9 members voted');
    // A member who withdraws leaves the room for that vote: 8 vote, 6 + 2 fit.
    expect(standingOf(11, 9, 'p-1', { recused: 1, yes: 6, no: 2 }, policy)).toEqual({ state: 'approved', yes: 6 });
    expect(standingOf(11, 9, 'p-1', { recused: 1, yes: 6, no: 3 }, policy)).toMatchObject({ state: 'over' });
  });

  it('when a meeting with a quorum is sent, then untouched candidates are left out and blank cells of a voted row are none', () => {
    const decision = committeeDecision(
      { membersDue: 11, present: 9, votes: { 'p-1': { yes: 6, no: null }, 'p-2': {}, 'p-3': { abstain: 1 } } },
      ['p-1', 'p-2', 'p-3'],
      true,
    );
    expect(decision).toEqual({
      membersDue: 11,
      present: 9,
      votes: [
        { personId: 'p-1', recused: 0, yes: 6, no: 0, abstain: 0 },
        { personId: 'p-3', recused: 0, yes: 0, no: 0, abstain: 1 },
      ],
    });
    expect(parseCommitteeMeeting(decision).ok).toBe(true);
  });

  it('when a meeting without a quorum is sent, then only its counts (and its day) are, whatever was typed in the rows', () => {
    expect(committeeDecision({ membersDue: 11, present: 7, votes: { 'p-1': { yes: 6 } } }, ['p-1'], false)).toEqual({
      membersDue: 11,
      present: 7,
    });
    // No notice follows a meeting without a quorum: a notice day typed before the count fell short stays out.
    expect(committeeDecision({ membersDue: 11, present: 7, heldOn: '2026-03-10', noticePostedOn: '2026-03-11' }, ['p-1'], false)).toEqual({
      membersDue: 11,
      present: 7,
      heldOn: '2026-03-10',
    });
  });

  it('when a vote entered afterwards is sent, then it carries the meeting’s day and the notice’s, as the parser reads them', () => {
    const decision = committeeDecision(
      { membersDue: 11, present: 9, heldOn: '2026-03-10', noticePostedOn: '2026-03-11', votes: { 'p-1': { yes: 7 } } },
      ['p-1'],
      true,
    );
    expect(decision).toMatchObject({ heldOn: '2026-03-10', noticePostedOn: '2026-03-11' });
    expect(parseCommitteeMeeting(decision)).toMatchObject({ ok: true, value: { heldOn: '2026-03-10', noticePostedOn: '2026-03-11' } });
  });
});

const entry = (type: string, data: Record<string, unknown>, version: number): TimelineEntry => ({
  version,
  position: String(version),
  recordedAt: '2026-03-02T02:00:00Z',
  type,
  data,
});

describe('the facts of a selection read off its events (selectionFacts.ts)', () => {
  it('given a competitive selection with two rounds, then each round has its targets and, as candidates, those reported on in list order', () => {
    const facts = selectionFactsFromTimeline([
      entry('SelectionOpened', { method: 'competitive', post: { positions: 2 }, openedOn: '2026-03-02' }, 1),
      entry('MeetingRecommendationRecorded', { due: 40, attended: 38, cast: 38, invalid: 1, votes: { 'p-1': 30 } }, 2),
      entry('TalkRecommendationRecorded', { talkedTo: 25, named: { 'p-2': 9 } }, 3),
      entry('InspectionTargetsChosen', { round: 1, targets: [{ personId: 'p-9' }] }, 4),
      // An upheld objection sent the list back: the round's next list replaces it.
      entry('InspectionTargetsChosen', { round: 1, targets: [{ personId: 'p-1' }, { personId: 'p-2' }, { personId: 'p-3' }] }, 5),
      entry('InspectionReported', { round: 1, personId: 'p-3' }, 6),
      entry('InspectionReported', { round: 1, personId: 'p-1' }, 7),
      entry('InspectionTargetsChosen', { round: 2, targets: [{ personId: 'p-2' }] }, 8),
    ]);
    expect(facts).toMatchObject({
      openedOn: '2026-03-02',
      method: 'competitive',
      positions: 2,
      meeting: { votes: { 'p-1': 30 } },
      talks: { named: { 'p-2': 9 } },
    });
    expect(facts.rounds).toEqual([
      { round: 1, targets: ['p-1', 'p-2', 'p-3'], candidates: ['p-1', 'p-3'] },
      { round: 2, targets: ['p-2'], candidates: [] },
    ]);
    expect(facts.policy).toEqual(DEFAULT_POLICY.selection);
  });

  it('given a step, then its round and its check are the ones it names', () => {
    expect(roundOfStep('committee-2-1')).toBe(2);
    expect(roundOfStep('targets-3-2')).toBe(3);
    expect(roundOfStep('check-2-p-0612-petitions')).toBe(2);
    expect(roundOfStep('work-plan')).toBe(1);
    expect(checkOfStep('check-1-p-0612-personal-matters')).toBe('personal-matters');
    expect(checkOfStep('check-1-p-0612-references')).toBeUndefined();
    expect(checkOfStep('report-1-p-0612')).toBeUndefined();
  });
});

describe('a selection in either language', () => {
  it.each([
    ['work-plan', '工作方案审批', 'Work plan approval'],
    ['targets-1', '确定考察对象', 'Inspection targets'],
    ['targets-2-2', '确定考察对象（第2轮）', 'Inspection targets (round 2)'],
    ['check-1-p-0612-discipline-opinion', '凡提四必：纪检监察机关意见', 'Check: discipline opinion'],
    ['committee-1-1', '讨论决定', 'Committee decision'],
    ['committee-1-2', '讨论决定（第2次会议）', 'Committee decision, meeting 2'],
    ['appointment-p-0612', '任职', 'Appointment'],
    ['pre-appointment-notice-p-0612:objection-1:finding', '公示异议核查', 'Objection check'],
  ])('step %s reads %s / %s', (step, zh, en) => {
    expect(stepLabel('zh', 'selection', step)).toBe(zh);
    expect(stepLabel('en', 'selection', step)).toBe(en);
  });
});
