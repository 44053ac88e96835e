/**
 * What each decision of a member-development case (发展党员, docs/domain.md §5) records,
 * as decide-style functions (domain/decider.ts): the workflow opens the step, and when
 * the decision arrives it records exactly what these return. The rules they apply (the
 * pass mark, the two votes, the end of the probation) are domain/memberDevelopment.ts.
 *
 * The case carries its state (DevelopmentState) across years and runs; `evolveDevelopment`
 * says how the events recorded change it, so the workflow applies what it recorded.
 */
import type { Actor } from './actors';
import type { Decide, Evolve } from './decider';
import type { Decided } from './decided';
import { APPEND_TIME, type CaseStarted, type DomainEvent } from './events';
import type {
  ActivistDesignated,
  ActivistReviewed,
  ApplicantTalkRecorded,
  BranchInspectionRecorded,
  DevelopmentResubmitted,
  DevelopmentReviewRecorded,
  DevelopmentRoundFailed,
  DevelopmentStepScheduled,
  DevelopmentStopOutcome,
  DevelopmentTargetDesignated,
  MassesVoteRecorded,
  MemberAdmitted,
  MemberConverted,
  MembersVoteRecorded,
  MemberDevelopmentOpened,
  MemberDevelopmentStopped,
  OathTaken,
  ProbationaryDisqualified,
  ProbationaryExtended,
  TheoryExamRecorded,
} from './events/membership';
import type { MassesVotes } from './ballots/memberVotes';
import {
  earliestAdmissionOn,
  GATES,
  MEMBER_DEVELOPMENT_KIND,
  massesVoteOutcome,
  membersVoteOutcome,
  observationEndsOn,
  probationEndsOn,
  resubmissionBlockedUntil,
  theoryExamPassed,
  type DevelopmentGate,
  type DevelopmentStage,
  type DevelopmentState,
  type MemberDevelopmentPolicy,
} from './memberDevelopment';
import {
  applyConversion,
  type ActivistDesignation,
  type ActivistReviewDecision,
  type AdmissionDecision,
  type ConversionDecision,
  type DevelopmentTargetDecision,
  type MembersVoteDecision,
  type OathDecision,
  type PassFailDecision,
  type ResubmissionDecision,
  type TalkDecision,
  type TheoryExamDecision,
} from './memberDevelopmentForms';

/** Every event of a development case names the case and the person. */
export interface DevelopmentCase {
  caseId: string;
  personId: string;
}

/** A gate of a round (a submission of the development target), under the case's policy. */
export interface GateState extends DevelopmentCase {
  round: number;
  policy: MemberDevelopmentPolicy;
}

// ── 申请入党 → 入党积极分子 → 发展对象 ──────────────────────────────────────────

export const decideTalk: Decide<Decided<TalkDecision>, DevelopmentCase, ApplicantTalkRecorded> = (
  { value: d, actor },
  { caseId, personId },
) => [
  { type: 'ApplicantTalkRecorded', data: { caseId, personId, on: d.on, talkedBy: d.talkedBy, comment: d.comment, actor, at: APPEND_TIME } },
];

/** A designation records the end of the observation it starts; a declined one records nothing here (the case stops). */
export const decideActivistDesignation: Decide<
  Decided<ActivistDesignation>,
  DevelopmentCase & { policy: MemberDevelopmentPolicy },
  ActivistDesignated
> = ({ value: d, actor }, { caseId, personId, policy }) =>
  d.outcome === 'designate'
    ? [
        {
          type: 'ActivistDesignated',
          data: {
            caseId,
            personId,
            on: d.on,
            contacts: d.contacts,
            observationEndsOn: observationEndsOn(d.on, policy),
            actor,
            at: APPEND_TIME,
          },
        },
      ]
    : [];

export const decideActivistReview: Decide<Decided<ActivistReviewDecision>, DevelopmentCase & { index: number }, ActivistReviewed> = (
  { value: r, actor },
  { caseId, personId, index },
) => [
  {
    type: 'ActivistReviewed',
    data: { caseId, personId, index, rating: r.rating, keep: r.outcome === 'continue', comment: r.comment, actor, at: APPEND_TIME },
  },
];

export const decideDevelopmentTarget: Decide<Decided<DevelopmentTargetDecision>, DevelopmentCase, DevelopmentTargetDesignated> = (
  { value: d, actor },
  { caseId, personId },
) => [{ type: 'DevelopmentTargetDesignated', data: { caseId, personId, on: d.on, sponsors: d.sponsors, actor, at: APPEND_TIME } }];

// ── 发展对象: the gates ───────────────────────────────────────────────────────────

/** The exam records the pass mark it was held to, and whether the score met it. */
export const decideTheoryExam: Decide<Decided<TheoryExamDecision>, GateState, TheoryExamRecorded> = (
  { value: d, actor },
  { caseId, personId, round, policy },
) => [
  {
    type: 'TheoryExamRecorded',
    data: {
      caseId,
      personId,
      round,
      score: d.score,
      passMark: policy.theoryExamPassMark,
      passed: theoryExamPassed(d.score, policy),
      trainingDays: d.trainingDays,
      trainingHours: d.trainingHours,
      actor,
      at: APPEND_TIME,
    },
  },
];

export type PassFailGate = Extract<DevelopmentGate, 'branch-inspection' | 'township-review' | 'county-review'>;

/** 支部考察 is an inspection; the township's and the county's are reviews, by level. */
export const decidePassFailGate: Decide<
  Decided<PassFailDecision>,
  DevelopmentCase & { round: number; gate: PassFailGate },
  BranchInspectionRecorded | DevelopmentReviewRecorded
> = ({ value: d, actor }, { caseId, personId, round, gate }) => [
  gate === 'branch-inspection'
    ? {
        type: 'BranchInspectionRecorded',
        data: { caseId, personId, round, passed: d.outcome === 'pass', comment: d.comment, actor, at: APPEND_TIME },
      }
    : {
        type: 'DevelopmentReviewRecorded',
        data: {
          caseId,
          personId,
          round,
          level: gate === 'county-review' ? 'county' : 'township',
          passed: d.outcome === 'pass',
          comment: d.comment,
          actor,
          at: APPEND_TIME,
        },
      },
];

/** 群众满意票, with the approving votes the policy's share needed. */
export const decideMassesVoteGate: Decide<Decided<MassesVotes>, GateState, MassesVoteRecorded> = (
  { value: d, actor },
  { caseId, personId, round, policy },
) => {
  const r = massesVoteOutcome(d, policy);
  return [
    {
      type: 'MassesVoteRecorded',
      data: {
        caseId,
        personId,
        round,
        cast: d.cast,
        approving: d.approving,
        needed: r.needed,
        satisfied: r.outcome === 'satisfied',
        actor,
        at: APPEND_TIME,
      },
    },
  ];
};

/** 党员赞成票 at the branch assembly, with the yes-votes the policy's share of those due needed. */
export const decideMembersVoteGate: Decide<Decided<MembersVoteDecision>, GateState, MembersVoteRecorded> = (
  { value: d, actor },
  { caseId, personId, round, policy },
) => {
  const r = membersVoteOutcome(d, policy);
  return [
    {
      type: 'MembersVoteRecorded',
      data: {
        caseId,
        personId,
        round,
        on: d.on,
        eligible: d.eligible,
        present: d.present,
        yes: d.yes,
        writtenYes: d.writtenYes,
        needed: r.needed,
        approved: r.outcome === 'approved',
        actor,
        at: APPEND_TIME,
      },
    },
  ];
};

/**
 * 接收为预备党员: the probation runs from the branch assembly that voted, not from the
 * approval. A rejection records nothing here: the round fails.
 */
export const decideAdmission: Decide<
  Decided<AdmissionDecision>,
  DevelopmentCase & { assemblyOn: string; policy: MemberDevelopmentPolicy },
  MemberAdmitted
> = ({ value: d, actor }, { caseId, personId, assemblyOn, policy }) =>
  d.outcome === 'approve'
    ? [
        {
          type: 'MemberAdmitted',
          data: {
            caseId,
            personId,
            assemblyOn,
            admittedOn: d.on,
            probationEndsOn: probationEndsOn(assemblyOn, policy),
            reason: d.reason,
            actor,
            at: APPEND_TIME,
          },
        },
      ]
    : [];

/** A gate failed: the round is deferred (暂缓发展), blocked until a day after a failed members' vote. */
export function roundFailed(
  { caseId, personId }: DevelopmentCase,
  failure: { round: number; gate: DevelopmentGate; reason: string; blockedUntil: string | null },
): DevelopmentRoundFailed[] {
  const { round, gate, reason, blockedUntil } = failure;
  return [{ type: 'DevelopmentRoundFailed', data: { caseId, personId, round, gate, reason, blockedUntil } }];
}

/** Put forward again as the next round, from the gate it resumes at; dropping it records nothing here (the case stops). */
export const decideResubmission: Decide<
  Decided<ResubmissionDecision>,
  DevelopmentCase & { failedRound: number; fromGate: DevelopmentGate },
  DevelopmentResubmitted
> = ({ value: d, actor }, { caseId, personId, failedRound, fromGate }) =>
  d.outcome === 'resubmit'
    ? [
        {
          type: 'DevelopmentResubmitted',
          data: { caseId, personId, round: failedRound + 1, fromGate, comment: d.comment, actor, at: APPEND_TIME },
        },
      ]
    : [];

// ── 预备党员 ─────────────────────────────────────────────────────────────────────

export const decideOath: Decide<Decided<OathDecision>, DevelopmentCase, OathTaken> = ({ value: d, actor }, { caseId, personId }) => [
  { type: 'OathTaken', data: { caseId, personId, on: d.on, actor, at: APPEND_TIME } },
];

export interface ConversionState extends DevelopmentCase {
  /** The end of the probation the decision follows. */
  probationEndsOn: string;
}

/**
 * What the conversion decision records with itself: an extension, from the end of the
 * probation. Conversion and disqualification close the case instead (decideConversionClose).
 */
export const decideConversion: Decide<Decided<ConversionDecision>, ConversionState, ProbationaryExtended> = (
  { value: d, actor },
  { caseId, personId, probationEndsOn: previousEndsOn },
) => {
  const r = applyConversion(d, { probationEndsOn: previousEndsOn });
  return r.outcome === 'extend'
    ? [
        {
          type: 'ProbationaryExtended',
          data: {
            caseId,
            personId,
            months: r.months,
            previousEndsOn,
            probationEndsOn: r.probationEndsOn,
            decidedOn: d.on,
            reason: d.reason,
            actor,
            at: APPEND_TIME,
          },
        },
      ]
    : [];
};

/** What the case closes with after the conversion decision: full membership from the end of the probation, or disqualification. */
export const decideConversionClose: Decide<Decided<ConversionDecision>, ConversionState, MemberConverted | ProbationaryDisqualified> = (
  { value: d, actor },
  { caseId, personId, probationEndsOn: ends },
) => {
  const r = applyConversion(d, { probationEndsOn: ends });
  switch (r.outcome) {
    case 'convert':
      return [{ type: 'MemberConverted', data: { caseId, personId, fullOn: r.fullOn, decidedOn: d.on, actor, at: APPEND_TIME } }];
    case 'disqualify':
      return [{ type: 'ProbationaryDisqualified', data: { caseId, personId, decidedOn: d.on, reason: d.reason, actor, at: APPEND_TIME } }];
    case 'extend':
      return [];
    default: {
      const never: never = r;
      throw new Error(`unknown conversion result ${JSON.stringify(never)}`);
    }
  }
};

// ── Stops and waits ──────────────────────────────────────────────────────────────

/** The case ends without admission, at the stage it reached. */
export function developmentStopped(
  { caseId, personId }: DevelopmentCase,
  stop: { stage: DevelopmentStage; outcome: DevelopmentStopOutcome; reason: string; actor: Actor },
): MemberDevelopmentStopped[] {
  const { stage, outcome, reason, actor } = stop;
  return [{ type: 'MemberDevelopmentStopped', data: { caseId, personId, stage, outcome, reason, actor, at: APPEND_TIME } }];
}

/** The case waits for a calendar day before `step`. */
export function stepScheduled({ caseId, personId }: DevelopmentCase, step: string, on: string): DevelopmentStepScheduled[] {
  return [{ type: 'DevelopmentStepScheduled', data: { caseId, personId, step, on } }];
}

// ── The state, as the events change it ───────────────────────────────────────────

/**
 * The case's state after an event. The policy is the case's: a failed members' vote
 * blocks the next vote for its failedVoteBlockMonths. Events that change no state
 * (a gate passed, a notice) leave it as it was.
 */
export function evolveDevelopment(policy: MemberDevelopmentPolicy): Evolve<DevelopmentState> {
  return (s, event: DomainEvent) => {
    switch (event.type) {
      case 'ApplicantTalkRecorded':
        return { ...s, talkedOn: event.data.on };
      case 'ActivistDesignated':
        return { ...s, stage: 'activist', activistOn: event.data.on, contacts: event.data.contacts };
      case 'ActivistReviewed':
        // A removed activist's case stops where it is.
        return event.data.keep ? { ...s, reviewsDone: event.data.index } : s;
      case 'DevelopmentTargetDesignated':
        return { ...s, stage: 'development-target', targetOn: event.data.on, sponsors: event.data.sponsors, round: 1, nextGate: 0 };
      case 'MembersVoteRecorded':
        return event.data.approved
          ? { ...s, assemblyOn: event.data.on }
          : { ...s, voteNotBefore: resubmissionBlockedUntil(event.data.on, policy) };
      case 'MemberAdmitted':
        return { ...s, admittedOn: event.data.admittedOn, probationEndsOn: event.data.probationEndsOn };
      case 'DevelopmentRoundFailed':
        return { ...s, failed: { gate: event.data.gate, blockedUntil: event.data.blockedUntil } };
      case 'DevelopmentResubmitted':
        return { ...s, round: event.data.round, nextGate: GATES.indexOf(event.data.fromGate), failed: null };
      case 'OathTaken':
        return { ...s, oathOn: event.data.on };
      case 'ProbationaryExtended':
        return { ...s, extended: true, probationEndsOn: event.data.probationEndsOn };
      default:
        return s;
    }
  };
}

// ── Opening ──────────────────────────────────────────────────────────────────────

/** Who and where a case is about, as the case starts. */
export interface DevelopmentOpening extends DevelopmentCase {
  name: string;
  branchId: string;
  villageId: string | null;
  townshipId: string;
  policyVersion: string;
}

/**
 * A case opens at the stage its state is at (an application, or a person taken over
 * from the register), with the first day admission could come for the pipeline.
 */
export function developmentOpened(
  o: DevelopmentOpening,
  s: DevelopmentState,
  policy: MemberDevelopmentPolicy,
): [CaseStarted, MemberDevelopmentOpened] {
  const { caseId, personId, name, townshipId } = o;
  return [
    {
      type: 'CaseStarted',
      data: {
        caseId,
        kind: MEMBER_DEVELOPMENT_KIND,
        subjectId: personId,
        townshipId,
        policyVersion: o.policyVersion,
        startedAt: APPEND_TIME,
        summary: `${name} 发展党员`,
      },
    },
    {
      type: 'MemberDevelopmentOpened',
      data: {
        caseId,
        personId,
        name,
        branchId: o.branchId,
        villageId: o.villageId,
        townshipId,
        stage: s.stage,
        appliedOn: s.appliedOn,
        activistOn: s.activistOn,
        targetOn: s.targetOn,
        admittedOn: s.admittedOn,
        probationEndsOn: s.probationEndsOn,
        earliestAdmissionOn: earliestAdmissionOn(s, policy),
      },
    },
  ];
}
