/**
 * The decisions people enter in a member-development case (docs/domain.md §5), parsed and
 * checked against the case's state: one parser per input, shared by the CLI, the API, the
 * web form and the workflow's validator.
 */
import { addMonths, compareDates } from './calendar';
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

import { parseMassesVote, parseMemberVote, type MemberVoteForm } from './ballots/forms';
import type { ActivistRating } from './events/membership';

import {
  CONTACTS,
  DevelopmentState,
  MemberDevelopmentPolicy,
  SPONSORS,
  approvalDueOn,
  approvalLatestOn,
  membersVoteOutcome,
  observationEndsOn,
} from './memberDevelopment';

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
