/**
 * The roster through the real `cadreflow` command on a real PostgreSQL database holding
 * the demo county: the template as a spreadsheet program sees it, a filled-in roster with
 * five bad rows checked with --dry-run (all five named, nothing written) and refused on
 * import, the registry exported and read back with no problem and everyone unchanged, and
 * the import writing: into an empty registry, twice, and with one changed cell.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../client/registrySeed';
import { loadExceljs } from '../../client/roster/loadExceljs';
import { readRegistrySnapshot } from '../../client/roster/registrySnapshot';
import { LISTS_SHEET } from '../../client/roster/workbookWrite';
import { generateDemoCounty } from '../../demo/county';
import { ORG_UNIT_HEADERS, PERSON_HEADERS, rosterFromRegistry } from '../../domain/roster/fromRegistry';
import { idNumberCheckChar } from '../../domain/roster/idNumber';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { AUDITOR, createCliAccounts, runCli, STAFF } from '../support/cli';

let t: TestDatabase;
let env: NodeJS.ProcessEnv;
/** The same, acting as county staff (the import's --user). */
let staffEnv: NodeJS.ProcessEnv;
let dir: string;
const county = generateDemoCounty();

function idNumber(ymd: string, seq: string): string {
  const first17 = `410122${ymd}${seq}`;
  return first17 + idNumberCheckChar(first17);
}

/** What the log and the registry's read models hold, to show that a check wrote nothing. */
async function registryCounts(db = t.db) {
  const n = async (table: string) =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
  return { events: await n('events'), people: await n('people'), orgUnits: await n('org_units'), posts: await n('post_assignments') };
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedRegistry(t.db);
  dir = mkdtempSync(join(tmpdir(), 'cf-roster-'));
  const { TEMPORAL_ADDRESS: _temporal, ...rest } = process.env;
  env = { ...rest, DATABASE_URL: t.url, CADREFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'cf-roster-data-')), LOG_LEVEL: 'warn' };
  delete env.CADREFLOW_USER;
  staffEnv = { ...env, CADREFLOW_USER: STAFF };
  await createCliAccounts(t.db);
});
afterAll(async () => {
  await t?.drop();
});

describe('cadreflow registry template / import --dry-run / export', () => {
  it('writes a template with both sheets, their headers, a frozen header, widths and drop-down lists', async () => {
    const out = join(dir, 'template.xlsx');
    const r = await runCli(['registry', 'template', '--out', out], env);
    expect(r.code, r.stderr).toBe(0);
    const { Workbook } = await loadExceljs();
    const wb = new Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['人员名册', 'visible'],
      ['单位', 'visible'],
      [LISTS_SHEET, 'hidden'],
    ]);
    const people = wb.getWorksheet('人员名册')!;
    expect((people.getRow(1).values as unknown[]).slice(1)).toEqual([...PERSON_HEADERS]);
    expect((wb.getWorksheet('单位')!.getRow(1).values as unknown[]).slice(1)).toEqual([...ORG_UNIT_HEADERS]);
    expect(people.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(people.getColumn(14).width).toBe(21);
    // 性别 (C) and 民族 (D) offer their closed sets from the hidden sheet, on every row a roster may have.
    expect(people.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: [`'${LISTS_SHEET}'!$A$2:$A$3`] });
    expect(people.getCell('D20001').dataValidation).toMatchObject({ type: 'list', formulae: [`'${LISTS_SHEET}'!$B$2:$B$57`] });
    expect(wb.getWorksheet(LISTS_SHEET)!.getCell('B2').value).toBe('汉族');
    expect(people.getCell('E1').note).toBeDefined();
  });

  it('names all five bad rows of a filled-in template, shows what the good rows would change, and writes nothing', async () => {
    const township = county.townships[0]!;
    const { Workbook } = await loadExceljs();
    const wb = new Workbook();
    await wb.xlsx.readFile(join(dir, 'template.xlsx'));
    const sheet = wb.getWorksheet('人员名册')!;
    const row = (cells: Record<string, string>) => sheet.addRow(PERSON_HEADERS.map((h) => cells[h] ?? ''));
    const good = (name: string, birth: string, id: string, extra: Record<string, string> = {}) =>
      row({
        姓名: name,
        性别: '男',
        民族: '汉族',
        出生年月: birth,
        身份证号: id,
        单位: township.name,
        现任职务: '科员',
        任现职时间: '2024.07',
        职级: '科员',
        ...extra,
      });
    good('赵新民', '1990.05', idNumber('19900512', '011')); // row 2
    good('钱立', '1992.11', idNumber('19921103', '031')); // row 3
    good('孙海', '1988.01', idNumber('19880120', '051'), { 单位: township.orgUnitId }); // row 4
    good('李坏月', '1975.13', ''); // row 5: month 13
    good('周无单位', '1991.02', idNumber('19910201', '071'), { 单位: '不存在镇' }); // row 6
    good('吴重号', '1990.05', idNumber('19900512', '011')); // row 7: row 2's ID number
    good('郑校验', '1993.04', idNumber('19930402', '091').slice(0, 17) + (idNumber('19930402', '091').endsWith('0') ? '1' : '0')); // row 8
    good('王生日', '1989.06', idNumber('19890915', '111')); // row 9: born in September by the number
    const file = join(dir, 'filled.xlsx');
    await wb.xlsx.writeFile(file);

    const before = await registryCounts();
    const r = await runCli(['registry', 'import', file, '--dry-run'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the roster has 5 problems and cannot be imported');
    const problemLines = r.stdout.split('\n').filter((l) => l.startsWith('人员名册 第'));
    expect(problemLines).toHaveLength(5);
    expect(problemLines[0]).toBe(
      '人员名册 第5行 出生年月「1975.13」：月份须在 1 至 12 之间；应为：年月，如 1975.03（也可写 1975-03、197503、1975年3月）；只知年份时可写 1975',
    );
    expect(problemLines[1]).toMatch(/^人员名册 第6行 单位「不存在镇」：“单位”表和系统中都没有这个单位/);
    expect(problemLines[2]).toMatch(/^人员名册 第7行 身份证号「\d{17}[\dX]」：与第 2 行的身份证号重复/);
    expect(problemLines[3]).toMatch(/^人员名册 第8行 身份证号「\d{18}」：校验位不符/);
    expect(problemLines[4]).toMatch(/^人员名册 第9行 身份证号「\d{18}」：号码中的出生日期 1989\.09 与出生年月 1989\.06 不一致/);
    expect(r.stdout).toContain('  people row 9, 身份证号');
    expect(r.stdout).toContain('people: 3 new, 0 changed, 0 unchanged, 1057 in the registry but not in the file (left as they are)');
    expect(await registryCounts()).toEqual(before);
  });

  it('exports the demo county as a roster that reads back with no problem and everyone unchanged', async () => {
    const file = join(dir, 'export.xlsx');
    const e = await runCli(['registry', 'export', '--out', file], env);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toContain('wrote 197 org units and 1057 people');
    const before = await registryCounts();
    const r = await runCli(['registry', 'import', file, '--dry-run'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('no problems');
    expect(r.stdout).toContain('org units: 0 new, 0 changed, 197 unchanged, 0 in the registry but not in the file');
    expect(r.stdout).toContain('people: 0 new, 0 changed, 1057 unchanged, 0 in the registry but not in the file');
    expect(await registryCounts()).toEqual(before);
  });

  it('writes nothing from a file with problems, and imports only as county staff', async () => {
    const before = await registryCounts();
    const bad = await runCli(['registry', 'import', join(dir, 'filled.xlsx')], staffEnv);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('the roster has 5 problems and cannot be imported; nothing was written');
    const auditor = await runCli(['registry', 'import', join(dir, 'export.xlsx')], { ...env, CADREFLOW_USER: AUDITOR });
    expect(auditor.code).toBe(1);
    expect(auditor.stderr).toContain('registry import is for county-org-dept; auditor is auditor');
    const nobody = await runCli(['registry', 'import', join(dir, 'export.xlsx')], env);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('registry import acts as an account: name it with --user');
    expect(await registryCounts()).toEqual(before);
  });

  it('refuses a file that is no workbook, in one line', async () => {
    const r = await runCli(['registry', 'import', join(__dirname, 'rosterImport.test.ts'), '--dry-run'], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'cadreflow: 不是 .xlsx 工作簿（无法作为 zip 读取） / not an .xlsx workbook (not readable as a zip archive)',
    );
  });
});

describe('cadreflow registry import: the roster written as events', () => {
  let fresh: TestDatabase;
  let freshEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fresh = await createTestDatabase();
    await createCliAccounts(fresh.db);
    freshEnv = { ...staffEnv, DATABASE_URL: fresh.url, CADREFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'cf-roster-fresh-')) };
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  it('imports the demo county’s roster into an empty registry, which then exports the same roster', async () => {
    const r = await runCli(['registry', 'import', join(dir, 'export.xlsx')], freshEnv);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('org units: 197 new, 0 changed, 0 unchanged');
    expect(r.stdout).toContain('people: 1057 new, 0 changed, 0 unchanged');
    expect(r.stdout).toMatch(/✓ registry: \d+ events appended/);
    expect(rosterFromRegistry(await readRegistrySnapshot(fresh.db))).toEqual(rosterFromRegistry(await readRegistrySnapshot(t.db)));
    // Every event names who imported it.
    const actors = await fresh.db
      .selectFrom('events')
      .select(sql<string>`metadata->'actor'->>'id'`.as('actor'))
      .distinct()
      .execute();
    expect(actors.map((a) => a.actor)).toEqual([STAFF]);
  });

  it('imports the same file a second time without writing anything', async () => {
    const before = await registryCounts(fresh.db);
    const r = await runCli(['registry', 'import', join(dir, 'export.xlsx')], freshEnv);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('people: 0 new, 0 changed, 1057 unchanged');
    expect(r.stdout).toContain('wrote 0 events');
    expect(await registryCounts(fresh.db)).toEqual(before);
  });

  it('writes one correction for one changed cell, and nothing when that file is imported again', async () => {
    const { Workbook } = await loadExceljs();
    const wb = new Workbook();
    await wb.xlsx.readFile(join(dir, 'export.xlsx'));
    const sheet = wb.getWorksheet('人员名册')!;
    const nameColumn = PERSON_HEADERS.indexOf('姓名') + 1;
    const idColumn = PERSON_HEADERS.indexOf('人员编号') + 1;
    const personId = String(sheet.getRow(2).getCell(idColumn).value);
    const renamed = `${String(sheet.getRow(2).getCell(nameColumn).value)}新`;
    sheet.getRow(2).getCell(nameColumn).value = renamed;
    const file = join(dir, 'one-cell.xlsx');
    await wb.xlsx.writeFile(file);

    const before = await registryCounts();
    const r = await runCli(['registry', 'import', file], staffEnv);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('people: 0 new, 1 changed, 1056 unchanged');
    expect(r.stdout).toContain('wrote 1 events');
    expect(await registryCounts()).toEqual({ ...before, events: before.events + 1 });
    const last = await t.db
      .selectFrom('events')
      .select(['type', 'stream_id', 'data', 'metadata'])
      .orderBy('position', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ type: 'PersonCorrected', stream_id: `person/${personId}`, data: { personId, fields: { name: renamed } } });
    expect(last.metadata).toMatchObject({ actor: { id: STAFF, role: 'county-org-dept' } });
    const person = await t.db.selectFrom('people').select('name').where('person_id', '=', personId).executeTakeFirstOrThrow();
    expect(person.name).toBe(renamed);

    const again = await runCli(['registry', 'import', file], staffEnv);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('wrote 0 events');
    expect(await registryCounts()).toEqual({ ...before, events: before.events + 1 });
  });
});
