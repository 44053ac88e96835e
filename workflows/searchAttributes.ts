/**
 * The custom search attributes cases carry, so staff and auditors can list cases in
 * Temporal (case kind, township, subject; `audit replay --kind`). The dev server registers
 * them at start; a cluster registers them once (see client/temporal). `Stage` stays
 * registered for the cases started before it was dropped, which still keep it current.
 */
// @temporalio/common is the SDK's own deterministic core, bundled with workflow code.
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

export const CASE_KIND = defineSearchAttributeKey('CaseKind', SearchAttributeType.KEYWORD);
export const TOWNSHIP = defineSearchAttributeKey('Township', SearchAttributeType.KEYWORD);
export const SUBJECT = defineSearchAttributeKey('Subject', SearchAttributeType.KEYWORD);
export const STAGE = defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD);

export const CASE_SEARCH_ATTRIBUTES = [CASE_KIND, TOWNSHIP, SUBJECT, STAGE] as const;

/**
 * The attributes a case starts with: what it is, where, and about whom. A case's stage is
 * not among them: it lives in the read model (the case list, the dashboard, `case show`).
 * Kept current in Temporal's visibility it cost an upsert at every stage, each a write to
 * the server's visibility store: a sixth of an evaluation case's CPU in the benchmark
 * (README, "Cases at the speed of Temporal"), for a filter nothing in the project reads.
 */
export function caseSearchAttributes(kind: string, townshipId: string, subjectId: string): SearchAttributePair[] {
  return [
    { key: CASE_KIND, value: kind },
    { key: TOWNSHIP, value: townshipId },
    { key: SUBJECT, value: subjectId },
  ];
}

/**
 * What cases started with before `CASE_STARTS_WITHOUT_STAGE_PATCH`: `Stage` too, which the
 * workflow then upserted at every stage (it still does for a case that carries it). Only
 * for a workflow that starts a child, replaying a history from before the patch.
 */
export function caseSearchAttributesWithStage(kind: string, townshipId: string, subjectId: string): SearchAttributePair[] {
  return [...caseSearchAttributes(kind, townshipId, subjectId), { key: STAGE, value: 'started' }];
}

/** Marks a workflow that starts its child cases without `Stage` (workflows/kit/childSearchAttributes.ts). */
export const CASE_STARTS_WITHOUT_STAGE_PATCH = 'case-starts-without-stage-attribute';
