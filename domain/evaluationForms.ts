/**
 * The 年度考核 decisions people enter (docs/domain.md §3), parsed: a form that cannot be
 * true is refused here, before any rule reads it.
 */
import { compareDates } from './calendar';
import { count, fail, isRecord, ok, oneOf, onlyKeys, record, recordedDay, text, type DecisionParser, type Parsed } from './decisions';
import { castOf, type RatingMeeting, type RatingVotes } from './democraticRating';
import type { ReviewDecision } from './evaluationReview';
import { GRADES, type Grade } from './grades';
import { points } from './points';
import type { ScoreSheet } from './quantifiedScore';

const gradeField = (field: string) => (v: unknown) => oneOf(v, field, GRADES);

export interface SelfSummary {
  summary: string;
}

export const parseSelfSummary: DecisionParser<SelfSummary> = record<SelfSummary>({
  summary: (v) => text(v, 'summary', { required: true, max: 10_000 }),
});

/** The democratic rating as counted: attendance and the ballots. */
export interface RatingSession {
  meeting: RatingMeeting;
  votes: RatingVotes;
}

const parseMeeting = record<RatingMeeting>({
  present: (v) => count(v, 'meeting.present'),
  due: (v) => count(v, 'meeting.due'),
});

const parseVotes = record<RatingVotes>({
  excellent: (v) => count(v, 'votes.excellent'),
  competent: (v) => count(v, 'votes.competent'),
  basicallyCompetent: (v) => count(v, 'votes.basicallyCompetent'),
  notCompetent: (v) => count(v, 'votes.notCompetent'),
});

/** Counts that cannot be true are refused here; the quorum is a rule, checked by checkRatingMeeting. */
export const parseRatingVotes: DecisionParser<RatingSession> = (raw) => {
  const parsed = record<RatingSession>({ meeting: parseMeeting, votes: parseVotes })(raw);
  if (!parsed.ok) return parsed;
  const { meeting, votes } = parsed.value;
  if (meeting.due === 0) return fail('meeting.due: nobody was due to attend');
  if (meeting.present > meeting.due) return fail(`meeting: ${meeting.present} present but only ${meeting.due} due to attend`);
  const cast = castOf(votes);
  if (cast === 0) return fail('votes: no votes were cast');
  if (cast > meeting.present) return fail(`votes: ${cast} ballots counted but only ${meeting.present} present`);
  return parsed;
};

/** Sub-scores in points (0–100, two decimals at most); stored as hundredths. */
export const parseScoreSheet: DecisionParser<ScoreSheet> = record<ScoreSheet>({
  supervisor: (v) => points(v, 'supervisor'),
  staff: (v) => points(v, 'staff'),
  assessmentTeam: (v) => points(v, 'assessmentTeam'),
  // The cap is policy, applied by quantifiedScore; this only refuses nonsense.
  bonus: (v) => (v === undefined ? ok(0) : points(v, 'bonus')),
});

/** 分管领导评语 and the grade the supervising leader proposes. */
export interface SupervisorComment {
  comment: string;
  proposedGrade: Grade;
}

export const parseSupervisorComment: DecisionParser<SupervisorComment> = record<SupervisorComment>({
  comment: (v) => text(v, 'comment', { required: true }),
  proposedGrade: gradeField('proposedGrade'),
});

export interface GradeWithReason {
  grade: Grade;
  reason: string;
}

/** 不称职 leads towards removal, so it is never given without a stated reason. */
function gradeWithReason(raw: unknown): Parsed<GradeWithReason> {
  const parsed = record<GradeWithReason>({
    grade: gradeField('grade'),
    reason: (v) => text(v, 'reason', { required: false }),
  })(raw);
  if (parsed.ok && parsed.value.grade === 'not-competent' && parsed.value.reason === '') {
    return fail('reason is required for a not-competent grade');
  }
  return parsed;
}

/** 乡镇党委推荐等次. */
export type TownshipRecommendation = GradeWithReason;
export const parseTownshipRecommendation: DecisionParser<TownshipRecommendation> = gradeWithReason;

/** 考核委员会确定等次. */
export type CommitteeGrade = GradeWithReason;
export const parseCommitteeGrade: DecisionParser<CommitteeGrade> = gradeWithReason;

/** 复核申请: the person's grounds. */
export interface ReviewRequest {
  grounds: string;
}

export const parseReviewRequest: DecisionParser<ReviewRequest> = record<ReviewRequest>({
  grounds: (v) => text(v, 'grounds', { required: true }),
});

/**
 * 申诉: the person's grounds, and the day it was filed when it is recorded afterwards
 * (a day after today is today's; the case refuses one before the review's decision).
 */
export interface AppealRequest {
  grounds: string;
  filedOn?: string;
}

export const parseAppealRequest: DecisionParser<AppealRequest> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['grounds', 'filedOn']);
  if (extra) return fail(extra);
  const grounds = text(raw.grounds, 'grounds', { required: true });
  if (!grounds.ok) return grounds;
  const filedOn = recordedDay(raw.filedOn, 'filedOn');
  if (!filedOn.ok) return filedOn;
  return ok({ grounds: grounds.value, ...(filedOn.value !== undefined ? { filedOn: filedOn.value } : {}) });
};

/** An appeal cannot have been filed before the review it appeals against was decided. */
export function checkAppealFiledOn(d: AppealRequest, reviewDecidedOn: string): Parsed<AppealRequest> {
  if (d.filedOn !== undefined && compareDates(d.filedOn, reviewDecidedOn) < 0) {
    return fail(`filedOn ${d.filedOn} is before ${reviewDecidedOn}, the day the review (复核) was decided`);
  }
  return ok(d);
}

const REVIEW_OUTCOMES = ['upheld', 'changed'] as const;

/** 复核决定: upheld, or changed to a stated grade; a reason either way. */
export const parseReviewDecision: DecisionParser<ReviewDecision> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['outcome', 'grade', 'reason']);
  if (extra) return fail(extra);
  const outcome = oneOf(raw.outcome, 'outcome', REVIEW_OUTCOMES);
  if (!outcome.ok) return outcome;
  const reason = text(raw.reason, 'reason', { required: true });
  if (!reason.ok) return reason;
  switch (outcome.value) {
    case 'upheld':
      if (raw.grade !== undefined) return fail('grade must be left out when the grade is upheld');
      return ok({ outcome: 'upheld', reason: reason.value });
    case 'changed': {
      if (raw.grade === undefined) return fail('grade is required when the grade is changed');
      const g = oneOf(raw.grade, 'grade', GRADES);
      if (!g.ok) return g;
      return ok({ outcome: 'changed', grade: g.value, reason: reason.value });
    }
    default: {
      const never: never = outcome.value;
      return fail(`unknown outcome ${String(never)}`);
    }
  }
};
