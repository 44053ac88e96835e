/**
 * 发展党员 rules (docs/domain.md §5), pure: the workflow calls these with the policy its case
 * started under, so a later policy change never alters a running case.
 *
 * The case moves through four stages (applicant → activist → development target →
 * probationary member) and ends as a full member, disqualified, or stopped. Its whole
 * state is a plain value (DevelopmentState) because a case runs for years and carries
 * it across continue-as-new; the same value opens a case for a person taken over from
 * the existing register at their stage.
 */
import { addMonths, CalendarRangeError, compareDates, workingDaysBetween } from './calendar';

import {
  decideMassesVote,
  decideMemberVote,
  type MassesVoteOutcome,
  type MassesVotes,
  type MemberVoteOutcome,
} from './ballots/memberVotes';
import { type MemberVoteForm } from './ballots/forms';
import type { ActivistRating, DevelopmentGate, DevelopmentStage, MemberStatus } from './events/membership';
import type { Policy } from './policy';

export type { ActivistRating, DevelopmentGate, DevelopmentStage, MemberStatus };

export type MemberDevelopmentPolicy = Policy['memberDevelopment'];

export const MEMBER_DEVELOPMENT_KIND = 'member-development';

export function memberDevelopmentCaseId(personId: string): string {
  return `${MEMBER_DEVELOPMENT_KIND}/${personId}`;
}

/** The person a case is about, or undefined for another kind of case. */
export function personOfCase(caseId: string): string | undefined {
  const prefix = `${MEMBER_DEVELOPMENT_KIND}/`;
  return caseId.startsWith(prefix) ? caseId.slice(prefix.length) : undefined;
}

/**
 * The gates after the development target is chosen, in order: the seed's eight
 * (两考: theory exam, branch inspection; 两票: masses' satisfaction, members' approval;
 * 两审: township and county review; 两公示: village and higher-level notice), placed
 * where the national procedure has them (the township's preliminary review before the
 * branch assembly, the county's after it), then the township committee's approval.
 */
export const GATES = [
  'theory-exam',
  'branch-inspection',
  'masses-vote',
  'village-notice',
  'township-review',
  'members-vote',
  'county-review',
  'higher-notice',
  'approval',
] as const satisfies readonly DevelopmentGate[];

/**
 * The national rules (《中国共产党发展党员工作细则》) fix these counts, unlike the
 * county's thresholds and durations in the policy: an activist has one or two
 * contacts (培养联系人), a development target two sponsors (入党介绍人).
 */
export const CONTACTS = { min: 1, max: 2 } as const;
export const SPONSORS = { min: 2, max: 2 } as const;

/** A task the workflow opens after its deadline has passed is still given a working day. */
const LEAST_DUE_WORKING_DAYS = 1;

// ── State carried by a case ─────────────────────────────────────────────────

export interface DevelopmentState {
  stage: DevelopmentStage;
  appliedOn: string;
  talkedOn: string | null;
  activistOn: string | null;
  contacts: string[];
  /** Half-yearly reviews done. */
  reviewsDone: number;
  targetOn: string | null;
  sponsors: string[];
  /** Submission of the development target through the gates, from 1; a resubmission starts the next. */
  round: number;
  /** Index in GATES of the next gate of the round. */
  nextGate: number;
  /** A round that failed and awaits the decision to resubmit. */
  failed: { gate: DevelopmentGate; blockedUntil: string | null } | null;
  /** After a failed members' vote, the next vote may not be held before this day. */
  voteNotBefore: string | null;
  /** The branch assembly whose vote passed (the probation runs from it). */
  assemblyOn: string | null;
  admittedOn: string | null;
  probationEndsOn: string | null;
  oathOn: string | null;
  extended: boolean;
}

export function newApplication(appliedOn: string): DevelopmentState {
  return {
    stage: 'applicant',
    appliedOn,
    talkedOn: null,
    activistOn: null,
    contacts: [],
    reviewsDone: 0,
    targetOn: null,
    sponsors: [],
    round: 1,
    nextGate: 0,
    failed: null,
    voteNotBefore: null,
    assemblyOn: null,
    admittedOn: null,
    probationEndsOn: null,
    oathOn: null,
    extended: false,
  };
}

/** What the register records of a person, whether as an event or as a read-model row. */
export interface RegisterEntry {
  status: MemberStatus;
  appliedOn: string | null;
  activistOn: string | null;
  targetOn: string | null;
  admittedOn: string | null;
  probationEndsOn: string | null;
}

/**
 * The state a case opens with for a person taken over from the register (e.g. when the
 * system goes live): reviews due before `asOf` count as done on paper except the latest,
 * which the township committee records now; a development target starts at the first
 * gate; a probationary member's probation runs from the branch assembly that the
 * register's end date implies. Undefined for those past development (full, disqualified).
 */
export function stateFromRegister(e: RegisterEntry, asOf: string, p: MemberDevelopmentPolicy): DevelopmentState | undefined {
  const appliedOn = e.appliedOn ?? e.activistOn ?? e.targetOn ?? e.admittedOn ?? asOf;
  const base = newApplication(appliedOn);
  switch (e.status) {
    case 'applicant':
      return base;
    case 'activist': {
      const activistOn = e.activistOn ?? appliedOn;
      const due = activistReviewDates(activistOn, p).filter((d) => compareDates(d, asOf) <= 0).length;
      return { ...base, stage: 'activist', talkedOn: appliedOn, activistOn, reviewsDone: Math.max(0, due - 1) };
    }
    case 'development-target': {
      const targetOn = e.targetOn ?? asOf;
      const activistOn = e.activistOn ?? addMonths(targetOn, -p.activistMinMonths);
      const reviewsDone = activistReviewDates(activistOn, p).length;
      return { ...base, stage: 'development-target', talkedOn: appliedOn, activistOn, reviewsDone, targetOn };
    }
    case 'probationary': {
      const admittedOn = e.admittedOn ?? asOf;
      const assemblyOn = e.probationEndsOn !== null ? addMonths(e.probationEndsOn, -p.probationaryMonths) : admittedOn;
      return {
        ...base,
        stage: 'probationary',
        talkedOn: appliedOn,
        activistOn: e.activistOn,
        reviewsDone: e.activistOn === null ? 0 : activistReviewDates(e.activistOn, p).length,
        targetOn: e.targetOn,
        nextGate: GATES.length,
        assemblyOn,
        admittedOn,
        probationEndsOn: e.probationEndsOn ?? probationEndsOn(assemblyOn, p),
      };
    }
    case 'full':
    case 'disqualified':
      return undefined;
    default: {
      const never: never = e.status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

// ── Steps ───────────────────────────────────────────────────────────────────

/**
 * Step names are idempotency keys (`workflowId:step`) across every run of a case, so a
 * repeated gate carries its round and a repeated review its index.
 */
export const STEP = {
  talk: 'talk',
  activistDesignation: 'activist-designation',
  developmentTarget: 'development-target',
  oath: 'oath',
  review: (index: number) => `activist-review-${index}`,
  gate: (gate: DevelopmentGate, round: number) => (round === 1 ? gate : `${gate}-r${round}`),
  resubmission: (failedRound: number) => `resubmission-${failedRound}`,
  conversion: (extended: boolean) => (extended ? 'conversion-2' : 'conversion'),
} as const;

// ── Calendar plan ───────────────────────────────────────────────────────────

/** 谈话 within talkWithinMonths of the application. */
export function talkDueOn(appliedOn: string, p: MemberDevelopmentPolicy): string {
  return addMonths(appliedOn, p.talkWithinMonths);
}

/** The activist is observed for activistMinMonths at least (calendar time). */
export function observationEndsOn(activistOn: string, p: MemberDevelopmentPolicy): string {
  return addMonths(activistOn, p.activistMinMonths);
}

/** Half-yearly reviews (or the policy's cadence) during the observation, the last at its end. */
export function activistReviewDates(activistOn: string, p: MemberDevelopmentPolicy): string[] {
  const out: string[] = [];
  for (let m = p.activistReviewEveryMonths; m <= p.activistMinMonths; m += p.activistReviewEveryMonths) {
    out.push(addMonths(activistOn, m));
  }
  return out;
}

/** After a failed members' vote the target may not be put forward again before this day. */
export function resubmissionBlockedUntil(voteOn: string, p: MemberDevelopmentPolicy): string {
  return addMonths(voteOn, p.failedVoteBlockMonths);
}

/** Approval is due within approvalWithinMonths of the branch assembly … */
export function approvalDueOn(assemblyOn: string, p: MemberDevelopmentPolicy): string {
  return addMonths(assemblyOn, p.approvalWithinMonths);
}

/** … and may not come after approvalMaxMonths. */
export function approvalLatestOn(assemblyOn: string, p: MemberDevelopmentPolicy): string {
  return addMonths(assemblyOn, p.approvalMaxMonths);
}

/** 预备期 counts from the branch assembly that voted, not from the approval. */
export function probationEndsOn(assemblyOn: string, p: MemberDevelopmentPolicy): string {
  return addMonths(assemblyOn, p.probationaryMonths);
}

/**
 * The first day admission could come, for the pipeline's forecast of which villages
 * will develop no member this year: no gate can precede the end of the observation,
 * nor a members' vote the end of a block. Null once admitted.
 */
export function earliestAdmissionOn(s: DevelopmentState, p: MemberDevelopmentPolicy): string | null {
  switch (s.stage) {
    case 'applicant':
      // At the earliest the applicant is made an activist on the day they applied.
      return observationEndsOn(s.activistOn ?? s.appliedOn, p);
    case 'activist':
      return observationEndsOn(s.activistOn ?? s.appliedOn, p);
    case 'development-target': {
      const from = s.targetOn ?? s.appliedOn;
      const block = s.failed?.blockedUntil ?? s.voteNotBefore;
      return block !== null && compareDates(block, from) > 0 ? block : from;
    }
    case 'probationary':
      return null;
    default: {
      const never: never = s.stage;
      throw new Error(`unknown stage ${String(never)}`);
    }
  }
}

/**
 * Working days from today to a deadline given as a calendar day, for a task the kit
 * counts from its opening. A deadline already past leaves the least; outside the
 * calendar's years the policy's default stands in, since no count can be made there.
 */
export function workingDaysUntil(today: string, deadline: string, fallback: number): number {
  try {
    return Math.max(LEAST_DUE_WORKING_DAYS, workingDaysBetween(today, deadline));
  } catch (err) {
    if (err instanceof CalendarRangeError) return fallback;
    throw err;
  }
}

/**
 * Where a resubmitted target starts again: at the gate that failed, the gates before it
 * staying passed; a rejected approval goes back to the branch assembly, whose vote the
 * approval's time limit runs from.
 */
export function resumeGate(failed: DevelopmentGate): DevelopmentGate {
  return failed === 'approval' ? 'members-vote' : failed;
}

// ── Gates ───────────────────────────────────────────────────────────────────

export function theoryExamPassed(score: number, p: MemberDevelopmentPolicy): boolean {
  return score >= p.theoryExamPassMark;
}

/** 群众满意票: fewer approving than the policy share → not admitted now (deferred). */
export function massesVoteOutcome(votes: MassesVotes, p: MemberDevelopmentPolicy): MassesVoteOutcome {
  return decideMassesVote(votes, p);
}

/** 党员赞成票: quorum of the full members with voting rights, yes-votes over the share of those due. */
export function membersVoteOutcome(form: MemberVoteForm, p: MemberDevelopmentPolicy): MemberVoteOutcome {
  return decideMemberVote({ eligible: form.eligible, present: form.present }, { yes: form.yes, writtenYes: form.writtenYes }, p);
}
