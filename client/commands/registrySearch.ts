/**
 * `cadreflow registry search` (干部查询) and `cadreflow registry stats` (班子结构统计):
 * the API's search and statistics from the command line, through the same query parser
 * (domain/cadres/search.ts) and the same backend code (client/cadres/service.ts). Ages
 * and 龄 are as of today in Asia/Shanghai, or `--on <day>`.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { shanghaiDate } from '../../domain/calendar';
import { AGE_BANDS } from '../../domain/cadres/ages';
import { parseCadreQuery, queryProblemText, type CadreQueryText } from '../../domain/cadres/search';
import type { StructureStats } from '../../domain/cadres/statistics';
import { withModule } from '../backend';
import { cadresBackend } from '../cadres/backendModule';
import { statisticsFileName, statisticsWorkbook } from '../cadres/statisticsWorkbook';
import type { Config } from '../config';
import { UserError } from '../userError';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayOf(on: string | undefined): string {
  if (on === undefined) return shanghaiDate(Date.now());
  if (!DAY.test(on)) throw new UserError(`--on 须为 YYYY-MM-DD / --on must be YYYY-MM-DD, got ${JSON.stringify(on)}`);
  return on;
}

const SEARCH_OPTIONS: Array<[flag: string, key: keyof CadreQueryText, help: string]> = [
  ['--name <text>', 'name', 'part of the name'],
  ['--township <id>', 'township', 'township id (ts-01)'],
  ['--org-unit <id>', 'orgUnit', 'the unit, or any unit under it'],
  ['--post <text>', 'post', 'part of the current post title'],
  ['--rank <rank>', 'rank', '正科级, 副科级, 科员, 村干部…'],
  ['--gender <g>', 'gender', 'male/female (男/女)'],
  ['--ethnicity <e>', 'ethnicity', '民族, e.g. 回族'],
  ['--age-min <n>', 'ageMin', 'age at least'],
  ['--age-max <n>', 'ageMax', 'age at most'],
  ['--party-years-min <n>', 'partyYearsMin', '党龄 at least'],
  ['--party-years-max <n>', 'partyYearsMax', '党龄 at most'],
  ['--work-years-min <n>', 'workYearsMin', '工龄 at least'],
  ['--work-years-max <n>', 'workYearsMax', '工龄 at most'],
  ['--education <level>', 'education', 'highest 学历 at least: 研究生 > 大学本科 > 大学专科 > 中等专科 > 高中 > 初中 > 小学'],
  ['--probation <status>', 'probation', 'none, on-probation, confirmed, removed, ended-early'],
  ['--grade <grade>', 'grade', 'a 年度考核 grade: excellent, competent, basically-competent, not-competent'],
  ['--grade-year <year>', 'gradeYear', 'with --grade: the year'],
];

function statsLines(s: StructureStats): string[] {
  const share = s.crossAppointed.share === null ? '—' : `${(s.crossAppointed.share * 100).toFixed(1)}%`;
  const minorities = Object.entries(s.ethnicity.groups).filter(([g]) => g !== '汉族');
  return [
    `${s.name}: ${s.people} 人`,
    `  年龄 ${AGE_BANDS.map((b) => `${b.key} ${s.ageBands[b.key]}`).join('  ')}`,
    `  学历 ${Object.entries(s.education)
      .map(([k, v]) => `${k} ${v}`)
      .join('  ')}`,
    `  性别 男 ${s.gender.male}  女 ${s.gender.female}`,
    `  民族 汉族 ${s.ethnicity.han}  少数民族 ${s.ethnicity.minority}${minorities.length ? ` (${minorities.map(([g, n]) => `${g} ${n}`).join('，')})` : ''}  未填 ${s.ethnicity.notRecorded}`,
    `  一肩挑 ${s.crossAppointed.crossAppointed}/${s.crossAppointed.villages} 村 (${share})`,
  ];
}

export function registerSearchCommands(registry: Command, config: Config): void {
  const search = registry
    .command('search')
    .description('cadre search (干部查询): by name, unit, post, rank, age, 党龄, 工龄, education, probation, grades; no ID numbers')
    .option('--include-departed', 'retired and deceased people too')
    .option('--on <day>', 'compute ages and 龄 as of this day (YYYY-MM-DD; default today in Asia/Shanghai)')
    .option('--json', 'print the hits as JSON');
  for (const [flag, , help] of SEARCH_OPTIONS) search.option(flag, help);
  search.action(async (opts: Record<string, string | boolean | undefined>) => {
    const text: CadreQueryText = {};
    for (const [, key] of SEARCH_OPTIONS) if (typeof opts[key] === 'string') text[key] = opts[key];
    if (opts.includeDeparted) text.includeDeparted = 'true';
    const parsed = parseCadreQuery(text);
    if (!parsed.ok) throw new UserError(queryProblemText(parsed.problems));
    const day = dayOf(typeof opts.on === 'string' ? opts.on : undefined);
    const hits = await withModule(config, cadresBackend, (m) => m.search(parsed.query, day));
    if (opts.json) {
      console.log(JSON.stringify({ day, total: hits.length, items: hits }, null, 2));
      return;
    }
    for (const h of hits) {
      console.log(
        [
          h.personId,
          h.name,
          h.gender === 'male' ? '男' : '女',
          `${h.age}岁`,
          h.orgUnitName,
          h.title ?? '—',
          h.rank,
          h.education ?? '—',
        ].join('\t'),
      );
    }
    console.log(`${hits.length} 人 / ${hits.length} people (as of ${day})`);
  });

  registry
    .command('stats')
    .description('team-structure statistics (班子结构统计): age bands, education, gender, ethnicity, 一肩挑; per township and in total')
    .option('--township <id>', 'one township only')
    .option('--out <file>', 'write the statistics as an .xlsx workbook')
    .option('--on <day>', 'compute ages as of this day (YYYY-MM-DD; default today in Asia/Shanghai)')
    .action(async (opts: { township?: string; out?: string; on?: string }) => {
      const day = dayOf(opts.on);
      const stats = await withModule(config, cadresBackend, (m) => m.statistics(opts.township ?? null, day));
      if (opts.township && stats.townships.length === 0)
        throw new UserError(`没有乡镇 ${opts.township} / no township ${opts.township} in the registry`);
      if (opts.out) {
        writeFileSync(opts.out, await statisticsWorkbook(stats.total, stats.townships, day));
        console.log(`wrote ${statisticsFileName(stats.total, day)} to ${opts.out}`);
        return;
      }
      const rows = opts.township ? [stats.total] : [...stats.townships, stats.total];
      for (const s of rows) console.log(statsLines(s).join('\n'));
    });
}
