/**
 * The form for a step's decision. Each form's fields are the fields the step's parser
 * reads, and the same parser checks the entry before it is sent, so a typo is caught
 * here with the parser's own words; the case checks it again and has the last word
 * (role, township, duplicates, thresholds, quorum). A form that depends on the case
 * (the candidates on a ballot, the members' count from the election notice) reads the
 * case first. The committee's grading of a unit has a table of its own
 * (CommitteeGradesForm); the rare steps without a form get a JSON editor.
 */
import { useEffect, useMemo } from 'react';
import { Button, Form, Input, InputNumber, Radio, Select, Space, Spin, Typography } from 'antd';
import { CHECK_IN_RATINGS, OUTCOMES, parseAssessment, parseCheckIn, parseEndEarly, parseOutcome } from '../../../domain/probation';
import {
  GRADES,
  parseCommitteeGrade,
  parseRatingVotes,
  parseReviewDecision,
  parseSelfSummary,
  parseSupervisorComment,
  parseTownshipRecommendation,
} from '../../../domain/evaluation';
import { NOTIFICATION_METHODS, parseNotification, parseScoreDecision } from '../../../domain/evaluationRound';
import {
  parseActivistDesignation,
  parseActivistReview,
  parseAdmission,
  parseConversion,
  parseCountyReview,
  parseDevelopmentTarget,
  parseMassesVoteBeforeNotice,
  parseMembersVote,
  parseOath,
  parsePassFail,
  parseResubmission,
  parseTalk,
  parseTheoryExam,
} from '../../../domain/memberDevelopment';
import {
  parseElectionApproval,
  parseFiling,
  parseNotice,
  parseOfficers,
  parseReplacement,
  parseNomineeReview,
  parseSlate,
  parseStrikes,
  parseVetting,
} from '../../../domain/election';
import { meetingParser } from '../../../domain/electionMeetings';
import { parseVacancy } from '../../../domain/electionBallots';
import type { Parsed } from '../../../domain/decisions';
import { getCase, type CaseView, type Receipt } from '../api';
import { useLang, type TextKey, type Translate } from '../i18n';
import { parseInspection, parsePlan, parsePlanReview, parseReport, parseSignOff, parseSupport } from '../../../domain/rectification';
import { gradeLabel, kindOfCase } from '../vocabulary';
import { CommitteeGradesForm, committeeUnitOf } from './CommitteeGradesForm';
import { useLoad } from './Loadable';
import { DecisionError, useDecision } from './useDecision';

type Option = { value: string | boolean; label: (t: Translate) => string };
/** A column of a row in a repeated group (a measure of a plan, a person's votes). */
type Column = { name: string; label: TextKey; kind: 'text' | 'date' | 'count'; width: number };

type Field =
  | { name: string[]; label: TextKey; kind: 'radio' | 'select'; options: readonly Option[]; required?: boolean }
  | { name: string[]; label: TextKey; kind: 'text' | 'longText' | 'date' | 'people'; required?: boolean }
  | { name: string[]; label: TextKey; kind: 'count' | 'points'; required?: boolean; max?: number }
  /** Several lines of text (a plan's problems). */
  | { name: string[]; label: TextKey; kind: 'lines'; item: TextKey; required?: boolean }
  /** Rows of columns, added and removed by the user (a plan's measures, votes per person). */
  | { name: string[]; label: TextKey; kind: 'rows'; columns: readonly Column[]; required?: boolean };

/** What a form learns from its case: values to start from, and a parser bound to the case's facts. */
export interface FormContext {
  initial?: Record<string, unknown>;
  parse?: (raw: unknown) => Parsed<unknown>;
  /** Person ids a `people` field offers, by the field's name. */
  people?: Record<string, string[]>;
}

interface FormSpec {
  id: string;
  fields: Field[];
  /** The step's parser; its error is shown before anything is sent. */
  parse?: (raw: unknown) => Parsed<unknown>;
  /** Adjusts the entered values into the decision's shape. */
  build?: (values: Record<string, unknown>) => Record<string, unknown>;
  /** Fields shown only for some values of others. */
  visible?: (field: Field, values: Record<string, unknown>) => boolean;
  /** Values for a new form. */
  initial?: Record<string, unknown>;
  /** A line above the fields. */
  hint?: TextKey;
  /** Reads what the form needs from the case. */
  context?: (view: CaseView, step: string) => FormContext;
}

const opt = (value: string | boolean, key: TextKey): Option => ({ value, label: (t: Translate) => t(key) });
const gradeOptions = GRADES.map((g) => ({ value: g, label: (t: Translate) => gradeLabel(t, g) }));
const RATING_KEYS: Record<(typeof CHECK_IN_RATINGS)[number], TextKey> = { good: 'ratingGood', adequate: 'ratingAdequate', concern: 'ratingConcern' };
const OUTCOME_KEYS: Record<(typeof OUTCOMES)[number], TextKey> = { confirm: 'outcomeConfirm', remove: 'outcomeRemove' };
const METHOD_KEYS: Record<(typeof NOTIFICATION_METHODS)[number], TextKey> = { 'in-person': 'methodInPerson', post: 'methodPost', electronic: 'methodElectronic' };
const approveOrReject = [opt('approve', 'approve'), opt('reject', 'reject')];
const passOrFail = [opt('pass', 'pass'), opt('fail', 'fail')];

const votes = (prefix: string[]): Field[] => [
  { name: [...prefix, 'excellent'], label: 'votesExcellent', kind: 'count', required: true },
  { name: [...prefix, 'competent'], label: 'votesCompetent', kind: 'count', required: true },
  { name: [...prefix, 'basicallyCompetent'], label: 'votesBasicallyCompetent', kind: 'count', required: true },
  { name: [...prefix, 'notCompetent'], label: 'votesNotCompetent', kind: 'count', required: true },
];

const gradeWithReason = (id: string, parse: FormSpec['parse']): FormSpec => ({
  id,
  fields: [
    { name: ['grade'], label: 'grade', kind: 'select', options: gradeOptions, required: true },
    { name: ['reason'], label: 'reason', kind: 'longText' },
  ],
  parse,
});

/** A branch assembly's vote (支部大会表决) under a prefix: attendance, yes, and yes in writing. */
const memberVote = (prefix: string[]): Field[] => [
  { name: [...prefix, 'eligible'], label: 'meetingDue', kind: 'count', required: true },
  { name: [...prefix, 'present'], label: 'meetingPresent', kind: 'count', required: true },
  { name: [...prefix, 'yes'], label: 'yesVotes', kind: 'count', required: true },
  { name: [...prefix, 'writtenYes'], label: 'writtenYes', kind: 'count' },
];

// ── election meetings ──────────────────────────────────────────────────────

type VoteRow = { personId?: string; count?: number | null } | undefined;

/**
 * A meeting's entry as the parser reads it: attendance alone when nothing was counted
 * (no quorum), else the count with votes keyed by person. A row with a name and no
 * count stays out, so a ballot's prefilled names do not turn attendance into a count.
 */
function meetingDecision(v: Record<string, unknown>): Record<string, unknown> {
  const { votes: rows, ...rest } = v;
  const given = (x: unknown) => x !== undefined && x !== null && x !== '';
  const counted = ((rows as VoteRow[] | undefined) ?? []).filter((r) => r && given(r.count));
  if (!given(rest.cast) && !given(rest.invalid) && counted.length === 0) return { eligible: rest.eligible, present: rest.present };
  return { ...rest, votes: Object.fromEntries(counted.map((r) => [String(r!.personId ?? '').trim(), r!.count])) };
}

const meetingFields = (votesLabel: TextKey): Field[] => [
  { name: ['eligible'], label: 'meetingDue', kind: 'count', required: true },
  { name: ['present'], label: 'meetingPresent', kind: 'count', required: true },
  { name: ['cast'], label: 'cast', kind: 'count' },
  { name: ['invalid'], label: 'invalidBallots', kind: 'count' },
  {
    name: ['votes'],
    label: votesLabel,
    kind: 'rows',
    columns: [
      { name: 'personId', label: 'personId', kind: 'text', width: 180 },
      { name: 'count', label: 'votesCount', kind: 'count', width: 160 },
    ],
  },
];

type Data = Record<string, unknown>;
const dataOf = (view: CaseView, type: string): Data[] => view.timeline.filter((e) => e.type === type).map((e) => (e.data ?? {}) as Data);
const last = <T,>(xs: readonly T[]): T | undefined => xs[xs.length - 1];
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);

/** The committee's seats now: as requested, less any reduction (减少名额). */
function seatsOf(view: CaseView): number {
  const reduced = last(dataOf(view, 'SeatsReduced'))?.to;
  const requested = last(dataOf(view, 'ElectionRequested'))?.seats;
  return typeof reduced === 'number' ? reduced : typeof requested === 'number' ? requested : 1;
}

/** The slate as it stands: the last one set, less those struck after it. */
function slateOf(view: CaseView): string[] {
  let slate: string[] = [];
  for (const e of view.timeline) {
    const d = (e.data ?? {}) as Data;
    if (e.type === 'SlateSet') slate = strings(d.slate);
    if (e.type === 'CandidateStruck') slate = slate.filter((p) => p !== d.personId);
  }
  return slate;
}

/** The list on a ballot and the seats it fills: the slate, the tied, or those left for 另行选举. */
function ballotOf(view: CaseView, step: string): { candidates: string[]; seats: number } {
  const base = step.replace(/-\d+$/, '');
  if (base === 'further-ballot') {
    const tie = last(dataOf(view, 'ElectionMeetingHeld').filter((d) => d.tie))?.tie as { names?: unknown; seats?: unknown } | undefined;
    return { candidates: strings(tie?.names), seats: typeof tie?.seats === 'number' ? tie.seats : 1 };
  }
  if (base === 'second-ballot') {
    const called = last(dataOf(view, 'SecondBallotCalled'));
    return { candidates: strings(called?.candidates), seats: typeof called?.seats === 'number' ? called.seats : 1 };
  }
  return { candidates: slateOf(view), seats: seatsOf(view) };
}

/** A parser bound to the case's list and seats; a list the case cannot have had falls back to an open one. */
function boundMeetingParser(candidates: string[] | 'open', seats: number): (raw: unknown) => Parsed<unknown> {
  try {
    return meetingParser(candidates.length === 0 ? 'open' : candidates, Math.max(1, seats));
  } catch {
    return meetingParser('open', Math.max(1, seats));
  }
}

/** Until the case is read (or when it cannot be), the entry's shape alone; the case checks the list and the seats. */
const shapeOfMeeting = boundMeetingParser('open', 1000);

const eligibleVotersOf = (view: CaseView) => last(dataOf(view, 'ElectionNoticePosted'))?.eligibleVoters;

function recommendationContext(view: CaseView, step: string): FormContext {
  const eligible = eligibleVotersOf(view);
  // Only the members' meeting counts the members named in the notice; the masses' has its own.
  const initial = step.startsWith('members-') && typeof eligible === 'number' ? { eligible } : undefined;
  return { parse: boundMeetingParser('open', seatsOf(view)), ...(initial ? { initial } : {}) };
}

function ballotContext(view: CaseView, step: string): FormContext {
  const { candidates, seats } = ballotOf(view, step);
  const eligible = eligibleVotersOf(view);
  return {
    parse: boundMeetingParser(candidates, seats),
    initial: { ...(typeof eligible === 'number' ? { eligible } : {}), votes: candidates.map((personId) => ({ personId })) },
  };
}

/** Whom the election's person fields can name: nominees, those who passed vetting, the slate. */
function electionPeople(view: CaseView): FormContext {
  const nominees = new Set<string>();
  for (const d of dataOf(view, 'RecommendationMeetingHeld')) for (const p of Object.keys((d.votes as Data | undefined) ?? {})) nominees.add(p);
  for (const d of dataOf(view, 'NomineeReplaced')) if (typeof d.personId === 'string') nominees.add(d.personId);
  const passed = dataOf(view, 'CandidateVetted').filter((d) => d.passed === true).map((d) => String(d.personId));
  return { people: { rejected: [...nominees].sort(), candidates: [...new Set(passed)], struck: slateOf(view) } };
}

// ── the forms ──────────────────────────────────────────────────────────────

const FORMS = {
  checkIn: {
    id: 'check-in',
    fields: [
      { name: ['rating'], label: 'rating', kind: 'radio', options: CHECK_IN_RATINGS.map((r) => opt(r, RATING_KEYS[r])), required: true },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parseCheckIn,
  },
  probationRating: { id: 'probation-rating', fields: votes(['votes']), parse: parseAssessment },
  probationOutcome: {
    id: 'probation-outcome',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: OUTCOMES.map((o) => opt(o, OUTCOME_KEYS[o])), required: true },
      { name: ['reason'], label: 'reason', kind: 'longText' },
    ],
    parse: parseOutcome,
  },
  endEarly: { id: 'end-early', fields: [{ name: ['reason'], label: 'reason', kind: 'longText', required: true }], parse: parseEndEarly },
  finding: {
    id: 'objection-finding',
    fields: [
      { name: ['upheld'], label: 'upheld', kind: 'radio', options: [opt(true, 'yes'), opt(false, 'no')], required: true },
      { name: ['finding'], label: 'finding', kind: 'longText', required: true },
    ],
  },
  selfSummary: { id: 'self-summary', fields: [{ name: ['summary'], label: 'summary', kind: 'longText', required: true }], parse: parseSelfSummary },
  evaluationRating: {
    id: 'evaluation-rating',
    fields: [
      { name: ['meeting', 'due'], label: 'meetingDue', kind: 'count', required: true },
      { name: ['meeting', 'present'], label: 'meetingPresent', kind: 'count', required: true },
      ...votes(['votes']),
    ],
    parse: parseRatingVotes,
  },
  score: {
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
  supervisorComment: {
    id: 'supervisor-comment',
    fields: [
      { name: ['comment'], label: 'comment', kind: 'longText', required: true },
      { name: ['proposedGrade'], label: 'proposedGrade', kind: 'select', options: gradeOptions, required: true },
    ],
    parse: parseSupervisorComment,
  },
  evaluationRecommendation: gradeWithReason('evaluation-recommendation', parseTownshipRecommendation),
  regrade: gradeWithReason('regrade', parseCommitteeGrade),
  notification: {
    id: 'notification',
    fields: [
      { name: ['method'], label: 'method', kind: 'radio', options: NOTIFICATION_METHODS.map((m) => opt(m, METHOD_KEYS[m])), required: true },
      { name: ['note'], label: 'note', kind: 'longText' },
    ],
    parse: parseNotification,
  },
  review: {
    id: 'review',
    fields: [
      { name: ['outcome'], label: 'reviewOutcome', kind: 'radio', options: [opt('upheld', 'reviewUpheld'), opt('changed', 'reviewChanged')], required: true },
      { name: ['grade'], label: 'grade', kind: 'select', options: gradeOptions, required: true },
      { name: ['reason'], label: 'reason', kind: 'longText', required: true },
    ],
    visible: (f, v) => f.name[0] !== 'grade' || v.outcome === 'changed',
    build: (v) => (v.outcome === 'changed' ? v : { outcome: v.outcome, reason: v.reason }),
    parse: parseReviewDecision,
  },
  // 申诉 is decided as a review is; only the outcome's label names it.
  appeal: {
    id: 'appeal',
    fields: [
      { name: ['outcome'], label: 'appealOutcome', kind: 'radio', options: [opt('upheld', 'reviewUpheld'), opt('changed', 'reviewChanged')], required: true },
      { name: ['grade'], label: 'grade', kind: 'select', options: gradeOptions, required: true },
      { name: ['reason'], label: 'reason', kind: 'longText', required: true },
    ],
    visible: (f, v) => f.name[0] !== 'grade' || v.outcome === 'changed',
    build: (v) => (v.outcome === 'changed' ? v : { outcome: v.outcome, reason: v.reason }),
    parse: parseReviewDecision,
  },

  // ── member development (发展党员) ──
  talk: {
    id: 'talk',
    fields: [
      { name: ['on'], label: 'talkedOn', kind: 'date', required: true },
      { name: ['talkedBy'], label: 'talkedBy', kind: 'text', required: true },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parseTalk,
  },
  activistDesignation: {
    id: 'activist-designation',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: [opt('designate', 'designate'), opt('decline', 'decline')], required: true },
      { name: ['on'], label: 'designatedOn', kind: 'date', required: true },
      { name: ['contacts'], label: 'contacts', kind: 'text', required: true },
      { name: ['reason'], label: 'reason', kind: 'longText', required: true },
    ],
    visible: (f, v) => (f.name[0] === 'reason' ? v.outcome === 'decline' : f.name[0] === 'outcome' || v.outcome !== 'decline'),
    build: (v) => (v.outcome === 'decline' ? { outcome: v.outcome, reason: v.reason } : { outcome: v.outcome, on: v.on, contacts: v.contacts }),
    parse: parseActivistDesignation,
  },
  activistReview: {
    id: 'activist-review',
    fields: [
      { name: ['rating'], label: 'rating', kind: 'radio', options: CHECK_IN_RATINGS.map((r) => opt(r, RATING_KEYS[r])), required: true },
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: [opt('continue', 'activistContinue'), opt('remove', 'activistRemove')] },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parseActivistReview,
  },
  developmentTarget: {
    id: 'development-target',
    fields: [
      { name: ['on'], label: 'decidedOn', kind: 'date', required: true },
      { name: ['sponsors'], label: 'sponsors', kind: 'text', required: true },
    ],
    parse: parseDevelopmentTarget,
  },
  theoryExam: {
    id: 'theory-exam',
    fields: [
      { name: ['score'], label: 'examScore', kind: 'count', required: true, max: 100 },
      { name: ['trainingDays'], label: 'trainingDays', kind: 'count', required: true },
      { name: ['trainingHours'], label: 'trainingHours', kind: 'count', required: true },
    ],
    parse: parseTheoryExam,
  },
  passFail: {
    id: 'pass-fail',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: passOrFail, required: true },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parsePassFail,
  },
  countyReview: {
    id: 'county-review',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: passOrFail, required: true },
      { name: ['comment'], label: 'comment', kind: 'longText' },
      { name: ['noticePostedOn'], label: 'noticePostedOn', kind: 'date' },
    ],
    visible: (f, v) => f.name[0] !== 'noticePostedOn' || v.outcome !== 'fail',
    parse: parseCountyReview,
  },
  massesVote: {
    id: 'masses-vote',
    fields: [
      { name: ['cast'], label: 'massesCast', kind: 'count', required: true },
      { name: ['approving'], label: 'approving', kind: 'count', required: true },
      { name: ['noticePostedOn'], label: 'noticePostedOn', kind: 'date' },
    ],
    parse: parseMassesVoteBeforeNotice,
  },
  membersVote: {
    id: 'members-vote',
    fields: [{ name: ['on'], label: 'assemblyOn', kind: 'date', required: true }, ...memberVote([])],
    parse: parseMembersVote,
  },
  admission: {
    id: 'admission',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: approveOrReject, required: true },
      { name: ['on'], label: 'approvalOn', kind: 'date', required: true },
      { name: ['reason'], label: 'reason', kind: 'longText' },
    ],
    parse: parseAdmission,
  },
  resubmission: {
    id: 'resubmission',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: [opt('resubmit', 'resubmit'), opt('drop', 'drop')], required: true },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parseResubmission,
  },
  oath: { id: 'oath', fields: [{ name: ['on'], label: 'oathOn', kind: 'date', required: true }], parse: parseOath },
  conversion: {
    id: 'conversion',
    fields: [
      {
        name: ['outcome'],
        label: 'outcome',
        kind: 'radio',
        options: [opt('convert', 'convert'), opt('extend', 'extend'), opt('disqualify', 'disqualify')],
        required: true,
      },
      { name: ['on'], label: 'assemblyOn', kind: 'date', required: true },
      { name: ['months'], label: 'extensionMonths', kind: 'count', required: true },
      { name: ['reason'], label: 'reason', kind: 'longText' },
      ...memberVote(['vote']),
    ],
    visible: (f, v) => f.name[0] !== 'months' || v.outcome === 'extend',
    parse: parseConversion,
  },

  // ── rectification (后进党组织整顿) ──
  support: {
    id: 'rectification-support',
    fields: [
      { name: ['countyLeader'], label: 'countyLeader', kind: 'text', required: true },
      { name: ['townshipLeader'], label: 'townshipLeader', kind: 'text', required: true },
      { name: ['firstSecretary'], label: 'firstSecretary', kind: 'text', required: true },
      { name: ['partnerAgency'], label: 'partnerAgency', kind: 'text', required: true },
    ],
    parse: parseSupport,
  },
  plan: {
    id: 'rectification-plan',
    fields: [
      { name: ['problems'], label: 'problems', kind: 'lines', item: 'problem', required: true },
      {
        name: ['measures'],
        label: 'measures',
        kind: 'rows',
        required: true,
        columns: [
          { name: 'measure', label: 'measure', kind: 'text', width: 220 },
          { name: 'responsible', label: 'responsible', kind: 'text', width: 110 },
          { name: 'deadline', label: 'deadline', kind: 'date', width: 150 },
        ],
      },
    ],
    initial: { problems: [''], measures: [{}] },
    // Empty lines and rows are what the add buttons leave behind, not entries.
    build: (v) => ({
      problems: ((v.problems as unknown[] | undefined) ?? []).filter((p) => typeof p === 'string' && p.trim() !== ''),
      measures: ((v.measures as Array<Record<string, unknown> | undefined> | undefined) ?? [])
        .filter((m): m is Record<string, unknown> => !!m && Object.values(m).some((x) => x !== undefined && x !== ''))
        .map((m) => Object.fromEntries(Object.entries(m).filter(([, x]) => x !== undefined && x !== ''))),
    }),
    parse: parsePlan,
  },
  planReview: {
    id: 'rectification-plan-review',
    fields: [
      { name: ['outcome'], label: 'planReview', kind: 'radio', options: [opt('approve', 'approve'), opt('reject', 'planReject')], required: true },
      { name: ['comment'], label: 'comment', kind: 'longText' },
    ],
    parse: parsePlanReview,
  },
  report: { id: 'rectification-report', fields: [{ name: ['summary'], label: 'report', kind: 'longText', required: true }], parse: parseReport },
  inspection: {
    id: 'rectification-inspection',
    fields: [
      { name: ['score'], label: 'inspectionScore', kind: 'points', required: true },
      { name: ['votes', 'satisfied'], label: 'votesSatisfied', kind: 'count', required: true },
      { name: ['votes', 'basicallySatisfied'], label: 'votesBasicallySatisfied', kind: 'count', required: true },
      { name: ['votes', 'dissatisfied'], label: 'votesDissatisfied', kind: 'count', required: true },
      { name: ['report'], label: 'inspectionReport', kind: 'longText' },
      { name: ['interviews'], label: 'inspectionInterviews', kind: 'longText' },
      { name: ['onSiteCheck'], label: 'inspectionOnSiteCheck', kind: 'longText' },
    ],
    parse: parseInspection,
  },
  signOff: {
    id: 'rectification-sign-off',
    fields: [
      { name: ['comment'], label: 'comment', kind: 'longText' },
      { name: ['signedOffOn'], label: 'signedOffOn', kind: 'date' },
    ],
    parse: parseSignOff,
  },

  // ── elections (两推一选 / 双推直选) ──
  electionApproval: {
    id: 'election-approval',
    fields: [
      { name: ['outcome'], label: 'outcome', kind: 'radio', options: approveOrReject, required: true },
      { name: ['reason'], label: 'reason', kind: 'longText' },
    ],
    parse: parseElectionApproval,
  },
  electionNotice: {
    id: 'election-notice',
    fields: [
      { name: ['date'], label: 'electionDate', kind: 'date', required: true },
      { name: ['method'], label: 'noticeMethod', kind: 'text', required: true },
      { name: ['eligibleVoters'], label: 'eligibleVoters', kind: 'count', required: true },
    ],
    parse: parseNotice,
  },
  recommendationMeeting: {
    id: 'election-recommendation',
    hint: 'meetingHint',
    fields: meetingFields('recommendationVotes'),
    initial: { votes: [{}] },
    build: meetingDecision,
    parse: shapeOfMeeting,
    context: recommendationContext,
  },
  ballot: {
    id: 'election-ballot',
    hint: 'meetingHint',
    fields: meetingFields('ballotVotes'),
    build: meetingDecision,
    parse: shapeOfMeeting,
    context: ballotContext,
  },
  nomineeReview: {
    id: 'election-review',
    fields: [
      { name: ['rejected'], label: 'rejectedNominees', kind: 'people' },
      { name: ['reason'], label: 'reason', kind: 'longText' },
    ],
    parse: parseNomineeReview,
    context: electionPeople,
  },
  replacement: {
    id: 'election-replacement',
    hint: 'replacementHint',
    fields: [
      { name: ['personId'], label: 'personId', kind: 'text', required: true },
      { name: ['memberVotes'], label: 'memberVotes', kind: 'count' },
      { name: ['massesVotes'], label: 'massesVotes', kind: 'count' },
    ],
    parse: parseReplacement,
  },
  vetting: {
    id: 'election-vetting',
    fields: [
      { name: ['outcome'], label: 'vetting', kind: 'radio', options: [opt('pass', 'vettingPass'), opt('fail', 'vettingFail')], required: true },
      { name: ['findings'], label: 'findings', kind: 'longText' },
    ],
    parse: parseVetting,
  },
  slate: {
    id: 'election-slate',
    fields: [
      { name: ['candidates'], label: 'candidates', kind: 'people', required: true },
      { name: ['noticePostedOn'], label: 'noticePostedOn', kind: 'date' },
    ],
    parse: parseSlate,
    context: electionPeople,
  },
  strikes: {
    id: 'election-strikes',
    fields: [
      { name: ['struck'], label: 'struck', kind: 'people', required: true },
      { name: ['noticePostedOn'], label: 'noticePostedOn', kind: 'date' },
    ],
    parse: parseStrikes,
    context: electionPeople,
  },
  vacancy: {
    id: 'election-vacancy',
    fields: [
      { name: ['action'], label: 'vacancyAction', kind: 'radio', options: [opt('second-ballot', 'secondBallot'), opt('reduce-seats', 'reduceSeats')], required: true },
      { name: ['agreeing'], label: 'agreeing', kind: 'count', required: true },
      { name: ['present'], label: 'meetingPresent', kind: 'count', required: true },
    ],
    visible: (f, v) => f.name[0] === 'action' || v.action === 'reduce-seats',
    build: (v) => (v.action === 'reduce-seats' ? v : { action: v.action }),
    parse: parseVacancy,
  },
  officers: {
    id: 'election-officers',
    fields: [
      { name: ['secretary'], label: 'secretary', kind: 'text', required: true },
      { name: ['deputy'], label: 'deputy', kind: 'text' },
    ],
    parse: parseOfficers,
  },
  filing: { id: 'election-filing', fields: [{ name: ['reference'], label: 'reference', kind: 'text' }], parse: parseFiling },
} satisfies Record<string, FormSpec>;

/** A member-development gate's step, with or without its round (`members-vote-r2`). */
const gate = (step: string, name: string) => step === name || new RegExp(`^${name}-r\\d+$`).test(step);

/** The form for a step of a case, or undefined for the JSON editor. */
export function formFor(caseId: string, step: string): FormSpec | undefined {
  const kind = kindOfCase(caseId);
  if (/:objection-\d+:finding$/.test(step)) return FORMS.finding;
  if (kind === 'probation') {
    if (/^check-in-\d+$/.test(step)) return FORMS.checkIn;
    if (step === 'democratic-rating') return FORMS.probationRating;
    if (step === 'township-recommendation' || step === 'county-decision') return FORMS.probationOutcome;
    if (step === 'end-early') return FORMS.endEarly;
  }
  if (kind === 'evaluation') {
    if (step === 'self-summary') return FORMS.selfSummary;
    if (step === 'democratic-rating' || step === 're-rating') return FORMS.evaluationRating;
    if (step === 'quantified-score') return FORMS.score;
    if (step === 'supervisor-comment') return FORMS.supervisorComment;
    if (step === 'township-recommendation') return FORMS.evaluationRecommendation;
    if (step === 'notification') return FORMS.notification;
    if (step.endsWith(':regrade')) return FORMS.regrade;
  }
  if (kind === 'evaluation-round' && step.startsWith('review:')) return FORMS.review;
  if (kind === 'evaluation-round' && step.startsWith('appeal:')) return FORMS.appeal;
  if (kind === 'member-development') {
    if (step === 'talk') return FORMS.talk;
    if (step === 'activist-designation') return FORMS.activistDesignation;
    if (/^activist-review-\d+$/.test(step)) return FORMS.activistReview;
    if (step === 'development-target') return FORMS.developmentTarget;
    if (gate(step, 'theory-exam')) return FORMS.theoryExam;
    if (gate(step, 'branch-inspection') || gate(step, 'township-review')) return FORMS.passFail;
    if (gate(step, 'county-review')) return FORMS.countyReview;
    if (gate(step, 'masses-vote')) return FORMS.massesVote;
    if (gate(step, 'members-vote')) return FORMS.membersVote;
    if (gate(step, 'approval')) return FORMS.admission;
    if (/^resubmission-\d+$/.test(step)) return FORMS.resubmission;
    if (step === 'oath') return FORMS.oath;
    if (step === 'conversion' || step === 'conversion-2') return FORMS.conversion;
  }
  if (kind === 'rectification') {
    if (step === 'support') return FORMS.support;
    if (/^round-\d+:plan-\d+$/.test(step)) return FORMS.plan;
    if (/^round-\d+:plan-\d+:approval$/.test(step)) return FORMS.planReview;
    if (/^round-\d+:report-\d+$/.test(step) || step === 'follow-up-report') return FORMS.report;
    if (/^round-\d+:inspection-\d+$/.test(step)) return FORMS.inspection;
    if (/^round-\d+:sign-off$/.test(step)) return FORMS.signOff;
  }
  if (kind === 'election') {
    if (step === 'request-approval' || step === 'result-approval') return FORMS.electionApproval;
    if (step === 'election-notice') return FORMS.electionNotice;
    if (/^(members|masses)-recommendation(-\d+)?$/.test(step)) return FORMS.recommendationMeeting;
    if (/^(election-meeting|further-ballot|second-ballot)(-\d+)?$/.test(step)) return FORMS.ballot;
    if (step === 'township-review') return FORMS.nomineeReview;
    if (/^replacement-\d+$/.test(step)) return FORMS.replacement;
    if (step.startsWith('vetting-')) return FORMS.vetting;
    if (step === 'slate') return FORMS.slate;
    if (/^slate-notice(-\d+)?:strikes$/.test(step)) return FORMS.strikes;
    if (/^vacancy(-\d+)?$/.test(step)) return FORMS.vacancy;
    if (step === 'officers') return FORMS.officers;
    if (step === 'filing') return FORMS.filing;
  }
  return undefined;
}

/** The values without those of hidden fields, which the form keeps while they are out of sight. */
function withoutHidden(spec: FormSpec, raw: Record<string, unknown>): Record<string, unknown> {
  if (!spec.visible) return raw;
  const out = structuredClone(raw);
  for (const f of spec.fields) {
    if (spec.visible(f, raw)) continue;
    let at: unknown = out;
    for (const part of f.name.slice(0, -1)) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
    if (at && typeof at === 'object') delete (at as Record<string, unknown>)[f.name[f.name.length - 1]!];
  }
  return out;
}

/** Drops what the user left empty, so optional fields are absent rather than null. */
function compact(value: unknown): unknown {
  if (Array.isArray(value) || typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = compact(v);
  }
  return out;
}

export interface DecisionFormProps {
  caseId: string;
  step: string;
  onDecided(receipt: Receipt): void;
}

export function DecisionForm(props: DecisionFormProps) {
  const unit = committeeUnitOf(props.caseId, props.step);
  return unit ? <CommitteeGradesForm {...props} unitId={unit} /> : <StepForm {...props} />;
}

function StepForm({ caseId, step, onDecided }: DecisionFormProps) {
  const { t } = useLang();
  const spec: FormSpec | undefined = formFor(caseId, step);
  const [form] = Form.useForm();
  const values = (Form.useWatch([], form) ?? {}) as Record<string, unknown>;
  const { busy, error, send, refuseLocally } = useDecision(caseId, step, onDecided);
  const needsCase = spec?.context !== undefined;
  const view = useLoad(() => (needsCase ? getCase(caseId) : Promise.resolve(undefined)), [caseId, needsCase]);
  const context = useMemo<FormContext>(() => (spec?.context && view.data ? spec.context(view.data, step) : {}), [spec, view.data, step]);

  useEffect(() => {
    if (context.initial) form.setFieldsValue(context.initial);
  }, [context, form]);

  const onFinish = async (raw: Record<string, unknown>) => {
    if (!spec) {
      let decision: unknown;
      try {
        decision = JSON.parse(String(raw.json ?? '{}'));
      } catch {
        decision = undefined;
      }
      if (typeof decision !== 'object' || decision === null || Array.isArray(decision)) {
        refuseLocally(t('jsonInvalid'));
        return;
      }
      await send(decision as Record<string, unknown>);
      return;
    }
    const entered = withoutHidden(spec, raw);
    const shaped = compact(spec.build ? spec.build(entered) : entered) as Record<string, unknown>;
    const parsed = (context.parse ?? spec.parse)?.(shaped);
    if (parsed && !parsed.ok) {
      refuseLocally(parsed.error);
      return;
    }
    if (await send(shaped)) form.resetFields();
  };

  if (needsCase && view.loading && !view.data) {
    return (
      <Space data-testid="decision-form-loading">
        <Spin size="small" />
        {t('loadingCase')}
      </Space>
    );
  }

  return (
    <Form form={form} layout="vertical" onFinish={onFinish} data-testid={`decision-form-${spec?.id ?? 'json'}`} disabled={busy} initialValues={spec?.initial}>
      {spec ? (
        <>
          {spec.hint && <Typography.Paragraph type="secondary">{t(spec.hint)}</Typography.Paragraph>}
          {spec.fields.filter((f) => !spec.visible || spec.visible(f, values)).map((f) => renderField(f, t, context))}
        </>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('jsonHint')}</Typography.Paragraph>
          <Form.Item name="json" label={t('jsonDecision')} initialValue="{}" rules={[{ required: true }]}>
            <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </>
      )}
      <DecisionError error={error} />
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="decision-submit">
          {t('submit')}
        </Button>
      </Space>
    </Form>
  );
}

function renderField(f: Field, t: Translate, context: FormContext) {
  const key = f.name.join('.');
  const rules = f.required ? [{ required: true, message: `${t(f.label)} ✱` }] : [];
  if (f.kind === 'lines') {
    return (
      <Form.Item key={key} label={t(f.label)} required={f.required}>
        <Form.List name={f.name}>
          {(items, { add, remove }) => (
            <div data-testid={`field-${key}`}>
              {items.map((item, i) => (
                <Space key={item.key} align="baseline" style={{ display: 'flex' }} data-testid="list-row">
                  <Form.Item name={item.name} style={{ marginBottom: 8 }}>
                    <Input placeholder={`${t(f.item)} ${i + 1}`} maxLength={2000} style={{ width: 420 }} />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(item.name)} data-testid="remove-row">
                    {t('removeRow')}
                  </Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add('')} data-testid="add-row">
                + {t('addRow')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form.Item>
    );
  }
  if (f.kind === 'rows') {
    return (
      <Form.Item key={key} label={t(f.label)} required={f.required}>
        <Form.List name={f.name}>
          {(items, { add, remove }) => (
            <div data-testid={`field-${key}`}>
              {items.length > 0 && (
                <Space style={{ display: 'flex', marginBottom: 4 }}>
                  {f.columns.map((c) => (
                    <Typography.Text key={c.name} type="secondary" style={{ display: 'inline-block', width: c.width }}>
                      {t(c.label)}
                    </Typography.Text>
                  ))}
                </Space>
              )}
              {items.map((item) => (
                <Space key={item.key} align="baseline" wrap style={{ display: 'flex' }} data-testid="list-row">
                  {f.columns.map((c) => (
                    <Form.Item key={c.name} name={[item.name, c.name]} style={{ marginBottom: 8 }}>
                      {renderInput({ name: [c.name], label: c.label, kind: c.kind }, t, context, { placeholder: t(c.label), width: c.width })}
                    </Form.Item>
                  ))}
                  <Button type="link" onClick={() => remove(item.name)} data-testid="remove-row">
                    {t('removeRow')}
                  </Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({})} data-testid="add-row">
                + {t('addRow')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form.Item>
    );
  }
  return (
    <Form.Item key={key} name={f.name} label={t(f.label)} rules={rules}>
      {renderInput(f, t, context)}
    </Form.Item>
  );
}

function renderInput(f: Field, t: Translate, context: FormContext, cell?: { placeholder: string; width: number }) {
  switch (f.kind) {
    case 'radio':
      return (
        <Radio.Group>
          {f.options.map((o) => (
            <Radio key={String(o.value)} value={o.value}>
              {o.label(t)}
            </Radio>
          ))}
        </Radio.Group>
      );
    case 'select':
      return <Select options={f.options.map((o) => ({ value: o.value as string, label: o.label(t) }))} style={{ maxWidth: 240 }} />;
    case 'people':
      // Person ids typed or picked from those the case knows; the case checks each one.
      return (
        <Select
          mode="tags"
          tokenSeparators={[',', '，', '、', ' ']}
          options={(context.people?.[f.name.join('.')] ?? []).map((p) => ({ value: p, label: p }))}
          style={{ maxWidth: 480 }}
        />
      );
    case 'text':
      return <Input maxLength={2000} placeholder={cell?.placeholder} style={cell ? { width: cell.width } : undefined} />;
    case 'longText':
      return <Input.TextArea rows={3} maxLength={2000} showCount />;
    case 'date':
      // The browser's own date input gives YYYY-MM-DD, the form the parsers read.
      return <Input type="date" style={{ width: cell?.width ?? 200 }} placeholder={cell?.placeholder} />;
    case 'count':
      return <InputNumber min={0} max={'max' in f ? f.max : undefined} precision={0} style={{ width: cell?.width ?? 160 }} placeholder={cell?.placeholder} />;
    case 'points':
      return <InputNumber min={0} max={100} step={0.5} precision={2} style={{ width: 160 }} />;
    case 'lines':
    case 'rows':
      return null;
    default: {
      const never: never = f;
      return String(never);
    }
  }
}
