/**
 * `cadreflow rectification screen|start|list|timeline`: the county's list of
 * underperforming branches (后进党组织) and their rectification cases. The calls are
 * client/rectificationService.ts, which the API and the web form reach too.
 *
 * Screening applies the policy's criteria (the pure `screenBranch`) to what the
 * registry knows of each village branch — whether its secretary post is held — and to
 * facts a county brings from the self-check and township re-check (`--facts`), then
 * adds the branches the county names by hand. The county fixes the list; `start` opens
 * one case per branch on it.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { generateDemoCounty } from '../../demo/county';
import { describeInspectionOutcome, describeScreeningReason, parseSuppliedFacts, type SuppliedFacts } from '../../domain/rectification';
import { commandActor, withModule, type CaseView } from '../backend';
import { COUNTY_ROLES } from '../actorArgs';
import { UserError } from '../cases';
import type { Config } from '../config';
import { rectificationBackend, type RectificationRow, type ScreenResult } from '../rectificationService';
import { renderCase, table } from '../views';

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
        const r = await m.screen({ add: opts.add, ...(opts.on !== undefined ? { on: opts.on } : {}), ...(facts ? { facts } : {}) });
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
      const actor = await commandActor(config, 'rectification start', COUNTY_ROLES);
      await withModule(config, rectificationBackend, async (m) => {
        // The demo county's list is the CLI's own shortcut; the service takes the branches as the API does.
        const branches = [...opts.branches, ...(opts.demoList ? generateDemoCounty().underperformingVillageIds : [])];
        if (branches.length === 0) throw new UserError('name the branches on the list: --branches a,b,… or --demo-list');
        const r = await m.start({ branches, ...(opts.on !== undefined ? { on: opts.on } : {}), ...(facts ? { facts } : {}) }, actor);
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
