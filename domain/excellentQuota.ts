/**
 * The 优秀 quota (docs/domain.md §3.5): at most a policy percent of a unit's assessed
 * cadres, raised by an approval up to the policy's ceiling; and the re-check of the quota
 * when a review or a committee revision changes grades.
 */
import { refusedWith, type Checked } from './checked';
import { fail, ok, type Parsed } from './decisions';
import { EvaluationInputError, requireCount, type EvaluationPolicy } from './evaluationInput';
import type { Grade, UnitKind } from './grades';

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
    return refusedWith(refusal, overQuotaMessage(refusal));
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
  OverQuota | { kind: 'not-assessed-here'; unitId: string; personId: string } | { kind: 'duplicate-change'; personId: string };

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
      return refusedWith(
        { kind: 'not-assessed-here', unitId: unit.unitId, personId: change.personId },
        `${change.personId} was not assessed in ${unit.unitId}`,
      );
    }
    if (seen.has(change.personId)) {
      return refusedWith({ kind: 'duplicate-change', personId: change.personId }, `${change.personId} appears twice in the proposal`);
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
      return refusedWith(refusal, overQuotaMessage(refusal));
    }
  }
  return { ok: true, value: next };
}
