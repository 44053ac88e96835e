/**
 * Deciding cases' steps and objecting to their notices: what the CLI and the HTTP API
 * call for every procedure. Starting a case is each procedure's own (client/commands/).
 */
import { isGrpcServiceError, ServiceError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { decodeArrayFromPayloads, decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { Actor } from '../domain/actors';
import { decisionBody } from '../domain/decisions';
import { parseDecisionBallot, type DecisionBallot } from '../domain/ballots/decisionBallot';
import { decideUpdate, fileObjectionUpdate, type DecisionReceipt } from '../workflows/kit/messages';
import { sameActor, sameValue } from '../workflows/kit/repeat';
import { stepUpdateOf } from './stepUpdates';

import { CaseBusyError, DecisionRefusedError } from './userError';

// Where the rest of the client has always imported them from.
export { UserError, DecisionRefusedError, NotInRegistryError, CaseBusyError, refusedInput } from './userError';

/** gRPC's RESOURCE_EXHAUSTED: what Temporal answers an Update beyond the workflow's in-flight limit. */
const RESOURCE_EXHAUSTED = 8;

function asRefusal(err: unknown, caseId: string): never {
  // Temporal's client has already retried it a while (its gRPC retry, about half a minute).
  if (err instanceof ServiceError && isGrpcServiceError(err.cause) && err.cause.code === RESOURCE_EXHAUSTED) {
    throw new CaseBusyError(caseId);
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type) {
    throw new DecisionRefusedError(err.cause.type, err.cause.message);
  }
  throw err;
}

export interface UpdateOptions {
  /**
   * One id for every attempt of one request (e.g. a client's idempotency key): a request
   * sent again attaches to the first attempt's Update on the Temporal server and gets its
   * outcome. Opaque: it is stored in clear in the workflow history, so never derive it
   * from the decision. Without it each call is a new Update, and the case itself answers
   * a repeated decision with the first one's receipt (workflows/kit/repeat.ts).
   */
  updateId?: string;
  /**
   * The online ballot session the decision was taken from (docs/ballots.md): sent beside
   * the decision, and recorded by the case in its TaskDecided event.
   */
  ballot?: DecisionBallot;
}

/**
 * The receipt of an Update the case's workflow accepted and answered before it completed,
 * whose request `matches`; undefined if there is none. A completed workflow takes no
 * Update, so the retry of a case's last decision (its answer lost) is answered from the
 * history, as a running case answers a repeat (workflows/kit/repeat.ts).
 */
async function receiptInHistory(
  client: Client,
  handle: WorkflowHandle,
  updateName: string,
  matches: (request: Record<string, unknown>) => boolean,
): Promise<DecisionReceipt | undefined> {
  const converter = client.workflow.options.loadedDataConverter;
  const history = await handle.fetchHistory();
  const applied = new Set<string>();
  for (const event of history.events ?? []) {
    const accepted = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
    if (accepted?.input?.name === updateName && accepted.meta?.updateId) {
      const [request] = await decodeArrayFromPayloads(converter, accepted.input.args?.payloads);
      if (typeof request === 'object' && request !== null && matches(request as Record<string, unknown>))
        applied.add(accepted.meta.updateId);
    }
    const completed = event.workflowExecutionUpdateCompletedEventAttributes;
    if (completed?.meta?.updateId && applied.has(completed.meta.updateId) && completed.outcome?.success) {
      return decodeFromPayloadsAtIndex<DecisionReceipt>(converter, 0, completed.outcome.success.payloads);
    }
  }
  return undefined;
}

const sameRequestActor = (raw: unknown, actor: Actor) => typeof raw === 'object' && raw !== null && sameActor(raw as Actor, actor);

export async function decide(
  client: Client,
  caseId: string,
  step: string,
  actor: Actor,
  decision: unknown,
  { updateId, ballot }: UpdateOptions = {},
): Promise<DecisionReceipt> {
  // Refused before anything is sent: the case would refuse it too (workflows/kit/case.ts).
  const body = decisionBody(decision);
  if (!body.ok) throw new DecisionRefusedError('MalformedDecision', `step "${step}": ${body.error}`);
  const cited = parseDecisionBallot(ballot);
  if (!cited.ok) throw new DecisionRefusedError('MalformedDecision', `step "${step}": ${cited.error}`);
  const handle = client.workflow.getHandle(caseId);
  // A step that is an Update of its own (e.g. a probation's end-early) carries no step name.
  const own = stepUpdateOf(step);
  // No step that takes votes is an Update of its own: a session cited there would be dropped.
  if (own && ballot) throw new DecisionRefusedError('MalformedDecision', `step "${step}" is not decided from a ballot session`);
  try {
    if (own) return await handle.executeUpdate(own, { args: [{ actor, decision }], updateId });
    return await handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision, ...(ballot ? { ballot } : {}) }], updateId });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      const receipt = await receiptInHistory(
        client,
        handle,
        (own ?? decideUpdate).name,
        (r) =>
          (own !== undefined || r.step === step) &&
          sameRequestActor(r.actor, actor) &&
          sameValue(r.decision, decision) &&
          sameValue(r.ballot, ballot),
      ).catch(() => undefined);
      if (receipt) return receipt;
    }
    return asRefusal(err, caseId);
  }
}

export async function fileObjection(
  client: Client,
  caseId: string,
  notice: string,
  actor: Actor,
  summary: string,
  { updateId }: UpdateOptions = {},
): Promise<DecisionReceipt> {
  try {
    return await client.workflow.getHandle(caseId).executeUpdate(fileObjectionUpdate, { args: [{ notice, actor, summary }], updateId });
  } catch (err) {
    return asRefusal(err, caseId);
  }
}
