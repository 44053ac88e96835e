/**
 * `cadreflow rectification screen|start|list|timeline`: the county's list of
 * underperforming branches (后进党组织) and their rectification cases.
 *
 * Screening applies the policy's criteria (the pure `screenBranch`) to what the
 * registry knows of each village branch — whether its secretary post is held — and to
 * facts a county brings from the self-check and township re-check (`--facts`), then
 * adds the branches the county names by hand. The county fixes the list; `start` opens
 * one case per branch on it.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { compareDates, shanghaiDate } from '../../domain/calendar';
import { calendarDay } from '../../domain/decisions';
import { generateDemoCounty } from '../../demo/county';
import { TITLE_VILLAGE_SECRETARY } from '../../domain/posts';
import {
  describeInspectionOutcome,
  describeScreeningReason,
  parseSuppliedFacts,
  screenBranch,
  type BranchFacts,
  type ScreeningReason,
  type SuppliedFacts,
} from '../../domain/rectification';
import type { Selectable } from 'kysely';
import type { RectificationCasesTable } from '../../schema/tables/rectification';
import { rectificationWorkflowId, type RectificationInput } from '../../workflows/rectification';
import { caseSearchAttributes } from '../../workflows/searchAttributes';
import { commandActor, directBackend, withModule, type BackendDeps, type BackendModule, type CaseView } from '../backend';
import { COUNTY_ROLES } from '../actorArgs';
import { UserError } from '../cases';
import type { Config } from '../config';
import { renderCase, table } from '../views';

export interface ScreenArgs {
  /** The screening day (YYYY-MM-DD); today by default. */
  on?: string;
  add?: string[];
  facts?: SuppliedFacts;
}

export interface ListedBranch {
  branchId: string;
  name: string;
  townshipId: string;
  reasons: ScreeningReason[];
  /** Put on the list by the county by hand; may also meet criteria. */
  addedByCounty: boolean;
}

export interface ScreenResult {
  on: string;
  screened: number;
  list: ListedBranch[];
}

export interface StartArgs extends ScreenArgs {
  branches?: string[];
  demoList?: boolean;
}

export interface StartResult {
  on: string;
  started: string[];
  existing: string[];
}

export type RectificationRow = Selectable<RectificationCasesTable>;

export interface RectificationCalls {
  screen(args: ScreenArgs): Promise<ScreenResult>;
  start(args: StartArgs): Promise<StartResult>;
  list(filter: { township?: string }): Promise<RectificationRow[]>;
  timeline(caseId: string): Promise<{ rectification: RectificationRow | null; case: CaseView }>;
}

function screeningDay(on: string | undefined, today: string): string {
  if (on === undefined) return today;
  // The domain's calendar-day parser, the one the API and the workflows use.
  const day = calendarDay(on, '--on');
  if (!day.ok) throw new UserError(day.error);
  if (compareDates(on, today) > 0) throw new UserError(`--on ${on} is after today (${today})`);
  return on;
}

interface Branch {
  orgUnitId: string;
  name: string;
  townshipId: string;
  facts: BranchFacts;
}

/**
 * Every village Party branch in force on `on`, with what the registry says of it: the
 * secretary post is vacant since its last holder left (or since the unit began, if it
 * never had one). A registry may carry a village's branch as a unit of its own under
 * the village: then the branch stands for the village, and a secretary's post on either
 * unit counts. Facts the registry does not hold — ranking, satisfaction survey,
 * development targets — are unknown unless supplied, and an unknown fact meets no
 * criterion.
 */
async function branchesOn(deps: BackendDeps, on: string, supplied: SuppliedFacts): Promise<Map<string, Branch>> {
  const units = await deps.db
    .selectFrom('org_units')
    .selectAll()
    .where('kind', 'in', ['village', 'branch'])
    .where('effective_from', '<=', on)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', on)]))
    .orderBy('org_unit_id')
    .execute();
  const posts = await deps.db
    .selectFrom('post_assignments')
    .select(['org_unit_id', 'title', 'started_on', 'ended_on'])
    .where('title', 'like', `%${TITLE_VILLAGE_SECRETARY}%`)
    .where('started_on', '<=', on)
    .execute();
  const kind = new Map(units.map((u) => [u.org_unit_id, u.kind]));
  // A village's Party branch may be registered as a unit of its own (the membership
  // register's `…-pb`); the village stays the unit of rectification, and a post held in
  // its branch unit counts for the village.
  const villageOfBranch = new Map(
    units
      .filter((u) => u.kind === 'branch' && u.parent_id !== null && kind.get(u.parent_id) === 'village')
      .map((u) => [u.org_unit_id, u.parent_id!]),
  );
  const held = new Set<string>();
  const lastEnded = new Map<string, string>();
  for (const post of posts) {
    const unitId = villageOfBranch.get(post.org_unit_id) ?? post.org_unit_id;
    if (post.ended_on === null || compareDates(post.ended_on, on) > 0) held.add(unitId);
    else if (!lastEnded.has(unitId) || compareDates(post.ended_on, lastEnded.get(unitId)!) > 0) lastEnded.set(unitId, post.ended_on);
  }
  const out = new Map<string, Branch>();
  for (const unit of units) {
    // Rectification is of village Party organizations (农村基层党组织); special and mobile
    // organizations registered as branches of a township are not screened here.
    if (!unit.township_id || unit.kind !== 'village') continue;
    const facts: BranchFacts = {
      branchId: unit.org_unit_id,
      secretaryVacantSince: held.has(unit.org_unit_id) ? null : (lastEnded.get(unit.org_unit_id) ?? unit.effective_from),
      annualRanking: null,
      satisfaction: null,
      // Unknown: the screening day itself, which no gap of years reaches.
      lastDevelopmentTargetOn: on,
      ...supplied[unit.org_unit_id],
    };
    out.set(unit.org_unit_id, { orgUnitId: unit.org_unit_id, name: unit.name, townshipId: unit.township_id, facts });
  }
  return out;
}

async function screen(deps: BackendDeps, args: ScreenArgs, today: string): Promise<ScreenResult> {
  const on = screeningDay(args.on, today);
  const facts = args.facts ?? {};
  const branches = await branchesOn(deps, on, facts);
  const unknownFacts = Object.keys(facts).filter((id) => !branches.has(id));
  if (unknownFacts.length > 0) throw new UserError(`--facts names branches not in the registry on ${on}: ${unknownFacts.join(', ')}`);
  const added = new Set(args.add ?? []);
  const unknown = [...added].filter((id) => !branches.has(id));
  if (unknown.length > 0) throw new UserError(`not a village branch in the registry on ${on}: ${unknown.join(', ')}`);
  const list: ListedBranch[] = [];
  for (const b of branches.values()) {
    const reasons = screenBranch(b.facts, on, deps.policy.rectification);
    if (reasons.length === 0 && !added.has(b.orgUnitId)) continue;
    list.push({ branchId: b.orgUnitId, name: b.name, townshipId: b.townshipId, reasons, addedByCounty: added.has(b.orgUnitId) });
  }
  return { on, screened: branches.size, list };
}

async function start(deps: BackendDeps, args: StartArgs, today: string): Promise<StartResult> {
  const ids = [...new Set([...(args.branches ?? []), ...(args.demoList ? generateDemoCounty().underperformingVillageIds : [])])];
  if (ids.length === 0) throw new UserError('name the branches on the list: --branches a,b,… or --demo-list');
  // Screened against the same day and facts, so each case records why its branch is on the list.
  const screened = await screen(deps, { on: args.on, facts: args.facts, add: ids }, today);
  const client = deps.client;
  if (!client) throw new UserError('Temporal is not reachable: start the stack with `cadreflow up` (or set TEMPORAL_ADDRESS)');
  const byId = new Map(screened.list.map((b) => [b.branchId, b]));
  const year = Number(screened.on.slice(0, 4));
  const result: StartResult = { on: screened.on, started: [], existing: [] };
  for (const id of ids) {
    const branch = byId.get(id)!;
    const caseId = rectificationWorkflowId(id, year);
    // The read model also remembers cases Temporal has long forgotten (past retention).
    const known = await deps.db.selectFrom('cases').select('case_id').where('case_id', '=', caseId).executeTakeFirst();
    if (known) {
      result.existing.push(caseId);
      continue;
    }
    const input: RectificationInput = {
      branchId: id,
      branchName: branch.name,
      townshipId: branch.townshipId,
      year,
      listedOn: screened.on,
      screening: { reasons: branch.reasons, addedByCounty: branch.reasons.length === 0 },
      policy: deps.policy,
    };
    try {
      await client.workflow.start('rectification', {
        taskQueue: deps.taskQueue,
        workflowId: caseId,
        args: [input],
        typedSearchAttributes: caseSearchAttributes('rectification', branch.townshipId, id),
        // A closed case is not started again under its id: its stream already exists.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      result.started.push(caseId);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      result.existing.push(caseId);
    }
  }
  return result;
}

export const rectificationBackend: BackendModule<RectificationCalls> = {
  name: 'rectification',
  create(deps) {
    const today = () => shanghaiDate(Date.now());
    return {
      screen: (args) => screen(deps, args, today()),
      start: (args) => start(deps, args, today()),
      async list(filter) {
        let q = deps.db.selectFrom('rectification_cases').selectAll();
        if (filter.township) q = q.where('township_id', '=', filter.township);
        return q.orderBy('township_id').orderBy('case_id').execute();
      },
      async timeline(caseId) {
        const view = await directBackend(deps).caseView(caseId);
        const row = await deps.db.selectFrom('rectification_cases').selectAll().where('case_id', '=', caseId).executeTakeFirst();
        return { rectification: row ?? null, case: view };
      },
    };
  },
};

// ---- rendering -------------------------------------------------------------------

function renderScreen(r: ScreenResult): string {
  if (r.list.length === 0) return `screened ${r.screened} branches on ${r.on}: none meets the criteria, none added`;
  const rows = r.list.map((b) => ({
    branch: b.branchId,
    name: b.name,
    township: b.townshipId,
    why: [...b.reasons.map(describeScreeningReason), ...(b.addedByCounty ? ['added by the county (县委组织部确定)'] : [])].join('; '),
  }));
  const byCriteria = r.list.filter((b) => b.reasons.length > 0).length;
  return (
    `${table(rows)}\n\n${r.list.length} of ${r.screened} branches on the list on ${r.on}: ` +
    `${byCriteria} by the criteria, ${r.list.filter((b) => b.addedByCounty).length} added by the county`
  );
}

function inspectionText(row: RectificationRow): string {
  const i = row.last_inspection;
  if (!i) return '';
  const result = i.result === 'pass' ? '合格' : i.result === 'basic-pass' ? '基本合格' : '不合格';
  return `${result} ${(i.scoreHundredths / 100).toFixed(2)} (${i.inspectedOn})`;
}

function renderList(rows: RectificationRow[]): string {
  if (rows.length === 0) return 'no rectification cases';
  return (
    table(
      rows.map((r) => ({
        case: r.case_id,
        branch: r.branch_name,
        township: r.township_id,
        round: String(r.round),
        stage: r.stage,
        support: r.support ? '四个一 ✓' : '',
        plan: r.plan_status === 'none' ? '' : `${r.plan_status}${r.plan_complete_by ? ` → ${r.plan_complete_by}` : ''}`,
        reports: `${r.reports_filed}/${r.reports_due}${r.reports_late ? `, ${r.reports_late} late` : ''}`,
        inspection: inspectionText(r),
        status: r.status,
      })),
    ) + `\n\n${rows.length} case(s), ${rows.filter((r) => r.status === 'rectified').length} rectified`
  );
}

function renderTimeline(t: { rectification: RectificationRow | null; case: CaseView }): string {
  const r = t.rectification;
  if (!r) return renderCase(t.case);
  const head = [
    `${r.branch_name} (${r.branch_id}, ${r.township_id}) · listed ${r.listed_on} · round ${r.round} since ${r.round_started_on} · ${r.status}`,
  ];
  const reasons = r.screening.reasons.map(describeScreeningReason);
  head.push(`on the list: ${[...reasons, ...(r.screening.addedByCounty ? ['added by the county'] : [])].join('; ')}`);
  if (r.support) {
    const s = r.support;
    head.push(
      `四个一: county leader ${s.countyLeader} · township leader ${s.townshipLeader} · first secretary ${s.firstSecretary} · partner ${s.partnerAgency}`,
    );
  }
  head.push(
    `plan ${r.plan_status} (draft ${r.plan_drafts})${r.plan_complete_by ? ` until ${r.plan_complete_by}` : ''} · reports ${r.reports_filed}/${r.reports_due}, ${r.reports_late} late`,
  );
  if (r.last_inspection) head.push(`last inspection (${r.last_inspection.inspectedOn}): ${describeInspectionOutcome(r.last_inspection)}`);
  if (r.signed_off_on)
    head.push(
      `signed off ${r.signed_off_on}; follow-up until ${r.follow_up_until}${r.followed_up_on ? `, reported ${r.followed_up_on}` : ''}`,
    );
  return `${head.join('\n')}\n\n${renderCase(t.case)}`;
}

// ---- commands ---------------------------------------------------------------------

const commaList = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

function readFacts(file: string | undefined): SuppliedFacts | undefined {
  if (!file) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`--facts ${file}: ${(err as Error).message}`);
  }
  const parsed = parseSuppliedFacts(raw);
  if (!parsed.ok) throw new UserError(`--facts ${file}: ${parsed.error}`);
  return parsed.value;
}

export function registerRectificationCommands(program: Command, config: Config): void {
  const cmd = program
    .command('rectification')
    .description('后进党组织整顿: the list of underperforming branches and their rectification cases');

  cmd
    .command('screen')
    .description('the screening list (排查) with reasons: the policy’s criteria over the registry, plus branches added by hand')
    .option('--add <orgUnitId,…>', 'put these branches on the list by hand (repeatable)', commaList, [])
    .option('--on <YYYY-MM-DD>', 'the screening day (default today)')
    .option(
      '--facts <file.json>',
      'facts from the self-check and township re-check: { "<branch>": { annualRanking, satisfaction, lastDevelopmentTargetOn, secretaryVacantSince } }',
    )
    .option('--json', 'print JSON')
    .action(async (opts: { add: string[]; on?: string; facts?: string; json?: boolean }) => {
      const facts = readFacts(opts.facts);
      await withModule(config, rectificationBackend, async (m) => {
        const r = await m.screen({ add: opts.add, on: opts.on, facts });
        console.log(opts.json ? JSON.stringify(r, null, 2) : renderScreen(r));
      });
    });

  cmd
    .command('start')
    .description('start one rectification case per branch on the list the county fixed (starting twice starts nothing)')
    .option('--branches <orgUnitId,…>', 'the branches on the list (repeatable)', commaList, [])
    .option('--demo-list', 'the demo county’s 13 underperforming branches')
    .option('--on <YYYY-MM-DD>', 'the day the list was fixed: the first round starts then (default today)')
    .option('--facts <file.json>', 'screening facts, recorded on each case as the reasons it is on the list (see screen)')
    .action(async (opts: { branches: string[]; demoList?: boolean; on?: string; facts?: string }) => {
      const facts = readFacts(opts.facts);
      await commandActor(config, 'rectification start', COUNTY_ROLES);
      await withModule(config, rectificationBackend, async (m) => {
        const r = await m.start({ branches: opts.branches, demoList: Boolean(opts.demoList), on: opts.on, facts });
        console.log(`rectification cases (list of ${r.on}): ${r.started.length} started, ${r.existing.length} already started`);
        for (const id of r.started) console.log(`started ${id}`);
      });
    });

  cmd
    .command('list')
    .description('rectification cases from the rectification_cases read model')
    .option('--township <id>', 'only this township (e.g. ts-03)')
    .option('--json', 'print JSON')
    .action(async (opts: { township?: string; json?: boolean }) =>
      withModule(config, rectificationBackend, async (m) => {
        const rows = await m.list({ township: opts.township });
        console.log(opts.json ? JSON.stringify(rows, null, 2) : renderList(rows));
      }),
    );

  cmd
    .command('timeline')
    .argument('<case>', 'case id, e.g. rectification/ts-03-v07/2026')
    .option('--json', 'print JSON')
    .description('a case: its branch, support, plan, reports and inspections, then every event')
    .action(async (caseId: string, opts: { json?: boolean }) =>
      withModule(config, rectificationBackend, async (m) => {
        const t = await m.timeline(caseId);
        console.log(opts.json ? JSON.stringify(t, null, 2) : renderTimeline(t));
      }),
    );
}
