/**
 * 年度考核 rules (docs/domain.md §3), pure: grades and their words, the village democratic
 * rating (民主测评), the quantified score (实绩量化), star rating (星级管理), the 优秀
 * quota, what a poor record leads to, and the review (复核) and appeal (申诉) windows.
 * The workflow passes the policy the case started under and the day it asks about,
 * so neither a later policy change nor a replay alters an answer.
 *
 * Scores are integers in hundredths of a point and shares are compared with
 * meetsFraction: "90% of 30 votes" is exactly 27, and a float must not decide
 * which side of 27 a cadre falls.
 */
import { addDays, addMonths, compareDates } from './calendar';
import { count, fail, isRecord, ok, oneOf, onlyKeys, record, recordedDay, text, type DecisionParser, type Parsed } from './decisions';
import type { DemocraticRatingVotes } from './events';
import { describeThreshold, meetsFraction, type Threshold } from './fraction';
import type { Policy } from './policy';

export type EvaluationPolicy = Policy['evaluation'];

/**
 * An input no parser below lets through (a negative count, a duplicate year): the
 * caller's bug, so it throws instead of becoming a refusal a person would read.
 */
export class EvaluationInputError extends RangeError {
  override readonly name = 'EvaluationInputError';
}

/** A refusal that keeps its facts (the numbers) beside the message. */
export type Refused<R> = { ok: false; error: string; refusal: R };
/** Parsed<T> whose refusal is typed; still assignable wherever a Parsed<T> is expected. */
export type Checked<T, R> = { ok: true; value: T } | Refused<R>;

const refuse = <R>(refusal: R, error: string): Refused<R> => ({ ok: false, error, refusal });

function requireCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new EvaluationInputError(`${what} must be a whole number ≥ 0, got ${n}`);
}

// ---- grades -----------------------------------------------------------------

/** Best first. */
export const GRADES = ['excellent', 'competent', 'basically-competent', 'not-competent'] as const;
export type Grade = (typeof GRADES)[number];

/**
 * Kinds of unit whose people are graded. They share the four grades and differ only
 * in the words: 事业单位 say 合格 where 党政机关 and villages say 称职.
 */
export const UNIT_KINDS = ['organ', 'village', 'public-institution'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export type Locale = 'zh-CN' | 'en';

type GradeWords = Readonly<Record<Locale, Readonly<Record<Grade, string>>>>;

const CADRE_WORDS: GradeWords = {
  'zh-CN': { excellent: '优秀', competent: '称职', 'basically-competent': '基本称职', 'not-competent': '不称职' },
  en: { excellent: 'excellent', competent: 'competent', 'basically-competent': 'basically competent', 'not-competent': 'not competent' },
};

const PUBLIC_INSTITUTION_WORDS: GradeWords = {
  'zh-CN': { excellent: '优秀', competent: '合格', 'basically-competent': '基本合格', 'not-competent': '不合格' },
  en: { excellent: 'excellent', competent: 'qualified', 'basically-competent': 'basically qualified', 'not-competent': 'not qualified' },
};

function gradeWords(kind: UnitKind): GradeWords {
  switch (kind) {
    case 'organ':
    case 'village':
      return CADRE_WORDS;
    case 'public-institution':
      return PUBLIC_INSTITUTION_WORDS;
    default: {
      const never: never = kind;
      throw new EvaluationInputError(`unknown unit kind ${String(never)}`);
    }
  }
}

/** The word a notice or a letter uses for a grade in this kind of unit. */
export function gradeLabel(grade: Grade, kind: UnitKind, locale: Locale = 'zh-CN'): string {
  return gradeWords(kind)[locale][grade];
}

/** 3 for 优秀 down to 0 for 不称职. */
export function gradeRank(grade: Grade): 0 | 1 | 2 | 3 {
  switch (grade) {
    case 'excellent':
      return 3;
    case 'competent':
      return 2;
    case 'basically-competent':
      return 1;
    case 'not-competent':
      return 0;
    default: {
      const never: never = grade;
      throw new EvaluationInputError(`unknown grade ${String(never)}`);
    }
  }
}

export function isRaise(from: Grade, to: Grade): boolean {
  return gradeRank(to) > gradeRank(from);
}

// ---- village democratic rating (民主测评) --------------------------------------

/**
 * One secret ballot per representative, one of the four grades. Blank or spoiled
 * ballots (废票) are not counted, so cast is the sum of the four.
 */
export type RatingVotes = DemocraticRatingVotes;

export function castOf(votes: RatingVotes): number {
  requireCount(votes.excellent, 'votes.excellent');
  requireCount(votes.competent, 'votes.competent');
  requireCount(votes.basicallyCompetent, 'votes.basicallyCompetent');
  requireCount(votes.notCompetent, 'votes.notCompetent');
  return votes.excellent + votes.competent + votes.basicallyCompetent + votes.notCompetent;
}

/** Villager representatives due to attend the rating meeting and those present. */
export interface RatingMeeting {
  present: number;
  due: number;
}

/** The default for 村民代表会议: valid with more than 2/3 present (exactly 2/3 is not enough). */
export const VILLAGE_RATING_QUORUM: Threshold = { num: 2, den: 3, mode: 'more-than' };

export type RatingMeetingRefusal =
  | { kind: 'no-quorum'; present: number; due: number; quorum: Threshold }
  | { kind: 'no-ballots' }
  | { kind: 'more-ballots-than-present'; cast: number; present: number };

/**
 * Whether a rating meeting's result may be used: a quorum of representatives and no
 * more ballots than people in the room. The quorum is an argument: it is the policy's
 * `evaluation.ratingQuorum`, or the built-in one for a case started before that field.
 */
export function checkRatingMeeting(
  meeting: RatingMeeting,
  votes: RatingVotes,
  quorum: Threshold = VILLAGE_RATING_QUORUM,
): Checked<RatingMeeting & { cast: number }, RatingMeetingRefusal> {
  requireCount(meeting.present, 'present');
  requireCount(meeting.due, 'due');
  if (meeting.due === 0 || meeting.present > meeting.due) {
    throw new EvaluationInputError(`present ${meeting.present} of ${meeting.due} due is not an attendance`);
  }
  if (!meetsFraction(meeting.present, meeting.due, quorum, quorum.mode)) {
    return refuse(
      { kind: 'no-quorum', present: meeting.present, due: meeting.due, quorum },
      `the rating meeting is not valid: ${meeting.present} of ${meeting.due} representatives present, ` +
        `${describeThreshold(quorum)} must attend`,
    );
  }
  const cast = castOf(votes);
  if (cast === 0) return refuse({ kind: 'no-ballots' }, 'no ballots were cast');
  if (cast > meeting.present) {
    return refuse(
      { kind: 'more-ballots-than-present', cast, present: meeting.present },
      `${cast} ballots counted but only ${meeting.present} representatives present`,
    );
  }
  return { ok: true, value: { ...meeting, cast } };
}

export interface VillageRating {
  cast: number;
  /** 优秀 + 称职: the "competent" votes the 90% rule counts. */
  competentOrBetter: number;
  /** 不称职 votes. */
  fail: number;
  /**
   * What the vote alone proposes. null: the vote settles nothing, and the committee
   * grades 称职 or 基本称职 on the rest of the evidence. (null rather than absent,
   * because events are stored as JSON.)
   */
  proposedGrade: 'excellent' | 'not-competent' | null;
  /** 诫勉: due whenever the fail share reaches the policy share, whatever the grade. */
  warningDue: boolean;
}

/**
 * Village practice: ≥ 90% competent-or-better → proposed 优秀; ≥ 50% 不称职 → 不称职;
 * 40%+ 不称职 → a warning case. The harsher finding wins when a county's shares
 * would let both apply.
 */
export function rateVillageCadre(votes: RatingVotes, p: EvaluationPolicy): VillageRating {
  const cast = castOf(votes);
  if (cast === 0) throw new EvaluationInputError('cannot rate on 0 ballots');
  const competentOrBetter = votes.excellent + votes.competent;
  const failVotes = votes.notCompetent;
  const notCompetent = meetsFraction(failVotes, cast, p.villageNotCompetentShare, p.villageNotCompetentShare.mode);
  const excellent = meetsFraction(competentOrBetter, cast, p.villageExcellentShare, p.villageExcellentShare.mode);
  return {
    cast,
    competentOrBetter,
    fail: failVotes,
    proposedGrade: notCompetent ? 'not-competent' : excellent ? 'excellent' : null,
    warningDue: meetsFraction(failVotes, cast, p.warningFailShare, p.warningFailShare.mode),
  };
}

/** The first day a re-rating may be held after a warning (诫勉期满). */
export function earliestReRating(warnedOn: string, p: EvaluationPolicy): string {
  return addMonths(warnedOn, p.warningMonths);
}

export interface ReRating {
  /** 'removal': the procedure to remove the cadre (罢免 / 责令辞职) is due. */
  outcome: 'passed' | 'removal';
  /**
   * Every ballot but 不称职. Counting 基本称职 as a pass makes "> 60% pass" the exact
   * complement of "40%+ fail", so a re-rating passes just when the warning would no
   * longer be due (with the default shares).
   */
  pass: number;
  cast: number;
}

export type ReRatingRefusal = { kind: 'too-early'; warnedOn: string; ratedOn: string; earliestOn: string };

export function reRate(
  votes: RatingVotes,
  warnedOn: string,
  ratedOn: string,
  p: EvaluationPolicy,
): Checked<ReRating, ReRatingRefusal> {
  const earliestOn = earliestReRating(warnedOn, p);
  if (compareDates(ratedOn, earliestOn) < 0) {
    return refuse(
      { kind: 'too-early', warnedOn, ratedOn, earliestOn },
      `a re-rating after the warning of ${warnedOn} may be held from ${earliestOn} (${p.warningMonths} months), not on ${ratedOn}`,
    );
  }
  const cast = castOf(votes);
  if (cast === 0) throw new EvaluationInputError('cannot re-rate on 0 ballots');
  const pass = cast - votes.notCompetent;
  const passed = meetsFraction(pass, cast, p.reRatingPassShare, p.reRatingPassShare.mode);
  return { ok: true, value: { outcome: passed ? 'passed' : 'removal', pass, cast } };
}

// ---- quantified score (实绩量化) ----------------------------------------------

/** A sub-score is 0–100 points, held as 0–10000 hundredths. */
export const MAX_SUB_SCORE = 10_000;

/** The three weighted sub-scores and the bonus (加分), all in hundredths of a point. */
export interface ScoreSheet {
  supervisor: number;
  staff: number;
  assessmentTeam: number;
  bonus: number;
}

export interface QuantifiedScore {
  /** weighted + bonus, hundredths. */
  total: number;
  /** Σ weight% × sub-score, rounded half up (四舍五入) to a hundredth. */
  weighted: number;
  /** The bonus counted, after the cap. */
  bonus: number;
  bonusCapped: boolean;
}

/**
 * Σ weight% × sub-score is computed exactly in ten-thousandths of a point and
 * rounded once, half up, to hundredths: the only rounding, so the same sheet
 * always gives the same total whatever order the parts are added in. The bonus
 * is capped, then added unrounded (it is already in hundredths). The total may
 * exceed 100 by at most the cap.
 */
export function quantifiedScore(sheet: ScoreSheet, weights: EvaluationPolicy['weights'], bonusCap: number): QuantifiedScore {
  const { supervisor, staff, assessmentTeam } = weights;
  for (const [name, w] of Object.entries(weights)) requireCount(w, `weight ${name}`);
  if (supervisor + staff + assessmentTeam !== 100) {
    throw new EvaluationInputError(`weights must sum to 100, got ${supervisor} + ${staff} + ${assessmentTeam}`);
  }
  for (const name of ['supervisor', 'staff', 'assessmentTeam'] as const) {
    requireCount(sheet[name], `${name} score`);
    if (sheet[name] > MAX_SUB_SCORE) throw new EvaluationInputError(`${name} score ${formatHundredths(sheet[name])} is over 100`);
  }
  requireCount(sheet.bonus, 'bonus');
  requireCount(bonusCap, 'bonus cap');
  const tenThousandths = supervisor * sheet.supervisor + staff * sheet.staff + assessmentTeam * sheet.assessmentTeam;
  const weighted = Math.floor((tenThousandths + 50) / 100);
  const bonus = Math.min(sheet.bonus, bonusCap);
  return { total: weighted + bonus, weighted, bonus, bonusCapped: sheet.bonus > bonusCap };
}

/**
 * 87.65 → 8765. More than two decimals is refused rather than rounded: a score
 * sheet that says 87.655 has a typo, and guessing would change a grade.
 */
export function pointsToHundredths(points: number): number {
  if (!Number.isFinite(points)) throw new EvaluationInputError(`not a score: ${points}`);
  const scaled = points * 100;
  const hundredths = Math.round(scaled);
  // 87.65 * 100 is 8764.999999999999 in binary floating point: allow that, not 87.655.
  if (Math.abs(scaled - hundredths) > 1e-6) {
    throw new EvaluationInputError(`a score has at most two decimals, got ${points}`);
  }
  return hundredths;
}

/** 8765 → "87.65"; 9000 → "90.00". */
export function formatHundredths(hundredths: number): string {
  if (!Number.isSafeInteger(hundredths)) throw new EvaluationInputError(`not hundredths: ${hundredths}`);
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// ---- star rating (星级管理) ----------------------------------------------------

export type Stars = 1 | 2 | 3 | 4 | 5;

/** The lowest score, in points, that earns each star count; below `two` is ★1. */
export interface StarBands {
  five: number;
  four: number;
  three: number;
  two: number;
}

export const DEFAULT_STAR_BANDS: StarBands = { five: 90, four: 80, three: 70, two: 60 };

export interface StarRating {
  stars: Stars;
  /** Before the negative list. */
  fromScore: Stars;
  /** The distinct negative-list items that lowered it. */
  negatives: readonly string[];
}

function toStars(n: number): Stars {
  const clamped = Math.min(5, Math.max(1, n));
  return clamped as Stars;
}

/**
 * ★ from the score, then one star less per negative-list (负面清单) item, never below
 * ★1. An item listed twice is one item: the list names kinds of conduct, and one
 * kind lowers the rating once per period.
 */
export function starRating(
  scoreHundredths: number,
  negativeItems: readonly string[],
  bands: StarBands = DEFAULT_STAR_BANDS,
): StarRating {
  requireCount(scoreHundredths, 'score');
  const five = pointsToHundredths(bands.five);
  const four = pointsToHundredths(bands.four);
  const three = pointsToHundredths(bands.three);
  const two = pointsToHundredths(bands.two);
  if (!(five > four && four > three && three > two && two >= 0)) {
    throw new EvaluationInputError(
      `star bands must fall from ★5 to ★2, got ${bands.five} / ${bands.four} / ${bands.three} / ${bands.two}`,
    );
  }
  const fromScore: Stars =
    scoreHundredths >= five ? 5 : scoreHundredths >= four ? 4 : scoreHundredths >= three ? 3 : scoreHundredths >= two ? 2 : 1;
  const negatives = [...new Set(negativeItems.map((item) => item.trim()).filter((item) => item !== ''))];
  return { stars: toStars(fromScore - negatives.length), fromScore, negatives };
}

// ---- 优秀 quota ------------------------------------------------------------------

/**
 * floor(assessed × percent / 100), in integers: a quota is a ceiling, so a fraction
 * of a person is never rounded up (7 assessed at 20% allow 1, not 2; fewer than 5
 * allow none at 20%).
 */
export function excellentQuota(assessedCount: number, percent: number): number {
  requireCount(assessedCount, 'assessed count');
  requireCount(percent, 'quota percent');
  if (percent > 100) throw new EvaluationInputError(`quota percent must be at most 100, got ${percent}`);
  const scaled = assessedCount * percent;
  return (scaled - (scaled % 100)) / 100;
}

/** The ceiling an approval may raise the quota to, for a policy that predates the field. */
export const DEFAULT_QUOTA_WITH_APPROVAL_PERCENT = 25;

/**
 * The policy's `excellentQuotaWithApprovalPercent`; a case started under a policy without
 * it (its input is the policy as it was) gets the built-in 25, the rule's own figure.
 */
export function quotaWithApprovalPercent(p: EvaluationPolicy): number {
  return (p as Partial<EvaluationPolicy>).excellentQuotaWithApprovalPercent ?? DEFAULT_QUOTA_WITH_APPROVAL_PERCENT;
}

/**
 * An approval (批复) raising a unit's 优秀 quota above the policy percent: the percent
 * granted, the approving document, and the day it was approved when known.
 */
export interface QuotaApproval {
  percent: number;
  /** The approving document, e.g. its number (县委组字〔2026〕12号). */
  reference: string;
  approvedOn?: string;
}

export interface QuotaStanding {
  unitId: string;
  assessed: number;
  percent: number;
  allowed: number;
  excellent: number;
}

export interface OverQuota {
  kind: 'over-quota';
  unitId: string;
  assessed: number;
  /** The percent that applied: the policy's, or the approved one. */
  percent: number;
  allowed: number;
  proposed: number;
  over: number;
  /** The approval the quota was counted under. */
  approval?: QuotaApproval;
  /** Without an approval: what one at the policy's ceiling would allow, when that is more. */
  withApproval?: { percent: number; allowed: number };
}

function overQuotaMessage(r: OverQuota): string {
  const basis = r.approval ? `${r.percent}% by approval ${r.approval.reference}` : `${r.percent}%`;
  const hint = r.withApproval
    ? `; an approval (quotaApproval) may raise it to ${r.withApproval.percent}%: floor(${r.assessed} × ${r.withApproval.percent} / 100) = ${r.withApproval.allowed}`
    : '';
  return (
    `${r.unitId}: ${r.allowed} 优秀 of ${r.assessed} allowed (${basis}); ` +
    `a proposal of ${r.proposed} is over quota by ${r.over} ` +
    `(allowed = floor(${r.assessed} × ${r.percent} / 100) = ${r.allowed})${hint}`
  );
}

/**
 * Whether an approval may be used under this policy: above the policy percent (an
 * approval at or below it changes nothing and would only hide a mistake) and at most
 * the policy's ceiling with approval.
 */
export function checkQuotaApproval(approval: QuotaApproval, p: EvaluationPolicy): Parsed<QuotaApproval> {
  const base = p.excellentQuotaPercent;
  const ceiling = quotaWithApprovalPercent(p);
  if (approval.percent > ceiling) {
    return fail(`quotaApproval.percent ${approval.percent} is above ${ceiling}%, the most an approval may raise the 优秀 quota to`);
  }
  if (approval.percent <= base) {
    return fail(`quotaApproval.percent ${approval.percent} is not above the quota without approval (${base}%): leave quotaApproval out`);
  }
  return ok(approval);
}

/**
 * 优秀 ≤ the policy percent of those assessed, counted per unit of assessment, or ≤ the
 * approved percent when the unit has an approval (checked by checkQuotaApproval).
 */
export function checkExcellentQuota(
  unitId: string,
  assessedCount: number,
  excellentCount: number,
  p: EvaluationPolicy,
  approval?: QuotaApproval,
): Checked<QuotaStanding, OverQuota> {
  requireCount(excellentCount, 'excellent count');
  const percent = approval?.percent ?? p.excellentQuotaPercent;
  const allowed = excellentQuota(assessedCount, percent);
  if (excellentCount > assessedCount) {
    throw new EvaluationInputError(`${excellentCount} 优秀 among ${assessedCount} assessed in ${unitId}`);
  }
  if (excellentCount > allowed) {
    const ceiling = quotaWithApprovalPercent(p);
    const raised = approval === undefined && ceiling > percent ? excellentQuota(assessedCount, ceiling) : allowed;
    const refusal: OverQuota = {
      kind: 'over-quota',
      unitId,
      assessed: assessedCount,
      percent,
      allowed,
      proposed: excellentCount,
      over: excellentCount - allowed,
      ...(approval ? { approval } : {}),
      ...(raised > allowed ? { withApproval: { percent: ceiling, allowed: raised } } : {}),
    };
    return refuse(refusal, overQuotaMessage(refusal));
  }
  return { ok: true, value: { unitId, assessed: assessedCount, percent, allowed, excellent: excellentCount } };
}

export interface AssessmentUnit {
  unitId: string;
  kind: UnitKind;
}

export interface GradeChange {
  personId: string;
  grade: Grade;
}

export type GradeProposalRefusal =
  | OverQuota
  | { kind: 'not-assessed-here'; unitId: string; personId: string }
  | { kind: 'duplicate-change'; personId: string };

/**
 * A review (复核) or a committee revision changes some grades of a unit. Raising
 * anyone to 优秀 re-checks the unit's quota on the grades as they would stand;
 * lowering never does, so a unit can always correct an over-quota list downwards.
 * `currentGrades` holds everyone assessed in the unit.
 */
export function checkGradeProposal(
  unit: AssessmentUnit,
  currentGrades: ReadonlyMap<string, Grade>,
  proposedChanges: readonly GradeChange[],
  p: EvaluationPolicy,
  /** The approval the committee graded the unit under, if any: it stays the unit's ceiling. */
  approval?: QuotaApproval,
): Checked<ReadonlyMap<string, Grade>, GradeProposalRefusal> {
  const next = new Map(currentGrades);
  const seen = new Set<string>();
  let raisesToExcellent = false;
  for (const change of proposedChanges) {
    const current = currentGrades.get(change.personId);
    if (current === undefined) {
      return refuse(
        { kind: 'not-assessed-here', unitId: unit.unitId, personId: change.personId },
        `${change.personId} was not assessed in ${unit.unitId}`,
      );
    }
    if (seen.has(change.personId)) {
      return refuse({ kind: 'duplicate-change', personId: change.personId }, `${change.personId} appears twice in the proposal`);
    }
    seen.add(change.personId);
    if (change.grade === 'excellent' && current !== 'excellent') raisesToExcellent = true;
    next.set(change.personId, change.grade);
  }
  if (raisesToExcellent) {
    const excellent = [...next.values()].filter((g) => g === 'excellent').length;
    const quota = checkExcellentQuota(unit.unitId, next.size, excellent, p, approval);
    if (!quota.ok) {
      // An approval comes with the committee's grades, never with a review: no hint at one.
      const { withApproval: _hint, ...refusal } = quota.refusal;
      return refuse(refusal, overQuotaMessage(refusal));
    }
  }
  return { ok: true, value: next };
}

// ---- consequences ---------------------------------------------------------------

export interface GradeRecord {
  year: number;
  grade: Grade;
}

/** 不称职 votes and ballots cast at the latest democratic rating. */
export interface FailVotes {
  fail: number;
  cast: number;
}

export type Consequence =
  /** 连续两年不称职 → removal procedure. */
  | { kind: 'removal'; years: readonly [number, number] }
  /** 诫勉: fail votes reached the policy share. */
  | { kind: 'warning'; fail: number; cast: number };

/**
 * What the record calls for now. Removal looks at the latest year and the one
 * before it only: an old pair of bad years was acted on when it happened, and a
 * missing year (not assessed) breaks the run.
 */
export function consequences(
  history: readonly GradeRecord[],
  latestRating: FailVotes | null,
  p: EvaluationPolicy,
): Consequence[] {
  const byYear = new Map<number, Grade>();
  for (const { year, grade } of history) {
    if (!Number.isSafeInteger(year)) throw new EvaluationInputError(`not a year: ${year}`);
    if (byYear.has(year)) throw new EvaluationInputError(`two grades for ${year}`);
    byYear.set(year, grade);
  }
  const out: Consequence[] = [];
  if (byYear.size > 0) {
    const latest = Math.max(...byYear.keys());
    if (byYear.get(latest) === 'not-competent' && byYear.get(latest - 1) === 'not-competent') {
      out.push({ kind: 'removal', years: [latest - 1, latest] });
    }
  }
  if (latestRating !== null && latestRating.cast > 0) {
    if (meetsFraction(latestRating.fail, latestRating.cast, p.warningFailShare, p.warningFailShare.mode)) {
      out.push({ kind: 'warning', fail: latestRating.fail, cast: latestRating.cast });
    }
  }
  return out;
}

export function describeConsequence(c: Consequence): string {
  switch (c.kind) {
    case 'removal':
      return `not competent in ${c.years[0]} and ${c.years[1]} (连续两年不称职): start the removal procedure`;
    case 'warning':
      return `${c.fail} of ${c.cast} votes were not competent: a warning case (诫勉) is due`;
    default: {
      const never: never = c;
      throw new EvaluationInputError(`unknown consequence ${JSON.stringify(never)}`);
    }
  }
}

// ---- review (复核) and appeal (申诉) -----------------------------------------------

/** Both ends inclusive. */
export interface DateWindow {
  opensOn: string;
  closesOn: string;
}

export type WindowStatus = 'not-yet-open' | 'open' | 'closed';

export function windowStatus(w: DateWindow, today: string): WindowStatus {
  if (compareDates(today, w.opensOn) < 0) return 'not-yet-open';
  return compareDates(today, w.closesOn) <= 0 ? 'open' : 'closed';
}

/**
 * "Within 30 days of notification": the day of notification does not count
 * (期间开始的当日不计入), so the 30th day after it is the last. Calendar days only;
 * a last day on a holiday is not moved.
 */
export function reviewRequestWindow(notifiedOn: string, p: EvaluationPolicy): DateWindow {
  return { opensOn: notifiedOn, closesOn: addDays(notifiedOn, p.reviewRequestDays) };
}

export function canRequestReview(notifiedOn: string, today: string, p: EvaluationPolicy): boolean {
  return windowStatus(reviewRequestWindow(notifiedOn, p), today) === 'open';
}

/** The last day the review body may decide. */
export function reviewDecisionDueOn(requestedOn: string, p: EvaluationPolicy): string {
  return addDays(requestedOn, p.reviewDecisionDays);
}

export function isReviewDecisionOverdue(requestedOn: string, today: string, p: EvaluationPolicy): boolean {
  return compareDates(today, reviewDecisionDueOn(requestedOn, p)) > 0;
}

/** Counted from the day the review decision is received, like the request window. */
export function appealWindow(reviewDecidedOn: string, p: EvaluationPolicy): DateWindow {
  return { opensOn: reviewDecidedOn, closesOn: addDays(reviewDecidedOn, p.appealDays) };
}

export function canAppeal(reviewDecidedOn: string, today: string, p: EvaluationPolicy): boolean {
  return windowStatus(appealWindow(reviewDecidedOn, p), today) === 'open';
}

/**
 * The last day the appeal may be decided. The policy names no term of its own for an
 * appeal, so the review's (`reviewDecisionDays`) is used, counted from the filing.
 */
export function appealDecisionDueOn(filedOn: string, p: EvaluationPolicy): string {
  return addDays(filedOn, p.reviewDecisionDays);
}

export type ReviewDecision =
  | { outcome: 'upheld'; reason: string }
  | { outcome: 'changed'; grade: Grade; reason: string };

export type ReviewStatus =
  | { stage: 'none' }
  | { stage: 'review-requested'; requestedOn: string }
  | { stage: 'review-decided'; decidedOn: string; review: ReviewDecision }
  | { stage: 'appeal-filed'; filedOn: string; review: ReviewDecision }
  | { stage: 'appeal-decided'; review: ReviewDecision; appeal: ReviewDecision };

function after(grade: Grade, d: ReviewDecision): Grade {
  switch (d.outcome) {
    case 'upheld':
      return grade;
    case 'changed':
      return d.grade;
    default: {
      const never: never = d;
      throw new EvaluationInputError(`unknown review outcome ${JSON.stringify(never)}`);
    }
  }
}

/** The grade in force: the fixed grade stands while a review or appeal is pending. */
export function standingGrade(fixed: Grade, status: ReviewStatus): Grade {
  switch (status.stage) {
    case 'none':
    case 'review-requested':
      return fixed;
    case 'review-decided':
    case 'appeal-filed':
      return after(fixed, status.review);
    case 'appeal-decided':
      return after(after(fixed, status.review), status.appeal);
    default: {
      const never: never = status;
      throw new EvaluationInputError(`unknown review stage ${JSON.stringify(never)}`);
    }
  }
}

/** A change must change something; an unchanged grade is 'upheld'. */
export function checkReviewDecision(d: ReviewDecision, current: Grade): Parsed<ReviewDecision> {
  if (d.outcome === 'changed' && d.grade === current) {
    return fail(`the grade is already ${d.grade}: record the review as upheld`);
  }
  return ok(d);
}

// ---- decisions people enter ------------------------------------------------------

const gradeField = (field: string) => (v: unknown) => oneOf(v, field, GRADES);

/**
 * A score as entered, in points with at most two decimals, as hundredths. A string
 * is refused: "85,5" and "85.5" would have to be guessed at.
 */
export function points(raw: unknown, field: string, maxPoints = 100): Parsed<number> {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return fail(`${field} must be a number of points, got ${JSON.stringify(raw)}`);
  if (raw < 0 || raw > maxPoints) return fail(`${field} must be from 0 to ${maxPoints} points, got ${raw}`);
  try {
    return ok(pointsToHundredths(raw));
  } catch {
    return fail(`${field} has at most two decimals, got ${raw}`);
  }
}

/** 个人总结 / 述职. */
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
