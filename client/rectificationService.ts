/**
 * The rectification's calls (后进党组织整顿, docs/rectification.md): screen the village
 * branches (排查) against the policy's criteria, start one case per branch on the list the
 * county fixed, list the cases, show one. One module under the CLI (`cadreflow
 * rectification`, client/commands/rectification.ts), the HTTP API (`POST
 * /rectification/screenings`, `POST /cases/rectification`, the dashboard) and the web
 * form; served by `up` as a backend module. A screening and a start are read by the
 * domain's parsers (domain/rectificationStart.ts) here, once, for all three.
 *
 * Screening applies the policy's criteria (the pure `screenBranch`) to what the registry
 * knows of each village branch — whether its secretary post is held — and to facts a
 * county brings from the self-check and township re-check (the facts file), then adds the
 * branches the county names by hand.
 */
import type { Actor } from '../domain/actors';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Selectable } from 'kysely';
import { compareDates, shanghaiDate } from '../domain/calendar';
import { TITLE_VILLAGE_SECRETARY } from '../domain/posts';
import { screenBranch, type BranchFacts, type SuppliedFacts } from '../domain/rectification';
import {
  parseRectificationScreening,
  parseRectificationStart,
  type ListedBranch,
  type RectificationScreening,
  type RectificationStart,
  type ScreenResult,
} from '../domain/rectificationStart';
import type { RectificationCasesTable } from '../schema/tables/rectification';
import { rectificationWorkflowId, type RectificationInput } from '../workflows/rectification';
import { caseSearchAttributes } from '../workflows/searchAttributes';
import { directBackend, type CaseView } from './backend';
import type { BackendDeps, BackendModule } from './backendModule';
import { refusedInput, UserError } from './cases';

export type { ListedBranch, ScreenResult };

/** What `rectification screen`, `POST /rectification/screenings` and the web form send: the screening as entered. */
export type ScreenArgs = Partial<RectificationScreening>;

/** What `rectification start`, `POST /cases/rectification` and the web form send: the list as entered. */
export type StartArgs = RectificationStart;

export interface StartResult {
  on: string;
  started: string[];
  existing: string[];
}

export type RectificationRow = Selectable<RectificationCasesTable>;

export interface RectificationCalls {
  screen(args: ScreenArgs): Promise<ScreenResult>;
  /** `startedBy`: the account that starts them, recorded as the actor of each case's first events. */
  start(args: StartArgs, startedBy?: Actor): Promise<StartResult>;
  list(filter: { township?: string }): Promise<RectificationRow[]>;
  timeline(caseId: string): Promise<{ rectification: RectificationRow | null; case: CaseView }>;
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

async function screen(deps: BackendDeps, raw: ScreenArgs, today: string): Promise<ScreenResult> {
  const parsed = parseRectificationScreening(raw, today);
  if (!parsed.ok) throw refusedInput(parsed);
  const args = parsed.value;
  const on = args.on ?? today;
  const facts = args.facts ?? {};
  const branches = await branchesOn(deps, on, facts);
  const unknownFacts = Object.keys(facts).filter((id) => !branches.has(id));
  if (unknownFacts.length > 0) throw new UserError(`facts names branches not in the registry on ${on}: ${unknownFacts.join(', ')}`);
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

async function start(deps: BackendDeps, raw: StartArgs, today: string, startedBy?: Actor): Promise<StartResult> {
  const parsed = parseRectificationStart(raw, today);
  if (!parsed.ok) throw refusedInput(parsed);
  const args = parsed.value;
  const ids = args.branches;
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
      ...(startedBy ? { startedBy } : {}),
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
      start: (args, startedBy) => start(deps, args, today(), startedBy),
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
