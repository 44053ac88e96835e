/**
 * Starting a probation case (试用期): the start as entered, parsed by the domain's
 * `parseProbationStart`, checked against the registry, and the case started. The CLI
 * (client/commands/probation.ts), the API (`POST /cases/probation`), the demo and `cadreflow
 * up`'s control channel reach it through the core Backend's `startProbation`. Its
 * decisions go through the generic `decide`; `end-early`, an Update of its own, is
 * routed by client/stepUpdates.ts.
 */
import type { Actor } from '../domain/actors';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { shanghaiDate } from '../domain/calendar';
import { parseProbationStart, type ProbationStart } from '../domain/probationStart';
import type { Policy } from '../domain/policy';
import type { DB } from '../schema/db';
import { probationWorkflowId, type ProbationInput } from '../workflows/probation';
import { caseSearchAttributes } from '../workflows/searchAttributes';
import { NotInRegistryError, refusedInput, UserError } from './cases';

/**
 * What `probation start`, `POST /cases/probation` and the web form send: a probation start
 * as entered, read by `parseProbationStart` (domain/probationStart.ts) here, once, for all.
 */
export type StartProbationArgs = ProbationStart;

/** Starts a probation case; the CLI, the API and the demo all start them here. */
export async function startProbation(
  client: Client,
  db: DB,
  policy: Policy,
  raw: StartProbationArgs,
  taskQueue: string,
  startedBy?: Actor,
  now = Date.now(),
): Promise<{ caseId: string; started: boolean }> {
  const parsed = parseProbationStart(raw, shanghaiDate(now));
  if (!parsed.ok) throw refusedInput(parsed);
  const args = parsed.value;
  const person = await db.selectFrom('people').selectAll().where('person_id', '=', args.personId).executeTakeFirst();
  if (!person) throw new NotInRegistryError(`no cadre ${args.personId} in the registry`);
  const unitId = args.orgUnitId ?? person.org_unit_id;
  const unit = await db.selectFrom('org_units').selectAll().where('org_unit_id', '=', unitId).executeTakeFirst();
  if (!unit) throw new NotInRegistryError(`no org unit ${unitId} in the registry`);
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
    ...(startedBy ? { startedBy } : {}),
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
