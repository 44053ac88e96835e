/**
 * The election's calls (两推一选 for a township committee, 双推直选 for a village branch,
 * docs/election.md): start a case, list results, show one. One module under the CLI
 * (`cadreflow election`, client/commands/election.ts), the HTTP API (`POST /cases/election`)
 * and the web form; served by `up` as a backend module. A start is read by the domain's
 * `parseElectionStart` (domain/electionStart.ts) here, once, for all three.
 */
import type { Actor } from '../domain/actors';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { shanghaiDate } from '../domain/calendar';
import type { ElectionForm } from '../domain/election';
import { electionWorkflowId } from '../domain/election';
import { parseElectionStart, type ElectionStart } from '../domain/electionStart';
import { officeRoleOfTitle, type PreviousHolder } from '../domain/electionPosts';
import type { ElectionInput } from '../workflows/election';
import { caseSearchAttributes } from '../workflows/searchAttributes';
import type { DB } from '../schema/db';
import type { BackendDeps, BackendModule } from './backendModule';
import { NotInRegistryError, refusedInput, UserError } from './cases';
import { pendingSteps } from './pendingTasks';
import type { ElectionResultRow, ElectionView } from '../domain/wire/electionResults';

/** What `election start`, `POST /cases/election` and the web form send: the start as entered. */
export type StartElectionArgs = ElectionStart;

export interface StartElectionResult {
  caseId: string;
  started: boolean;
  form: ElectionForm;
  previousHolders: PreviousHolder[];
}

// The wire types live in domain/wire/electionResults.ts, for the server and the web UI.
export type { ElectionResultRow, ElectionView };

export interface ElectionCalls {
  /** `startedBy`: the account that starts it, recorded as the actor of the case's first events. */
  start(args: StartElectionArgs, startedBy?: Actor): Promise<StartElectionResult>;
  results(filter: { township?: string }): Promise<{ elections: ElectionResultRow[]; names: Record<string, string> }>;
  show(caseId: string): Promise<ElectionView>;
}

/**
 * Who an election's recommendations and replacements may name, passed to the case when it
 * starts because its validator cannot read the registry: the township's cadres (`people`)
 * and its Party register (`party_members`), sorted.
 */
export async function eligiblePersonsOf(db: DB, townshipId: string): Promise<string[]> {
  const [cadres, members] = await Promise.all([
    db.selectFrom('people').select('person_id').where('township_id', '=', townshipId).execute(),
    db.selectFrom('party_members').select('person_id').where('township_id', '=', townshipId).execute(),
  ]);
  return [...new Set([...cadres, ...members].map((r) => r.person_id))].sort();
}

function createCalls(deps: BackendDeps): ElectionCalls {
  const { db } = deps;

  async function names(ids: Iterable<string>): Promise<Record<string, string>> {
    const list = [...new Set(ids)];
    if (list.length === 0) return {};
    const rows = await db.selectFrom('people').select(['person_id', 'name']).where('person_id', 'in', list).execute();
    return Object.fromEntries(rows.map((r) => [r.person_id, r.name]));
  }

  async function rows(where: { caseId?: string; township?: string }) {
    let q = db
      .selectFrom('elections')
      .leftJoin('org_units', 'org_units.org_unit_id', 'elections.org_unit_id')
      .selectAll('elections')
      .select('org_units.name as org_unit_name');
    if (where.caseId) q = q.where('elections.case_id', '=', where.caseId);
    if (where.township) q = q.where('elections.township_id', '=', where.township);
    return q.orderBy('elections.township_id').orderBy('elections.org_unit_id').orderBy('elections.term').execute();
  }

  type Row = Awaited<ReturnType<typeof rows>>[number];
  const summary = (r: Row): ElectionResultRow => ({
    caseId: r.case_id,
    orgUnitId: r.org_unit_id,
    orgUnitName: r.org_unit_name,
    townshipId: r.township_id,
    form: r.form,
    term: r.term,
    seats: r.seats,
    status: r.status,
    stage: r.stage,
    elected: r.elected,
    secretary: r.secretary,
    deputy: r.deputy,
    meetingsHeld: r.meetings_held,
    approvedOn: r.approved_on,
    filedOn: r.filed_on,
  });

  return {
    async start(raw, startedBy) {
      const parsed = parseElectionStart(raw);
      if (!parsed.ok) throw refusedInput(parsed);
      const args = parsed.value;
      if (!deps.client) throw new UserError('Temporal is not reachable: start the stack with `cadreflow up` (or set TEMPORAL_ADDRESS)');
      const unit = await db.selectFrom('org_units').selectAll().where('org_unit_id', '=', args.orgUnitId).executeTakeFirst();
      if (!unit) throw new NotInRegistryError(`no org unit ${args.orgUnitId} in the registry`);
      if (unit.effective_to !== null) throw new UserError(`org unit ${unit.org_unit_id} was dissolved on ${unit.effective_to}`);
      const natural: ElectionForm | undefined =
        unit.kind === 'township' ? 'township' : unit.kind === 'village' || unit.kind === 'branch' ? 'village' : undefined;
      if (!natural || !unit.township_id)
        throw new UserError(`${unit.org_unit_id} is a ${unit.kind}: elections are held by village branches and townships`);
      const form = args.form ?? natural;
      if (form !== natural)
        throw new UserError(`${unit.org_unit_id} is a ${unit.kind}: its election takes the ${natural} form, not ${form}`);
      const term = args.term ?? shanghaiDate(Date.now()).slice(0, 4);

      // The posts the new committee will replace: open ones of this unit whose title is a committee post.
      const posts = await db
        .selectFrom('post_assignments')
        .selectAll()
        .where('org_unit_id', '=', unit.org_unit_id)
        .where('ended_on', 'is', null)
        .orderBy('assignment_id')
        .execute();
      const previousHolders: PreviousHolder[] = posts.flatMap((p) => {
        const role = officeRoleOfTitle(p.title, form);
        return role ? [{ assignmentId: p.assignment_id, personId: p.person_id, title: p.title, rank: p.rank, role }] : [];
      });
      const townshipId = unit.township_id;
      const eligiblePersons = await eligiblePersonsOf(db, townshipId);
      const input: ElectionInput = {
        orgUnitId: unit.org_unit_id,
        orgUnitName: unit.name,
        townshipId,
        form,
        term,
        seats: args.seats,
        previousHolders,
        eligiblePersons,
        policy: deps.policy,
        ...(startedBy ? { startedBy } : {}),
      };
      const caseId = electionWorkflowId(unit.org_unit_id, term);
      try {
        await deps.client.workflow.start('election', {
          taskQueue: deps.taskQueue,
          workflowId: caseId,
          args: [input],
          typedSearchAttributes: caseSearchAttributes('election', input.townshipId, input.orgUnitId),
        });
        return { caseId, started: true, form, previousHolders };
      } catch (err) {
        // One case per unit and term: starting it again is harmless and starts nothing.
        if (err instanceof WorkflowExecutionAlreadyStartedError) return { caseId, started: false, form, previousHolders };
        throw err;
      }
    },

    async results(filter) {
      const elections = (await rows({ township: filter.township })).map(summary);
      return { elections, names: await names(elections.flatMap((e) => e.elected)) };
    },

    async show(caseId) {
      const [row] = await rows({ caseId });
      if (!row) throw new UserError(`no election case ${caseId}`);
      const mentioned = [...row.nominees.map((n) => n.personId), ...row.slate, ...row.elected];
      return {
        ...summary(row),
        seatsRequested: row.seats_requested,
        electionDate: row.election_date,
        method: row.method,
        eligibleVoters: row.eligible_voters,
        nominees: row.nominees,
        slate: row.slate,
        struck: row.struck,
        vacant: row.vacant,
        meetings: row.meetings,
        pending: await pendingSteps(db, caseId),
        names: await names(mentioned),
      };
    },
  };
}

export const electionBackend: BackendModule<ElectionCalls> = { name: 'election', create: createCalls };
