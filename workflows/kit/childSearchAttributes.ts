/**
 * The search attributes a workflow gives a child case it starts. Cases once started with
 * `Stage` as well and upserted it at every stage; a parent replaying a history from before
 * that was dropped starts its children as it did then.
 */
import { patched } from '@temporalio/workflow';
import type { SearchAttributePair } from '@temporalio/common';
import { CASE_STARTS_WITHOUT_STAGE_PATCH, caseSearchAttributes, caseSearchAttributesWithStage } from '../searchAttributes';

export function childCaseSearchAttributes(kind: string, townshipId: string, subjectId: string): SearchAttributePair[] {
  return patched(CASE_STARTS_WITHOUT_STAGE_PATCH)
    ? caseSearchAttributes(kind, townshipId, subjectId)
    : caseSearchAttributesWithStage(kind, townshipId, subjectId);
}
