/**
 * 后进/软弱涣散党组织整顿 rules (docs/domain.md §4), pure: which branches qualify for
 * rectification (排查), how an acceptance inspection (验收) ends, and when progress
 * reports fall due. The clock is the `today` / `inspectedOn` date the workflow
 * passes in, and the policy is the one the case started under.
 */
import { addMonths, addWorkingDays, compareDates } from './calendar';
import {
  calendarDay,
  count,
  fail,
  isRecord,
  ok,
  oneOf,
  onlyKeys,
  record,
  recordedDay,
  text,
  type DecisionParser,
  type Parsed,
} from './decisions';
import type { Checked } from './checked';
import { formatHundredths, points, pointsToHundredths } from './points';
import { meetsFraction } from './fraction';
import type { Policy } from './policy';

/** 四个一: who stands behind the branch while it is rectified. */
export interface SupportTeam {
  /** 县级领导联系 */
  countyLeader: string;
  /** 乡镇领导包村 */
  townshipLeader: string;
  /** 第一书记 */
  firstSecretary: string;
  /** 结对帮扶单位 */
  partnerAgency: string;
}

/** One line of 一村一策: what is done, by whom, by when. */
export interface PlanMeasure {
  measure: string;
  responsible: string;
  deadline: string;
}

export type RectificationPolicy = Policy['rectification'];

/** An input no parser lets through (a rank of 0, a floor above the pass mark): the caller's bug. */
export class RectificationInputError extends RangeError {
  override readonly name = 'RectificationInputError';
}

function requireCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RectificationInputError(`${what} must be a whole number ≥ 0, got ${n}`);
}

// ---- screening (排查) -------------------------------------------------------------

/** What the self-check, township re-check and county verification establish about a branch. */
export interface BranchFacts {
  branchId: string;
  /** The day the secretary post fell vacant; null while it is filled. */
  secretaryVacantSince: string | null;
  /** Place in the annual ranking (1 = top); null when the branch was not ranked. */
  annualRanking: { position: number; of: number } | null;
  /** Public satisfaction survey (群众满意度); null when none was held. */
  satisfaction: { satisfied: number; surveyed: number } | null;
  /**
   * The last day a development target (发展对象) was fixed, or the day the branch
   * was founded if it never fixed one: a branch founded last month has not gone
   * two years without one.
   */
  lastDevelopmentTargetOn: string;
}

/** Facts a county supplies per branch (self-check, township re-check), over what the registry holds. */
export type SuppliedFacts = Record<string, Partial<Omit<BranchFacts, 'branchId'>>>;

const SUPPLIED_FACT_FIELDS = ['secretaryVacantSince', 'annualRanking', 'satisfaction', 'lastDevelopmentTargetOn'] as const;

/** `{ <a>: count, <b>: count }` or null, as a supplied fact is written. */
function countPair<A extends string, B extends string>(raw: unknown, field: string, a: A, b: B): Parsed<{ [K in A | B]: number } | null> {
  if (raw === null) return ok(null);
  if (!isRecord(raw) || onlyKeys(raw, [a, b])) return fail(`${field} must be { ${a}, ${b} }, got ${JSON.stringify(raw)}`);
  const first = count(raw[a], `${field}.${a}`);
  if (!first.ok) return first;
  const second = count(raw[b], `${field}.${b}`);
  if (!second.ok) return second;
  return ok({ [a]: first.value, [b]: second.value } as { [K in A | B]: number });
}

/**
 * `{ "<branch>": { secretaryVacantSince?, annualRanking?, satisfaction?, lastDevelopmentTargetOn? } }`,
 * every fact checked as screening will read it, so a wrong file is refused by name and
 * field before anything is screened. `null` says the fact is known to be absent (the
 * post is filled, the branch was not ranked, no survey was held).
 */
export function parseSuppliedFacts(raw: unknown): Parsed<SuppliedFacts> {
  if (!isRecord(raw)) return fail('expected an object of branch id → facts');
  const out: SuppliedFacts = {};
  for (const [branchId, facts] of Object.entries(raw)) {
    const at = (error: string) => fail<SuppliedFacts>(`${branchId}: ${error}`);
    if (!isRecord(facts)) return at('expected an object of facts');
    const extra = onlyKeys(facts, SUPPLIED_FACT_FIELDS);
    if (extra) return at(extra);
    const branch: SuppliedFacts[string] = {};
    if (facts.secretaryVacantSince !== undefined) {
      if (facts.secretaryVacantSince === null) branch.secretaryVacantSince = null;
      else {
        const day = calendarDay(facts.secretaryVacantSince, 'secretaryVacantSince');
        if (!day.ok) return at(day.error);
        branch.secretaryVacantSince = day.value;
      }
    }
    if (facts.lastDevelopmentTargetOn !== undefined) {
      const day = calendarDay(facts.lastDevelopmentTargetOn, 'lastDevelopmentTargetOn');
      if (!day.ok) return at(day.error);
      branch.lastDevelopmentTargetOn = day.value;
    }
    if (facts.annualRanking !== undefined) {
      const r = countPair(facts.annualRanking, 'annualRanking', 'position', 'of');
      if (!r.ok) return at(r.error);
      if (r.value !== null && (r.value.position < 1 || r.value.position > r.value.of)) {
        return at(`annualRanking: place ${r.value.position} of ${r.value.of} is not a place in the ranking`);
      }
      branch.annualRanking = r.value;
    }
    if (facts.satisfaction !== undefined) {
      const v = countPair(facts.satisfaction, 'satisfaction', 'satisfied', 'surveyed');
      if (!v.ok) return at(v.error);
      if (v.value !== null && v.value.satisfied > v.value.surveyed) {
        return at(`satisfaction: ${v.value.satisfied} satisfied of ${v.value.surveyed} surveyed is more than were asked`);
      }
      branch.satisfaction = v.value;
    }
    out[branchId] = branch;
  }
  return ok(out);
}

export type ScreeningReason =
  /** 书记空缺 */
  | { kind: 'secretary-vacant'; since: string; months: number }
  /** 年度排名末位 */
  | { kind: 'bottom-of-ranking'; position: number; of: number; bottomPlaces: number }
  /** 群众满意度低 */
  | { kind: 'low-satisfaction'; satisfied: number; surveyed: number; minPercent: number }
  /** 连续两年未确定发展对象 */
  | { kind: 'no-development-target'; since: string; years: number };

/** "Vacant more than 3 months": on the day exactly 3 months on, not yet. */
export function isSecretaryVacantTooLong(vacantSince: string | null, today: string, months: number): boolean {
  if (vacantSince === null) return false;
  return compareDates(today, addMonths(vacantSince, months)) > 0;
}

export function isBottomOfRanking(ranking: { position: number; of: number } | null, bottomPlaces: number): boolean {
  if (ranking === null) return false;
  requireCount(bottomPlaces, 'bottom places');
  if (!Number.isSafeInteger(ranking.position) || ranking.position < 1 || ranking.position > ranking.of) {
    throw new RectificationInputError(`rank ${ranking.position} of ${ranking.of} is not a place in the ranking`);
  }
  return ranking.position > ranking.of - bottomPlaces;
}

/** "Below 60%": exactly 60% is not low. A survey of nobody says nothing. */
export function isSatisfactionTooLow(satisfaction: { satisfied: number; surveyed: number } | null, minPercent: number): boolean {
  if (satisfaction === null || satisfaction.surveyed === 0) return false;
  return !meetsFraction(satisfaction.satisfied, satisfaction.surveyed, { num: minPercent, den: 100 }, 'at-least');
}

/** "No development target for ≥ 2 years": on the second anniversary, it qualifies. */
export function hasNoDevelopmentTarget(lastDevelopmentTargetOn: string, today: string, years: number): boolean {
  requireCount(years, 'years');
  return compareDates(today, addMonths(lastDevelopmentTargetOn, years * 12)) >= 0;
}

/** Every reason the branch qualifies for the list; empty when it does not. */
export function screenBranch(facts: BranchFacts, today: string, p: RectificationPolicy): ScreeningReason[] {
  const opts = { bottomPlaces: p.screeningBottomPlaces, developmentGapYears: p.screeningDevelopmentGapYears };
  const reasons: ScreeningReason[] = [];
  if (facts.secretaryVacantSince !== null && isSecretaryVacantTooLong(facts.secretaryVacantSince, today, p.secretaryVacantMonths)) {
    reasons.push({ kind: 'secretary-vacant', since: facts.secretaryVacantSince, months: p.secretaryVacantMonths });
  }
  if (facts.annualRanking !== null && isBottomOfRanking(facts.annualRanking, opts.bottomPlaces)) {
    reasons.push({ kind: 'bottom-of-ranking', ...facts.annualRanking, bottomPlaces: opts.bottomPlaces });
  }
  if (facts.satisfaction !== null && isSatisfactionTooLow(facts.satisfaction, p.minSatisfactionPercent)) {
    reasons.push({ kind: 'low-satisfaction', ...facts.satisfaction, minPercent: p.minSatisfactionPercent });
  }
  if (hasNoDevelopmentTarget(facts.lastDevelopmentTargetOn, today, opts.developmentGapYears)) {
    reasons.push({ kind: 'no-development-target', since: facts.lastDevelopmentTargetOn, years: opts.developmentGapYears });
  }
  return reasons;
}

export function describeScreeningReason(r: ScreeningReason): string {
  switch (r.kind) {
    case 'secretary-vacant':
      return `secretary post vacant since ${r.since}, more than ${r.months} months (书记空缺)`;
    case 'bottom-of-ranking':
      return `ranked ${r.position} of ${r.of}, in the last ${r.bottomPlaces} (排名末位)`;
    case 'low-satisfaction':
      return `${r.satisfied} of ${r.surveyed} surveyed satisfied, below ${r.minPercent}% (群众满意度低)`;
    case 'no-development-target':
      return `no development target since ${r.since}, ${r.years} years or more (未确定发展对象)`;
    default: {
      const never: never = r;
      throw new RectificationInputError(`unknown screening reason ${JSON.stringify(never)}`);
    }
  }
}

// ---- acceptance inspection (验收) ---------------------------------------------------

/** One vote per representative rating the rectification (民主测评). */
export interface SatisfactionVotes {
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
}

export interface Inspection {
  /** Hundredths of a point (see pointsToHundredths). */
  scoreHundredths: number;
  votes: SatisfactionVotes;
  /** What the team found besides the score; absent when nothing was written down. */
  findings?: InspectionFindings;
}

/**
 * The parts of the inspection (docs/domain.md §4.5) other than the score and the vote: the
 * branch's report, the interviews, the on-site check. Free text, each only when given,
 * so that the record says what the score rests on.
 */
export interface InspectionFindings {
  report?: string;
  interviews?: string;
  onSiteCheck?: string;
}

/**
 * Lower bound of 基本合格, in points, for a case started under a policy that did not yet
 * carry `basicPassFloor` (its input is the policy as it was): the value built in then.
 */
const BUILT_IN_BASIC_PASS_FLOOR = 60;

interface InspectionFacts {
  scoreHundredths: number;
  raters: number;
  dissatisfied: number;
}

export type InspectionOutcome =
  /**
   * 合格 → sign-off (销号), then follow-up. The follow-up runs from the sign-off, so
   * `followUpUntil` is only its end were the branch signed off the day of the inspection,
   * the earliest it can be; RectificationSignedOff carries the end the case waits for.
   * (Cases whose sign-off opened before the follow-up ran from it wait for this one.)
   */
  | (InspectionFacts & { result: 'pass'; followUpUntil: string })
  /** 基本合格 → consolidation (巩固提升) until the date, then inspected again. */
  | (InspectionFacts & { result: 'basic-pass'; consolidateUntil: string })
  /** 不合格 → rectify again (继续整顿) until it passes. */
  | (InspectionFacts & { result: 'fail'; because: 'dissatisfied' | 'score' });

export type InspectionRefusal = { kind: 'too-few-raters'; raters: number; minRaters: number };

/**
 * Too few raters and the inspection is not valid at all. Otherwise more than half
 * dissatisfied fails whatever the score: a branch the villagers reject has not
 * been put right, however well its paperwork scores. Then ≥ passScore passes and
 * [floor, passScore) is a basic pass.
 */
export function inspectionOutcome(
  inspection: Inspection,
  inspectedOn: string,
  p: RectificationPolicy,
): Checked<InspectionOutcome, InspectionRefusal> {
  const basicPassFloor = (p as Partial<RectificationPolicy>).basicPassFloor ?? BUILT_IN_BASIC_PASS_FLOOR;
  const { scoreHundredths, votes } = inspection;
  requireCount(scoreHundredths, 'score');
  requireCount(votes.satisfied, 'votes.satisfied');
  requireCount(votes.basicallySatisfied, 'votes.basicallySatisfied');
  requireCount(votes.dissatisfied, 'votes.dissatisfied');
  const pass = p.passScore * 100;
  const floor = pointsToHundredths(basicPassFloor);
  if (floor < 0 || floor > pass) {
    throw new RectificationInputError(`the basic-pass floor ${basicPassFloor} must lie from 0 to the pass score ${p.passScore}`);
  }
  const raters = votes.satisfied + votes.basicallySatisfied + votes.dissatisfied;
  if (raters < p.minRaters || raters === 0) {
    return {
      ok: false,
      error: `the inspection needs at least ${p.minRaters} representatives rating it, got ${raters}`,
      refusal: { kind: 'too-few-raters', raters, minRaters: p.minRaters },
    };
  }
  const facts: InspectionFacts = { scoreHundredths, raters, dissatisfied: votes.dissatisfied };
  if (meetsFraction(votes.dissatisfied, raters, p.dissatisfiedFailShare, p.dissatisfiedFailShare.mode)) {
    return { ok: true, value: { ...facts, result: 'fail', because: 'dissatisfied' } };
  }
  if (scoreHundredths >= pass) {
    return { ok: true, value: { ...facts, result: 'pass', followUpUntil: addMonths(inspectedOn, p.followUpMonths) } };
  }
  if (scoreHundredths >= floor) {
    return { ok: true, value: { ...facts, result: 'basic-pass', consolidateUntil: addMonths(inspectedOn, p.consolidationMonths) } };
  }
  return { ok: true, value: { ...facts, result: 'fail', because: 'score' } };
}

export function describeInspectionOutcome(o: InspectionOutcome): string {
  const score = `${formatHundredths(o.scoreHundredths)} points, ${o.dissatisfied} of ${o.raters} dissatisfied`;
  switch (o.result) {
    case 'pass':
      return `passed (合格, ${score}): sign off, follow up until ${o.followUpUntil}`;
    case 'basic-pass':
      return `basic pass (基本合格, ${score}): consolidate until ${o.consolidateUntil}, then inspect again`;
    case 'fail':
      return o.because === 'dissatisfied'
        ? `failed (不合格, ${score}): more than the allowed share dissatisfied; rectify again`
        : `failed (不合格, ${score}): score too low; rectify again`;
    default: {
      const never: never = o;
      throw new RectificationInputError(`unknown inspection result ${JSON.stringify(never)}`);
    }
  }
}

const parseSatisfactionVotes = record<SatisfactionVotes>({
  satisfied: (v) => count(v, 'votes.satisfied'),
  basicallySatisfied: (v) => count(v, 'votes.basicallySatisfied'),
  dissatisfied: (v) => count(v, 'votes.dissatisfied'),
});

/**
 * The inspection team's score (points, two decimals at most), the representatives' votes,
 * and optionally what the report, the interviews and the on-site check found.
 */
export const parseInspection: DecisionParser<Inspection> = (raw) => {
  const parsed = record<{ score: number; votes: SatisfactionVotes } & Record<keyof InspectionFindings, string>>({
    score: (v) => points(v, 'score'),
    votes: parseSatisfactionVotes,
    report: (v) => text(v, 'report', { required: false }),
    interviews: (v) => text(v, 'interviews', { required: false }),
    onSiteCheck: (v) => text(v, 'onSiteCheck', { required: false }),
  })(raw);
  if (!parsed.ok) return parsed;
  const { score, votes, ...given } = parsed.value;
  if (votes.satisfied + votes.basicallySatisfied + votes.dissatisfied === 0) return fail('votes: no votes were cast');
  const findings = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== '')) as InspectionFindings;
  return { ok: true, value: { scoreHundredths: score, votes, ...(Object.keys(findings).length > 0 ? { findings } : {}) } };
};

// ---- progress reports ---------------------------------------------------------------

export interface ProgressReportDue {
  /** 1 for the first report. */
  period: number;
  dueOn: string;
}

/**
 * Every `progressReportEveryMonths` from the start, up to and including `untilOn`.
 * Each date is counted from the start, not from the previous one, so a start on
 * the 31st gives the last day of short months without drifting to the 28th for good.
 */
export function progressReportSchedule(startOn: string, untilOn: string, p: RectificationPolicy): ProgressReportDue[] {
  const every = p.progressReportEveryMonths;
  if (!Number.isSafeInteger(every) || every < 1) throw new RectificationInputError(`report interval must be ≥ 1 month, got ${every}`);
  const out: ProgressReportDue[] = [];
  for (let period = 1; ; period += 1) {
    const dueOn = addMonths(startOn, period * every);
    if (compareDates(dueOn, untilOn) > 0) return out;
    out.push({ period, dueOn });
  }
}

export type ProgressReportStatus = 'filed' | 'filed-late' | 'pending' | 'overdue';

/** Filed on the due day is on time; unfiled, it is overdue from the day after. */
export function progressReportStatus(dueOn: string, filedOn: string | null, today: string): ProgressReportStatus {
  if (filedOn !== null) return compareDates(filedOn, dueOn) <= 0 ? 'filed' : 'filed-late';
  return compareDates(today, dueOn) > 0 ? 'overdue' : 'pending';
}

/** Late: not filed by its due date, whether filed since or not. */
export function isReportLate(dueOn: string, filedOn: string | null, today: string): boolean {
  const status = progressReportStatus(dueOn, filedOn, today);
  switch (status) {
    case 'filed':
    case 'pending':
      return false;
    case 'filed-late':
    case 'overdue':
      return true;
    default: {
      const never: never = status;
      throw new RectificationInputError(`unknown report status ${String(never)}`);
    }
  }
}

/** The reports to escalate today: due, and still not filed. `filedOn` maps period → filing day. */
export function overdueReports(
  schedule: readonly ProgressReportDue[],
  filedOn: ReadonlyMap<number, string>,
  today: string,
): ProgressReportDue[] {
  return schedule.filter((r) => progressReportStatus(r.dueOn, filedOn.get(r.period) ?? null, today) === 'overdue');
}

// ---- decisions (the workflow's validators, and the web UI's forms) -----------------

const required = (field: string) => (v: unknown) => text(v, field, { required: true });
const optional = (field: string) => (v: unknown) => text(v, field, { required: false });

export const parseSupport: DecisionParser<SupportTeam> = record<SupportTeam>({
  countyLeader: required('countyLeader'),
  townshipLeader: required('townshipLeader'),
  firstSecretary: required('firstSecretary'),
  partnerAgency: required('partnerAgency'),
});

export interface Plan {
  problems: string[];
  measures: PlanMeasure[];
  completeBy: string;
}

/** A plan is a page, not a file: these bound what one decision may carry. */
const MAX_PLAN_ITEMS = 50;
function list<T>(raw: unknown, field: string, item: (v: unknown, where: string) => Parsed<T>): Parsed<T[]> {
  // `-f problems=…` on the command line gives one item as plain text.
  const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (items.length === 0) return fail(`${field} needs at least one item`);
  if (items.length > MAX_PLAN_ITEMS) return fail(`${field} has more than ${MAX_PLAN_ITEMS} items`);
  const out: T[] = [];
  for (const [i, v] of items.entries()) {
    const parsed = item(v, `${field}[${i}]`);
    if (!parsed.ok) return parsed;
    out.push(parsed.value);
  }
  return ok(out);
}

const parseMeasure = (raw: unknown, where: string): Parsed<PlanMeasure> => {
  if (!isRecord(raw)) return fail(`${where} must be an object with measure, responsible and deadline`);
  const extra = onlyKeys(raw, ['measure', 'responsible', 'deadline']);
  if (extra) return fail(`${where}: ${extra}`);
  const measure = text(raw.measure, `${where}.measure`, { required: true });
  if (!measure.ok) return measure;
  const responsible = text(raw.responsible, `${where}.responsible`, { required: true });
  if (!responsible.ok) return responsible;
  const deadline = calendarDay(raw.deadline, `${where}.deadline`);
  if (!deadline.ok) return deadline;
  return ok({ measure: measure.value, responsible: responsible.value, deadline: deadline.value });
};

/** 一村一策: the problems found, and for each measure who answers for it and by when. */
export const parsePlan: DecisionParser<Plan> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['problems', 'measures']);
  if (extra) return fail(extra);
  const problems = list(raw.problems, 'problems', (v, where) => text(v, where, { required: true }));
  if (!problems.ok) return problems;
  const measures = list(raw.measures, 'measures', parseMeasure);
  if (!measures.ok) return measures;
  const completeBy = measures.value.map((m) => m.deadline).reduce((a, b) => (compareDates(a, b) >= 0 ? a : b));
  return ok({ problems: problems.value, measures: measures.value, completeBy });
};

/**
 * Deadlines after the round began, and inside the working-day calendar: each report
 * opens a number of working days before it is due, which the calendar must be able
 * to count, so a plan beyond it is refused rather than left to fail when a report opens.
 */
export function checkPlanDates(plan: Plan, roundStartOn: string, policy: Policy): Parsed<Plan> {
  const early = plan.measures.find((m) => compareDates(m.deadline, roundStartOn) <= 0);
  if (early) return fail(`the deadline ${early.deadline} of "${early.measure}" is not after the round began on ${roundStartOn}`);
  try {
    for (const due of progressReportSchedule(roundStartOn, plan.completeBy, policy.rectification)) {
      addWorkingDays(due.dueOn, -policy.tasks.defaultDueWorkingDays);
    }
    addWorkingDays(plan.completeBy, policy.tasks.defaultDueWorkingDays);
  } catch (err) {
    return fail(`the plan runs past the working-day calendar: ${(err as Error).message}`);
  }
  return ok(plan);
}

export interface PlanReview {
  outcome: 'approve' | 'reject';
  comment: string;
}

export const parsePlanReview: DecisionParser<PlanReview> = (raw) => {
  const parsed = record<PlanReview>({
    outcome: (v) => oneOf(v, 'outcome', ['approve', 'reject'] as const),
    comment: optional('comment'),
  })(raw);
  if (!parsed.ok) return parsed;
  // The township committee redrafts from the reason; a bare "no" tells it nothing.
  if (parsed.value.outcome === 'reject' && parsed.value.comment === '') return fail('comment is required to reject a plan');
  return parsed;
};

export const parseReport = record<{ summary: string }>({ summary: required('summary') });

// ---- sign-off (销号) and follow-up ------------------------------------------------

export interface SignOff {
  comment: string;
  /** The day the county signed off, when it is recorded afterwards; absent = the day it is recorded. */
  signedOffOn?: string;
}

/** `{ comment?, signedOffOn? }`: a sign-off keyed in after the meeting that decided it says when it was. */
export const parseSignOff: DecisionParser<SignOff> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['comment', 'signedOffOn']);
  if (extra) return fail(extra);
  const comment = optional('comment')(raw.comment);
  if (!comment.ok) return comment;
  const signedOffOn = recordedDay(raw.signedOffOn, 'signedOffOn');
  if (!signedOffOn.ok) return signedOffOn;
  return ok({ comment: comment.value, ...(signedOffOn.value !== undefined ? { signedOffOn: signedOffOn.value } : {}) });
};

/** Only a passed inspection is signed off, so a sign-off dated before it cannot be right. */
export function checkSignOffDay(signOff: SignOff, inspectedOn: string): Parsed<SignOff> {
  if (signOff.signedOffOn !== undefined && compareDates(signOff.signedOffOn, inspectedOn) < 0) {
    return fail(`signedOffOn ${signOff.signedOffOn} is before the inspection on ${inspectedOn}: 销号 follows a passed inspection`);
  }
  return ok(signOff);
}

/**
 * The day of the sign-off and the end of the follow-up counted from it (docs/domain.md §4.6:
 * 销号, then a year of follow-up). A recorded day later than today counts as today, so
 * a date can only shorten the follow-up's wait, never lengthen it.
 */
export function followUpFromSignOff(
  signOff: SignOff,
  today: string,
  p: RectificationPolicy,
): { signedOffOn: string; followUpUntil: string } {
  const recorded = signOff.signedOffOn;
  const signedOffOn = recorded !== undefined && compareDates(recorded, today) < 0 ? recorded : today;
  return { signedOffOn, followUpUntil: addMonths(signedOffOn, p.followUpMonths) };
}
