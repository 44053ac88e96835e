/**
 * What each decision of a cadre's 年度考核 case records (domain/evaluationDecider.ts),
 * given the case's state, without Temporal: exact events, field by field and in order.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors';
import { APPEND_DATE, APPEND_TIME } from '../../domain/events';
import {
  decideAppealRequest,
  decideEvaluationStart,
  decideFinalGrade,
  decideGradeChange,
  decideGradeFixed,
  decideNoticeRegrade,
  decideNotified,
  decideRating,
  decideReRating,
  decideRecommendation,
  decideReviewRequest,
  decideScore,
  decideSelfSummary,
  decideSupervisorComment,
  decideWarning,
  evolveEvaluationStatus,
  recordedOrToday,
  voteFinding,
  type EvaluationStatus,
} from '../../domain/evaluationDecider';
import type { RatingSession } from '../../domain/evaluationForms';
import { EvaluationInputError } from '../../domain/evaluationInput';
import { scoringRules } from '../../domain/evaluationRound';
import { DEFAULT_POLICY } from '../../domain/policy';
import { decider } from '../support/decider';

const policy = DEFAULT_POLICY.evaluation;
const caseId = 'evaluation/2026/p-0001';
const personId = 'p-0001';
const who = { caseId, personId };
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
const at = APPEND_TIME;

/** 30 representatives due, 25 present; the votes as given. */
function session(excellent: number, competent: number, basicallyCompetent: number, notCompetent: number): RatingSession {
  return { meeting: { present: 25, due: 30 }, votes: { excellent, competent, basicallyCompetent, notCompetent } };
}

describe('the case opens', () => {
  it('given a cadre of a round, when the case starts, then the case and the cadre’s year are recorded', () => {
    const start = {
      roundId: 'evaluation-round/2026/county',
      year: 2026,
      personName: '王芳',
      orgUnitId: 'v-01',
      townshipId: 'ts-01',
      unitId: 'ts-01/village',
      unitKind: 'village' as const,
      policyVersion: '3',
    };
    decider(decideEvaluationStart)
      .given(who)
      .when(start)
      .then([
        {
          type: 'CaseStarted',
          data: {
            caseId,
            kind: 'evaluation',
            subjectId: personId,
            townshipId: 'ts-01',
            policyVersion: '3',
            startedAt: at,
            summary: '王芳 2026年度考核',
          },
        },
        {
          type: 'EvaluationStarted',
          data: {
            caseId,
            personId,
            roundId: 'evaluation-round/2026/county',
            year: 2026,
            personName: '王芳',
            orgUnitId: 'v-01',
            townshipId: 'ts-01',
            unitId: 'ts-01/village',
            unitKind: 'village',
            at,
          },
        },
      ]);
  });
});

describe('the assessment', () => {
  it('given the case, when the self-summary is filed, then it is recorded with who filed it', () => {
    decider(decideSelfSummary)
      .given(who)
      .when({ value: { summary: '全年完成工作目标' }, actor: township })
      .then([{ type: 'EvaluationSelfSummaryFiled', data: { caseId, personId, summary: '全年完成工作目标', actor: township, at } }]);
  });

  it('given a village cadre, when 27 of 30 ballots are competent-or-better, then the rating proposes 优秀 and no warning', () => {
    const d = session(20, 7, 2, 1);
    decider(decideRating)
      .given({ ...who, policy, village: true })
      .when(d)
      .then([
        {
          type: 'EvaluationRated',
          data: {
            caseId,
            personId,
            meeting: d.meeting,
            votes: d.votes,
            cast: 30,
            competentOrBetter: 27,
            fail: 1,
            voteProposal: 'excellent',
            warningDue: false,
            at,
          },
        },
      ]);
  });

  it('given a township cadre, when 12 of 30 ballots are 不称职, then the vote proposes nothing and a warning is due', () => {
    const d = session(5, 10, 3, 12);
    decider(decideRating)
      .given({ ...who, policy, village: false })
      .when(d)
      .then([
        {
          type: 'EvaluationRated',
          data: {
            caseId,
            personId,
            meeting: d.meeting,
            votes: d.votes,
            cast: 30,
            competentOrBetter: 15,
            fail: 12,
            voteProposal: null,
            warningDue: true,
            at,
          },
        },
      ]);
    // The same ballots for a village cadre would not propose 不称职 either (40% < 50%).
    expect(voteFinding(d, policy, true).proposal).toBeNull();
    expect(voteFinding(session(0, 10, 5, 15), policy, true).proposal).toBe('not-competent');
    expect(voteFinding(session(0, 10, 5, 15), policy, false).proposal).toBeNull();
  });

  it('given a village cadre, when scored 92.50 with one negative-list item, then the score and ★4 are recorded', () => {
    const sheet = { supervisor: 9000, staff: 9250, assessmentTeam: 9375, bonus: 0 };
    decider(decideScore)
      .given({ ...who, weights: policy.weights, rules: scoringRules(DEFAULT_POLICY), village: true })
      .when({ value: { sheet, negatives: ['酒驾'] }, actor: township })
      .then([
        {
          type: 'EvaluationScored',
          data: {
            caseId,
            personId,
            sheet,
            // 0.2 × 90 + 0.4 × 92.5 + 0.4 × 93.75 = 92.50
            total: 9250,
            weighted: 9250,
            bonus: 0,
            bonusCapped: false,
            stars: { stars: 4, fromScore: 5, negatives: ['酒驾'] },
            actor: township,
            at,
          },
        },
      ]);
  });

  it('given a township cadre, when scored with a bonus over the cap, then the bonus is capped and no stars are given', () => {
    const sheet = { supervisor: 8000, staff: 8000, assessmentTeam: 8000, bonus: 800 };
    decider(decideScore)
      .given({ ...who, weights: policy.weights, rules: scoringRules(DEFAULT_POLICY), village: false })
      .when({ value: { sheet, negatives: [] }, actor: township })
      .then([
        {
          type: 'EvaluationScored',
          data: { caseId, personId, sheet, total: 8500, weighted: 8000, bonus: 500, bonusCapped: true, stars: null, actor: township, at },
        },
      ]);
  });

  it('given the case, when the supervisor comments and the township recommends, then each is recorded as entered', () => {
    decider(decideSupervisorComment)
      .given(who)
      .when({ value: { comment: '工作扎实', proposedGrade: 'competent' }, actor: township })
      .then([
        {
          type: 'EvaluationSupervisorCommented',
          data: { caseId, personId, comment: '工作扎实', proposedGrade: 'competent', actor: township, at },
        },
      ]);
    decider(decideRecommendation)
      .given(who)
      .when({ value: { grade: 'excellent', reason: '' }, actor: township })
      .then([{ type: 'EvaluationRecommended', data: { caseId, personId, grade: 'excellent', reason: '', actor: township, at } }]);
  });
});

describe('the grade, the notice and the notification', () => {
  it('given the cadre’s unit, when the round fixes the grade, then the case records it with the committee as actor', () => {
    decider(decideGradeFixed)
      .given({ ...who, roundId: 'evaluation-round/2026/county', unitId: 'ts-01/village' })
      .when({ value: { grade: 'competent', reason: '' }, actor: county })
      .then([
        {
          type: 'EvaluationGradeFixed',
          data: {
            caseId,
            personId,
            roundId: 'evaluation-round/2026/county',
            unitId: 'ts-01/village',
            grade: 'competent',
            reason: '',
            actor: county,
            at,
          },
        },
      ]);
  });

  it('given upheld objections to the 优秀 notice, when the committee regrades without a reason, then the findings are the reason', () => {
    const given = decider(decideNoticeRegrade).given({ ...who, findings: ['群众反映属实', '材料不实'] });
    given.when({ value: { grade: 'competent', reason: '' }, actor: county }).then([
      {
        type: 'EvaluationGradeChanged',
        data: {
          caseId,
          personId,
          from: 'excellent',
          to: 'competent',
          source: 'notice-objection',
          reason: '群众反映属实；材料不实',
          actor: county,
          at,
        },
      },
    ]);
    given.when({ value: { grade: 'competent', reason: '委员会复议' }, actor: county }).then([
      {
        type: 'EvaluationGradeChanged',
        data: { caseId, personId, from: 'excellent', to: 'competent', source: 'notice-objection', reason: '委员会复议', actor: county, at },
      },
    ]);
  });

  it('given the grade, when the cadre is notified on 2027-01-10, then the review window closes 30 days later', () => {
    decider(decideNotified)
      .given({ ...who, policy, grade: 'competent' })
      .when({ value: { method: 'in-person', notifiedOn: '2027-01-10' }, actor: township })
      .then([
        {
          type: 'EvaluationNotified',
          data: {
            caseId,
            personId,
            grade: 'competent',
            method: 'in-person',
            notifiedOn: '2027-01-10',
            reviewRequestClosesOn: '2027-02-09',
            actor: township,
            at,
          },
        },
      ]);
  });

  it('a day recorded afterwards keeps its day; today or a later one is today', () => {
    expect(recordedOrToday('2027-01-08', '2027-01-10')).toBe('2027-01-08');
    expect(recordedOrToday('2027-01-10', '2027-01-10')).toBe('2027-01-10');
    expect(recordedOrToday('2027-01-12', '2027-01-10')).toBe('2027-01-10');
    expect(recordedOrToday(undefined, '2027-01-10')).toBe('2027-01-10');
  });
});

describe('review and appeal, as the cadre files them', () => {
  it('given the case, when a review is requested on 2027-01-20, then it is due 30 days later', () => {
    decider(decideReviewRequest)
      .given({ ...who, policy })
      .when({ value: { grounds: '测评材料有误', requestedOn: '2027-01-20' }, actor: county })
      .then([
        {
          type: 'EvaluationReviewRequested',
          data: { caseId, personId, grounds: '测评材料有误', requestedOn: '2027-01-20', decisionDueOn: '2027-02-19', actor: county, at },
        },
      ]);
  });

  it('given an open appeal window, when an appeal is filed on 2027-02-25, then it names the window and is due 30 days later', () => {
    decider(decideAppealRequest)
      .given({ ...who, policy, appealClosesOn: '2027-03-06' })
      .when({ value: { grounds: '复核未考虑新材料', filedOn: '2027-02-25' }, actor: township })
      .then([
        {
          type: 'EvaluationAppealRequested',
          data: {
            caseId,
            personId,
            grounds: '复核未考虑新材料',
            filedOn: '2027-02-25',
            appealClosesOn: '2027-03-06',
            decisionDueOn: '2027-03-27',
            actor: township,
            at,
          },
        },
      ]);
  });

  it('given the round changed the grade, when applied, then the change names its source and the round’s actor', () => {
    decider(decideGradeChange)
      .given(who)
      .when({ value: { from: 'basically-competent', to: 'competent', source: 'review', reason: '材料补正' }, actor: county })
      .then([
        {
          type: 'EvaluationGradeChanged',
          data: { caseId, personId, from: 'basically-competent', to: 'competent', source: 'review', reason: '材料补正', actor: county, at },
        },
      ]);
  });
});

describe('warning, re-rating and the grade that stands', () => {
  it('given 12 of 30 fail votes, when the warning is issued on 2027-01-15, then the re-rating may be held from 2027-04-15', () => {
    decider(decideWarning)
      .given({ ...who, policy })
      .when({ fail: 12, cast: 30, warnedOn: '2027-01-15' })
      .then([
        {
          type: 'EvaluationWarningIssued',
          data: { caseId, personId, fail: 12, cast: 30, warnedOn: '2027-01-15', reRatingFrom: '2027-04-15', at },
        },
      ]);
  });

  it('given a warning of 2027-01-15, when 19 of 30 ballots pass at the re-rating, then it passes', () => {
    const d = session(5, 10, 4, 11);
    decider(decideReRating)
      .given({ ...who, policy, warnedOn: '2027-01-15', openedOn: '2027-04-15' })
      .when({ value: d, actor: township })
      .then([
        {
          type: 'EvaluationReRated',
          data: {
            caseId,
            personId,
            meeting: d.meeting,
            votes: d.votes,
            pass: 19,
            cast: 30,
            outcome: 'passed',
            ratedOn: APPEND_DATE,
            actor: township,
            at,
          },
        },
      ]);
  });

  it('given a warning, when exactly 60% pass at the re-rating, then removal is flagged beside it', () => {
    const d = session(5, 10, 3, 12);
    decider(decideReRating)
      .given({ ...who, policy, warnedOn: '2027-01-15', openedOn: '2027-04-20' })
      .when({ value: d, actor: township })
      .then([
        {
          type: 'EvaluationReRated',
          data: {
            caseId,
            personId,
            meeting: d.meeting,
            votes: d.votes,
            pass: 18,
            cast: 30,
            outcome: 'removal',
            ratedOn: APPEND_DATE,
            actor: township,
            at,
          },
        },
        { type: 'EvaluationRemovalFlagged', data: { caseId, personId, reason: 'failed-re-rating', years: [], at } },
      ]);
  });

  it('given a re-rating opened before the warning’s months are over, when it is decided, then it throws: the check refused it', () => {
    decider(decideReRating)
      .given({ ...who, policy, warnedOn: '2027-01-15', openedOn: '2027-04-14' })
      .when({ value: session(5, 10, 4, 11), actor: township })
      .thenThrows(/may be held from 2027-04-15/);
    expect(() =>
      decideReRating({ value: session(5, 10, 4, 11), actor: township }, { ...who, policy, warnedOn: '2027-01-15', openedOn: '2027-04-14' }),
    ).toThrow(EvaluationInputError);
  });

  it('given 不称职 the year before, when 不称职 stands again, then removal is flagged for both years', () => {
    decider(decideFinalGrade)
      .given({ ...who, policy })
      .when({ year: 2026, grade: 'not-competent', history: [{ year: 2025, grade: 'not-competent' }] })
      .then([
        { type: 'EvaluationGradeFinal', data: { caseId, personId, year: 2026, grade: 'not-competent', at } },
        { type: 'EvaluationRemovalFlagged', data: { caseId, personId, reason: 'two-years-not-competent', years: [2025, 2026], at } },
      ]);
    decider(decideFinalGrade)
      .given({ ...who, policy })
      .when({ year: 2026, grade: 'not-competent', history: [{ year: 2024, grade: 'not-competent' }] })
      .then([{ type: 'EvaluationGradeFinal', data: { caseId, personId, year: 2026, grade: 'not-competent', at } }]);
  });

  it('the status follows the warning, the re-rating and a removal flag, and nothing else', () => {
    const start: EvaluationStatus = {
      stage: 'assessment',
      gradeFinal: false,
      review: 'none',
      appeal: 'none',
      warning: 'none',
      removalFlagged: false,
    };
    const issued = decideWarning({ fail: 12, cast: 30, warnedOn: '2027-01-15' }, { ...who, policy });
    const warned = issued.reduce(evolveEvaluationStatus, start);
    expect(warned).toEqual({ ...start, warning: 'issued' });
    const reRated = decideReRating(
      { value: session(5, 10, 3, 12), actor: township },
      { ...who, policy, warnedOn: '2027-01-15', openedOn: '2027-04-20' },
    );
    expect(reRated.reduce(evolveEvaluationStatus, warned)).toEqual({ ...start, warning: 'removal', removalFlagged: true });
    const summary = decideSelfSummary({ value: { summary: '…' }, actor: township }, who);
    expect(summary.reduce(evolveEvaluationStatus, start)).toBe(start);
  });
});
