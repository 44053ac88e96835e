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
  calendarDay,
  count,
  fail,
  isRecord,
  ok,
  onlyKeys,
  oneOf,
  recordedDay,
  text,
  trimText,
  type DecisionParser,
  type Parsed,
} from './decisions';
import {
  decideMassesVote,
  decideMemberVote,
  type MassesVoteOutcome,
  type MassesVotes,
  type MemberVoteOutcome,
} from './ballots/memberVotes';
import { parseMassesVote, parseMemberVote, type MemberVoteForm } from './ballots/forms';
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

// ── Decisions ───────────────────────────────────────────────────────────────

/** Names as a list, or as one text separated by commas or 、 (what a CLI field can carry). */
export function names(raw: unknown, field: string, bounds: { min: number; max: number }): Parsed<string[]> {
  const list = typeof raw === 'string' ? raw.split(/[,，、]/) : raw;
  if (!Array.isArray(list) || !list.every((n): n is string => typeof n === 'string')) {
    return fail(`${field} must be a list of names`);
  }
  const trimmed = list.map(trimText).filter((n) => n !== '');
  if (trimmed.some((n) => n.length > 100)) return fail(`${field}: a name is longer than 100 characters`);
  if (new Set(trimmed).size !== trimmed.length) return fail(`${field} names someone twice`);
  if (trimmed.length < bounds.min || trimmed.length > bounds.max) {
    const want = bounds.min === bounds.max ? `${bounds.min}` : `${bounds.min} to ${bounds.max}`;
    return fail(`${field} must name ${want} people, got ${trimmed.length}`);
  }
  return ok(trimmed);
}

function fields(raw: unknown, allowed: readonly string[]): Parsed<Record<string, unknown>> {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, allowed);
  return extra ? fail(extra) : ok(raw);
}

function notBefore(date: string, field: string, earliest: string | null, what: string): Parsed<string> {
  if (earliest !== null && compareDates(date, earliest) < 0) return fail(`${field} ${date} is before ${what} (${earliest})`);
  return ok(date);
}

export interface TalkDecision {
  on: string;
  talkedBy: string;
  comment: string;
}

export const parseTalk: DecisionParser<TalkDecision> = (raw) => {
  const r = fields(raw, ['on', 'talkedBy', 'comment']);
  if (!r.ok) return r;
  const on = calendarDay(r.value.on, 'on');
  if (!on.ok) return on;
  const talkedBy = text(r.value.talkedBy, 'talkedBy', { required: true, max: 200 });
  if (!talkedBy.ok) return talkedBy;
  const comment = text(r.value.comment, 'comment', { required: false });
  if (!comment.ok) return comment;
  return ok({ on: on.value, talkedBy: talkedBy.value, comment: comment.value });
};

export function checkTalk(d: TalkDecision, s: DevelopmentState): Parsed<TalkDecision> {
  const on = notBefore(d.on, 'on', s.appliedOn, 'the application');
  return on.ok ? ok(d) : on;
}

export type ActivistDesignation = { outcome: 'designate'; on: string; contacts: string[] } | { outcome: 'decline'; reason: string };

export const parseActivistDesignation: DecisionParser<ActivistDesignation> = (raw) => {
  const r = fields(raw, ['outcome', 'on', 'contacts', 'reason']);
  if (!r.ok) return r;
  const outcome = oneOf(r.value.outcome ?? 'designate', 'outcome', ['designate', 'decline'] as const);
  if (!outcome.ok) return outcome;
  if (outcome.value === 'decline') {
    const reason = text(r.value.reason, 'reason', { required: true });
    if (!reason.ok) return reason;
    if (r.value.on !== undefined || r.value.contacts !== undefined) return fail('a declined designation has no date or contacts');
    return ok({ outcome: 'decline', reason: reason.value });
  }
  const on = calendarDay(r.value.on, 'on');
  if (!on.ok) return on;
  const contacts = names(r.value.contacts, 'contacts', CONTACTS);
  if (!contacts.ok) return contacts;
  if (r.value.reason !== undefined) return fail('reason is for a declined designation');
  return ok({ outcome: 'designate', on: on.value, contacts: contacts.value });
};

export function checkActivistDesignation(d: ActivistDesignation, s: DevelopmentState): Parsed<ActivistDesignation> {
  if (d.outcome === 'decline') return ok(d);
  const on = notBefore(d.on, 'on', s.talkedOn ?? s.appliedOn, s.talkedOn ? 'the talk' : 'the application');
  return on.ok ? ok(d) : on;
}

export interface ActivistReviewDecision {
  rating: ActivistRating;
  /** `remove` ends the case: 取消入党积极分子资格. */
  outcome: 'continue' | 'remove';
  comment: string;
}

export const parseActivistReview: DecisionParser<ActivistReviewDecision> = (raw) => {
  const r = fields(raw, ['rating', 'outcome', 'comment']);
  if (!r.ok) return r;
  const rating = oneOf(r.value.rating, 'rating', ['good', 'adequate', 'concern'] as const);
  if (!rating.ok) return rating;
  const outcome = oneOf(r.value.outcome ?? 'continue', 'outcome', ['continue', 'remove'] as const);
  if (!outcome.ok) return outcome;
  const comment = text(r.value.comment, 'comment', { required: outcome.value === 'remove' });
  if (!comment.ok) return fail(outcome.value === 'remove' ? 'comment is required to remove an activist' : comment.error);
  return ok({ rating: rating.value, outcome: outcome.value, comment: comment.value });
};

export interface DevelopmentTargetDecision {
  on: string;
  sponsors: string[];
}

export const parseDevelopmentTarget: DecisionParser<DevelopmentTargetDecision> = (raw) => {
  const r = fields(raw, ['on', 'sponsors']);
  if (!r.ok) return r;
  const on = calendarDay(r.value.on, 'on');
  if (!on.ok) return on;
  const sponsors = names(r.value.sponsors, 'sponsors', SPONSORS);
  if (!sponsors.ok) return sponsors;
  return ok({ on: on.value, sponsors: sponsors.value });
};

/** Observed at least activistMinMonths: a development target cannot be chosen sooner. */
export function checkDevelopmentTarget(
  d: DevelopmentTargetDecision,
  s: DevelopmentState,
  p: MemberDevelopmentPolicy,
): Parsed<DevelopmentTargetDecision> {
  if (s.activistOn === null) return fail('the person is not an activist');
  const ends = observationEndsOn(s.activistOn, p);
  if (compareDates(d.on, ends) < 0) {
    return fail(
      `on ${d.on}: an activist is observed for ${p.activistMinMonths} months (since ${s.activistOn}) before becoming a development target, so not before ${ends}`,
    );
  }
  return ok(d);
}

export interface TheoryExamDecision {
  score: number;
  trainingDays: number;
  trainingHours: number;
}

export const parseTheoryExam: DecisionParser<TheoryExamDecision> = (raw) => {
  const r = fields(raw, ['score', 'trainingDays', 'trainingHours']);
  if (!r.ok) return r;
  const score = count(r.value.score, 'score');
  if (!score.ok) return score;
  if (score.value > 100) return fail(`score is out of 100, got ${score.value}`);
  const trainingDays = count(r.value.trainingDays, 'trainingDays');
  if (!trainingDays.ok) return trainingDays;
  const trainingHours = count(r.value.trainingHours, 'trainingHours');
  if (!trainingHours.ok) return trainingHours;
  return ok({ score: score.value, trainingDays: trainingDays.value, trainingHours: trainingHours.value });
};

/** The exam follows the training (集中培训), which must have lasted the policy's days and hours. */
export function checkTheoryExam(d: TheoryExamDecision, p: MemberDevelopmentPolicy): Parsed<TheoryExamDecision> {
  if (d.trainingDays < p.trainingMinDays || d.trainingHours < p.trainingMinHours) {
    return fail(
      `the training before the exam must last at least ${p.trainingMinDays} days and ${p.trainingMinHours} hours, ` +
        `got ${d.trainingDays} days and ${d.trainingHours} hours`,
    );
  }
  return ok(d);
}

export interface PassFailDecision {
  outcome: 'pass' | 'fail';
  comment: string;
}

/** Branch inspection and the two reviews: a failure must say why. */
export const parsePassFail: DecisionParser<PassFailDecision> = (raw) => {
  const r = fields(raw, ['outcome', 'comment']);
  if (!r.ok) return r;
  const outcome = oneOf(r.value.outcome, 'outcome', ['pass', 'fail'] as const);
  if (!outcome.ok) return outcome;
  const comment = text(r.value.comment, 'comment', { required: outcome.value === 'fail' });
  if (!comment.ok) return fail(outcome.value === 'fail' ? 'comment is required when the outcome is fail' : comment.error);
  return ok({ outcome: outcome.value, comment: comment.value });
};

export { parseMassesVote };

/** The gate before a public notice may say when that notice was posted. */
export type WithNoticePostedOn<T> = T & { noticePostedOn?: string };

function withNoticePostedOn<T>(parse: DecisionParser<T>, allowed: readonly string[]): DecisionParser<WithNoticePostedOn<T>> {
  return (raw) => {
    const r = fields(raw, [...allowed, 'noticePostedOn']);
    if (!r.ok) return r;
    const { noticePostedOn: rawPosted, ...rest } = r.value;
    const parsed = parse(rest);
    if (!parsed.ok) return parsed;
    const posted = recordedDay(rawPosted, 'noticePostedOn');
    if (!posted.ok) return posted;
    return ok({ ...parsed.value, ...(posted.value !== undefined ? { noticePostedOn: posted.value } : {}) });
  };
}

/** 群众满意票, and the day the village notice (村内公示) that follows it was posted. */
export const parseMassesVoteBeforeNotice = withNoticePostedOn(parseMassesVote, ['cast', 'approving']);

/** 县委组织部审查, and the day the higher-level notice (上级公示) that follows it was posted. */
export const parseCountyReview = withNoticePostedOn(parsePassFail, ['outcome', 'comment']);

export interface MembersVoteDecision extends MemberVoteForm {
  /** The branch assembly's day: the probation runs from it if the vote passes. */
  on: string;
}

export const parseMembersVote: DecisionParser<MembersVoteDecision> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const { on: rawOn, ...rest } = raw;
  const on = calendarDay(rawOn, 'on');
  if (!on.ok) return on;
  const form = parseMemberVote(rest);
  if (!form.ok) return form;
  return ok({ on: on.value, ...form.value });
};

/**
 * A meeting without quorum has not voted: it is held again, and only a meeting that
 * could vote is recorded. A resubmitted target's vote waits out the block.
 */
export function checkMembersVote(d: MembersVoteDecision, s: DevelopmentState, p: MemberDevelopmentPolicy): Parsed<MembersVoteDecision> {
  const after = notBefore(d.on, 'on', s.targetOn, 'the choice of the development target');
  if (!after.ok) return after;
  const blocked = notBefore(d.on, 'on', s.voteNotBefore, 'the end of the block after the failed vote');
  if (!blocked.ok) return blocked;
  const outcome = membersVoteOutcome(d, p);
  if (outcome.outcome === 'no-quorum') {
    return fail(
      `the branch assembly had no quorum: ${outcome.present} of ${outcome.eligible} present, at least ${outcome.needed} needed; hold it again`,
    );
  }
  return ok(d);
}

export type AdmissionDecision = { outcome: 'approve' | 'reject'; on: string; reason: string };

/** 接收为预备党员: the township committee's approval of the admission, on a day; a rejection must say why. */
export const parseAdmission: DecisionParser<AdmissionDecision> = (raw) => {
  const r = fields(raw, ['outcome', 'on', 'reason']);
  if (!r.ok) return r;
  const outcome = oneOf(r.value.outcome, 'outcome', ['approve', 'reject'] as const);
  if (!outcome.ok) return outcome;
  const on = calendarDay(r.value.on, 'on');
  if (!on.ok) return on;
  const reason = text(r.value.reason, 'reason', { required: outcome.value === 'reject' });
  if (!reason.ok) return fail(outcome.value === 'reject' ? 'reason is required to reject' : reason.error);
  return ok({ outcome: outcome.value, on: on.value, reason: reason.value });
};

/** Within approvalWithinMonths of the assembly; later only with a reason, never after approvalMaxMonths. */
export function checkAdmission(d: AdmissionDecision, s: DevelopmentState, p: MemberDevelopmentPolicy): Parsed<AdmissionDecision> {
  if (s.assemblyOn === null) return fail('no branch assembly has voted');
  const after = notBefore(d.on, 'on', s.assemblyOn, 'the branch assembly');
  if (!after.ok) return after;
  if (d.outcome === 'reject') return ok(d);
  const latest = approvalLatestOn(s.assemblyOn, p);
  if (compareDates(d.on, latest) > 0) {
    return fail(
      `on ${d.on}: approval must come within ${p.approvalMaxMonths} months of the branch assembly (${s.assemblyOn}), by ${latest}`,
    );
  }
  const due = approvalDueOn(s.assemblyOn, p);
  if (compareDates(d.on, due) > 0 && d.reason === '') {
    return fail(
      `on ${d.on} is later than ${p.approvalWithinMonths} months after the branch assembly (${due}): give the reason for the delay`,
    );
  }
  return ok(d);
}

export interface ResubmissionDecision {
  outcome: 'resubmit' | 'drop';
  comment: string;
}

export const parseResubmission: DecisionParser<ResubmissionDecision> = (raw) => {
  const r = fields(raw, ['outcome', 'comment']);
  if (!r.ok) return r;
  const outcome = oneOf(r.value.outcome, 'outcome', ['resubmit', 'drop'] as const);
  if (!outcome.ok) return outcome;
  const comment = text(r.value.comment, 'comment', { required: outcome.value === 'drop' });
  if (!comment.ok) return fail(outcome.value === 'drop' ? 'comment is required to drop the development target' : comment.error);
  return ok({ outcome: outcome.value, comment: comment.value });
};

export interface OathDecision {
  on: string;
}

export const parseOath: DecisionParser<OathDecision> = (raw) => {
  const r = fields(raw, ['on']);
  if (!r.ok) return r;
  const on = calendarDay(r.value.on, 'on');
  return on.ok ? ok({ on: on.value }) : on;
};

export function checkOath(d: OathDecision, s: DevelopmentState): Parsed<OathDecision> {
  const on = notBefore(d.on, 'on', s.assemblyOn, 'the branch assembly');
  return on.ok ? ok(d) : on;
}

export type ConversionOutcome = 'convert' | 'extend' | 'disqualify';

export interface ConversionDecision {
  outcome: ConversionOutcome;
  /** The branch assembly that passed the resolution. */
  on: string;
  /** Extension only. */
  months: number | null;
  reason: string;
  vote: MemberVoteForm;
}

export const parseConversion: DecisionParser<ConversionDecision> = (raw) => {
  const r = fields(raw, ['outcome', 'on', 'months', 'reason', 'vote']);
  if (!r.ok) return r;
  const outcome = oneOf(r.value.outcome, 'outcome', ['convert', 'extend', 'disqualify'] as const);
  if (!outcome.ok) return outcome;
  const on = calendarDay(r.value.on, 'on');
  if (!on.ok) return on;
  let months: number | null = null;
  if (outcome.value === 'extend') {
    const m = count(r.value.months, 'months');
    if (!m.ok) return m;
    months = m.value;
  } else if (r.value.months !== undefined) {
    return fail('months is only for an extension');
  }
  const reason = text(r.value.reason, 'reason', { required: outcome.value !== 'convert' });
  if (!reason.ok) return fail(outcome.value === 'convert' ? reason.error : `reason is required to ${outcome.value}`);
  const vote = parseMemberVote(r.value.vote);
  if (!vote.ok) return fail(`vote: ${vote.error}`);
  return ok({ outcome: outcome.value, on: on.value, months, reason: reason.value, vote: vote.value });
};

/**
 * 转正 after the probation: the assembly's resolution must have passed like the
 * admission vote; an extension comes once, for extensionMinMonths..extensionMaxMonths.
 */
export function checkConversion(d: ConversionDecision, s: DevelopmentState, p: MemberDevelopmentPolicy): Parsed<ConversionDecision> {
  if (s.probationEndsOn === null) return fail('the person is not on probation');
  const after = notBefore(d.on, 'on', s.probationEndsOn, 'the end of the probation');
  if (!after.ok) return after;
  if (d.outcome === 'extend') {
    if (s.extended) return fail('the probation was extended once already; it cannot be extended again');
    const m = d.months ?? 0;
    if (m < p.extensionMinMonths || m > p.extensionMaxMonths) {
      return fail(`months must be ${p.extensionMinMonths} to ${p.extensionMaxMonths}, got ${m}`);
    }
  }
  const vote = membersVoteOutcome(d.vote, p);
  if (vote.outcome === 'no-quorum') {
    return fail(
      `vote: the branch assembly had no quorum: ${vote.present} of ${vote.eligible} present, at least ${vote.needed} needed; hold it again`,
    );
  }
  if (vote.outcome === 'rejected') {
    return fail(
      `vote: ${vote.yes} yes of ${vote.eligible} due to attend, at least ${vote.needed} needed: the assembly did not pass the resolution`,
    );
  }
  return ok(d);
}

export type ConversionResult =
  { outcome: 'convert'; fullOn: string } | { outcome: 'extend'; months: number; probationEndsOn: string } | { outcome: 'disqualify' };

/** Full membership dates from the end of the probation (转正时间为预备期满之日). */
export function applyConversion(d: ConversionDecision, s: Pick<DevelopmentState, 'probationEndsOn'>): ConversionResult {
  const ends = s.probationEndsOn!;
  switch (d.outcome) {
    case 'convert':
      return { outcome: 'convert', fullOn: ends };
    case 'extend':
      return { outcome: 'extend', months: d.months!, probationEndsOn: addMonths(ends, d.months!) };
    case 'disqualify':
      return { outcome: 'disqualify' };
    default: {
      const never: never = d.outcome;
      throw new Error(`unknown conversion outcome ${String(never)}`);
    }
  }
}
