/**
 * The custom search attributes cases carry, so staff can find cases in Temporal's UI
 * and list filters (case kind, township, subject, stage). The dev server registers
 * them at start; a cluster registers them once (see client/temporal).
 */
// @temporalio/common is the SDK's own deterministic core, bundled with workflow code.
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

export const CASE_KIND = defineSearchAttributeKey('CaseKind', SearchAttributeType.KEYWORD);
export const TOWNSHIP = defineSearchAttributeKey('Township', SearchAttributeType.KEYWORD);
export const SUBJECT = defineSearchAttributeKey('Subject', SearchAttributeType.KEYWORD);
export const STAGE = defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD);

export const CASE_SEARCH_ATTRIBUTES = [CASE_KIND, TOWNSHIP, SUBJECT, STAGE] as const;

/** The attributes a case starts with; its stage is kept current by the workflow. */
export function caseSearchAttributes(kind: string, townshipId: string, subjectId: string): SearchAttributePair[] {
  return [
    { key: CASE_KIND, value: kind },
    { key: TOWNSHIP, value: townshipId },
    { key: SUBJECT, value: subjectId },
    { key: STAGE, value: 'started' },
  ];
}
