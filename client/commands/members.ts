/**
 * 发展党员 from the command line: `cadreflow member apply|demo` and `cadreflow pipeline`.
 * Opening a case is client/memberApplicationService.ts, which the API and the web form
 * reach too.
 * The calls are a backend module, so they work through a running `up` (embedded
 * database) as well as directly against DATABASE_URL.
 */
import type { Actor } from '../../domain/actors';
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { shanghaiDate } from '../../domain/calendar';
import { calendarDay } from '../../domain/decisions';
import type { DB } from '../../schema/db';
import { commandActor, withModule, type BackendDeps, type BackendModule } from '../backend';
import { COUNTY_ROLES } from '../actorArgs';
import { UserError } from '../cases';
import type { Config } from '../config';
import { table } from '../views';
import { runMemberDemo, type MemberDemoResult } from '../memberCases';
import { PIPELINE_STAGES, type PipelineView, type VillagePipeline } from '../../domain/wire/pipeline';
import { applyForMembership, type ApplyArgs, type ApplyResult } from '../memberApplicationService';

export interface PipelineFilter {
  township?: string;
  atRisk?: boolean;
  /** `YYYY-MM-DD`: the day whose year is forecast; default today. */
  asOf?: string;
}

// The wire types live in domain/wire/pipeline.ts, for the server and the web UI.
export { PIPELINE_STAGES };
export type { PipelineView, VillagePipeline };

export interface MembersApi {
  /** `startedBy`: the account that opens it, recorded as the actor of the case's first events. */
  apply(args: ApplyArgs, startedBy?: Actor): Promise<ApplyResult>;
  pipeline(filter: PipelineFilter): Promise<PipelineView>;
  demo(): Promise<MemberDemoResult>;
}

function today(now = Date.now()): string {
  return shanghaiDate(now);
}

/** A date option, read by the domain's calendar-day parser (the one the API and the workflows use). */
function checkDay(value: string, option: string): string {
  const day = calendarDay(value, option);
  if (!day.ok) throw new UserError(day.error);
  return day.value;
}

// ── The pipeline ────────────────────────────────────────────────────────────

const IN_DEVELOPMENT: ReadonlySet<string> = new Set(['applicant', 'activist', 'development-target']);

export async function memberPipeline(db: DB, filter: PipelineFilter, now = Date.now()): Promise<PipelineView> {
  const asOf = filter.asOf ? checkDay(filter.asOf, 'asOf') : today(now);
  const year = asOf.slice(0, 4);
  const yearEnd = `${year}-12-31`;
  let villagesQ = db
    .selectFrom('org_units')
    .select(['org_unit_id', 'name', 'township_id'])
    .where('kind', '=', 'village')
    .where('effective_to', 'is', null);
  if (filter.township) villagesQ = villagesQ.where('township_id', '=', filter.township);
  const villages = await villagesQ.execute();
  let membersQ = db
    .selectFrom('party_members')
    .select([
      'person_id',
      'name',
      'village_id',
      'status',
      'stopped_on',
      'admitted_on',
      'earliest_admission_on',
      'case_id',
      'next_step',
      'next_due_on',
    ])
    .where('village_id', 'is not', null);
  if (filter.township) membersQ = membersQ.where('township_id', '=', filter.township);
  const members = await membersQ.execute();

  const byVillage = new Map<string, typeof members>();
  for (const m of members) byVillage.set(m.village_id!, [...(byVillage.get(m.village_id!) ?? []), m]);
  const out: VillagePipeline[] = villages.map((v) => {
    const rows = byVillage.get(v.org_unit_id) ?? [];
    const counts = Object.fromEntries(PIPELINE_STAGES.map((s) => [s, 0])) as VillagePipeline['counts'];
    let admittedThisYear = 0;
    let earliest: string | null = null;
    let next: VillagePipeline['next'] = null;
    for (const r of rows) {
      if (r.stopped_on !== null) continue;
      if (r.status in counts) counts[r.status as keyof typeof counts] += 1;
      if (r.admitted_on !== null && r.admitted_on.startsWith(year) && r.admitted_on <= asOf) admittedThisYear += 1;
      if (IN_DEVELOPMENT.has(r.status) && r.earliest_admission_on !== null && (earliest === null || r.earliest_admission_on < earliest)) {
        earliest = r.earliest_admission_on;
      }
      if (r.case_id !== null && r.next_step !== null && r.next_due_on !== null && (next === null || r.next_due_on < next.dueOn)) {
        next = { personId: r.person_id, name: r.name, step: r.next_step, dueOn: r.next_due_on };
      }
    }
    const atRisk = admittedThisYear === 0 && (earliest === null || earliest > yearEnd);
    return {
      villageId: v.org_unit_id,
      village: v.name,
      townshipId: v.township_id ?? '',
      counts,
      admittedThisYear,
      earliestAdmissionOn: earliest,
      next,
      atRisk,
    };
  });
  out.sort((a, b) => (a.villageId < b.villageId ? -1 : a.villageId > b.villageId ? 1 : 0));
  const atRisk = out.filter((v) => v.atRisk).length;
  return { asOf, year, villages: filter.atRisk ? out.filter((v) => v.atRisk) : out, atRisk };
}

export function renderPipeline(view: PipelineView, atRiskOnly: boolean): string {
  if (view.villages.length === 0) return atRiskOnly ? `no village is at risk of developing no member in ${view.year}` : 'no villages';
  const rows = view.villages.map((v) => ({
    village: `${v.villageId} ${v.village}`,
    申请人: String(v.counts.applicant),
    积极分子: String(v.counts.activist),
    发展对象: String(v.counts['development-target']),
    预备党员: String(v.counts.probationary),
    正式党员: String(v.counts.full),
    [`admitted ${view.year}`]: String(v.admittedThisYear),
    next: v.next ? `${v.next.dueOn} ${v.next.step} (${v.next.personId} ${v.next.name})` : '',
    risk: v.atRisk ? 'AT RISK' : '',
  }));
  const listed = view.villages.filter((v) => v.atRisk);
  const summary =
    `${view.atRisk} village(s) at risk of developing no new member in ${view.year} ` +
    `(none admitted so far and no one who can be admitted by ${view.year}-12-31, as of ${view.asOf})` +
    (listed.length > 0 && !atRiskOnly ? `: ${listed.map((v) => v.villageId).join(', ')}` : '');
  return `${table(rows)}\n\n${summary}`;
}

// ── The backend module and the commands ─────────────────────────────────────

export const membersModule: BackendModule<MembersApi> = {
  name: 'members',
  create(deps: BackendDeps): MembersApi {
    const temporal = (): Client => {
      if (!deps.client) throw new UserError('Temporal is not reachable: start the stack with `cadreflow up` (or set TEMPORAL_ADDRESS)');
      return deps.client;
    };
    return {
      apply: (args, startedBy) => applyForMembership(temporal(), deps.db, deps.policy, args, deps.taskQueue, startedBy),
      pipeline: (filter) => memberPipeline(deps.db, filter),
      demo: () => runMemberDemo(temporal(), deps.db, deps.policy, deps.taskQueue),
    };
  },
};

export function registerMemberCommands(program: Command, config: Config): void {
  const member = program.command('member').description('发展党员: Party member development cases');

  member
    .command('apply')
    .description('open a development case: a new application, or a person in the register from their stage on')
    .requiredOption('--person <personId>', 'the applicant (person id, e.g. p-1200)')
    .option('--applied <YYYY-MM-DD>', 'the day the application was handed in (default today)')
    .option('--branch <orgUnitId>', 'the Party organization applied to (default the person’s village branch)')
    .action(async (opts: { person: string; applied?: string; branch?: string }) => {
      const actor = await commandActor(config, 'member apply', COUNTY_ROLES);
      await withModule(config, membersModule, async (m) => {
        // The options as the API's body, read by the same parser (domain/memberApplication.ts) in the service.
        const r = await m.apply(
          {
            personId: opts.person,
            ...(opts.applied !== undefined ? { appliedOn: opts.applied } : {}),
            ...(opts.branch !== undefined ? { branchId: opts.branch } : {}),
          },
          actor,
        );
        console.log(r.started ? `started ${r.caseId} (${r.stage})` : `${r.caseId} already exists (${r.stage}); nothing started`);
      });
    });

  member
    .command('demo')
    .description('load the demo county’s Party organizations and membership register, and start development cases at every stage')
    .action(async () => {
      await commandActor(config, 'member demo', COUNTY_ROLES);
      await withModule(config, membersModule, async (m) => {
        const r = await m.demo();
        console.log(
          `membership register: ${r.registerEvents} events ${r.registerAppended ? 'appended' : 'already present'}; ` +
            `development cases: ${r.casesStarted} started, ${r.casesExisting} already running`,
        );
        console.log('next: `cadreflow pipeline --at-risk`, `cadreflow tasks`');
      });
    });

  program
    .command('pipeline')
    .description('the member pipeline per village: people at each stage, the next step due, villages at risk this year')
    .option('--township <id>', 'only this township (e.g. ts-03)')
    .option('--at-risk', 'only villages at risk of developing no member this year')
    .option('--as-of <YYYY-MM-DD>', 'the day whose year is forecast (default today)')
    .option('--json', 'print JSON')
    .action(async (opts: { township?: string; atRisk?: boolean; asOf?: string; json?: boolean }) =>
      withModule(config, membersModule, async (m) => {
        const view = await m.pipeline({ township: opts.township, atRisk: Boolean(opts.atRisk), asOf: opts.asOf });
        console.log(opts.json ? JSON.stringify(view, null, 2) : renderPipeline(view, Boolean(opts.atRisk)));
      }),
    );
}
