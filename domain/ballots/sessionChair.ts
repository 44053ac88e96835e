/**
 * Who chairs an online ballot session (docs/ballots.md): whoever may decide the step it
 * serves, by the rule the case's own validator applies to the decision
 * (workflows/kit/case.ts) — the step's role, inside its township for a township
 * committee, and the county organization department once the step is escalated (督办).
 * So opening, watching and closing a session never reach further than deciding would.
 */
import type { Actor } from '../actors';
import { BallotRefusal } from './ballotRefusal';

/** The open step as the tasks read model has it. */
export interface ChairedStep {
  readonly caseId: string;
  readonly step: string;
  readonly role: string;
  readonly townshipId: string;
  readonly escalated: boolean;
}

/** The refusal for an actor who may not chair `step`, or undefined when they may. */
export function chairRefusal(actor: Actor, step: ChairedStep): BallotRefusal | undefined {
  const countyStepsIn = step.escalated && actor.role === 'county-org-dept';
  if (actor.role !== step.role && !countyStepsIn) {
    return new BallotRefusal(
      'no-ballot-step',
      `步骤 ${step.step} 由 ${step.role} 决定，${actor.role} 不能主持其投票`,
      `step "${step.step}" is decided by ${step.role}; ${actor.role} cannot chair its ballot`,
    );
  }
  if (actor.role === 'township-committee' && actor.townshipId !== step.townshipId) {
    return new BallotRefusal(
      'no-ballot-step',
      `步骤 ${step.step} 属于乡镇 ${step.townshipId}，不能主持其投票`,
      `step "${step.step}" belongs to township ${step.townshipId}, not ${actor.townshipId ?? 'none'}`,
    );
  }
  return undefined;
}
