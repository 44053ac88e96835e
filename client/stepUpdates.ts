/**
 * Steps a person decides that are not a task of the case but an Update of their own:
 * `cadreflow decide <case> <step>` and the API's decisions route send them to that
 * Update instead of the kit's `decide` (client/cases.ts). A procedure with such a step
 * adds it here.
 */
import type { UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../domain/actors';
import type { DecisionReceipt } from '../workflows/kit/messages';
import { endProbationEarlyUpdate } from '../workflows/probation';

/** The Update a step is sent as; it takes the actor and the decision, as the kit's `decide` does (without the step). */
export type StepUpdate = UpdateDefinition<DecisionReceipt, [{ actor: Actor; decision: unknown }]>;

export const STEP_UPDATES: Readonly<Record<string, StepUpdate>> = {
  /** The county ends a probation early (workflows/probation.ts), at any time after it started. */
  'end-early': endProbationEarlyUpdate,
};

/** The Update a step is sent as, or undefined for a task's step. */
export function stepUpdateOf(step: string): StepUpdate | undefined {
  return Object.hasOwn(STEP_UPDATES, step) ? STEP_UPDATES[step] : undefined;
}
