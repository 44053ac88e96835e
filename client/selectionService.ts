/**
 * The selection's calls (选拔任用, docs/selection.md): open a case, show where it stands,
 * read its full-process record. One module under the CLI (`cadreflow selection`), the HTTP
 * API (client/api/routes/selection.ts) and the demo; served by `up` as a backend module.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Actor } from '../domain/actors';
import { addMonths, compareDates, shanghaiDate } from '../domain/calendar';
import { selectionCaseId } from '../domain/selection';
import { parseSelectionOpening } from '../domain/selectionForms';
import { selectionStatusQuery, type SelectionInput, type SelectionPerson, type SelectionStatus } from '../workflows/selection';
import { caseSearchAttributes } from '../workflows/searchAttributes';
import type { BackendDeps, BackendModule } from './backendModule';
import { refusedInput, UserError } from './cases';
import { loadSelectionRecord, type RecordLine } from './selectionRecord';
import { pendingSteps, type PendingStep } from './pendingTasks';

/** What `selection start` (and `POST /cases/selection`) takes: the opening as entered, and who opens it. */
export interface StartSelectionArgs {
  opening: unknown;
  actor: Actor;
}

export interface StartSelectionResult {
  caseId: string;
  started: boolean;
}

export interface SelectionView {
  caseId: string;
  status: SelectionStatus;
  pending: PendingStep[];
}

export interface SelectionCalls {
  start(args: StartSelectionArgs): Promise<StartSelectionResult>;
  show(caseId: string): Promise<SelectionView>;
  record(caseId: string): Promise<RecordLine[]>;
}

/**
 * A selection is recorded when it is opened, or soon after: the day it was opened is not
 * after today (Asia/Shanghai), and not so long ago that the working-day calendar may not
 * cover its notices.
 */
export function openedOnProblem(openedOn: string, now: number): string | undefined {
  const today = shanghaiDate(now);
  if (compareDates(openedOn, today) > 0)
    return `openedOn: ${openedOn} is after today (${today}); a selection is recorded once it is opened`;
  const earliest = addMonths(today, -12);
  if (compareDates(openedOn, earliest) < 0) return `openedOn: ${openedOn} is more than a year ago (before ${earliest})`;
  return undefined;
}

function createCalls(deps: BackendDeps): SelectionCalls {
  const { db } = deps;
  const isSelection = (caseId: string) => {
    if (!caseId.startsWith('selection/')) throw new UserError(`${caseId} is not a selection case (selection/<unit>/<post>/<opened-on>)`);
  };
  return {
    async start({ opening, actor }) {
      if (!deps.client) throw new UserError('Temporal is not reachable: start the stack with `cadreflow up` (or set TEMPORAL_ADDRESS)');
      const parsed = parseSelectionOpening(opening);
      if (!parsed.ok) throw refusedInput(parsed);
      const o = parsed.value;
      const problem = openedOnProblem(o.openedOn, Date.now());
      if (problem) throw new UserError(problem);
      const unit = await db.selectFrom('org_units').selectAll().where('org_unit_id', '=', o.orgUnitId).executeTakeFirst();
      if (!unit) throw new UserError(`no org unit with id ${o.orgUnitId} (run \`cadreflow demo\` for the demo county)`);
      if (unit.effective_to !== null) throw new UserError(`org unit ${unit.org_unit_id} was dissolved on ${unit.effective_to}`);
      const townshipId = unit.township_id ?? unit.org_unit_id;
      // Whom the case may name, with the rank a failed probation restores: the township's people.
      const rows = await db.selectFrom('people').select(['person_id', 'name', 'rank']).where('township_id', '=', townshipId).execute();
      const people: Record<string, SelectionPerson> = Object.fromEntries(rows.map((r) => [r.person_id, { name: r.name, rank: r.rank }]));
      const input: SelectionInput = { ...o, orgUnitName: unit.name, townshipId, openedBy: actor, people, policy: deps.policy };
      const caseId = selectionCaseId(o.orgUnitId, o.post.postId, o.openedOn);
      try {
        await deps.client.workflow.start('selection', {
          taskQueue: deps.taskQueue,
          workflowId: caseId,
          args: [input],
          typedSearchAttributes: caseSearchAttributes('selection', townshipId, `${o.orgUnitId}/${o.post.postId}`),
        });
        return { caseId, started: true };
      } catch (err) {
        // One case per unit, post and day: opening it again starts nothing.
        if (err instanceof WorkflowExecutionAlreadyStartedError) return { caseId, started: false };
        throw err;
      }
    },

    async show(caseId) {
      isSelection(caseId);
      if (!deps.client) throw new UserError('Temporal is not reachable: start the stack with `cadreflow up` (or set TEMPORAL_ADDRESS)');
      const status = await deps.client.workflow.getHandle(caseId).query(selectionStatusQuery);
      return { caseId, status, pending: await pendingSteps(db, caseId) };
    },

    async record(caseId) {
      isSelection(caseId);
      return loadSelectionRecord(db, caseId);
    },
  };
}

export const selectionBackend: BackendModule<SelectionCalls> = { name: 'selection', create: createCalls };
