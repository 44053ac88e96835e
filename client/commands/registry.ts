/**
 * `cadreflow registry template|import|export` (and `search|stats`, registrySearch.ts): the roster (名册) as an .xlsx workbook. The
 * template has the columns, drop-down lists and notes a county fills in; `import` checks
 * every row against the file and the registry, shows what changes and, as county staff
 * (`--user`), appends the events that record it in one batch (domain/roster/importPlan.ts);
 * `--dry-run` stops before writing; `export` writes the registry in the template's layout. exceljs is loaded inside each action (client/roster/loadExceljs.ts), never at the CLI's start.
 */
import { cliOperator } from '../api/accessLog';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { shanghaiDate } from '../../domain/calendar';
import { checkRoster } from '../../domain/roster/checkRoster';
import { planRosterImport } from '../../domain/roster/importPlan';
import { sortProblems } from '../../domain/roster/problems';
import { yearMonthOfDay } from '../../domain/roster/yearMonth';
import { COUNTY_ROLES } from '../actorArgs';
import { commandActor, withModule } from '../backend';
import { UserError } from '../cases';
import type { Config } from '../config';
import { Progress } from '../progress';
import { rosterBackend } from '../roster/backendModule';
import { documentsBackend } from '../documents/backendModule';
import { writeRoster } from '../documents/roster';
import { sha256Hex } from '../roster/importWrite';
import { renderRosterReport } from '../roster/report';
import { readRosterWorkbook } from '../roster/workbookRead';
import { writeRosterWorkbook } from '../roster/workbookWrite';
import { checkFileSize } from '../roster/zipGuard';
import { registerLrmxCommands } from './lrmx';
import { registerSearchCommands } from './registrySearch';
import { registerRegistryChangeCommands } from './registryChanges';

export function registerRegistryCommands(program: Command, config: Config): void {
  const registry = program
    .command('registry')
    .description('the registry: its roster (名册, .xlsx: template, import, export) and its changes (register, correct, appoint, …)');

  registry
    .command('template')
    .description('write the roster template: a people sheet and an org-unit sheet, with drop-down lists for the closed sets')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .action(async (opts: { out: string }) => {
      writeFileSync(opts.out, await writeRosterWorkbook());
      console.log(`wrote the roster template to ${opts.out}`);
    });

  registry
    .command('import')
    .description(
      'import a roster workbook into the registry (county staff, --user): every change an event, the whole file or nothing; with --dry-run, print the problems and what would change, writing nothing',
    )
    .argument('<file>', 'the .xlsx roster')
    .option('--dry-run', 'check and report only, writing nothing')
    .action(async (file: string, opts: { dryRun?: boolean }) => {
      // Who imports is settled before the file is read: a wrong --user costs nothing.
      const actor = opts.dryRun ? null : await commandActor(config, 'registry import', COUNTY_ROLES);
      const progress = opts.dryRun ? null : new Progress();
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        throw new UserError(`找不到文件 ${file} / no such file: ${file}`);
      }
      checkFileSize(size);
      progress?.begin('roster', `reading ${file}`);
      const input = await readRosterWorkbook(readFileSync(file));
      progress?.begin('roster', 'checking against the registry');
      const snapshot = await withModule(config, rosterBackend, (m) => m.registrySnapshot());
      const today = shanghaiDate(Date.now());
      const checked = checkRoster(input, snapshot, yearMonthOfDay(today));
      const plan = planRosterImport(checked, snapshot, today, sha256Hex);
      const reported = { ...checked, problems: sortProblems([...checked.problems, ...plan.problems]) };
      progress?.done(`${checked.rows.orgUnits} org-unit rows, ${checked.rows.people} people rows`);
      console.log(renderRosterReport(file, reported, plan.changes, actor !== null && reported.problems.length === 0));
      if (reported.problems.length > 0) {
        throw new UserError(
          `名册有 ${reported.problems.length} 个问题，不能导入，未写入任何内容 / the roster has ${reported.problems.length} problems and cannot be imported; nothing was written`,
        );
      }
      if (!actor || !progress) return;
      const events = plan.appends.reduce((n, a) => n + a.events.length, 0);
      progress.begin('registry', `appending ${events} events for ${plan.appends.length} units and people, as one batch`);
      const written = await withModule(config, rosterBackend, (m) => m.writeImport(plan.appends, actor));
      progress.done(`${written.events} events appended`);
      console.log(
        `写入 ${written.events} 个事件，${written.duplicates} 项此前已导入 / ` +
          `wrote ${written.events} events; ${written.duplicates} changes were imported before and were not written again`,
      );
    });

  registry
    .command('export')
    .description('write the registry as a roster (名册) in the template’s layout')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .action(async (opts: { out: string }) => {
      // The roster `GET /documents/roster.xlsx` serves county staff, read by the same call: ID and phone numbers whole, recorded.
      const rows = await withModule(config, documentsBackend, (m) => m.roster(null, { whole: true, by: cliOperator() }));
      writeFileSync(opts.out, await writeRoster(rows));
      console.log(`wrote ${rows.orgUnits.length} org units and ${rows.people.length} people to ${opts.out}`);
    });

  // A person's 干部任免审批表 (LRMX, .docx): commands/lrmx.ts.
  registerLrmxCommands(registry, config);
  registerSearchCommands(registry, config);
  registerRegistryChangeCommands(registry, config);
}
