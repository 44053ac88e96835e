/**
 * `cadreflow selection …`: open a selection (选拔任用, docs/selection.md), show where it
 * stands, and write its full-process record (全程纪实) as a .docx. Decisions go through the
 * generic `cadreflow decide`; docs/selection.md lists each step's fields. The calls are a
 * backend module, so they also work through a running `cadreflow up`.
 */
import { writeFileSync } from 'node:fs';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Command } from 'commander';
import type { Actor } from '../../domain/actors';
import { addMonths, compareDates, shanghaiDate } from '../../domain/calendar';
import { selectionCaseId } from '../../domain/selection';
import { parseSelectionOpening } from '../../domain/selectionForms';
import { selectionStatusQuery, type SelectionInput, type SelectionPerson, type SelectionStatus } from '../../workflows/selection';
import { caseSearchAttributes } from '../../workflows/searchAttributes';
import { commandActor, withModule, type BackendDeps, type BackendModule } from '../backend';
import { COUNTY_ROLES } from '../actorArgs';
import { UserError } from '../cases';
import type { Config } from '../config';
import { loadSelectionRecord, recordDocx, type RecordLine } from '../selectionRecord';
import { table } from '../views';
import { pendingSteps, type PendingStep } from '../pendingTasks';

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
      if (!parsed.ok) throw new UserError(parsed.error);
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

function renderSelection(v: SelectionView): string {
  const s = v.status;
  const out = [`${v.caseId}  stage ${s.stage}${s.outcome ? ` · ${s.outcome}` : ''} · round ${s.round}`];
  if (s.targets.length) out.push(`targets: ${s.targets.join('、')}`);
  if (s.cleared.length) out.push(`cleared by the inspection: ${s.cleared.join('、')}`);
  if (s.approved.length) out.push(`approved by the committee: ${s.approved.join('、')}`);
  if (s.appointed.length) out.push(`appointed: ${s.appointed.join('、')}`);
  if (s.probations.length) out.push(`probation cases: ${s.probations.join(', ')}`);
  if (v.pending.length)
    out.push('', 'pending:', table(v.pending.map((t) => ({ step: t.step, for: t.role, due: t.dueAt.slice(0, 10), title: t.title }))));
  return out.join('\n');
}

export function registerSelectionCommands(program: Command, config: Config): void {
  const selection = program
    .command('selection')
    .description('选拔任用: selecting and appointing a cadre, to the appointment and its probation');

  selection
    .command('start')
    .description('open a selection (分析研判和动议); its steps are decided with `cadreflow decide` (docs/selection.md)')
    .requiredOption('--unit <orgUnitId>', 'the township (or county unit) whose post is filled, e.g. ts-03')
    .requiredOption('--post-id <id>', 'a short id for the post, e.g. deputy-head')
    .requiredOption('--title <title>', 'the post, e.g. 副乡长')
    .requiredOption('--rank <rank>', 'the rank it carries, e.g. 副科级')
    .requiredOption('--qualifications <text>', '任职资格')
    .requiredOption('--scope <text>', '选拔范围')
    .option('--positions <n>', 'how many are appointed', '1')
    .option('--method <method>', 'competitive (竞争性选拔, 差额) or ordinary', 'ordinary')
    .option('--elected', 'the post is filled by election: no probation follows the appointment')
    .option('--opened-on <YYYY-MM-DD>', 'the day the selection was opened (default: today)')
    .action(
      async (opts: {
        unit: string;
        postId: string;
        title: string;
        rank: string;
        qualifications: string;
        scope: string;
        positions: string;
        method: string;
        elected?: boolean;
        openedOn?: string;
      }) => {
        if (!/^\d+$/.test(opts.positions)) throw new UserError(`--positions must be a whole number, got "${opts.positions}"`);
        const actor = await commandActor(config, 'selection start', COUNTY_ROLES);
        const opening = {
          orgUnitId: opts.unit,
          post: { postId: opts.postId, title: opts.title, rank: opts.rank, positions: Number(opts.positions), nonElected: !opts.elected },
          method: opts.method,
          qualifications: opts.qualifications,
          scope: opts.scope,
          openedOn: opts.openedOn ?? shanghaiDate(Date.now()),
        };
        await withModule(config, selectionBackend, async (m) => {
          const r = await m.start({ opening, actor });
          console.log(r.started ? `started ${r.caseId}` : `${r.caseId} is already running; nothing started`);
        });
      },
    );

  selection
    .command('show')
    .argument('<case>', 'e.g. selection/ts-03/deputy-head/2026-03-02')
    .option('--json', 'print JSON')
    .description('where a selection stands: targets, candidates, appointments and pending steps (`case show` has the timeline)')
    .action(async (caseId: string, opts: { json?: boolean }) =>
      withModule(config, selectionBackend, async (m) => {
        const view = await m.show(caseId);
        console.log(opts.json ? JSON.stringify(view, null, 2) : renderSelection(view));
      }),
    );

  selection
    .command('record')
    .argument('<case>', 'e.g. selection/ts-03/deputy-head/2026-03-02')
    .requiredOption('--out <file.docx>', 'where to write the record')
    .description('write the full-process record (全程纪实) as a Word document, from the event log only')
    .action(async (caseId: string, opts: { out: string }) =>
      withModule(config, selectionBackend, async (m) => {
        const lines = await m.record(caseId);
        writeFileSync(opts.out, await recordDocx(lines), { mode: 0o600 });
        console.log(`wrote ${lines.length} lines of the record to ${opts.out}`);
      }),
    );
}
