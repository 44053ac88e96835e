/**
 * Messages every case understands, shared with the client as typed constants.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, Role } from '../../domain/actors';
import type { DecisionReceipt } from '../../domain/wire/decisionReceipt';
import type { DecisionBallot } from '../../domain/wire/ballotSession';

export interface DecisionRequest {
  step: string;
  /** Stamped by the client from the authenticated user, never from a request body. */
  actor: Actor;
  decision: unknown;
  /**
   * The online ballot session the decision was taken from (docs/ballots.md): beside the
   * decision, not in it, so the step's parser reads the same fields as a typed-in count.
   * Recorded in the TaskDecided event as `data.ballot`.
   */
  ballot?: DecisionBallot;
}

export type { DecisionReceipt };

export interface PendingTask {
  taskId: string;
  step: string;
  title: string;
  role: Role;
  orgUnitId: string;
  townshipId: string;
  dueAt: string;
  remindAt: string;
  escalated: boolean;
}

export interface ObjectionRequest {
  /** The notice's step, e.g. `pre-appointment-notice`. */
  notice: string;
  actor: Actor;
  summary: string;
}

/**
 * Why a decision was refused. Each is an ApplicationFailure type, so a client can tell
 * them apart; a refusal is made by the validator and leaves nothing in the history.
 */
export const REFUSALS = [
  'UnknownStep',
  'WrongRole',
  'WrongTownship',
  'DuplicateDecision',
  'MalformedDecision',
  'CaseClosed',
  'NoticeClosed',
  // The input was not sealed by the deployment's codec: it came around the API (kit/unsealed.ts).
  'Unsealed',
] as const;
export type RefusalReason = (typeof REFUSALS)[number];

export const decideUpdate = defineUpdate<DecisionReceipt, [DecisionRequest]>('decide');
export const fileObjectionUpdate = defineUpdate<DecisionReceipt, [ObjectionRequest]>('fileObjection');
export const pendingTasksQuery = defineQuery<PendingTask[]>('pendingTasks');
