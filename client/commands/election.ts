/**
 * `cadreflow election …`: start an election case (两推一选 / 双推直选), show one, list
 * results. Decisions go through the generic `cadreflow decide`; docs/election.md lists
 * each step's fields. The calls are a backend module, so they also work through a
 * running `cadreflow up` that owns the embedded database.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Command } from 'commander';
import { shanghaiDate } from '../../domain/calendar';
import { ELECTION_FORMS, electionWorkflowId, type ElectionForm } from '../../domain/election';
import { officeRoleOfTitle, type PreviousHolder } from '../../domain/electionPosts';
import type { ElectionInput } from '../../workflows/election';
import { caseSearchAttributes } from '../../workflows/searchAttributes';
import { commandActor, withModule, type BackendDeps, type BackendModule } from '../backend';
import { COUNTY_ROLES } from '../actorArgs';
import { UserError } from '../cases';
import type { Config } from '../config';
import type { DB } from '../../schema/db';
import { table } from '../views';
import { pendingSteps, type PendingStep } from '../pendingTasks';

export interface StartElectionArgs {
  orgUnitId: string;
  seats: number;
  form?: ElectionForm;
  term?: string;
}

export interface StartElectionResult {
  caseId: string;
  started: boolean;
  form: ElectionForm;
  previousHolders: PreviousHolder[];
}

export interface ElectionResultRow {
  caseId: string;
  orgUnitId: string;
  orgUnitName: string | null;
  townshipId: string;
  form: ElectionForm;
  term: string;
  seats: number;
  status: string;
  stage: string;
  elected: string[];
  secretary: string | null;
  deputy: string | null;
  meetingsHeld: number;
  approvedOn: string | null;
  filedOn: string | null;
}

export interface ElectionView extends ElectionResultRow {
  seatsRequested: number;
  electionDate: string | null;
  method: string | null;
  eligibleVoters: number | null;
  nominees: Array<{ personId: string; memberVotes: number; massesVotes: number; status: string; replaces: string | null }>;
  slate: string[];
  struck: string[];
  vacant: number;
  meetings: Array<{ kind: string; eligible: number; present: number; outcome: string }>;
  pending: PendingStep[];
  /** Registry names of every person the view mentions. */
  names: Record<string, string>;
}

export interface ElectionCalls {
  start(args: StartElectionArgs): Promise<StartElectionResult>;
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
    async start(args) {
      if (!deps.client) throw new UserError('Temporal is not reachable: start the stack with `cadreflow up` (or set TEMPORAL_ADDRESS)');
      if (!Number.isSafeInteger(args.seats) || args.seats < 1) throw new UserError(`--seats must be a whole number ≥ 1, got ${args.seats}`);
      const unit = await db.selectFrom('org_units').selectAll().where('org_unit_id', '=', args.orgUnitId).executeTakeFirst();
      if (!unit) throw new UserError(`no org unit with id ${args.orgUnitId} (run \`cadreflow demo\` for the demo county)`);
      if (unit.effective_to !== null) throw new UserError(`org unit ${unit.org_unit_id} was dissolved on ${unit.effective_to}`);
      const natural: ElectionForm | undefined =
        unit.kind === 'township' ? 'township' : unit.kind === 'village' || unit.kind === 'branch' ? 'village' : undefined;
      if (!natural || !unit.township_id)
        throw new UserError(`org unit ${unit.org_unit_id} is a ${unit.kind}: elections are held by village branches and townships`);
      const form = args.form ?? natural;
      if (form !== natural)
        throw new UserError(`${unit.org_unit_id} is a ${unit.kind}: its election takes the ${natural} form, not ${form}`);
      const term = args.term ?? shanghaiDate(Date.now()).slice(0, 4);
      if (!/^\d{4}$/.test(term)) throw new UserError(`--term must be a year such as 2026, got "${term}"`);

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

// ── what the commands print ────────────────────────────────────────────────────

const FORM_LABEL: Record<ElectionForm, string> = { village: '双推直选', township: '两推一选' };

function who(id: string | null, names: Record<string, string>): string {
  if (id === null) return '';
  return names[id] ? `${names[id]} (${id})` : id;
}

export function renderResults(rows: ElectionResultRow[], names: Record<string, string>): string {
  if (rows.length === 0) return 'no elections';
  return table(
    rows.map((r) => ({
      case: r.caseId,
      unit: r.orgUnitName ?? r.orgUnitId,
      township: r.townshipId,
      form: FORM_LABEL[r.form],
      seats: String(r.seats),
      status: r.status,
      stage: r.stage,
      elected: r.elected.map((p) => names[p] ?? p).join('、'),
      secretary: who(r.secretary, names),
      deputy: who(r.deputy, names),
      approved: r.approvedOn ?? '',
      filed: r.filedOn ?? '',
    })),
  );
}

export function renderElection(v: ElectionView): string {
  const n = (id: string) => who(id, v.names);
  const out = [
    `${v.caseId}  ${v.orgUnitName ?? v.orgUnitId} ${v.term} 届${FORM_LABEL[v.form]}`,
    `township ${v.townshipId} · seats ${v.seats}${v.seats !== v.seatsRequested ? ` (reduced from ${v.seatsRequested})` : ''} · ${v.status} · stage ${v.stage}`,
  ];
  if (v.electionDate) out.push(`election on ${v.electionDate} · ${v.method ?? ''} · ${v.eligibleVoters ?? '?'} members with voting rights`);
  if (v.nominees.length) {
    out.push(
      '',
      'nominees:',
      table(
        v.nominees.map((x) => ({
          person: n(x.personId),
          members: String(x.memberVotes),
          masses: String(x.massesVotes),
          status: x.status,
          replaces: x.replaces ?? '',
        })),
      ),
    );
  }
  if (v.slate.length) out.push('', `slate: ${v.slate.map(n).join('、')}`);
  if (v.struck.length) out.push(`struck: ${v.struck.map(n).join('、')}`);
  if (v.elected.length) out.push(`elected: ${v.elected.map(n).join('、')}${v.vacant ? ` · ${v.vacant} seat(s) vacant` : ''}`);
  if (v.secretary) out.push(`secretary: ${n(v.secretary)}${v.deputy ? ` · deputy: ${n(v.deputy)}` : ''}`);
  if (v.meetings.length) {
    out.push(
      '',
      `meetings held: ${v.meetingsHeld}`,
      table(v.meetings.map((m) => ({ meeting: m.kind, eligible: String(m.eligible), present: String(m.present), outcome: m.outcome }))),
    );
  }
  if (v.approvedOn) out.push('', `approved ${v.approvedOn}${v.filedOn ? ` · filed ${v.filedOn}` : ''}`);
  if (v.pending.length)
    out.push('', 'pending:', table(v.pending.map((t) => ({ step: t.step, for: t.role, due: t.dueAt.slice(0, 10), title: t.title }))));
  return out.join('\n');
}

export function registerElectionCommands(program: Command, config: Config): void {
  const election = program.command('election').description('两推一选 / 双推直选: elections of village branch and township committees');

  election
    .command('start')
    .description('start an election case (the branch’s request, 请示); its steps are decided with `cadreflow decide`')
    .requiredOption('--branch <orgUnitId>', 'the village (branch) or township holding the election, e.g. ts-03-v07')
    .requiredOption('--seats <n>', 'committee seats to fill')
    .option('--form <form>', `village (双推直选) or township (两推一选); default from the unit`)
    .option('--term <year>', 'the term, e.g. 2026 (default: this year)')
    .action(async (opts: { branch: string; seats: string; form?: string; term?: string }) => {
      if (!/^\d+$/.test(opts.seats)) throw new UserError(`--seats must be a whole number, got "${opts.seats}"`);
      if (opts.form !== undefined && !(ELECTION_FORMS as readonly string[]).includes(opts.form)) {
        throw new UserError(`--form must be ${ELECTION_FORMS.join(' or ')}, got "${opts.form}"`);
      }
      await commandActor(config, 'election start', COUNTY_ROLES);
      await withModule(config, electionBackend, async (m) => {
        const r = await m.start({
          orgUnitId: opts.branch,
          seats: Number(opts.seats),
          form: opts.form as ElectionForm | undefined,
          term: opts.term,
        });
        const replaces = r.previousHolders.length
          ? `; replaces ${r.previousHolders.map((p) => `${p.title} ${p.personId}`).join(', ')}`
          : '';
        console.log(
          r.started ? `started ${r.caseId} (${FORM_LABEL[r.form]}${replaces})` : `${r.caseId} is already running; nothing started`,
        );
      });
    });

  election
    .command('show')
    .argument('<case>', 'e.g. election/ts-03-v07/2026')
    .option('--json', 'print JSON')
    .description('an election: nominees, slate, ballots, the elected and pending steps (`case show` has the timeline)')
    .action(async (caseId: string, opts: { json?: boolean }) =>
      withModule(config, electionBackend, async (m) => {
        const view = await m.show(caseId);
        console.log(opts.json ? JSON.stringify(view, null, 2) : renderElection(view));
      }),
    );

  election
    .command('results')
    .description('election results per branch, from the elections read model')
    .option('--township <id>', 'only this township (e.g. ts-03)')
    .option('--json', 'print JSON')
    .action(async (opts: { township?: string; json?: boolean }) =>
      withModule(config, electionBackend, async (m) => {
        const r = await m.results({ township: opts.township });
        console.log(opts.json ? JSON.stringify(r.elections, null, 2) : renderResults(r.elections, r.names));
      }),
    );
}
