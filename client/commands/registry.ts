/**
 * `cadreflow registry template|import|export`: the roster (名册) as an .xlsx workbook. The
 * template has the columns, drop-down lists and notes a county fills in; `import --dry-run`
 * checks every row against the file and the registry and shows what would change, writing
 * nothing; `export` writes the registry in the template's layout. Writing an imported
 * roster into the registry arrives with the registry's events; until then an import
 * without --dry-run is refused. exceljs is loaded inside each action (client/roster/loadExceljs.ts), never at the CLI's start.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { shanghaiDate } from '../../domain/calendar';
import { rosterChanges } from '../../domain/roster/changes';
import { checkRoster } from '../../domain/roster/checkRoster';
import { rosterFromRegistry } from '../../domain/roster/fromRegistry';
import { yearMonthOfDay } from '../../domain/roster/yearMonth';
import { withModule } from '../backend';
import { UserError } from '../cases';
import type { Config } from '../config';
import { rosterBackend } from '../roster/backendModule';
import { renderRosterReport } from '../roster/report';
import { readRosterWorkbook } from '../roster/workbookRead';
import { writeRosterWorkbook } from '../roster/workbookWrite';
import { checkFileSize } from '../roster/zipGuard';

export function registerRegistryCommands(program: Command, config: Config): void {
  const registry = program.command('registry').description('the registry as a roster (名册, .xlsx): template, import check, export');

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
    .description('check a roster workbook against the registry; with --dry-run, print the problems and what would change, writing nothing')
    .argument('<file>', 'the .xlsx roster')
    .option('--dry-run', 'check and report only (writing a roster into the registry is not available yet)')
    .action(async (file: string, opts: { dryRun?: boolean }) => {
      if (!opts.dryRun) {
        throw new UserError(
          '写入名册要等登记事件上线，现在只能用 --dry-run 检查 / writing a roster into the registry arrives with the registry events: ' +
            'run with --dry-run to check the file and see what would change',
        );
      }
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        throw new UserError(`找不到文件 ${file} / no such file: ${file}`);
      }
      checkFileSize(size);
      const input = await readRosterWorkbook(readFileSync(file));
      const snapshot = await withModule(config, rosterBackend, (m) => m.registrySnapshot());
      const checked = checkRoster(input, snapshot, yearMonthOfDay(shanghaiDate(Date.now())));
      const changes = rosterChanges(checked, snapshot);
      console.log(renderRosterReport(file, checked, changes));
      if (checked.problems.length > 0) {
        throw new UserError(
          `名册有 ${checked.problems.length} 个问题，不能导入 / the roster has ${checked.problems.length} problems and cannot be imported`,
        );
      }
    });

  registry
    .command('export')
    .description('write the registry as a roster (名册) in the template’s layout')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .action(async (opts: { out: string }) => {
      const snapshot = await withModule(config, rosterBackend, (m) => m.registrySnapshot());
      const rows = rosterFromRegistry(snapshot);
      writeFileSync(opts.out, await writeRosterWorkbook(rows));
      console.log(`wrote ${rows.orgUnits.length} org units and ${rows.people.length} people to ${opts.out}`);
    });
}
