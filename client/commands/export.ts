/**
 * `cadreflow export roster|evaluation-results|rectification-ledger|notice`: the documents
 * people open, written from the event log and the read models only (client/documents/),
 * so writing one again gives the same text. Read-only: no --user needed.
 */
import { cliOperator } from '../api/accessLog';
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { withModule } from '../backend';
import type { Config } from '../config';
import { documentsBackend } from '../documents/backendModule';
import { writeResultSheet } from '../documents/evaluationResults';
import { configuredContact, writeNoticeDocx } from '../documents/publicNotice';
import { writeLedger } from '../documents/rectificationLedger';
import { writeRoster } from '../documents/roster';
import { UserError } from '../userError';

/** The API's id pattern (client/api/schemas.ts `ID`), so both refuse the same ids. */
const TOWNSHIP_ID = /^[A-Za-z0-9][A-Za-z0-9._:/+-]{0,199}$/;

/** One parser for a township option, as the API's schema checks it. */
export function parseTownshipOption(v: string | undefined): string | null {
  if (v === undefined) return null;
  if (!TOWNSHIP_ID.test(v)) throw new UserError(`乡镇编号无效：${v} / not a township id: ${v}`);
  return v;
}

export function parseYearOption(v: string | undefined): number | null {
  if (v === undefined) return null;
  if (!/^\d{4}$/.test(v) || Number(v) < 2000 || Number(v) > 2100)
    throw new UserError(`年份无效：${v}（应为 2000–2100） / not a year from 2000 to 2100: ${v}`);
  return Number(v);
}

export function registerExportCommands(program: Command, config: Config): void {
  const exp = program
    .command('export')
    .description('documents to open: roster, evaluation result sheet, rectification ledger, public notice (.xlsx/.docx)');

  exp
    .command('roster')
    .description('名册: the registry as a roster workbook (.xlsx)')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .option('--township <id>', 'only this township and its villages')
    .action(async (opts: { out: string; township?: string }) => {
      const township = parseTownshipOption(opts.township);
      const rows = await withModule(config, documentsBackend, (m) => m.roster(township, { whole: true, by: cliOperator() }));
      writeFileSync(opts.out, await writeRoster(rows));
      console.log(`wrote ${rows.orgUnits.length} org units and ${rows.people.length} people to ${opts.out}`);
    });

  exp
    .command('evaluation-results')
    .description('考核结果汇总表: a round’s grades per unit with each unit’s 优秀 quota line (.xlsx)')
    .argument('<roundId>', 'e.g. evaluation-round/2026/county')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .option('--township <id>', 'only this township’s units')
    .action(async (roundId: string, opts: { out: string; township?: string }) => {
      const township = parseTownshipOption(opts.township);
      const sheet = await withModule(config, documentsBackend, (m) => m.evaluationResults(roundId, township));
      if (!sheet) throw new UserError(`没有考核轮次 ${roundId} / no evaluation round ${roundId}`);
      writeFileSync(opts.out, await writeResultSheet(sheet));
      console.log(`wrote ${sheet.title}: ${sheet.lines.filter((l) => l.kind === 'person').length} people to ${opts.out}`);
    });

  exp
    .command('rectification-ledger')
    .description('整顿台账: every branch under rectification, its problems, measures, stage, dates and outcome (.xlsx)')
    .requiredOption('--out <file>', 'the .xlsx file to write')
    .option('--township <id>', 'only this township’s branches')
    .option('--year <year>', 'only the branches listed that year')
    .action(async (opts: { out: string; township?: string; year?: string }) => {
      const filter = { township: parseTownshipOption(opts.township), year: parseYearOption(opts.year) };
      const ledger = await withModule(config, documentsBackend, (m) => m.rectificationLedger(filter));
      writeFileSync(opts.out, await writeLedger(ledger));
      console.log(`wrote ${ledger.title} to ${opts.out}`);
    });

  exp
    .command('notice')
    .description('公示: a case’s latest public notice, ready to post (.docx); never an ID number or telephone')
    .argument('<caseId>', 'the case whose notice to write')
    .requiredOption('--out <file>', 'the .docx file to write')
    .option(
      '--contact <text>',
      'where objections go (default: CADREFLOW_NOTICE_CONTACT, else a text naming the county organization department)',
    )
    .action(async (caseId: string, opts: { out: string; contact?: string }) => {
      const contact = opts.contact?.trim() || configuredContact();
      const doc = await withModule(config, documentsBackend, (m) => m.notice(caseId, contact));
      if (!doc) throw new UserError(`案件 ${caseId} 不存在或没有公示 / no case ${caseId}, or it has posted no public notice`);
      writeFileSync(opts.out, await writeNoticeDocx(doc));
      console.log(`wrote ${doc.facts.subject} (${doc.facts.fromDay} – ${doc.facts.toDay}) to ${opts.out}`);
    });
}
