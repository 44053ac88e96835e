/**
 * Starting a probation case (试用期): the check of the appointment day and the start
 * itself, which the CLI (client/commands/probation.ts), the API, the demo and `cadreflow
 * up`'s control channel reach through the core Backend's `startProbation`. Its
 * decisions go through the generic `decide`; `end-early`, an Update of its own, is
 * routed by client/stepUpdates.ts.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { addMonths, compareDates, shanghaiDate } from '../domain/calendar';
import { calendarDay } from '../domain/decisions';
import type { Policy } from '../domain/policy';
import type { DB } from '../schema/db';
import { probationWorkflowId, type ProbationInput } from '../workflows/probation';
import { caseSearchAttributes } from '../workflows/searchAttributes';
import { UserError } from './cases';

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
