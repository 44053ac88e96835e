/**
 * Rules of an evaluation round (年度考核 of a county or of some townships), pure: the
 * business ids that make a second start harmless, the units whose 优秀 quota a grade
 * counts against, the committee's decision over a whole unit, and the shapes of the
 * decisions only the round's workflow asks for. The grade rules themselves are in their
 * own files: domain/excellentQuota.ts, domain/democraticRating.ts, domain/quantifiedScore.ts,
 * domain/starRating.ts, domain/evaluationReview.ts.
 */
import { addDays, compareDates, workingDaysBetween } from './calendar';
import { fail, isRecord, ok, oneOf, onlyKeys, recordedDay, text, trimText, type DecisionParser, type Parsed } from './decisions';
import type { Checked } from './checked';
import { VILLAGE_RATING_QUORUM } from './democraticRating';
import { parseCommitteeGrade, parseScoreSheet } from './evaluationForms';
import type { EvaluationPolicy } from './evaluationInput';
import { checkExcellentQuota, checkQuotaApproval, type AssessmentUnit, type OverQuota, type QuotaApproval } from './excellentQuota';
import { GRADES, type Grade } from './grades';
import type { ScoreSheet } from './quantifiedScore';
import { DEFAULT_STAR_BANDS, type StarBands } from './starRating';
import type { Threshold } from './fraction';
import type { Policy } from './policy';

// ---- ids -------------------------------------------------------------------------

export const COUNTY_SCOPE = 'county';

/**
 * The scope part of a round's id: `county`, or the townships sorted and joined with
 * `+`, so `--township ts-05 --township ts-03` and the reverse name one round.
 */
export function roundScope(townshipIds: readonly string[] | null): string {
  if (townshipIds === null || townshipIds.length === 0) return COUNTY_SCOPE;
  return [...new Set(townshipIds)].sort().join('+');
}

export function roundWorkflowId(year: number, scope: string): string {
  return `evaluation-round/${year}/${scope}`;
}

/**
 * At most this many cadres' cases hang under one part of a round. Temporal refuses a
 * workflow more than 2,000 pending children (`limit.numPendingChildExecutions.error`), and
 * each case adds about ten events to the history of the workflow that started it; 500 keeps
 * a part well inside both, whatever the size of the county.
 */
export const CASES_PER_PART = 500;

/** The workflow that starts and holds the `index`th part (from 1) of a round's cases. */
export function roundPartWorkflowId(roundId: string, index: number): string {
  return `${roundId}/part-${index}`;
}

/** Cuts a round's cadres, in order, into parts of at most `size` (a unit may span two parts). */
export function splitIntoParts<T>(cadres: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`a part holds at least one case, not ${size}`);
  const parts: T[][] = [];
  for (let i = 0; i < cadres.length; i += size) parts.push(cadres.slice(i, i + size));
  return parts;
}

/** One case per cadre per year, whichever round starts it: nobody is assessed twice for a year. */
export function evaluationWorkflowId(year: number, personId: string): string {
  return `evaluation/${year}/${personId}`;
}

/**
 * The year a round assesses when it starts on `today`: the year itself from July on
 * (a round normally opens in December), the year before in the first half, when a
 * round opened in January still assesses the year just ended.
 */
export function evaluationYearFor(today: string): number {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month >= 7 ? year : year - 1;
}

/**
 * Whether a round may assess `year` when started on `today` (a day in Asia/Shanghai):
 * not a year that has not begun — a mistyped `--year 2027` in December 2026 would open
 * a case per cadre for work not yet done — unless the policy allows it
 * (`evaluation.allowRoundsForFutureYears`). The yearly Schedule's year,
 * `evaluationYearFor(today)`, never is one.
 */
export function checkRoundYear(year: number, today: string, p: Policy['evaluation']): Parsed<number> {
  const current = Number(today.slice(0, 4));
  // Read as optional: a policy recorded before the setting existed never allowed it.
  if (year > current && (p as Partial<Policy['evaluation']>).allowRoundsForFutureYears !== true) {
    return fail(
      `${year}年尚未开始，不能启动该年度考核 / the year ${year} has not begun (today is ${today}): ` +
        'a round assesses a year that has begun, unless the policy sets evaluation.allowRoundsForFutureYears',
    );
  }
  return ok(year);
}

// ---- units of assessment -----------------------------------------------------------

export type CadreKind = 'organ' | 'village';

/**
 * A township's own cadres are one unit, its village cadres another. A village alone
 * (three or four cadres) would allow no 优秀 at all at 20%, which is why villages'
 * cadres are assessed together by their township.
 */
export function assessmentUnitId(townshipId: string, kind: CadreKind): string {
  return `${townshipId}/${kind === 'organ' ? 'township' : 'villages'}`;
}

// ---- scoring rules from the policy -----------------------------------------------------

export interface ScoringRules {
  /** The most bonus (加分) a score counts, in hundredths of a point. */
  bonusCap: number;
  starBands: StarBands;
  /** Attendance the rating meeting needs (村民代表会议 > 2/3). */
  ratingQuorum: Threshold;
}

/**
 * The policy's scoring rules. A case started under a policy that did not carry them yet
 * (its input is the policy as it was) uses the values that policy's code had built in,
 * which are also today's defaults, so its replay decides as it did.
 */
export function scoringRules(policy: Policy): ScoringRules {
  const e = policy.evaluation as Partial<Policy['evaluation']>;
  return {
    bonusCap: (e.bonusCapPoints ?? 5) * 100,
    starBands: e.starBands ?? DEFAULT_STAR_BANDS,
    ratingQuorum: e.ratingQuorum ?? VILLAGE_RATING_QUORUM,
  };
}

// ---- the committee's grades for a unit ------------------------------------------------

/** What the round knows of a cadre when the committee grades the unit. */
export interface UnitMember {
  personId: string;
  village: boolean;
  /** Village cadres: what the democratic rating alone proposes. */
  voteProposal: 'excellent' | 'not-competent' | null;
  recommended: Grade;
}

export interface GradeEntry {
  grade: Grade;
  reason: string;
}

export interface UnitGradesDecision {
  grades: Record<string, GradeEntry>;
  /** The day the committee met, when its grades are recorded afterwards. */
  gradedOn?: string;
  /** The day the unit's 优秀 notice was posted, when it was posted before it is recorded. */
  noticePostedOn?: string;
  /** An approval raising the unit's 优秀 quota; held to the policy by checkUnitGrades. */
  quotaApproval?: QuotaApproval;
}

/**
 * `{ percent, reference, approvedOn? }`: the shape only. Whether the percent may be used
 * is the policy's (checkQuotaApproval), and whether the day is not after today is
 * checkQuotaApprovalDay's, given today (the web form's, the round's workflow clock).
 */
function parseQuotaApproval(raw: unknown): Parsed<QuotaApproval> {
  if (!isRecord(raw)) return fail('quotaApproval must be an object { percent, reference, approvedOn? }');
  const extra = onlyKeys(raw, ['percent', 'reference', 'approvedOn']);
  if (extra) return fail(`quotaApproval: ${extra}`);
  const { percent } = raw;
  if (typeof percent !== 'number' || !Number.isSafeInteger(percent) || percent < 1 || percent > 100) {
    return fail(`quotaApproval.percent must be a whole percentage from 1 to 100, got ${JSON.stringify(percent)}`);
  }
  const reference = text(raw.reference, 'quotaApproval.reference', { required: true, max: 200 });
  if (!reference.ok) return reference;
  // A reference of spaces names no document.
  if (reference.value === '') return fail('quotaApproval.reference is required');
  const approvedOn = recordedDay(raw.approvedOn, 'quotaApproval.approvedOn');
  if (!approvedOn.ok) return approvedOn;
  return ok({ percent, reference: reference.value, ...(approvedOn.value !== undefined ? { approvedOn: approvedOn.value } : {}) });
}

/**
 * `{ grades: { "p-0001": "competent", "p-0002": { "grade": "not-competent", "reason": "…" } } }`:
 * a grade alone, or a grade with its reason (required for 不称职). A committee that met
 * (and posted its 优秀 notice) before the grades are keyed in says when, so the notice
 * and the review window count from the real days.
 */
export const parseUnitGrades: DecisionParser<UnitGradesDecision> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['grades', 'gradedOn', 'noticePostedOn', 'quotaApproval']);
  if (extra) return fail(extra);
  if (!isRecord(raw.grades)) return fail('grades must be an object of person id → grade');
  const out: Record<string, GradeEntry> = {};
  for (const [personId, value] of Object.entries(raw.grades)) {
    const entry = parseCommitteeGrade(typeof value === 'string' ? { grade: value } : value);
    if (!entry.ok) return fail(`grades.${personId}: ${entry.error}`);
    out[personId] = entry.value;
  }
  const gradedOn = recordedDay(raw.gradedOn, 'gradedOn');
  if (!gradedOn.ok) return gradedOn;
  const posted = recordedDay(raw.noticePostedOn, 'noticePostedOn');
  if (!posted.ok) return posted;
  // A notice says when it went up only beside the meeting it follows: without gradedOn
  // the grades are today's, and a notice cannot precede them.
  if (posted.value !== undefined && gradedOn.value === undefined)
    return fail("noticePostedOn needs gradedOn: the 优秀 notice follows the committee's grades");
  if (gradedOn.value !== undefined && posted.value !== undefined && compareDates(posted.value, gradedOn.value) < 0) {
    return fail(`noticePostedOn ${posted.value} is before gradedOn ${gradedOn.value}: the notice follows the grades`);
  }
  let approval: QuotaApproval | undefined;
  if (raw.quotaApproval !== undefined && raw.quotaApproval !== null) {
    const parsed = parseQuotaApproval(raw.quotaApproval);
    if (!parsed.ok) return parsed;
    approval = parsed.value;
    // The committee may exceed the policy percent only once it has the approval.
    const approvedOn = approval.approvedOn;
    if (approvedOn !== undefined && gradedOn.value !== undefined && compareDates(approvedOn, gradedOn.value) > 0) {
      return fail(
        `quotaApproval.approvedOn ${approvedOn} is after gradedOn ${gradedOn.value}: the approval comes before the grades it allows`,
      );
    }
  }
  return ok({
    grades: out,
    ...(gradedOn.value !== undefined ? { gradedOn: gradedOn.value } : {}),
    ...(posted.value !== undefined ? { noticePostedOn: posted.value } : {}),
    ...(approval !== undefined ? { quotaApproval: approval } : {}),
  });
};

/** An approval dated after `today` is a typo: the web form and the round's validator refuse it. */
export function checkQuotaApprovalDay(d: UnitGradesDecision, today: string): Parsed<UnitGradesDecision> {
  const on = d.quotaApproval?.approvedOn;
  if (on !== undefined && compareDates(on, today) > 0) return fail(`quotaApproval.approvedOn ${on} is after today (${today})`);
  return ok(d);
}

/**
 * Village practice (rateVillageCadre): ≥ 90% competent votes propose 优秀, ≥ 50% 不称职
 * votes make the grade 不称职, and a vote that settles nothing leaves 称职 or 基本称职.
 * A proposed 优秀 may still end lower, because the quota may not allow it.
 */
export function checkVillageGrade(proposal: UnitMember['voteProposal'], grade: Grade): Parsed<Grade> {
  switch (proposal) {
    case 'not-competent':
      return grade === 'not-competent'
        ? ok(grade)
        : fail(`half or more of the votes were not competent: the grade must be not-competent, not ${grade}`);
    case 'excellent':
      return grade === 'not-competent'
        ? fail('90% or more of the votes were competent or better: the grade cannot be not-competent')
        : ok(grade);
    case null:
      return grade === 'competent' || grade === 'basically-competent'
        ? ok(grade)
        : fail(`the vote proposes neither excellent nor not-competent: the grade must be competent or basically-competent, not ${grade}`);
    default: {
      const never: never = proposal;
      return fail(`unknown vote proposal ${String(never)}`);
    }
  }
}

export type UnitGradesRefusal =
  | OverQuota
  | { kind: 'quota-approval'; unitId: string }
  | { kind: 'coverage'; unitId: string; missing: string[]; unknown: string[] }
  | { kind: 'vote-rule'; personId: string };

export interface UnitGrading {
  grades: Map<string, GradeEntry>;
  standing: { assessed: number; percent: number; allowed: number; excellent: number };
}

/**
 * The committee grades a unit as a whole: everyone assessed in it exactly once, each
 * village cadre within what the vote allows, and 优秀 within the quota — the policy's,
 * or the one an approval raised it to, if the policy allows that approval.
 */
export function checkUnitGrades(
  unit: AssessmentUnit,
  members: readonly UnitMember[],
  grades: Readonly<Record<string, GradeEntry>>,
  p: EvaluationPolicy,
  approval?: QuotaApproval,
): Checked<UnitGrading, UnitGradesRefusal> {
  if (approval !== undefined) {
    const usable = checkQuotaApproval(approval, p);
    if (!usable.ok)
      return { ok: false, error: `${unit.unitId}: ${usable.error}`, refusal: { kind: 'quota-approval', unitId: unit.unitId } };
  }
  const known = new Set(members.map((m) => m.personId));
  const missing = members.map((m) => m.personId).filter((id) => !(id in grades));
  const unknown = Object.keys(grades).filter((id) => !known.has(id));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [
      missing.length > 0 ? `no grade for ${missing.length}: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}` : '',
      unknown.length > 0 ? `not assessed in ${unit.unitId}: ${unknown.join(', ')}` : '',
    ].filter((s) => s !== '');
    return {
      ok: false,
      error: `${unit.unitId}: every cadre of the unit is graded at once; ${parts.join('; ')}`,
      refusal: { kind: 'coverage', unitId: unit.unitId, missing, unknown },
    };
  }
  for (const m of members) {
    if (!m.village) continue;
    const checked = checkVillageGrade(m.voteProposal, grades[m.personId]!.grade);
    if (!checked.ok) return { ok: false, error: `${m.personId}: ${checked.error}`, refusal: { kind: 'vote-rule', personId: m.personId } };
  }
  const excellent = members.filter((m) => grades[m.personId]!.grade === 'excellent').length;
  const quota = checkExcellentQuota(unit.unitId, members.length, excellent, p, approval);
  if (!quota.ok) return quota;
  return {
    ok: true,
    value: {
      grades: new Map(members.map((m) => [m.personId, grades[m.personId]!])),
      standing: { assessed: quota.value.assessed, percent: quota.value.percent, allowed: quota.value.allowed, excellent },
    },
  };
}

export function gradeDistribution(grades: Iterable<Grade>): Record<Grade, number> {
  const out = Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<Grade, number>;
  for (const g of grades) out[g] += 1;
  return out;
}

// ---- decisions only the evaluation asks for ----------------------------------------------

export interface ScoreDecision {
  sheet: ScoreSheet;
  /** 负面清单 items found this year; each lowers a village cadre's stars by one. */
  negatives: string[];
}

/** The score sheet in points, and the negative-list items (optional). */
export const parseScoreDecision: DecisionParser<ScoreDecision> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const { negatives, ...sheetFields } = raw;
  const sheet = parseScoreSheet(sheetFields);
  if (!sheet.ok) return sheet;
  if (negatives === undefined) return ok({ sheet: sheet.value, negatives: [] });
  const list = typeof negatives === 'string' ? negatives.split(/[,，;；]/) : negatives;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) return fail('negatives must be a list of negative-list items');
  const items = (list as string[]).map(trimText).filter((s) => s !== '');
  if (items.some((s) => s.length > 200)) return fail('a negative-list item is longer than 200 characters');
  return ok({ sheet: sheet.value, negatives: items });
};

export const NOTIFICATION_METHODS = ['in-person', 'post', 'electronic'] as const;

export interface NotificationDecision {
  method: (typeof NOTIFICATION_METHODS)[number];
  note: string;
  /** The day the cadre received it, when it is recorded afterwards: the review window counts from it. */
  notifiedOn?: string;
}

/** 书面通知: how the written notice reached the cadre, and when if not today. */
export const parseNotification: DecisionParser<NotificationDecision> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['method', 'note', 'notifiedOn']);
  if (extra) return fail(extra);
  const method = oneOf(raw.method, 'method', NOTIFICATION_METHODS);
  if (!method.ok) return method;
  const note = text(raw.note, 'note', { required: false });
  if (!note.ok) return note;
  const notifiedOn = recordedDay(raw.notifiedOn, 'notifiedOn');
  if (!notifiedOn.ok) return notifiedOn;
  return ok({ method: method.value, note: note.value, ...(notifiedOn.value !== undefined ? { notifiedOn: notifiedOn.value } : {}) });
};

/**
 * A notification dated before today must not predate the day its grade could first be
 * told: the committee's meeting, or the close of the 优秀 notice. `notBefore` is unknown
 * only in a case whose grade was fixed before grades carried their day.
 */
export function checkNotifiedOn(d: NotificationDecision, notBefore: string | undefined): Parsed<NotificationDecision> {
  if (d.notifiedOn === undefined) return ok(d);
  if (notBefore === undefined)
    return fail("notifiedOn: this case's grade carries no day to count from, so its notification cannot be dated; leave notifiedOn out");
  if (compareDates(d.notifiedOn, notBefore) < 0)
    return fail(`notifiedOn ${d.notifiedOn} is before ${notBefore}, the first day the grade could be notified`);
  return ok(d);
}

/** A grade the committee gives in place of a 优秀 that an upheld objection struck out. */
export function checkRegrade(value: GradeEntry): Parsed<GradeEntry> {
  return value.grade === 'excellent' ? fail('an upheld objection to the 优秀 notice rules out excellent: give another grade') : ok(value);
}

// ---- calendar deadlines on working-day tasks ------------------------------------------

/**
 * Working days a task opened on `today` gets so that it is due on `lastDay` (a
 * calendar-day limit such as "decided within 30 days"), or on the last working day
 * before it when that day is off: the office decides in office hours. At least 1.
 */
export function workingDaysUntil(today: string, lastDay: string): number {
  return Math.max(1, workingDaysBetween(today, lastDay));
}

/** The day after the last day of a window: waits end at its first instant. */
export function dayAfter(lastDay: string): string {
  return addDays(lastDay, 1);
}
