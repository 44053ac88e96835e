/**
 * 选拔任用 (docs/domain.md §2.1): the rules of a selection before the committee's vote —
 * the work plan, the two democratic recommendations, the inspection targets and the
 * inspection with its four checks (凡提四必). The committee's vote is domain/selectionVote.ts.
 */
import { count, fail, isRecord, ok, onlyKeys, oneOf, text, type DecisionParser, type Parsed } from './decisions';
import { describeThreshold, meetsThreshold } from './fraction';
import type { Policy } from './policy';

/** 竞争性选拔 (more targets than posts, 差额) or an ordinary selection. */
export const SELECTION_METHODS = ['competitive', 'ordinary'] as const;
export type SelectionMethod = (typeof SELECTION_METHODS)[number];

/** The case of one selection: `selection/<unit>/<post>/<opened-on>`. */
export function selectionCaseId(orgUnitId: string, postId: string, openedOn: string): string {
  return `selection/${orgUnitId}/${postId}/${openedOn}`;
}

// ── 民主推荐: the two recommendations ──────────────────────────────────────────

/** 会议推荐: ballots per nominee at the recommendation meeting. */
export interface MeetingRecommendation {
  due: number;
  attended: number;
  /** Ballots cast. */
  cast: number;
  invalid: number;
  /** Valid ballots naming each nominee (a ballot may name as many nominees as there are posts). */
  votes: Record<string, number>;
}

/** 谈话调研推荐: how many people were talked to, and how many of them named each nominee. */
export interface TalkRecommendation {
  talkedTo: number;
  named: Record<string, number>;
}

const PERSON_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function tally(raw: unknown, field: string, most: number, mostLabel: string): Parsed<Record<string, number>> {
  if (!isRecord(raw)) return fail(`${field} must be an object of person id → number`);
  const out: Record<string, number> = {};
  for (const [personId, n] of Object.entries(raw)) {
    if (!PERSON_ID.test(personId)) return fail(`${field}: ${JSON.stringify(personId)} is not a person id`);
    const c = count(n, `${field}.${personId}`);
    if (!c.ok) return c;
    if (c.value > most) return fail(`${field}.${personId} (${c.value}) cannot exceed ${mostLabel} (${most})`);
    out[personId] = c.value;
  }
  if (Object.keys(out).length === 0) return fail(`${field} names no nominee`);
  return ok(out);
}

export const parseMeetingRecommendation: DecisionParser<MeetingRecommendation> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['due', 'attended', 'cast', 'invalid', 'votes']);
  if (extra) return fail(extra);
  const n: Record<string, number> = {};
  for (const field of ['due', 'attended', 'cast', 'invalid'] as const) {
    const c = count(raw[field], field);
    if (!c.ok) return c;
    n[field] = c.value;
  }
  const { due, attended, cast, invalid } = n as { due: number; attended: number; cast: number; invalid: number };
  if (due < 1) return fail('due must be at least 1');
  if (attended > due) return fail(`attended (${attended}) cannot exceed due (${due})`);
  if (cast > attended) return fail(`cast (${cast}) cannot exceed attended (${attended})`);
  if (invalid > cast) return fail(`invalid (${invalid}) cannot exceed cast (${cast})`);
  const votes = tally(raw.votes, 'votes', cast - invalid, 'the valid ballots');
  if (!votes.ok) return votes;
  return ok({ due, attended, cast, invalid, votes: votes.value });
};

export const parseTalkRecommendation: DecisionParser<TalkRecommendation> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['talkedTo', 'named']);
  if (extra) return fail(extra);
  const talkedTo = count(raw.talkedTo, 'talkedTo');
  if (!talkedTo.ok) return talkedTo;
  if (talkedTo.value < 1) return fail('talkedTo must be at least 1');
  const named = tally(raw.named, 'named', talkedTo.value, 'talkedTo');
  if (!named.ok) return named;
  return ok({ talkedTo: talkedTo.value, named: named.value });
};

/**
 * Whether a nominee's share of the meeting's valid ballots reaches the county's floor.
 * With no floor (the default) every nominee may be considered: votes are a reference.
 */
export function meetsRecommendationFloor(personId: string, meeting: MeetingRecommendation, policy: Pick<Policy, 'selection'>): boolean {
  const floor = policy.selection.recommendationFloor;
  if (floor === null) return true;
  const valid = meeting.cast - meeting.invalid;
  if (valid === 0) return false;
  return meetsThreshold(meeting.votes[personId] ?? 0, valid, floor);
}

// ── 确定考察对象: the inspection targets ────────────────────────────────────────

/** A target with the written reason for the pick (推荐票不作为唯一依据). */
export interface InspectionTarget {
  personId: string;
  reason: string;
}

/** The target list as entered: an object, as every decision is (its stored form is a JSON object). */
export interface TargetList {
  targets: InspectionTarget[];
}

export const parseTargets: DecisionParser<TargetList> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['targets']);
  if (extra) return fail(extra);
  if (!Array.isArray(raw.targets) || raw.targets.length === 0) return fail('targets must be a non-empty list');
  const out: InspectionTarget[] = [];
  for (const [i, t] of raw.targets.entries()) {
    if (!isRecord(t)) return fail(`targets[${i}] must be an object`);
    const bad = onlyKeys(t, ['personId', 'reason']);
    if (bad) return fail(`targets[${i}]: ${bad}`);
    if (typeof t.personId !== 'string' || !PERSON_ID.test(t.personId)) return fail(`targets[${i}].personId must be a person id`);
    if (out.some((o) => o.personId === t.personId)) return fail(`${t.personId} is named twice`);
    const reason = text(t.reason, `targets[${i}].reason`, { required: true, max: 1000 });
    if (!reason.ok) return reason;
    out.push({ personId: t.personId, reason: reason.value });
  }
  return ok({ targets: out });
};

/** How many targets a selection must inspect at least: one per post, more when competitive (差额). */
export function minimumTargets(method: SelectionMethod, positions: number, policy: Pick<Policy, 'selection'>): number {
  return method === 'competitive' ? positions + policy.selection.competitiveExtraTargets : positions;
}

/**
 * The target list against the selection: enough people for the method, each recommended
 * at the meeting or in the talks, and each above the county's vote floor if it has one.
 */
export function checkTargets(
  list: TargetList,
  selection: { method: SelectionMethod; positions: number; meeting: MeetingRecommendation; talks: TalkRecommendation },
  policy: Pick<Policy, 'selection'>,
): Parsed<TargetList> {
  const { targets } = list;
  const needed = minimumTargets(selection.method, selection.positions, policy);
  if (targets.length < needed) {
    const why =
      selection.method === 'competitive' ? ` (差额: ${selection.positions} posts + ${policy.selection.competitiveExtraTargets})` : '';
    return fail(`${targets.length} targets; this selection inspects at least ${needed}${why}`);
  }
  for (const t of targets) {
    const recommended = (selection.meeting.votes[t.personId] ?? 0) > 0 || (selection.talks.named[t.personId] ?? 0) > 0;
    if (!recommended) return fail(`${t.personId} was not recommended at the meeting or in the talks`);
    if (!meetsRecommendationFloor(t.personId, selection.meeting, policy)) {
      return fail(
        `${t.personId} is below the recommendation floor (${describeThreshold(policy.selection.recommendationFloor!)} of the valid ballots)`,
      );
    }
  }
  return ok(list);
}

// ── 考察: the inspection and its four checks (凡提四必) ─────────────────────────

/**
 * 档案凡提必审, 个人有关事项报告凡提必核, 纪检监察机关意见凡提必听, 线索具体的信访举报凡提必查:
 * each must come back for each target before the inspection's report.
 */
export const INSPECTION_CHECKS = ['personnel-file', 'personal-matters', 'discipline-opinion', 'petitions'] as const;
export type InspectionCheck = (typeof INSPECTION_CHECKS)[number];

export interface CheckResult {
  check: InspectionCheck;
  passed: boolean;
  /** Required when the check fails: the reason the target leaves the selection. */
  findings: string;
}

export const parseCheckResult =
  (check: InspectionCheck): DecisionParser<CheckResult> =>
  (raw) => {
    if (!isRecord(raw)) return fail('decision must be an object');
    const extra = onlyKeys(raw, ['outcome', 'findings']);
    if (extra) return fail(extra);
    const outcome = oneOf(raw.outcome, 'outcome', ['pass', 'fail'] as const);
    if (!outcome.ok) return outcome;
    const findings = text(raw.findings, 'findings', { required: outcome.value === 'fail', max: 2000 });
    if (!findings.ok) return findings;
    return ok({ check, passed: outcome.value === 'pass', findings: findings.value });
  };

/** The inspection team (考察组): at least the policy's number of distinct inspectors. */
export function checkInspectionTeam(members: string[], policy: Pick<Policy, 'selection'>): Parsed<string[]> {
  const distinct = [...new Set(members.map((m) => m.trim()).filter((m) => m !== ''))];
  if (distinct.length !== members.length) return fail('the inspection team names someone twice or leaves a name blank');
  if (distinct.length < policy.selection.minInspectionTeam) {
    return fail(`an inspection team has at least ${policy.selection.minInspectionTeam} members, got ${distinct.length}`);
  }
  return ok(distinct);
}

/**
 * Where a target stands after the checks that came back: 'pending' until all four are in
 * (the report waits), 'cleared' when all passed, 'removed' with the failed checks' findings.
 */
export function inspectionStanding(
  results: CheckResult[],
): { standing: 'pending'; missing: InspectionCheck[] } | { standing: 'cleared' } | { standing: 'removed'; reasons: string[] } {
  const failed = results.filter((r) => !r.passed);
  if (failed.length > 0) return { standing: 'removed', reasons: failed.map((r) => `${r.check}: ${r.findings}`) };
  const missing = INSPECTION_CHECKS.filter((c) => !results.some((r) => r.check === c));
  return missing.length > 0 ? { standing: 'pending', missing } : { standing: 'cleared' };
}
