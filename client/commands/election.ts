/**
 * `cadreflow election …`: start an election case (两推一选 / 双推直选), show one, list
 * results. Decisions go through the generic `cadreflow decide`; docs/election.md lists
 * each step's fields. The calls are a backend module, so they also work through a
 * running `cadreflow up` that owns the embedded database; they live in client/electionService.ts,
 * which the API's `POST /cases/election` calls too.
 */
import type { Command } from 'commander';
import type { ElectionForm } from '../../domain/election';
import { commandActor, withModule } from '../backend';
import { COUNTY_ROLES } from '../actorArgs';
import { UserError } from '../cases';
import type { Config } from '../config';
import { table } from '../views';
import { electionBackend, type ElectionResultRow, type ElectionView, type StartElectionArgs } from '../electionService';

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
      const actor = await commandActor(config, 'election start', COUNTY_ROLES);
      // The options as the API's body, read by the same parser (domain/electionStart.ts) in the service.
      const start = {
        orgUnitId: opts.branch,
        seats: Number(opts.seats),
        ...(opts.form !== undefined ? { form: opts.form } : {}),
        ...(opts.term !== undefined ? { term: opts.term } : {}),
      } as StartElectionArgs;
      await withModule(config, electionBackend, async (m) => {
        const r = await m.start(start, actor);
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
