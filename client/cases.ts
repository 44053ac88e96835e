/**
 * Starting cases and deciding their steps: what the CLI (and later the HTTP API) calls.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { decodeArrayFromPayloads, decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { Actor } from '../domain/actors';
import type { Policy } from '../domain/policy';
import type { DB } from '../schema/db';
import { decideUpdate, fileObjectionUpdate, type DecisionReceipt } from '../workflows/kit/messages';
import { sameActor, sameValue } from '../workflows/kit/repeat';
import { endProbationEarlyUpdate, probationWorkflowId, type ProbationInput } from '../workflows/probation';
import { caseSearchAttributes } from '../workflows/searchAttributes';
import { calendarDay } from '../domain/decisions';
import { addMonths, compareDates, shanghaiDate } from '../domain/calendar';

/** A person-caused error: printed as one line, never with a stack. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** A decision the case refused; `reason` is one of the kit's refusal types. */
export class DecisionRefusedError extends UserError {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(`refused (${reason}): ${message}`);
    this.name = 'DecisionRefusedError';
  }
}

export interface StartProbationArgs {
  personId: string;
  title: string;
  appointedOn: string;
  orgUnitId?: string;
  trialRank?: string;
  preAppointmentNotice?: boolean;
  appointmentId?: string;
}

/**
 * The appointment day of a probation started now: a real calendar day (the domain's
 * parser, the one every decision's dates go through) within three years back and one
 * ahead. An impossible day would otherwise fail inside the workflow on every retry.
 */
/**
 * What is wrong with an appointment date, or undefined: a real calendar day (the domain's
 * parser) within three years back and one ahead. `field` names it as its caller knows it
 * (`the appointment date` on the CLI, `body.appointedOn` in the API).
 */
export function appointmentDateProblem(date: string, now: number, field = 'the appointment date'): string | undefined {
  const day = calendarDay(date, field);
  if (!day.ok) return day.error;
  const today = shanghaiDate(now);
  const earliest = addMonths(today, -36);
  const latest = addMonths(today, 12);
  if (compareDates(date, earliest) < 0 || compareDates(date, latest) > 0) {
    return `${field}: ${date} is not between ${earliest} and ${latest} (a probation started now lies within three years back and one ahead)`;
  }
  return undefined;
}

export function checkAppointedOn(date: string, now: number): void {
  const problem = appointmentDateProblem(date, now);
  if (problem) throw new UserError(problem);
}

/** Starts a probation case; the CLI, the API and the demo all start them here. */
export async function startProbation(
  client: Client,
  db: DB,
  policy: Policy,
  args: StartProbationArgs,
  taskQueue: string,
  now = Date.now(),
): Promise<{ caseId: string; started: boolean }> {
  checkAppointedOn(args.appointedOn, now);
  const person = await db.selectFrom('people').selectAll().where('person_id', '=', args.personId).executeTakeFirst();
  if (!person) throw new UserError(`no cadre with id ${args.personId} in the registry (run \`cadreflow demo\` for the demo county)`);
  const unitId = args.orgUnitId ?? person.org_unit_id;
  const unit = await db.selectFrom('org_units').selectAll().where('org_unit_id', '=', unitId).executeTakeFirst();
  if (!unit) throw new UserError(`no org unit with id ${unitId}`);
  if (!unit.township_id) throw new UserError(`org unit ${unitId} is not in a township`);
  const village = unit.kind === 'village' || unit.kind === 'branch';
  const input: ProbationInput = {
    personId: person.person_id,
    personName: person.name,
    orgUnitId: unit.org_unit_id,
    townshipId: unit.township_id,
    title: args.title,
    trialRank: args.trialRank ?? (village ? person.rank : '副科级'),
    previousRank: person.rank,
    appointedOn: args.appointedOn,
    village,
    preAppointmentNotice: args.preAppointmentNotice ?? false,
    policy,
  };
  const caseId = probationWorkflowId(person.person_id, args.appointmentId ?? args.appointedOn);
  try {
    await client.workflow.start('probation', {
      taskQueue,
      workflowId: caseId,
      args: [input],
      typedSearchAttributes: caseSearchAttributes('probation', input.townshipId, input.personId),
    });
    return { caseId, started: true };
  } catch (err) {
    // One case per business id: starting it again is harmless and starts nothing.
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { caseId, started: false };
    throw err;
  }
}

function asRefusal(err: unknown): never {
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
      if (typeof request === 'object' && request !== null && matches(request as Record<string, unknown>)) applied.add(accepted.meta.updateId);
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
  { updateId }: UpdateOptions = {},
): Promise<DecisionReceipt> {
  const handle = client.workflow.getHandle(caseId);
  try {
    if (step === 'end-early') return await handle.executeUpdate(endProbationEarlyUpdate, { args: [{ actor, decision }], updateId });
    return await handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }], updateId });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      const receipt = await receiptInHistory(client, handle, step === 'end-early' ? endProbationEarlyUpdate.name : decideUpdate.name, (r) =>
        (step === 'end-early' || r.step === step) && sameRequestActor(r.actor, actor) && sameValue(r.decision, decision),
      ).catch(() => undefined);
      if (receipt) return receipt;
    }
    return asRefusal(err);
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
    return asRefusal(err);
  }
}
