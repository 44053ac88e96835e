/**
 * The review (复核) and appeal (申诉) windows and the evaluation's decision parsers, as pure functions. The grades, ratings, scores and quota: evaluation.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RatingVotes } from '../../domain/democraticRating';
import type { EvaluationPolicy } from '../../domain/evaluationInput';
import { DEFAULT_POLICY } from '../../domain/policy';
import {
  checkAppealFiledOn,
  parseAppealRequest,
  parseCommitteeGrade,
  parseRatingVotes,
  parseReviewDecision,
  parseReviewRequest,
  parseScoreSheet,
  parseSelfSummary,
  parseSupervisorComment,
  parseTownshipRecommendation,
} from '../../domain/evaluationForms';
import {
  appealDecisionDueOn,
  appealWindow,
  canAppeal,
  canRequestReview,
  checkReviewDecision,
  isReviewDecisionOverdue,
  reviewDecisionDueOn,
  reviewRequestWindow,
  standingGrade,
} from '../../domain/evaluationReview';

const p: EvaluationPolicy = DEFAULT_POLICY.evaluation;

const votes = (excellent: number, competent: number, basicallyCompetent: number, notCompetent: number): RatingVotes => ({
  excellent,
  competent,
  basicallyCompetent,
  notCompetent,
});

describe('review (复核) and appeal (申诉) windows', () => {
  it('a review may be requested up to day 30 after notification, not on day 31', () => {
    expect(reviewRequestWindow('2026-03-01', p)).toEqual({ opensOn: '2026-03-01', closesOn: '2026-03-31' });
    expect(canRequestReview('2026-03-01', '2026-03-01', p)).toBe(true);
    expect(canRequestReview('2026-03-01', '2026-03-31', p)).toBe(true); // day 30
    expect(canRequestReview('2026-03-01', '2026-04-01', p)).toBe(false); // day 31
    expect(canRequestReview('2026-03-01', '2026-02-28', p)).toBe(false); // before notification
  });

  it('the review is decided within 30 days; overdue from day 31', () => {
    expect(reviewDecisionDueOn('2026-04-10', p)).toBe('2026-05-10');
    expect(isReviewDecisionOverdue('2026-04-10', '2026-05-10', p)).toBe(false);
    expect(isReviewDecisionOverdue('2026-04-10', '2026-05-11', p)).toBe(true);
  });

  it('an appeal may follow within 15 days of the review decision', () => {
    expect(appealWindow('2026-05-10', p).closesOn).toBe('2026-05-25');
    expect(canAppeal('2026-05-10', '2026-05-25', p)).toBe(true);
    expect(canAppeal('2026-05-10', '2026-05-26', p)).toBe(false);
  });

  it('the appeal window: the decision day not counted, day 15 open, day 16 closed, across a month end', () => {
    expect(appealWindow('2026-06-20', p)).toEqual({ opensOn: '2026-06-20', closesOn: '2026-07-05' });
    expect(canAppeal('2026-06-20', '2026-06-20', p)).toBe(true); // the decision's own day
    expect(canAppeal('2026-06-20', '2026-07-05', p)).toBe(true); // day 15
    expect(canAppeal('2026-06-20', '2026-07-06', p)).toBe(false); // day 16
    expect(canAppeal('2026-06-20', '2026-06-19', p)).toBe(false); // before the review was decided
    // The policy's number, not a constant.
    expect(appealWindow('2026-06-20', { ...p, appealDays: 10 }).closesOn).toBe('2026-06-30');
  });

  it('the appeal is decided within the review’s term, counted from its filing', () => {
    expect(appealDecisionDueOn('2026-07-01', p)).toBe('2026-07-31');
    expect(appealDecisionDueOn('2026-07-01', { ...p, reviewDecisionDays: 20 })).toBe('2026-07-21');
  });

  it('crosses month and leap-year ends in calendar days', () => {
    expect(reviewRequestWindow('2028-02-10', p).closesOn).toBe('2028-03-11');
    expect(reviewRequestWindow('2026-12-15', p).closesOn).toBe('2027-01-14');
  });

  it('the fixed grade stands while a review or appeal is pending', () => {
    const changed = { outcome: 'changed' as const, grade: 'competent' as const, reason: '复核改定' };
    const upheld = { outcome: 'upheld' as const, reason: '维持' };
    expect(standingGrade('basically-competent', { stage: 'none' })).toBe('basically-competent');
    expect(standingGrade('basically-competent', { stage: 'review-requested', requestedOn: '2026-03-05' })).toBe('basically-competent');
    expect(standingGrade('basically-competent', { stage: 'review-decided', decidedOn: '2026-03-20', review: changed })).toBe('competent');
    expect(standingGrade('basically-competent', { stage: 'appeal-filed', filedOn: '2026-03-25', review: upheld })).toBe(
      'basically-competent',
    );
    expect(standingGrade('basically-competent', { stage: 'appeal-decided', review: upheld, appeal: changed })).toBe('competent');
  });

  it('a "change" to the grade already held is refused', () => {
    expect(checkReviewDecision({ outcome: 'changed', grade: 'competent', reason: 'x' }, 'competent')).toMatchObject({ ok: false });
    expect(checkReviewDecision({ outcome: 'changed', grade: 'excellent', reason: 'x' }, 'competent').ok).toBe(true);
  });
});

describe('decision parsers', () => {
  it('self-summary: required text, no unknown fields', () => {
    expect(parseSelfSummary({ summary: '  全年完成…  ' })).toEqual({ ok: true, value: { summary: '全年完成…' } });
    expect(parseSelfSummary({ summary: '' })).toEqual({ ok: false, error: 'summary is required' });
    expect(parseSelfSummary({ summary: 'x', sumary: 'y' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('unknown field(s): sumary'),
    });
    expect(parseSelfSummary('text')).toEqual({ ok: false, error: 'decision must be an object' });
  });

  it('rating votes: counts that could be true', () => {
    const good = { meeting: { present: 25, due: 30 }, votes: votes(3, 18, 2, 1) };
    expect(parseRatingVotes(good)).toEqual({ ok: true, value: good });
    expect(parseRatingVotes({ ...good, meeting: { present: 31, due: 30 } })).toMatchObject({
      ok: false,
      error: expect.stringContaining('31 present'),
    });
    expect(parseRatingVotes({ ...good, votes: votes(10, 18, 2, 1) })).toMatchObject({
      ok: false,
      error: expect.stringContaining('31 ballots'),
    });
    expect(parseRatingVotes({ ...good, votes: votes(0, 0, 0, 0) })).toEqual({ ok: false, error: 'votes: no votes were cast' });
    expect(parseRatingVotes({ ...good, votes: { ...votes(0, 1, 0, 0), notCompetent: -1 } })).toMatchObject({
      ok: false,
      error: expect.stringContaining('votes.notCompetent'),
    });
    expect(parseRatingVotes({ ...good, votes: { excellent: 1, competent: 1, basicallyCompetent: 1 } })).toMatchObject({ ok: false });
  });

  it('score sheet: points with two decimals at most, 0–100, bonus optional', () => {
    expect(parseScoreSheet({ supervisor: 85.5, staff: 90, assessmentTeam: 77.25 })).toEqual({
      ok: true,
      value: { supervisor: 8550, staff: 9000, assessmentTeam: 7725, bonus: 0 },
    });
    expect(parseScoreSheet({ supervisor: 101, staff: 90, assessmentTeam: 77 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('0 to 100'),
    });
    expect(parseScoreSheet({ supervisor: 85.555, staff: 90, assessmentTeam: 77 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('two decimals'),
    });
    expect(parseScoreSheet({ supervisor: '85', staff: 90, assessmentTeam: 77 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('number of points'),
    });
  });

  it("supervisor's comment and proposed grade", () => {
    expect(parseSupervisorComment({ comment: '工作扎实', proposedGrade: 'excellent' }).ok).toBe(true);
    expect(parseSupervisorComment({ comment: '工作扎实', proposedGrade: '优秀' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('proposedGrade must be one of excellent | competent | basically-competent | not-competent'),
    });
    expect(parseSupervisorComment({ proposedGrade: 'excellent' })).toEqual({ ok: false, error: 'comment is required' });
  });

  it('township recommendation and committee grade: 不称职 needs a reason', () => {
    for (const parse of [parseTownshipRecommendation, parseCommitteeGrade]) {
      expect(parse({ grade: 'competent' })).toEqual({ ok: true, value: { grade: 'competent', reason: '' } });
      expect(parse({ grade: 'not-competent' })).toEqual({ ok: false, error: 'reason is required for a not-competent grade' });
      expect(parse({ grade: 'not-competent', reason: '全年两次未完成任务' }).ok).toBe(true);
    }
  });

  it('review request needs grounds', () => {
    expect(parseReviewRequest({ grounds: '测评票数统计有误' }).ok).toBe(true);
    expect(parseReviewRequest({})).toEqual({ ok: false, error: 'grounds is required' });
  });

  it('appeal request: grounds, and the day it was filed when recorded afterwards', () => {
    expect(parseAppealRequest({ grounds: ' 复核结论与事实不符 ' })).toEqual({ ok: true, value: { grounds: '复核结论与事实不符' } });
    expect(parseAppealRequest({ grounds: '申诉', filedOn: '2026-07-03' })).toEqual({
      ok: true,
      value: { grounds: '申诉', filedOn: '2026-07-03' },
    });
    // An empty day is no day: filed the day it is recorded.
    expect(parseAppealRequest({ grounds: '申诉', filedOn: '' })).toEqual({ ok: true, value: { grounds: '申诉' } });
    expect(parseAppealRequest({ filedOn: '2026-07-03' })).toEqual({ ok: false, error: 'grounds is required' });
    expect(parseAppealRequest({ grounds: '申诉', filedOn: '2026-13-01' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('filedOn'),
    });
    expect(parseAppealRequest({ grounds: '申诉', requestedOn: '2026-07-03' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('unknown field(s): requestedOn'),
    });
    expect(parseAppealRequest('申诉')).toEqual({ ok: false, error: 'decision must be an object' });
  });

  it('an appeal filed before the review’s decision is refused; that day itself or later is not', () => {
    expect(checkAppealFiledOn({ grounds: 'x', filedOn: '2026-06-19' }, '2026-06-20')).toEqual({
      ok: false,
      error: 'filedOn 2026-06-19 is before 2026-06-20, the day the review (复核) was decided',
    });
    expect(checkAppealFiledOn({ grounds: 'x', filedOn: '2026-06-20' }, '2026-06-20').ok).toBe(true);
    expect(checkAppealFiledOn({ grounds: 'x' }, '2026-06-20').ok).toBe(true);
  });

  it('review decision: a changed grade names it, an upheld one does not', () => {
    expect(parseReviewDecision({ outcome: 'upheld', reason: '维持原等次' })).toEqual({
      ok: true,
      value: { outcome: 'upheld', reason: '维持原等次' },
    });
    expect(parseReviewDecision({ outcome: 'changed', grade: 'competent', reason: '改定' })).toEqual({
      ok: true,
      value: { outcome: 'changed', grade: 'competent', reason: '改定' },
    });
    expect(parseReviewDecision({ outcome: 'changed', reason: '改定' })).toEqual({
      ok: false,
      error: 'grade is required when the grade is changed',
    });
    expect(parseReviewDecision({ outcome: 'upheld', grade: 'competent', reason: 'x' })).toMatchObject({ ok: false });
    expect(parseReviewDecision({ outcome: 'upheld' })).toEqual({ ok: false, error: 'reason is required' });
    expect(parseReviewDecision({ outcome: 'overturned', reason: 'x' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('upheld | changed'),
    });
  });

  it('never throw, whatever arrives', () => {
    const parsers = [
      parseSelfSummary,
      parseRatingVotes,
      parseScoreSheet,
      parseSupervisorComment,
      parseTownshipRecommendation,
      parseCommitteeGrade,
      parseReviewRequest,
      parseAppealRequest,
      parseReviewDecision,
    ];
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        for (const parse of parsers) expect(typeof parse(raw).ok).toBe('boolean');
      }),
    );
  });
});
