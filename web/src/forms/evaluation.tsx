/**
 * The forms of the annual evaluation (年度考核): a cadre's own case (summary, rating,
 * score, comment, recommendation, notification, a regrade after an upheld objection),
 * and the round's steps decided for many cadres at once (复核, 申诉, and the assessment
 * committee's grading of a unit, a table of its own: CommitteeGradesForm).
 */
import {
  parseCommitteeGrade,
  parseRatingVotes,
  parseReviewDecision,
  parseSelfSummary,
  parseSupervisorComment,
  parseTownshipRecommendation,
} from '../../../domain/evaluationForms';
import { NOTIFICATION_METHODS, parseNotification, parseScoreDecision } from '../../../domain/evaluationRound';
import { CommitteeGradesForm, committeeUnitOf } from '../components/CommitteeGradesForm';
import type { TextKey } from '../i18n';
import { gradeOptions, opt, votes, type DecisionFormProps, type FormSpec, type FormsOf } from './spec';

const METHOD_KEYS: Record<(typeof NOTIFICATION_METHODS)[number], TextKey> = {
  'in-person': 'methodInPerson',
  post: 'methodPost',
  electronic: 'methodElectronic',
};

const gradeWithReason = (id: string, parse: FormSpec['parse']): FormSpec => ({
  id,
  fields: [
    { name: ['grade'], label: 'grade', kind: 'select', options: gradeOptions, required: true },
    { name: ['reason'], label: 'reason', kind: 'longText' },
  ],
  parse,
});

/** 复核 and 申诉 are decided alike; only the outcome's label names which one it is. */
const reconsideration = (id: string, outcomeLabel: TextKey): FormSpec => ({
  id,
  fields: [
    {
      name: ['outcome'],
      label: outcomeLabel,
      kind: 'radio',
      options: [opt('upheld', 'reviewUpheld'), opt('changed', 'reviewChanged')],
      required: true,
    },
    { name: ['grade'], label: 'grade', kind: 'select', options: gradeOptions, required: true },
    { name: ['reason'], label: 'reason', kind: 'longText', required: true },
  ],
  visible: (f, v) => f.name[0] !== 'grade' || v.outcome === 'changed',
  build: (v) => (v.outcome === 'changed' ? v : { outcome: v.outcome, reason: v.reason }),
  parse: parseReviewDecision,
});

export const evaluationForms: FormsOf<'evaluation'> = {
  'evaluation.self-summary': {
    id: 'self-summary',
    fields: [{ name: ['summary'], label: 'summary', kind: 'longText', required: true }],
    parse: parseSelfSummary,
  },
  'evaluation.rating': {
    id: 'evaluation-rating',
    fields: [
      { name: ['meeting', 'due'], label: 'meetingDue', kind: 'count', required: true },
      { name: ['meeting', 'present'], label: 'meetingPresent', kind: 'count', required: true },
      ...votes(['votes']),
    ],
    parse: parseRatingVotes,
  },
  'evaluation.score': {
    id: 'quantified-score',
    fields: [
      { name: ['supervisor'], label: 'scoreSupervisor', kind: 'points', required: true },
      { name: ['staff'], label: 'scoreStaff', kind: 'points', required: true },
      { name: ['assessmentTeam'], label: 'scoreTeam', kind: 'points', required: true },
      { name: ['bonus'], label: 'scoreBonus', kind: 'points' },
      { name: ['negatives'], label: 'negatives', kind: 'text' },
    ],
    parse: parseScoreDecision,
  },
  'evaluation.supervisor-comment': {
    id: 'supervisor-comment',
    fields: [
      { name: ['comment'], label: 'comment', kind: 'longText', required: true },
      { name: ['proposedGrade'], label: 'proposedGrade', kind: 'select', options: gradeOptions, required: true },
    ],
    parse: parseSupervisorComment,
  },
  'evaluation.recommendation': gradeWithReason('evaluation-recommendation', parseTownshipRecommendation),
  'evaluation.notification': {
    id: 'notification',
    fields: [
      {
        name: ['method'],
        label: 'method',
        kind: 'radio',
        options: NOTIFICATION_METHODS.map((m) => opt(m, METHOD_KEYS[m])),
        required: true,
      },
      { name: ['note'], label: 'note', kind: 'longText' },
    ],
    parse: parseNotification,
  },
  'evaluation.regrade': gradeWithReason('regrade', parseCommitteeGrade),
};

/** The committee's table for the unit its step names (`committee:ts-03/villages`). */
function CommitteeStep(props: DecisionFormProps) {
  return (
    <CommitteeGradesForm
      caseId={props.caseId}
      step={props.step}
      unitId={committeeUnitOf(props.caseId, props.step) ?? ''}
      onDecided={props.onDecided}
    />
  );
}

export const evaluationRoundForms: FormsOf<'evaluation-round'> = {
  'evaluation-round.review': reconsideration('review', 'reviewOutcome'),
  'evaluation-round.appeal': reconsideration('appeal', 'appealOutcome'),
  'evaluation-round.committee': { component: CommitteeStep },
};
